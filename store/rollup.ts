// The 5-minute rollup: the mean of the raw `interface` rates (segment-mapped interfaces only) and of the
// `hotspot` client counts per 5-minute UTC bucket, written as `interface_5m` / `hotspot_5m` points
// (time = bucket start). Plain SELECT + /write — no SELECT INTO, no continuous queries — so it runs the same
// on InfluxDB 1.x, 2.x (v1 API) and 3.x. Re-rolling a bucket overwrites its points: idempotent.
import { influxIdent, influxRegexAnyOf, type InfluxStore, type Row } from './influx.js';
import {
  BUCKET_MS, bucketStart, hotspotBucketLine, interfaceBucketLine, M, PRECISION,
  type HotspotBucket, type InterfaceBucket,
} from './schema.js';

export interface RollupResult {
  interfaces: InterfaceBucket[];
  hotspots: HotspotBucket[];
  /** The bucket-aligned range that was rolled up: [from, to). */
  from: number;
  to: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export interface RollupScope {
  /**
   * Only the points of these devices (interfaces by "device", hotspots by their "controller"): a collector shard
   * rolls up the devices it polls and no other, so n shards do the work once. Absent: every device.
   */
  devices?: readonly string[];
}

/**
 * Computes the buckets that intersect [fromMs, toMs) (widened to whole buckets) from the raw points,
 * without writing anything.
 */
export async function computeRollup(store: InfluxStore, fromMs: number, toMs: number, scope: RollupScope = {}): Promise<RollupResult> {
  const from = bucketStart(fromMs);
  const to = bucketStart(toMs - 1) + BUCKET_MS;
  if (scope.devices && scope.devices.length === 0) return { interfaces: [], hotspots: [], from, to };
  const range = `time >= ${from}ms AND time < ${to}ms`;
  const only = (tag: string): string => (scope.devices ? ` AND ${influxIdent(tag)} =~ ${influxRegexAnyOf(scope.devices)}` : '');
  // POST: a shard's device list can make the statement longer than a URL may be.
  const [ifSeries, hsSeries] = await store.queryAll([
    `SELECT mean("in_bps") AS in_bps, mean("out_bps") AS out_bps, count("in_bps") AS samples FROM ${influxIdent(M.interface)} `
      + `WHERE ${range} AND "segment" != ''${only('device')} GROUP BY time(5m), "segment", "device", "if_index", "if_name", "if_alias" fill(none)`,
    `SELECT mean("clients") AS clients, count("clients") AS samples FROM ${influxIdent(M.hotspot)} `
      + `WHERE ${range}${only('controller')} GROUP BY time(5m), "hotspot", "controller" fill(none)`,
  ].join('; '), 'POST');
  const rows = (series: typeof ifSeries | undefined): Row[] => (series ?? []).flatMap((s) => s.values.map((v) => {
    const row: Record<string, unknown> = { ...s.tags };
    s.columns.forEach((c, i) => { row[c] = v[i]; });
    return row as Row;
  }));
  const interfaces: InterfaceBucket[] = [];
  for (const r of rows(ifSeries)) {
    const inBps = num(r.in_bps), outBps = num(r.out_bps), samples = num(r.samples);
    if (inBps === undefined || outBps === undefined || !samples) continue;
    const ifIndex = str(r.if_index) === '' ? undefined : Number(r.if_index);
    interfaces.push({
      time: r.time, segment: str(r.segment), device: str(r.device), ifIndex, ifName: str(r.if_name) || undefined,
      ifAlias: str(r.if_alias) || undefined, inBps, outBps, samples,
    });
  }
  const hotspots: HotspotBucket[] = [];
  for (const r of rows(hsSeries)) {
    const clients = num(r.clients), samples = num(r.samples);
    if (clients === undefined || !samples) continue;
    hotspots.push({ time: r.time, hotspot: str(r.hotspot), controller: str(r.controller), clients, samples });
  }
  return { interfaces, hotspots, from, to };
}

/** Computes and writes the rollup of the buckets intersecting [fromMs, toMs); returns what it wrote. */
export async function rollupRange(store: InfluxStore, fromMs: number, toMs: number, scope: RollupScope & { batch?: number } = {}): Promise<RollupResult> {
  const r = await computeRollup(store, fromMs, toMs, scope);
  const batch = scope.batch ?? 5000;
  const lines = [...r.interfaces.map(interfaceBucketLine), ...r.hotspots.map(hotspotBucketLine)];
  for (let i = 0; i < lines.length; i += batch) await store.write(lines.slice(i, i + batch), PRECISION);
  return r;
}

export interface RollupSchedulerOptions extends RollupScope {
  store: InfluxStore;
  /** After a bucket closes, wait this long for its last points (late polls, write batching) before rolling it. */
  graceMs?: number;
  /** Each run re-rolls this many closed buckets, so points that arrived late are picked up. */
  lookbackBuckets?: number;
  onResult?: (r: RollupResult) => void;
  onError?: (e: unknown) => void;
}

/** Rolls up each 5-minute bucket after it closes (+ grace); `range()` re-rolls a replayed range. */
export class RollupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  readonly graceMs: number;
  readonly lookback: number;
  private devices: readonly string[] | undefined;

  constructor(readonly opts: RollupSchedulerOptions) {
    this.devices = opts.devices;
    this.graceMs = opts.graceMs ?? 30_000;
    this.lookback = opts.lookbackBuckets ?? 2;
  }

  start(): void { this.arm(); }

  /** The devices rolled up from the next run on (a collector's reload changed its shard's devices). */
  setDevices(devices: readonly string[] | undefined): void { this.devices = devices; }

  private arm(): void {
    if (this.stopped) return;
    const now = Date.now();
    const next = bucketStart(now - this.graceMs) + BUCKET_MS + this.graceMs;
    this.timer = setTimeout(() => {
      const closedEnd = bucketStart(Date.now() - this.graceMs);
      void this.range(closedEnd - this.lookback * BUCKET_MS, closedEnd);
      this.arm();
    }, Math.max(0, next - now));
  }

  /** Rolls [fromMs, toMs) up, after any run still going. */
  range(fromMs: number, toMs: number): Promise<unknown> {
    this.chain = this.chain.then(async () => {
      try { this.opts.onResult?.(await rollupRange(this.opts.store, fromMs, toMs, { devices: this.devices })); } catch (e) { this.opts.onError?.(e); }
    });
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }
}
