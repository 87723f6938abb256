// Discovery: read every seed agent, draft a cadastre from what they answer, write it beside its evidence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadProfiles } from '../config/profile.js';
import { SnmpCredentials, type Device } from '../config/schema.js';
import { resolveSnmp } from '../config/secrets.js';
import { writeFileAtomic } from '../common/fs.js';
import { DEFAULT_DRAFT_OPTIONS, draftCadastre, type Draft, type DraftOptions, type SiteRow } from './draft.js';
import { renderDocument, renderItems, writeDraftFile, type WriteOutcome } from './files.js';
import { isReading, readAgent, type AgentReading, type NamedCredential, type ReadOptions, type Unreachable } from '../common/snmp-agent.js';
import type { Seed } from './seeds.js';

const CredentialsFile = z.array(z.object({ name: z.string().min(1), snmp: SnmpCredentials }).strict()).min(1);

/** A credentials file: a YAML list of `{name, snmp: {version: v2c, community: {env: VAR}} | {version: v3, ...}}`. */
export function readCredentials(file: string, env: NodeJS.ProcessEnv = process.env): NamedCredential[] {
  const r = CredentialsFile.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!r.success) {
    // The schema's own messages show the expected shape (a secret: "expected {env: VAR} …").
    throw new Error(r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'));
  }
  const seen = new Set<string>();
  return r.data.map((c) => {
    if (seen.has(c.name)) throw new Error(`${file}: credential "${c.name}" is named twice`);
    seen.add(c.name);
    return { name: c.name, snmp: c.snmp, resolved: resolveSnmp({ id: `credential ${c.name}`, snmp: c.snmp }, env) };
  });
}

export interface DiscoverOptions extends ReadOptions {
  seeds: Seed[];
  credentials: NamedCredential[];
  sites?: SiteRow[];
  concurrency: number;
  draft?: Partial<DraftOptions>;
  profilesDir?: string;
  /** Called after each agent, for a progress line. */
  onAgent?: (done: number, total: number, seed: Seed, result: AgentReading | Unreachable) => void;
}

export interface DiscoverResult { readings: AgentReading[]; unreachable: Unreachable[]; draft: Draft }

export async function discover(o: DiscoverOptions): Promise<DiscoverResult> {
  const results: Array<AgentReading | Unreachable> = new Array(o.seeds.length);
  let next = 0, done = 0;
  const worker = async (): Promise<void> => {
    while (next < o.seeds.length) {
      const k = next++;
      const seed = o.seeds[k];
      const creds = seed.credential ? o.credentials.filter((c) => c.name === seed.credential) : o.credentials;
      if (seed.credential && !creds.length) throw new Error(`seed ${seed.host}:${seed.port}: unknown credential "${seed.credential}"`);
      results[k] = await readAgent(seed.host, seed.port, creds, o);
      o.onAgent?.(++done, o.seeds.length, seed, results[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, o.seeds.length)) }, worker));
  const readings = results.filter(isReading);
  const unreachable = results.filter((r): r is Unreachable => !isReading(r));
  const credentials = new Map<string, Device['snmp']>(o.credentials.map((c) => [c.name, c.snmp as Device['snmp']]));
  const draft = draftCadastre(readings, credentials, loadProfiles(o.profilesDir), o.sites, { ...DEFAULT_DRAFT_OPTIONS, ...o.draft });
  return { readings, unreachable, draft };
}

/** The record of what was read (`discovery.json`): the agents' answers, the unreachable and the links not drafted. */
export const DISCOVERY_FILE = 'discovery.json';

export function writeDraft(dir: string, r: DiscoverResult, force: boolean): WriteOutcome[] {
  const files: Array<[string, string]> = [
    ['owners.yaml', renderItems(r.draft.owners, 'Owners')],
    ['sites.yaml', renderItems(r.draft.sites, 'Sites')],
    ['devices.yaml', renderItems(r.draft.devices, 'Devices')],
    ['segments.yaml', renderItems(r.draft.segments, 'Segments')],
    ['policy.yaml', renderDocument({ region: 'sites' }, [
      'region: sites: coordinates are checked against the sites\' extent (and 0.2°), not the Brussels-Capital Region box',
      'every other policy setting keeps its default (README "The cadastre")',
    ], 'Policy')],
  ];
  const out = files.map(([name, text]) => writeDraftFile(dir, name, text, force));
  writeFileAtomic(join(dir, DISCOVERY_FILE), `${JSON.stringify({
    agents: r.readings, unreachable: r.unreachable, notDrafted: r.draft.notDrafted,
  }, null, 1)}\n`);
  return out;
}
