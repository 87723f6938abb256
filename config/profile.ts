// Collector profiles are data (YAML in config/profiles/), like snmp_exporter modules: which table columns
// to walk, how the tables join on their index, and which column feeds which tag or field of the measurement
// the rows become. Adding a vendor is adding a profile file; nothing here knows a vendor.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatPath } from './path.js';

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
  /** Takes the first child row's value (e.g. the AP name each of its radio rows carries). */
  first: z.boolean().default(false),
}).strict();
export type ValueSpec = z.infer<typeof ValueSpec>;

export const TableSpec = z.object({
  /** The table's entry OID; column N is <entry>.N and the rest of a cell's OID is the row index. */
  entry: Oid,
  columns: z.record(Name, z.number().int().positive()),
  /**
   * How rows join the profile's `rows` table: `index` (default) — the same index (ifXTable on ifIndex);
   * `{ prefix: N }` — a child table whose index starts with the N sub-ids of the parent row's index
   * (bsnAPIfTable: AP MAC (6 sub-ids) + slot); `all` — every row of this table belongs to every row of the
   * rows table, which then has one row (a standalone AP: its sysName, and its per-SSID table's rows).
   */
  join: z.union([z.literal('index'), z.literal('all'), z.object({ prefix: z.number().int().positive() }).strict()]).default('index'),
}).strict();
export type TableSpec = z.infer<typeof TableSpec>;

const InterfaceValues = z.object({
  /** → tag if_name; ifDescr → tag if_descr, ifAlias → tag if_alias (measuredBy may name any of ifName, ifAlias). */
  name: ValueSpec,
  descr: ValueSpec.optional(),
  alias: ValueSpec.optional(),
  inOctets: ValueSpec,
  outOctets: ValueSpec,
  /** Optional: a device without the column gets no oper_up/admin_up/speed_bps (unknown), never false or 0. */
  operUp: ValueSpec.optional(),
  adminUp: ValueSpec.optional(),
  speedBps: ValueSpec.optional(),
  /** Packet counters → per-second rates in_errors_ps, out_errors_ps, in_discards_ps, out_discards_ps. */
  inErrors: ValueSpec.optional(),
  outErrors: ValueSpec.optional(),
  inDiscards: ValueSpec.optional(),
  outDiscards: ValueSpec.optional(),
}).strict();
const HotspotValues = z.object({
  /** Matched with the cadastre's hotspot.apName for this controller → tag hotspot. */
  apName: ValueSpec,
  /** Optional: without a status column the AP's state is unknown (no `up` field), never down. */
  up: ValueSpec.optional(),
  clients: ValueSpec,
}).strict();

const Common = {
  name: Name.or(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)),
  description: z.string().optional(),
  /**
   * sysObjectID prefixes of the devices this profile is for: a device without `profile:` in the cadastre gets
   * the profile with the longest prefix of what it answers.
   */
  sysObjectIds: z.array(Oid).default([]),
  /** GETBULK max-repetitions; a device's maxRepetitions overrides it. */
  maxRepetitions: z.number().int().min(1).max(200).default(25),
  /** sysUpTime.0, read with every poll to tell an agent restart from a counter wrap. */
  uptime: Oid.default('1.3.6.1.2.1.1.3.0'),
  /**
   * The table whose rows become points. A row exists when the rows table or a child table has it (a child
   * row's index prefix): a controller that serves only its radio table still has its APs.
   */
  rows: Name,
  /**
   * Tables that carry the rows (default: the rows table): a poll that reads no row of any of them has status
   * `empty` (the device answers but lacks the table, e.g. a controller without an AP table).
   */
  needs: z.array(Name).optional(),
  /**
   * hotspot only: what a row is — `ap` (one access point), `ssid` (a per-SSID total, for vendors that expose no
   * per-AP table) or `controller` (a per-controller total).
   */
  scope: z.enum(['ap', 'ssid', 'controller']).default('ap'),
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
  (p.needs ?? []).forEach((t, i) => { if (!p.tables[t]) ctx.addIssue({ code: 'custom', path: ['needs', i], message: `no table named ${t}` }); });
  if (p.measurement === 'interface' && p.scope !== 'ap') ctx.addIssue({ code: 'custom', path: ['scope'], message: 'scope is for hotspot profiles' });
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
      if (child && !spec.sum && !spec.first) ctx.addIssue({ code: 'custom', path, message: `column ${col} is in child table ${t}: set sum: true (or first: true)` });
      if (spec.sum && spec.first) ctx.addIssue({ code: 'custom', path: ['values', slot, 'first'], message: 'sum or first, not both' });
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

/** The profile for a sysObjectID: the longest declared prefix that matches (on whole sub-ids). */
export function profileForObjectId(profiles: ReadonlyMap<string, Profile>, objectId: string): Profile | undefined {
  let best: { p: Profile; len: number } | undefined;
  for (const p of profiles.values()) {
    for (const prefix of p.sysObjectIds) {
      if ((objectId === prefix || objectId.startsWith(`${prefix}.`)) && (!best || prefix.length > best.len)) best = { p, len: prefix.length };
    }
  }
  return best?.p;
}

/** A profile's column → OID (<entry>.<n>), for the walk. */
export function columnOids(p: Profile): Array<{ table: string; column: string; oid: string }> {
  return Object.entries(p.tables).flatMap(([table, t]) =>
    Object.entries(t.columns).map(([column, n]) => ({ table, column, oid: `${t.entry}.${n}` })));
}
