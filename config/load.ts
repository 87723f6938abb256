// Reads a cadastre directory: one YAML file per collection (see CadastreFiles), validated with zod.
// Every problem is reported at once, one line each: `file: path.to.field: message`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { Cadastre, CadastreFiles, Device, Hotspot, Owner, PriceBook, Policy, Segment, Site, Target } from './schema.js';
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

const itemSchemas = {
  owners: Owner, sites: Site, devices: Device, segments: Segment, hotspots: Hotspot, targets: Target,
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
  for (const [key, file] of Object.entries(CadastreFiles)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      // The price book and policy have defaults for every optional field; collections may be empty.
      raw[key] = key === 'priceBook' || key === 'policy' ? undefined : [];
      if (key === 'priceBook' || key === 'owners' || key === 'sites') problems.push(`${file}: (root): file missing`);
      continue;
    }
    try {
      raw[key] = parseYaml(readFileSync(path, 'utf8')) ?? (key === 'priceBook' || key === 'policy' ? {} : []);
    } catch (e) {
      problems.push(`${file}: (root): not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
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
      else for (const issue of r.error.issues) problems.push(`${file}: ${locate(items, [i, ...issue.path])}: ${issue.message}`);
    });
    parsed[key] = out;
  }
  for (const [key, schema] of [['priceBook', PriceBook], ['policy', Policy]] as const) {
    const file = CadastreFiles[key];
    const r = (schema as z.ZodType).safeParse(raw[key] ?? {});
    if (r.success) parsed[key] = r.data;
    else for (const issue of r.error.issues) problems.push(`${file}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  if (problems.length) return { problems };
  const cadastre = Cadastre.parse(parsed);
  problems.push(...crossCheck(cadastre, profileNames));
  return problems.length ? { problems } : { cadastre, problems };
}

/** Loads a cadastre or throws a CadastreError listing every problem. */
export function loadCadastre(dir: string, profilesDir?: string): Cadastre {
  const { cadastre, problems } = readCadastre(dir, profilesDir);
  if (!cadastre) throw new CadastreError(problems);
  return cadastre;
}
