// Reads the Brussels geodata shipped in data/brussels/ (see its README for sources and licences).
// Only the fields the demo generator uses are parsed; zod checks them so a changed file fails loudly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { LonLat } from './schema.js';
import { parseCsv } from '../common/csv.js';
import type { RoadEdge } from './demo-roads.js';

const Point = z.object({ type: z.literal('Point'), coordinates: LonLat });
const collection = <T extends z.ZodType>(feature: T) => z.object({ type: z.literal('FeatureCollection'), features: z.array(feature) });

const readJson = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
function parse<T extends z.ZodType>(schema: T, dir: string, file: string): z.infer<T> {
  const r = schema.safeParse(readJson(dir, file));
  if (!r.success) throw new Error(`${join(dir, file)}: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export const PoiCategory = z.enum(['school', 'community_centre', 'kindergarten', 'library', 'maison_de_quartier', 'townhall', 'university', 'cpas', 'social_facility']);
export interface Poi { category: z.infer<typeof PoiCategory>; name?: string; street?: string; coordinates: LonLat; inRegion: boolean }

export function readPois(dir: string): Poi[] {
  const F = z.object({
    geometry: Point,
    properties: z.object({
      category: PoiCategory, name: z.string().optional(), 'addr:street': z.string().optional(), in_brussels_region: z.boolean(),
    }).passthrough(),
  });
  return parse(collection(F), dir, 'brussels_poi_targets_osm.geojson').features.map((f) => ({
    category: f.properties.category, name: f.properties.name, street: f.properties['addr:street'],
    coordinates: f.geometry.coordinates, inRegion: f.properties.in_brussels_region,
  }));
}

export interface MetroStation { nameFr: string; nameNl: string; coordinates: LonLat }
export function readMetroStations(dir: string): MetroStation[] {
  const F = z.object({ geometry: Point, properties: z.object({ name_fr: z.string(), name_nl: z.string() }).passthrough() });
  return parse(collection(F), dir, 'brussels_metro_stations_2024.geojson').features.map((f) => ({
    nameFr: f.properties.name_fr, nameNl: f.properties.name_nl, coordinates: f.geometry.coordinates,
  }));
}

export interface MetroLine { ref: string; name: string; coordinates: LonLat[] }
export function readMetroLines(dir: string): MetroLine[] {
  const F = z.object({
    geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(LonLat).min(2) }),
    properties: z.object({ ref: z.string(), name: z.string() }).passthrough(),
  });
  return parse(collection(F), dir, 'brussels_metro_lines_osm.geojson').features.map((f) => ({
    ref: f.properties.ref, name: f.properties.name, coordinates: f.geometry.coordinates,
  }));
}

export function readRoads(dir: string): RoadEdge[] {
  const F = z.object({
    geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(LonLat).min(2) }),
    properties: z.object({
      highway: z.string(), name: z.string().optional(), from_node: z.number().int(), to_node: z.number().int(), length_m: z.number().min(0),
    }).passthrough(),
  });
  return parse(collection(F), dir, 'brussels_roads_major_osm2013.geojson').features.map((f) => ({
    from: f.properties.from_node, to: f.properties.to_node, lengthMetres: f.properties.length_m,
    highway: f.properties.highway, name: f.properties.name, coordinates: f.geometry.coordinates,
  }));
}

export interface Commune { nis: string; nameFr: string; nameNl: string; feature: Feature<Polygon | MultiPolygon> }
export function readCommunes(dir: string): Commune[] {
  const Ring = z.array(LonLat);
  const F = z.object({
    type: z.literal('Feature'),
    geometry: z.union([
      z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
      z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }),
    ]),
    properties: z.object({ national_code: z.union([z.string(), z.number()]), name_fr: z.string(), name_nl: z.string() }).passthrough(),
  });
  return parse(collection(F), dir, 'brussels_communes_urbis.geojson').features.map((f) => ({
    nis: String(f.properties.national_code), nameFr: f.properties.name_fr, nameNl: f.properties.name_nl,
    feature: { type: 'Feature', geometry: f.geometry, properties: {} },
  }));
}

/** The commune a point lies in (UrbIS polygons), or undefined outside the Region. */
export function communeAt(communes: readonly Commune[], p: LonLat): Commune | undefined {
  return communes.find((c) => booleanPointInPolygon(p, c.feature));
}

export interface CommuneIndicators { nis: string; population: number; socialHousingUnits?: number; unemploymentPercent: number }


export function readIndicators(dir: string): Map<string, CommuneIndicators> {
  const file = 'brussels_commune_indicators_ibsa.csv';
  const [header, ...rows] = parseCsv(readFileSync(join(dir, file), 'utf8'));
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${join(dir, file)}: no column ${name}`);
    return i;
  };
  const [nis, pop, logsoc, chom] = [col('nis_code'), col('pop_nb_2022'), col('immo_nb_logsoc'), col('fin_tx_chomg')];
  const num = (s: string | undefined): number | undefined => (s === undefined || s.trim() === '' ? undefined : Number(s));
  const out = new Map<string, CommuneIndicators>();
  for (const r of rows) {
    const population = num(r[pop]);
    const unemployment = num(r[chom]);
    if (population === undefined || unemployment === undefined) throw new Error(`${join(dir, file)}: commune ${r[nis]}: missing population or unemployment`);
    out.set(r[nis], { nis: r[nis], population, socialHousingUnits: num(r[logsoc]), unemploymentPercent: unemployment });
  }
  return out;
}
