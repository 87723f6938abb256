// Times one evaluation of every alert rule over the demo network, as a share of the evaluation interval.
// Writes its own synthetic data into a database of its own: the last hour of `poll` and `hotspot` points
// (60 s), 14 days of `interface_5m` (forecasts, windowDays 14) and 2 × 3 days of `hotspot_5m` (under-use,
// windowDays 3): shorter windows than the defaults (30 days) to keep the write short. A few devices, APs and segments are made to fire.
// Run alone: `npx tsx bench/alerts.ts [cadastre-dir]` (starts a private influxd); bench/run.ts may import benchAlerts().
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadCadastre } from '../config/load.js';
import type { Cadastre } from '../config/schema.js';
import { InfluxStore } from '../store/influx.js';
import { startInfluxd } from '../store/influxd.js';
import { BUCKET_MS, hotspotBucketLineFast, hotspotLineFast, interfaceBucketLineFast, pollLineFast } from '../store/schema.js';
import { createFigures } from '../analytics/figures.js';
import { AlertPolicy } from '../config/alert-policy.js';
import { evaluate } from '../alerts/evaluate.js';
import { AlertSource } from '../alerts/source.js';
import { step } from '../alerts/state.js';
import { emptyState, saveState } from '../store/alert-state.js';
import { mulberry32 as rng } from '../config/demo-prng.js';

const DAY = 86_400_000;

export interface AlertsBench {
  segments: number;
  devices: number;
  hotspots: number;
  points: number;
  intervalMs: number;
  runs: number;
  /** The pure evaluation of every rule (median), ms. */
  evaluateMs: number;
  /** A whole scheduled evaluation: InfluxDB reads, every rule, state step and atomic save (median), ms. */
  tickMs: number;
  /** tickMs / intervalMs × 100. */
  sharePct: number;
  /** The hourly forecast and under-use inputs from the figures: first (cold, loads the rollups) and warm, ms. */
  slowColdMs: number;
  slowWarmMs: number;
  firing: number;
  pending: number;
  /** Firing alerts per rule. */
  byRule: Record<string, number>;
  /** The InfluxDB reads of a scheduled evaluation (median), ms. */
  readMs: number;
}


const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function writeData(store: InfluxStore, c: Cadastre, end: number, log: (l: string) => void): Promise<number> {
  const r = rng(11);
  let points = 0;
  let batch: string[] = [];
  const inflight: Promise<void>[] = [];
  const push = async (line: string): Promise<void> => {
    batch.push(line);
    points++;
    if (batch.length >= 10_000) {
      const b = batch; batch = [];
      const p = store.write(b, 'ms').finally(() => { inflight.splice(inflight.indexOf(p), 1); });
      inflight.push(p);
      if (inflight.length >= 2) await Promise.race(inflight);
      if (points % 500_000 < 10_000) log(`bench alerts: ${(points / 1e6).toFixed(1)} M points written`);
    }
  };
  const hourAgo = end - 3_600_000;
  for (const [i, d] of c.devices.entries()) {
    const downSince = i % 40 === 0 ? end - 5 * 60_000 : Infinity;
    for (let t = hourAgo; t < end; t += 60_000) await push(pollLineFast({ time: t, device: d.id, status: t >= downSince ? 'timeout' : i % 97 === 1 ? 'auth_error' : 'ok', durationMs: 20, values: 60 }));
  }
  for (const [i, h] of c.hotspots.entries()) {
    for (let t = hourAgo; t < end; t += 60_000) await push(hotspotLineFast({ time: t, hotspot: h.id, controller: h.controller, clients: Math.floor(r() * 12), up: !(i % 50 === 0 && t > end - 6 * 60_000) }));
  }
  for (const [i, s] of c.segments.entries()) {
    const base = (0.1 + 0.4 * r()) * s.litCapacityBps;
    const growth = (r() * 0.01) * s.litCapacityBps;
    for (let b = end - 14 * DAY; b < end; b += BUCKET_MS) {
      const hot = i % 30 === 0 && b >= end - 4 * BUCKET_MS;
      const level = hot ? 0.9 * s.litCapacityBps : base + growth * ((b - end) / DAY + 14);
      await push(interfaceBucketLineFast({ time: b, segment: s.id, device: s.measuredBy.device, ifName: s.measuredBy.ifName, outBps: level * (0.9 + 0.1 * r()), inBps: level * 0.5, samples: 5 }));
    }
  }
  for (const [i, h] of c.hotspots.entries()) {
    const mean = i % 20 === 0 ? 3 : 1 + 8 * r();
    for (let b = end - 6 * DAY; b < end; b += BUCKET_MS) {
      const m = i % 20 === 0 && b >= end - 3 * DAY ? 0.5 : mean;
      await push(hotspotBucketLineFast({ time: b, hotspot: h.id, controller: h.controller, clients: m * (0.5 + r()), samples: 5 }));
    }
  }
  if (batch.length) await store.write(batch, 'ms');
  await Promise.all(inflight);
  return points;
}

export async function benchAlerts(opts: { store: InfluxStore; configDir: string; end?: number; runs?: number; log?: (l: string) => void }): Promise<AlertsBench> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const loaded = loadCadastre(opts.configDir);
  const cadastre: Cadastre = { ...loaded, policy: { ...loaded.policy, alerts: AlertPolicy.parse({ rules: { 'hotspot-underused': { windowDays: 3 }, 'segment-saturation-forecast': { windowDays: 14 } } }) } };
  const end = opts.end ?? Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
  const runs = opts.runs ?? 15;
  const store = opts.store.withDatabase(`${opts.store.database}_bench_alerts`);
  await store.createDatabase();
  log(`bench alerts: writing synthetic data for ${cadastre.devices.length} devices, ${cadastre.hotspots.length} hotspots, ${cadastre.segments.length} segments`);
  const t0 = performance.now();
  const points = await writeData(store, cadastre, end, log);
  log(`bench alerts: ${points.toLocaleString('en')} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const figures = createFigures(cadastre, store, { reloadMs: 0 });
  const source = new AlertSource({ cadastre, store, figures, slowEveryMs: 3_600_000 });
  const policy = cadastre.policy.alerts;
  const intervalMs = policy.intervalSeconds * 1000;
  const stepOpts = { receivers: ['alertmanager', 'webhook'] as const, historyMs: policy.historyDays * DAY };
  const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-'));
  try {
    // The hourly inputs (forecasts, under-use) are computed in the background; timed apart, cold then warm.
    let s = performance.now();
    await source.computeSlow(end);
    const slowColdMs = performance.now() - s;
    s = performance.now();
    await source.computeSlow(end);
    const slowWarmMs = performance.now() - s;
    await source.read(end);
    await source.settle();
    const ticks: number[] = [];
    const evals: number[] = [];
    const reads: number[] = [];
    let state = emptyState();
    for (let i = 0; i < runs; i++) {
      const at = end + i * 1000;
      s = performance.now();
      const input = await source.read(at);
      const e0 = performance.now();
      reads.push(e0 - s);
      const result = evaluate(input);
      evals.push(performance.now() - e0);
      state = step(state, result, at, stepOpts).state;
      saveState(join(dir, 'state.json'), state);
      ticks.push(performance.now() - s);
    }
    const tickMs = median(ticks);
    const alerts = Object.values(state.alerts);
    return {
      segments: cadastre.segments.length, devices: cadastre.devices.length, hotspots: cadastre.hotspots.length, points,
      intervalMs, runs, evaluateMs: median(evals), tickMs, sharePct: (tickMs / intervalMs) * 100, slowColdMs, slowWarmMs,
      firing: alerts.filter((a) => a.status === 'firing').length, pending: alerts.filter((a) => a.status === 'pending').length,
      byRule: alerts.filter((a) => a.status === 'firing').reduce<Record<string, number>>((m, a) => { m[a.rule] = (m[a.rule] ?? 0) + 1; return m; }, {}),
      readMs: median(reads),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await store.exec(`DROP DATABASE "${store.database}"`);
  }
}

export function formatAlertsBench(b: AlertsBench): string[] {
  return [
    `alerts: every rule over ${b.segments} segments, ${b.devices} devices, ${b.hotspots} hotspots (${b.points.toLocaleString('en')} synthetic points)`,
    `  one scheduled evaluation ${b.tickMs.toFixed(1)} ms (InfluxDB reads, rules, state, atomic save; median of ${b.runs}) = ${b.sharePct.toFixed(2)} % of the ${b.intervalMs / 1000} s interval`,
    `  of which InfluxDB reads ${b.readMs.toFixed(1)} ms, rules alone ${b.evaluateMs.toFixed(2)} ms; hourly forecast + under-use inputs ${b.slowColdMs.toFixed(0)} ms cold, ${b.slowWarmMs.toFixed(0)} ms warm`,
    `  alerts after the runs: ${b.firing} firing (${Object.entries(b.byRule).map(([k, v]) => `${k} ${v}`).join(', ')}), ${b.pending} pending`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const configDir = resolve(process.argv[2] ?? 'config/demo');
  if (!existsSync(configDir)) { process.stderr.write(`no cadastre at ${configDir}\n`); process.exit(2); }
  const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-influx-'));
  const influxd = await startInfluxd(dir);
  try {
    const store = new InfluxStore({ url: influxd.url, database: 'bench' });
    await store.createDatabase();
    const b = await benchAlerts({ store, configDir });
    for (const l of formatAlertsBench(b)) console.log(l);
  } finally {
    await influxd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
