// `npm start`: the whole platform on the simulated Brussels network, in one process tree:
// a private influxd (unless INFLUX_URL points at one), 30 days of history on first start, the simulated
// SNMP agents, the collector polling them live, the alert evaluator and the API serving the map.
// This is the demo launcher, not a production entry point: production runs `npm run collector`,
// `npm run api` and `npm run alerts` against real equipment (see the README).
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { loadCadastre } from '../config/load.js';
import { InfluxStore, influxConfigFromEnv, type InfluxConfig } from '../store/influx.js';
import { startInfluxd, freePort, stopProcess, type InfluxdHandle } from '../store/influxd.js';
import { newestInterfaceRollup, oldestInterfaceRollup } from '../store/reads.js';
import { BUCKET_MS } from '../store/schema.js';
import { backfill, historyChunks, progressReporter, rangeOptions, type HistoryRange } from '../sim/backfill.js';
import type { HistoryJob, HistoryMessage } from '../sim/history-child.js';
import type { Figures } from '../analytics/model.js';
import { demoOutages } from '../sim/outages.js';
import { startCollector } from '../collector/index.js';
import { JsonLogger } from '../common/log.js';
import { startApi } from '../api/cli.js';
import { hashToken, type TokenEntry } from '../api/auth.js';
import { ROLES, type Role } from '../api/context.js';
import { startAlerts } from '../alerts/index.js';
import { ensureWebBuilt, WEB_DIST } from '../web/src/build/ensure-built.js';
import { writeDemoWorksites } from '../sim/worksites.js';
import { readWorksiteFile } from '../config/worksites.js';
import { parseCli } from '../common/cli.js';
import { DAY_MS, MINUTE_MS } from '../common/time.js';

const USAGE = 'usage: npm start -- [--port 8080] [--days 30] [--raw-days 1] [--var var] [--seed 2026] [--config config/demo] [--influx-port 18086] [--status-seconds 60]';

const cli = parseCli(USAGE, {
  options: {
    config: { type: 'string', default: 'config/demo' },
    var: { type: 'string', default: process.env.IRISNET_VAR ?? 'var' },
    days: { type: 'string', default: process.env.DEMO_DAYS ?? '30' },
    'raw-days': { type: 'string', default: '1' },
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    'influx-port': { type: 'string', default: '18086' },
    seed: { type: 'string', default: '2026' },
    'status-seconds': { type: 'string', default: '60' },
  },
});
const args = cli.values;

const varDir = resolve(args.var);
const configDir = resolve(args.config);
const days = cli.num('days', { above: 0, max: 400, unit: 'days' }) as number;
// Raw points for the last day, rollups for the whole window: what a retention policy keeps after a month
// (README, "Retention advice"), and a first start within two minutes instead of five.
const rawDays = cli.num('raw-days', { min: 0, unit: 'days' }) as number;
const seed = cli.int('seed') as number;
const apiPort = cli.int('port', 0, 65535) as number;
const influxPort = cli.int('influx-port', 0, 65535) as number;
const statusSeconds = cli.num('status-seconds', { above: 0, unit: 'seconds' }) as number;

const say = (line: string) => console.log(line);
const stops: Array<[string, () => Promise<void>]> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  say('\nstopping…');
  for (const [name, stop] of stops.reverse()) {
    try { await stop(); } catch (e) { console.error(`  ${name}: ${e instanceof Error ? e.message : String(e)}`); }
  }
  say('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => { void stopAll(0); });
process.on('SIGTERM', () => { void stopAll(0); });

/** Demo secrets: the simulator and the collector read them from this process's environment; never printed. */
function demoEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['IRIS_SNMP_COMMUNITY', 'WIFI_SNMP_COMMUNITY', 'IRIS_SNMP_V3_AUTH_KEY', 'IRIS_SNMP_V3_PRIV_KEY']) {
    if (!env[name]) env[name] = randomBytes(12).toString('base64url');
  }
  return env;
}

/** One token per role, kept in var/ so that a browser signed in stays signed in across restarts. */
function demoTokens(): { clear: Record<Role, string>; entries: TokenEntry[] } {
  const file = join(varDir, 'demo-tokens.json');
  let clear: Record<Role, string> | undefined;
  if (existsSync(file)) {
    try { clear = JSON.parse(readFileSync(file, 'utf8')) as Record<Role, string>; } catch { clear = undefined; }
  }
  if (!clear || ROLES.some((r) => typeof clear?.[r] !== 'string')) {
    clear = Object.fromEntries(ROLES.map((r) => [r, `demo-${r}-${randomBytes(12).toString('base64url')}`])) as Record<Role, string>;
    writeFileSync(file, `${JSON.stringify(clear, null, 2)}\n`, { mode: 0o600 });
  }
  const entries = ROLES.map((role) => ({ name: `demo-${role}`, role, sha256: hashToken(clear[role]) }));
  return { clear, entries };
}

/**
 * The demo's planned roadworks are synthetic and dated relative to a day: made for today under var/ (the
 * committed config/demo/worksites.geojson is the tests' fixed set), so that a demo run next month still shows
 * works to come rather than works past.
 */
function demoWorksitesForToday(cadastre: ReturnType<typeof loadCadastre>): string | undefined {
  // Another cadastre keeps its own worksites.geojson (npm run works:import).
  if (configDir !== resolve('config/demo')) return undefined;
  const file = join(varDir, 'worksites.geojson');
  const today = new Date().toISOString().slice(0, 10);
  let current = false;
  try { current = existsSync(file) && (readWorksiteFile(file).sources[0]?.source ?? '').endsWith(`for ${today}`); } catch { current = false; }
  if (!current) {
    const { set } = writeDemoWorksites({ configDir, dataDir: resolve('data/brussels'), today: Date.parse(`${today}T00:00:00Z`), out: file, cadastre });
    say(`roadworks: ${set.features.length} synthetic planned worksites for ${today} in ${file}`);
  }
  return file;
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(varDir, { recursive: true });
  const cadastre = loadCadastre(configDir);
  const env = demoEnv();

  // 1–2. The store: a production InfluxDB when INFLUX_URL is set, else a private influxd under var/.
  let influx: InfluxConfig;
  if (process.env.INFLUX_URL) {
    influx = influxConfigFromEnv();
    say(`InfluxDB: ${influx.url} (database ${influx.database}, from INFLUX_URL)`);
  } else {
    let port = influxPort;
    if (!(await portIsFree(port))) port = await freePort();
    const influxd: InfluxdHandle = await startInfluxd(join(varDir, 'influxdb'), port);
    stops.push(['influxd', () => influxd.stop()]);
    influx = { url: influxd.url, database: 'irisnet' };
    say(`InfluxDB: private influxd at ${influxd.url}, data in ${join(varDir, 'influxdb')}`);
  }
  const store = new InfluxStore(influx);
  await store.createDatabase();

  // 3. History, in two phases. First what the map needs at once: the raw points of the last --raw-days and the
  // rollups of those days (at least the last day). Then, once the map is up, the older days in the background,
  // newest first, each shown by the API as it arrives. On later starts: the time since the demo last ran, and
  // whatever an earlier first start stopped before writing (its oldest days).
  const now = Date.now();
  const end = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  const windowStart = end - Math.round(days * DAY_MS);
  const rawStart = end - Math.round(rawDays * DAY_MS);
  const last = await newestInterfaceRollup(store);
  const from = last === undefined ? windowStart : Math.max(windowStart, last + BUCKET_MS);
  const recent = end - from > 10 * MINUTE_MS ? historyChunks(from, end, Math.max(rawDays, 1) * DAY_MS) : [];
  const firstPhase = recent[0];
  const later = recent.slice(1);
  if (last !== undefined) {
    // Written newest day first, series by series: the day being written when it stopped may be partly there,
    // so that day is written again (the same points: nothing changes).
    const oldest = await oldestInterfaceRollup(store, windowStart);
    const gapEnd = oldest === undefined ? windowStart : Math.min(from, oldest + DAY_MS);
    if (oldest !== undefined && oldest - windowStart > 10 * MINUTE_MS && gapEnd > windowStart) {
      later.push(...historyChunks(windowStart, gapEnd, DAY_MS));
      say(`history: the window's oldest ${((oldest - windowStart) / DAY_MS).toFixed(2)} days, ${new Date(windowStart).toISOString()} to ${new Date(oldest).toISOString()}, are missing (an earlier start stopped before writing them): written in the background once the map is up`);
    }
  }
  const outages = demoOutages(cadastre, seed, windowStart, end);
  const backfillOpts = (r: HistoryRange) => ({ ...rangeOptions(r, rawStart), seed, outages });
  const span = (ms: number): string => { const d = ms / DAY_MS; return Number.isInteger(d) ? `${d} day${d === 1 ? '' : 's'}` : `${d.toFixed(2)} days`; };
  const laterMs = later.reduce((n, r) => n + r.endMs - r.startMs, 0);
  if (firstPhase) {
    const iso = (t: number): string => new Date(t).toISOString();
    const rest = laterMs > 0 ? `: the last ${span(firstPhase.endMs - firstPhase.startMs)} now, the older ${span(laterMs)} once the map is up` : '';
    say(last === undefined
      ? `backfilling ${days} days of history for the demo network, ${iso(windowStart)} to ${iso(end)}${rest}…`
      : `filling the ${((end - from) / DAY_MS).toFixed(2)} days since the demo last ran${rest}…`);
    const progress = progressReporter();
    const result = await backfill(cadastre, store, { ...backfillOpts(firstPhase), onProgress: progress.onProgress });
    progress.done();
    const seconds = result.elapsedMs / 1000;
    say(`  ${result.points.toLocaleString('en')} points in ${seconds.toFixed(1)} s (${Math.round(result.points / seconds).toLocaleString('en')} points/s)`);
  } else {
    say(`history: up to date (last 5-minute bucket ${new Date(last ?? now).toISOString()})`);
  }

  // 4. The simulated network, the collector polling it, the alerts and the API.
  // The simulator runs in a process of its own, like real equipment: its CPU does not steal the
  // collector's event loop, which would blur the poll timestamps the rates are computed from.
  const portsFile = join(varDir, 'sim-ports.json');
  const sim = await startSimProcess(configDir, portsFile, seed, env, join(varDir, 'logs'));
  stops.push(['simulated network', sim.stop]);
  say(`simulated network: ${sim.line}`);

  // The collector's and the evaluator's JSON logs go to files; the console keeps the status lines.
  mkdirSync(join(varDir, 'logs'), { recursive: true });
  const fileLogger = (name: string) => {
    const out = createWriteStream(join(varDir, 'logs', `${name}.log`), { flags: 'a' });
    stops.push([`${name} log`, () => new Promise<void>((res) => out.end(res))]);
    return new JsonLogger((l) => out.write(`${l}\n`));
  };
  const logger = fileLogger('collector');
  const collectorStartedAt = Date.now();
  const collector = await startCollector({ cadastre, store, spoolDir: join(varDir, 'spool'), env, portsFile, metricsPort: 0, logger });
  stops.push(['collector', () => collector.stop()]);
  say(`collector: polling ${collector.devices.length} devices; metrics at ${collector.metricsUrl ?? '(off)'}; log in ${join(varDir, 'logs', 'collector.log')}`);

  // The history's planned maintenance (sim/outages.ts) is dated relative to now, so it joins the cadastre here.
  cadastre.maintenance.push(...demoOutages(cadastre, seed, windowStart, now).maintenance);

  ensureWebBuilt(say);
  const webDir = WEB_DIST;
  const tokens = demoTokens();
  const worksitesFile = demoWorksitesForToday(cadastre);
  const api = await startApi({
    configDir, cadastre, port: apiPort, host: '127.0.0.1', tokens: tokens.entries, webDir,
    dataDir: join(varDir, 'api'), influx, worksitesFile, log: (l) => say(`  ${l}`), startedAt: collectorStartedAt,
  });
  stops.push(['api', () => api.close()]);

  // The evaluator starts at once: silence before the collector's start does not count (the device status rule,
  // analytics/device-status.ts), so the backfilled history, which ends on the 5-minute grid before now, fires
  // nothing, and a device is judged only once its first poll was due plus its intervals.
  const startAlertsAfterFirstRound = async () => {
    if (stopping) return;
    const alerts = await startAlerts({
      cadastre, store, statePath: join(varDir, 'alerts', 'state.json'), figures: api.ctx.figures, logger: fileLogger('alerts'),
      collectors: collector.metricsUrl ? [{ name: 'demo', metricsUrl: collector.metricsUrl }] : [], mapUrl: api.url, env,
      watchingSince: collectorStartedAt,
    });
    stops.push(['alerts', () => alerts.stop()]);
    say(`alerts: evaluating every ${alerts.intervalMs / 1000} s; log in ${join(varDir, 'logs', 'alerts.log')}`);
  };
  startAlertsAfterFirstRound().catch((e: unknown) => say(`alerts: cannot start: ${e instanceof Error ? e.message : String(e)}`));

  await api.warmed;
  say('');
  say(`The map: ${api.url}/   (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  say('Demo tokens (sign in on the map, or send "Authorization: Bearer <token>"):');
  for (const role of ROLES) say(`  ${role.padEnd(10)} ${tokens.clear[role]}`);
  say('Ctrl-C stops everything.');

  // 5. The older days of history, in the background (the map shows each as it arrives).
  if (firstPhase || later.length > 0) {
    const history = new AbortController();
    const historyJob: HistoryJob = { configDir, seed, windowStartMs: windowStart, endMs: end, rawStartMs: rawStart, ranges: later };
    const job = writeOlderHistory(historyJob, influx, () => api.ctx.figures, history.signal, started, join(varDir, 'logs'))
      .catch((e: unknown) => { if (!history.signal.aborted) say(`history: writing the older days failed (the next start writes what is missing): ${e instanceof Error ? e.message : String(e)}`); });
    // Stops between two batches; the in-flight write and reread are bounded by the store's deadline.
    stops.push(['history', async () => { history.abort(new Error('stopping')); await job; }]);
  }

  // 6. A one-line status every minute.
  const every = statusSeconds * 1000;
  const timer = setInterval(() => {
    const s = collector.status();
    const ok = s.polls.ok ?? 0;
    const failed = Object.entries(s.polls).filter(([k]) => k !== 'ok').reduce((n, [, v]) => n + v, 0);
    say(`[${new Date().toISOString().slice(11, 19)} UTC] polls ok ${ok}, failed ${failed}; points written ${s.pointsWritten.toLocaleString('en')}; spool ${s.spoolBatches} batches (${(s.spoolBytes / 1024).toFixed(0)} KiB); dropped ${s.dropped}`);
  }, every);
  timer.unref();
  stops.push(['status', async () => clearInterval(timer)]);
}

/**
 * Writes the older days (newest first) in a child process at a lower CPU priority (sim/history-child.ts: the
 * generation would otherwise block the collector's event loop and starve the simulated agents, and the map would
 * mark healthy sites as down), and has the API read each day as it lands; a progress line every 5 s (a line, not a
 * bar drawn in place, since the status lines come between), and a last line once the window is whole.
 */
async function writeOlderHistory(job: HistoryJob, influx: InfluxConfig, figures: () => Figures, signal: AbortSignal, started: number, logDir: string): Promise<void> {
  const began = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, INFLUX_URL: influx.url, INFLUX_DB: influx.database };
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('sim/history-child.ts'), JSON.stringify(job)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Below the collector, the API and the simulated agents; the store keeps its own priority.
  try { if (child.pid !== undefined) setPriority(child.pid, 10); } catch { /* not allowed here: same priority */ }
  const onAbort = (): void => { child.kill('SIGTERM'); };
  signal.addEventListener('abort', onAbort, { once: true });
  const errors = createWriteStream(join(logDir, 'history.log'), { flags: 'a' });
  child.stderr?.pipe(errors);
  const progress = progressReporter({ write: (line: string) => process.stdout.write(`history: ${line}`), isTTY: false });
  let total = 0;
  let ended = false;
  // Each day read by the API in turn, in the order the child wrote them.
  let reading = Promise.resolve();
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    let m: HistoryMessage;
    try { m = JSON.parse(line) as HistoryMessage; } catch { return; }
    if ('progress' in m) { total = m.progress.total; progress.onProgress(m.progress); }
    else if ('done' in m) { const r = m.done; reading = reading.then(() => figures().reread(r.startMs, r.endMs)); }
    else ended = true;
  });
  const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
  signal.removeEventListener('abort', onAbort);
  await reading;
  errors.end();
  if (signal.aborted) return;
  if (!ended || code !== 0) throw new Error(`the history process exited with code ${code} (its log: ${join(logDir, 'history.log')})`);
  progress.done();
  const seconds = (performance.now() - began) / 1000;
  say(`history: ${days} days complete in ${((Date.now() - started) / 1000).toFixed(1)} s`
    + (total > 0 ? ` (the older ${+(job.ranges.reduce((n, r) => n + r.endMs - r.startMs, 0) / DAY_MS).toFixed(2)} days: ${total.toLocaleString('en')} points in ${seconds.toFixed(1)} s, ${Math.round(total / seconds).toLocaleString('en')} points/s)` : ''));
}

/** `npm run sim` as a child; resolves once it has written its ports file and said it is ready. */
async function startSimProcess(config: string, portsFile: string, seedValue: number, env: NodeJS.ProcessEnv, logDir: string): Promise<{ line: string; stop: () => Promise<void> }> {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, 'sim.log'), { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('sim/cli.ts'), '--config', config, '--seed', String(seedValue), '--ports-file', portsFile], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let out = '';
  const line = await new Promise<string>((res, rej) => {
    const onData = (d: Buffer) => {
      log.write(d);
      out += d.toString();
      const m = /^sim ready: (.*)$/m.exec(out);
      if (m) res(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => { log.write(d); out += d.toString(); });
    void exited.then(() => rej(new Error(`the simulated network exited before it was ready:\n${out.slice(-2000)}`)));
  });
  return {
    line,
    stop: async () => {
      await stopProcess(child);
      log.end();
    },
  };
}

async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

main().catch(async (e: unknown) => {
  console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
});
