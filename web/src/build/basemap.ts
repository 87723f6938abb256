// Builds the offline basemap (a handful of small GeoJSON files) from the Brussels geodata the repository
// carries in data/brussels/. Runs at build time (the Vite plugin in web/vite.config.ts), never in the browser:
// the page then loads only what it needs, simplified and trimmed, from its own origin.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pointOnFeature, simplify } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

/** The layers the style reads, by output file name (served as /basemap/<name>.json). */
export type BasemapName = 'region' | 'communes' | 'commune-labels' | 'roads' | 'metro' | 'tram' | 'metro-stations';

const FILES = {
  region: 'brussels_region_urbis.geojson',
  communes: 'brussels_communes_urbis.geojson',
  roads: 'brussels_roads_major_osm2013.geojson',
  /** All STIB routes (optional: metro falls back to the metro-only file, tram is left out without it). */
  stib: 'brussels_stib_routes_osm.geojson',
  metroLines: 'brussels_metro_lines_osm.geojson',
  stations: 'brussels_metro_stations_2024.geojson',
} as const;

/** The attribution the map shows; every source above needs it (see data/brussels/README.md). */
export const BASEMAP_ATTRIBUTION =
  '© OpenStreetMap contributors (ODbL) · UrbIS/Paradigm · Statbel · STIB-MIVB Open Data';

// 5 decimals of a degree ≈ 1 m in Brussels: finer than anything drawn, and it halves the file size.
function round(p: Position): Position {
  return [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];
}

function roundGeometry(g: Geometry): Geometry {
  switch (g.type) {
    case 'Point': return { type: 'Point', coordinates: round(g.coordinates) };
    case 'LineString': return { type: 'LineString', coordinates: g.coordinates.map(round) };
    case 'MultiLineString': return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(round)) };
    case 'Polygon': return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(round)) };
    case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(round))) };
    default: throw new Error(`basemap: unexpected geometry type ${g.type}`);
  }
}

function read(dir: string, file: string): FeatureCollection {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`basemap: ${path} is missing (the Brussels geodata, see data/brussels/README.md)`);
  const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection;
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error(`basemap: ${path} is not a GeoJSON FeatureCollection`);
  return fc;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Simplify (degrees tolerance), round, and keep only the given properties. */
function trim(features: Feature[], tolerance: number, props: (p: Record<string, unknown>) => Record<string, string | number>): FeatureCollection {
  const out: Feature[] = [];
  for (const f of features) {
    if (!f.geometry) continue;
    const simplified = tolerance > 0 ? simplify(f, { tolerance, highQuality: false, mutate: false }) : f;
    out.push({ type: 'Feature', properties: props(f.properties ?? {}), geometry: roundGeometry(simplified.geometry) });
  }
  return { type: 'FeatureCollection', features: out };
}

const ROAD_CLASS: Record<string, number> = {
  motorway: 0, trunk: 0, motorway_link: 3, trunk_link: 3,
  primary: 1, primary_link: 3, secondary: 2, secondary_link: 3, tertiary: 3, tertiary_link: 3,
};

export function buildBasemap(dir: string): Record<BasemapName, FeatureCollection> {
  const region = trim(read(dir, FILES.region).features, 0.00005, () => ({}));
  const communes = trim(read(dir, FILES.communes).features, 0.00005, (p) => ({
    nis: String(p.national_code ?? ''),
    fr: str(p.name_fr) ?? '',
    nl: str(p.name_nl) ?? str(p.name_fr) ?? '',
  }));
  // One label point per commune (the data's own label point, else a point inside the polygon): a polygon
  // label would be repeated on every tile the commune spans.
  const communeLabels: FeatureCollection = {
    type: 'FeatureCollection',
    features: read(dir, FILES.communes).features.map((f): Feature => {
      const p = f.properties ?? {};
      const gp = p.geo_point_2d as { lon?: unknown; lat?: unknown } | undefined;
      const at: Position = gp && typeof gp.lon === 'number' && typeof gp.lat === 'number'
        ? [gp.lon, gp.lat] : pointOnFeature(f).geometry.coordinates;
      return { type: 'Feature', properties: { fr: str(p.name_fr) ?? '', nl: str(p.name_nl) ?? str(p.name_fr) ?? '' }, geometry: { type: 'Point', coordinates: round(at) } };
    }),
  };
  const roads = trim(read(dir, FILES.roads).features, 0.00003, (p): Record<string, string | number> => {
    const name = str(p.name) ?? '';
    const c = ROAD_CLASS[String(p.highway)] ?? 3;
    // Only the classes that get labels (see style.ts road-labels) carry names: it keeps the file small.
    return c <= 2 ? { c, fr: str(p['name:fr']) ?? name, nl: str(p['name:nl']) ?? name } : { c };
  });
  const stib = existsSync(join(dir, FILES.stib)) ? read(dir, FILES.stib).features : [];
  const metroSource = existsSync(join(dir, FILES.metroLines)) ? read(dir, FILES.metroLines).features : stib;
  // Both directions of a line share their track: keep one relation per line reference.
  const onePerRef = (features: Feature[], mode: string): Feature[] => {
    const seen = new Set<string>();
    return features.filter((f) => {
      const p = f.properties ?? {};
      if (p.route !== mode) return false;
      const ref = String(p.ref ?? '');
      if (seen.has(ref)) return false;
      seen.add(ref);
      return true;
    });
  };
  const lineProps = (p: Record<string, unknown>) => ({ ref: String(p.ref ?? ''), colour: str(p.colour) ?? '#666666' });
  const metro = trim(onePerRef(metroSource, 'subway'), 0.00003, lineProps);
  const tram = trim(onePerRef(stib, 'tram'), 0.00005, lineProps);
  const stations = trim(read(dir, FILES.stations).features, 0, (p) => ({ fr: str(p.name_fr) ?? '', nl: str(p.name_nl) ?? str(p.name_fr) ?? '' }));
  return { region, communes, 'commune-labels': communeLabels, roads, metro, tram, 'metro-stations': stations };
}

/**
 * The whole basemap as one FeatureCollection, each feature tagged with its layer (`l`): one source means one
 * set of tiles, so the map settles in fewer frames than with a source per layer.
 */
export function combinedBasemap(dir: string): FeatureCollection {
  const parts = buildBasemap(dir);
  const features: Feature[] = [];
  for (const [l, fc] of Object.entries(parts)) for (const f of fc.features) features.push({ ...f, properties: { ...f.properties, l } });
  return { type: 'FeatureCollection', features };
}
