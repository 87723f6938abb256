// The optics reads: per segment end, the rx power over a window as FIT_STEP_MS means of the 5-minute rollups
// (what the trend is fitted to: a month is 360 points per end, whatever the poll rate), the raw readings newer than
// the last rollup, and the thresholds and levels the transceiver last reported.
import type { Segment } from '../config/schema.js';
import { influxIdent, influxString, type InfluxStore } from './influx.js';
import { BUCKET_MS, M, OPTICS_FIELDS, type OpticsLevels } from './schema.js';

/** The trend is fitted to 2-hour means of rx power (x = the step's start). */
export const FIT_STEP_MS = 2 * 3_600_000;

export interface OpticsEndRead {
  /** `a`: the segment's measuring port (measuredBy); `b`: the far end's port (farEnd), when measured. */
  end: 'a' | 'b';
  device: string;
  ifIndex: number;
  ifName: string | null;
  /** rx power, dBm: FIT_STEP_MS means over the window, then raw readings newer than the last rollup. */
  points: Array<{ time: number; rxDbm: number }>;
  /** The newest reading of every level and threshold in the window. */
  latest: OpticsLevels;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Per segment id, its ends with optics in [from, to). A series belongs to end a when its device is the segment's
 * measuredBy device, to end b when it is the farEnd's (the collector tags both with the segment).
 */
export async function readSegmentOptics(store: InfluxStore, segments: readonly Segment[], from: number, to: number): Promise<Map<string, OpticsEndRead[]>> {
  const bySegment = new Map(segments.map((s) => [s.id, s]));
  const only = segments.length === 1 ? ` AND "segment" = ${influxString(segments[0].id)}` : ` AND "segment" != ''`;
  const range = `time >= ${Math.floor(from)}ms AND time < ${Math.floor(to)}ms`;
  const group = 'GROUP BY "segment", "device", "if_index", "if_name"';
  const lasts = OPTICS_FIELDS.map(({ field }) => `last(${influxIdent(field)}) AS ${field}`).join(', ');
  const [means, rolledLast, raw, rawLast, lastBucket] = await store.queryAll([
    `SELECT mean("rx_dbm") AS rx_dbm FROM ${influxIdent(M.optics5m)} WHERE ${range}${only} ${group}, time(${FIT_STEP_MS / 60_000}m) fill(none)`,
    `SELECT ${lasts} FROM ${influxIdent(M.optics5m)} WHERE ${range}${only} ${group}`,
    `SELECT "rx_dbm" FROM ${influxIdent(M.optics)} WHERE ${range}${only} AND "lane" = '' ${group}`,
    `SELECT ${lasts} FROM ${influxIdent(M.optics)} WHERE ${range}${only} AND "lane" = '' ${group}`,
    // One selector alone answers its point's time (several answer the range's start).
    `SELECT last("rx_dbm") FROM ${influxIdent(M.optics5m)} WHERE ${range}${only} ${group}`,
  ].join('; '));
  const ends = new Map<string, { segment: string; read: OpticsEndRead }>();
  const keyOf = (t: Record<string, string> | undefined): string => `${t?.segment}\u0000${t?.device}\u0000${t?.if_index}`;
  const endOf = (tags: Record<string, string> | undefined): OpticsEndRead | undefined => {
    const k = keyOf(tags);
    const known = ends.get(k);
    if (known) return known.read;
    const s = bySegment.get(tags?.segment ?? '');
    if (!s || !tags) return undefined;
    const end = tags.device === s.measuredBy.device ? 'a' : tags.device === s.farEnd?.device ? 'b' : undefined;
    if (!end) return undefined;
    const read: OpticsEndRead = { end, device: tags.device, ifIndex: Number(tags.if_index), ifName: tags.if_name || null, points: [], latest: {} };
    ends.set(k, { segment: s.id, read });
    return read;
  };
  for (const s of means ?? []) {
    const e = endOf(s.tags);
    for (const v of s.values) { const rx = num(v[1]); if (e && rx !== undefined) e.points.push({ time: Number(v[0]), rxDbm: rx }); }
  }
  // Raw readings newer than the end's last rollup bucket: the latest reading before its bucket is rolled up.
  const rolledUntil = new Map<string, number>();
  for (const s of lastBucket ?? []) {
    const t = num(s.values[0]?.[0]);
    if (t !== undefined) rolledUntil.set(keyOf(s.tags), t + BUCKET_MS);
  }
  for (const s of raw ?? []) {
    const e = endOf(s.tags);
    const after = rolledUntil.get(keyOf(s.tags)) ?? -Infinity;
    for (const v of s.values) { const rx = num(v[1]); if (e && rx !== undefined && Number(v[0]) >= after) e.points.push({ time: Number(v[0]), rxDbm: rx }); }
  }
  // Levels and thresholds: the rollup's last, then the raw last (newer) over it.
  for (const s of [...(rolledLast ?? []), ...(rawLast ?? [])]) {
    const e = endOf(s.tags);
    if (!e) continue;
    for (const { key, field } of OPTICS_FIELDS) {
      const v = num(s.values[0]?.[s.columns.indexOf(field)]);
      if (v !== undefined) e.latest[key] = v;
    }
  }
  const out = new Map<string, OpticsEndRead[]>();
  for (const { segment, read } of ends.values()) {
    read.points.sort((a, b) => a.time - b.time);
    out.set(segment, [...(out.get(segment) ?? []), read].sort((x, y) => x.end.localeCompare(y.end)));
  }
  return out;
}
