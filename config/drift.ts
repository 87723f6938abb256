// Drift: where the live network disagrees with the cadastre. `probeCadastre` reads every switch, router and
// controller (system group, interfaces, LLDP/CDP neighbours, and its profile's columns) through the shared
// SNMP reader; `driftOf` (pure) compares. The result file is written by `config:check --probe` and read by
// the API (GET /api/drift), which so stays free of SNMP.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SnmpClient, PollError } from '../common/snmp.js';
import { readAgent, isReading, type AgentReading } from '../common/snmp-agent.js';
import { writeFileAtomic } from '../common/fs.js';
import type { Cadastre, Device } from './schema.js';
import { resolveSnmp } from './secrets.js';
import { columnOids, loadProfiles, profileForObjectId, type Profile } from './profile.js';
import { describeRef, resolveInterface } from './interfaces.js';

export const DriftKind = z.enum(['unreachable', 'profile-reads-nothing', 'interface-missing', 'interface-ambiguous', 'neighbour-elsewhere', 'speed-mismatch', 'sysname-mismatch']);
export type DriftKind = z.infer<typeof DriftKind>;
export const DriftItem = z.object({
  kind: DriftKind,
  device: z.string(),
  segment: z.string().optional(),
  message: z.string(),
});
export type DriftItem = z.infer<typeof DriftItem>;
export const DriftReport = z.object({ probedAt: z.string(), devices: z.number().int(), items: z.array(DriftItem) });
export type DriftReport = z.infer<typeof DriftReport>;

/** The probe result file, in the cadastre directory. */
export const DRIFT_FILE = 'drift.json';

/** What the probe read from one device. */
export interface DeviceProbe {
  device: string;
  reading?: AgentReading;
  unreachable?: string;
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
    if (p.unreachable) { items.push({ kind: 'unreachable', device: p.device, message: `device ${p.device}: ${p.unreachable}` }); continue; }
    const r = p.reading;
    if (!r) continue;
    if (r.sysName !== p.device && r.sysName.split('.')[0] !== p.device) {
      items.push({ kind: 'sysname-mismatch', device: p.device, message: `device ${p.device} answers with sysName "${r.sysName}" (another device at its target?)` });
    }
    if (p.profile && p.profileCells === 0) {
      items.push({ kind: 'profile-reads-nothing', device: p.device, message: `device ${p.device}: profile ${p.profile} reads nothing (sysObjectID ${r.sysObjectID})` });
    }
  }
  for (const s of c.segments) {
    const p = byDevice.get(s.measuredBy.device);
    const r = p?.reading;
    if (!r) continue;
    const res = resolveInterface(s.measuredBy, r.interfaces);
    if (!res.ok) {
      items.push({ kind: res.reason === 'missing' ? 'interface-missing' : 'interface-ambiguous', device: s.measuredBy.device, segment: s.id, message: `segment ${s.id}: ${res.message}` });
      continue;
    }
    const iface = r.interfaces.find((i) => i.ifIndex === res.iface.ifIndex);
    if (iface?.speedBps !== undefined && iface.speedBps !== s.litCapacityBps) {
      items.push({ kind: 'speed-mismatch', device: s.measuredBy.device, segment: s.id, message: `segment ${s.id}: ${describeRef(s.measuredBy)} on ${s.measuredBy.device} runs at ${iface.speedBps} bit/s, litCapacityBps is ${s.litCapacityBps}` });
    }
    for (const n of r.neighbours.filter((x) => x.ifIndex === res.iface.ifIndex)) {
      const name = siteOfName.has(n.sysName) ? n.sysName : n.sysName.split('.')[0];
      const site = siteOfName.get(name);
      if (site !== undefined && site !== s.b) {
        items.push({ kind: 'neighbour-elsewhere', device: s.measuredBy.device, segment: s.id, message: `segment ${s.id}: the ${n.protocol.toUpperCase()} neighbour of ${describeRef(s.measuredBy)} on ${s.measuredBy.device} is ${n.sysName} ${n.port} at site ${site}, not at the far end ${s.b}` });
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
      const r = await readAgent(host, port, [{ name: d.id, snmp: d.snmp, resolved }], { timeoutMs, retries: 1, maxRepetitions: 25 });
      if (!isReading(r)) { out[k] = { device: d.id, unreachable: `${r.reason}: ${r.message}` }; continue; }
      const profile: Profile | undefined = d.profile ? profiles.get(d.profile) : profileForObjectId(profiles, r.sysObjectID);
      const probe: DeviceProbe = { device: d.id, reading: r };
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
