// The first `npm start` on a fresh var/ dir, as a user runs it (scripts/start.ts in a child: its own private
// influxd, the demo's 30 days of history in two phases, the simulated network, the collector, the API and the map):
// seconds until it prints "The map:" (goal: 60 s on a 2-core machine, issue 19; reported as a ratio to it), whether
// the API answers with a demo token at that moment, seconds until the older days are all written, and whether
// SIGINT stops it cleanly (exit 0, "stopped.", no process left using its var/).
// Run alone: `npx tsx bench/start.ts [days]` (default 30, as npm start).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ensureWebBuilt } from '../web/src/build/ensure-built.js';

/** The Node options package.json's start script gives the launcher (read there: one place says what they are). */
export function startNodeOptions(): string {
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  return /NODE_OPTIONS="([^"$]*?)\s*(\$\{NODE_OPTIONS:-\})?"/.exec(script)?.[1] ?? '';
}

/** The goal for the first start, seconds until the map's URL is printed (issue 19). */
export const FIRST_START_GOAL_S = 60;

export interface StartBench {
  days: number;
  /** Spawn → the "The map:" line, s (what a user waits before opening the map). */
  mapSeconds: number;
  /** mapSeconds / FIRST_START_GOAL_S: ≤ 1 meets the goal. */
  ratioToGoal: number;
  goalSeconds: number;
  /** What the launcher itself printed ("started in N s"), s. */
  reportedSeconds: number;
  /** Points written before the map (the last day's raw points and rollups), and after it (the older days). */
  firstPhasePoints: number;
  olderPoints: number;
  /** Spawn → the "history: N days complete" line, s. */
  historySeconds: number;
  /** GET /api/segments with the operator's demo token (var/demo-tokens.json) at the map line, and GET / (the map). */
  apiStatusAtMap: number;
  mapPageStatusAtMap: number;
  /** SIGINT → exit, s; exit code, "stopped." printed, and processes left using the var dir. */
  stopSeconds: number;
  exitCode: number | null;
  stoppedCleanly: boolean;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
}

/** Processes whose command line mentions the dir (influxd's config lives there). */
function processesUsing(dir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(dir) && !l.includes('ps -eo'));
}

export async function benchStart(opts: { days?: number; log?: (line: string) => void } = {}): Promise<StartBench> {
  const days = opts.days ?? 30;
  const log = opts.log ?? (() => {});
  // A fresh clone builds the map on its first start too; that is not what this measures.
  ensureWebBuilt(log);
  const varDir = mkdtempSync(join(tmpdir(), 'irisnet-bench-start-'));
  const env = { ...process.env };
  delete env.INFLUX_URL;
  // As package.json's start script runs it: a young generation of 64 MiB cuts the garbage collector's share of the
  // backfill's generation (a quarter of its CPU with the default 16 MiB).
  env.NODE_OPTIONS = `${startNodeOptions()} ${env.NODE_OPTIONS ?? ''}`.trim();
  const loadAverageBefore = loadavg();
  const t0 = performance.now();
  const since = (): number => (performance.now() - t0) / 1000;
  // node itself (not npx or npm) so that SIGINT reaches the launcher and its exit code is the launcher's.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--var', varDir, '--days', String(days), '--port', '0', '--influx-port', '0'], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const seen = new Map<RegExp, (m: RegExpExecArray) => void>();
  const check = (): void => {
    for (const [re, done] of seen) {
      const m = re.exec(out);
      if (m) { seen.delete(re); done(m); }
    }
  };
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); check(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); check(); });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const line = (re: RegExp): Promise<{ m: RegExpExecArray; at: number }> => new Promise((res, rej) => {
    seen.set(re, (m) => res({ m, at: since() }));
    check();
    void exited.then((code) => rej(new Error(`npm start exited (${code}) before printing ${re}:\n${out.slice(-2000)}`)));
  });
  try {
    const history = line(/^history: \d+ days complete in [\d.]+ s.*$/m);
    history.catch(() => undefined);
    const map = await line(/^The map: (http:\/\/\S+?)\/\s+\(started in ([\d.]+) s\)$/m);
    const url = map.m[1];
    const tokens = JSON.parse(readFileSync(join(varDir, 'demo-tokens.json'), 'utf8')) as Record<string, string>;
    const api = await fetch(`${url}/api/segments`, { headers: { Authorization: `Bearer ${tokens.operator}` } });
    await api.arrayBuffer();
    const page = await fetch(`${url}/`);
    await page.arrayBuffer();
    log(`start: the map after ${map.at.toFixed(1)} s (${(map.at / FIRST_START_GOAL_S).toFixed(2)} × the ${FIRST_START_GOAL_S} s goal); GET /api/segments ${api.status}; older days in the background…`);
    const done = await history;
    log(`start: history complete after ${done.at.toFixed(1)} s`);
    const num = (re: RegExp): number => Number((re.exec(out)?.[1] ?? 'NaN').replace(/,/g, ''));
    const stopAt = performance.now();
    child.kill('SIGINT');
    // A launcher that does not stop within two minutes did not stop cleanly: reported as such (exit code null).
    const exitCode = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 120_000).unref())]);
    const stopSeconds = (performance.now() - stopAt) / 1000;
    const left = processesUsing(varDir);
    return {
      days,
      mapSeconds: map.at, ratioToGoal: map.at / FIRST_START_GOAL_S, goalSeconds: FIRST_START_GOAL_S, reportedSeconds: Number(map.m[2]),
      firstPhasePoints: num(/^ {2}([\d,]+) points in [\d.]+ s/m), olderPoints: num(/^history: \d+ days complete in [\d.]+ s \(the older [\d.]+ days: ([\d,]+) points/m),
      historySeconds: done.at, apiStatusAtMap: api.status, mapPageStatusAtMap: page.status,
      stopSeconds, exitCode, stoppedCleanly: exitCode === 0 && /^stopped\.$/m.test(out) && left.length === 0,
      loadAverageBefore, loadAverageAfter: loadavg(),
    };
  } finally {
    if (child.exitCode === null) { child.kill('SIGKILL'); await exited; }
    rmSync(varDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const days = Number(process.argv[2] ?? 30);
  const r = await benchStart({ days, log: (l) => console.log(l) });
  console.log(`bench start: ${days} days; the map after ${r.mapSeconds.toFixed(1)} s = ${r.ratioToGoal.toFixed(2)} × the ${r.goalSeconds} s goal `
    + `(${r.firstPhasePoints.toLocaleString('en')} points first); API ${r.apiStatusAtMap} at the map line; history complete after ${r.historySeconds.toFixed(1)} s `
    + `(${r.olderPoints.toLocaleString('en')} points after the map); stopped in ${r.stopSeconds.toFixed(1)} s, ${r.stoppedCleanly ? 'cleanly' : `NOT cleanly (exit ${r.exitCode})`}; `
    + `load average ${r.loadAverageBefore.map((x) => x.toFixed(1)).join(' ')} before, ${r.loadAverageAfter.map((x) => x.toFixed(1)).join(' ')} after`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : String(e)); process.exit(1); });
}
