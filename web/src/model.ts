// What the page holds: the API's answers, turned into flat GeoJSON for the map (MapLibre expressions read
// flat numeric properties best) while the API's own objects stay at hand for the panels.
import type { Feature, FeatureCollection, Geometry, LineString, Point, Position } from 'geojson';
import type { HotspotFigures } from '../../analytics/model.js';
import type { SegmentItem } from '../../api/schemas.js';

/** A segment as GET /api/segments answers it: the figures of api/context.ts SegmentFigures plus names. */
export type SegmentFigures = SegmentItem;
export type { HotspotFigures };

export interface Site { id: string; name: string; kind: string; commune: string; coordinates: Position }
export interface Target { id: string; name: string; kind: string; commune?: string; coordinates: Position; weight?: number }
export interface Hotspot extends Partial<HotspotFigures> { id: string; name?: string; commune?: string; coordinates: Position }
export interface DeviceStatus { id: string; site?: string; role?: string; status?: string; lastSeen?: string | null; down: boolean; stale?: boolean; timeouts?: number; errors?: number }

export interface Move {
  hotspot: string;
  target: string;
  from: Position;
  to: Position;
  gain?: number;
  explanation: string;
  raw: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const numOr = (v: unknown, d: number | null = null): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const strOr = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);

function position(v: unknown): Position | null {
  if (Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  if (isObj(v) && v.type === 'Point') return position(v.coordinates);
  if (isObj(v) && typeof v.lon === 'number' && typeof v.lat === 'number') return [v.lon, v.lat];
  return null;
}

/** The larger of the two directions' p95 utilisation, or null when neither has samples. */
export function p95UtilisationPct(s: SegmentFigures): number | null {
  const a = s.ab?.p95UtilisationPct ?? null;
  const b = s.ba?.p95UtilisationPct ?? null;
  if (a === null && b === null) return null;
  return Math.max(a ?? -Infinity, b ?? -Infinity);
}

/**
 * Segment features from `GET /api/segments?format=geojson`: the properties are the API's SegmentFigures
 * (kept whole in `segments`), the map gets flat numbers (util = −1 when there is no sample).
 */
export function segmentsFromGeoJson(fc: unknown): { map: FeatureCollection<LineString>; segments: Map<string, SegmentFigures> } {
  const segments = new Map<string, SegmentFigures>();
  const features: Array<Feature<LineString>> = [];
  const list = isObj(fc) && Array.isArray(fc.features) ? fc.features : [];
  for (const f of list) {
    if (!isObj(f) || !isObj(f.properties) || !isObj(f.geometry)) continue;
    const s = f.properties as unknown as SegmentFigures;
    if (typeof s.id !== 'string') continue;
    segments.set(s.id, s);
    const util = p95UtilisationPct(s);
    features.push({
      type: 'Feature',
      id: features.length,
      geometry: f.geometry as unknown as LineString,
      properties: {
        id: s.id, owner: s.owner, a: s.a, b: s.b,
        cap: s.litCapacityBps,
        util: util ?? -1,
        sellableGbps: (s.sellableBps ?? 0) / 1e9,
        dark: s.freeDarkPairs ?? 0,
      },
    });
  }
  return { map: { type: 'FeatureCollection', features }, segments };
}

export function hotspotsFromGeoJson(fc: unknown): Hotspot[] {
  const out: Hotspot[] = [];
  const list = isObj(fc) && Array.isArray(fc.features) ? fc.features : [];
  for (const f of list) {
    if (!isObj(f) || !isObj(f.properties)) continue;
    const at = position(f.geometry);
    const p = f.properties;
    if (!at || typeof p.id !== 'string') continue;
    out.push({ ...(p as unknown as Partial<HotspotFigures>), id: p.id, name: strOr(p.name, p.id), commune: strOr(p.commune), coordinates: at });
  }
  return out;
}

export function hotspotsToMap(hs: readonly Hotspot[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: hs.map((h, i) => ({
      type: 'Feature', id: i, geometry: { type: 'Point', coordinates: h.coordinates },
      properties: { id: h.id, ohm: h.openHoursMeanClients ?? 0, underused: h.underused === true, commune: h.commune ?? '' },
    })),
  };
}

/** Sites or targets: a JSON list or a FeatureCollection, each item with an id and a position. */
export function places<T extends Site | Target>(data: unknown): T[] {
  const raw: unknown[] = isObj(data) && Array.isArray(data.features) ? data.features
    : isObj(data) && Array.isArray(data.items) ? data.items : Array.isArray(data) ? data : [];
  const out: T[] = [];
  for (const r of raw) {
    if (!isObj(r)) continue;
    const p = isObj(r.properties) ? r.properties : r;
    const at = position(r.geometry) ?? position(p.coordinates);
    if (!at || typeof p.id !== 'string') continue;
    out.push({ ...(p as Record<string, unknown>), id: p.id, name: strOr(p.name, p.id), kind: strOr(p.kind, 'other'), commune: strOr(p.commune), coordinates: at } as unknown as T);
  }
  return out;
}

export function pointsToMap(ps: ReadonlyArray<{ id: string; kind?: string; commune?: string; coordinates: Position }>, extra: (p: { id: string }) => Record<string, string | number | boolean> = () => ({})): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: ps.map((p, i) => ({ type: 'Feature', id: i, geometry: { type: 'Point', coordinates: p.coordinates }, properties: { id: p.id, kind: p.kind ?? 'other', commune: p.commune ?? '', ...extra(p) } })),
  };
}

/** A device that stopped answering, as the API decides it (`stale`: analytics/device-status.ts). */
export function devices(data: unknown): DeviceStatus[] {
  const raw: unknown[] = isObj(data) && Array.isArray(data.items) ? data.items : Array.isArray(data) ? data : [];
  return raw.filter(isObj).map((d) => {
    // api/schemas.ts DeviceItem: no successful poll for 3 of its intervals (counted from the API's start). One
    // failed poll is not "stopped answering": the page shows what the API decides, no rule of its own.
    const status = strOr(d.lastStatus, 'never');
    const down = d.stale === true;
    return {
      id: strOr(d.id), site: strOr(d.site) || undefined, role: strOr(d.role) || undefined, status,
      lastSeen: typeof d.lastSeen === 'string' ? d.lastSeen : null, down, stale: d.stale === true,
      timeouts: numOr(d.timeouts) ?? undefined, errors: numOr(d.errors) ?? undefined,
    };
  });
}

/** Relocation moves with their two ends; an end the answer does not place is looked up by id. */
export function moves(data: unknown, hotspotAt: (id: string) => Position | null, targetAt: (id: string) => Position | null): Move[] {
  const raw: unknown[] = isObj(data) && Array.isArray(data.moves) ? data.moves
    : isObj(data) && Array.isArray(data.items) ? data.items : Array.isArray(data) ? data : [];
  const out: Move[] = [];
  for (const m of raw) {
    if (!isObj(m)) continue;
    const h = isObj(m.hotspot) ? m.hotspot : { id: m.hotspot ?? m.hotspotId };
    const tg = isObj(m.target) ? m.target : { id: m.target ?? m.targetId };
    const hid = strOr(h.id);
    const tid = strOr(tg.id);
    const from = position(h.coordinates) ?? position(m.from) ?? hotspotAt(hid);
    const to = position(tg.coordinates) ?? position(m.to) ?? targetAt(tid);
    if (!from || !to) continue;
    const terms = isObj(m.terms) ? m.terms : m;
    out.push({ hotspot: hid, target: tid, from, to, gain: numOr(terms.gain) ?? undefined, explanation: strOr(m.explanation ?? m.sentence ?? m.text), raw: m });
  }
  return out;
}

/** Bearing in degrees clockwise from north, for rotating an arrowhead. */
export function bearing(a: Position, b: Position): number {
  const r = Math.PI / 180;
  const y = Math.sin((b[0] - a[0]) * r) * Math.cos(b[1] * r);
  const x = Math.cos(a[1] * r) * Math.sin(b[1] * r) - Math.sin(a[1] * r) * Math.cos(b[1] * r) * Math.cos((b[0] - a[0]) * r);
  return (Math.atan2(y, x) / r + 360) % 360;
}

export function movesToMap(ms: readonly Move[]): { lines: FeatureCollection<LineString>; heads: FeatureCollection<Point> } {
  return {
    lines: { type: 'FeatureCollection', features: ms.map((m, i) => ({ type: 'Feature', id: i, geometry: { type: 'LineString', coordinates: [m.from, m.to] }, properties: { i, hotspot: m.hotspot, target: m.target } })) },
    heads: { type: 'FeatureCollection', features: ms.map((m, i) => ({ type: 'Feature', id: i, geometry: { type: 'Point', coordinates: m.to }, properties: { i, bearing: bearing(m.from, m.to) } })) },
  };
}

export const emptyFc = (): FeatureCollection<Geometry> => ({ type: 'FeatureCollection', features: [] });
