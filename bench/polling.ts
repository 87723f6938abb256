// Polling: the collector against net-snmp's `snmpbulkwalk` (C) and Debian's `prometheus-snmp-exporter` (Go,
// a hand-written if_mib module), polling the same simulated 48-port IF-MIB switches at the same concurrency.
// The simulator runs in its own process (sim/cli.ts) so that each poller's CPU is its own:
//   - collector: DevicePoller rounds in this process, process.cpuUsage() deltas (walk, rates, line protocol);
//   - snmpbulkwalk: `xargs -P C` running two walks per device (ifTable, ifXTable: the columns the collector
//     reads), CPU from this process's cutime+cstime in /proc/self/stat (every waited-for descendant);
//   - exporter: C concurrent scrapes of /snmp?target=…&module=if_mib, utime+stime of its process.
// The simulator's own CPU over each round says whether the agent, not the poller, was the limit; if it was,
// the same three pollers also run against Debian's snmpd (10 instances on loopback ports).
// Run alone: `npx tsx bench/polling.ts [devices…]`; bench/run.ts imports benchPolling().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { loadCadastre } from '../config/load.js';
import type { Cadastre, Device } from '../config/schema.js';
import { resolveSnmp } from '../config/secrets.js';
import { DevicePoller, type DeviceMaps } from '../collector/device.js';
import { loadProfiles, PROFILES_DIR, type Profile } from '../config/profile.js';
import { Semaphore } from '../collector/scheduler.js';
import { hotspotLine, interfaceLine, pollLine } from '../store/schema.js';
import { freePort } from '../store/influxd.js';

export const BENCH_COMMUNITY_ENV = 'BENCH_SNMP_COMMUNITY';
const COMMUNITY = 'bench-ro';
const CLK_TCK = 100; // getconf CLK_TCK on Linux x86_64
const IF_TABLE = '1.3.6.1.2.1.2.2';
const IF_X_TABLE = '1.3.6.1.2.1.31.1.1';

export type Tool = 'collector' | 'snmpbulkwalk' | 'snmp_exporter';
export const TOOLS: Tool[] = ['collector', 'snmpbulkwalk', 'snmp_exporter'];

export interface ToolRound {
  tool: Tool;
  agent: 'sim' | 'snmpd';
  devices: number;
  interfaces: number;
  rounds: number;
  concurrency: number;
  /** Median wall time of a round (every device polled once), ms. */
  wallMs: number;
  /** Poller CPU seconds per round (user + system). */
  cpuSeconds: number;
  cpuSecondsPer1000If: number;
  /** Varbinds (collector, snmpbulkwalk lines) or samples (exporter) per round. */
  valuesPerRound: number;
  /** Agent CPU over the rounds / wall time over the rounds: near 1.0 (one core) = the agent was the limit. */
  agentCpuShare: number;
  /** Devices that failed a poll, over all rounds. */
  failures: number;
}

export interface PollingBench {
  concurrency: number;
  portsPerSwitch: number;
  rows: ToolRound[];
  /** Collector CPU ms per device poll (48 ports) at the largest simulated size. */
  collectorCpuMsPerDevice: number;
  notes: string[];
}

type Log = (line: string) => void;

// ---------------------------------------------------------------------------------------------------------
// A cadastre of N switches: site i — site i+1 measured by sw-i Gi0/1, padded to 48 ports by the simulator.

export function switchCadastre(n: number): Cadastre {
  const sites = Array.from({ length: n + 1 }, (_, i) => ({
    id: `site-${i}`, name: `Bench site ${i}`, kind: 'other' as const, commune: 'Bruxelles',
    coordinates: [4.30 + (i % 40) * 0.003, 50.80 + Math.floor(i / 40) * 0.003] as [number, number],
  }));
  const devices: Device[] = Array.from({ length: n }, (_, i) => ({
    id: `sw-${i}`, site: `site-${i}`, role: 'switch' as const, target: '127.0.0.1:0', profile: 'if-mib',
    snmp: { version: 'v2c' as const, community: { env: BENCH_COMMUNITY_ENV } },
  }));
  const segments = devices.map((d, i) => ({
    id: `B-${i}`, a: `site-${i}`, b: `site-${i + 1}`, owner: 'irisnet',
    route: { type: 'LineString' as const, coordinates: [sites[i].coordinates, sites[i + 1].coordinates] },
    pairs: { total: 24, lit: 2, reserved: 0 }, litCapacityBps: 10_000_000_000,
    measuredBy: { device: d.id, ifName: 'Gi0/1' },
  }));
  return {
    owners: [{ id: 'irisnet', name: 'IRISnet' }], sites, devices, segments, hotspots: [], targets: [],
    priceBook: { currency: 'EUR', dark: { setupCents: 150000, perPairKmMonthCents: 3000 }, lit: { setupCents: 50000, perMbpsMonthCents: 50, perKmMonthCents: 2000 }, accessBuildPerMetreCents: 12000 },
    policy: {},
  } as unknown as Cadastre;
}

/** Writes the cadastre's YAML files into `dir` and checks they load. */
export function writeCadastre(dir: string, c: Cadastre): Cadastre {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, unknown> = {
    'owners.yaml': c.owners, 'sites.yaml': c.sites, 'devices.yaml': c.devices, 'segments.yaml': c.segments,
    'hotspots.yaml': c.hotspots, 'targets.yaml': c.targets, 'pricebook.yaml': c.priceBook, 'policy.yaml': c.policy,
  };
  for (const [f, v] of Object.entries(files)) writeFileSync(join(dir, f), stringify(v));
  return loadCadastre(dir);
}

// ---------------------------------------------------------------------------------------------------------
// Processes and their CPU.

/** utime + stime of a process in seconds (fields 14, 15 of /proc/PID/stat), or cutime + cstime (16, 17). */
export function procCpu(pid: number | 'self', children = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): field k is f[k - 3].
  const [a, b] = children ? [Number(f[13]), Number(f[14])] : [Number(f[11]), Number(f[12])];
  return (a + b) / CLK_TCK;
}

/** Resident and peak resident bytes of a process (/proc/<pid>/status VmRSS, VmHWM). */
export function residentBytes(status: string): { rss: number; hwm: number } {
  const kb = (k: string): number => {
    const m = new RegExp(`^${k}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!m) throw new Error(`/proc status has no ${k}`);
    return Number(m[1]) * 1024;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

export function procRssBytes(pid: number): number {
  try { return residentBytes(readFileSync(`/proc/${pid}/status`, 'utf8')).rss; } catch { return 0; }
}

export interface SimChild { child: ChildProcess; pid: number; ports: Record<string, number>; portsFile: string; controlPort?: number; stop(): Promise<void> }

/** `npm run sim`, as a child node process of its own (node --import tsx sim/cli.ts: one pid to measure). */
export async function startSimChild(configDir: string, opts: { padPorts?: number; env: NodeJS.ProcessEnv; controlPort?: number; seed?: number; log?: Log }): Promise<SimChild> {
  const portsFile = join(configDir, `sim-ports-${process.pid}-${Date.now()}.json`);
  const args = ['--import', 'tsx', fileURLToPath(new URL('../sim/cli.ts', import.meta.url)), '--config', configDir, '--ports-file', portsFile];
  if (opts.padPorts) args.push('--pad-ports', String(opts.padPorts));
  if (opts.controlPort !== undefined) args.push('--control-port', String(opts.controlPort));
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  const child = spawn(process.execPath, args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const deadline = Date.now() + 120_000;
  while (!/sim ready/.test(output)) {
    if (child.exitCode !== null) throw new Error(`simulator exited (${child.exitCode}): ${output.trim()}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`simulator not ready after 120 s: ${output.trim()}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  opts.log?.(`  ${output.trim().split('\n').find((l) => l.includes('sim ready'))}`);
  const ports = JSON.parse(readFileSync(portsFile, 'utf8')) as Record<string, number>;
  return {
    child, pid: child.pid as number, ports, portsFile, controlPort: opts.controlPort,
    stop: () => stopChild(child),
  };
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill(signal);
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---------------------------------------------------------------------------------------------------------
// The three pollers. `targets` are (device id, port) on 127.0.0.1.

interface Target { id: string; port: number; device: Device }

interface RoundResult { wallMs: number; cpuSeconds: number; values: number; failures: number; interfaces: number }

async function collectorRounds(targets: Target[], cadastre: Cadastre, env: NodeJS.ProcessEnv, concurrency: number, rounds: number): Promise<RoundResult[]> {
  const profiles: Map<string, Profile> = loadProfiles(PROFILES_DIR);
  const pollers = targets.map((t) => {
    const maps: DeviceMaps = {
      segments: new Map(cadastre.segments.filter((s) => s.measuredBy.device === t.id).map((s) => [s.id, s.measuredBy])),
      hotspots: new Map(),
    };
    return new DevicePoller(t.device, profiles.get(t.device.profile ?? '') as Profile, {
      device: t.id, host: '127.0.0.1', port: t.port, credentials: resolveSnmp(t.device, env), timeoutMs: 5000, retries: 1,
    }, maps);
  });
  const sem = new Semaphore(concurrency);
  const out: RoundResult[] = [];
  try {
    // Round 0 opens the sessions and takes the first counter samples (no rates yet): not measured.
    for (let r = 0; r <= rounds; r++) {
      let values = 0, failures = 0, interfaces = 0, lineBytes = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(pollers.map(async (p) => {
        const release = await sem.acquire();
        try {
          const o = await p.poll();
          values += o.values;
          interfaces += o.interfaces.length;
          if (o.status !== 'ok') failures++;
          // What the collector hands to its writer: the line protocol of every point.
          for (const s of o.interfaces) lineBytes += interfaceLine(s).length;
          for (const s of o.hotspots) lineBytes += hotspotLine(s).length;
          lineBytes += pollLine(p.pollSample(o)).length;
        } finally { release(); }
      }));
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      if (r > 0) out.push({ wallMs, cpuSeconds: (cpu.user + cpu.system) / 1e6, values, failures, interfaces });
      void lineBytes;
    }
  } finally {
    for (const p of pollers) p.close();
  }
  return out;
}

async function bulkwalkRounds(targets: Target[], concurrency: number, rounds: number, dir: string): Promise<RoundResult[]> {
  const list = join(dir, 'bulkwalk-ports.txt');
  writeFileSync(list, `${targets.map((t) => t.port).join('\n')}\n`);
  // Two walks per device, max-repetitions 25 like the collector; -On: numeric OIDs (no MIB files). Each walk
  // writes its own file (parallel walks writing one pipe interleave their lines), counted after the round.
  const outDir = join(dir, 'bulkwalk-out');
  const walk = (oid: string, suffix: string): string => `snmpbulkwalk -v2c -c ${COMMUNITY} -On -Cr25 -t 5 -r 1 127.0.0.1:$1 ${oid} > ${outDir}/$1.${suffix} || echo FAIL`;
  const script = `xargs -P ${concurrency} -n 1 sh -c '${walk(IF_TABLE, 't')}; ${walk(IF_X_TABLE, 'x')}' _ < ${list}`;
  const out: RoundResult[] = [];
  // No warm-up round: every walk is a new process with nothing to keep.
  for (let r = 1; r <= rounds; r++) {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const c0 = procCpu('self', true);
    const t0 = performance.now();
    const text = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { env: { ...process.env, MIBS: '', MIBDIRS: '/nonexistent' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let o = '', e = '';
      child.stdout.on('data', (d: Buffer) => { o += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { e += d.toString(); });
      child.on('exit', (code) => (code === 0 ? resolve(o) : reject(new Error(`snmpbulkwalk round failed (${code}): ${e.slice(0, 400)}`))));
    });
    const wallMs = performance.now() - t0;
    const cpuSeconds = procCpu('self', true) - c0;
    let values = 0, interfaces = 0;
    for (const t of targets) {
      for (const suffix of ['t', 'x']) {
        let body = '';
        try { body = readFileSync(join(outDir, `${t.port}.${suffix}`), 'utf8'); } catch { continue; }
        for (const line of body.split('\n')) {
          if (!line.startsWith('.')) continue;
          values++;
          if (line.startsWith(`.${IF_TABLE}.1.1.`)) interfaces++;
        }
      }
    }
    const failures = text.split('\n').filter((l) => l.startsWith('FAIL')).length;
    out.push({ wallMs, cpuSeconds, values, failures, interfaces });
  }
  return out;
}

/** The 0.21 module format: auth inside the module, numeric OIDs (Debian ships no IF-MIB for the generator). */
export function exporterConfig(community: string): string {
  const entry = '1.3.6.1.2.1.2.2.1';
  const xEntry = '1.3.6.1.2.1.31.1.1.1';
  const idx = [{ labelname: 'ifIndex', type: 'gauge' }];
  const lookups = [
    { labels: ['ifIndex'], labelname: 'ifName', oid: `${xEntry}.1`, type: 'DisplayString' },
    { labels: ['ifIndex'], labelname: 'ifAlias', oid: `${xEntry}.18`, type: 'DisplayString' },
  ];
  const metric = (name: string, oid: string, type: string): Record<string, unknown> => ({ name, oid, type, indexes: idx, lookups });
  return stringify({
    if_mib: {
      walk: ['1.3.6.1.2.1.1.3', `${entry}.2`, `${entry}.5`, `${entry}.8`, `${entry}.10`, `${entry}.16`, `${xEntry}.1`, `${xEntry}.6`, `${xEntry}.10`, `${xEntry}.15`, `${xEntry}.18`],
      metrics: [
        { name: 'sysUpTime', oid: '1.3.6.1.2.1.1.3', type: 'gauge' },
        { name: 'ifDescr', oid: `${entry}.2`, type: 'DisplayString', indexes: idx },
        metric('ifSpeed', `${entry}.5`, 'gauge'),
        metric('ifOperStatus', `${entry}.8`, 'gauge'),
        metric('ifInOctets', `${entry}.10`, 'counter'),
        metric('ifOutOctets', `${entry}.16`, 'counter'),
        metric('ifHCInOctets', `${xEntry}.6`, 'counter'),
        metric('ifHCOutOctets', `${xEntry}.10`, 'counter'),
        metric('ifHighSpeed', `${xEntry}.15`, 'gauge'),
      ],
      version: 2,
      max_repetitions: 25,
      retries: 1,
      timeout: '5s',
      auth: { community },
    },
  });
}

interface Exporter { pid: number; url: string; stop(): Promise<void> }

async function startExporter(dir: string): Promise<Exporter> {
  const cfg = join(dir, 'snmp.yml');
  writeFileSync(cfg, exporterConfig(COMMUNITY));
  const port = await freePort();
  const child = spawn('prometheus-snmp-exporter', [`--config.file=${cfg}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus-snmp-exporter exited (${child.exitCode}): ${err.slice(0, 400)}`);
    try { const r = await fetch(`${url}/`); await r.arrayBuffer(); if (r.ok) break; } catch { /* not up */ }
    if (Date.now() > deadline) throw new Error('prometheus-snmp-exporter did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid: child.pid as number, url, stop: () => stopChild(child) };
}

async function exporterRounds(exp: Exporter, targets: Target[], concurrency: number, rounds: number): Promise<RoundResult[]> {
  const out: RoundResult[] = [];
  // No warm-up round: the exporter keeps no state between scrapes (a new SNMP session each).
  for (let r = 1; r <= rounds; r++) {
    let values = 0, failures = 0, interfaces = 0;
    const queue = [...targets];
    const c0 = procCpu(exp.pid);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        try {
          const res = await fetch(`${exp.url}/snmp?target=127.0.0.1:${t.port}&module=if_mib`, { signal: AbortSignal.timeout(30_000) });
          const body = await res.text();
          if (res.status !== 200) { failures++; continue; }
          let n = 0, rows = 0;
          for (const line of body.split('\n')) {
            if (line.startsWith('#') || !line) continue;
            if (line.startsWith('snmp_')) continue; // the exporter's own scrape metrics
            n++;
            if (line.startsWith('ifOperStatus{')) rows++;
          }
          values += n;
          interfaces += rows;
          if (rows === 0) failures++;
        } catch { failures++; }
      }
    }));
    const wallMs = performance.now() - t0;
    const cpuSeconds = procCpu(exp.pid) - c0;
    if (r > 0) out.push({ wallMs, cpuSeconds, values, failures, interfaces });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Debian's snmpd, for when the simulated agent is the limit.

interface SnmpdSet { ports: number[]; pids: number[]; stop(): Promise<void> }

async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.on('error', reject);
    s.bind(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function startSnmpds(n: number, dir: string): Promise<SnmpdSet> {
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = join(dir, `snmpd-${i}`);
    mkdirSync(d, { recursive: true });
    const port = await freeUdpPort();
    writeFileSync(join(d, 'snmpd.conf'), `agentAddress udp:127.0.0.1:${port}\nrocommunity ${COMMUNITY} 127.0.0.1\n`);
    children.push(spawn('/usr/sbin/snmpd', ['-f', '-Lf', join(d, 'snmpd.log'), '-C', '-c', join(d, 'snmpd.conf'), '-p', join(d, 'snmpd.pid')], {
      stdio: 'ignore', env: { ...process.env, SNMP_PERSISTENT_DIR: join(d, 'persist'), MIBS: '', MIBDIRS: '/nonexistent' },
    }));
    ports.push(port);
  }
  // Ready when each answers a get of sysUpTime.
  const deadline = Date.now() + 20_000;
  for (const p of ports) {
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const c = spawn('snmpget', ['-v2c', '-c', COMMUNITY, '-On', '-t', '0.3', '-r', '0', `127.0.0.1:${p}`, '1.3.6.1.2.1.1.3.0'], { stdio: 'ignore', env: { ...process.env, MIBS: '', MIBDIRS: '/nonexistent' } });
        c.on('exit', (code) => resolve(code === 0));
      });
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`snmpd on port ${p} does not answer`);
    }
  }
  return { ports, pids: children.map((c) => c.pid as number), stop: async () => { await Promise.all(children.map((c) => stopChild(c))); } };
}

// ---------------------------------------------------------------------------------------------------------

function summarise(tool: Tool, agent: 'sim' | 'snmpd', rs: RoundResult[], concurrency: number, agentCpu: number, wallTotalMs: number): ToolRound {
  const interfaces = median(rs.map((r) => r.interfaces));
  const cpuSeconds = rs.reduce((a, r) => a + r.cpuSeconds, 0) / rs.length;
  return {
    tool, agent, devices: 0, interfaces, rounds: rs.length, concurrency,
    wallMs: median(rs.map((r) => r.wallMs)), cpuSeconds,
    cpuSecondsPer1000If: interfaces ? (cpuSeconds / interfaces) * 1000 : NaN,
    valuesPerRound: median(rs.map((r) => r.values)),
    agentCpuShare: wallTotalMs > 0 ? agentCpu / (wallTotalMs / 1000) : NaN,
    failures: rs.reduce((a, r) => a + r.failures, 0),
  };
}

async function runTools(
  label: string, agent: 'sim' | 'snmpd', targets: Target[], cadastre: Cadastre, env: NodeJS.ProcessEnv, exp: Exporter,
  agentCpu: () => number, concurrency: number, rounds: number, dir: string, log: Log,
): Promise<ToolRound[]> {
  const rows: ToolRound[] = [];
  for (const tool of TOOLS) {
    const a0 = agentCpu();
    const t0 = performance.now();
    const rs = tool === 'collector' ? await collectorRounds(targets, cadastre, env, concurrency, rounds)
      : tool === 'snmpbulkwalk' ? await bulkwalkRounds(targets, concurrency, rounds, dir)
        : await exporterRounds(exp, targets, concurrency, rounds);
    // The collector's warm-up round is inside the span: its agent CPU share is over warm-up + rounds (same work).
    const span = performance.now() - t0;
    const row = summarise(tool, agent, rs, concurrency, agentCpu() - a0, span);
    row.devices = targets.length;
    rows.push(row);
    log(`  ${label} ${tool.padEnd(13)} ${row.wallMs.toFixed(0).padStart(6)} ms/round, ${row.cpuSeconds.toFixed(2)} CPU s/round, `
      + `${row.cpuSecondsPer1000If.toFixed(3)} CPU s/1000 if, ${row.valuesPerRound} values, agent CPU ${(row.agentCpuShare * 100).toFixed(0)} %, failures ${row.failures}`);
  }
  return rows;
}

export async function benchPolling(opts: { sizes?: number[]; concurrency?: number; rounds?: (devices: number) => number; log?: Log; snmpd?: boolean } = {}): Promise<PollingBench> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const sizes = opts.sizes ?? [10, 100, 500];
  const concurrency = opts.concurrency ?? 32;
  const roundsOf = opts.rounds ?? ((n: number) => (n <= 10 ? 3 : n <= 100 ? 2 : 1));
  const env = { ...process.env, [BENCH_COMMUNITY_ENV]: COMMUNITY };
  const dir = mkdtempSync(join(tmpdir(), 'bench-polling-'));
  const rows: ToolRound[] = [];
  const notes: string[] = [];
  const exp = await startExporter(dir);
  try {
    for (const n of sizes) {
      const cdir = join(dir, `switches-${n}`);
      const cadastre = writeCadastre(cdir, switchCadastre(n));
      log(`bench polling: ${n} simulated 48-port switches, concurrency ${concurrency}, ${roundsOf(n)} round(s) per tool (+1 warm-up for the collector)`);
      const sim = await startSimChild(cdir, { padPorts: 48, env, log });
      try {
        const targets = cadastre.devices.map((d) => ({ id: d.id, port: sim.ports[d.id], device: d }));
        rows.push(...await runTools(`${String(n).padStart(3)} sim`, 'sim', targets, cadastre, env, exp, () => procCpu(sim.pid), concurrency, roundsOf(n), cdir, log));
      } finally {
        await sim.stop();
      }
    }
    const simBound = rows.some((r) => r.agentCpuShare > 0.8);
    if (opts.snmpd !== false) {
      const n = 10;
      log(`bench polling: ${n} Debian snmpd agents (real C agents; the host's own interfaces)`);
      const snmpds = await startSnmpds(n, dir);
      try {
        const device = (i: number): Device => ({ id: `snmpd-${i}`, site: 'site-0', role: 'switch', target: '127.0.0.1:0', profile: 'if-mib', snmp: { version: 'v2c', community: { env: BENCH_COMMUNITY_ENV } } });
        const targets = snmpds.ports.map((port, i) => ({ id: `snmpd-${i}`, port, device: device(i) }));
        const cadastre = { ...switchCadastre(0), devices: targets.map((t) => t.device), segments: [] } as Cadastre;
        const cpu = (): number => snmpds.pids.reduce((a, p) => a + procCpu(p), 0);
        rows.push(...await runTools(' 10 snmpd', 'snmpd', targets, cadastre, env, exp, cpu, concurrency, 5, dir, log));
      } finally {
        await snmpds.stop();
      }
      if (simBound) notes.push('the simulated agents (one Node process) reached ≥ 80 % of a core in some rounds: there the agent, not the poller, set the wall time; the snmpd rows poll real C agents instead');
    }
    const largest = rows.filter((r) => r.tool === 'collector' && r.agent === 'sim').sort((a, b) => b.devices - a.devices)[0];
    return {
      concurrency, portsPerSwitch: 48, rows, notes,
      collectorCpuMsPerDevice: largest ? (largest.cpuSeconds / largest.devices) * 1000 : NaN,
    };
  } finally {
    await exp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  benchPolling({ sizes: sizes.length ? sizes : undefined }).then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  });
}
