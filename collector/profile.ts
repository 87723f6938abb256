// Collector profiles are data (YAML in collector/profiles/), like snmp_exporter modules: which table columns
// to walk, how the tables join on their index, and which column feeds which tag or field of the measurement
// the rows become. Adding a vendor is adding a profile file; nothing here knows a vendor.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../config/load.js';

export const Oid = z.string().regex(/^\d+(\.\d+)+$/, 'a numeric OID like 1.3.6.1.2.1.1.3.0');
const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name of letters, digits and _');

/** A column reference; `scale` multiplies the value (e.g. ifHighSpeed is in Mbit/s: scale 1000000). */
export const Source = z.union([Name, z.object({ column: Name, scale: z.number().positive().optional() }).strict()]);
export type Source = z.infer<typeof Source>;

export const ValueSpec = z.object({
  /** Columns in order of preference: the first one the row has wins (e.g. HC counters, then 32-bit). */
  from: z.array(Source).min(1),
  /** Makes a boolean: true when the value equals this number (e.g. ifOperStatus up(1)). */
  equals: z.number().int().optional(),
  /** Sums the column over every row of a child table that joins this row (e.g. clients over an AP's radios). */
  sum: z.boolean().default(false),
}).strict();
export type ValueSpec = z.infer<typeof ValueSpec>;

export const TableSpec = z.object({
  /** The table's entry OID; column N is <entry>.N and the rest of a cell's OID is the row index. */
  entry: Oid,
  columns: z.record(Name, z.number().int().positive()),
  /**
   * How rows join the profile's `rows` table: `index` (default) — the same index (ifXTable on ifIndex);
   * `{ prefix: N }` — a child table whose index starts with the N sub-ids of the parent row's index
   * (bsnAPIfTable: AP MAC (6 sub-ids) + slot).
   */
  join: z.union([z.literal('index'), z.object({ prefix: z.number().int().positive() }).strict()]).default('index'),
}).strict();
export type TableSpec = z.infer<typeof TableSpec>;

const InterfaceValues = z.object({
  /** → tag if_name (and the key the cadastre's segment.measuredBy.ifName matches). */
  name: ValueSpec,
  inOctets: ValueSpec,
  outOctets: ValueSpec,
  operUp: ValueSpec,
  speedBps: ValueSpec,
  alias: ValueSpec.optional(),
}).strict();
const HotspotValues = z.object({
  /** Matched with the cadastre's hotspot.apName for this controller → tag hotspot. */
  apName: ValueSpec,
  up: ValueSpec,
  clients: ValueSpec,
}).strict();

const Common = {
  name: Name.or(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)),
  description: z.string().optional(),
  /** GETBULK max-repetitions; a device's maxRepetitions overrides it. */
  maxRepetitions: z.number().int().min(1).max(200).default(25),
  /** sysUpTime.0, read with every poll to tell an agent restart from a counter wrap. */
  uptime: Oid.default('1.3.6.1.2.1.1.3.0'),
  /** The table whose rows become points. */
  rows: Name,
  tables: z.record(Name, TableSpec),
};

export const Profile = z.discriminatedUnion('measurement', [
  z.object({ ...Common, measurement: z.literal('interface'), values: InterfaceValues }).strict(),
  z.object({ ...Common, measurement: z.literal('hotspot'), values: HotspotValues }).strict(),
]).superRefine((p, ctx) => {
  const columnTable = new Map<string, string>();
  for (const [t, spec] of Object.entries(p.tables)) {
    for (const c of Object.keys(spec.columns)) {
      if (columnTable.has(c)) ctx.addIssue({ code: 'custom', path: ['tables', t, 'columns', c], message: `column ${c} is also defined in table ${columnTable.get(c)}` });
      columnTable.set(c, t);
    }
  }
  const rows = p.tables[p.rows];
  if (!rows) ctx.addIssue({ code: 'custom', path: ['rows'], message: `no table named ${p.rows}` });
  else if (rows.join !== 'index') ctx.addIssue({ code: 'custom', path: ['tables', p.rows, 'join'], message: 'the rows table joins nothing: leave join out' });
  for (const [slot, spec] of Object.entries(p.values) as Array<[string, ValueSpec | undefined]>) {
    if (!spec) continue;
    spec.from.forEach((src, i) => {
      const col = typeof src === 'string' ? src : src.column;
      const t = columnTable.get(col);
      const path = ['values', slot, 'from', i];
      if (!t) { ctx.addIssue({ code: 'custom', path, message: `unknown column ${col}` }); return; }
      const child = p.tables[t].join !== 'index';
      if (child && !spec.sum) ctx.addIssue({ code: 'custom', path, message: `column ${col} is in child table ${t}: set sum: true` });
      if (!child && spec.sum) ctx.addIssue({ code: 'custom', path: ['values', slot, 'sum'], message: `sum needs a child table column (${col} is in ${t})` });
    });
  }
});
export type Profile = z.infer<typeof Profile>;

export const PROFILES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'profiles');

export class ProfileError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid collector profile:\n${problems.join('\n')}`);
    this.name = 'ProfileError';
  }
}

/** Parses one profile file's text; problems name the file and the field. */
export function parseProfile(text: string, file: string): Profile {
  let raw: unknown;
  try { raw = parseYaml(text); } catch (e) {
    throw new ProfileError([`${file}: (root): not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`]);
  }
  const r = Profile.safeParse(raw);
  if (!r.success) throw new ProfileError(r.error.issues.map((i) => `${file}: ${formatPath(i.path)}: ${i.message}`));
  return r.data;
}

/** Every *.yaml of a directory, keyed by the profile's name (which must equal the file's base name). */
export function loadProfiles(dir: string = PROFILES_DIR): Map<string, Profile> {
  if (!existsSync(dir)) throw new ProfileError([`${dir}: (root): profiles directory missing`]);
  const out = new Map<string, Profile>();
  const problems: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort()) {
    try {
      const p = parseProfile(readFileSync(join(dir, f), 'utf8'), f);
      const base = f.replace(/\.ya?ml$/, '');
      if (p.name !== base) problems.push(`${f}: name: "${p.name}" must equal the file name "${base}"`);
      else out.set(p.name, p);
    } catch (e) {
      if (e instanceof ProfileError) problems.push(...e.problems); else throw e;
    }
  }
  if (problems.length) throw new ProfileError(problems);
  return out;
}

/** A profile's column → OID (<entry>.<n>), for the walk. */
export function columnOids(p: Profile): Array<{ table: string; column: string; oid: string }> {
  return Object.entries(p.tables).flatMap(([table, t]) =>
    Object.entries(t.columns).map(([column, n]) => ({ table, column, oid: `${t.entry}.${n}` })));
}
