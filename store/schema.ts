// The measurement schema: the contract between what the collector (and the simulator's backfill) writes
// and what the API, the Grafana dashboard and users' own queries read. Change names only with a
// migration note in the README.
import { Point } from '@influxdata/influxdb-client';
import { interfaceRef } from '../config/interfaces.js';
import type { MeasuredBy } from '../config/schema.js';
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
  /** 5-minute UTC buckets of `poll` per device (time = bucket start): whether the device answered. */
  poll5m: 'poll_5m',
  /** Optical DOM of a transceiver (port, or lane of a multi-lane module), one point per poll. */
  optics: 'optics',
  /** 5-minute UTC buckets of `optics` (segment-mapped ports): mean levels, the thresholds last reported. */
  optics5m: 'optics_5m',
} as const;

/**
 * Times the store can answer for: InfluxDB keeps int64 nanoseconds, 1677-09-21T00:12:43Z to 2262-04-11T23:47:16Z;
 * the API accepts 1680-01-01 to 2260-01-01, two years inside, so that no window (≤ 400 days) or look-back before
 * it (≤ 400 days, the last poll of /api/devices) reaches past the store's limits, which InfluxDB answers with a
 * parse error ("overflowed duration").
 */
export const STORE_TIME_RANGE = { from: Date.UTC(1680, 0, 1), to: Date.UTC(2260, 0, 1) } as const;

export const BUCKET_MS = 5 * 60_000;
/** Optics change slowly: the collector reads a device's DOM at most once per this interval (one point per bucket). */
export const OPTICS_INTERVAL_MS = BUCKET_MS;
export const bucketStart = (t: number): number => Math.floor(t / BUCKET_MS) * BUCKET_MS;

/** `empty`: the device answered but a table its profile needs had no row. */
export type PollStatus = 'ok' | 'empty' | 'timeout' | 'auth_error' | 'error';

/**
 * One interface at one poll. Its series identity is (device, ifIndex): two interfaces of a device sharing a
 * name never share a series. ifName, ifDescr and ifAlias are tags to read by; a column the device does not
 * serve is absent (unknown), never false or 0.
 */
export interface InterfaceSample {
  time: number;
  device: string;
  ifIndex: number;
  ifName?: string;
  ifDescr?: string;
  ifAlias?: string;
  /** Present when the cadastre maps this interface to a segment. */
  segment?: string;
  /** Bits per second over the interval ending at `time`; absent on the first sample and after a reset. */
  inBps?: number;
  outBps?: number;
  /** Errored and discarded packets per second over the same interval (IF-MIB ifIn/OutErrors, ifIn/OutDiscards). */
  inErrorsPs?: number;
  outErrorsPs?: number;
  inDiscardsPs?: number;
  outDiscardsPs?: number;
  operUp?: boolean;
  adminUp?: boolean;
  speedBps?: number;
}

/**
 * A device-given name as a tag value. Line protocol cannot carry a backslash at the end of a tag value or before
 * a space, comma or = (it would escape the separator: a real Arista's ifAlias `\A EDICION-1\` broke its whole
 * line), so such a backslash is written as ∖ (U+2216).
 */
export const deviceTag = (v: string | undefined): string | undefined => v?.replace(/\\(?=$|[ ,=])/g, '\u2216');

/** The tag of `interface`/`interface_5m` that holds each way measuredBy can name an interface. */
export const INTERFACE_TAG = { ifName: 'if_name', ifAlias: 'if_alias', ifIndex: 'if_index' } as const;

/** True when a series' tags are those of the interface a segment's measuredBy names. */
export function measuredByMatches(m: MeasuredBy, tags: Readonly<Record<string, unknown>>): boolean {
  const r = interfaceRef(m);
  return tags.device === m.device && tags[INTERFACE_TAG[r.key]] === deviceTag(r.value);
}

/** What a transceiver reports: rx and tx power (dBm), laser bias current (mA), temperature (°C). */
export const OPTICS_QUANTITIES = ['rx', 'tx', 'bias', 'temp'] as const;
export type OpticsQuantity = (typeof OPTICS_QUANTITIES)[number];
const OPTICS_UNIT: Record<OpticsQuantity, string> = { rx: 'dbm', tx: 'dbm', bias: 'ma', temp: 'c' };
const LEVELS = [['', ''], ['LowAlarm', '_low_alarm'], ['LowWarn', '_low_warn'], ['HighWarn', '_high_warn'], ['HighAlarm', '_high_alarm']] as const;
type LevelSuffix = (typeof LEVELS)[number][0];
/** A reading and the thresholds the device reports for it: rx, rxLowAlarm, rxLowWarn, rxHighWarn, rxHighAlarm, tx… */
export type OpticsLevels = Partial<Record<`${OpticsQuantity}${LevelSuffix}`, number>>;
/** Each OpticsLevels key and its field name, the unit in the name: rx → rx_dbm, rxLowAlarm → rx_low_alarm_dbm, bias → bias_ma. */
export const OPTICS_FIELDS: ReadonlyArray<{ key: keyof OpticsLevels; field: string }> = OPTICS_QUANTITIES
  .flatMap((q) => LEVELS.map(([k, f]) => ({ key: `${q}${k}` as keyof OpticsLevels, field: `${q}${f}_${OPTICS_UNIT[q]}` })))
  .sort((a, b) => (a.field < b.field ? -1 : 1));

/**
 * One transceiver (a port, or a lane of a multi-lane module) at one poll. Series identity: (device, ifIndex,
 * lane); lane 0, the module's own reading, is written without a lane tag.
 */
export interface OpticsSample extends OpticsLevels {
  time: number;
  device: string;
  ifIndex: number;
  lane: number;
  ifName?: string;
  segment?: string;
}

export interface HotspotSample {
  time: number;
  hotspot: string;
  controller: string;
  clients: number;
  /** Absent when the controller serves no AP status: unknown, not down. */
  up?: boolean;
  /** Absent for one AP; `ssid` or `controller` when the vendor exposes only per-SSID or per-controller totals. */
  scope?: 'ssid' | 'controller';
}

export interface PollSample {
  time: number;
  device: string;
  status: PollStatus;
  durationMs: number;
  values: number;
}

/** True when the sample has a field to write (line protocol needs one): something about the interface is known. */
export const interfaceHasFields = (s: InterfaceSample): boolean =>
  s.operUp !== undefined || s.adminUp !== undefined || s.speedBps !== undefined || s.inBps !== undefined || s.outBps !== undefined
  || s.inErrorsPs !== undefined || s.outErrorsPs !== undefined || s.inDiscardsPs !== undefined || s.outDiscardsPs !== undefined;

export interface InterfaceBucket {
  /** Bucket start. */
  time: number;
  segment: string;
  device: string;
  /** Absent on buckets of points written before interfaces were identified by ifIndex. */
  ifIndex?: number;
  ifName?: string;
  ifAlias?: string;
  inBps: number;
  outBps: number;
  samples: number;
  /** Whether the interface was operationally up in most of the bucket's samples (ties: up). */
  operUp?: boolean;
}

export interface PollBucket {
  /** Bucket start. */
  time: number;
  device: string;
  /** Polls in the bucket, and how many got an answer (status ok, or empty: the device answered with empty tables). */
  polls: number;
  ok: number;
}

/** A device answered in a bucket when at least half of its polls there succeeded. */
export const answered = (b: Pick<PollBucket, 'polls' | 'ok'>): boolean => b.ok * 2 >= b.polls;

export interface OpticsBucket {
  time: number;
  segment: string;
  device: string;
  ifIndex: number;
  ifName?: string;
  /** Means of rx, tx, bias and temp over the bucket; the thresholds as last reported in it. */
  levels: OpticsLevels;
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


const optTag = (p: Point, k: string, v: string | undefined): void => { if (v) p.tag(k, v); };
const optFloat = (p: Point, k: string, v: number | undefined): void => { if (v !== undefined) p.floatField(k, v); };

export function interfaceLine(s: InterfaceSample): string {
  const p = new Point(M.interface).tag('device', s.device).tag('if_index', String(s.ifIndex));
  optTag(p, 'if_name', deviceTag(s.ifName));
  optTag(p, 'if_descr', deviceTag(s.ifDescr));
  optTag(p, 'if_alias', deviceTag(s.ifAlias));
  optTag(p, 'segment', s.segment);
  optFloat(p, 'in_bps', s.inBps);
  optFloat(p, 'out_bps', s.outBps);
  optFloat(p, 'in_errors_ps', s.inErrorsPs);
  optFloat(p, 'out_errors_ps', s.outErrorsPs);
  optFloat(p, 'in_discards_ps', s.inDiscardsPs);
  optFloat(p, 'out_discards_ps', s.outDiscardsPs);
  if (s.operUp !== undefined) p.booleanField('oper_up', s.operUp);
  if (s.adminUp !== undefined) p.booleanField('admin_up', s.adminUp);
  if (s.speedBps !== undefined) p.intField('speed_bps', s.speedBps);
  return line(p.timestamp(s.time));
}

export function hotspotLine(s: HotspotSample): string {
  const p = new Point(M.hotspot).tag('hotspot', s.hotspot).tag('controller', s.controller).intField('clients', s.clients);
  optTag(p, 'scope', s.scope);
  if (s.up !== undefined) p.booleanField('up', s.up);
  return line(p.timestamp(s.time));
}

export function pollLine(s: PollSample): string {
  return line(new Point(M.poll).tag('device', s.device).tag('status', s.status)
    .floatField('duration_ms', s.durationMs).intField('values', s.values).timestamp(s.time));
}

export const opticsHasFields = (s: OpticsLevels): boolean => OPTICS_FIELDS.some(({ key }) => s[key] !== undefined);

export function opticsLine(s: OpticsSample): string {
  const p = new Point(M.optics).tag('device', s.device).tag('if_index', String(s.ifIndex));
  optTag(p, 'if_name', deviceTag(s.ifName));
  if (s.lane) p.tag('lane', String(s.lane));
  optTag(p, 'segment', s.segment);
  for (const { key, field } of OPTICS_FIELDS) optFloat(p, field, s[key]);
  return line(p.timestamp(s.time));
}

export function opticsBucketLine(b: OpticsBucket): string {
  const p = new Point(M.optics5m).tag('segment', b.segment).tag('device', b.device).tag('if_index', String(b.ifIndex));
  optTag(p, 'if_name', deviceTag(b.ifName));
  for (const { key, field } of OPTICS_FIELDS) optFloat(p, field, b.levels[key]);
  return line(p.intField('samples', b.samples).timestamp(b.time));
}

export function interfaceBucketLine(b: InterfaceBucket): string {
  const p = new Point(M.interface5m).tag('segment', b.segment).tag('device', b.device);
  if (b.ifIndex !== undefined) p.tag('if_index', String(b.ifIndex));
  optTag(p, 'if_name', deviceTag(b.ifName));
  optTag(p, 'if_alias', deviceTag(b.ifAlias));
  p.floatField('in_bps', b.inBps).floatField('out_bps', b.outBps).intField('samples', b.samples);
  if (b.operUp !== undefined) p.booleanField('oper_up', b.operUp);
  return line(p.timestamp(b.time));
}

export function pollBucketLine(b: PollBucket): string {
  return line(new Point(M.poll5m).tag('device', b.device)
    .booleanField('answered', answered(b)).intField('ok', b.ok).intField('polls', b.polls).timestamp(b.time));
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

const fieldPair = (k: string, v: number | undefined): string => (v !== undefined ? `,${k}=${fl(v)}` : '');
const boolPair = (k: string, v: boolean | undefined): string => (v !== undefined ? `,${k}=${v ? 'T' : 'F'}` : '');

export function interfaceLineFast(s: InterfaceSample): string {
  // Fields in sorted order, as Point writes them.
  const f = (boolPair('admin_up', s.adminUp) + fieldPair('in_bps', s.inBps)
    + fieldPair('in_discards_ps', s.inDiscardsPs) + fieldPair('in_errors_ps', s.inErrorsPs) + boolPair('oper_up', s.operUp)
    + fieldPair('out_bps', s.outBps) + fieldPair('out_discards_ps', s.outDiscardsPs) + fieldPair('out_errors_ps', s.outErrorsPs)
    + (s.speedBps !== undefined ? `,speed_bps=${Math.floor(s.speedBps)}i` : '')).slice(1);
  return `${M.interface}${tagPair('device', s.device)}${tagPair('if_alias', deviceTag(s.ifAlias))}${tagPair('if_descr', deviceTag(s.ifDescr))}${tagPair('if_index', String(s.ifIndex))}${tagPair('if_name', deviceTag(s.ifName))}${tagPair('segment', s.segment)} ${f} ${Math.floor(s.time)}`;
}

export function hotspotLineFast(s: HotspotSample): string {
  return `${M.hotspot}${tagPair('controller', s.controller)}${tagPair('hotspot', s.hotspot)}${tagPair('scope', s.scope)} clients=${Math.floor(s.clients)}i${boolPair('up', s.up)} ${Math.floor(s.time)}`;
}

export function pollLineFast(s: PollSample): string {
  return `${M.poll}${tagPair('device', s.device)}${tagPair('status', s.status)} duration_ms=${fl(s.durationMs)},values=${Math.floor(s.values)}i ${Math.floor(s.time)}`;
}

export function interfaceBucketLineFast(b: InterfaceBucket): string {
  const oper = b.operUp === undefined ? '' : `,oper_up=${b.operUp ? 'T' : 'F'}`;
  return `${M.interface5m}${tagPair('device', b.device)}${tagPair('if_alias', deviceTag(b.ifAlias))}${tagPair('if_index', b.ifIndex === undefined ? undefined : String(b.ifIndex))}${tagPair('if_name', deviceTag(b.ifName))}${tagPair('segment', b.segment)} in_bps=${fl(b.inBps)}${oper},out_bps=${fl(b.outBps)},samples=${Math.floor(b.samples)}i ${Math.floor(b.time)}`;
}

export function pollBucketLineFast(b: PollBucket): string {
  return `${M.poll5m}${tagPair('device', b.device)} answered=${answered(b) ? 'T' : 'F'},ok=${Math.floor(b.ok)}i,polls=${Math.floor(b.polls)}i ${Math.floor(b.time)}`;
}

export function opticsLineFast(s: OpticsSample): string {
  const f = OPTICS_FIELDS.map(({ key, field }) => fieldPair(field, s[key])).join('').slice(1);
  return `${M.optics}${tagPair('device', s.device)}${tagPair('if_index', String(s.ifIndex))}${tagPair('if_name', deviceTag(s.ifName))}${tagPair('lane', s.lane ? String(s.lane) : undefined)}${tagPair('segment', s.segment)} ${f} ${Math.floor(s.time)}`;
}

export function opticsBucketLineFast(b: OpticsBucket): string {
  const f = [...OPTICS_FIELDS.map(({ key, field }) => [field, fieldPair(field, b.levels[key])]), ['samples', `,samples=${Math.floor(b.samples)}i`]]
    .sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([, v]) => v).join('');
  return `${M.optics5m}${tagPair('device', b.device)}${tagPair('if_index', String(b.ifIndex))}${tagPair('if_name', deviceTag(b.ifName))}${tagPair('segment', b.segment)} ${f.slice(1)} ${Math.floor(b.time)}`;
}

export function hotspotBucketLineFast(b: HotspotBucket): string {
  return `${M.hotspot5m}${tagPair('controller', b.controller)}${tagPair('hotspot', b.hotspot)} clients=${fl(b.clients)},samples=${Math.floor(b.samples)}i ${Math.floor(b.time)}`;
}
