// The measurement schema: the contract between what the collector (and the simulator's backfill) writes
// and what the API, the Grafana dashboard and users' own queries read. Change names only with a
// migration note in the README.
import { Point } from '@influxdata/influxdb-client';
import type { Precision } from './influx.js';

/** Every write declares this precision; timestamps in this module are epoch milliseconds. */
export const PRECISION: Precision = 'ms';

export const M = {
  /** Raw interface rates, one point per poll. */
  interface: 'interface',
  /** Associated clients per AP, one point per poll. */
  hotspot: 'hotspot',
  /** One point per device poll: how it went. */
  poll: 'poll',
  /** 5-minute UTC buckets of `interface` (time = bucket start): the mean of the rates in the bucket. */
  interface5m: 'interface_5m',
  /** 5-minute UTC buckets of `hotspot` (time = bucket start). */
  hotspot5m: 'hotspot_5m',
} as const;

/**
 * Times the store can answer for: InfluxDB keeps int64 nanoseconds, 1677-09-21T00:12:43Z to 2262-04-11T23:47:16Z;
 * the API accepts 1680-01-01 to 2260-01-01, two years inside, so that no window (≤ 400 days) or look-back before
 * it (≤ 400 days, the last poll of /api/devices) reaches past the store's limits, which InfluxDB answers with a
 * parse error ("overflowed duration").
 */
export const STORE_TIME_RANGE = { from: Date.UTC(1680, 0, 1), to: Date.UTC(2260, 0, 1) } as const;

export const BUCKET_MS = 5 * 60_000;
export const bucketStart = (t: number): number => Math.floor(t / BUCKET_MS) * BUCKET_MS;

export type PollStatus = 'ok' | 'timeout' | 'auth_error' | 'error';

export interface InterfaceSample {
  time: number;
  device: string;
  ifName: string;
  /** Present when the cadastre maps this interface to a segment. */
  segment?: string;
  /** Bits per second over the interval ending at `time`; absent on the first sample and after a reset. */
  inBps?: number;
  outBps?: number;
  operUp: boolean;
  speedBps: number;
}

export interface HotspotSample {
  time: number;
  hotspot: string;
  controller: string;
  clients: number;
  up: boolean;
}

export interface PollSample {
  time: number;
  device: string;
  status: PollStatus;
  durationMs: number;
  values: number;
}

export interface InterfaceBucket {
  /** Bucket start. */
  time: number;
  segment: string;
  device: string;
  ifName: string;
  inBps: number;
  outBps: number;
  samples: number;
}

export interface HotspotBucket {
  time: number;
  hotspot: string;
  controller: string;
  clients: number;
  samples: number;
}

const line = (p: Point): string => {
  const s = p.toLineProtocol();
  if (s === undefined) throw new Error('a point without fields cannot be written');
  return s;
};

export function interfaceLine(s: InterfaceSample): string {
  const p = new Point(M.interface).tag('device', s.device).tag('if_name', s.ifName);
  if (s.segment) p.tag('segment', s.segment);
  if (s.inBps !== undefined) p.floatField('in_bps', s.inBps);
  if (s.outBps !== undefined) p.floatField('out_bps', s.outBps);
  return line(p.booleanField('oper_up', s.operUp).intField('speed_bps', s.speedBps).timestamp(s.time));
}

export function hotspotLine(s: HotspotSample): string {
  return line(new Point(M.hotspot).tag('hotspot', s.hotspot).tag('controller', s.controller)
    .intField('clients', s.clients).booleanField('up', s.up).timestamp(s.time));
}

export function pollLine(s: PollSample): string {
  return line(new Point(M.poll).tag('device', s.device).tag('status', s.status)
    .floatField('duration_ms', s.durationMs).intField('values', s.values).timestamp(s.time));
}

export function interfaceBucketLine(b: InterfaceBucket): string {
  return line(new Point(M.interface5m).tag('segment', b.segment).tag('device', b.device).tag('if_name', b.ifName)
    .floatField('in_bps', b.inBps).floatField('out_bps', b.outBps).intField('samples', b.samples).timestamp(b.time));
}

export function hotspotBucketLine(b: HotspotBucket): string {
  return line(new Point(M.hotspot5m).tag('hotspot', b.hotspot).tag('controller', b.controller)
    .floatField('clients', b.clients).intField('samples', b.samples).timestamp(b.time));
}

// Fast builders for bulk writers (the simulator's backfill writes tens of millions of points): the same lines
// as the Point-based builders above (tags and fields in sorted order, Point's escaping, empty tags omitted),
// without an object per point. test/sim/schema-fast.test.ts checks they agree.
const TAG_SPECIAL = /[ ,=\n\r\t]/;
function escTag(s: string): string {
  if (!TAG_SPECIAL.test(s)) return s;
  return s.replace(/[ ,=\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`));
}
const tagPair = (k: string, v: string | undefined): string => (v ? `,${k}=${escTag(v)}` : '');
const fl = (n: number): string => {
  if (!Number.isFinite(n)) throw new Error(`invalid float value: ${n}`);
  return String(n);
};

export function interfaceLineFast(s: InterfaceSample): string {
  let f = s.inBps !== undefined ? `in_bps=${fl(s.inBps)},` : '';
  f += `oper_up=${s.operUp ? 'T' : 'F'}`;
  if (s.outBps !== undefined) f += `,out_bps=${fl(s.outBps)}`;
  return `${M.interface}${tagPair('device', s.device)}${tagPair('if_name', s.ifName)}${tagPair('segment', s.segment)} ${f},speed_bps=${Math.floor(s.speedBps)}i ${Math.floor(s.time)}`;
}

export function hotspotLineFast(s: HotspotSample): string {
  return `${M.hotspot}${tagPair('controller', s.controller)}${tagPair('hotspot', s.hotspot)} clients=${Math.floor(s.clients)}i,up=${s.up ? 'T' : 'F'} ${Math.floor(s.time)}`;
}

export function pollLineFast(s: PollSample): string {
  return `${M.poll}${tagPair('device', s.device)}${tagPair('status', s.status)} duration_ms=${fl(s.durationMs)},values=${Math.floor(s.values)}i ${Math.floor(s.time)}`;
}

export function interfaceBucketLineFast(b: InterfaceBucket): string {
  return `${M.interface5m}${tagPair('device', b.device)}${tagPair('if_name', b.ifName)}${tagPair('segment', b.segment)} in_bps=${fl(b.inBps)},out_bps=${fl(b.outBps)},samples=${Math.floor(b.samples)}i ${Math.floor(b.time)}`;
}

export function hotspotBucketLineFast(b: HotspotBucket): string {
  return `${M.hotspot5m}${tagPair('controller', b.controller)}${tagPair('hotspot', b.hotspot)} clients=${fl(b.clients)},samples=${Math.floor(b.samples)}i ${Math.floor(b.time)}`;
}
