// Reads a cadastre directory: one YAML file per collection (see CadastreFiles), validated with zod.
// Every problem is reported at once, one line each: `file:line:column: path.to.field: message`, the position
// being where the field (or, when it is missing, the nearest enclosing item) sits in the YAML (yaml's LineCounter).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCollection, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  Administration, Cadastre, CadastreFiles, Device, Hotspot, MaintenanceWindow, Owner, PriceBook, Policy, Segment, Site, Target,
} from './schema.js';
import { crossCheck } from './check.js';
import { formatPath } from './path.js';
import { loadProfiles, ProfileError } from './profile.js';

export class CadastreError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid cadastre:\n${problems.join('\n')}`);
    this.name = 'CadastreError';
  }
}

export { formatPath };

/** Where an item sits, for messages: its id when it has one, else its index. */
function locate(items: unknown, path: ReadonlyArray<PropertyKey>): string {
  if (typeof path[0] === 'number' && Array.isArray(items)) {
    const item: unknown = items[path[0]];
    const id = item && typeof item === 'object' && 'id' in item ? String((item as { id: unknown }).id) : undefined;
    const rest = formatPath(path.slice(1));
    return `${id ? `[${id}]` : `[${path[0]}]`}${rest === '(root)' ? '' : rest.startsWith('[') ? rest : `.${rest}`}`;
  }
  return formatPath(path);
}

/** A parsed YAML file and the line index of its text. */
interface YamlSource { doc: Document; lines: LineCounter }

/** `:line:column` of the node at `path` (keys, and indexes into lists), or of its deepest existing ancestor. */
export function yamlPosition(src: YamlSource | undefined, path: ReadonlyArray<PropertyKey>): string {
  if (!src) return '';
  let node: unknown = src.doc.contents;
  let offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
  for (const key of path) {
    if (!isCollection(node)) break;
    const next: unknown = node.get(typeof key === 'symbol' ? String(key) : key, true);
    const start = (next as { range?: [number, number, number] } | null)?.range?.[0];
    if (start === undefined) break;
    node = next;
    offset = start;
  }
  if (offset === undefined) return '';
  const { line, col } = src.lines.linePos(offset);
  return `:${line}:${col}`;
}

/** The path of a `file: path: message` line as keys and indexes ([id] → the index of the first item with that id). */
function pathOf(text: string, items: unknown): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (const m of text.matchAll(/\[([^\]]+)\]|\.?([^.[\]]+)/g)) {
    if (m[1] === undefined) { path.push(m[2]); continue; }
    if (/^\d+$/.test(m[1])) { path.push(Number(m[1])); continue; }
    const list = path.length === 0 && Array.isArray(items) ? items : undefined;
    const i = list ? list.findIndex((it) => it && typeof it === 'object' && (it as { id?: unknown }).id === m[1]) : -1;
    if (i < 0) break;
    path.push(i);
  }
  return path;
}

const itemSchemas = {
  owners: Owner, sites: Site, devices: Device, segments: Segment, hotspots: Hotspot, targets: Target,
  administrations: Administration, maintenance: MaintenanceWindow,
} as const;

export interface LoadResult {
  cadastre?: Cadastre;
  problems: string[];
}

/** Loads and checks a cadastre; never throws for bad content, returns every problem found. */
export function readCadastre(dir: string, profilesDir?: string): LoadResult {
  const problems: string[] = [];
  // The collector profiles a device may name (config/profiles/ unless told otherwise).
  let profileNames: Set<string> | undefined;
  try { profileNames = new Set(loadProfiles(profilesDir).keys()); } catch (e) {
    if (e instanceof ProfileError) problems.push(...e.problems); else throw e;
  }
  const raw: Record<string, unknown> = {};
  const sources: Record<string, YamlSource> = {};
  for (const [key, file] of Object.entries(CadastreFiles)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      // The price book and policy have defaults for every optional field; collections may be empty.
      raw[key] = key === 'priceBook' || key === 'policy' ? undefined : [];
      // Monitoring needs no price book: without one, quotes and opportunities are off (the API says so).
      if (key === 'owners' || key === 'sites') problems.push(`${file}: (root): file missing`);
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const at = e.linePos ? `:${e.linePos[0].line}:${e.linePos[0].col}` : '';
      problems.push(`${file}${at}: (root): not valid YAML: ${e.message.split('\n')[0]}`);
      continue;
    }
    sources[key] = { doc, lines };
    raw[key] = doc.toJS() ?? (key === 'priceBook' || key === 'policy' ? {} : []);
  }
  if (problems.length) return { problems };

  const parsed: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(itemSchemas)) {
    const file = CadastreFiles[key as keyof typeof CadastreFiles];
    const items = raw[key];
    if (!Array.isArray(items)) { problems.push(`${file}: (root): expected a list`); continue; }
    const out: unknown[] = [];
    items.forEach((item, i) => {
      const r = (schema as z.ZodType).safeParse(item);
      if (r.success) out.push(r.data);
      else for (const issue of r.error.issues) problems.push(`${file}${yamlPosition(sources[key], [i, ...issue.path])}: ${locate(items, [i, ...issue.path])}: ${issue.message}`);
    });
    parsed[key] = out;
  }
  for (const [key, schema] of [['priceBook', PriceBook], ['policy', Policy]] as const) {
    const file = CadastreFiles[key];
    if (key === 'priceBook' && raw[key] === undefined) continue;
    const r = (schema as z.ZodType).safeParse(raw[key] ?? {});
    if (r.success) parsed[key] = r.data;
    else for (const issue of r.error.issues) problems.push(`${file}${yamlPosition(sources[key], issue.path)}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  if (problems.length) return { problems };
  const cadastre = Cadastre.parse(parsed);
  // The cross-checks name the file and the field; the position is looked up here, where the YAML is.
  const keyOfFile = new Map(Object.entries(CadastreFiles).map(([k, f]) => [f as string, k]));
  problems.push(...crossCheck(cadastre, profileNames).map((p) => {
    const m = /^([^:\s]+\.yaml): ((?:[^:]|:(?! ))+): /.exec(p);
    const key = m ? keyOfFile.get(m[1]) : undefined;
    if (!m || !key) return p;
    const at = yamlPosition(sources[key], pathOf(m[2], raw[key]));
    return `${m[1]}${at}: ${p.slice(m[1].length + 2)}`;
  }));
  return problems.length ? { problems } : { cadastre, problems };
}

/** Loads a cadastre or throws a CadastreError listing every problem. */
export function loadCadastre(dir: string, profilesDir?: string): Cadastre {
  const { cadastre, problems } = readCadastre(dir, profilesDir);
  if (!cadastre) throw new CadastreError(problems);
  return cadastre;
}
