// Error and discard rates of the segments' measuring interfaces, from the raw `interface` points (the 5-minute
// rollups carry traffic only): the mean packets/s over a time range, per segment. The series are matched to
// segments the way the figures match them (the tag of the key measuredBy uses).
import type { Segment } from '../config/schema.js';
import { influxIdent, type InfluxStore } from './influx.js';
import { M, measuredByMatches } from './schema.js';

export interface ErrorRates {
  /** Mean errored/discarded packets per second over the range; null when the device serves no such counter. */
  inErrorsPs: number | null;
  outErrorsPs: number | null;
  inDiscardsPs: number | null;
  outDiscardsPs: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Per segment id, over [fromMs, toMs). Segments without a point in the range are absent. */
export async function readSegmentErrors(store: InfluxStore, segments: readonly Segment[], fromMs: number, toMs: number): Promise<Map<string, ErrorRates>> {
  const bySegment = new Map(segments.map((s) => [s.id, s]));
  const rows = await store.rows(
    `SELECT mean("in_errors_ps") AS in_errors_ps, mean("out_errors_ps") AS out_errors_ps, mean("in_discards_ps") AS in_discards_ps, `
    + `mean("out_discards_ps") AS out_discards_ps FROM ${influxIdent(M.interface)} WHERE time >= ${Math.floor(fromMs)}ms AND time < ${Math.floor(toMs)}ms `
    + `AND "segment" != '' GROUP BY "segment", "device", "if_index", "if_name", "if_alias"`,
  );
  const out = new Map<string, ErrorRates>();
  for (const r of rows) {
    const s = bySegment.get(String(r.segment));
    if (!s || !measuredByMatches(s.measuredBy, r)) continue;
    out.set(s.id, { inErrorsPs: num(r.in_errors_ps), outErrorsPs: num(r.out_errors_ps), inDiscardsPs: num(r.in_discards_ps), outDiscardsPs: num(r.out_discards_ps) });
  }
  return out;
}
