// The 5-minute rollup: the mean of the raw `interface` rates (segment-mapped interfaces only) and of the
// `hotspot` client counts per 5-minute UTC bucket, written as `interface_5m` / `hotspot_5m` points
// (time = bucket start); with the interfaces' operational state (most samples) and, as `poll_5m`, how many
// polls of each device there were and succeeded (availability reads these, since raw points age out first). Plain SELECT + /write — no SELECT INTO, no continuous queries — so it runs the same
// on InfluxDB 1.x, 2.x (v1 API) and 3.x. Re-rolling a bucket overwrites its points: idempotent.
import { influxIdent, influxRegexAnyOf, type InfluxStore, type Row } from './influx.js';
import {
  BUCKET_MS, bucketStart, hotspotBucketLine, interfaceBucketLine, M, OPTICS_FIELDS, opticsBucketLine, PRECISION, pollBucketLine,
  type HotspotBucket, type InterfaceBucket, type OpticsBucket, type OpticsLevels, type PollBucket,
} from './schema.js';

/** Readings are averaged over the bucket; thresholds (constant per transceiver) are the last reported. */
const OPTICS_MEANS = new Set(['rx_dbm', 'tx_dbm', 'bias_ma', 'temp_c']);
const OPTICS_SELECT = OPTICS_FIELDS.map(({ field }) => `${OPTICS_MEANS.has(field) ? 'mean' : 'last'}("${field}") AS ${field}`).join(', ');

export interface RollupResult {
  interfaces: InterfaceBucket[];
  hotspots: HotspotBucket[];
  polls: PollBucket[];
  /** Segment-mapped ports' module readings (lanes are not rolled up). */
  optics: OpticsBucket[];
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
  if (scope.devices && scope.devices.length === 0) return { interfaces: [], hotspots: [], polls: [], optics: [], from, to };
  const range = `time >= ${from}ms AND time < ${to}ms`;
  const only = (tag: string): string => (scope.devices ? ` AND ${influxIdent(tag)} =~ ${influxRegexAnyOf(scope.devices)}` : '');
  // POST: a shard's device list can make the statement longer than a URL may be.
  const ifTags = `"segment", "device", "if_index", "if_name", "if_alias"`;
  const [ifSeries, hsSeries, operDownSeries, pollSeries, pollOkSeries, opSeries] = await store.queryAll([
    `SELECT mean("in_bps") AS in_bps, mean("out_bps") AS out_bps, count("in_bps") AS samples, count("oper_up") AS oper_samples FROM ${influxIdent(M.interface)} `
      + `WHERE ${range} AND "segment" != ''${only('device')} GROUP BY time(5m), ${ifTags} fill(none)`,
    `SELECT mean("clients") AS clients, count("clients") AS samples FROM ${influxIdent(M.hotspot)} `
      + `WHERE ${range}${only('controller')} GROUP BY time(5m), "hotspot", "controller" fill(none)`,
    `SELECT count("oper_up") AS down FROM ${influxIdent(M.interface)} `
      + `WHERE ${range} AND "segment" != ''${only('device')} AND "oper_up" = false GROUP BY time(5m), ${ifTags} fill(none)`,
    `SELECT count("duration_ms") AS polls FROM ${influxIdent(M.poll)} WHERE ${range}${only('device')} GROUP BY time(5m), "device" fill(none)`,
    `SELECT count("duration_ms") AS ok FROM ${influxIdent(M.poll)} WHERE ${range}${only('device')} AND ("status" = 'ok' OR "status" = 'empty') GROUP BY time(5m), "device" fill(none)`,
    `SELECT ${OPTICS_SELECT}, count("rx_dbm") AS samples FROM ${influxIdent(M.optics)} `
      + `WHERE ${range} AND "segment" != ''${only('device')} AND "lane" = '' GROUP BY time(5m), "segment", "device", "if_index", "if_name" fill(none)`,
  ].join('; '), 'POST');
  const rows = (series: typeof ifSeries | undefined): Row[] => (series ?? []).flatMap((s) => s.values.map((v) => {
    const row: Record<string, unknown> = { ...s.tags };
    s.columns.forEach((c, i) => { row[c] = v[i]; });
    return row as Row;
  }));
  const key = (r: Row, ...tags: string[]): string => `${r.time}\u0000${tags.map((t) => str(r[t])).join('\u0000')}`;
  const IF_TAGS = ['segment', 'device', 'if_index', 'if_name', 'if_alias'];
  const operDown = new Map(rows(operDownSeries).map((r) => [key(r, ...IF_TAGS), num(r.down) ?? 0]));
  const interfaces: InterfaceBucket[] = [];
  for (const r of rows(ifSeries)) {
    const inBps = num(r.in_bps), outBps = num(r.out_bps), samples = num(r.samples), operSamples = num(r.oper_samples);
    if (inBps === undefined || outBps === undefined || !samples) continue;
    const ifIndex = str(r.if_index) === '' ? undefined : Number(r.if_index);
    const b: InterfaceBucket = {
      time: r.time, segment: str(r.segment), device: str(r.device), ifIndex, ifName: str(r.if_name) || undefined,
      ifAlias: str(r.if_alias) || undefined, inBps, outBps, samples,
    };
    if (operSamples) b.operUp = (operDown.get(key(r, ...IF_TAGS)) ?? 0) * 2 <= operSamples;
    interfaces.push(b);
  }
  const pollOk = new Map(rows(pollOkSeries).map((r) => [key(r, 'device'), num(r.ok) ?? 0]));
  const polls: PollBucket[] = [];
  for (const r of rows(pollSeries)) {
    const n = num(r.polls);
    if (!n) continue;
    polls.push({ time: r.time, device: str(r.device), polls: n, ok: pollOk.get(key(r, 'device')) ?? 0 });
  }
  const hotspots: HotspotBucket[] = [];
  for (const r of rows(hsSeries)) {
    const clients = num(r.clients), samples = num(r.samples);
    if (clients === undefined || !samples) continue;
    hotspots.push({ time: r.time, hotspot: str(r.hotspot), controller: str(r.controller), clients, samples });
  }
  const optics: OpticsBucket[] = [];
  for (const r of rows(opSeries)) {
    const samples = num(r.samples);
    if (!samples) continue;
    const levels: OpticsLevels = {};
    for (const { key, field } of OPTICS_FIELDS) { const v = num(r[field]); if (v !== undefined) levels[key] = v; }
    optics.push({ time: r.time, segment: str(r.segment), device: str(r.device), ifIndex: Number(r.if_index), ifName: str(r.if_name) || undefined, levels, samples });
  }
  return { interfaces, hotspots, polls, optics, from, to };
}

/** Computes and writes the rollup of the buckets intersecting [fromMs, toMs); returns what it wrote. */
export async function rollupRange(store: InfluxStore, fromMs: number, toMs: number, scope: RollupScope & { batch?: number } = {}): Promise<RollupResult> {
  const r = await computeRollup(store, fromMs, toMs, scope);
  const batch = scope.batch ?? 5000;
  const lines = [...r.interfaces.map(interfaceBucketLine), ...r.hotspots.map(hotspotBucketLine), ...r.polls.map(pollBucketLine), ...r.optics.map(opticsBucketLine)];
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
