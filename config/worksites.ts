// Planned roadworks as Brussels publishes them in Osiris: the WORKSITES collection of its OGC API Features
// service, one Polygon or MultiPolygon per worksite in WGS84 [lon, lat] (CRS84), with bilingual properties.
// These zod schemas validate each imported feature and are the types of the stored set (worksites.geojson).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseJsonWith } from './json.js';

const Position = z.array(z.number()).min(2, 'a position is [lon, lat]').max(3, 'a position is [lon, lat] or [lon, lat, z]')
  .refine((p) => p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90,
    'expected WGS84 [lon, lat] in degrees (CRS84); projected coordinates such as Lambert 72 are not read');

const Ring = z.array(Position).min(4, 'a linear ring has at least 4 positions')
  .refine((r) => r.length < 4 || (r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]),
    'a linear ring must be closed (its last position equals its first)');

const PolygonCoordinates = z.array(Ring).min(1, 'a polygon has an outer ring');

export const WorksitePolygon = z.object({ type: z.literal('Polygon'), coordinates: PolygonCoordinates });
export const WorksiteMultiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonCoordinates).min(1, 'a multipolygon has at least one polygon') });
export const WorksiteGeometry = z.discriminatedUnion('type', [WorksitePolygon, WorksiteMultiPolygon], {
  error: (issue) => (issue.input === null || issue.input === undefined ? 'the feature has no geometry'
    : issue.code === 'invalid_union' || issue.code === 'invalid_type' ? 'expected a Polygon or MultiPolygon geometry' : undefined),
});
export type WorksiteGeometry = z.infer<typeof WorksiteGeometry>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** A programmed date: ISO 8601 date or date-time; absent or null when Osiris has none. */
const ProgrammedDate = z.string()
  .refine((s) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))), 'expected an ISO 8601 date, e.g. 2027-03-01')
  .nullish();

const Text = z.string().nullish();

export const WorksiteProperties = z.looseObject({
  /** Osiris' worksite id; numbers and strings both occur, it is kept as text. */
  id_ws: z.union([z.string().trim().min(1, 'id_ws is empty'), z.number().int()], { error: 'id_ws is required (text or integer)' })
    .transform((v) => String(v)),
  label_fr: Text,
  label_nl: Text,
  status_fr: Text,
  status_nl: Text,
  road_impl_fr: Text,
  road_impl_nl: Text,
  pgm_start_date: ProgrammedDate,
  pgm_end_date: ProgrammedDate,
  /** Set on the demo's generated set: not real Osiris data. */
  synthetic: z.boolean().optional(),
}).superRefine((p, ctx) => {
  if (p.pgm_start_date && p.pgm_end_date && dateStartMs(p.pgm_end_date) < dateStartMs(p.pgm_start_date)) {
    ctx.addIssue({ code: 'custom', path: ['pgm_end_date'], message: 'the programmed end lies before the programmed start' });
  }
});

export const WorksiteFeature = z.object({
  type: z.literal('Feature', { error: 'expected a GeoJSON Feature' }),
  id: z.union([z.string(), z.number()]).nullish(),
  geometry: WorksiteGeometry,
  properties: WorksiteProperties,
});
export type WorksiteFeature = z.output<typeof WorksiteFeature>;

/** The stored set: a FeatureCollection with where it came from. */
export const WorksiteCollection = z.object({
  type: z.literal('FeatureCollection'),
  /** Sources of the imports that built it, newest last. */
  sources: z.array(z.object({ source: z.string(), importedAt: z.string(), features: z.number().int() })).default([]),
  synthetic: z.boolean().optional(),
  features: z.array(WorksiteFeature),
});
export type WorksiteCollection = z.output<typeof WorksiteCollection>;

/** Epoch ms of a programmed date: a date alone is read as 00:00 UTC of that day. */
export function dateStartMs(s: string): number {
  const t = s.replace(' ', 'T');
  return Date.parse(/T/.test(t) && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t);
}

/** The end of programmed works in epoch ms: a date alone means the works run until the end of that day (UTC). */
export function dateEndMs(s: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? dateStartMs(s) + 86_400_000 : dateStartMs(s);
}

/** The stored set's file name, beside the cadastre. */
export const WORKSITES_FILE = 'worksites.geojson';

/** The stored set is unreadable: it names the file; nothing was changed. */
export class WorksiteFileError extends Error {
  constructor(message: string) { super(message); this.name = 'WorksiteFileError'; }
}

/** The stored set, or an empty one when the file does not exist. A corrupt file is an error, not an empty set. */
export function readWorksiteFile(file: string): WorksiteCollection {
  if (!existsSync(file)) return { type: 'FeatureCollection', sources: [], features: [] };
  return parseJsonWith(WorksiteCollection, () => readFileSync(file, 'utf8'), file, (m) => new WorksiteFileError(m));
}
