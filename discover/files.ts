// The draft's files: one YAML file per collection, each item preceded by its evidence as comments; a sites CSV
// reader; and the rule that a reviewed file is never overwritten without --force (and a printed diff).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Site } from '../config/schema.js';
import { writeFileAtomic } from '../common/fs.js';
import type { Drafted, SiteRow } from './draft.js';
import { parseCsv } from './seeds.js';

const MARK = '# draft-sha256: ';

/** A sites CSV: id, name, kind, lon, lat, commune, and optionally location (the sysLocation that means this site). */
export function readSitesCsv(file: string): SiteRow[] {
  return parseCsv(readFileSync(file, 'utf8'), file).map(({ line, cells }) => {
    const r = Site.safeParse({
      id: cells.id, name: cells.name, kind: cells.kind || 'other', coordinates: [Number(cells.lon), Number(cells.lat)], commune: cells.commune,
    });
    if (!r.success) {
      const i = r.error.issues[0];
      throw new Error(`${file}:${line}: ${i.path.join('.') || '(row)'}: ${i.message}`);
    }
    return { line, site: r.data, ...(cells.location ? { location: cells.location } : {}) };
  });
}

/** A collection as YAML: each item on one line (flow style), after its evidence as `# ` comment lines. */
export function renderItems<T>(items: ReadonlyArray<Drafted<T>>, what: string): string {
  const body = items.map((it) => `${it.evidence.map((e) => `# ${e.replace(/\n/g, ' ')}\n`).join('')}- ${stringify(it.value, { collectionStyle: 'flow', lineWidth: 0, aliasDuplicateObjects: false }).trim()}\n`).join('');
  const hash = createHash('sha256').update(body).digest('hex');
  return `# ${what}, drafted by \`npm run discover\`: every comment above an item is the evidence of a guess; review them.\n`
    + `# The next line marks the file as an unreviewed draft (discover may replace it); edit anything and it counts as reviewed.\n${MARK}${hash}\n${body}`;
}

/** A one-document YAML file (a map, e.g. policy.yaml), after its evidence comments, with the draft mark. */
export function renderDocument(value: Record<string, unknown>, evidence: readonly string[], what: string): string {
  const body = `${evidence.map((e) => `# ${e}\n`).join('')}${stringify(value, { lineWidth: 0 })}`;
  const hash = createHash('sha256').update(body).digest('hex');
  return `# ${what}, drafted by \`npm run discover\`: review it.\n# The next line marks the file as an unreviewed draft (discover may replace it); edit anything and it counts as reviewed.\n${MARK}${hash}\n${body}`;
}

/** True when the file is a draft nobody edited: its body still hashes to its mark. */
export function isUntouchedDraft(text: string): boolean {
  const at = text.indexOf(MARK);
  if (at < 0) return false;
  const end = text.indexOf('\n', at);
  if (end < 0) return false;
  return createHash('sha256').update(text.slice(end + 1)).digest('hex') === text.slice(at + MARK.length, end).trim();
}

/** `diff -u` of two texts (diffutils), labelled with the file name. */
export function unifiedDiff(name: string, before: string, after: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'discover-diff-'));
  try {
    writeFileSync(join(dir, 'a'), before);
    writeFileSync(join(dir, 'b'), after);
    const r = spawnSync('diff', ['-u', '--label', `${name} (reviewed)`, '--label', `${name} (discovered)`, join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface WriteOutcome { file: string; action: 'written' | 'unchanged' | 'kept' | 'overwritten'; diff?: string }

/**
 * Writes a drafted file. A file that exists and is not an untouched draft (reviewed, or written by hand) is kept
 * unless `force`; either way its diff against the new draft is returned for printing.
 */
export function writeDraftFile(dir: string, name: string, text: string, force: boolean): WriteOutcome {
  const file = join(dir, name);
  if (!existsSync(file)) { writeFileAtomic(file, text); return { file: name, action: 'written' }; }
  const before = readFileSync(file, 'utf8');
  if (before === text) return { file: name, action: 'unchanged' };
  if (isUntouchedDraft(before)) { writeFileAtomic(file, text); return { file: name, action: 'written' }; }
  const diff = unifiedDiff(name, before, text);
  if (!force) return { file: name, action: 'kept', diff };
  writeFileAtomic(file, text);
  return { file: name, action: 'overwritten', diff };
}
