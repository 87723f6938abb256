// Drift: where the live network disagrees with the cadastre. `probeCadastre` reads every switch, router and
// controller (system group, interfaces, LLDP/CDP neighbours, and its profile's columns) through the shared
// SNMP reader; `driftOf` (pure) compares. The result file is written by `config:check --probe` and read by
// the API (GET /api/drift), which so stays free of SNMP.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SnmpClient, PollError } from '../common/snmp.js';
import { readAgent, isReading, type AgentReading, type Unreachable } from '../common/snmp-agent.js';
import { writeFileAtomic } from '../common/fs.js';
import type { Cadastre, Device } from './schema.js';
import { resolveSnmp } from './secrets.js';
import { columnOids, loadProfiles, profileForObjectId, type Profile } from './profile.js';
import { describeRef, interfaceRef, resolveInterface } from './interfaces.js';

export const DriftKind = z.enum(['unreachable', 'profile-reads-nothing', 'interface-missing', 'interface-ambiguous', 'neighbour-elsewhere', 'speed-mismatch', 'sysname-mismatch']);
export type DriftKind = z.infer<typeof DriftKind>;
/** An interface as a segment's measuredBy names it (config/interfaces.ts `interfaceRef`). */
export const DriftInterfaceRef = z.object({ key: z.enum(['ifName', 'ifAlias', 'ifIndex']), value: z.string() });
// What the probe saw, as data (the map words it in each language; `message` says it in English for the CLI).
// Each kind fills its own fields; all optional, so that a drift.json written before them still parses. The
// descriptions reach the OpenAPI document.
export const DriftSeen = z.object({
  target: z.string().optional().describe('the address probed (host:port): the one that did not answer (unreachable), or where another device answered (sysname-mismatch)'),
  reason: z.enum(['timeout', 'auth', 'error']).optional().describe('unreachable: no answer, the credentials refused, or an SNMP error answer'),
  timeoutMs: z.number().int().optional().describe('unreachable: the wait per attempt (ms)'),
  attempts: z.number().int().optional().describe('unreachable: the attempts made'),
  sysName: z.string().optional().describe('sysname-mismatch: the sysName the device answered with'),
  profile: z.string().optional().describe('profile-reads-nothing: the collector profile walked'),
  sysObjectID: z.string().optional().describe('profile-reads-nothing: the device\'s sysObjectID'),
  measuredBy: DriftInterfaceRef.optional().describe('segment kinds: the measuring interface as the segment\'s measuredBy names it'),
  interfaceCount: z.number().int().optional().describe('interface-missing: how many interfaces the device lists'),
  candidates: z.array(z.object({ ifIndex: z.number().int(), ifName: z.string().optional(), ifAlias: z.string().optional() })).optional()
    .describe('interface-ambiguous: the interfaces that match measuredBy'),
  speedBps: z.number().optional().describe('speed-mismatch: the port\'s speed (bit/s; ifHighSpeed × 10^6, else ifSpeed)'),
  litCapacityBps: z.number().optional().describe('speed-mismatch: the segment\'s litCapacityBps in the cadastre (bit/s)'),
  neighbour: z.object({ protocol: z.enum(['lldp', 'cdp']), sysName: z.string(), port: z.string(), site: z.string() }).optional()
    .describe('neighbour-elsewhere: the LLDP/CDP neighbour of the measuring port (its sysName, its port, the cadastre\'s site of that device)'),
  farEnd: z.string().optional().describe('neighbour-elsewhere: the segment\'s far end (site b)'),
}).describe('what the probe saw, per kind; absent in a result file written before these fields');
export type DriftSeen = z.infer<typeof DriftSeen>;
export const DriftItem = z.object({
  kind: DriftKind,
  device: z.string(),
  segment: z.string().optional(),
  message: z.string().describe('the finding in English (the CLI\'s line)'),
  seen: DriftSeen.optional(),
});
export type DriftItem = z.infer<typeof DriftItem>;
export const DriftReport = z.object({ probedAt: z.string(), devices: z.number().int(), items: z.array(DriftItem) });
export type DriftReport = z.infer<typeof DriftReport>;

/** The probe result file, in the cadastre directory. */
export const DRIFT_FILE = 'drift.json';

/** What the probe read from one device. */
export interface DeviceProbe {
  device: string;
  /** The address probed (host:port). */
  target?: string;
  reading?: AgentReading;
  /** Why the device did not answer (readAgent's reason and message), with the wait per attempt and the attempts. */
  unreachable?: { reason: Unreachable['reason']; message: string; timeoutMs: number; attempts: number };
  /** The profile whose columns were walked, and how many cells they gave. */
  profile?: string;
  profileCells?: number;
}

/** Compares the cadastre with what the devices answered. */
export function driftOf(c: Cadastre, probes: readonly DeviceProbe[]): DriftItem[] {
  const items: DriftItem[] = [];
  const byDevice = new Map(probes.map((p) => [p.device, p]));
  const siteOfName = new Map(c.devices.map((d) => [d.id, d.site]));
  for (const p of probes) {
    const target = p.target !== undefined ? { target: p.target } : {};
    const u = p.unreachable;
    if (u) {
      items.push({ kind: 'unreachable', device: p.device, message: `device ${p.device}: ${u.reason}: ${u.message}`, seen: { ...target, reason: u.reason, timeoutMs: u.timeoutMs, attempts: u.attempts } });
      continue;
    }
    const r = p.reading;
    if (!r) continue;
    if (r.sysName !== p.device && r.sysName.split('.')[0] !== p.device) {
      items.push({ kind: 'sysname-mismatch', device: p.device, message: `device ${p.device} answers with sysName "${r.sysName}" (another device at its target?)`, seen: { ...target, sysName: r.sysName } });
    }
    if (p.profile && p.profileCells === 0) {
      items.push({ kind: 'profile-reads-nothing', device: p.device, message: `device ${p.device}: profile ${p.profile} reads nothing (sysObjectID ${r.sysObjectID})`, seen: { profile: p.profile, sysObjectID: r.sysObjectID } });
    }
  }
  for (const s of c.segments) {
    const p = byDevice.get(s.measuredBy.device);
    const r = p?.reading;
    if (!r) continue;
    const res = resolveInterface(s.measuredBy, r.interfaces);
    const measuredBy = interfaceRef(s.measuredBy);
    if (!res.ok) {
      const seen: DriftSeen = res.reason === 'missing' ? { measuredBy, interfaceCount: r.interfaces.length }
        : { measuredBy, candidates: res.candidates.map((i) => ({ ifIndex: i.ifIndex, ...(i.ifName !== undefined ? { ifName: i.ifName } : {}), ...(i.ifAlias ? { ifAlias: i.ifAlias } : {}) })) };
      items.push({ kind: res.reason === 'missing' ? 'interface-missing' : 'interface-ambiguous', device: s.measuredBy.device, segment: s.id, message: `segment ${s.id}: ${res.message}`, seen });
      continue;
    }
    const iface = r.interfaces.find((i) => i.ifIndex === res.iface.ifIndex);
    if (iface?.speedBps !== undefined && iface.speedBps !== s.litCapacityBps) {
      items.push({ kind: 'speed-mismatch', device: s.measuredBy.device, segment: s.id, message: `segment ${s.id}: ${describeRef(s.measuredBy)} on ${s.measuredBy.device} runs at ${iface.speedBps} bit/s, litCapacityBps is ${s.litCapacityBps}`, seen: { measuredBy, speedBps: iface.speedBps, litCapacityBps: s.litCapacityBps } });
    }
    for (const n of r.neighbours.filter((x) => x.ifIndex === res.iface.ifIndex)) {
      const name = siteOfName.has(n.sysName) ? n.sysName : n.sysName.split('.')[0];
      const site = siteOfName.get(name);
      if (site !== undefined && site !== s.b) {
        items.push({ kind: 'neighbour-elsewhere', device: s.measuredBy.device, segment: s.id, message: `segment ${s.id}: the ${n.protocol.toUpperCase()} neighbour of ${describeRef(s.measuredBy)} on ${s.measuredBy.device} is ${n.sysName} ${n.port} at site ${site}, not at the far end ${s.b}`,
          seen: { measuredBy, neighbour: { protocol: n.protocol, sysName: n.sysName, port: n.port, site }, farEnd: s.b } });
        break;
      }
    }
  }
  return items;
}

export interface ProbeOptions { env?: NodeJS.ProcessEnv; ports?: Record<string, number>; timeoutMs?: number; concurrency?: number; profilesDir?: string }

/** The target of a device, port 0 read from a ports file (the simulator's). */
function targetOf(d: Device, ports: Record<string, number> | undefined): { host: string; port: number } {
  const i = d.target.lastIndexOf(':');
  const host = d.target.slice(0, i);
  let port = Number(d.target.slice(i + 1));
  if (port === 0 && ports?.[d.id]) port = ports[d.id];
  return { host, port };
}

/** Reads every device of the cadastre (APs excepted). */
export async function probeCadastre(c: Cadastre, o: ProbeOptions = {}): Promise<DeviceProbe[]> {
  const profiles = loadProfiles(o.profilesDir);
  const devices = c.devices.filter((d) => d.role !== 'ap');
  const out: DeviceProbe[] = new Array(devices.length);
  let next = 0;
  const timeoutMs = o.timeoutMs ?? 2000;
  const worker = async (): Promise<void> => {
    while (next < devices.length) {
      const k = next++;
      const d = devices[k];
      const { host, port } = targetOf(d, o.ports);
      const resolved = resolveSnmp(d, o.env);
      const retries = 1;
      const r = await readAgent(host, port, [{ name: d.id, snmp: d.snmp, resolved }], { timeoutMs, retries, maxRepetitions: 25 });
      const target = `${host}:${port}`;
      if (!isReading(r)) { out[k] = { device: d.id, target, unreachable: { reason: r.reason, message: r.message, timeoutMs, attempts: retries + 1 } }; continue; }
      const profile: Profile | undefined = d.profile ? profiles.get(d.profile) : profileForObjectId(profiles, r.sysObjectID);
      const probe: DeviceProbe = { device: d.id, target, reading: r };
      if (profile) {
        const client = new SnmpClient({ device: d.id, host, port, credentials: resolved, timeoutMs, retries: 1 });
        try {
          const w = await client.walk({ scalars: [], columns: columnOids(profile).map((x) => x.oid), maxRepetitions: 25 });
          probe.profile = profile.name;
          probe.profileCells = [...w.cells.values()].reduce((a, m) => a + m.size, 0);
        } catch (e) {
          if (!(e instanceof PollError)) throw e;
        } finally { client.close(); }
      }
      out[k] = probe;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 16, devices.length)) }, worker));
  return out;
}

export function writeDriftReport(dir: string, report: DriftReport): void {
  writeFileAtomic(join(dir, DRIFT_FILE), `${JSON.stringify(report, null, 1)}\n`);
}

/** The last probe's result, or undefined when no probe ran; a damaged file is an error naming it. */
export function readDriftReport(dir: string): DriftReport | undefined {
  const file = join(dir, DRIFT_FILE);
  if (!existsSync(file)) return undefined;
  const r = DriftReport.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!r.success) throw new Error(`${file}: not a probe result (${r.error.issues[0]?.message})`);
  return r.data;
}
