// The demo's history of outages: deterministic from the seed and the UTC week, so that any 30-day window the
// demo backfills holds a few. Each week: a site's switch down for 15–90 min, a segment down for 10–60 min and a
// planned maintenance (a splice on a segment, 02:00–04:00 UTC on Tuesday, the segment down 45 min inside it);
// every other week a digger cuts a duct carrying two segments, which isolates several sites for 1–3 h.
import type { Cadastre, MaintenanceWindow } from '../config/schema.js';
import { buildGraph, dfsBridges } from '../analytics/resilience.js';
import { reachableSites } from '../analytics/routing.js';
import { BUCKET_MS } from '../store/schema.js';
import { DAY_MS, MINUTE_MS } from '../common/time.js';
import { hashString, mix32 } from './model.js';

export interface ScheduledOutage {
  /** Device or segment id. */
  id: string;
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  why: 'device-down' | 'segment-down' | 'duct-cut' | 'maintenance';
}

export interface OutageSchedule {
  devices: ScheduledOutage[];
  segments: ScheduledOutage[];
  maintenance: MaintenanceWindow[];
}

const WEEK_MS = 7 * DAY_MS;
// 1970-01-05 was a Monday: weeks start on Monday 00:00 UTC.
const MONDAY_MS = 4 * DAY_MS;

const ductCache = new WeakMap<Cadastre, [string, string] | null>();

/**
 * The duct a digger cuts: the pair of segments (neither between two core sites) whose joint cut isolates the most
 * sites from the core, at least three; ties by ids. Null when no pair does. A pair disconnects the network only if
 * the second is a bridge once the first is gone, so only those pairs are tried.
 */
export function ductCut(c: Cadastre): [string, string] | null {
  const hit = ductCache.get(c);
  if (hit !== undefined) return hit;
  const core = new Set(c.policy.coreSites);
  const edges = c.segments.map((s) => ({ id: s.id, a: s.a, b: s.b, lengthMetres: 1 }));
  const candidates = new Set(c.segments.filter((s) => !(core.has(s.a) && core.has(s.b))).map((s) => s.id));
  const siteIds = c.sites.map((s) => s.id);
  const from = c.policy.coreSites[0];
  let best: { pair: [string, string]; isolated: number } | null = null;
  for (const x of from === undefined ? [] : [...candidates].sort()) {
    const g = buildGraph(siteIds, edges.filter((e) => e.id !== x));
    for (const bi of dfsBridges(g).bridges) {
      const y = g.edges[bi].id;
      if (!candidates.has(y) || y < x) continue;
      const isolated = siteIds.length - reachableSites(edges, from as string, (e) => e.id !== x && e.id !== y).size;
      const better = !best || isolated > best.isolated || (isolated === best.isolated && `${x} ${y}` < best.pair.join(' '));
      if (isolated >= 3 && better) best = { pair: [x, y], isolated };
    }
  }
  const out = best?.pair ?? null;
  ductCache.set(c, out);
  return out;
}

/** The outages of [startMs, endMs) (those that overlap it). */
export function demoOutages(c: Cadastre, seed: number, startMs: number, endMs: number): OutageSchedule {
  const core = new Set(c.policy.coreSites);
  const switches = c.devices.filter((d) => d.role === 'switch' && !core.has(d.site)).map((d) => d.id).sort();
  const segments = c.segments.filter((s) => !(core.has(s.a) && core.has(s.b))).map((s) => s.id).sort();
  const duct = ductCut(c);
  const out: OutageSchedule = { devices: [], segments: [], maintenance: [] };
  const firstWeek = Math.floor((startMs - MONDAY_MS) / WEEK_MS);
  const lastWeek = Math.floor((endMs - 1 - MONDAY_MS) / WEEK_MS);
  for (let w = firstWeek; w <= lastWeek; w++) {
    const week = MONDAY_MS + w * WEEK_MS;
    const h = (k: number): number => mix32(hashString(`outages:${w}:${k}`, seed));
    // Starts a minute and a half into a bucket, as real failures do not wait for the grid.
    const startIn = (k: number): number => week + (h(k) % (7 * 288)) * BUCKET_MS + 90_000;
    if (switches.length) {
      const from = startIn(1);
      out.devices.push({ id: switches[h(2) % switches.length], from, to: from + (15 + (h(3) % 76)) * MINUTE_MS, why: 'device-down' });
    }
    if (segments.length) {
      const from = startIn(4);
      out.segments.push({ id: segments[h(5) % segments.length], from, to: from + (10 + (h(6) % 51)) * MINUTE_MS, why: 'segment-down' });
      // Tuesday 02:00–04:00 UTC: a planned splice; the segment is down 02:30–03:15.
      const mFrom = week + DAY_MS + 2 * 3_600_000;
      const spliced = segments[h(7) % segments.length];
      out.maintenance.push({
        id: `M-${new Date(mFrom).toISOString().slice(0, 10)}`, from: new Date(mFrom).toISOString(), to: new Date(mFrom + 2 * 3_600_000).toISOString(),
        sites: [], devices: [], segments: [spliced], reason: 'Planned fibre splice (synthetic)',
      });
      out.segments.push({ id: spliced, from: mFrom + 30 * MINUTE_MS, to: mFrom + 75 * MINUTE_MS, why: 'maintenance' });
    }
    if (duct && w % 2 === 0) {
      const from = startIn(8);
      const to = from + (60 + (h(9) % 121)) * MINUTE_MS;
      for (const id of duct) out.segments.push({ id, from, to, why: 'duct-cut' });
    }
  }
  const overlaps = (o: { from: number; to: number }): boolean => o.from < endMs && o.to > startMs;
  out.devices = out.devices.filter(overlaps);
  out.segments = out.segments.filter(overlaps);
  out.maintenance = out.maintenance.filter((m) => overlaps({ from: Date.parse(m.from), to: Date.parse(m.to) }));
  return out;
}

/** Whether an id is down at tMs in a list of outages. */
export function downAt(outages: readonly ScheduledOutage[], id: string, tMs: number): boolean {
  for (const o of outages) if (o.id === id && tMs >= o.from && tMs < o.to) return true;
  return false;
}
