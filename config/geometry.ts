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

export function inBrussels([lon, lat]: LonLat): boolean {
  const b = BRUSSELS_BBOX;
  return lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;
}
