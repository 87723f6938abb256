// From the agents' readings to a draft cadastre (pure: plain data in and out). Every guess carries its
// evidence (written as YAML comments above the item): which answer of which agent it comes from.
import type { Profile } from '../config/profile.js';
import { profileForObjectId } from '../config/profile.js';
import type { Device, LonLat, Owner, Segment, Site } from '../config/schema.js';
import type { AgentReading, DiscoveredInterface } from '../common/snmp-agent.js';

export interface Drafted<T> { value: T; evidence: string[] }

export interface SiteRow { line: number; site: Site; location?: string }

export interface DraftOptions {
  /** A port description (ifAlias) matching this is a circuit id: it names the segment, its port measures it. */
  circuitPattern: RegExp;
  owner: Owner;
  /** Where a site of unknown coordinates is put (to be fixed by the reviewer): the centre of the known sites, else this. */
  fallbackCentre: LonLat;
}

export interface Draft {
  owners: Array<Drafted<Owner>>;
  sites: Array<Drafted<Site>>;
  devices: Array<Drafted<Device>>;
  segments: Array<Drafted<Segment>>;
  /** Neighbour links that did not become segments, each with its reason. */
  notDrafted: string[];
}

/** The default circuit-id pattern: an owner prefix, a dash and a number (IRIS-001, SIB-12). */
export const CIRCUIT_ID = /^[A-Z][A-Z0-9]*-\d+$/;
const BRUSSELS_CENTRE: LonLat = [4.3517, 50.8503];
export const DEFAULT_DRAFT_OPTIONS: DraftOptions = {
  circuitPattern: CIRCUIT_ID, owner: { id: 'unknown', name: 'Unknown owner (to review)' }, fallbackCentre: BRUSSELS_CENTRE,
};

/** An id the schema accepts (letters, digits, . _ : -), from any text. */
export function toId(text: string, fallback: string): string {
  const s = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-+$/, '');
  return s || fallback;
}
const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Reads "lat, lon" (or "lon, lat" when the first cannot be a latitude) written in a sysLocation. */
function coordinatesIn(location: string): LonLat | undefined {
  const m = /(-?\d{1,3}\.\d+)\s*[,; ]\s*(-?\d{1,3}\.\d+)/.exec(location);
  if (!m) return undefined;
  const x = Number(m[1]), y = Number(m[2]);
  if (Math.abs(x) <= 90 && Math.abs(y) <= 180) return [y, x];
  if (Math.abs(y) <= 90 && Math.abs(x) <= 180) return [x, y];
  return undefined;
}

function roleOf(profile: Profile | undefined, sysDescr: string): { role: Device['role']; why: string } {
  if (profile?.measurement === 'hotspot') return { role: 'wifi-controller', why: `profile ${profile.name} reads hotspots` };
  const m = /\b(router|ASR\d*|ISR\d*|CSR\d*|MX\d+|PTX\d*|ACX\d*|NCS\d*|CRS\d*)/i.exec(sysDescr);
  if (m) return { role: 'router', why: `sysDescr names "${m[1]}"` };
  return { role: 'switch', why: 'not a wifi controller, sysDescr names no router model' };
}

interface End { device: Drafted<Device>; reading: AgentReading; iface: DiscoveredInterface }

export function draftCadastre(readings: readonly AgentReading[], credentials: ReadonlyMap<string, Device['snmp']>,
  profiles: ReadonlyMap<string, Profile>, siteRows: readonly SiteRow[] | undefined, opts: DraftOptions = DEFAULT_DRAFT_OPTIONS): Draft {
  const notDrafted: string[] = [];
  // Sites: the sites CSV row whose location (or "name, commune", or name, or id) is the sysLocation.
  const sites = new Map<string, Drafted<Site>>();
  const keyed = new Map<string, SiteRow>();
  for (const r of siteRows ?? []) {
    for (const k of [r.location, `${r.site.name}, ${r.site.commune}`, r.site.name, r.site.id]) if (k && !keyed.has(norm(k))) keyed.set(norm(k), r);
  }
  const known = (siteRows ?? []).map((r) => r.site.coordinates);
  const centre: LonLat = known.length
    ? [known.reduce((a, c) => a + c[0], 0) / known.length, known.reduce((a, c) => a + c[1], 0) / known.length]
    : opts.fallbackCentre;
  const siteFor = (r: AgentReading, deviceId: string): string => {
    const row = r.sysLocation ? keyed.get(norm(r.sysLocation)) : undefined;
    if (row) {
      const s = sites.get(row.site.id);
      if (s) s.evidence.push(`also sysLocation of ${deviceId}`);
      else sites.set(row.site.id, { value: row.site, evidence: [`sites CSV line ${row.line}, matched by sysLocation "${r.sysLocation}" of ${deviceId}`] });
      return row.site.id;
    }
    const id = toId(r.sysLocation ? r.sysLocation.split(',')[0] : `site-${deviceId}`, `site-${deviceId}`);
    const s = sites.get(id);
    if (s) { s.evidence.push(`also sysLocation of ${deviceId}`); return id; }
    const at = coordinatesIn(r.sysLocation);
    const commune = r.sysLocation.split(',').slice(1).join(',').replace(/-?\d{1,3}\.\d+/g, '').replace(/[;,\s]+$/, '').trim();
    sites.set(id, {
      value: { id, name: r.sysLocation || deviceId, kind: 'other', coordinates: at ?? centre, commune: commune || 'unknown' },
      evidence: [
        r.sysLocation ? `sysLocation "${r.sysLocation}" of ${deviceId} (no sites CSV row matches)` : `${deviceId} answers no sysLocation`,
        at ? 'coordinates read from the sysLocation' : 'coordinates UNKNOWN: a placeholder at the centre of the known sites; fix them',
        'kind and commune: guesses; fix them',
      ],
    });
    return id;
  };

  // Devices: id from sysName, profile from sysObjectID, role from the profile and sysDescr.
  const devices: Array<Drafted<Device>> = [];
  const byName = new Map<string, { d: Drafted<Device>; r: AgentReading }>();
  const used = new Set<string>();
  for (const r of [...readings].sort((x, y) => x.sysName.localeCompare(y.sysName) || x.port - y.port)) {
    let id = toId(r.sysName, toId(`dev-${r.host}-${r.port}`, 'dev'));
    const evidence = [r.sysName ? `sysName "${r.sysName}" at ${r.host}:${r.port}` : `no sysName at ${r.host}:${r.port}: id from the address`];
    if (used.has(id)) {
      const base = id;
      for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
      evidence.push(`another agent also answers sysName "${r.sysName}": renamed ${id}`);
    }
    used.add(id);
    const profile = profileForObjectId(profiles, r.sysObjectID);
    evidence.push(profile ? `sysObjectID ${r.sysObjectID} → profile ${profile.name} (longest sysObjectIds prefix)` : `sysObjectID ${r.sysObjectID}: no profile matches`);
    const role = roleOf(profile, r.sysDescr);
    evidence.push(`role ${role.role}: ${role.why}`);
    const snmp = credentials.get(r.credential);
    if (!snmp) throw new Error(`credential ${r.credential}: unknown`);
    evidence.push(`credential ${r.credential} answered`);
    const site = siteFor(r, id);
    const value: Device = { id, site, role: role.role, target: `${r.host}:${r.port}`, snmp, ...(profile ? { profile: profile.name } : {}) };
    const d = { value, evidence };
    devices.push(d);
    if (r.sysName && !byName.has(r.sysName)) byName.set(r.sysName, { d, r });
  }
  const findDevice = (sysName: string): { d: Drafted<Device>; r: AgentReading } | undefined =>
    byName.get(sysName) ?? byName.get(sysName.split('.')[0]) ?? [...byName.values()].find((x) => x.r.sysName.split('.')[0] === sysName.split('.')[0]);
  const findPort = (r: AgentReading, port: string): DiscoveredInterface | undefined =>
    r.interfaces.find((i) => i.ifName === port) ?? r.interfaces.find((i) => i.ifDescr === port) ?? r.interfaces.find((i) => String(i.ifIndex) === port);

  // Links: each neighbour seen from either side, once.
  const links = new Map<string, { ends: [End, End]; seen: string[] }>();
  const told = new Set<string>();
  const skip = (key: string, message: string): void => { if (!told.has(key)) { told.add(key); notDrafted.push(message); } };
  for (const r of readings) {
    const local = byName.get(r.sysName)?.r === r ? byName.get(r.sysName)!.d : devices.find((d) => d.value.target === `${r.host}:${r.port}`)!;
    for (const n of r.neighbours) {
      const where = `${local.value.id} ${n.localPort}`;
      const key = `${where}|${n.sysName}|${n.port}`;
      const iface = n.ifIndex !== undefined ? r.interfaces.find((i) => i.ifIndex === n.ifIndex) : undefined;
      if (!iface) { skip(key, `${where}: neighbour ${n.sysName} ${n.port} (${n.protocol.toUpperCase()}): the local port is no interface of the ifTable`); continue; }
      const far = findDevice(n.sysName);
      if (!far) { skip(key, `${where}: neighbour "${n.sysName}" ${n.port} (${n.protocol.toUpperCase()}) is not among the discovered agents (add its address to the seeds)`); continue; }
      const farIface = findPort(far.r, n.port);
      if (!farIface) { skip(key, `${where}: neighbour ${far.d.value.id} has no interface named "${n.port}"`); continue; }
      const a: End = { device: local, reading: r, iface };
      const b: End = { device: far.d, reading: far.r, iface: farIface };
      const ka = `${a.device.value.id}#${a.iface.ifIndex}`, kb = `${b.device.value.id}#${b.iface.ifIndex}`;
      const linkKey = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
      const link = links.get(linkKey) ?? { ends: (ka < kb ? [a, b] : [b, a]) as [End, End], seen: [] };
      link.seen.push(`${n.protocol.toUpperCase()} at ${where} sees ${n.sysName} ${n.port}`);
      links.set(linkKey, link);
    }
  }

  const segments: Array<Drafted<Segment>> = [];
  const segmentIds = new Set<string>();
  const portLabel = (e: End): string => `${e.device.value.id} ${e.iface.ifName ?? e.iface.ifIndex}`;
  for (const { ends, seen } of [...links.values()].sort((x, y) => portLabel(x.ends[0]).localeCompare(portLabel(y.ends[0])))) {
    const [x, y] = ends;
    if (x.device.value.site === y.device.value.site) {
      notDrafted.push(`${portLabel(x)} ↔ ${portLabel(y)}: both ends at site ${x.device.value.site} (not a segment between sites)`);
      continue;
    }
    if (x.device.value.role === 'wifi-controller' || y.device.value.role === 'wifi-controller') {
      notDrafted.push(`${portLabel(x)} ↔ ${portLabel(y)}: a wifi controller's link (segments are measured by switches and routers)`);
      continue;
    }
    const circuit = (e: End): boolean => opts.circuitPattern.test(e.iface.ifAlias ?? '');
    const [m, o] = circuit(x) && !circuit(y) ? [x, y] : circuit(y) && !circuit(x) ? [y, x] : [x, y];
    const why = circuit(m) && !circuit(o) ? `its port description "${m.iface.ifAlias}" is a circuit id`
      : circuit(m) ? 'both ports carry a circuit id: the first by device and port' : 'no port carries a circuit id: the first end by device and port';
    const speed = m.iface.speedBps ?? o.iface.speedBps;
    if (!speed) { notDrafted.push(`${portLabel(m)} ↔ ${portLabel(o)}: neither port reports a speed (ifHighSpeed, ifSpeed)`); continue; }
    let id = circuit(m) ? (m.iface.ifAlias as string) : toId(`${m.device.value.id}-${m.iface.ifName ?? m.iface.ifIndex}`, 'segment');
    if (segmentIds.has(id)) { const base = id; for (let k = 2; segmentIds.has(id); k++) id = `${base}-${k}`; }
    segmentIds.add(id);
    const sameName = m.reading.interfaces.filter((i) => i.ifName === m.iface.ifName).length;
    const sameAlias = m.reading.interfaces.filter((i) => i.ifAlias === m.iface.ifAlias).length;
    const measuredBy = m.iface.ifName && sameName === 1 ? { device: m.device.value.id, ifName: m.iface.ifName }
      : m.iface.ifAlias && sameAlias === 1 ? { device: m.device.value.id, ifAlias: m.iface.ifAlias }
        : { device: m.device.value.id, ifIndex: m.iface.ifIndex };
    const siteA = sites.get(m.device.value.site)!.value, siteB = sites.get(o.device.value.site)!.value;
    const evidence = [
      ...seen,
      `measured at ${portLabel(m)}: ${why}`,
      `litCapacityBps ${speed}: ${m.iface.speedBps ? `the speed of ${portLabel(m)}` : `the speed of ${portLabel(o)}`} (ifHighSpeed)`,
      'route DRAFTED: a straight line between the sites (import the plant or draft along roads); owner and pairs: placeholders',
      ...(m.iface.operUp === false ? [`${portLabel(m)} is operationally down`] : []),
      ...(sameName > 1 ? [`ifName ${m.iface.ifName} is shared by ${sameName} interfaces of ${m.device.value.id}: named by ${'ifAlias' in measuredBy ? 'ifAlias' : 'ifIndex'}`] : []),
    ];
    segments.push({
      value: {
        id, a: siteA.id, b: siteB.id, owner: opts.owner.id,
        route: { type: 'LineString', coordinates: [[...siteA.coordinates], [...siteB.coordinates]] },
        pairs: { total: 1, lit: 1, reserved: 0 }, litCapacityBps: Math.round(speed), measuredBy,
      },
      evidence,
    });
  }
  return {
    owners: [{ value: opts.owner, evidence: ['placeholder owner of every drafted segment'] }],
    sites: [...sites.values()], devices, segments, notDrafted,
  };
}

