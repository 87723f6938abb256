// The InfluxQL reads of the figures read model, availability, the launcher and the benchmarks, in one place beside the schema
// they read: each takes plain arguments and answers plain data (series of rows, counts, times). The device list
// (api/routes/devices.ts) and the evaluator's source (alerts/source.ts) keep theirs for now.
import { influxIdent, influxString, type InfluxStore, type Series } from './influx.js';
import { BUCKET_MS, deviceTag, INTERFACE_TAG, M } from './schema.js';
import { interfaceRef } from '../config/interfaces.js';
import type { MeasuredBy } from '../config/schema.js';

/** `time >= from AND time < to` (to optional), epoch ms. */
function timeRange(from: number, to?: number): string {
  return `time >= ${from}ms${to !== undefined ? ` AND time < ${to}ms` : ''}`;
}

export interface RollupRead {
  measurement: string;
  fields: readonly string[];
  /** The tag naming a series (segment, hotspot); `keys` select on it. */
  keyTag: string;
  /** Further tags each series is grouped by. */
  groupTags: readonly string[];
  /** Only these keys; null for every series. */
  keys: readonly string[] | null;
  from: number;
  to?: number;
}

/** The rollup buckets of [from, to): one series per key and group tags, rows [time, ...fields] in time order. */
export async function readRollups(store: InfluxStore, r: RollupRead): Promise<Series[]> {
  return store.query(rollupQuery(r));
}

/** The statement readRollups sends (the benchmark times influxd alone on the same text). */
export function rollupQuery(r: RollupRead): string {
  const fields = r.fields.map(influxIdent).join(', ');
  const cond = r.keys ? ` AND (${r.keys.map((k) => `${influxIdent(r.keyTag)} = ${influxString(k)}`).join(' OR ')})` : '';
  const groups = [r.keyTag, ...r.groupTags].map(influxIdent).join(', ');
  return `SELECT ${fields} FROM ${influxIdent(r.measurement)} WHERE ${timeRange(r.from, r.to)}${cond} GROUP BY ${groups}`;
}

/** How many values of `field` in `measurement` over [from, to) (to optional). */
export async function countPoints(store: InfluxStore, measurement: string, field: string, from: number, to?: number): Promise<number> {
  const [s] = await store.query(`SELECT count(${influxIdent(field)}) FROM ${influxIdent(measurement)} WHERE ${timeRange(from, to)}`);
  return Number(s?.values[0]?.[1] ?? 0);
}

/** The start of the newest interface rollup bucket, if any. */
export async function newestInterfaceRollup(store: InfluxStore): Promise<number | undefined> {
  const rows = await store.rows(`SELECT last("in_bps") FROM ${influxIdent(M.interface5m)}`);
  return rows[0]?.time;
}

/**
 * The start of the oldest interface rollup bucket at or after `from`, if any: where the history of the window
 * begins (a first start interrupted while it wrote the older days leaves the oldest of them unwritten).
 */
export async function oldestInterfaceRollup(store: InfluxStore, from: number): Promise<number | undefined> {
  const rows = await store.rows(`SELECT first("in_bps") FROM ${influxIdent(M.interface5m)} WHERE ${timeRange(from)}`);
  return rows[0]?.time;
}

/**
 * Per segment over the raw interface points of [from, to): p95 (InfluxQL's PERCENTILE, which rounds the rank),
 * mean and max of both directions. The benchmark's baseline only: the figures do not use it.
 */
export async function naiveSegmentSummaries(store: InfluxStore, from: number, to: number): Promise<Series[]> {
  return store.query(`SELECT PERCENTILE("out_bps", 95), PERCENTILE("in_bps", 95), MEAN("out_bps"), MEAN("in_bps"), MAX("out_bps"), MAX("in_bps") FROM ${influxIdent(M.interface)} WHERE ${timeRange(from, to)} GROUP BY "segment"`);
}

/** The raw rates of [from, to) of every interface measuring a segment, one series per device, ifName and segment. */
export async function rawSegmentRates(store: InfluxStore, from: number, to: number): Promise<Series[]> {
  return store.query(`SELECT "in_bps", "out_bps", "speed_bps" FROM ${influxIdent(M.interface)} WHERE ${timeRange(from, to)} AND "segment" != '' GROUP BY "device", "if_name", "segment"`);
}

/** The poll points of [from, to) (time, duration_ms, status), one series per device: the shard bench's account of every poll. */
export async function rawPolls(store: InfluxStore, from: number, to: number): Promise<Series[]> {
  return store.query(`SELECT "duration_ms", "status" FROM ${influxIdent(M.poll)} WHERE ${timeRange(from, to)} GROUP BY "device"`);
}

/** The raw client counts of [from, to), one series per controller and hotspot. */
export async function rawHotspotClients(store: InfluxStore, from: number, to: number): Promise<Series[]> {
  return store.query(`SELECT "clients" FROM ${influxIdent(M.hotspot)} WHERE ${timeRange(from, to)} GROUP BY "controller", "hotspot"`);
}

// Availability (analytics/availability.ts) reads the 5-minute rollups, since raw points age out long before a month
// is reported: only the exceptions (devices that did not answer, interfaces down) and the buckets with no poll.
export interface AvailabilityReadout {
  /** Per device: bucket starts (epoch ms, ascending) in which it did not answer. */
  deviceDown: Record<string, number[]>;
  /** Per segment: bucket starts in which its measuring interface was operationally down. */
  segmentDown: Record<string, number[]>;
  /** Bucket starts in [from, to) with no poll of any device. */
  noData: number[];
}

/** Reads [from, to) (bucket-aligned, epoch ms). */
export async function readAvailability(store: InfluxStore, from: number, to: number): Promise<AvailabilityReadout> {
  const range = `time >= ${from}ms AND time < ${to}ms`;
  const [down, oper, coverage] = await store.queryAll([
    `SELECT "answered" FROM ${influxIdent(M.poll5m)} WHERE ${range} AND "answered" = false GROUP BY "device"`,
    `SELECT "oper_up" FROM ${influxIdent(M.interface5m)} WHERE ${range} AND "oper_up" = false GROUP BY "segment"`,
    `SELECT count("polls") AS n FROM ${influxIdent(M.poll5m)} WHERE ${range} GROUP BY time(5m) fill(0)`,
  ].join('; '));
  const byTag = (series: typeof down | undefined, tag: string): Record<string, number[]> => {
    const out: Record<string, number[]> = {};
    for (const s of series ?? []) {
      const id = s.tags[tag];
      if (!id) continue;
      const times = (out[id] ??= []);
      for (const v of s.values) times.push(v[0] as number);
    }
    for (const times of Object.values(out)) times.sort((a, b) => a - b);
    return out;
  };
  // GROUP BY time() with fill(0) answers every bucket of the range; the query's first bucket may start before
  // `from` when `from` is not aligned, so buckets are taken from the answer, not assumed.
  const present = new Set<number>();
  for (const s of coverage ?? []) for (const v of s.values) if ((v[1] as number) > 0) present.add(v[0] as number);
  const noData: number[] = [];
  for (let t = from; t < to; t += BUCKET_MS) if (!present.has(t)) noData.push(t);
  return { deviceDown: byTag(down, 'device'), segmentDown: byTag(oper, 'segment'), noData };
}

export interface UsageBucket {
  /** Bucket start, epoch ms (5-minute UTC buckets). */
  time: number;
  /** Mean of the bucket's in_bps / out_bps points; null when the bucket has none for that field. */
  inBps: number | null;
  outBps: number | null;
}

/**
 * The 5-minute averages of one interface's raw rates over [from, to), the buckets holding at least one point:
 * what a circuit's 95th-percentile billing counts. Raw points, since the rollups cover only segment-mapped
 * interfaces (keep them at least 32 days for billed interfaces). The interface is named like a measuredBy.
 */
export async function interfaceBuckets(store: InfluxStore, iface: MeasuredBy, from: number, to: number): Promise<UsageBucket[]> {
  const ref = interfaceRef(iface);
  const q = `SELECT mean("in_bps") AS in_bps, mean("out_bps") AS out_bps FROM ${influxIdent(M.interface)} `
    + `WHERE "device" = ${influxString(iface.device)} AND ${influxIdent(INTERFACE_TAG[ref.key])} = ${influxString(deviceTag(ref.value) ?? ref.value)} AND ${timeRange(from, to)} `
    + 'GROUP BY time(5m) fill(none)';
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return (await store.rows(q)).map((r) => ({ time: r.time, inBps: num(r.in_bps), outBps: num(r.out_bps) }));
}
