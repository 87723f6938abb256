// Writing drafted cadastre files (imports and discovery): items are merged by id into a collection file, and a
// file a person has reviewed is never changed without --force. A draft is marked by its first line (DRAFT_MARK);
// deleting that line marks the file reviewed. Every change is listed as a diff, item by item and field by field,
// whether it is written or held back. Merging works on the YAML document, so comments and untouched items stay.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isSeq, parseDocument, stringify, YAMLSeq, type Node } from 'yaml';
import { writeFileAtomic } from '../common/fs.js';
import { lineLengthMetres } from './geometry.js';
import type { LineString } from './schema.js';

export const DRAFT_MARK = '# DRAFT';

/** A collection file that cannot be merged into (not YAML, not a list): the message names it. */
export class DraftFileError extends Error {
  constructor(message: string) { super(message); this.name = 'DraftFileError'; }
}
const markLine = (tool: string): string =>
  `${DRAFT_MARK} written by ${tool}: review it, then delete this line (a reviewed file changes only with --force).`;

export interface DraftItem { value: { id: string } & Record<string, unknown>; comment?: string }

/** True when the merge changes a reviewed file that it may not write (no --force). */
export const heldBack = (r: MergeResult): boolean => r.held;

export interface MergeResult {
  file: string;
  existed: boolean;
  reviewed: boolean;
  added: string[];
  changed: string[];
  /** One line per added item and changed field. */
  diff: string[];
  /** Changes to a reviewed file, not allowed without force. */
  held: boolean;
  written: boolean;
}

const isRoute = (v: unknown): v is LineString =>
  typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'LineString' && Array.isArray((v as { coordinates?: unknown }).coordinates);

/** A value as the diff shows it: flow YAML, a route as its vertex count and length. */
function show(v: unknown): string {
  if (v === undefined) return '(none)';
  if (isRoute(v)) return `${v.coordinates.length} vertices, ${(lineLengthMetres(v) / 1000).toFixed(3)} km`;
  const s = stringify(v, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false }).trim();
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);

/** The item as a YAML node: one flow line, or (block) a block mapping whose nested values are flow. */
function itemNode(doc: Document, item: DraftItem, block: boolean): Node {
  const node = doc.createNode(item.value) as Node;
  if (isMap(node)) {
    if (block) { for (const pair of node.items) if (isMap(pair.value) || isSeq(pair.value)) pair.value.flow = true; } else node.flow = true;
  }
  if (item.comment) node.commentBefore = ` ${item.comment}`;
  return node;
}

/**
 * Merges items by id into `dir/file` (a YAML list): new ids are appended, known ids have their fields replaced
 * (fields the new value lacks are removed). A draft file (or a new one) is written; a reviewed file only with
 * `force` (it is then marked a draft again). Nothing is written when nothing changes, nor with `dryRun`.
 */
export function mergeDraftItems(dir: string, file: string, items: readonly DraftItem[], opts: { force: boolean; tool: string; block?: boolean; dryRun?: boolean }): MergeResult {
  const path = join(dir, file);
  const existed = existsSync(path);
  const text = existed ? readFileSync(path, 'utf8') : '';
  const reviewed = existed && !text.startsWith(DRAFT_MARK);
  const doc = existed ? parseDocument(text) : new Document([]);
  if (doc.errors.length) throw new DraftFileError(`${path}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (doc.contents === null) doc.contents = new YAMLSeq() as unknown as typeof doc.contents;
  const seq = doc.contents;
  if (!isSeq(seq)) throw new DraftFileError(`${path}: expected a list`);
  const index = new Map<string, number>();
  seq.items.forEach((n, i) => { if (isMap(n)) { const id = n.get('id'); if (typeof id === 'string' || typeof id === 'number') index.set(String(id), i); } });
  const result: MergeResult = { file, existed, reviewed, added: [], changed: [], diff: [], held: false, written: false };
  for (const item of items) {
    const id = item.value.id;
    const at = index.get(id);
    if (at === undefined) {
      result.added.push(id);
      const v = item.value;
      result.diff.push(`+ ${file} [${id}]${'a' in v && 'b' in v ? ` ${String(v.a)} → ${String(v.b)}` : 'name' in v ? ` ${String(v.name)}` : ''}${item.comment ? ` (${item.comment})` : ''}`);
      index.set(id, seq.items.length);
      seq.items.push(itemNode(doc, item, opts.block ?? false));
      continue;
    }
    const old = (seq.items[at] as Node).toJSON() as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(old), ...Object.keys(item.value)])];
    const fields = keys.filter((k) => !same(old[k], item.value[k]));
    if (!fields.length) continue;
    result.changed.push(id);
    for (const k of fields) result.diff.push(`~ ${file} [${id}].${k}: ${show(old[k])} → ${show(item.value[k])}`);
    const node = itemNode(doc, item, opts.block ?? false);
    const before = (seq.items[at] as Node).commentBefore;
    if (before && !item.comment) node.commentBefore = before;
    seq.items[at] = node;
  }
  if (!result.added.length && !result.changed.length) return result;
  result.held = reviewed && !opts.force;
  if (result.held || opts.dryRun) return result;
  // The header: the draft mark, then the file's own leading comment (without an older mark).
  const own = (doc.commentBefore ?? '').split('\n').filter((l) => !l.trimStart().startsWith('DRAFT ')).join('\n');
  doc.commentBefore = [markLine(opts.tool).slice(1), own].filter(Boolean).join('\n');
  writeFileAtomic(path, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  result.written = true;
  return result;
}
