// Import of Osiris worksites: a GeoJSON FeatureCollection file, or the pages of an OGC API Features
// collection (WORKSITES) followed by their `next` links. Each feature is validated on its own: a bad one is
// reported (its id_ws and the field) and skipped. The set is stored as a GeoJSON file beside the cadastre,
// replaced atomically (write a temporary file, fsync, rename), and updated by id_ws: re-importing never
// duplicates, and a failed import (unreadable source, HTTP error, not a FeatureCollection) leaves the
// previous file untouched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/fs.js';
import { z } from 'zod';
import { parseJsonWith } from '../config/json.js';
import { readWorksiteFile, WORKSITES_FILE, WorksiteFeature, type WorksiteCollection as Collection } from '../config/worksites.js';

export class WorksImportError extends Error {
  constructor(message: string) { super(message); this.name = 'WorksImportError'; }
}

export interface RawFeature {
  feature: unknown;
  /** 1-based page and position within it, for messages. */
  page: number;
  index: number;
}

export interface Progress { page: number; features: number; source: string }

export interface Rejected { idWs: string | null; page: number; index: number; field: string; message: string }

export interface ImportReport {
  source: string;
  pages: number;
  read: number;
  kept: number;
  rejected: Rejected[];
  /** id_ws seen more than once in this import: the last one is kept. */
  duplicates: string[];
  added: number;
  updated: number;
  total: number;
  file: string;
}

const Link = z.object({ rel: z.string(), href: z.string(), type: z.string().optional() }).loose();
const Page = z.object({
  type: z.literal('FeatureCollection', { error: 'expected a GeoJSON FeatureCollection' }),
  features: z.array(z.unknown(), { error: 'features: expected a list' }),
  links: z.array(Link).optional(),
}).loose();

function isUrl(s: string): boolean { return /^https?:\/\//i.test(s); }

/** The `next` link of an OGC API Features page, resolved against the page's own URL; GeoJSON preferred. */
export function nextLink(page: z.infer<typeof Page>, base: string): string | null {
  const next = (page.links ?? []).filter((l) => l.rel === 'next');
  if (!next.length) return null;
  const pick = next.find((l) => !l.type || /geo\+json|json/i.test(l.type)) ?? next[0];
  return new URL(pick.href, base).href;
}

const CollectionDocument = z.object({ links: z.array(Link) }).loose();
/** The GeoJSON `items` link of an OGC API Features collection document, or null when `text` is not one. */
function itemsLink(text: string, base: string): string | null {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return null; }
  if (raw && typeof raw === 'object' && (raw as { type?: unknown }).type === 'FeatureCollection') return null;
  const r = CollectionDocument.safeParse(raw);
  if (!r.success) return null;
  const items = r.data.links.filter((l) => l.rel === 'items');
  const pick = items.find((l) => l.type && /geo\+json/i.test(l.type)) ?? items.find((l) => !l.type || /json/i.test(l.type));
  return pick ? new URL(pick.href, base).href : null;
}

function parsePage(text: string, where: string): z.infer<typeof Page> {
  return parseJsonWith(Page, text, where, (m) => new WorksImportError(m));
}

/** Every raw feature of a file or of all pages of an OGC API Features URL. Throws WorksImportError on failure. */
export async function readFeatures(source: string, onProgress: (p: Progress) => void = () => {}, maxPages = 10_000): Promise<{ features: RawFeature[]; pages: number }> {
  const features: RawFeature[] = [];
  if (!isUrl(source)) {
    let text: string;
    try { text = readFileSync(source, 'utf8'); } catch (e) {
      throw new WorksImportError(`${source}: cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
    const page = parsePage(text, source);
    page.features.forEach((feature, i) => features.push({ feature, page: 1, index: i + 1 }));
    onProgress({ page: 1, features: features.length, source });
    return { features, pages: 1 };
  }
  const seen = new Set<string>();
  let url: string | null = source;
  let pages = 0;
  while (url) {
    if (seen.has(url)) throw new WorksImportError(`${url}: the next links loop back to a page already read`);
    if (pages >= maxPages) throw new WorksImportError(`${source}: more than ${maxPages} pages; stopped`);
    seen.add(url);
    pages++;
    let res: Response;
    try {
      res = await fetch(url, { headers: { Accept: 'application/geo+json, application/json;q=0.9' }, signal: AbortSignal.timeout(60_000) });
    } catch (e) {
      throw new WorksImportError(`page ${pages} (${url}): ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text();
    if (!res.ok) throw new WorksImportError(`page ${pages} (${url}): HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`);
    // Given the collection itself (…/collections/WORKSITES) rather than its items: follow its `items` link once.
    if (pages === 1) {
      const items = itemsLink(text, url);
      if (items) { url = items; pages = 0; seen.clear(); continue; }
    }
    const page = parsePage(text, `page ${pages} (${url})`);
    page.features.forEach((feature, i) => features.push({ feature, page: pages, index: i + 1 }));
    onProgress({ page: pages, features: features.length, source });
    url = nextLink(page, url);
  }
  return { features, pages };
}

function idOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && 'properties' in raw) {
    const p = (raw as { properties: unknown }).properties;
    if (p && typeof p === 'object' && 'id_ws' in p) {
      const v = (p as { id_ws: unknown }).id_ws;
      if (typeof v === 'string' || typeof v === 'number') return String(v);
    }
  }
  return null;
}

/** Validates each feature; the valid ones by id_ws (the last of duplicates wins), the others reported. */
export function validateFeatures(raw: readonly RawFeature[]): { valid: Map<string, WorksiteFeature>; rejected: Rejected[]; duplicates: string[] } {
  const valid = new Map<string, WorksiteFeature>();
  const rejected: Rejected[] = [];
  const duplicates = new Set<string>();
  for (const item of raw) {
    const r = WorksiteFeature.safeParse(item.feature);
    if (!r.success) {
      const issue = r.error.issues[0];
      rejected.push({ idWs: idOf(item.feature), page: item.page, index: item.index, field: issue.path.map(String).join('.') || '(feature)', message: issue.message });
      continue;
    }
    const id = r.data.properties.id_ws;
    if (valid.has(id)) { duplicates.add(id); valid.delete(id); }
    valid.set(id, r.data);
  }
  return { valid, rejected, duplicates: [...duplicates].sort() };
}

export function describeRejected(r: Rejected): string {
  return `worksite ${r.idWs ?? '(no id_ws)'} (page ${r.page}, feature ${r.index}): ${r.field}: ${r.message}`;
}

export interface ImportOptions {
  /** The cadastre directory; the set is `<configDir>/worksites.geojson`. */
  configDir: string;
  onProgress?: (p: Progress) => void;
  /** The clock, for the import record. */
  now?: () => number;
}

/** Reads, validates, merges by id_ws into the stored set and replaces it atomically. */
export async function importWorksites(source: string, opts: ImportOptions): Promise<ImportReport> {
  const file = join(opts.configDir, WORKSITES_FILE);
  // Read the previous set first: if it is corrupt the import stops before touching anything.
  const previous = readWorksiteFile(file);
  const { features, pages } = await readFeatures(source, opts.onProgress);
  const { valid, rejected, duplicates } = validateFeatures(features);
  const merged = new Map(previous.features.map((f) => [f.properties.id_ws, f]));
  let added = 0, updated = 0;
  for (const [id, f] of valid) {
    if (merged.has(id)) updated++; else added++;
    merged.set(id, f);
  }
  const ids = [...merged.keys()].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
  const importedAt = new Date((opts.now ?? Date.now)()).toISOString();
  const collection: Collection = {
    type: 'FeatureCollection',
    sources: [...previous.sources, { source, importedAt, features: valid.size }],
    ...(previous.synthetic ? { synthetic: true } : {}),
    features: ids.map((id) => merged.get(id)!),
  };
  writeFileAtomic(file, JSON.stringify(collection));
  return { source, pages, read: features.length, kept: valid.size, rejected, duplicates, added, updated, total: ids.length, file };
}
