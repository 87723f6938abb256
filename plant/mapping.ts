// The attribute-mapping file (YAML): which property of an owner's export holds what the cadastre needs, so each
// owner's file is read as it is. A field is a property name (`NB_PAIRES`), `{property, values}` (labels → ids),
// `{property, unit}` (numbers in another unit) or `{value}` (a constant for the whole file). Errors name the
// file, the position and the field, like config:check.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { Owner } from '../config/schema.js';
import { formatPath, yamlPosition } from '../config/load.js';
import { ROUTE_END_TOLERANCE_METRES } from '../config/check.js';
import type { SourceFeature } from './feature.js';

const Property = z.string().min(1, 'a property name');
const Values = z.record(z.string(), z.string().min(1)).optional();

/** A text attribute: a property (optionally translated by `values`) or a constant. */
const TextField = z.union([
  Property.transform((property) => ({ property, values: undefined as Record<string, string> | undefined })),
  z.object({ property: Property, values: Values }).strict(),
  z.object({ value: z.union([z.string().min(1), z.number()]).transform(String) }).strict(),
]);
export type TextField = z.infer<typeof TextField>;

const numberField = <U extends [string, ...string[]]>(units: U, unit: U[number]) => z.union([
  Property.transform((property) => ({ property, unit })),
  z.object({ property: Property, unit: z.enum(units).default(unit) }).strict(),
  z.object({ value: z.number(), unit: z.enum(units).default(unit) }).strict(),
]);
const CountField = numberField(['pairs'], 'pairs');
const RateField = numberField(['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'], 'bit/s');
const LengthField = numberField(['m', 'km'], 'm');
const DegreesField = numberField(['degrees'], 'degrees');
export type NumberField = z.infer<typeof RateField> | z.infer<typeof LengthField> | z.infer<typeof CountField>;

export const UNIT_FACTOR: Record<string, number> = {
  pairs: 1, 'bit/s': 1, 'kbit/s': 1e3, 'Mbit/s': 1e6, 'Gbit/s': 1e9, 'Tbit/s': 1e12, m: 1, km: 1000, degrees: 1,
};

export const RouteMapping = z.object({
  /** The segment id; without it ids are made from owner and sites (`<owner>-<a>-<b>`). */
  id: TextField.optional(),
  owner: TextField,
  pairs: z.object({ total: CountField, lit: CountField, reserved: CountField.optional() }).strict(),
  /** Lit capacity; needed for segments the cadastre does not have yet. */
  capacity: RateField.optional(),
  /** Surveyed length (fibre slack, detours); without it the cadastre computes the route's length. */
  length: LengthField.optional(),
  /** Site ids at the ends, when the export names them; else the ends are matched to the nearest site. */
  a: TextField.optional(),
  b: TextField.optional(),
  /** The measuring interface at end a, when the export knows it. */
  measuredBy: z.object({ device: TextField, ifName: TextField.optional(), ifAlias: TextField.optional(), ifIndex: CountField.optional() }).strict().optional(),
}).strict();
export type RouteMapping = z.infer<typeof RouteMapping>;

export const SiteMapping = z.object({
  id: TextField,
  name: TextField,
  kind: TextField.default({ value: 'other' }),
  commune: TextField,
  /** The administration the site belongs to (administrations.yaml), when the export says. */
  administration: TextField.optional(),
  /** CSV columns holding WGS84 longitude and latitude (GeoJSON, KML and GeoPackage sites are points). */
  lon: DegreesField.optional(),
  lat: DegreesField.optional(),
}).strict();
export type SiteMapping = z.infer<typeof SiteMapping>;

export const PlantMapping = z.object({
  /** Owners to add to owners.yaml when the cadastre lacks them. */
  owners: z.array(Owner).default([]),
  /** How far a route's end may be from its site (metres); config:check allows the same at most. */
  toleranceMetres: z.number().positive().max(ROUTE_END_TOLERANCE_METRES).default(ROUTE_END_TOLERANCE_METRES),
  /** CSV separator of the sites and pairs files. */
  csvSeparator: z.enum([',', ';', '\t']).default(','),
  routes: RouteMapping.optional(),
  sites: SiteMapping.optional(),
}).strict();
export type PlantMapping = z.infer<typeof PlantMapping>;

export class MappingError extends Error {
  constructor(readonly problems: string[]) { super(problems.join('\n')); this.name = 'MappingError'; }
}

interface Loaded { mapping: PlantMapping; file: string; position(path: (string | number)[]): string }

/** Reads and validates a mapping file; throws a MappingError whose lines are `file:line:col: field: message`. */
export function loadMapping(path: string): Loaded {
  const file = basename(path);
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) { throw new MappingError([`${path}: cannot read the mapping file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]); }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new MappingError([`${file}${e.linePos ? `:${e.linePos[0].line}:${e.linePos[0].col}` : ''}: (root): not valid YAML: ${e.message.split('\n')[0]}`]);
  }
  const position = (p: (string | number)[]): string => yamlPosition({ doc, lines }, p);
  const r = PlantMapping.safeParse(doc.toJS() ?? {});
  if (!r.success) {
    throw new MappingError(r.error.issues.map((i) => {
      // A union's issues say "invalid input"; say what a field may be instead.
      const msg = i.code === 'invalid_union' ? 'expected a property name, {property, values|unit} or {value}' : i.message;
      // An unknown key is shown where it is written.
      const at = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]] : i.path;
      return `${file}${position(at as (string | number)[])}: ${formatPath(i.path)}: ${msg}`;
    }));
  }
  return { mapping: r.data, file, position };
}

/** Every property the mapping section reads, with its field path (for "no feature has this property"). */
export function propertiesRead(section: object, prefix: string[]): { path: string[]; property: string }[] {
  const out: { path: string[]; property: string }[] = [];
  for (const [k, v] of Object.entries(section)) {
    if (!v || typeof v !== 'object') continue;
    if ('property' in v && typeof v.property === 'string') out.push({ path: [...prefix, k], property: v.property });
    else if (!('value' in v)) out.push(...propertiesRead(v, [...prefix, k]));
  }
  return out;
}

/** Fields every feature needs: a property for them that no feature has is an error (others only a warning). */
const REQUIRED = new Set(['routes.owner', 'routes.pairs.total', 'routes.pairs.lit', 'sites.id', 'sites.name', 'sites.commune', 'sites.kind', 'sites.lon', 'sites.lat']);

/** Mapping problems against the data: a property named in the mapping that no feature of the file has. */
export function checkProperties(loaded: Loaded, section: 'routes' | 'sites', features: readonly SourceFeature[], dataFile: string): { errors: string[]; warnings: string[] } {
  const m = loaded.mapping[section];
  const out = { errors: [] as string[], warnings: [] as string[] };
  if (!m || !features.length) return out;
  const seen = new Set(features.flatMap((f) => Object.keys(f.properties)));
  for (const p of propertiesRead(m, [section])) {
    if (seen.has(p.property)) continue;
    const field = p.path.join('.');
    (REQUIRED.has(field) ? out.errors : out.warnings).push(`${loaded.file}${loaded.position(p.path)}: ${field}: property "${p.property}" is in no feature of ${basename(dataFile)} (it has: ${[...seen].sort().join(', ') || 'none'})`);
  }
  return out;
}
