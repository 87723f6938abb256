// npm run plant:import: reads an owner's routes (GeoJSON, KML, GeoPackage), sites (GeoJSON, KML, GeoPackage, CSV)
// and site pairs (CSV: only the ends known, the route drafted along the road graph), matches them with the
// mapping file, and merges segments, sites and owners into a cadastre directory (config/draft-files.ts: a
// reviewed file changes only with --force). Segments the cadastre already has (same id, or the only segment
// between the same two sites of the same owner) keep their id, measuring interface and capacity unless the export
// gives them.
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { z } from 'zod';
import { parseCsvRows } from '../common/csv.js';
import { readRoads } from '../config/demo-data.js';
import { RoadGraph } from '../config/demo-roads.js';
import { heldBack, mergeDraftItems, type MergeResult } from '../config/draft-files.js';
import { CadastreFiles, Device, Owner, Segment, Site, type LonLat } from '../config/schema.js';
import { PlantFileError, type Progress, type PropertyValue, type SourceFeature } from './feature.js';
import { readGeojson } from './geojson.js';
import { readGpkg } from './gpkg.js';
import { readKml } from './kml.js';
import { checkProperties, loadMapping, MappingError } from './mapping.js';
import { matchRoute, matchRoutes, matchSites, textOf, type PlantSegment, type Unmatched } from './match.js';

export const DEFAULT_ROADS_DIR = fileURLToPath(new URL('../data/brussels', import.meta.url));
const TOOL = 'npm run plant:import';

/** Reads any supported layer file by its extension. */
export function readLayer(file: string, opts: { layer?: string; csvSeparator?: string; progress?: Progress } = {}): SourceFeature[] {
  if (!existsSync(file)) throw new PlantFileError(`${file}: no such file`);
  const ext = extname(file).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return readGeojson(file);
  if (ext === '.kml') return readKml(file);
  if (ext === '.gpkg') return readGpkg(file, opts.layer, opts.progress);
  if (ext === '.csv' || ext === '.txt') {
    const rows = parseCsvRows(readFileSync(file, 'utf8'), opts.csvSeparator ?? ',');
    if (!rows.length) return [];
    const [head, ...body] = rows;
    const names = head.cells.map((c) => c.trim());
    return body.map((r) => {
      const properties: Record<string, PropertyValue> = {};
      names.forEach((n, i) => { properties[n] = r.cells[i] ?? null; });
      return { ref: `${basename(file)}:${r.line}`, properties, geometry: null };
    });
  }
  throw new PlantFileError(`${file}: unknown format "${ext}" (read: .geojson, .json, .kml, .gpkg, .csv)`);
}

/** The items of one collection file that pass their schema (a draft directory may be partial). */
function readItems<T extends z.ZodType>(dir: string, file: string, schema: T): z.infer<T>[] {
  const path = join(dir, file);
  if (!existsSync(path)) return [];
  let raw: unknown;
  try { raw = parse(readFileSync(path, 'utf8')); } catch (e) {
    throw new PlantFileError(`${path}: not valid YAML (${(e as Error).message.split('\n')[0]}): fix it first (npm run config:check)`);
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((x) => { const r = schema.safeParse(x); return r.success ? [r.data as z.infer<T>] : []; });
}

export interface ImportOptions {
  configDir: string;
  mapping: string;
  routes?: string;
  layer?: string;
  sites?: string;
  sitesLayer?: string;
  /** CSV of site pairs: routes drafted along the road graph. */
  pairs?: string;
  roadsDir?: string;
  force?: boolean;
  progress?: Progress;
}

export interface ImportReport {
  sites: Site[];
  segments: PlantSegment[];
  /** Imported ids that were merged into an existing segment of another id (same two sites). */
  renamed: { from: string; to: string }[];
  /** New segments whose measuring interface was guessed (ifAlias = segment id on a switch or router at a). */
  guessedMeasuredBy: string[];
  unmatched: Unmatched[];
  warnings: string[];
  merges: MergeResult[];
}

const reverse = (s: PlantSegment['segment']): void => {
  const a = s.a; s.a = s.b; s.b = a;
  s.route = { type: 'LineString', coordinates: [...s.route.coordinates].reverse() };
};

export function importPlant(o: ImportOptions): ImportReport {
  const loaded = loadMapping(o.mapping);
  const m = loaded.mapping;
  const problems: string[] = [];
  if ((o.routes || o.pairs) && !m.routes) problems.push(`${loaded.file}: routes: missing (needed to read ${basename(o.routes ?? o.pairs!)})`);
  if (o.sites && !m.sites) problems.push(`${loaded.file}: sites: missing (needed to read ${basename(o.sites)})`);
  if (o.pairs && m.routes && (!m.routes.a || !m.routes.b)) problems.push(`${loaded.file}${loaded.position(['routes'])}: routes.a, routes.b: needed to read site pairs (${basename(o.pairs)}): the columns holding the two site ids`);
  if (problems.length) throw new MappingError(problems);

  const dir = o.configDir;
  const owners = readItems(dir, CadastreFiles.owners, Owner);
  const existingSites = readItems(dir, CadastreFiles.sites, Site);
  const devices = readItems(dir, CadastreFiles.devices, Device);
  const existingSegments = readItems(dir, CadastreFiles.segments, Segment);
  const report: ImportReport = { sites: [], segments: [], renamed: [], guessedMeasuredBy: [], unmatched: [], warnings: [], merges: [] };

  if (o.sites) {
    const features = readLayer(o.sites, { layer: o.sitesLayer, csvSeparator: m.csvSeparator, progress: o.progress });
    const missing = checkProperties(loaded, 'sites', features, o.sites);
    if (missing.errors.length) throw new MappingError(missing.errors);
    report.warnings.push(...missing.warnings);
    const r = matchSites(features, m.sites!);
    report.sites = r.sites;
    report.unmatched.push(...r.unmatched);
  }
  const imported = new Map(report.sites.map((s) => [s.id, s]));
  const sites = [...existingSites.filter((s) => !imported.has(s.id)), ...report.sites];
  const ownerIds = new Set([...owners.map((x) => x.id), ...m.owners.map((x) => x.id)]);
  const ctx = { mapping: m.routes!, sites, owners: ownerIds, toleranceMetres: m.toleranceMetres };

  if (o.routes) {
    const features = readLayer(o.routes, { layer: o.layer, csvSeparator: m.csvSeparator, progress: o.progress });
    const missing = checkProperties(loaded, 'routes', features, o.routes);
    if (missing.errors.length) throw new MappingError(missing.errors);
    report.warnings.push(...missing.warnings);
    const r = matchRoutes(features, ctx, (d, t) => o.progress?.(d, t, 'routes matched'));
    report.segments.push(...r.segments);
    report.unmatched.push(...r.unmatched);
  }
  if (o.pairs) {
    const rows = readLayer(o.pairs, { csvSeparator: m.csvSeparator });
    const graph = new RoadGraph(readRoads(o.roadsDir ?? DEFAULT_ROADS_DIR));
    const byId = new Map(sites.map((s) => [s.id, s]));
    const ids = new Set(report.segments.map((s) => s.segment.id));
    for (const row of rows) {
      const ends = [textOf(m.routes!.a!, row.properties), textOf(m.routes!.b!, row.properties)];
      const unknown = ends.findIndex((id) => !id || !byId.has(id));
      if (unknown >= 0) { report.unmatched.push({ ref: row.ref, reason: 'unknown-site', detail: `end ${unknown ? 'b' : 'a'}: ${ends[unknown] ? `site "${ends[unknown]}" is not in the cadastre's nor the imported sites` : 'no site id'}` }); continue; }
      if (ends[0] === ends[1]) { report.unmatched.push({ ref: row.ref, reason: 'same-site', detail: `both ends are at site "${ends[0]}"` }); continue; }
      let coords: LonLat[];
      try { coords = graph.route(byId.get(ends[0]!)!.coordinates, byId.get(ends[1]!)!.coordinates).coordinates; } catch (e) {
        report.unmatched.push({ ref: row.ref, reason: 'no-road-path', detail: (e as Error).message }); continue;
      }
      const r = matchRoute(row.ref, row.properties, coords, ctx);
      if ('reason' in r) { report.unmatched.push(r); continue; }
      if (ids.has(r.segment.id)) { report.unmatched.push({ ref: row.ref, reason: 'duplicate-id', detail: `segment "${r.segment.id}" is also in the routes` }); continue; }
      ids.add(r.segment.id);
      r.drafted = true;
      report.segments.push(r);
    }
  }

  // Complete each segment from the cadastre's own (same id, else the only one between the same two sites).
  const pairKey = (a: string, b: string): string => [a, b].sort().join('\u0000');
  const byPair = new Map<string, Segment[]>();
  for (const s of existingSegments) byPair.set(pairKey(s.a, s.b), [...(byPair.get(pairKey(s.a, s.b)) ?? []), s]);
  const existingById = new Map(existingSegments.map((s) => [s.id, s]));
  const kept: PlantSegment[] = [];
  for (const p of report.segments) {
    const s = p.segment;
    let old = existingById.get(s.id);
    const sameSites = byPair.get(pairKey(s.a, s.b)) ?? [];
    // The same fibre under the owner's own id: the only segment of that owner between the same two sites.
    const sameOwner = sameSites.filter((x) => x.owner === s.owner);
    if (!old && sameOwner.length === 1) {
      old = sameOwner[0];
      report.renamed.push({ from: s.id, to: old.id });
      s.id = old.id;
    }
    if (old) {
      if (old.a === s.b && old.b === s.a) reverse(s);
      s.litCapacityBps ??= old.litCapacityBps;
      s.measuredBy ??= old.measuredBy;
    }
    if (s.litCapacityBps === undefined) {
      report.unmatched.push({ ref: p.ref, reason: 'bad-attribute', detail: `capacity: missing${m.routes?.capacity ? '' : ' (routes.capacity is not mapped)'} and the cadastre has no segment "${s.id}" to take it from` });
      continue;
    }
    if (!s.measuredBy) {
      const at = (site: string) => devices.find((d) => d.site === site && (d.role === 'switch' || d.role === 'router'));
      const dev = at(s.a) ?? at(s.b);
      if (!dev) {
        report.unmatched.push({ ref: p.ref, reason: 'no-measuring-device', detail: `no switch or router at "${s.a}" nor "${s.b}" in devices.yaml (map routes.measuredBy, or add the devices first, e.g. with discover)` });
        continue;
      }
      if (dev.site !== s.a) reverse(s);
      s.measuredBy = { device: dev.id, ifAlias: s.id };
      report.guessedMeasuredBy.push(s.id);
    }
    kept.push(p);
  }
  report.segments = kept;

  // All files or none: a reviewed file held back (no --force) keeps the others unwritten too, so the directory never
  // holds segments whose new sites were not written.
  const force = o.force ?? false;
  const newOwners = m.owners.filter((x) => !owners.some((y) => y.id === x.id));
  const segmentItems = report.segments.map((p) => {
    const notes = [
      p.drafted ? 'route drafted along the OSM major-roads graph (only the ends were known): replace it with the surveyed route' : '',
      report.guessedMeasuredBy.includes(p.segment.id) ? `measuredBy guessed (ifAlias = segment id on a switch or router at ${p.segment.a}): check it` : '',
    ].filter(Boolean);
    return { value: Segment.parse(p.segment) as Segment & Record<string, unknown>, ...(notes.length ? { comment: notes.join('; ') } : {}) };
  });
  const merge = (dryRun: boolean): MergeResult[] => [
    ...(newOwners.length ? [mergeDraftItems(dir, CadastreFiles.owners, newOwners.map((value) => ({ value })), { force, tool: TOOL, dryRun })] : []),
    ...(report.sites.length ? [mergeDraftItems(dir, CadastreFiles.sites, report.sites.map((value) => ({ value })), { force, tool: TOOL, dryRun })] : []),
    ...(segmentItems.length ? [mergeDraftItems(dir, CadastreFiles.segments, segmentItems, { force, tool: TOOL, block: true, dryRun })] : []),
  ];
  const planned = merge(true);
  report.merges = planned.some(heldBack) ? planned : merge(false);
  return report;
}
