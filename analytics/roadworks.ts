// Planned roadworks as fibre opportunities (issue #12). Pure: plain data in and out.
//
// Geometry: "the part of a line inside a worksite buffered by r metres" is computed exactly, without building
// a buffer polygon (turf's buffer approximates arcs with chords): a point of the line is inside the buffer
// when it lies inside the polygon or within r of one of its edges. Per line piece, each edge contributes the
// interval where the piece crosses the edge's capsule (a convex set, so one interval), and the polygon
// itself contributes the intervals between the piece's crossings of its rings whose midpoints are inside.
// Everything is computed in a local metric frame: an equirectangular projection centred on the line, on
// turf's sphere (R = 6,371,008.8 m) so that lengths agree with the cadastre's turf lengths; over the few
// kilometres of a segment its scale error is below 0.03 %.
import type { LonLat } from '../config/schema.js';
import { isoDay } from '../common/units.js';
import { render, sentence, type Sentence, type WorksiteWords } from '../common/i18n.js';
import { dateEndMs, dateStartMs, type WorksiteCollection } from '../config/worksites.js';

export const EARTH_RADIUS_METRES = 6_371_008.8;
import { DAY_MS } from '../common/time.js';

type XY = [number, number];

export interface LocalFrame {
  lon0: number;
  lat0: number;
  /** Metres per degree of longitude and latitude at lat0. */
  kx: number;
  ky: number;
}

export function localFrame(lon0: number, lat0: number): LocalFrame {
  const ky = (EARTH_RADIUS_METRES * Math.PI) / 180;
  return { lon0, lat0, ky, kx: ky * Math.cos((lat0 * Math.PI) / 180) };
}

/** A frame centred on the middle of the bounding box of some positions. */
export function frameFor(points: ReadonlyArray<ReadonlyArray<number>>): LocalFrame {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const p of points) { minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]); minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]); }
  return localFrame((minX + maxX) / 2, (minY + maxY) / 2);
}

export const project = (f: LocalFrame, p: ReadonlyArray<number>): XY => [(p[0] - f.lon0) * f.kx, (p[1] - f.lat0) * f.ky];
export const unproject = (f: LocalFrame, p: XY): LonLat => [f.lon0 + p[0] / f.kx, f.lat0 + p[1] / f.ky];

/** Polygon or MultiPolygon coordinates as a list of polygons, each a list of rings. */
export type Polygons = ReadonlyArray<ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>>;
export function polygonsOf(g: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] }): Polygons {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

type Interval = [number, number];

/** t-interval of A + t·d (t in [0, 1]) inside the disc of radius r around C, or null. */
function discInterval(A: XY, d: XY, C: XY, r: number): Interval | null {
  const ax = A[0] - C[0], ay = A[1] - C[1];
  const a = d[0] * d[0] + d[1] * d[1];
  const b = 2 * (d[0] * ax + d[1] * ay);
  const c = ax * ax + ay * ay - r * r;
  const disc = b * b - 4 * a * c;
  if (a === 0 || disc < 0) return null;
  const s = Math.sqrt(disc);
  const t0 = Math.max(0, (-b - s) / (2 * a)), t1 = Math.min(1, (-b + s) / (2 * a));
  return t0 <= t1 ? [t0, t1] : null;
}

/** t-interval of A + t·d inside the rectangle {0 ≤ u ≤ |CD|, |v| ≤ r} along CD (Liang–Barsky), or null. */
function slabInterval(A: XY, d: XY, C: XY, D: XY, r: number): Interval | null {
  const ex = D[0] - C[0], ey = D[1] - C[1];
  const len = Math.hypot(ex, ey);
  if (len === 0) return null;
  const ux = ex / len, uy = ey / len;
  const u0 = (A[0] - C[0]) * ux + (A[1] - C[1]) * uy, du = d[0] * ux + d[1] * uy;
  const v0 = -(A[0] - C[0]) * uy + (A[1] - C[1]) * ux, dv = -d[0] * uy + d[1] * ux;
  let lo = 0, hi = 1;
  // Each constraint p + q·t ≥ 0.
  for (const [p, q] of [[u0, du], [len - u0, -du], [v0 + r, dv], [r - v0, -dv]] as const) {
    if (q === 0) { if (p < 0) return null; continue; }
    const t = -p / q;
    if (q > 0) lo = Math.max(lo, t); else hi = Math.min(hi, t);
    if (lo > hi) return null;
  }
  return [lo, hi];
}

/** t-interval of A + t·d within r of the edge CD (its capsule). */
function capsuleInterval(A: XY, d: XY, C: XY, D: XY, r: number): Interval | null {
  let lo = Infinity, hi = -Infinity;
  for (const iv of [discInterval(A, d, C, r), discInterval(A, d, D, r), slabInterval(A, d, C, D, r)]) {
    if (iv) { lo = Math.min(lo, iv[0]); hi = Math.max(hi, iv[1]); }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Even-odd point-in-polygon over all rings (holes included). */
function inside(p: XY, rings: ReadonlyArray<ReadonlyArray<XY>>): boolean {
  let inn = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inn = !inn;
    }
  }
  return inn;
}

/** Parameter t on A + t·d where it crosses the segment CD, or null. */
function crossing(A: XY, d: XY, C: XY, D: XY): number | null {
  const ex = D[0] - C[0], ey = D[1] - C[1];
  const den = d[0] * ey - d[1] * ex;
  if (den === 0) return null;
  const wx = C[0] - A[0], wy = C[1] - A[1];
  const t = (wx * ey - wy * ex) / den;
  const s = (wx * d[1] - wy * d[0]) / den;
  return t >= 0 && t <= 1 && s >= 0 && s <= 1 ? t : null;
}

function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = list.filter((iv) => iv[1] > iv[0]).sort((p, q) => p[0] - q[0]);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push([iv[0], iv[1]]);
  }
  return out;
}

export interface Coverage {
  /** Metres of the line within the corridor. */
  metres: number;
  /** Length of the whole line, metres (same frame). */
  lineMetres: number;
  /** The covered parts, WGS84. */
  parts: LonLat[][];
}

/**
 * The part of `line` (WGS84 positions) that lies inside any of `polygons` buffered by `corridorMetres`.
 * Exact for the true (round-cornered) buffer, up to the local projection.
 */
export function coveredPart(line: ReadonlyArray<LonLat>, polygons: Polygons, corridorMetres: number, frame: LocalFrame = frameFor(line)): Coverage {
  const P = line.map((p) => project(frame, p));
  const rings: XY[][] = [];
  const polys: XY[][][] = polygons.map((poly) => poly.map((ring) => ring.map((p) => project(frame, p))));
  for (const poly of polys) for (const ring of poly) rings.push(ring);
  // Cheap rejection: the line's bounding box against the corridor-padded polygons' box.
  let pminX = Infinity, pmaxX = -Infinity, pminY = Infinity, pmaxY = -Infinity;
  for (const ring of rings) for (const [x, y] of ring) { pminX = Math.min(pminX, x); pmaxX = Math.max(pmaxX, x); pminY = Math.min(pminY, y); pmaxY = Math.max(pmaxY, y); }
  const r = corridorMetres;
  let lineMetres = 0;
  let metres = 0;
  const parts: LonLat[][] = [];
  let open: LonLat[] | null = null;
  for (let i = 0; i + 1 < P.length; i++) {
    const A = P[i], B = P[i + 1];
    const d: XY = [B[0] - A[0], B[1] - A[1]];
    const len = Math.hypot(d[0], d[1]);
    lineMetres += len;
    if (len === 0) continue;
    const outside = Math.max(A[0], B[0]) < pminX - r || Math.min(A[0], B[0]) > pmaxX + r
      || Math.max(A[1], B[1]) < pminY - r || Math.min(A[1], B[1]) > pmaxY + r;
    const intervals: Interval[] = [];
    if (!outside) {
      for (const poly of polys) {
        const ts = [0, 1];
        for (const ring of poly) {
          for (let k = 0; k + 1 < ring.length; k++) {
            const iv = capsuleInterval(A, d, ring[k], ring[k + 1], r);
            if (iv) intervals.push(iv);
            const t = crossing(A, d, ring[k], ring[k + 1]);
            if (t !== null) ts.push(t);
          }
        }
        ts.sort((p, q) => p - q);
        for (let k = 0; k + 1 < ts.length; k++) {
          if (ts[k + 1] <= ts[k]) continue;
          const m = (ts[k] + ts[k + 1]) / 2;
          if (inside([A[0] + m * d[0], A[1] + m * d[1]], poly)) intervals.push([ts[k], ts[k + 1]]);
        }
      }
    }
    const merged = mergeIntervals(intervals);
    for (const [t0, t1] of merged) {
      metres += (t1 - t0) * len;
      const p0 = unproject(frame, [A[0] + t0 * d[0], A[1] + t0 * d[1]]);
      const p1 = unproject(frame, [A[0] + t1 * d[0], A[1] + t1 * d[1]]);
      // A covered stretch that runs on across a vertex continues the same part.
      if (open && t0 === 0) open.push(p1);
      else { open = [p0, p1]; parts.push(open); }
    }
    if (!merged.length || merged[merged.length - 1][1] < 1) open = null;
  }
  return { metres, lineMetres, parts };
}

// ---------------------------------------------------------------------------------------------------------
// Opportunities

export interface Worksite {
  id: string;
  label: string;
  status: string | null;
  road: string | null;
  /** Epoch ms; null when Osiris has no programmed date. */
  start: number | null;
  /** End of the programmed works, epoch ms (a date alone means the end of that day, UTC). */
  end: number | null;
  /** The programmed dates as published, for sentences. */
  startDate: string | null;
  endDate: string | null;
  polygons: Polygons;
  synthetic?: boolean;
}

export interface SegmentForecast {
  segment: string;
  /** When the forecast reaches lit × maxLoad, epoch ms (past when already reached), or null. */
  crossesAt: number | null;
  /** The fitted line is at or above the threshold at the end of the window. */
  aboveNow: boolean;
  thresholdBps: number;
}

export interface OpportunitySegment { id: string; a: string; b: string; route: ReadonlyArray<LonLat>; lengthMetres: number }
export interface OpportunityTarget { id: string; name: string; kind: string; coordinates: LonLat }
export interface OpportunitySite { id: string; name: string; coordinates: LonLat }

export interface OpportunityInput {
  /** The time of the request; the analysis runs on its UTC day (from its start), so answers hold all day. */
  now: number;
  horizonDays: number;
  corridorMetres: number;
  maxLoad: number;
  civilWorksPerMetreCents: number;
  coverageRadiusMetres: number;
  segments: readonly OpportunitySegment[];
  forecasts: readonly SegmentForecast[];
  worksites: readonly Worksite[];
  targets: readonly OpportunityTarget[];
  /** Hotspot positions, for "target without coverage". */
  hotspots: ReadonlyArray<{ id: string; coordinates: LonLat }>;
  /** Sites with a switch or router: the fibre sites a backhaul can reach. */
  fibreSites: readonly OpportunitySite[];
}

interface OpportunityBase {
  worksite: { id: string; label: string; road: string | null; status: string | null; startDate: string | null; endDate: string | null; synthetic: boolean };
  /** Metres of the route or line inside the worksite's corridor. */
  coveredMetres: number;
  /** Whole metres × civil-works price per metre, euro cents. */
  valueCents: number;
  /** In English; `i18n` is the same sentence as values, which the API renders in the reader's language. */
  sentence: string;
  i18n: Sentence;
  rank: number;
  /** The covered parts, WGS84, for the map. */
  parts: LonLat[][];
}

export interface CapacityOpportunity extends OpportunityBase {
  kind: 'capacity';
  segment: string;
  segmentLengthMetres: number;
  /** coveredMetres / the route's length along its geometry, 0..1. */
  share: number;
  /** ISO date the forecast reaches maxLoad; null when it already has ("already above"). */
  crossingDate: string | null;
  alreadyAbove: boolean;
  /** Whole weeks between the end of the works and the crossing; 0 when already above. */
  marginWeeks: number;
  marginDays: number;
}

export interface ReachOpportunity extends OpportunityBase {
  kind: 'reach';
  target: { id: string; name: string; kind: string };
  site: { id: string; name: string };
  backhaulMetres: number;
  /** The straight backhaul line from the target to the nearest fibre site. */
  line: [LonLat, LonLat];
}

export type Opportunity = CapacityOpportunity | ReachOpportunity;

export interface OpportunityResult {
  rules: string[];
  horizonDays: number;
  corridorMetres: number;
  capacitySegments: number;
  uncoveredTargets: number;
  /** Worksites left out of capacity opportunities because Osiris has no programmed end. */
  worksitesWithoutEnd: string[];
  opportunities: Opportunity[];
}

export const OPPORTUNITY_RULES = [
  'Capacity: a segment qualifies when its forecast (least-squares trend of daily p95) reaches lit capacity × maxLoad within the horizon or is already above it. A worksite qualifies when its corridor (its geometry buffered by worksCorridorMetres) covers part of the route, its programmed end is known, not past, and before the crossing date; for a segment already above, every unfinished worksite qualifies.',
  'Reach: a target is without coverage when no hotspot lies within the coverage radius; its backhaul is the straight line to the nearest site with a switch or router. A worksite qualifies when its corridor covers part of that line and it is not finished (or has no programmed end).',
  'Covered metres are measured along the route inside the exact buffer, in a local metric frame. Value = whole covered metres × civilWorksPerMetreCents.',
  'Ranked by value (highest first), then capacity before reach, then subject id, then worksite id.',
];

function worksiteRef(w: Worksite): OpportunityBase['worksite'] {
  return { id: w.id, label: w.label, road: w.road, status: w.status, startDate: w.startDate, endDate: w.endDate, synthetic: w.synthetic === true };
}

/** The worksite as sentences name it: its first and last programmed days (a date alone ends at the end of that day). */
function worksiteWords(w: Worksite): WorksiteWords {
  const lastDay = w.endDate && w.end !== null ? w.end - (w.endDate.length === 10 ? DAY_MS : 0) : null;
  const firstDay = w.start !== null && w.startDate && lastDay !== null ? w.start : null;
  return { id: w.id, road: w.road, firstDay, lastDay, synthetic: w.synthetic === true };
}

function bbox(points: ReadonlyArray<ReadonlyArray<number>>): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const p of points) { a = Math.min(a, p[0]); b = Math.min(b, p[1]); c = Math.max(c, p[0]); d = Math.max(d, p[1]); }
  return [a, b, c, d];
}

export function findOpportunities(input: OpportunityInput): OpportunityResult {
  const { corridorMetres: r } = input;
  // Whole UTC days, like the forecasts: a worksite ending today is unfinished all day, a crossing today is
  // "already above" all day, and the horizon ends at a midnight.
  const now = Math.floor(input.now / DAY_MS) * DAY_MS;
  const horizonEnd = now + input.horizonDays * DAY_MS;
  // Bounding boxes padded by the corridor in degrees (generous: 1° lat ≥ 110 km, lon at ≤ 60° lat ≥ 55 km).
  const padLat = (r * 1.01) / 110_000, padLon = (r * 1.01) / 55_000;
  const boxes = input.worksites.map((w) => {
    const pts = w.polygons.flatMap((poly) => poly.flatMap((ring) => ring));
    const [a, b, c, d] = bbox(pts);
    return [a - padLon, b - padLat, c + padLon, d + padLat] as const;
  });
  const near = (line: ReadonlyArray<LonLat>): number[] => {
    const [a, b, c, d] = bbox(line);
    const out: number[] = [];
    boxes.forEach((bx, i) => { if (bx[0] <= c && bx[2] >= a && bx[1] <= d && bx[3] >= b) out.push(i); });
    return out;
  };
  const unfinished = (w: Worksite): boolean => w.end === null || w.end > now;

  const opportunities: Opportunity[] = [];
  const forecastBy = new Map(input.forecasts.map((f) => [f.segment, f]));
  let capacitySegments = 0;
  for (const s of input.segments) {
    const f = forecastBy.get(s.id);
    if (!f) continue;
    const alreadyAbove = f.aboveNow || (f.crossesAt !== null && f.crossesAt <= now);
    if (!alreadyAbove && (f.crossesAt === null || f.crossesAt > horizonEnd)) continue;
    capacitySegments++;
    const frame = frameFor(s.route);
    for (const i of near(s.route)) {
      const w = input.worksites[i];
      if (w.end === null || w.end <= now) continue;
      if (!alreadyAbove && !(w.end < (f.crossesAt as number))) continue;
      const cov = coveredPart(s.route, w.polygons, r, frame);
      if (cov.metres <= 0) continue;
      const whole = Math.round(cov.metres);
      const marginDays = alreadyAbove ? 0 : Math.floor(((f.crossesAt as number) - w.end) / DAY_MS);
      const crossingDate = alreadyAbove ? null : isoDay(f.crossesAt as number);
      const i18n = alreadyAbove
        ? sentence('roadworks.capacityAbove', { works: worksiteWords(w), coveredMetres: cov.metres, segment: s.id, maxLoadPct: input.maxLoad * 100 })
        : sentence('roadworks.capacityCrossing', {
          works: worksiteWords(w), coveredMetres: cov.metres, segment: s.id, maxLoadPct: input.maxLoad * 100,
          crossesAt: f.crossesAt as number, marginWeeks: Math.floor(marginDays / 7),
        });
      opportunities.push({
        kind: 'capacity', segment: s.id, segmentLengthMetres: s.lengthMetres, worksite: worksiteRef(w),
        coveredMetres: cov.metres, share: cov.lineMetres > 0 ? cov.metres / cov.lineMetres : 0,
        crossingDate, alreadyAbove, marginDays, marginWeeks: Math.floor(marginDays / 7),
        valueCents: whole * input.civilWorksPerMetreCents, sentence: render(i18n, 'en'), i18n, rank: 0, parts: cov.parts,
      });
    }
  }

  let uncoveredTargets = 0;
  for (const t of input.targets) {
    const covered = input.hotspots.some((h) => greatCircleMetres(h.coordinates, t.coordinates) <= input.coverageRadiusMetres);
    if (covered) continue;
    uncoveredTargets++;
    let best: { site: OpportunitySite; metres: number } | null = null;
    for (const site of input.fibreSites) {
      const m = greatCircleMetres(t.coordinates, site.coordinates);
      if (!best || m < best.metres || (m === best.metres && site.id < best.site.id)) best = { site, metres: m };
    }
    if (!best || best.metres === 0) continue;
    const line: [LonLat, LonLat] = [t.coordinates, best.site.coordinates];
    const frame = frameFor(line);
    for (const i of near(line)) {
      const w = input.worksites[i];
      if (!unfinished(w)) continue;
      const cov = coveredPart(line, w.polygons, r, frame);
      if (cov.metres <= 0) continue;
      const i18n = sentence('roadworks.reach', {
        works: worksiteWords(w), coveredMetres: cov.metres, backhaulMetres: best.metres, target: t.name, targetKind: t.kind,
        radiusMetres: input.coverageRadiusMetres, site: best.site.name,
      });
      opportunities.push({
        kind: 'reach', target: { id: t.id, name: t.name, kind: t.kind }, site: { id: best.site.id, name: best.site.name },
        backhaulMetres: best.metres, line, worksite: worksiteRef(w), coveredMetres: cov.metres,
        valueCents: Math.round(cov.metres) * input.civilWorksPerMetreCents, sentence: render(i18n, 'en'), i18n, rank: 0, parts: cov.parts,
      });
    }
  }

  const subject = (o: Opportunity): string => (o.kind === 'capacity' ? o.segment : o.target.id);
  const cmp = (p: string, q: string): number => (p < q ? -1 : p > q ? 1 : 0);
  opportunities.sort((p, q) => q.valueCents - p.valueCents
    || (p.kind === q.kind ? 0 : p.kind === 'capacity' ? -1 : 1)
    || cmp(subject(p), subject(q)) || cmp(p.worksite.id, q.worksite.id));
  opportunities.forEach((o, i) => { o.rank = i + 1; });

  const worksitesWithoutEnd = input.worksites.filter((w) => w.end === null).map((w) => w.id).sort(cmp);
  return {
    rules: OPPORTUNITY_RULES, horizonDays: input.horizonDays, corridorMetres: r,
    capacitySegments, uncoveredTargets, worksitesWithoutEnd, opportunities,
  };
}

/** Haversine on turf's sphere, metres (the same figure as turf's distance). */
export function greatCircleMetres(p: LonLat, q: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (q[1] - p[1]) * rad, dLon = (q[0] - p[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p[1] * rad) * Math.cos(q[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

/** The stored worksites as the analytics read them (label/road in French, else Dutch). */
export function toWorksites(c: WorksiteCollection): Worksite[] {
  return c.features.map((f) => {
    const p = f.properties;
    return {
      id: p.id_ws,
      label: p.label_fr ?? p.label_nl ?? p.id_ws,
      status: p.status_fr ?? p.status_nl ?? null,
      road: p.road_impl_fr ?? p.road_impl_nl ?? null,
      startDate: p.pgm_start_date ?? null,
      endDate: p.pgm_end_date ?? null,
      start: p.pgm_start_date ? dateStartMs(p.pgm_start_date) : null,
      end: p.pgm_end_date ? dateEndMs(p.pgm_end_date) : null,
      polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
      ...(p.synthetic ? { synthetic: true } : {}),
    };
  });
}
