// The API at 1×, 10× and 100× the demo's segments and hotspots: what one API process costs in memory and
// load time as the network grows, and where it stops being enough. Per scale: the 5-minute rollups the API
// reads (`interface_5m` per segment, `hotspot_5m` per hotspot; no raw points, the figures do not read them)
// are written for the window into their own database, then the API runs as a separate process (its memory
// its own: startApi from api/cli.ts, the cadastre from a directory, InfluxDB and tokens from the environment as
// in production) and is measured: cold load (first GET /api/segments, then /api/hotspots), warm p50/p95 (the
// same window again: the cached answer) and recomputed p50/p95 (a window of other buckets each time), resident
// memory before and after the load, and influxd alone on the same rollup statements.
//
// 10× and 100× over 30 days are ~100 million and ~1 billion points, more than a bench can write here (~60–150 k
// points/s), so the default measures 1× over 30 days, 10× over 4 days and 100× over 6 hours (~25 minutes in all)
// and extrapolates 100× × 30 days from fits through every measured scale (memory: bytes a series plus bytes a
// series-bucket, one series, segment or hotspot, for one 5-minute bucket; load: milliseconds a series-bucket); the
// report marks those cells as extrapolated.
// Run alone: `npx tsx bench/scale.ts [--scale-days 30,4,0.25] [--runs 30] [--start-limit-min 10]` (private influxd in a
// temp dir; figures in the log); `npx tsx bench/run.ts --only scale [--scale-days …]` adds the report's table.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Cadastre } from '../config/schema.js';
import type { InfluxStore } from '../store/influx.js';
import { residentBytes } from './polling.js';
import { quantile } from './api.js';

const DAY = 86_400_000;
const BUCKET = 300_000; // store/schema.ts BUCKET_MS (imported lazily with the rest: the API child loads none of this)
const GiB = 1024 ** 3;

/** Scale factors against the demo's segment and hotspot counts. */
export const SCALES = [1, 10, 100] as const;
/** Days of rollups per scale (1×, 10×, 100×): what the report states. */
export const DEFAULT_SCALE_DAYS = [30, 4, 0.25] as const;
/** What one API process may hold: resident memory at its peak (the hourly rebuild holds two copies of the rollups). */
export const MEMORY_BUDGET_BYTES = 8 * GiB;
/** Longest acceptable full load (first start, cadastre reload, and the hourly background rebuild). */
export const COLD_LIMIT_MS = 10 * 60_000;

// ---- pure helpers (test/bench/scale.test.ts) ------------------------------------------------------------

export interface LinearFit {
  /** y at x = 0. */
  intercept: number;
  /** y per unit of x. */
  slope: number;
  /** Largest |measured − fitted| ÷ measured over the points: how straight the line is. */
  maxDeviation: number;
}

/** Least-squares line through (x, y); with one point, a line through the origin. */
export function linearFit(points: ReadonlyArray<{ x: number; y: number }>): LinearFit {
  if (points.length === 0) throw new Error('linearFit: no points');
  let slope: number, intercept: number;
  if (points.length === 1) {
    slope = points[0].y / points[0].x;
    intercept = 0;
  } else {
    const n = points.length;
    const mx = points.reduce((s, p) => s + p.x, 0) / n;
    const my = points.reduce((s, p) => s + p.y, 0) / n;
    const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
    if (sxx === 0) throw new Error('linearFit: every point has the same x');
    slope = sxy / sxx;
    intercept = my - slope * mx;
  }
  const maxDeviation = Math.max(...points.map((p) => Math.abs(p.y - (intercept + slope * p.x)) / Math.abs(p.y)));
  return { intercept, slope, maxDeviation };
}

export const fitAt = (f: LinearFit, x: number): number => f.intercept + f.slope * x;

/**
 * The rollups' memory as two costs: per series (its key, arrays' headers, rank indexes' bookkeeping) and per
 * series-bucket (the Float64 values). One term alone cannot hold both a short window of many series (100× × 6 h:
 * ~80 bytes a series-bucket) and a long window of few (1× × 30 days: ~18).
 */
export interface MemoryFit {
  perSeries: number;
  perSeriesBucket: number;
  /** Largest |measured − fitted| ÷ measured over the points. */
  maxDeviation: number;
}

/** Least squares of bytes = perSeries × series + perSeriesBucket × seriesBuckets (through the origin); one point, or points of one shape: per series-bucket only. */
export function memoryFit(points: ReadonlyArray<{ series: number; seriesBuckets: number; bytes: number }>): MemoryFit {
  if (points.length === 0) throw new Error('memoryFit: no points');
  let a = 0, b: number;
  const sss = points.reduce((s, p) => s + p.series ** 2, 0);
  const sxx = points.reduce((s, p) => s + p.seriesBuckets ** 2, 0);
  const ssx = points.reduce((s, p) => s + p.series * p.seriesBuckets, 0);
  const ssy = points.reduce((s, p) => s + p.series * p.bytes, 0);
  const sxy = points.reduce((s, p) => s + p.seriesBuckets * p.bytes, 0);
  const det = sss * sxx - ssx * ssx;
  // Points all of the same window length are collinear in (series, seriesBuckets): the two costs cannot be told apart.
  if (points.length >= 2 && Math.abs(det) > 1e-9 * sss * sxx) {
    a = (ssy * sxx - sxy * ssx) / det;
    b = (sss * sxy - ssx * ssy) / det;
  } else {
    b = sxy / sxx;
  }
  const maxDeviation = Math.max(...points.map((p) => Math.abs(p.bytes - (a * p.series + b * p.seriesBuckets)) / Math.abs(p.bytes)));
  return { perSeries: a, perSeriesBucket: b, maxDeviation };
}

export const memoryAt = (f: MemoryFit, series: number, seriesBuckets: number): number => f.perSeries * series + f.perSeriesBucket * seriesBuckets;

/** Series-buckets of a network: (segments + hotspots) × 5-minute buckets in `days`. */
export const seriesBuckets = (segments: number, hotspots: number, days: number): number => (segments + hotspots) * (days * DAY / BUCKET);

export interface Outgrowing {
  /** Series-buckets of the demo over 30 days (1×). */
  demoSeriesBuckets: number;
  /** Scale (× the demo, 30 days) at which the peak resident memory (idle + 2 × the rollups: the hourly rebuild) reaches the budget. */
  memoryLimitScale: number;
  /** Scale at which the full load reaches COLD_LIMIT_MS. */
  coldLimitScale: number;
  /** The lower of the two: where one API process stops being enough. */
  limitScale: number;
  limitedBy: 'memory' | 'cold load';
  /** At `targetScale` over 30 days (extrapolated): resident memory after the load, its peak during a rebuild, the full load. */
  target: { scale: number; seriesBuckets: number; rssBytes: number; peakBytes: number; coldMs: number };
  /** API instances holding the target when each holds a share of the segments and hotspots within the budget. */
  instances: number;
}

/**
 * Where one API process stops being enough, from the fitted rollup memory (bytes over series-buckets, the idle
 * process apart) and full load (ms over series-buckets). `idleBytes`: the idle process at the target scale (it
 * holds the cadastre). Memory counts the peak: idle + 2 × rollups, as the hourly rebuild holds a second copy
 * until it swaps.
 */
export function outgrowing(o: {
  memory: MemoryFit; cold: LinearFit; idleBytes: number; demoSegments: number; demoHotspots: number;
  targetScale: number; budgetBytes?: number; coldLimitMs?: number;
}): Outgrowing {
  const budget = o.budgetBytes ?? MEMORY_BUDGET_BYTES;
  const coldLimit = o.coldLimitMs ?? COLD_LIMIT_MS;
  const demo = seriesBuckets(o.demoSegments, o.demoHotspots, 30);
  // The rollups of 1× over 30 days; k× holds k times the series and k times the series-buckets.
  const perScale = memoryAt(o.memory, o.demoSegments + o.demoHotspots, demo);
  const memoryLimitScale = (budget - o.idleBytes) / 2 / perScale;
  const coldLimitScale = (coldLimit - o.cold.intercept) / o.cold.slope / demo;
  const x = demo * o.targetScale;
  const data = perScale * o.targetScale;
  const peakBytes = o.idleBytes + 2 * data;
  // Each instance: its own idle process (the cadastre, ~idle) and its share of the rollups, twice at its peak.
  const instances = Math.ceil((2 * data) / (budget - o.idleBytes));
  return {
    demoSeriesBuckets: demo, memoryLimitScale, coldLimitScale,
    limitScale: Math.min(memoryLimitScale, coldLimitScale), limitedBy: memoryLimitScale <= coldLimitScale ? 'memory' : 'cold load',
    target: { scale: o.targetScale, seriesBuckets: x, rssBytes: o.idleBytes + data, peakBytes, coldMs: fitAt(o.cold, x) },
    instances,
  };
}


export { residentBytes };

// ---- the bench ---------------------------------------------------------------------------------------------

export interface Latency { p50Ms: number; p95Ms: number }

/** A scale whose API process did not listen within the start limit (the cadastre alone too slow to load). */
export interface ScaleNotStarted {
  scale: number;
  segments: number;
  hotspots: number;
  days: number;
  notStarted: string;
  startSeconds: number;
}

export interface ScaleRow {
  scale: number;
  /** Spawn → listening: node, the modules, the cadastre's YAML and checks, the records store. */
  startSeconds: number;
  segments: number;
  hotspots: number;
  days: number;
  seriesBuckets: number;
  /** Rollup points written (interface_5m + hotspot_5m). */
  points: number;
  writeSeconds: number;
  pointsPerSecond: number;
  coldSegmentsMs: number;
  coldHotspotsMs: number;
  /** Both first loads, one after the other. */
  coldMs: number;
  /** influxd alone answering the statements of both loads (CSV read to the end, not parsed). */
  influxdAloneMs: number;
  coldRatio: number;
  runs: number;
  warm: { segments: Latency; hotspots: Latency };
  recomputed: { segments: Latency; hotspots: Latency };
  /** The API process listening, cadastre loaded, no rollups yet. */
  idleRssBytes: number;
  /** After both loads and the requests. */
  rssBytes: number;
  /** Peak resident memory of the process over the whole run (VmHWM). */
  peakRssBytes: number;
  /** Live bytes (V8 heap used + array buffers, after a full collection) idle and after the requests. */
  idleLiveBytes: number;
  liveBytes: number;
  /** (live − idle live) ÷ series-buckets: what the rollups cost (resident memory moves with V8's page reuse). */
  bytesPerSeriesBucket: number;
  /** coldMs ÷ series-buckets × 1e6: ms per million series-buckets. */
  coldMsPerMillion: number;
}

export interface ScaleBench {
  demo: { segments: number; hotspots: number };
  rows: Array<ScaleRow | ScaleNotStarted>;
  fits: { memory: MemoryFit; cold: LinearFit; recomputedP95: LinearFit; idle: LinearFit };
  outgrowing: Outgrowing;
  budgetBytes: number;
  coldLimitMs: number;
  /** Figures computed in the store instead: the naive InfluxQL PERCENTILE's measured speed (bench/api.ts). */
  store?: { naivePointsPerSecond: number; source: string; segmentsRequestSeconds: number; hotspotsRequestSeconds: number };
}

/**
 * The generated network of `scale` × the demo (bench/planning.ts generatedCadastre) with the wifi controller its
 * hotspots name. Past 10×, copies of the 10× network side by side (other seeds, ids prefixed): generatedCadastre
 * is quadratic in sites (minutes at 100×), and the figures do not depend on how segments connect.
 */
export async function scaledCadastre(scale: number, demo: { sites: number; segments: number; hotspots: number; targets: number }, base?: Cadastre): Promise<Cadastre> {
  const { generatedCadastre } = await import('./planning.js');
  const one = Math.min(scale, 10);
  const tiles = Math.ceil(scale / one);
  const parts = Array.from({ length: tiles }, (_, t) => {
    const c = generatedCadastre(demo.sites * one, demo.segments * one, demo.hotspots * one, demo.targets * one, base, 42 + t);
    if (tiles === 1) return c;
    const id = (x: string): string => `t${t}-${x}`;
    return {
      ...c,
      sites: c.sites.map((s) => ({ ...s, id: id(s.id) })),
      devices: c.devices.map((d) => ({ ...d, id: id(d.id), site: id(d.site) })),
      segments: c.segments.map((s) => ({ ...s, id: id(s.id), a: id(s.a), b: id(s.b), measuredBy: { ...s.measuredBy, device: id(s.measuredBy.device) } })),
      hotspots: c.hotspots.map((h) => ({ ...h, id: id(h.id), apName: id(h.apName) })),
      targets: c.targets.map((x) => ({ ...x, id: id(x.id) })),
    };
  });
  const c: Cadastre = { ...parts[0], sites: parts.flatMap((p) => p.sites), devices: parts.flatMap((p) => p.devices), segments: parts.flatMap((p) => p.segments), hotspots: parts.flatMap((p) => p.hotspots), targets: parts.flatMap((p) => p.targets) };
  return {
    ...c,
    // The demo's PoPs are not among the generated sites.
    policy: { ...c.policy, coreSites: [] },
    devices: [...c.devices, { id: 'wlc', site: c.sites[0].id, role: 'wifi-controller', target: '127.0.0.1:0', snmp: { version: 'v2c', community: { env: 'BENCH' } }, profile: 'cisco-airespace' } as Cadastre['devices'][number]],
  };
}

/** Writes the rollups of [start, end) for every segment and hotspot (fast line builders, 10,000 lines a request, 2 in flight). */
async function writeRollups(store: InfluxStore, c: Cadastre, start: number, end: number, label: string, log: (l: string) => void): Promise<{ points: number; seconds: number }> {
  const { interfaceBucketLineFast, hotspotBucketLineFast } = await import('../store/schema.js');
  const { mulberry32 } = await import('../config/demo-prng.js');
  const buckets = (end - start) / BUCKET;
  const total = (c.segments.length + c.hotspots.length) * buckets;
  const inFlight = new Set<Promise<void>>();
  let written = 0;
  let failure: unknown;
  const t0 = performance.now();
  let lastLog = t0;
  const progress = (force = false): void => {
    const now = performance.now();
    if (!force && now - lastLog < 10_000) return;
    lastLog = now;
    const rate = written / ((now - t0) / 1000);
    log(`scale ${label}: written ${(written / 1e6).toFixed(1)} M of ${(total / 1e6).toFixed(1)} M points, ${Math.round(rate / 1000)} k points/s, ETA ${rate > 0 ? Math.round((total - written) / rate) : '–'} s`);
  };
  const send = async (lines: string[]): Promise<void> => {
    while (inFlight.size >= 2) await Promise.race(inFlight);
    if (failure) throw failure;
    const p: Promise<void> = store.write(lines, 'ms').then(() => { written += lines.length; progress(); }, (e: unknown) => { failure = e; })
      .finally(() => { inFlight.delete(p); });
    inFlight.add(p);
  };
  let lines: string[] = [];
  const hourOf = (t: number): number => ((t % DAY) / 3_600_000 + 1) % 24;
  for (const [i, s] of c.segments.entries()) {
    const r = mulberry32(i + 1);
    const base = (0.05 + 0.35 * r()) * s.litCapacityBps;
    for (let b = start; b < end; b += BUCKET) {
      const level = base * (0.6 + 0.4 * Math.sin(((hourOf(b) - 8) / 24) * 2 * Math.PI));
      // Whole bit/s: shorter lines, faster writes; the figures do not care.
      lines.push(interfaceBucketLineFast({ time: b, segment: s.id, device: s.measuredBy.device, ifName: s.measuredBy.ifName, outBps: Math.round(level * (0.9 + 0.2 * r())), inBps: Math.round(level * 0.6 * (0.9 + 0.2 * r())), samples: 5 }));
      if (lines.length >= 10_000) { await send(lines); lines = []; }
    }
  }
  for (const [i, h] of c.hotspots.entries()) {
    const r = mulberry32(1_000_003 + i);
    const peak = 1 + 30 * r() ** 2;
    for (let b = start; b < end; b += BUCKET) {
      const open = Math.max(0, Math.sin(((hourOf(b) - 7) / 14) * Math.PI));
      lines.push(hotspotBucketLineFast({ time: b, hotspot: h.id, controller: h.controller, clients: Math.round(peak * open * (0.5 + r()) * 5) / 5, samples: 5 }));
      if (lines.length >= 10_000) { await send(lines); lines = []; }
    }
  }
  if (lines.length) await send(lines);
  await Promise.all(inFlight);
  if (failure) throw failure;
  progress(true);
  return { points: written, seconds: (performance.now() - t0) / 1000 };
}

/** The API as its own process: startApi (api/cli.ts) with the cadastre directory, InfluxDB and tokens from the environment. */
async function spawnApi(env: NodeJS.ProcessEnv, configDir: string, dataDir: string, startLimitMs: number): Promise<{ child: ChildProcess; url: string; collect: () => Promise<number> }> {
  // --expose-gc: the bench asks for a full collection (SIGUSR2) before each reading, so that resident memory is
  // what the process holds, not garbage it has not collected yet (the cadastre's YAML, the load's responses).
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve-api', configDir, dataDir], {
    env, cwd: resolve(fileURLToPath(new URL('..', import.meta.url))), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4000); });
  let out = '';
  let collected: ((live: number) => void) | undefined;
  const url = await new Promise<string>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) res(m[1]);
      const c = /collected (\d+) (\d+)\n/.exec(out);
      if (c) { out = out.replace(c[0], ''); collected?.(Number(c[1]) + Number(c[2])); }
    });
    child.once('exit', (code, signal) => rej(new Error(`the API process exited (${code ?? signal}) before listening: ${err.trim().split('\n').slice(-3).join(' | ')}`)));
    setTimeout(() => rej(new NotStarted(`not listening after ${startLimitMs / 60_000} min (last words: ${err.trim().split('\n').slice(-1)[0] || 'none'})`)), startLimitMs).unref();
  }).catch(async (e: unknown) => { await stopApi(child); throw e; });
  /** A full collection in the child; its live bytes after it (V8 heap used + array buffers). */
  const collect = (): Promise<number> => new Promise<number>((res, rej) => {
    if (child.exitCode !== null || child.signalCode !== null) { rej(new Error(`the API process has exited (${child.exitCode ?? child.signalCode}): ${err.trim().split('\n').slice(-3).join(' | ')}`)); return; }
    collected = res;
    child.kill('SIGUSR2');
  });
  return { child, url, collect };
}

class NotStarted extends Error {}

async function stopApi(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const latency = (xs: number[]): Latency => { const s = sorted(xs); return { p50Ms: quantile(s, 0.5), p95Ms: quantile(s, 0.95) }; };

async function measureScale(o: {
  influxUrl: string; base: Cadastre | undefined; scale: number; days: number; runs: number; demo: { sites: number; segments: number; hotspots: number; targets: number };
  startLimitMs: number; runsSeconds?: number; log: (l: string) => void;
}): Promise<ScaleRow | ScaleNotStarted> {
  const { writeCadastre } = await import('../config/demo-generator.js');
  const { InfluxStore } = await import('../store/influx.js');
  const { influxdAlone } = await import('./api.js');
  const { hashToken } = await import('../api/auth.js');
  const { scale: k, days, runs, log } = o;
  const label = `${k}×`;
  const t0 = performance.now();
  const c = await scaledCadastre(k, o.demo, o.base);
  const dir = mkdtempSync(join(tmpdir(), `bench-scale-${k}-`));
  const configDir = join(dir, 'cadastre');
  writeCadastre(c, configDir);
  log(`scale ${label}: ${c.segments.length} segments, ${c.hotspots.length} hotspots (cadastre generated and written in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const database = `bench_scale_${k}`;
  const store = new InfluxStore({ url: o.influxUrl, database, timeoutMs: 600_000 });
  await store.createDatabase();
  let child: ChildProcess | undefined;
  try {
    const token = randomBytes(16).toString('hex');
    const tokensFile = join(dir, 'tokens.yaml');
    writeFileSync(tokensFile, `- { name: bench, role: viewer, sha256: ${hashToken(token)} }\n`);
    // The API first: a cadastre it cannot load in time needs no rollups.
    const spawned = performance.now();
    let api: Awaited<ReturnType<typeof spawnApi>>;
    try {
      api = await spawnApi({ ...process.env, INFLUX_URL: o.influxUrl, INFLUX_DB: database, API_TOKENS_FILE: tokensFile }, configDir, join(dir, 'data'), o.startLimitMs);
    } catch (e) {
      if (!(e instanceof NotStarted)) throw e;
      log(`scale ${label}: the API process is ${e.message}: no figures at this scale`);
      return { scale: k, segments: c.segments.length, hotspots: c.hotspots.length, days, notStarted: e.message, startSeconds: (performance.now() - spawned) / 1000 };
    }
    const startSeconds = (performance.now() - spawned) / 1000;
    child = api.child;
    const pid = child.pid!;
    const mem = async (): Promise<{ rss: number; hwm: number; live: number }> => {
      const live = await api.collect();
      return { ...residentBytes(readFileSync(`/proc/${pid}/status`, 'utf8')), live };
    };
    const idle = await mem();
    log(`scale ${label}: API process ${pid} at ${api.url}, listening after ${startSeconds.toFixed(1)} s, idle ${(idle.rss / 2 ** 20).toFixed(0)} MiB resident`);
    // The window ends at the last whole bucket: the API runs on the real clock.
    const end = Math.floor(Date.now() / BUCKET) * BUCKET;
    const start = end - days * DAY;
    log(`scale ${label}: writing ${days} days of interface_5m and hotspot_5m (${(seriesBuckets(c.segments.length, c.hotspots.length, days) / 1e6).toFixed(1)} M points)`);
    const w = await writeRollups(store, c, start, end, label, log);
    const windowQuery = (to: number): string => `?from=${new Date(start).toISOString()}&to=${new Date(to).toISOString()}`;
    const get = async (path: 'segments' | 'hotspots', to: number, check = false): Promise<number> => {
      const t = performance.now();
      const res = await fetch(`${api.url}/api/${path}${windowQuery(to)}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.arrayBuffer();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`GET /api/${path} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
      if (check) {
        const n = (JSON.parse(Buffer.from(body).toString()) as { items?: unknown[] }).items?.length;
        const want = path === 'segments' ? c.segments.length : c.hotspots.length;
        if (n !== want) throw new Error(`GET /api/${path} gave ${n} items, expected ${want}`);
      }
      return ms;
    };
    const alone = async (): Promise<number> => await influxdAlone(store, c, start, 'segments') + await influxdAlone(store, c, start, 'hotspots');
    const aloneBefore = await alone();
    const coldSegmentsMs = await get('segments', end, true);
    const coldHotspotsMs = await get('hotspots', end, true);
    const coldMs = coldSegmentsMs + coldHotspotsMs;
    const influxdAloneMs = Math.min(aloneBefore, await alone());
    log(`scale ${label}: cold load ${(coldMs / 1000).toFixed(1)} s (segments ${(coldSegmentsMs / 1000).toFixed(1)} s, hotspots ${(coldHotspotsMs / 1000).toFixed(1)} s); influxd alone ${(influxdAloneMs / 1000).toFixed(1)} s: ${(coldMs / influxdAloneMs).toFixed(2)}×; ${((await mem()).rss / 2 ** 20).toFixed(0)} MiB resident`);
    const series = async (path: 'segments' | 'hotspots', to: (i: number) => number): Promise<number[]> => {
      const times: number[] = [];
      const t = performance.now();
      for (let i = 0; i < runs && !(o.runsSeconds && performance.now() - t > o.runsSeconds * 1000 && i >= 5); i++) times.push(await get(path, to(i)));
      minRuns = Math.min(minRuns, times.length);
      return times;
    };
    let minRuns = runs;
    for (let i = 0; i < 3; i++) { await get('segments', end); await get('hotspots', end); }
    const warm = { segments: latency(await series('segments', () => end)), hotspots: latency(await series('hotspots', () => end)) };
    // Windows ending one bucket earlier each time: other buckets, so the figures are computed afresh.
    const recomputed = { segments: latency(await series('segments', (i) => end - (i + 1) * BUCKET)), hotspots: latency(await series('hotspots', (i) => end - (i + 1) * BUCKET)) };
    const after = await mem();
    const sb = seriesBuckets(c.segments.length, c.hotspots.length, days);
    const row: ScaleRow = {
      scale: k, startSeconds, segments: c.segments.length, hotspots: c.hotspots.length, days, seriesBuckets: sb, points: w.points, writeSeconds: w.seconds, pointsPerSecond: w.points / w.seconds,
      coldSegmentsMs, coldHotspotsMs, coldMs, influxdAloneMs, coldRatio: coldMs / influxdAloneMs, runs: minRuns, warm, recomputed,
      idleRssBytes: idle.rss, rssBytes: after.rss, peakRssBytes: after.hwm, idleLiveBytes: idle.live, liveBytes: after.live, bytesPerSeriesBucket: (after.live - idle.live) / sb, coldMsPerMillion: coldMs / sb * 1e6,
    };
    log(`scale ${label}: warm p50/p95 segments ${warm.segments.p50Ms.toFixed(1)}/${warm.segments.p95Ms.toFixed(1)} ms, hotspots ${warm.hotspots.p50Ms.toFixed(1)}/${warm.hotspots.p95Ms.toFixed(1)} ms; `
      + `recomputed segments ${recomputed.segments.p50Ms.toFixed(1)}/${recomputed.segments.p95Ms.toFixed(1)} ms, hotspots ${recomputed.hotspots.p50Ms.toFixed(1)}/${recomputed.hotspots.p95Ms.toFixed(1)} ms; `
      + `resident ${(after.rss / 2 ** 20).toFixed(0)} MiB (peak ${(after.hwm / 2 ** 20).toFixed(0)} MiB), ${row.bytesPerSeriesBucket.toFixed(1)} bytes per series-bucket`);
    return row;
  } finally {
    if (child) await stopApi(child);
    await store.exec(`DROP DATABASE "${database}"`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The naive InfluxQL query's speed (raw points per second): from this run's api section, else the last report's. */
function naiveSpeed(given: { naiveMs: number; rawPoints: number } | undefined, reportFile: string): { pointsPerSecond: number; source: string } | undefined {
  if (given) return { pointsPerSecond: given.rawPoints / (given.naiveMs / 1000), source: 'this run\'s api section' };
  if (!existsSync(reportFile)) return undefined;
  try {
    const r = JSON.parse(readFileSync(reportFile, 'utf8')) as { machine?: { date?: string }; api?: { ok: boolean; value?: { naiveMs: number; rawPoints: number } } };
    if (!r.api?.ok || !r.api.value) return undefined;
    return { pointsPerSecond: r.api.value.rawPoints / (r.api.value.naiveMs / 1000), source: `the api section of ${reportFile} (${r.machine?.date ?? 'undated'})` };
  } catch { return undefined; }
}

export async function benchScale(opts: {
  influxUrl: string;
  configDir: string;
  /** Days per scale (1×, 10×, 100×). */
  days?: readonly number[];
  runs?: number;
  /** Stop a series of requests after this many seconds (at least 5 requests); default: all `runs`. */
  runsSeconds?: number;
  /** How long an API process may take to listen (default 10 min). */
  startLimitMs?: number;
  /** The api section's naive query (same run), for the cost of figures computed in the store. */
  naive?: { naiveMs: number; rawPoints: number };
  log?: (l: string) => void;
}): Promise<ScaleBench> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const days = opts.days ?? DEFAULT_SCALE_DAYS;
  if (days.length !== SCALES.length || days.some((d) => !(d > 0) || !Number.isInteger(d * 24 * 12))) throw new Error(`scale days: expected ${SCALES.length} whole numbers of 5-minute buckets (days), got ${days.join(',')}`);
  const runs = opts.runs ?? 30;
  const { loadCadastre } = await import('../config/load.js');
  const base = existsSync(join(opts.configDir, 'segments.yaml')) ? loadCadastre(opts.configDir) : undefined;
  const demo = base ? { sites: base.sites.length, segments: base.segments.length, hotspots: base.hotspots.length, targets: base.targets.length }
    : { sites: 163, segments: 331, hotspots: 858, targets: 353 };
  const all: Array<ScaleRow | ScaleNotStarted> = [];
  for (const [i, k] of SCALES.entries()) all.push(await measureScale({ influxUrl: opts.influxUrl, base, scale: k, days: days[i], runs, demo, startLimitMs: opts.startLimitMs ?? 10 * 60_000, runsSeconds: opts.runsSeconds, log }));
  const rows = all.filter((r): r is ScaleRow => !('notStarted' in r));
  if (rows.length < 2) throw new Error(`scale: ${rows.length} scale(s) measured, a line needs two`);
  const fits = {
    // The idle process grows with the cadastre it holds.
    idle: linearFit(rows.map((r) => ({ x: r.scale, y: r.idleRssBytes }))),
    memory: memoryFit(rows.map((r) => ({ series: r.segments + r.hotspots, seriesBuckets: r.seriesBuckets, bytes: r.liveBytes - r.idleLiveBytes }))),
    cold: linearFit(rows.map((r) => ({ x: r.seriesBuckets, y: r.coldMs }))),
    recomputedP95: linearFit(rows.map((r) => ({ x: r.seriesBuckets, y: r.recomputed.segments.p95Ms + r.recomputed.hotspots.p95Ms }))),
  };
  const target = SCALES[SCALES.length - 1];
  const top = rows.find((r) => r.scale === target);
  const out = outgrowing({ memory: fits.memory, cold: fits.cold, idleBytes: top?.idleRssBytes ?? fitAt(fits.idle, target), demoSegments: demo.segments, demoHotspots: demo.hotspots, targetScale: target });
  const speed = naiveSpeed(opts.naive, resolve('bench/results/latest.json'));
  // Figures computed in the store: a PERCENTILE/MEAN/MAX GROUP BY segment (hotspot) over the 30-day rollups of
  // every series, per request, at the naive query's measured speed.
  const t = out.target;
  const store = speed && {
    naivePointsPerSecond: speed.pointsPerSecond, source: speed.source,
    segmentsRequestSeconds: (demo.segments * t.scale * 30 * DAY / BUCKET) / speed.pointsPerSecond,
    hotspotsRequestSeconds: (demo.hotspots * t.scale * 30 * DAY / BUCKET) / speed.pointsPerSecond,
  };
  log(`scale: bytes per series-bucket ${rows.map((r) => `${r.scale}× ${r.bytesPerSeriesBucket.toFixed(1)}`).join(', ')} (fit: ${fits.memory.perSeries.toFixed(0)} B a series + ${fits.memory.perSeriesBucket.toFixed(1)} B a series-bucket, max deviation ${(fits.memory.maxDeviation * 100).toFixed(0)} %)`);
  log(`scale: ${t.scale}× × 30 days (extrapolated): ${(t.rssBytes / GiB).toFixed(1)} GiB resident, ${(t.peakBytes / GiB).toFixed(1)} GiB at a rebuild's peak, full load ${(t.coldMs / 60_000).toFixed(1)} min; `
    + `one API process holds up to ${out.limitScale.toFixed(0)}× (${out.limitedBy}); ${out.instances} instances partitioned by segment/hotspot at ${t.scale}×`);
  return { demo: { segments: demo.segments, hotspots: demo.hotspots }, rows: all, fits, outgrowing: out, budgetBytes: MEMORY_BUDGET_BYTES, coldLimitMs: COLD_LIMIT_MS, store };
}

/** The child: the production API (startApi) without the warm-up, so that the first request is the cold load. */
async function serveApi(configDir: string, dataDir: string): Promise<void> {
  const { startApi } = await import('../api/cli.js');
  const api = await startApi({
    configDir, dataDir, port: 0, host: '127.0.0.1', warm: false, rateLimit: { requests: 1_000_000, windowMs: 60_000 },
    log: (l) => process.stderr.write(`${l}\n`),
  });
  // The handler before the line that lets the bench send the signal.
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    process.stdout.write(`collected ${m.heapUsed} ${m.arrayBuffers}\n`);
  });
  process.stdout.write(`listening ${api.url}\n`);
  process.once('SIGTERM', () => { void api.close().then(() => process.exit(0)); });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'serve-api': { type: 'boolean' }, 'scale-days': { type: 'string' }, runs: { type: 'string' }, config: { type: 'string' }, 'start-limit-min': { type: 'string' }, 'runs-seconds': { type: 'string' } } });
  if (values['serve-api']) { await serveApi(positionals[0], positionals[1]); return; }
  const days = values['scale-days']?.split(',').map(Number);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs: expected a whole number ≥ 1, got "${values.runs}"`);
  const { startInfluxd } = await import('../store/influxd.js');
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-influx-'));
  const influxd = await startInfluxd(dir);
  try {
    const startLimitMs = values['start-limit-min'] === undefined ? undefined : Number(values['start-limit-min']) * 60_000;
    // The figures are in the log lines above; the table is bench/report.ts's (`npx tsx bench/run.ts --only scale`).
    await benchScale({ influxUrl: influxd.url, configDir: resolve(values.config ?? 'config/demo'), days, runs, startLimitMs, runsSeconds: values['runs-seconds'] === undefined ? undefined : Number(values['runs-seconds']) });
  } finally {
    await influxd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : String(e)); process.exit(1); });
}
