// Lengths and distances on WGS84 [lon, lat] coordinates, in metres (turf, great-circle on a sphere).
import { distance, length, lineString, point } from '@turf/turf';
import type { LineString, LonLat, Segment } from './schema.js';

export function distanceMetres(a: LonLat, b: LonLat): number {
  return distance(point(a), point(b), { units: 'meters' });
}

export function lineLengthMetres(route: LineString): number {
  return length(lineString(route.coordinates), { units: 'meters' });
}

/** A segment's length: the surveyed length when given (fibre slack, detours), else the route's length. */
export function segmentLengthMetres(segment: Pick<Segment, 'route' | 'lengthMetres'>): number {
  return segment.lengthMetres ?? lineLengthMetres(segment.route);
}

/** The Brussels-Capital Region's bounding box (UrbIS: lon 4.2438–4.4823, lat 50.7637–50.9139), padded ~0.01°. */
export const BRUSSELS_BBOX = { minLon: 4.23, maxLon: 4.5, minLat: 50.75, maxLat: 50.93 } as const;

export interface Bbox { minLon: number; maxLon: number; minLat: number; maxLat: number }

export function inBox([lon, lat]: LonLat, b: Bbox): boolean {
  return lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;
}

export function inBrussels(c: LonLat): boolean { return inBox(c, BRUSSELS_BBOX); }

/** Around the sites' extent, for `region: sites`: routes, hotspots and targets may lie this far beyond it. */
export const SITES_REGION_MARGIN_DEGREES = 0.2;

/**
 * The region every coordinate of the cadastre must lie in (policy.region): the Brussels-Capital Region box (the
 * default), the sites' extent with a margin (`sites`: any network, e.g. one reaching Liège), or a given box.
 * `text` says which, for the error message.
 */
export function regionOf(region: 'brussels' | 'sites' | Bbox, sites: ReadonlyArray<{ coordinates: LonLat }>): { box: Bbox; text: string } {
  const range = (b: Bbox): string => `lon ${b.minLon}–${b.maxLon}, lat ${b.minLat}–${b.maxLat}`;
  if (region === 'brussels') return { box: BRUSSELS_BBOX, text: `the Brussels-Capital Region bounding box (${range(BRUSSELS_BBOX)})` };
  if (region !== 'sites') return { box: region, text: `the region of policy.region (${range(region)})` };
  const m = SITES_REGION_MARGIN_DEGREES;
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  const lons = sites.map((s) => s.coordinates[0]), lats = sites.map((s) => s.coordinates[1]);
  const box = sites.length
    ? { minLon: r(Math.min(...lons) - m), maxLon: r(Math.max(...lons) + m), minLat: r(Math.min(...lats) - m), maxLat: r(Math.max(...lats) + m) }
    : { minLon: -180, maxLon: 180, minLat: -90, maxLat: 90 };
  return { box, text: `the region of the sites (policy.region: sites; ${range(box)})` };
}
