// The older days of the demo's history, written by a child process of `npm start` (scripts/start.ts) once the map
// is up: a process of its own, at a lower CPU priority, so that generating millions of points neither blocks the
// collector's event loop (its polls would time out and the map would mark healthy sites as down) nor takes a
// core the simulated agents need. The job comes as JSON in argv[2]; InfluxDB from INFLUX_URL / INFLUX_DB (and
// the credentials' variables). It says on stdout, one JSON line each: {"progress":{written,total,elapsedMs}}
// every 200 ms at most, {"done":{startMs,endMs}} after each range (the parent has the API read it), {"end":{}}.
import { z } from 'zod';
import { loadCadastre } from '../config/load.js';
import { InfluxStore, influxConfigFromEnv } from '../store/influx.js';
import { backfill, planBackfill, rangeOptions } from './backfill.js';
import { demoOutages } from './outages.js';

export const HistoryJob = z.object({
  configDir: z.string(),
  seed: z.number().int(),
  /** The whole window [windowStartMs, endMs): the demo's outages are drawn over it, as in the first phase. */
  windowStartMs: z.number(),
  endMs: z.number(),
  rawStartMs: z.number(),
  ranges: z.array(z.object({ startMs: z.number(), endMs: z.number() })),
});
export type HistoryJob = z.infer<typeof HistoryJob>;

export type HistoryMessage =
  | { progress: { written: number; total: number; elapsedMs: number } }
  | { done: { startMs: number; endMs: number } }
  | { end: Record<string, never> };

const say = (m: HistoryMessage): void => { process.stdout.write(`${JSON.stringify(m)}\n`); };

async function main(): Promise<void> {
  const job = HistoryJob.parse(JSON.parse(process.argv[2] ?? 'null'));
  const cadastre = loadCadastre(job.configDir);
  const store = new InfluxStore(influxConfigFromEnv());
  const outages = demoOutages(cadastre, job.seed, job.windowStartMs, job.endMs);
  const optsOf = (r: { startMs: number; endMs: number }) => ({ ...rangeOptions(r, job.rawStartMs), seed: job.seed, outages });
  const plans = job.ranges.map((r) => { const o = optsOf(r); return planBackfill(cadastre, o.days, o.end, o.rawDays, o.outages).points; });
  const total = plans.reduce((a, b) => a + b, 0);
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort(new Error('stopping')));
  const began = performance.now();
  let before = 0;
  for (const [i, r] of job.ranges.entries()) {
    await backfill(cadastre, store, {
      // One write in flight, not two: the map is in use, and the API's reads share this influxd.
      ...optsOf(r), signal: stop.signal, writers: 1,
      onProgress: (p) => say({ progress: { written: before + p.written, total, elapsedMs: performance.now() - began } }),
    });
    before += plans[i];
    say({ done: r });
  }
  say({ end: {} });
}

main().then(() => process.exit(0), (e: unknown) => {
  // Stopped by the parent: not an error worth a line.
  if (e instanceof Error && e.message === 'stopping') process.exit(0);
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
