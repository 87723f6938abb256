// Matching an owner's features to the cadastre: routes to segments (ends to sites by proximity, attributes by the
// mapping), points or CSV rows to sites. Pure: features, mapping and the cadastre's sites in; segments, sites and
// every unmatched feature with its reason out. Lengths are the cadastre's (config/geometry.ts): a surveyed length
// is kept as lengthMetres, otherwise none is written and the route's length counts.
import { distanceMetres, lineLengthMetres } from '../config/geometry.js';
import { Id, SiteKind, type LonLat, type MeasuredBy, type Segment, type Site } from '../config/schema.js';
import type { PlantGeometry, PropertyValue, SourceFeature } from './feature.js';
import { UNIT_FACTOR, type NumberField, type RouteMapping, type SiteMapping, type TextField } from './mapping.js';

export const REASONS = {
  'bad-geometry': 'bad geometry',
  'missing-owner': 'missing owner',
  'unknown-owner': 'unknown owner',
  'bad-attribute': 'bad attribute',
  'no-site-near-end': 'no site near an end',
  'unknown-site': 'unknown site',
  'same-site': 'both ends at the same site',
  'duplicate-id': 'duplicate id',
  'no-measuring-device': 'no switch or router at either end to measure it',
  'no-road-path': 'no road path between the sites',
} as const;
export type Reason = keyof typeof REASONS;

export interface Unmatched { ref: string; reason: Reason; detail: string }

/** A segment read from an owner's export; fields the export does not give are left for the merge to fill. */
export interface PlantSegment {
  ref: string;
  segment: Omit<Segment, 'litCapacityBps' | 'measuredBy'> & { litCapacityBps?: number; measuredBy?: MeasuredBy };
  /** True when the id was not in the export but made from owner and sites. */
  generatedId: boolean;
  /** True when the route was drafted along the road graph (only the ends were known). */
  drafted?: boolean;
}

/** Thrown (not listed) when a field can't be read: the caller reports the feature as a bad attribute. */
class AttributeError extends Error {}

const present = (v: PropertyValue | undefined): v is string | number | boolean => v !== null && v !== undefined && String(v).trim() !== '';

export function textOf(f: TextField, props: Record<string, PropertyValue>): string | undefined {
  if ('value' in f) return f.value;
  const v = props[f.property];
  if (!present(v)) return undefined;
  const s = String(v).trim();
  return f.values?.[s] ?? s;
}

/** A number from a property (a number, or text with '.' or ',' as the decimal mark) times its unit's factor. */
export function numberOf(f: NumberField, props: Record<string, PropertyValue>, what: string): number | undefined {
  let v: PropertyValue | undefined;
  if ('value' in f) v = f.value; else v = props[f.property];
  if (!present(v)) return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim().replace(/^(-?\d+),(\d+)$/, '$1.$2'));
  if (!Number.isFinite(n)) throw new AttributeError(`${what}: "${String(v)}"${'property' in f ? ` (property ${f.property})` : ''} is not a number`);
  return n * UNIT_FACTOR[f.unit];
}

const fieldName = (f: TextField | NumberField | undefined): string => (!f ? '' : 'property' in f ? ` (property ${f.property})` : ' (constant)');

function count(f: NumberField | undefined, props: Record<string, PropertyValue>, what: string, required: boolean): number | undefined {
  if (!f) return required ? undefined : 0;
  const n = numberOf(f, props, what);
  if (n === undefined) { if (required) throw new AttributeError(`${what}: missing${fieldName(f)}`); return 0; }
  if (!Number.isInteger(n) || n < 0) throw new AttributeError(`${what}: ${n}${fieldName(f)} is not a whole number ≥ 0`);
  return n;
}

const fmt = (p: LonLat): string => `[${p[0]}, ${p[1]}]`;
/** Parts of a MultiLineString join when one ends within this of where the next starts (exports split lines at vertices). */
const JOIN_METRES = 1;

/** The route as one line from the geometry, or why it cannot be one. */
export function routeOf(g: PlantGeometry | null, error?: string): LonLat[] | string {
  if (error) return error;
  if (!g) return 'no geometry';
  if (g.type === 'Point') return 'a Point, not a route (LineString)';
  let coords: LonLat[];
  if (g.type === 'LineString') coords = g.coordinates;
  else {
    const parts = g.coordinates.filter((p) => p.length);
    if (!parts.length) return 'an empty MultiLineString';
    coords = [...parts[0]];
    for (let i = 1; i < parts.length; i++) {
      const end = coords[coords.length - 1];
      let part = parts[i];
      if (distanceMetres(end, part[0]) > JOIN_METRES && distanceMetres(end, part[part.length - 1]) <= JOIN_METRES) part = [...part].reverse();
      const gap = distanceMetres(end, part[0]);
      if (gap > JOIN_METRES) return `MultiLineString parts ${i} and ${i + 1} do not join (${Math.round(gap)} m apart): a route is one line`;
      coords.push(...part.slice(1));
    }
  }
  for (let i = 0; i < coords.length; i++) {
    const [lon, lat] = coords[i];
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return `position ${i} ${fmt(coords[i])} is not a WGS84 [lon, lat]`;
  }
  if (coords.length < 2) return `${coords.length} position${coords.length === 1 ? '' : 's'} (a route needs 2 at least)`;
  if (lineLengthMetres({ type: 'LineString', coordinates: coords }) === 0) return 'a route of length 0 m';
  return coords;
}

/** The nearest site to a point, and the distance in metres. */
export function nearestSite(p: LonLat, sites: readonly Site[]): { site?: Site; metres: number } {
  let best: Site | undefined, bestD = Infinity;
  for (const s of sites) {
    const d = distanceMetres(p, s.coordinates);
    if (d < bestD) { best = s; bestD = d; }
  }
  return { site: best, metres: bestD };
}

export interface RouteContext {
  mapping: RouteMapping;
  sites: readonly Site[];
  owners: ReadonlySet<string>;
  toleranceMetres: number;
}

/** Owner, attributes and ends of one feature (the geometry already a line), or the reason it can't be matched. */
export function matchRoute(ref: string, props: Record<string, PropertyValue>, coords: LonLat[], ctx: RouteContext): PlantSegment | Unmatched {
  const m = ctx.mapping;
  const no = (reason: Reason, detail: string): Unmatched => ({ ref, reason, detail });
  const owner = textOf(m.owner, props);
  if (owner === undefined) return no('missing-owner', `no owner${fieldName(m.owner)}`);
  if (!ctx.owners.has(owner)) return no('unknown-owner', `owner "${owner}"${fieldName(m.owner)} is not in owners.yaml nor in the mapping's owners (have: ${[...ctx.owners].join(', ')}; translate labels with owner.values)`);
  let total: number, lit: number, reserved: number, capacity: number | undefined, length: number | undefined;
  let measuredBy: MeasuredBy | undefined;
  try {
    total = count(m.pairs.total, props, 'pairs.total', true)!;
    lit = count(m.pairs.lit, props, 'pairs.lit', true)!;
    reserved = count(m.pairs.reserved, props, 'pairs.reserved', false)!;
    if (lit + reserved > total) throw new AttributeError(`pairs: lit (${lit}) + reserved (${reserved}) exceeds total (${total})`);
    capacity = m.capacity ? numberOf(m.capacity, props, 'capacity') : undefined;
    if (capacity !== undefined && !(capacity >= 1)) throw new AttributeError(`capacity: ${capacity} bit/s${fieldName(m.capacity)} is not positive`);
    length = m.length ? numberOf(m.length, props, 'length') : undefined;
    if (length !== undefined && !(length > 0)) throw new AttributeError(`length: ${length} m${fieldName(m.length)} is not positive`);
    if (m.measuredBy) {
      const device = textOf(m.measuredBy.device, props);
      const ifName = m.measuredBy.ifName && textOf(m.measuredBy.ifName, props);
      const ifAlias = m.measuredBy.ifAlias && textOf(m.measuredBy.ifAlias, props);
      const ifIndex = m.measuredBy.ifIndex && count(m.measuredBy.ifIndex, props, 'measuredBy.ifIndex', false);
      if (device !== undefined) {
        measuredBy = ifName ? { device, ifName } : ifAlias ? { device, ifAlias } : ifIndex ? { device, ifIndex } : undefined;
        if (!measuredBy) throw new AttributeError(`measuredBy: device "${device}" without an ifName, ifAlias or ifIndex`);
      }
    }
  } catch (e) {
    if (e instanceof AttributeError) return no('bad-attribute', e.message);
    throw e;
  }

  // Ends: the sites the export names (checked against the geometry), else the nearest site within tolerance.
  const first = coords[0], last = coords[coords.length - 1];
  const tol = ctx.toleranceMetres;
  const byId = new Map(ctx.sites.map((s) => [s.id, s]));
  let a: Site | undefined, b: Site | undefined;
  const named = [m.a && textOf(m.a, props), m.b && textOf(m.b, props)];
  if (named[0] && named[1]) {
    for (const [i, id] of named.entries()) if (!byId.has(id!)) return no('unknown-site', `end ${i ? 'b' : 'a'}: site "${id}"${fieldName(i ? m.b : m.a)} is not in the cadastre's nor the imported sites`);
    a = byId.get(named[0]); b = byId.get(named[1]);
    const direct = Math.max(distanceMetres(first, a!.coordinates), distanceMetres(last, b!.coordinates));
    const reverse = Math.max(distanceMetres(last, a!.coordinates), distanceMetres(first, b!.coordinates));
    // An export may draw the line from b to a: keep the cadastre's rule (first vertex at a) by reversing it.
    if (reverse < direct) coords = [...coords].reverse();
    const [fa, lb] = [coords[0], coords[coords.length - 1]];
    for (const [end, site, p] of [['a', a!, fa], ['b', b!, lb]] as const) {
      const d = distanceMetres(p, site.coordinates);
      if (d > tol) return no('no-site-near-end', `end ${end} ${fmt(p)} is ${Math.round(d)} m from its site "${site.id}" (at most ${tol} m)`);
    }
  } else {
    const ends = [nearestSite(first, ctx.sites), nearestSite(last, ctx.sites)];
    for (const [i, e] of ends.entries()) {
      if (!e.site || e.metres > tol) {
        const away = e.metres < 10_000 ? `${Math.round(e.metres)} m` : `${Math.round(e.metres / 1000)} km`;
        const near = e.site ? `; the nearest is "${e.site.id}" at ${away}` : '; there are no sites';
        // Exports from tools that write [lat, lon] are a common slip: say so when swapping finds the site.
        const p = i ? last : first;
        const swapped = nearestSite([p[1], p[0]], ctx.sites);
        const hint = swapped.site && swapped.metres <= tol ? ` (swapped, ${fmt([p[1], p[0]])} is ${Math.round(swapped.metres)} m from "${swapped.site.id}": the file seems to hold [lat, lon], GeoJSON and KML are [lon, lat])` : '';
        return no('no-site-near-end', `no site within ${tol} m of end ${i ? 'b' : 'a'} ${fmt(p)}${near}${hint}`);
      }
    }
    a = ends[0].site; b = ends[1].site;
  }
  if (a!.id === b!.id) return no('same-site', `both ends are at site "${a!.id}"`);

  const given = m.id && textOf(m.id, props);
  const id = given ?? `${owner}-${a!.id}-${b!.id}`;
  if (!Id.safeParse(id).success) return no('bad-attribute', `id: "${id}"${fieldName(m.id)} is not an id (letters, digits and . _ : -)`);
  return {
    ref,
    generatedId: !given,
    segment: {
      id, a: a!.id, b: b!.id, owner,
      route: { type: 'LineString', coordinates: coords },
      ...(length !== undefined ? { lengthMetres: length } : {}),
      pairs: { total, lit, reserved },
      ...(capacity !== undefined ? { litCapacityBps: Math.round(capacity) } : {}),
      ...(measuredBy ? { measuredBy } : {}),
    },
  };
}

export interface RoutesResult { segments: PlantSegment[]; unmatched: Unmatched[] }

/** Matches every route feature; the second feature with an id already matched is listed as a duplicate. */
export function matchRoutes(features: readonly SourceFeature[], ctx: RouteContext, progress?: (done: number, total: number) => void): RoutesResult {
  const segments: PlantSegment[] = [];
  const unmatched: Unmatched[] = [];
  const seen = new Map<string, string>();
  features.forEach((f, i) => {
    if (progress && (i + 1) % 500 === 0) progress(i + 1, features.length);
    const coords = routeOf(f.geometry, f.geometryError);
    if (typeof coords === 'string') { unmatched.push({ ref: f.ref, reason: 'bad-geometry', detail: coords }); return; }
    const r = matchRoute(f.ref, f.properties, coords, ctx);
    if ('reason' in r) { unmatched.push(r); return; }
    const other = seen.get(r.segment.id);
    if (other !== undefined) { unmatched.push({ ref: f.ref, reason: 'duplicate-id', detail: `segment "${r.segment.id}" is also ${other}` }); return; }
    seen.set(r.segment.id, f.ref);
    segments.push(r);
  });
  progress?.(features.length, features.length);
  return { segments, unmatched };
}

export interface SitesResult { sites: Site[]; unmatched: Unmatched[] }

/** Sites from points (GeoJSON, KML, GeoPackage) or from CSV rows with lon/lat columns. */
export function matchSites(features: readonly SourceFeature[], m: SiteMapping): SitesResult {
  const sites: Site[] = [];
  const unmatched: Unmatched[] = [];
  const seen = new Map<string, string>();
  for (const f of features) {
    const no = (reason: Reason, detail: string): void => { unmatched.push({ ref: f.ref, reason, detail }); };
    let at: LonLat | undefined;
    try {
      if (m.lon && m.lat) {
        const lon = numberOf(m.lon, f.properties, 'lon'), lat = numberOf(m.lat, f.properties, 'lat');
        if (lon !== undefined && lat !== undefined) at = [lon, lat];
      }
    } catch (e) {
      if (e instanceof AttributeError) { no('bad-geometry', e.message); continue; }
      throw e;
    }
    if (!at) {
      if (f.geometryError) { no('bad-geometry', f.geometryError); continue; }
      if (f.geometry?.type !== 'Point') { no('bad-geometry', f.geometry ? `a ${f.geometry.type}, not a site (Point)` : 'no geometry (and no lon/lat columns mapped)'); continue; }
      at = f.geometry.coordinates;
    }
    if (!Number.isFinite(at[0]) || !Number.isFinite(at[1]) || Math.abs(at[0]) > 180 || Math.abs(at[1]) > 90) { no('bad-geometry', `${fmt(at)} is not a WGS84 [lon, lat]`); continue; }
    const id = textOf(m.id, f.properties), name = textOf(m.name, f.properties), commune = textOf(m.commune, f.properties);
    const kind = textOf(m.kind, f.properties);
    if (!id) { no('bad-attribute', `id: missing${fieldName(m.id)}`); continue; }
    if (!Id.safeParse(id).success) { no('bad-attribute', `id: "${id}" is not an id (letters, digits and . _ : -)`); continue; }
    if (!name) { no('bad-attribute', `name: missing${fieldName(m.name)}`); continue; }
    if (!commune) { no('bad-attribute', `commune: missing${fieldName(m.commune)}`); continue; }
    const k = SiteKind.safeParse(kind);
    if (!k.success) { no('bad-attribute', `kind: "${kind}"${fieldName(m.kind)} is not a site kind (${SiteKind.options.join(', ')}; translate labels with kind.values)`); continue; }
    const other = seen.get(id);
    if (other !== undefined) { no('duplicate-id', `site "${id}" is also ${other}`); continue; }
    seen.set(id, f.ref);
    const administration = m.administration ? textOf(m.administration, f.properties) : undefined;
    sites.push({ id, name, kind: k.data, coordinates: at, commune, ...(administration ? { administration } : {}) });
  }
  return { sites, unmatched };
}
