// GET /api/segments at demo scale (30 days of history for every segment of config/demo) against the naive
// query: InfluxQL PERCENTILE/MEAN/MAX over the raw `interface` points of every segment. Prints warm p50/p95
// latency of the API and the ratio. When the database holds no history, synthetic raw points (one a
// minute) and their 5-minute rollups are written first (the same model as the collector: rollup = mean).
// Run alone: `npx tsx bench/api.ts [cadastre-dir]` (starts a private influxd in a temporary directory);
// bench/run.ts may import benchApi().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadCadastre } from '../config/load.js';
import type { Cadastre } from '../config/schema.js';
import { InfluxStore } from '../store/influx.js';
import { startInfluxd } from '../store/influxd.js';
import { countPoints, naiveSegmentSummaries, rollupQuery } from '../store/reads.js';
import { BUCKET_MS, M, interfaceBucketLineFast as interfaceBucketLine, interfaceLineFast as interfaceLine } from '../store/schema.js'; // the fast builders: same lines, a third of the CPU
import { hashToken } from '../api/auth.js';
import { startApi } from '../api/cli.js';
import { mulberry32 as rng } from '../config/demo-prng.js';

const DAY = 86_400_000;

export interface ApiBench {
  segments: number;
  days: number;
  rawPoints: number;
  rollupPoints: number;
  generated: boolean;
  /** Cold: the first request, which loads the rollups into memory. */
  coldMs: number;
  /**
   * influxd alone answering the same rollup statements the cold load sends (25 series each, 2 in flight, the
   * statement text from store/reads.ts rollupQuery), read as CSV and thrown away: timing only.
   */
  influxdAloneMs: number;
  /** coldMs / influxdAloneMs: what the API adds to the store's own time on its first load (target ≤ 1.5). */
  coldRatio: number;
  runs: number;
  /** Default window, moving with the clock: the answer is cached while the window holds the same buckets. */
  p50Ms: number;
  p95Ms: number;
  /** A window holding different buckets on every request: the figures are recomputed each time. */
  recomputedP50Ms: number;
  recomputedP95Ms: number;
  /** Fastest of the naive query's runs (its second run profits from InfluxDB's caches). */
  naiveMs: number;
  /** naiveMs / p50Ms. */
  ratio: number;
  /** naiveMs / recomputedP50Ms. */
  recomputedRatio: number;
}


/** Writes `days` of raw points (60 s) and 5-minute rollups ending at `end` for every segment. */
export async function generateHistory(store: InfluxStore, cadastre: Cadastre, end: number, days: number, log: (l: string) => void): Promise<{ raw: number; rollup: number }> {
  const start = end - days * DAY;
  let raw = 0, rollup = 0;
  const queue: string[][] = [];
  let writing: Array<Promise<void>> = [];
  const flush = async (lines: string[]): Promise<void> => {
    queue.push(lines);
    if (writing.length >= 2) { await Promise.race(writing); }
    const batch = queue.shift()!;
    const p: Promise<void> = store.write(batch, 'ms').finally(() => { writing = writing.filter((x) => x !== p); });
    writing.push(p);
  };
  const started = performance.now();
  for (const [i, s] of cadastre.segments.entries()) {
    const r = rng(i + 1);
    const base = (0.05 + 0.35 * r()) * s.litCapacityBps;
    const growth = r() * 0.004; // share of capacity per day
    let lines: string[] = [];
    for (let b = start; b < end; b += BUCKET_MS) {
      let sumOut = 0, sumIn = 0;
      for (let t = b; t < b + BUCKET_MS; t += 60_000) {
        const hour = ((t % DAY) / 3_600_000 + 1) % 24;
        const diurnal = 0.6 + 0.4 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
        const level = base * diurnal * (1 + growth * ((t - start) / DAY));
        const outBps = Math.max(0, level * (0.9 + 0.2 * r()));
        const inBps = Math.max(0, level * 0.6 * (0.9 + 0.2 * r()));
        sumOut += outBps; sumIn += inBps;
        lines.push(interfaceLine({ time: t, device: s.measuredBy.device, ifIndex: 1, ifName: s.measuredBy.ifName, segment: s.id, inBps, outBps, operUp: true, speedBps: s.litCapacityBps }));
        raw++;
      }
      lines.push(interfaceBucketLine({ time: b, segment: s.id, device: s.measuredBy.device, ifName: s.measuredBy.ifName, outBps: sumOut / 5, inBps: sumIn / 5, samples: 5 }));
      rollup++;
      if (lines.length >= 10_000) { await flush(lines); lines = []; }
    }
    if (lines.length) await flush(lines);
    if ((i + 1) % 25 === 0 || i + 1 === cadastre.segments.length) {
      log(`bench api: history ${i + 1}/${cadastre.segments.length} segments, ${(raw / 1e6).toFixed(1)} M raw points (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  await Promise.all(writing);
  return { raw, rollup };
}

/** p-quantile (nearest rank) of ascending values. */
export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

export async function benchApi(opts: {
  store: InfluxStore;
  configDir: string;
  /** End of the history (and the API's clock); default: the last whole hour. */
  end?: number;
  days?: number;
  runs?: number;
  /** Runs of the naive query (each takes tens of seconds at demo scale). Default 2. */
  naiveRuns?: number;
  log?: (l: string) => void;
}): Promise<ApiBench> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const cadastre = loadCadastre(opts.configDir);
  const days = opts.days ?? 30;
  const end = opts.end ?? Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const runs = opts.runs ?? 50;

  // Use the history that is there (the demo backfill), else write one.
  const have = await countPoints(opts.store, M.interface5m, 'out_bps', end - days * DAY, end);
  let generated = false;
  let rawPoints: number;
  let rollupPoints = have;
  if (have >= cadastre.segments.length * (days * DAY / BUCKET_MS) * 0.5) {
    rawPoints = await countPoints(opts.store, M.interface, 'out_bps', end - days * DAY, end);
    log(`bench api: using the stored history (${rollupPoints} rollup buckets, ${rawPoints} raw points)`);
  } else {
    log(`bench api: writing ${days} days of synthetic history for ${cadastre.segments.length} segments`);
    const g = await generateHistory(opts.store, cadastre, end, days, log);
    rawPoints = g.raw;
    rollupPoints = g.rollup;
    generated = true;
  }

  const token = randomBytes(16).toString('hex');
  const wallStart = Date.now();
  // The clock moves with wall time, so that every request asks for a new default window (no answer cache).
  const api = await startApi({
    configDir: opts.configDir, cadastre, port: 0, host: '127.0.0.1', warm: false,
    tokens: [{ name: 'bench', role: 'viewer', sha256: hashToken(token) }],
    rateLimit: { requests: 1_000_000, windowMs: 60_000 },
    influx: opts.store.config, dataDir: mkdtempSync(join(tmpdir(), 'bench-api-')),
    now: () => end + (Date.now() - wallStart), log: () => {},
  });
  try {
    const get = async (query = ''): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(`${api.url}/api/segments${query}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.json() as { items?: unknown[] };
      if (res.status !== 200 || body.items?.length !== cadastre.segments.length) throw new Error(`GET /api/segments answered ${res.status}`);
      return performance.now() - t0;
    };
    // Windows of `days` days ending 5 minutes apart: each holds other buckets than the one before.
    const shifted = (k: number): string => `?from=${new Date(end - k * BUCKET_MS - days * DAY).toISOString()}&to=${new Date(end - k * BUCKET_MS).toISOString()}`;
    const coldFrom = end - (runs + 3) * BUCKET_MS - days * DAY;
    // influxd alone before and after the API's cold load, the faster counting (the stricter ratio).
    const aloneBefore = await influxdAlone(opts.store, cadastre, coldFrom);
    const coldMs = await get(shifted(runs + 3));
    log(`bench api: cold GET /api/segments (loads ${days} days of rollups) ${coldMs.toFixed(0)} ms`);
    const influxdAloneMs = Math.min(aloneBefore, await influxdAlone(opts.store, cadastre, coldFrom));
    log(`bench api: influxd alone on the same rollup statements (CSV, timing only) ${influxdAloneMs.toFixed(0)} ms: cold load ${(coldMs / influxdAloneMs).toFixed(2)}× influxd`);
    for (let i = 0; i < 3; i++) await get();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await get());
    times.sort((a, b) => a - b);
    const p50Ms = quantile(times, 0.5);
    const p95Ms = quantile(times, 0.95);
    const recomputed: number[] = [];
    for (let i = 0; i < runs; i++) recomputed.push(await get(shifted(i + 1)));
    recomputed.sort((a, b) => a - b);
    const recomputedP50Ms = quantile(recomputed, 0.5);
    const recomputedP95Ms = quantile(recomputed, 0.95);

    const from = end - days * DAY;
    const naiveTimes: number[] = [];
    for (let i = 0; i < (opts.naiveRuns ?? 2); i++) {
      const t0 = performance.now();
      const series = await naiveSegmentSummaries(opts.store, from, end);
      naiveTimes.push(performance.now() - t0);
      log(`bench api: naive InfluxQL PERCENTILE over raw points, run ${i + 1}: ${(naiveTimes[i] / 1000).toFixed(1)} s (${series.length} segments)`);
    }
    const naiveMs = Math.min(...naiveTimes);
    const result: ApiBench = {
      segments: cadastre.segments.length, days, rawPoints, rollupPoints, generated, coldMs, influxdAloneMs, coldRatio: coldMs / influxdAloneMs, runs, p50Ms, p95Ms, recomputedP50Ms, recomputedP95Ms,
      naiveMs, ratio: naiveMs / p50Ms, recomputedRatio: naiveMs / recomputedP50Ms,
    };
    log(`bench api: GET /api/segments (${result.segments} segments × ${days} days), ${runs} requests each: ` +
      `warm p50 ${p50Ms.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms; recomputed (new window each time) p50 ${recomputedP50Ms.toFixed(1)} ms, ` +
      `p95 ${recomputedP95Ms.toFixed(1)} ms; naive InfluxQL ${(naiveMs / 1000).toFixed(1)} s: ${result.ratio.toFixed(0)}× ` +
      `(recomputed ${result.recomputedRatio.toFixed(0)}×) faster`);
    return result;
  } finally {
    await api.close();
  }
}

/**
 * The statements the figures' first load of the segments (or the hotspots) sends (analytics/figures.ts: 25 segments per query, 2 in
 * flight, from the window's first bucket on), sent straight to influxd with Accept: application/csv and read to the
 * end without parsing: the store's own time, the floor of the API's cold load.
 */
export async function influxdAlone(store: InfluxStore, cadastre: Cadastre, from: number, what: 'segments' | 'hotspots' = 'segments', seriesPerQuery = 25, inFlight = 2): Promise<number> {
  // The figures' two rollup reads (analytics/figures.ts): the measuring interfaces' rates, the hotspots' clients.
  const read = what === 'segments'
    ? { measurement: M.interface5m, fields: ['out_bps', 'in_bps'], keyTag: 'segment', groupTags: ['device', 'if_name', 'if_alias', 'if_index'], keys: cadastre.segments.map((s) => s.id) }
    : { measurement: M.hotspot5m, fields: ['clients'], keyTag: 'hotspot', groupTags: ['controller'], keys: cadastre.hotspots.map((h) => h.id) };
  const keys = read.keys;
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += seriesPerQuery) chunks.push(keys.slice(i, i + seriesPerQuery));
  const start = Math.floor(from / BUCKET_MS) * BUCKET_MS;
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const q = rollupQuery({ ...read, keys: chunks[next++], from: start });
      const u = new URL('query', store.config.url.endsWith('/') ? store.config.url : `${store.config.url}/`);
      for (const [k, v] of Object.entries({ db: store.database, epoch: 'ms', q })) u.searchParams.set(k, v);
      const res = await fetch(u, { headers: { Accept: 'application/csv' } });
      if (!res.ok) throw new Error(`influxd answered HTTP ${res.status}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, chunks.length) }, worker));
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const configDir = resolve(process.argv[2] ?? 'config/demo');
  // BENCH_API_INFLUX_DIR keeps the generated history between runs (it takes minutes to write).
  const keep = process.env.BENCH_API_INFLUX_DIR;
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'bench-api-influx-'));
  const influxd = await startInfluxd(dir);
  try {
    const store = new InfluxStore({ url: influxd.url, database: 'bench_api', timeoutMs: 600_000 });
    await store.createDatabase();
    await benchApi({ store, configDir, naiveRuns: Number(process.env.BENCH_API_NAIVE_RUNS ?? 2), days: Number(process.env.BENCH_API_DAYS ?? 30) });
  } finally {
    await influxd.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : String(e)); process.exit(1); });
}
