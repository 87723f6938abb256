// The soak: a network polled for N minutes while a schedule of faults runs, then an account of every interval.
//   npm run soak -- --minutes N [--config config/demo] [--interval S] [--out FILE]
// Processes (each its own, so their memory is their own): a private influxd, the simulator (sim/cli.ts with its
// fault-control endpoint), the collector (collector/cli.ts, as `npm run collector` runs it, spool dir kept across
// its SIGKILL) and the API (api/cli.ts). Faults, at fractions of the run:
//   10 %        counters32 on the switch with the slowest measured link (32-bit counters from then on)
//   15 – 30 %   20 % of the other agents unreachable
//   35 %        two devices reboot (an SNMPv3 one when there is one)
//   40 – 55 %   influxd stopped, then restarted (the collector spools)
//   45 %        collector SIGKILLed while spooling, restarted 1.5 intervals later (same spool dir)
//   60 – 70 %   bursts of malformed datagrams at the collector's SNMP sockets (found in /proc/net/udp)
//   5–35 %, 60–95 %  fuzzed requests at every API route (random params, bodies, tokens); InfluxDB is up then
// The report: per interface and hotspot series, intervals expected vs present, missing ones split into those a
// deliberate fault explains and losses; duplicates; spikes (a rate above the link capacity); points dropped or
// quarantined by the collector; API 5xx; memory (RSS) growth of each process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { loadCadastre } from '../config/load.js';
import type { Cadastre, Device } from '../config/schema.js';
import { hashToken } from '../api/auth.js';
import { InfluxStore, type Series } from '../store/influx.js';
import { rawHotspotClients, rawSegmentRates } from '../store/reads.js';
import { freePort, startInfluxd, type InfluxdHandle } from '../store/influxd.js';
import { spreadPhases } from '../collector/scheduler.js';
import { procRssBytes, startSimChild, stopChild, type SimChild } from './polling.js';
import { mulberry32 as rng } from '../config/demo-prng.js';

type Log = (line: string) => void;

export interface SoakOptions {
  configDir: string;
  minutes: number;
  /** Poll interval of every device, seconds. */
  intervalSeconds: number;
  log?: Log;
  /** Keep the working directory (logs, spool, influx data) for a look afterwards. */
  keep?: boolean;
  seed?: number;
  /**
   * Fuzz with dates centuries away too (default true): a window far in the past once made the API's in-memory
   * rollup grid grow back to it for every series (fixed in dfd8c66); false keeps dates within ±400 days.
   */
  farDates?: boolean;
}

interface Window { device: string | '*'; from: number; to: number; why: string }

export interface SeriesAccount {
  series: string;
  device: string;
  expected: number;
  present: number;
  /** Missing intervals a deliberate fault explains, by fault. */
  explained: Record<string, number>;
  lost: number;
  duplicates: number;
}

export interface SoakReport {
  configDir: string;
  minutes: number;
  intervalSeconds: number;
  devices: number;
  startedAt: string;
  windowFrom: string;
  windowTo: string;
  faults: Array<{ at: string; what: string }>;
  series: number;
  expected: number;
  present: number;
  explained: Record<string, number>;
  lost: number;
  duplicates: number;
  spikes: number;
  spikeExamples: string[];
  lossExamples: string[];
  duplicateExamples: string[];
  /** 32-bit counter wraps seen on the counters32 device during the run (decreases of ifIn/OutOctets). */
  wraps32: number;
  pointsWritten: number;
  dropped: number;
  quarantined: number;
  spoolMaxBatches: number;
  malformedDatagrams: number;
  collectorSockets: number;
  api: { requests: number; byStatus: Record<string, number>; fivexx: number; noAnswer: number; fivexxExamples: string[] };
  memory: Array<{ process: string; startMiB: number; endMiB: number; growthMiB: number }>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


/** Secrets for every environment variable the cadastre names (kept from the environment when set). */
export function secretsEnv(c: Cadastre): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const d of c.devices) {
    const s = d.snmp as Record<string, unknown>;
    for (const v of Object.values(s)) {
      if (v && typeof v === 'object' && 'env' in v && typeof (v as { env: unknown }).env === 'string') {
        const name = (v as { env: string }).env;
        env[name] = process.env[name] ?? `soak-${name.toLowerCase().replace(/_/g, '-')}-secret`;
      }
    }
  }
  return env;
}

/** A child node process running a TypeScript entry point (what `npm run X` runs, as one pid). */
export function tsChild(entry: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`../${entry}`, import.meta.url)), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

export async function waitHttp(url: string, ms: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try { const r = await fetch(url, { signal: AbortSignal.timeout(1000) }); await r.arrayBuffer(); if (r.status < 500) return; } catch { /* not up */ }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
    await sleep(100);
  }
}

/** UDP ports the process has sockets bound to (its fds' inodes looked up in /proc/net/udp). */
export function udpPortsOf(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try { const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`)); if (m) inodes.add(m[1]); } catch { /* closed meanwhile */ }
    }
  } catch { return []; }
  const ports: number[] = [];
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 9 && inodes.has(f[9])) ports.push(parseInt(f[1].split(':')[1], 16));
  }
  return ports;
}

/** Datagrams that are not valid SNMP responses to anything the collector asked: garbage, truncated BER, wrong ids. */
function malformedDatagram(r: () => number): Buffer {
  const kind = Math.floor(r() * 4);
  if (kind === 0) return randomBytes(1 + Math.floor(r() * 1400));
  if (kind === 1) return Buffer.from([0x30, 0x82, 0xff, 0xff, 0x02, 0x01, 0x01]); // SEQUENCE claiming 65535 bytes
  if (kind === 2) {
    // A well-formed v2c GetResponse with a request id nobody sent.
    const id = randomBytes(4);
    const pdu = Buffer.concat([Buffer.from([0x02, 0x04]), id, Buffer.from([0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x00])]);
    const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x01, 0x04, 0x06]), Buffer.from('public'), Buffer.from([0xa2, pdu.length]), pdu]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
  const b = randomBytes(2 + Math.floor(r() * 60));
  b[0] = 0x30; b[1] = 0x80 | Math.floor(r() * 5); // indefinite or over-long length forms
  return b;
}

async function blast(ports: number[], count: number, r: () => number): Promise<number> {
  if (!ports.length) return 0;
  const s = createSocket('udp4');
  let sent = 0;
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', () => res()));
  for (let i = 0; i < count; i++) {
    const port = ports[i % ports.length];
    await new Promise<void>((res) => s.send(malformedDatagram(r), port, '127.0.0.1', () => res()));
    sent++;
  }
  await new Promise<void>((res) => s.close(() => res()));
  return sent;
}

// ---------------------------------------------------------------------------------------------------------
// Fuzzing the API from its own OpenAPI document.

interface Op { method: string; path: string; query: string[]; hasBody: boolean }

async function apiOperations(url: string): Promise<Op[]> {
  const res = await fetch(`${url}/api/openapi.json`);
  const doc = await res.json() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>> };
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), hasBody: op.requestBody !== undefined });
    }
  }
  return ops;
}

function fuzzValue(r: () => number, c: Cadastre, farDates = true): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const now = Date.now();
  const choices: Array<() => string> = [
    () => new Date(now - Math.floor(r() * 60 * 86_400_000)).toISOString(),
    () => new Date(now + (farDates ? Math.floor(r() * 1e13) - 5e12 : Math.floor(r() * 800 * 86_400_000) - 400 * 86_400_000)).toISOString(),
    () => String(Math.floor(r() * 2e9) - 1e9),
    () => String(r() * 1e308 * 10),
    () => pick(['', 'NaN', 'Infinity', '-0', 'null', 'true', '[]', '{}', '%00', '../../etc/passwd', "'; DROP DATABASE x; --", '" OR 1=1', '\u0000', '😀'.repeat(50)]),
    () => 'x'.repeat(Math.floor(r() * 5000)),
    () => pick(['5m', '1h', '1d', '0m', '-5m', '999999d', 'csv', 'geojson', 'json', 'xml', 'en', 'fr', 'nl', 'zz']),
    () => pick(c.segments)?.id ?? 'S-1',
    () => pick(c.hotspots)?.id ?? 'H-1',
    () => pick(c.sites)?.id ?? 'site',
    () => pick(c.devices)?.id ?? 'dev',
    () => String(Math.floor(r() * 200)),
  ];
  return pick(choices)();
}

function fuzzBody(r: () => number, c: Cadastre, farDates = true): string {
  const v = (): unknown => {
    const k = Math.floor(r() * 8);
    if (k === 0) return fuzzValue(r, c, farDates);
    if (k === 1) return Math.floor(r() * 1e12) - 5e11;
    if (k === 2) return null;
    if (k === 3) return [fuzzValue(r, c), r() * 100];
    if (k === 4) return [4.35 + r() * 0.1, 50.8 + r() * 0.1];
    if (k === 5) return { kind: r() < 0.5 ? 'lit' : 'dark', bandwidthBps: Math.floor(r() * 1e10), pairs: Math.floor(r() * 10) - 2 };
    if (k === 6) return r() < 0.5;
    return { nested: { deeper: [1, 'two', { three: 3 }] } };
  };
  const k = Math.floor(r() * 6);
  if (k === 0) return randomBytes(Math.floor(r() * 200)).toString('latin1');
  if (k === 1) return '{"from": ';
  if (k === 2) return JSON.stringify([1, 2, 3]);
  const sites = c.sites.map((s) => s.id);
  const base: Record<string, unknown> = {
    from: sites[Math.floor(r() * sites.length)], to: r() < 0.5 ? sites[Math.floor(r() * sites.length)] : [4.35, 50.85],
    service: { kind: 'lit', bandwidthBps: 100_000_000 }, protection: r() < 0.5 ? 'none' : 'diverse', termMonths: 36,
  };
  for (const key of ['from', 'to', 'service', 'protection', 'termMonths', 'customer', 'extra']) if (r() < 0.35) base[key] = v();
  return JSON.stringify(base);
}

interface FuzzStats { requests: number; byStatus: Record<string, number>; fivexx: number; noAnswer: number; fivexxExamples: string[] }

async function fuzz(url: string, ops: Op[], tokens: string[], c: Cadastre, until: () => boolean, r: () => number, stats: FuzzStats, farDates: boolean): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const worker = async (): Promise<void> => {
    while (!until()) {
      const op = pick(ops);
      const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(fuzzValue(r, c, farDates)));
      const q = new URLSearchParams();
      for (const name of op.query) if (r() < 0.6) q.set(name, fuzzValue(r, c, farDates));
      if (r() < 0.2) q.set(`junk${Math.floor(r() * 10)}`, fuzzValue(r, c, farDates));
      const auth = r();
      const headers: Record<string, string> = {};
      if (auth < 0.7) headers.Authorization = `Bearer ${pick(tokens)}`;
      else if (auth < 0.8) headers.Authorization = `Bearer ${randomBytes(16).toString('hex')}`;
      else if (auth < 0.9) headers.Authorization = pick(['Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${'a'.repeat(5000)}`, 'Token x', 'Bearer \u00e9']);
      const method = r() < 0.9 ? op.method : pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
      const init: RequestInit = { method, headers, signal: AbortSignal.timeout(60_000) };
      if (method !== 'GET' && method !== 'HEAD' && (op.hasBody || r() < 0.3)) {
        init.body = fuzzBody(r, c, farDates);
        headers['Content-Type'] = r() < 0.9 ? 'application/json' : pick(['text/plain', 'application/x-www-form-urlencoded', '']);
      }
      const target = `${url}${path}${q.size ? `?${q}` : ''}`;
      try {
        const res = await fetch(target, init);
        const body = await res.text();
        stats.requests++;
        stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500) {
          stats.fivexx++;
          if (stats.fivexxExamples.length < 10) stats.fivexxExamples.push(`${method} ${target.slice(url.length, url.length + 200)} → ${res.status} ${body.slice(0, 200)}`);
        }
        if (res.status === 429) await sleep(Number(res.headers.get('retry-after') ?? 1) * 100);
      } catch (e) {
        stats.requests++;
        stats.noAnswer++;
        if (stats.fivexxExamples.length < 10) stats.fivexxExamples.push(`${method} ${target.slice(url.length, url.length + 200)} → no answer: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}

// ---------------------------------------------------------------------------------------------------------
// The account of intervals.

/**
 * Accounts for one series over [from, to): the collector polls each device on a grid (its phase + k × interval),
 * and a point's timestamp falls in its tick's slot [tick, tick + interval) (the answer's time). A slot with no
 * point is a missing interval (explained by a deliberate fault, else lost); a slot with more than one, duplicates.
 * Slots start a tenth of an interval early: a timer may fire a millisecond before its tick.
 */
export function accountSeries(
  series: string, device: string, times: number[], from: number, to: number, intervalMs: number, phaseMs: number,
  windows: readonly Window[],
): SeriesAccount & { lossTimes: number[]; duplicateTimes: number[] } {
  const slack = intervalMs / 10;
  const slotOf = (t: number): number => Math.floor((t - phaseMs + slack) / intervalMs);
  const first = slotOf(from) + 1;
  const last = slotOf(to) - 1;
  const counts = new Map<number, number>();
  for (const t of times) {
    const k = slotOf(t);
    if (k >= first && k <= last) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const acc: SeriesAccount & { lossTimes: number[]; duplicateTimes: number[] } = {
    series, device, expected: Math.max(0, last - first + 1), present: counts.size, explained: {}, lost: 0, duplicates: 0, lossTimes: [], duplicateTimes: [],
  };
  for (let k = first; k <= last; k++) {
    const n = counts.get(k) ?? 0;
    const t = phaseMs + k * intervalMs;
    if (n > 1) { acc.duplicates += n - 1; acc.duplicateTimes.push(t); }
    if (n > 0) continue;
    const w = windows.find((x) => (x.device === '*' || x.device === device) && t >= x.from && t <= x.to);
    if (w) acc.explained[w.why] = (acc.explained[w.why] ?? 0) + 1;
    else { acc.lost++; acc.lossTimes.push(t); }
  }
  return acc;
}

function seriesTimes(series: readonly Series[], key: (tags: Record<string, string>) => string): Map<string, { tags: Record<string, string>; rows: unknown[][]; columns: string[] }> {
  const out = new Map<string, { tags: Record<string, string>; rows: unknown[][]; columns: string[] }>();
  for (const s of series) out.set(key(s.tags), { tags: s.tags, rows: s.values, columns: s.columns });
  return out;
}

// ---------------------------------------------------------------------------------------------------------

export async function scrapeMetrics(url: string): Promise<Record<string, number> | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    const out: Record<string, number> = {};
    for (const line of text.split('\n')) {
      const m = /^(collector_[a-z_]+)(?:\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
      if (m) out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
    }
    return out;
  } catch { return undefined; }
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const configDir = resolve(opts.configDir);
  const cadastre = loadCadastre(configDir);
  const intervalMs = opts.intervalSeconds * 1000;
  const totalMs = opts.minutes * 60_000;
  const r = rng(opts.seed ?? 7);
  const work = mkdtempSync(join(tmpdir(), 'irisnet-soak-'));
  const env = secretsEnv(cadastre);
  const children: ChildProcess[] = [];
  const cleanups: Array<() => void> = [];
  const faults: Array<{ at: string; what: string }> = [];
  const windows: Window[] = [];
  const note = (what: string): void => { faults.push({ at: new Date().toISOString(), what }); log(`soak ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s: ${what}`); };
  let t0 = Date.now();

  // The simulator reads the cadastre's ports from a ports file it writes; give the copy its own dir.
  const simDir = join(work, 'cadastre');
  mkdirSync(simDir, { recursive: true });
  for (const f of readdirSync(configDir)) if (f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.geojson')) writeFileSync(join(simDir, f), readFileSync(join(configDir, f)));

  let influxd: InfluxdHandle | undefined;
  let sim: SimChild | undefined;
  let collector: ChildProcess | undefined;
  let api: ChildProcess | undefined;
  try {
    influxd = await startInfluxd(join(work, 'influx'));
    const influxPort = influxd.port;
    const store = new InfluxStore({ url: influxd.url, database: 'soak', timeoutMs: 120_000 });
    await store.createDatabase();
    const controlPort = await freePort();
    sim = await startSimChild(simDir, { env, controlPort, log: (l) => log(`soak: ${l.trim()}`) });
    const simFault = async (device: string, fault: Record<string, unknown> | null): Promise<void> => {
      const res = await fetch(`http://127.0.0.1:${controlPort}/faults/${encodeURIComponent(device)}`, fault
        ? { method: 'POST', body: JSON.stringify(fault), headers: { 'Content-Type': 'application/json' } } : { method: 'DELETE' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`sim control: ${device} ${JSON.stringify(fault)} → ${res.status}`);
    };

    // Collector: every role at the soak interval.
    const metricsPort = await freePort();
    const spoolDir = join(work, 'collector');
    const collectorEnv = { ...env, INFLUX_URL: influxd.url, INFLUX_DB: 'soak' };
    const collectorArgs = ['--config', simDir, '--ports-file', sim.portsFile, '--spool-dir', spoolDir, '--metrics-port', String(metricsPort), '--log-level', 'warn',
      ...['switch', 'router', 'wifi-controller'].flatMap((role) => ['--interval', `${role}=${opts.intervalSeconds}`])];
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const startCollector = async (): Promise<ChildProcess> => {
      const c = tsChild('collector/cli.ts', collectorArgs, collectorEnv, join(work, 'collector.log'));
      children.push(c);
      await waitHttp(metricsUrl, 60_000, c);
      return c;
    };
    collector = await startCollector();

    // API with one token per role.
    const tokens = ['operator', 'planner', 'commercial', 'viewer'].map((role) => ({ role, token: randomBytes(16).toString('hex') }));
    const tokensFile = join(work, 'tokens.yaml');
    writeFileSync(tokensFile, stringify(tokens.map((t) => ({ name: `soak-${t.role}`, role: t.role, sha256: hashToken(t.token) }))));
    const apiPort = await freePort();
    api = tsChild('api/cli.ts', ['--config', simDir, '--port', String(apiPort), '--tokens', tokensFile, '--data-dir', join(work, 'api')], { INFLUX_URL: influxd.url, INFLUX_DB: 'soak' }, join(work, 'api.log'));
    children.push(api);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitHttp(`${apiUrl}/api/health`, 60_000, api);
    const ops = await apiOperations(apiUrl);
    log(`soak: ${cadastre.devices.length} devices every ${opts.intervalSeconds} s for ${opts.minutes} min; API at ${apiUrl} (${ops.length} operations), work dir ${work}`);

    t0 = Date.now();
    const at = (share: number): number => t0 + share * totalMs;
    const waitUntil = async (t: number): Promise<void> => { while (Date.now() < t) await sleep(Math.min(200, t - Date.now())); };
    const memory = new Map<string, { start: number; end: number }>();
    const rss = (name: string, pid: number | undefined, which: 'start' | 'end'): void => {
      if (!pid) return;
      const v = procRssBytes(pid);
      const m = memory.get(name) ?? { start: v, end: v };
      m[which] = v;
      memory.set(name, m);
    };

    // Collector counters, per incarnation (a SIGKILL resets them).
    let lastMetrics: Record<string, number> = {};
    const totals = { written: 0, dropped: 0, quarantined: 0 };
    let spoolMaxBatches = 0;
    const poll = async (): Promise<void> => {
      const m = await scrapeMetrics(metricsUrl);
      if (m) { lastMetrics = m; spoolMaxBatches = Math.max(spoolMaxBatches, m.collector_spool_batches ?? 0); }
    };
    const bank = (): void => {
      totals.written += lastMetrics.collector_points_written_total ?? 0;
      totals.dropped += lastMetrics.collector_dropped_points_total ?? 0;
      totals.quarantined += lastMetrics.collector_quarantined_points_total ?? 0;
      lastMetrics = {};
    };
    const metricsTimer = setInterval(() => { void poll(); }, 1000);
    cleanups.push(() => clearInterval(metricsTimer));

    // Choose the faulted devices.
    const switches = cadastre.devices.filter((d) => d.role !== 'wifi-controller');
    // Its fastest measured link: 32-bit counters on a fast link wrap more than once an interval (no rate, by design).
    const capacityOf = (d: Device): number => Math.max(...cadastre.segments.filter((s) => s.measuredBy.device === d.id).map((s) => s.litCapacityBps), -Infinity);
    const slow = [...switches].filter((d) => Number.isFinite(capacityOf(d))).sort((a, b) => capacityOf(a) - capacityOf(b))[0];
    const rebooted = [cadastre.devices.find((d) => d.snmp.version === 'v3' && d.id !== slow?.id), cadastre.devices.find((d) => d.snmp.version === 'v2c' && d.id !== slow?.id && d.role !== 'wifi-controller')]
      .filter((d): d is Device => d !== undefined);
    const others = cadastre.devices.filter((d) => d.id !== slow?.id && !rebooted.includes(d));
    const downCount = Math.max(1, Math.round(cadastre.devices.length * 0.2));
    const down = [...others].sort((a, b) => (a.id < b.id ? -1 : 1)).filter((_, i) => i % Math.max(1, Math.floor(others.length / downCount)) === 0).slice(0, downCount);

    const fuzzStats: FuzzStats = { requests: 0, byStatus: {}, fivexx: 0, noAnswer: 0, fivexxExamples: [] };
    const fuzzers: Array<Promise<void>> = [];
    fuzzers.push(fuzz(apiUrl, ops, tokens.map((t) => t.token), cadastre, () => Date.now() >= at(0.35), r, fuzzStats, opts.farDates !== false));

    // 32-bit wrap watcher on the slow device: reads its 32-bit counters through the simulator every second.
    let wraps32 = 0;
    let wrapTimer: NodeJS.Timeout | undefined;

    await waitUntil(t0 + 2 * intervalMs);
    rss('simulator', sim.pid, 'start'); rss('collector', collector.pid, 'start'); rss('api', api.pid, 'start'); rss('influxd', influxd.process.pid, 'start');

    await waitUntil(at(0.10));
    if (slow) {
      await simFault(slow.id, { kind: 'counters32' });
      windows.push({ device: slow.id, from: Date.now() - intervalMs, to: Date.now() + 2 * intervalMs, why: 'switch to 32-bit counters' });
      note(`${slow.id}: counters32 (its slowest link ${capacityOf(slow) / 1e6} Mbit/s)`);
      const snmp = (await import('net-snmp')).default;
      const creds = (await import('../config/secrets.js')).resolveSnmp(slow, env);
      if (creds.version === 'v2c') {
        const session = snmp.createSession('127.0.0.1', creds.community, { port: sim.ports[slow.id], version: snmp.Version2c, timeout: 900, retries: 0 });
        session.on('error', () => {});
        const last = new Map<string, number>();
        const ifIndexes = cadastre.segments.filter((s) => s.measuredBy.device === slow.id).map((_, i) => i + 1);
        wrapTimer = setInterval(() => {
          const oids = ifIndexes.flatMap((i) => [`1.3.6.1.2.1.2.2.1.10.${i}`, `1.3.6.1.2.1.2.2.1.16.${i}`]);
          session.get(oids, (err, vbs) => {
            if (err || !vbs) return;
            for (const vb of vbs) {
              if (typeof vb.value !== 'number') continue;
              const prev = last.get(vb.oid);
              if (prev !== undefined && vb.value < prev) wraps32++;
              last.set(vb.oid, vb.value);
            }
          });
        }, 1000);
        cleanups.push(() => { if (wrapTimer) clearInterval(wrapTimer); session.close(); });
      }
    }

    await waitUntil(at(0.15));
    for (const d of down) await simFault(d.id, { kind: 'down' });
    const downFrom = Date.now();
    note(`${down.length} agents unreachable (${Math.round((down.length / cadastre.devices.length) * 100)} %): ${down.map((d) => d.id).join(', ')}`);
    await waitUntil(at(0.30));
    for (const d of down) await simFault(d.id, null);
    for (const d of down) windows.push({ device: d.id, from: downFrom - intervalMs, to: Date.now() + intervalMs, why: 'agent unreachable' });
    note('agents reachable again');

    await waitUntil(at(0.35));
    for (const d of rebooted) {
      await simFault(d.id, { kind: 'reboot' });
      windows.push({ device: d.id, from: Date.now() - intervalMs, to: Date.now() + 2 * intervalMs, why: 'device reboot' });
    }
    note(`rebooted ${rebooted.map((d) => `${d.id} (${d.snmp.version})`).join(', ')}`);
    await Promise.all(fuzzers.splice(0));

    await waitUntil(at(0.40));
    await influxd.stop();
    const influxDownAt = Date.now();
    note('influxd stopped');

    await waitUntil(at(0.45));
    await poll();
    const killAt = Date.now();
    const spoolAtKill = lastMetrics.collector_spool_batches ?? 0;
    collector.kill('SIGKILL');
    await new Promise<void>((res) => { if (collector?.exitCode !== null || collector.signalCode !== null) res(); else collector.once('exit', () => res()); });
    bank();
    note(`collector SIGKILLed (spool held ${spoolAtKill} batches)`);
    await sleep(1.5 * intervalMs);
    collector = await startCollector();
    const restartedAt = Date.now();
    // Dead from the kill to the restart; its first poll after the restart has no previous sample (no rate);
    // the points of the last second before the kill were still in its memory (flushMs 1 s).
    windows.push({ device: '*', from: killAt - intervalMs - 1500, to: restartedAt + 2 * intervalMs, why: 'collector SIGKILL and restart' });
    note('collector restarted with the same spool dir');
    rss('collector', collector.pid, 'start');

    await waitUntil(at(0.55));
    influxd = await startInfluxd(join(work, 'influx'), influxPort);
    note(`influxd restarted after ${((Date.now() - influxDownAt) / 1000).toFixed(0)} s`);
    rss('influxd', influxd.process.pid, 'start');

    await waitUntil(at(0.60));
    fuzzers.push(fuzz(apiUrl, ops, tokens.map((t) => t.token), cadastre, () => Date.now() >= at(0.95), r, fuzzStats, opts.farDates !== false));
    let malformed = 0;
    const sockets = new Set<number>();
    note('malformed datagrams at the collector\'s SNMP sockets');
    while (Date.now() < at(0.70)) {
      const ports = collector.pid ? udpPortsOf(collector.pid) : [];
      for (const p of ports) sockets.add(p);
      malformed += await blast(ports, 200, r);
      await sleep(250);
    }
    note(`${malformed} malformed datagrams sent to ${sockets.size} sockets`);

    await waitUntil(at(0.95));
    await Promise.all(fuzzers.splice(0));
    await waitUntil(at(1));
    rss('simulator', sim.pid, 'end'); rss('collector', collector.pid, 'end'); rss('api', api.pid, 'end'); rss('influxd', influxd.process.pid, 'end');
    const endAt = Date.now();
    // SIGTERM: stop polling, flush, exit.
    await poll();
    clearInterval(metricsTimer);
    if (wrapTimer) clearInterval(wrapTimer);
    await stopChild(collector);
    bank();
    note('collector stopped (SIGTERM)');

    // The account, over [start + 2 intervals, end − 1 interval): the first poll of a run has no rate.
    const from = t0 + 2 * intervalMs;
    const to = endAt - intervalMs;
    const accounts: Array<ReturnType<typeof accountSeries>> = [];
    // Each device's interval (a device's intervalSeconds overrides the role's, as in the demo's controllers) and
    // its phase on that interval's grid, as collector/index.ts spreads them.
    const ivOf = new Map(cadastre.devices.map((d) => [d.id, 1000 * (d.intervalSeconds ?? opts.intervalSeconds)]));
    const byInterval = new Map<number, string[]>();
    for (const d of cadastre.devices) byInterval.set(ivOf.get(d.id) as number, [...(byInterval.get(ivOf.get(d.id) as number) ?? []), d.id]);
    const phases = new Map<string, number>();
    for (const [iv, ids] of byInterval) for (const [id, ph] of spreadPhases(ids, iv)) phases.set(id, ph);
    const phaseOf = (device: string): number => phases.get(device) ?? 0;
    const intervalOf = (device: string): number => ivOf.get(device) ?? intervalMs;
    const rates = seriesTimes(await rawSegmentRates(store, from - intervalMs, to + intervalMs), (t) => `${t.device}/${t.if_name}`);
    let spikes = 0;
    const spikeExamples: string[] = [];
    const capacity = new Map(cadastre.segments.map((s) => [s.id, s.litCapacityBps]));
    for (const [key, s] of rates) {
      const iIn = s.columns.indexOf('in_bps'), iOut = s.columns.indexOf('out_bps');
      const cap = capacity.get(s.tags.segment) ?? Infinity;
      const times: number[] = [];
      for (const row of s.rows) {
        const tin = row[iIn], tout = row[iOut];
        if (typeof tin !== 'number' || typeof tout !== 'number') continue;
        times.push(row[0] as number);
        for (const v of [tin, tout]) {
          if (v > cap || v < 0) {
            spikes++;
            if (spikeExamples.length < 10) spikeExamples.push(`${key} at ${new Date(row[0] as number).toISOString()}: ${(v / 1e6).toFixed(1)} Mbit/s on a ${(cap / 1e6).toFixed(0)} Mbit/s link`);
          }
        }
      }
      accounts.push(accountSeries(`interface ${key}`, s.tags.device, times, from, to, intervalOf(s.tags.device), phaseOf(s.tags.device), windows));
    }
    // Segments measured by a device that never wrote a rate in the window.
    for (const seg of cadastre.segments) {
      if (!rates.has(`${seg.measuredBy.device}/${seg.measuredBy.ifName}`)) accounts.push(accountSeries(`interface ${seg.measuredBy.device}/${seg.measuredBy.ifName}`, seg.measuredBy.device, [], from, to, intervalOf(seg.measuredBy.device), phaseOf(seg.measuredBy.device), windows));
    }
    const hs = seriesTimes(await rawHotspotClients(store, from - intervalMs, to + intervalMs), (t) => `${t.controller}/${t.hotspot}`);
    for (const [key, s] of hs) accounts.push(accountSeries(`hotspot ${key}`, s.tags.controller, s.rows.map((row) => row[0] as number), from, to, intervalOf(s.tags.controller), phaseOf(s.tags.controller), windows));
    for (const h of cadastre.hotspots) if (!hs.has(`${h.controller}/${h.id}`)) accounts.push(accountSeries(`hotspot ${h.controller}/${h.id}`, h.controller, [], from, to, intervalOf(h.controller), phaseOf(h.controller), windows));

    const explained: Record<string, number> = {};
    for (const a of accounts) for (const [k, v] of Object.entries(a.explained)) explained[k] = (explained[k] ?? 0) + v;
    const duplicateExamples = accounts.filter((a) => a.duplicates > 0).slice(0, 10).map((a) => `${a.series}: ${a.duplicates} extra in the slots of ${a.duplicateTimes.slice(0, 3).map((t) => new Date(t).toISOString()).join(', ')}`);
    const lossExamples = accounts.filter((a) => a.lost > 0).slice(0, 10).map((a) => `${a.series}: ${a.lost} lost at ${a.lossTimes.slice(0, 3).map((t) => new Date(t).toISOString()).join(', ')}`);
    const report: SoakReport = {
      configDir, minutes: opts.minutes, intervalSeconds: opts.intervalSeconds, devices: cadastre.devices.length,
      startedAt: new Date(t0).toISOString(), windowFrom: new Date(from).toISOString(), windowTo: new Date(to).toISOString(), faults,
      series: accounts.length,
      expected: accounts.reduce((x, a) => x + a.expected, 0),
      present: accounts.reduce((x, a) => x + a.present, 0),
      explained, lost: accounts.reduce((x, a) => x + a.lost, 0), duplicates: accounts.reduce((x, a) => x + a.duplicates, 0),
      spikes, spikeExamples, lossExamples, duplicateExamples, wraps32,
      pointsWritten: totals.written, dropped: totals.dropped, quarantined: totals.quarantined, spoolMaxBatches,
      malformedDatagrams: malformed, collectorSockets: sockets.size,
      api: fuzzStats,
      memory: [...memory.entries()].map(([p, m]) => ({ process: p, startMiB: m.start / 2 ** 20, endMiB: m.end / 2 ** 20, growthMiB: (m.end - m.start) / 2 ** 20 })),
    };
    return report;
  } finally {
    for (const f of cleanups) f();
    await Promise.all(children.map((c) => stopChild(c)));
    await sim?.stop();
    await influxd?.stop();
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
}

export function formatSoak(r: SoakReport): string {
  const lines = [
    `# Soak: ${r.devices} devices, every ${r.intervalSeconds} s (a device's own intervalSeconds kept), ${r.minutes} min (${r.configDir})`,
    '',
    'Faults:',
    ...r.faults.map((f) => `- ${f.at.slice(11, 19)} ${f.what}`),
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| series (interfaces with a segment, hotspots) | ${r.series} |`,
    `| intervals expected | ${r.expected} |`,
    `| intervals present | ${r.present} |`,
    ...Object.entries(r.explained).map(([k, v]) => `| missing, explained: ${k} | ${v} |`),
    `| **missing, lost** | **${r.lost}** |`,
    `| **duplicated** | **${r.duplicates}** |`,
    `| **spikes (rate above link capacity)** | **${r.spikes}** |`,
    `| 32-bit counter wraps seen on the counters32 device | ${r.wraps32} |`,
    `| points written by the collector (both runs) | ${r.pointsWritten.toLocaleString('en')} |`,
    `| **points dropped (spool full)** | **${r.dropped}** |`,
    `| points quarantined | ${r.quarantined} |`,
    `| spool peak, batches | ${r.spoolMaxBatches} |`,
    `| malformed datagrams at ${r.collectorSockets} collector sockets | ${r.malformedDatagrams} |`,
    `| fuzzed API requests | ${r.api.requests} (${Object.entries(r.api.byStatus).sort().map(([k, v]) => `${k}: ${v}`).join(', ')}) |`,
    `| **API 5xx** | **${r.api.fivexx}** |`,
    `| **API requests without an answer (60 s)** | **${r.api.noAnswer}** |`,
    ...r.memory.map((m) => `| RSS ${m.process}, MiB (start → end) | ${m.startMiB.toFixed(0)} → ${m.endMiB.toFixed(0)} (${m.growthMiB >= 0 ? '+' : ''}${m.growthMiB.toFixed(1)}) |`),
  ];
  if (r.lossExamples.length) lines.push('', 'Losses:', ...r.lossExamples.map((l) => `- ${l}`));
  if (r.duplicateExamples.length) lines.push('', 'Duplicates:', ...r.duplicateExamples.map((l) => `- ${l}`));
  if (r.spikeExamples.length) lines.push('', 'Spikes:', ...r.spikeExamples.map((l) => `- ${l}`));
  if (r.api.fivexxExamples.length) lines.push('', 'API 5xx / no answer:', ...r.api.fivexxExamples.map((l) => `- ${l}`));
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, config: { type: 'string' }, interval: { type: 'string' }, out: { type: 'string' }, keep: { type: 'boolean' } } });
  const minutes = Number(values.minutes ?? 10);
  const intervalSeconds = Number(values.interval ?? 10);
  if (!(minutes > 0)) throw new Error(`--minutes: expected a positive number, got "${values.minutes}"`);
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1) throw new Error(`--interval: expected whole seconds ≥ 1, got "${values.interval}"`);
  const report = await runSoak({ configDir: values.config ?? 'config/demo', minutes, intervalSeconds, keep: values.keep });
  const md = formatSoak(report);
  console.log(`\n${md}`);
  const out = values.out ?? 'bench/results/soak-latest';
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(`${out}.md`, md);
  writeFileSync(`${out}.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written ${out}.md and ${out}.json`);
  const bad = report.lost + report.duplicates + report.spikes + report.api.fivexx + report.api.noAnswer + report.dropped;
  process.exit(bad ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => { console.error(e instanceof Error ? e.stack : String(e)); process.exit(1); });
}
