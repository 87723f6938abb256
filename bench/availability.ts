// Times a month of availability for the whole demo network (analytics/availability.ts), warm: the month's
// observations in memory (the demo's outage history of sim/outages.ts, as buckets), one untimed run first.
// The budget is 1 s; the answer is given as a ratio of it. The store's read is timed apart, in the API bench.
// Run alone: `npx tsx bench/availability.ts [cadastre-dir] [YYYY-MM]`; bench/run.ts imports benchAvailability().
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadCadastre } from '../config/load.js';
import { availabilityTopology, computeAvailability, maintenanceOf, monthWindow, type AvailabilityInput } from '../analytics/availability.js';
import { BUCKET_MS } from '../store/schema.js';
import { demoOutages, type ScheduledOutage } from '../sim/outages.js';

export const BUDGET_MS = 1000;

export interface AvailabilityBench {
  month: string;
  sites: number;
  segments: number;
  buckets: number;
  outages: number;
  runs: number;
  medianMs: number;
  minMs: number;
  medianCpuMs: number;
  /** Median wall time ÷ the 1 s budget. */
  budgetRatio: number;
}

const bucketsOf = (list: readonly ScheduledOutage[], from: number, to: number): Record<string, number[]> => {
  const out: Record<string, number[]> = {};
  for (const o of list) {
    const times = (out[o.id] ??= []);
    for (let t = Math.floor(o.from / BUCKET_MS) * BUCKET_MS; t < o.to; t += BUCKET_MS) if (t >= from && t < to) times.push(t);
  }
  for (const times of Object.values(out)) times.sort((a, b) => a - b);
  return out;
};

export function availabilityBenchInput(dir = 'config/demo', month = '2026-11'): AvailabilityInput {
  const c = loadCadastre(dir);
  const { from, to } = monthWindow(month);
  const o = demoOutages(c, 2026, from, to);
  return {
    ...availabilityTopology(c), from, to, maintenance: maintenanceOf(o.maintenance),
    observations: { deviceDown: bucketsOf(o.devices, from, to), segmentDown: bucketsOf(o.segments, from, to), noData: [] },
  };
}

export function benchAvailability(dir = 'config/demo', month = '2026-11', runs = 7): AvailabilityBench {
  const input = availabilityBenchInput(dir, month);
  let last = computeAvailability(input);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    last = computeAvailability(input);
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((p, q) => p - q);
  cpu.sort((p, q) => p - q);
  const medianMs = times[Math.floor(runs / 2)];
  return {
    month, sites: input.sites.length, segments: input.segments.length, buckets: (input.to - input.from) / BUCKET_MS,
    outages: last.sites.reduce((n, s) => n + s.outages.length, 0), runs, medianMs, minMs: times[0], medianCpuMs: cpu[Math.floor(runs / 2)],
    budgetRatio: medianMs / BUDGET_MS,
  };
}

export function formatAvailabilityBench(b: AvailabilityBench): string {
  return `availability (${b.month}, demo network): ${b.sites} sites, ${b.segments} segments, ${b.buckets} buckets, ${b.outages} site outages: `
    + `${b.medianMs.toFixed(1)} ms wall, ${b.medianCpuMs.toFixed(1)} ms CPU warm (median of ${b.runs}, min ${b.minMs.toFixed(1)} ms) = `
    + `${b.budgetRatio.toFixed(3)} of the 1 s budget`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatAvailabilityBench(benchAvailability(process.argv[2] ?? 'config/demo', process.argv[3] ?? '2026-11')));
}
