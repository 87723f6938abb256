// npm run bench: every benchmark in one run, side by side, as ratios against baselines measured in the same
// run; markdown printed and written to bench/results/latest.md, the figures to bench/results/latest.json.
// One private influxd (temporary directory) serves the ingest, API, alerts and map benches.
// The first `npm start` (section start) runs the launcher itself in a child, with its own influxd.
//   npm run bench [-- --only polling,shard,ingest,api,planning,map,resilience,availability,alerts,start,scale] [--sizes 10,100,500] [--scale-days 30,4,0.25] [--scale-runs-seconds S] [--out DIR]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { InfluxStore } from '../store/influx.js';
import { startInfluxd } from '../store/influxd.js';
import { scaleOut, writeResults, type BenchResults, type Machine, type Section } from './report.js';

const SECTIONS = ['planning', 'resilience', 'availability', 'polling', 'shard', 'ingest', 'alerts', 'api', 'map', 'start', 'scale'] as const;
type SectionName = typeof SECTIONS[number];

const started = performance.now();
const stamp = (): string => `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
const log = (line: string): void => { console.log(`${stamp()} ${line}`); };

function machine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^Model name:\s+(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8').replace(/^model name\s*:/m, 'Model name:'));
    if (m) model = m[1].trim();
  } catch { /* keep os.cpus() */ }
  return {
    cpus: cpus().length, model, memoryGiB: totalmem() / 1024 ** 3, node: process.versions.node, kernel: release(),
    loadAverageAtStart: loadavg(), date: new Date().toISOString(),
  };
}

/** Runs one section; a missing module or a failure becomes "not available" with the reason. */
async function section<T>(name: string, run: () => Promise<T>): Promise<Section<T>> {
  const t0 = performance.now();
  log(`${name}: starting`);
  try {
    const value = await run();
    const seconds = (performance.now() - t0) / 1000;
    log(`${name}: done in ${seconds.toFixed(0)} s`);
    return { ok: true, seconds, value };
  } catch (e) {
    const seconds = (performance.now() - t0) / 1000;
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    log(`${name}: not available (${reason})`);
    return { ok: false, seconds, reason };
  }
}

const skipped = <T>(): Section<T> => ({ ok: false, seconds: 0, reason: 'not run (--only)' });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, sizes: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, 'scale-days': { type: 'string' }, 'scale-runs-seconds': { type: 'string' } } });
  const only = new Set<SectionName>((values.only?.split(',') ?? [...SECTIONS]) as SectionName[]);
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section "${s}" (have ${SECTIONS.join(', ')})`);
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : [10, 100, 500];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected device counts like 10,100,500, got "${values.sizes}"`);
  const scaleDays = values['scale-days']?.split(',').map(Number);
  const outDir = resolve(values.out ?? 'bench/results');
  const configDir = resolve(values.config ?? 'config/demo');
  const m = machine();
  log(`bench on ${m.cpus} cores (${m.model}), Node ${m.node}, load ${m.loadAverageAtStart.map((x) => x.toFixed(1)).join(' ')}`);

  const dir = mkdtempSync(join(tmpdir(), 'irisnet-bench-'));
  const influxd = await startInfluxd(dir);
  log(`private influxd at ${influxd.url}`);
  const store = new InfluxStore({ url: influxd.url, database: 'bench', timeoutMs: 600_000 });
  await store.createDatabase();
  const results: BenchResults = {
    machine: m, totalSeconds: 0,
    planning: skipped(), resilience: skipped(), availability: skipped(), polling: skipped(), shard: skipped(), ingest: skipped(), alerts: skipped(), api: skipped(), map: skipped(),
    start: skipped(), scale: skipped(),
  };
  try {
    if (only.has('planning')) {
      results.planning = await section('planning', async () => {
        const { benchPlanning } = await import('./planning.js');
        let last = '';
        return benchPlanning(configDir, (what, done, total) => {
          if (done === total && last !== what) { last = what; log(`planning: ${what}: ${total} quotes done, relocation plans next`); }
        });
      });
    }
    if (only.has('resilience')) {
      results.resilience = await section('resilience', async () => (await import('./resilience.js')).benchResilience(configDir));
    }
    if (only.has('availability')) {
      results.availability = await section('availability', async () => (await import('./availability.js')).benchAvailability(configDir));
    }
    if (only.has('polling')) {
      results.polling = await section('polling', async () => (await import('./polling.js')).benchPolling({ sizes, log: (l) => log(l.trim()) }));
    }
    if (only.has('shard')) {
      // The real collector, ~10,000 and ~50,000 interfaces in one shard, 3 measured rounds at a 60 s interval (~12 min).
      results.shard = await section('shard', async () => (await import('./shard.js')).benchShard({ influxUrl: influxd.url, log }));
    }
    if (only.has('ingest')) {
      results.ingest = await section('ingest', async () => (await import('./ingest.js')).benchIngest({ store, log }));
    }
    if (only.has('alerts')) {
      results.alerts = await section('alerts', async () => (await import('./alerts.js')).benchAlerts({ store, configDir, log }));
    }
    if (only.has('api')) {
      results.api = await section('api', async () => (await import('./api.js')).benchApi({ store, configDir, log }));
    }
    if (only.has('map')) {
      // The map reads the history the API bench wrote into the same database.
      results.map = await section('map', async () => (await import('./map.js')).benchMap({ store, runs: 3, log }));
    }
    if (only.has('scale')) {
      // Its own databases in the same influxd; the api section's naive query (when it ran) prices figures computed in the store.
      const naive = results.api.ok ? results.api.value : undefined;
      results.scale = await section('scale', async () => (await import('./scale.js')).benchScale({
        influxUrl: influxd.url, configDir, days: scaleDays, naive, log,
        runsSeconds: values['scale-runs-seconds'] === undefined ? undefined : Number(values['scale-runs-seconds']),
      }));
    }
  } finally {
    await influxd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (only.has('start')) {
    // After the shared influxd is gone: the launcher starts its own, and the first start is timed on a machine
    // doing nothing else of ours.
    results.start = await section('start', async () => (await import('./start.js')).benchStart({ log }));
  }
  if (results.polling.ok && Number.isFinite(results.polling.value.collectorCpuMsPerDevice)) results.scaleOut = scaleOut(results.polling.value.collectorCpuMsPerDevice);
  results.totalSeconds = (performance.now() - started) / 1000;
  const md = writeResults(results, join(outDir, 'latest.md'), join(outDir, 'latest.json'));
  console.log(`\n${md}`);
  log(`written ${join(outDir, 'latest.md')} and latest.json (${results.totalSeconds.toFixed(0)} s in all)`);
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
