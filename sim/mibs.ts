// The MIB content of a simulated device: SNMPv2-MIB system, IF-MIB ifTable/ifXTable, the switches' and routers'
// JUNIPER-DOM-MIB jnxDomCurrentTable (optics of each measuring port, sim/optics.ts), and the wifi controllers'
// AIRESPACE-WIRELESS-MIB (Cisco) or WLSX-WLAN-MIB (Aruba) AP tables. Static cells are set once; the live cells
// (sysUpTime, counters, AP status, clients) are instance nodes the network refreshes right before each request.
// Switches and routers also serve their neighbours: LLDP-MIB (IEEE 802.1AB) lldpLocPortTable/lldpRemTable and
// CISCO-CDP-MIB cdpCacheTable, the neighbour of a segment's measuring port being the far end's switch and port.
import snmp from 'net-snmp';
import type { Mib, MibNode, Provider, TableColumn } from 'net-snmp';
import type { Cadastre, Device, Hotspot } from '../config/schema.js';
import { hashString } from './model.js';
import { SIM_THRESHOLDS } from './optics.js';
import type { OpticsLevels } from '../store/schema.js';

export type Vendor = 'cisco' | 'aruba' | FlatVendor | 'fortinet' | 'ruckus-sz' | 'unifi';

/**
 * Vendors whose APs sit in one table indexed by the AP's MAC, with the name, the clients and (for some) a status
 * column: Catalyst 9800 (CISCO-LWAPP-AP-MIB, no status column), Ruckus ZoneDirector, Meraki cloud. Fortinet
 * (fgWcWtpSessionTable), Ruckus SmartZone (per-SSID ruckusSZWLANTable) and UniFi (the AP's own unifiVapTable) have
 * tables of their own shape, built in buildMib; none of the three has a status column.
 */
export type FlatVendor = 'lwapp' | 'ruckus-zd' | 'meraki';
const FLAT: Record<FlatVendor, { entry: string; name: number; clients: number; status?: { column: number; up: number; down: number }; objectId: string; descr: string }> = {
  lwapp: { entry: '1.3.6.1.4.1.9.9.513.1.1.1.1', name: 5, clients: 54, objectId: '1.3.6.1.4.1.9.1.2530', descr: 'Cisco IOS XE Software (simulated C9800-CL), Version 17.9' },
  'ruckus-zd': { entry: '1.3.6.1.4.1.25053.1.2.2.1.1.2.1.1', name: 2, clients: 15, status: { column: 3, up: 1, down: 0 }, objectId: '1.3.6.1.4.1.25053.3.1.5.15', descr: 'Ruckus Wireless ZD1200 (simulated), 10.4' },
  meraki: { entry: '1.3.6.1.4.1.29671.1.1.4.1', name: 2, clients: 5, status: { column: 3, up: 1, down: 0 }, objectId: '1.3.6.1.4.1.29671.2.1', descr: 'Cisco Meraki cloud controller (simulated)' },
};
const isFlat = (v: Vendor | undefined): v is FlatVendor => v !== undefined && v in FLAT;
/** The simulated vendor of each wifi controller profile. */
const VENDOR_OF_PROFILE: Record<string, Vendor> = {
  'cisco-airespace': 'cisco', 'aruba-wlsx': 'aruba', 'cisco-lwapp': 'lwapp', 'ruckus-zonedirector': 'ruckus-zd', 'meraki-cloud': 'meraki',
  'fortinet-wtp': 'fortinet', 'ruckus-smartzone': 'ruckus-sz', 'unifi-ap': 'unifi',
};
/** The SSID the simulated UniFi APs broadcast on both radios (wifi.brussels' public network). */
export const SIM_SSID = 'wifi.brussels';

export interface SimInterface {
  ifIndex: number;
  ifName: string;
  ifAlias?: string;
  /** The segment it measures (out = a→b, in = b→a); absent for padding ports. */
  segment?: string;
  speedBps: number;
  /** The segment this port terminates at its site b (a far-end port: out = b→a, in = a→b). */
  farEndOf?: string;
  /** The LLDP/CDP neighbour on this port: the other end's device (its sysName) and port (its ifName). */
  neighbour?: { device: string; port: string };
}

export interface SimAp {
  hotspot: Hotspot;
  mac: Buffer;
}

export interface MibVariant {
  /** Serve ifXTable's HC counters (false under the counters32 fault). */
  hc: boolean;
  /** Rows left out of ifTable/ifXTable (switches) or of the radio table (controllers). */
  dropRows: number;
  /** Unmapped ports take the name of the first measuring interface (duplicate ifNames, as on real switches). */
  dupNames?: boolean;
  /** Serve the AP status column (false: a controller without it). */
  apStatus?: boolean;
  /** Serve the AP and radio tables at all (false: a controller without them). */
  apTable?: boolean;
}

export interface LiveNodes {
  sysUpTime: MibNode;
  engineBoots: MibNode;
  engineTime: MibNode;
  ifs: Array<{ iface: SimInterface; oper?: MibNode; in32?: MibNode; out32?: MibNode; inHc?: MibNode; outHc?: MibNode }>;
  /** The DOM cells of each measuring port: rx power, bias, tx power (column 5, 6, 7) and temperature (8). */
  optics: Array<{ iface: SimInterface; rx: MibNode; bias: MibNode; tx: MibNode; temp: MibNode }>;
  /** `clients`: a cell holding the AP's clients over all radios (vendors without a per-radio table). */
  aps: Array<{ ap: SimAp; status?: MibNode; statusValues?: { up: number; down: number }; clients?: MibNode; radios: Array<MibNode | undefined> }>;
}

const RO = snmp.MaxAccess['read-only'];
const NA = snmp.MaxAccess['not-accessible'];
const T = snmp.ObjectType;

export const OID = {
  system: '1.3.6.1.2.1.1',
  ifNumber: '1.3.6.1.2.1.2.1',
  ifEntry: '1.3.6.1.2.1.2.2.1',
  ifXEntry: '1.3.6.1.2.1.31.1.1.1',
  bsnAPEntry: '1.3.6.1.4.1.14179.2.2.1.1',
  bsnAPIfEntry: '1.3.6.1.4.1.14179.2.2.2.1',
  wlsxWlanAPEntry: '1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1',
  wlsxWlanAPRadioEntry: '1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1',
  jnxDomCurrentEntry: '1.3.6.1.4.1.2636.3.60.1.1.1.1',
  /** FORTINET-FORTIGATE-MIB fgVdEntry, INDEX { fgVdEntIndex }: the VDOMs (the simulated FortiGate has root, 1). */
  fgVdEntry: '1.3.6.1.4.1.12356.101.3.2.1.1',
  /** FORTINET-FORTIGATE-MIB fgWcWtpSessionEntry, INDEX { fgVdEntIndex, fgWcWtpSessionWtpId } (a length-prefixed string). */
  fgWcWtpSessionEntry: '1.3.6.1.4.1.12356.101.14.4.4.1',
  /** RUCKUS-SZ-WLAN-MIB ruckusSZWLANEntry, INDEX { ruckusSZWLANIndex } (column 99). */
  ruckusSZWLANEntry: '1.3.6.1.4.1.25053.1.4.2.1.1.1.2.1',
  /** UBNT-UniFi-MIB unifiVapEntry, INDEX { unifiVapIndex }: one row per SSID and radio. */
  unifiVapEntry: '1.3.6.1.4.1.41112.1.6.1.2.1',
  snmpEngine: '1.3.6.1.6.3.10.2.1',
  /** LLDP-MIB lldpLocPortEntry, INDEX { lldpLocPortNum }. */
  lldpLocPortEntry: '1.0.8802.1.1.2.1.3.7.1',
  /** LLDP-MIB lldpRemEntry, INDEX { lldpRemTimeMark, lldpRemLocalPortNum, lldpRemIndex }. */
  lldpRemEntry: '1.0.8802.1.1.2.1.4.1.1',
  /** CISCO-CDP-MIB cdpCacheEntry, INDEX { cdpCacheIfIndex, cdpCacheDeviceIndex }. */
  cdpCacheEntry: '1.3.6.1.4.1.9.9.23.1.2.1.1',
} as const;

/**
 * The far end of every segment: the first switch or router (by id) of site b, and the port the link lands on,
 * named like the generator's measuring ports but on the second line card (Hu0/1/n, Te2/0/n, Gi2/0/n).
 */
export function farEnds(cadastre: Cadastre): Map<string, { device: string; port: string }> {
  const bySite = new Map<string, string>();
  for (const d of [...cadastre.devices].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    if ((d.role === 'switch' || d.role === 'router') && !bySite.has(d.site)) bySite.set(d.site, d.id);
  }
  const count = new Map<string, number>();
  const out = new Map<string, { device: string; port: string }>();
  for (const s of cadastre.segments) {
    const device = bySite.get(s.b);
    if (!device || device === s.measuredBy.device) continue;
    const prefix = s.litCapacityBps >= 100e9 ? 'Hu0/1/' : s.litCapacityBps >= 10e9 ? 'Te2/0/' : 'Gi2/0/';
    const n = (count.get(`${device}|${prefix}`) ?? 0) + 1;
    count.set(`${device}|${prefix}`, n);
    out.set(s.id, { device, port: `${prefix}${n}` });
  }
  return out;
}

const OUI: Record<Vendor, [number, number, number]> = {
  cisco: [0x00, 0x3a, 0x98], aruba: [0x00, 0x0b, 0x86], lwapp: [0x00, 0x3a, 0x99], 'ruckus-zd': [0x00, 0x24, 0x82], meraki: [0x00, 0x18, 0x0a],
  fortinet: [0x00, 0x09, 0x0f], 'ruckus-sz': [0x2c, 0xc5, 0xd3], unifi: [0x24, 0xa4, 0x3c],
};

/** The AP's MAC: the vendor's OUI and three bytes from the hotspot id (probing on the rare collision). */
export function apMacs(hotspots: readonly Hotspot[], vendor: Vendor): Map<string, Buffer> {
  const used = new Set<string>();
  const out = new Map<string, Buffer>();
  for (const h of [...hotspots].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    for (let probe = 0; ; probe++) {
      const v = hashString(probe === 0 ? h.id : `${h.id}#${probe}`);
      const mac = Buffer.from([...OUI[vendor], (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
      const key = mac.toString('hex');
      if (!used.has(key)) { used.add(key); out.set(h.id, mac); break; }
    }
  }
  return out;
}

export function vendorOf(device: Device): Vendor | undefined {
  if (device.role !== 'wifi-controller') return undefined;
  const profile = device.profile ?? '';
  const exact = VENDOR_OF_PROFILE[profile];
  if (exact) return exact;
  if (/airespace|cisco/i.test(profile)) return 'cisco';
  if (/aruba|wlsx/i.test(profile)) return 'aruba';
  throw new Error(`device ${device.id}: wifi controller profile "${device.profile}" is not simulated (use ${Object.keys(VENDOR_OF_PROFILE).join(', ')})`);
}

/**
 * The interfaces of a device: those its segments name (sorted by name; ifIndex 1, 2, … unless measuredBy gives
 * it), then unmapped padding ports. A segment measured by ifAlias gets an interface named after its segment;
 * by ifIndex, one at that index. Every mapped interface's ifAlias is its segment id unless measuredBy names
 * another alias.
 */
export function interfacesOf(cadastre: Cadastre, device: Device, padPorts = 0, farEndPorts = false, ends = farEnds(cadastre)): SimInterface[] {
  const nameOf = (s: Cadastre['segments'][number]): string => s.measuredBy.ifName ?? `if-${s.id}`;
  const mapped: Array<Omit<SimInterface, 'ifIndex'> & { fixed?: number }> = cadastre.segments.filter((s) => s.measuredBy.device === device.id)
    .map((s) => {
      const far = ends.get(s.id);
      return {
        ifName: nameOf(s), ifAlias: s.measuredBy.ifAlias ?? s.id, fixed: s.measuredBy.ifIndex,
        segment: s.id, speedBps: s.litCapacityBps, ...(far ? { neighbour: far } : {}),
      };
    })
    .sort((x, y) => x.ifName.localeCompare(y.ifName, 'en', { numeric: true }));
  // The far ends' ports (a port description naming the other end, not the circuit id the measuring port carries).
  if (farEndPorts) {
    for (const s of cadastre.segments) {
      const far = ends.get(s.id);
      if (far?.device !== device.id) continue;
      mapped.push({
        ifName: far.port, ifAlias: `to ${s.measuredBy.device} ${nameOf(s)}`, farEndOf: s.id, speedBps: s.litCapacityBps,
        neighbour: { device: s.measuredBy.device, port: nameOf(s) },
      });
    }
  }
  const seen = new Set<string>();
  for (const m of mapped) {
    if (seen.has(m.ifName)) throw new Error(`device ${device.id}: interface ${m.ifName} measures more than one segment`);
    seen.add(m.ifName);
  }
  const taken = new Set(mapped.flatMap((m) => (m.fixed !== undefined ? [m.fixed] : [])));
  let next = 1;
  const nextIndex = (): number => { while (taken.has(next)) next++; taken.add(next); return next; };
  const out: SimInterface[] = mapped.map(({ fixed, ...m }) => ({ ifIndex: fixed ?? nextIndex(), ...m }));
  // A switch or router always has an interface (a real one has at least its uplink): one that served an empty
  // ifTable would poll as `empty`.
  const pad = device.role === 'switch' || device.role === 'router' ? Math.max(0, padPorts - out.length, out.length ? 0 : 1) : 0;
  for (let k = 1; out.length < mapped.length + pad; k++) {
    const name = `port${k}`;
    if (seen.has(name)) continue;
    out.push({ ifIndex: nextIndex(), ifName: name, speedBps: 1_000_000_000 });
  }
  return out.sort((x, y) => x.ifIndex - y.ifIndex);
}

function sysIdentity(device: Device, vendor: Vendor | undefined): { descr: string; objectId: string } {
  if (isFlat(vendor)) return { descr: FLAT[vendor].descr, objectId: FLAT[vendor].objectId };
  if (vendor === 'cisco') return { descr: 'Cisco Controller (simulated AIR-CT5520), AireOS 8.10', objectId: '1.3.6.1.4.1.9.1.2170' };
  if (vendor === 'aruba') return { descr: 'ArubaOS (MODEL: Aruba7220, simulated), Version 8.10', objectId: '1.3.6.1.4.1.14823.1.1.32' };
  if (vendor === 'fortinet') return { descr: 'FortiGate-100F (simulated) v7.2.8', objectId: '1.3.6.1.4.1.12356.101.1.1041' };
  if (vendor === 'ruckus-sz') return { descr: 'Ruckus SmartZone 144 (simulated), 6.1.2', objectId: '1.3.6.1.4.1.25053.3.1.11.1' };
  if (vendor === 'unifi') return { descr: 'Linux U6-Pro 6.6.65 (simulated UniFi AP)', objectId: '1.3.6.1.4.1.41112' };
  // Juniper QFX5100s (the sysObjectID the recorded QFX5100-48S answers), for their JUNIPER-DOM-MIB optics.
  if (device.role === 'router') return { descr: 'Juniper Networks, Inc. qfx5100-48s-6q router (simulated), JUNOS 21.4R3', objectId: '1.3.6.1.4.1.2636.1.1.1.4.82.5' };
  return { descr: 'Juniper Networks, Inc. qfx5100-48s-6q Ethernet Switch (simulated), JUNOS 21.4R3', objectId: '1.3.6.1.4.1.2636.1.1.1.4.82.5' };
}

const col = (number: number, name: string, type: number, maxAccess: number = RO): TableColumn => ({ number, name, type, maxAccess });

/** The AP and radio tables of the two controllers with a radio table: AIRESPACE-WIRELESS-MIB and WLSX-WLAN-MIB. */
const RADIO_CONTROLLER: Record<'cisco' | 'aruba', {
  ap: { table: string; entry: string; mac: string; cells: Array<{ column: number; name: string; value: (ap: SimAp) => string }>; status: { column: number; name: string } };
  radio: { table: string; entry: string; index: string; clients: { column: number; name: string; type: number } };
}> = {
  cisco: {
    ap: {
      table: 'bsnAPTable', entry: OID.bsnAPEntry, mac: 'bsnAPDot3MacAddress',
      cells: [{ column: 3, name: 'bsnAPName', value: (ap) => ap.hotspot.apName }, { column: 4, name: 'bsnAPLocation', value: (ap) => ap.hotspot.name }],
      status: { column: 6, name: 'bsnAPOperationStatus' },
    },
    radio: { table: 'bsnAPIfTable', entry: OID.bsnAPIfEntry, index: 'bsnAPIfSlotId', clients: { column: 15, name: 'bsnApIfNoOfUsers', type: T.Counter32 } },
  },
  aruba: {
    ap: {
      table: 'wlsxWlanAPTable', entry: OID.wlsxWlanAPEntry, mac: 'wlanAPMacAddress',
      cells: [{ column: 3, name: 'wlanAPName', value: (ap) => ap.hotspot.apName }],
      status: { column: 19, name: 'wlanAPStatus' },
    },
    radio: { table: 'wlsxWlanAPRadioTable', entry: OID.wlsxWlanAPRadioEntry, index: 'wlanAPRadioNumber', clients: { column: 7, name: 'wlanAPRadioNumAssociatedClients', type: T.Gauge32 } },
  },
};

export function buildMib(
  cadastre: Cadastre, device: Device, ifaces: readonly SimInterface[], aps: readonly SimAp[], variant: MibVariant,
  engineID: Buffer,
): { mib: Mib; live: LiveNodes } {
  const vendor = vendorOf(device);
  const mib = snmp.createMib();
  const site = cadastre.sites.find((s) => s.id === device.site);
  const ident = sysIdentity(device, vendor);
  // A UniFi AP is polled itself (no controller agent): its sysName is the AP's name, so it stands for one hotspot.
  if (vendor === 'unifi' && aps.length > 1) {
    throw new Error(`device ${device.id}: a UniFi AP (profile ${device.profile}) answers for one hotspot, not ${aps.length} (${aps.map((a) => a.hotspot.id).join(', ')})`);
  }
  const sysName = vendor === 'unifi' && aps.length ? aps[0].hotspot.apName : device.id;
  const scalars: Array<[string, string, number, unknown]> = [
    ['sysDescr', `${OID.system}.1`, T.OctetString, ident.descr],
    ['sysObjectID', `${OID.system}.2`, T.OID, ident.objectId],
    ['sysUpTime', `${OID.system}.3`, T.TimeTicks, 0],
    ['sysContact', `${OID.system}.4`, T.OctetString, 'noc@irisnet.example'],
    ['sysName', `${OID.system}.5`, T.OctetString, sysName],
    ['sysLocation', `${OID.system}.6`, T.OctetString, site ? `${site.name}, ${site.commune}` : device.site],
    ['ifNumber', OID.ifNumber, T.Integer, Math.max(0, ifaces.length - (aps.length ? 0 : variant.dropRows))],
    // SNMP-FRAMEWORK-MIB snmpEngine, as every real agent serves; it also keeps walks of the MIBs above from
    // running into endOfMibView.
    ['snmpEngineID', `${OID.snmpEngine}.1`, T.OctetString, engineID],
    ['snmpEngineBoots', `${OID.snmpEngine}.2`, T.Integer, 1],
    ['snmpEngineTime', `${OID.snmpEngine}.3`, T.Integer, 0],
    ['snmpEngineMaxMessageSize', `${OID.snmpEngine}.4`, T.Integer, 65507],
  ];
  for (const [name, oid, scalarType, value] of scalars) {
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType, maxAccess: RO });
    mib.setScalarValue(name, value);
  }
  const lookup = (oid: string): MibNode => {
    const n = mib.lookup(oid);
    if (!n) throw new Error(`simulator: no MIB node at ${oid}`);
    return n;
  };
  const live: LiveNodes = {
    sysUpTime: lookup(`${OID.system}.3.0`), engineBoots: lookup(`${OID.snmpEngine}.2.0`), engineTime: lookup(`${OID.snmpEngine}.3.0`),
    ifs: [], aps: [], optics: [],
  };

  // IF-MIB. Padding ports are down and silent; mapped ones are up.
  const ifTable: Provider = {
    name: 'ifTable', type: snmp.MibProviderType.Table, oid: OID.ifEntry, maxAccess: NA,
    tableColumns: [
      col(1, 'ifIndex', T.Integer), col(2, 'ifDescr', T.OctetString), col(3, 'ifType', T.Integer),
      col(5, 'ifSpeed', T.Gauge32), col(7, 'ifAdminStatus', T.Integer), col(8, 'ifOperStatus', T.Integer),
      col(10, 'ifInOctets', T.Counter32), col(16, 'ifOutOctets', T.Counter32),
    ],
    tableIndex: [{ columnName: 'ifIndex' }],
  };
  const xColumns = [col(1, 'ifName', T.OctetString)];
  if (variant.hc) xColumns.push(col(6, 'ifHCInOctets', T.Counter64), col(10, 'ifHCOutOctets', T.Counter64));
  xColumns.push(col(15, 'ifHighSpeed', T.Gauge32), col(18, 'ifAlias', T.OctetString));
  const ifXTable: Provider = {
    name: 'ifXTable', type: snmp.MibProviderType.Table, oid: OID.ifXEntry, maxAccess: NA,
    tableColumns: xColumns, tableIndex: [{ columnName: 'ifIndex', foreign: 'ifTable' }], tableAugments: 'ifTable',
  };
  mib.registerProvider(ifTable);
  mib.registerProvider(ifXTable);
  const served = aps.length ? ifaces : ifaces.slice(0, Math.max(0, ifaces.length - variant.dropRows));
  const firstMapped = ifaces.find((i) => i.segment);
  for (const i of served) {
    const up = i.segment || i.farEndOf ? 1 : 2;
    const name = variant.dupNames && !i.segment && !i.farEndOf && firstMapped ? firstMapped.ifName : i.ifName;
    // No error/discard columns: the collector must write them as absent (unknown), not 0.
    mib.addTableRow('ifTable', [i.ifIndex, name, 6, Math.min(i.speedBps, 4294967295), up, up, 0, 0]);
    const x: unknown[] = [i.ifIndex, name];
    if (variant.hc) x.push(Buffer.alloc(8), Buffer.alloc(8));
    x.push(Math.floor(i.speedBps / 1_000_000), i.ifAlias ?? '');
    mib.addTableRow('ifXTable', x);
    const entry: LiveNodes['ifs'][number] = { iface: i };
    if (i.segment || i.farEndOf) {
      entry.oper = lookup(`${OID.ifEntry}.8.${i.ifIndex}`);
      entry.in32 = lookup(`${OID.ifEntry}.10.${i.ifIndex}`);
      entry.out32 = lookup(`${OID.ifEntry}.16.${i.ifIndex}`);
      if (variant.hc) {
        entry.inHc = lookup(`${OID.ifXEntry}.6.${i.ifIndex}`);
        entry.outHc = lookup(`${OID.ifXEntry}.10.${i.ifIndex}`);
      }
    }
    live.ifs.push(entry);
  }

  // JUNIPER-DOM-MIB jnxDomCurrentTable, indexed by ifIndex: the measuring ports' transceivers. Units: 0.01 dBm,
  // µA, °C; thresholds (columns 9–24) as the transceiver reports them.
  const domPorts = device.role === 'switch' || device.role === 'router' ? served.filter((i) => i.segment) : [];
  if (domPorts.length) {
    const t = SIM_THRESHOLDS as Required<Pick<OpticsLevels, 'rxHighAlarm' | 'rxLowAlarm' | 'rxHighWarn' | 'rxLowWarn' | 'biasHighAlarm' | 'biasLowAlarm' | 'biasHighWarn' | 'biasLowWarn' | 'txHighAlarm' | 'txLowAlarm' | 'txHighWarn' | 'txLowWarn' | 'tempHighAlarm' | 'tempLowAlarm' | 'tempHighWarn' | 'tempLowWarn'>>;
    const cdbm = (v: number): number => Math.round(v * 100), ua = (v: number): number => Math.round(v * 1000);
    const thresholds = [
      cdbm(t.rxHighAlarm), cdbm(t.rxLowAlarm), cdbm(t.rxHighWarn), cdbm(t.rxLowWarn),
      ua(t.biasHighAlarm), ua(t.biasLowAlarm), ua(t.biasHighWarn), ua(t.biasLowWarn),
      cdbm(t.txHighAlarm), cdbm(t.txLowAlarm), cdbm(t.txHighWarn), cdbm(t.txLowWarn),
      t.tempHighAlarm, t.tempLowAlarm, t.tempHighWarn, t.tempLowWarn,
    ];
    mib.registerProvider({
      name: 'jnxDomCurrentTable', type: snmp.MibProviderType.Table, oid: OID.jnxDomCurrentEntry, maxAccess: NA,
      tableColumns: Array.from({ length: 20 }, (_, k) => col(k + 5, `jnxDom${k + 5}`, T.Integer)),
      tableIndex: [{ columnName: 'ifIndex', foreign: 'ifTable' }],
    });
    for (const i of domPorts) {
      mib.addTableRow('jnxDomCurrentTable', [i.ifIndex, 0, 0, 0, 0, ...thresholds]);
      const at = (c: number): MibNode => lookup(`${OID.jnxDomCurrentEntry}.${c}.${i.ifIndex}`);
      live.optics.push({ iface: i, rx: at(5), bias: at(6), tx: at(7), temp: at(8) });
    }
  }
  if (device.role === 'switch' || device.role === 'router') neighbourTables(mib, served);

  if (vendor && aps.length && variant.apTable !== false) {
    const withStatus = variant.apStatus !== false;
    const macIndex = (m: Buffer): string => [...m].join('.');
    const radioAps = aps.slice(0, Math.max(0, aps.length - variant.dropRows));
    if (isFlat(vendor)) {
      const f = FLAT[vendor];
      const status = withStatus ? f.status : undefined;
      mib.registerProvider({
        name: 'apTable', type: snmp.MibProviderType.Table, oid: f.entry, maxAccess: NA,
        tableColumns: [
          col(1, 'apMac', T.OctetString),
          ...[{ n: f.name, c: col(f.name, 'apName', T.OctetString) }, { n: f.clients, c: col(f.clients, 'apClients', T.Gauge32) },
            ...(status ? [{ n: status.column, c: col(status.column, 'apStatus', T.Integer) }] : [])].sort((x, y) => x.n - y.n).map((x) => x.c),
        ],
        tableIndex: [{ columnName: 'apMac', length: 6 }],
      });
      for (const ap of aps) {
        const cells = new Map<number, unknown>([[f.name, ap.hotspot.apName], [f.clients, 0]]);
        if (status) cells.set(status.column, status.up);
        mib.addTableRow('apTable', [ap.mac, ...[...cells].sort((x, y) => x[0] - y[0]).map(([, v]) => v)]);
        live.aps.push({
          ap, radios: [], clients: lookup(`${f.entry}.${f.clients}.${macIndex(ap.mac)}`),
          ...(status ? { status: lookup(`${f.entry}.${status.column}.${macIndex(ap.mac)}`), statusValues: { up: status.up, down: status.down } } : {}),
        });
      }
    } else if (vendor === 'fortinet') {
      // One VDOM (root, 1) holding every managed AP; the WTP id is the AP's name.
      mib.registerProvider({
        name: 'fgVdTable', type: snmp.MibProviderType.Table, oid: OID.fgVdEntry, maxAccess: NA,
        tableColumns: [col(1, 'fgVdEntIndex', T.Integer, NA), col(2, 'fgVdEntName', T.OctetString)],
        tableIndex: [{ columnName: 'fgVdEntIndex' }],
      });
      mib.addTableRow('fgVdTable', [1, 'root']);
      mib.registerProvider({
        name: 'fgWcWtpSessionTable', type: snmp.MibProviderType.Table, oid: OID.fgWcWtpSessionEntry, maxAccess: NA,
        tableColumns: [col(1, 'fgWcWtpSessionWtpId', T.OctetString), col(17, 'fgWcWtpSessionWtpStationCount', T.Gauge32)],
        tableIndex: [{ columnName: 'fgVdEntIndex', foreign: 'fgVdTable' }, { columnName: 'fgWcWtpSessionWtpId' }],
      });
      for (const ap of aps) {
        mib.addTableRow('fgWcWtpSessionTable', [1, ap.hotspot.apName, 0]);
        const id = Buffer.from(ap.hotspot.apName);
        live.aps.push({ ap, radios: [], clients: lookup(`${OID.fgWcWtpSessionEntry}.17.1.${id.length}.${[...id].join('.')}`) });
      }
    } else if (vendor === 'ruckus-sz') {
      // Per-WLAN totals: each hotspot is matched by an SSID equal to its apName (scope ssid), its row the AP's clients.
      mib.registerProvider({
        name: 'ruckusSZWLANTable', type: snmp.MibProviderType.Table, oid: OID.ruckusSZWLANEntry, maxAccess: NA,
        tableColumns: [col(1, 'ruckusSZWLANSSID', T.OctetString), col(12, 'ruckusSZWLANNumSta', T.Gauge32), col(99, 'ruckusSZWLANIndex', T.Integer)],
        tableIndex: [{ columnName: 'ruckusSZWLANIndex' }],
      });
      aps.forEach((ap, k) => {
        mib.addTableRow('ruckusSZWLANTable', [ap.hotspot.apName, 0, k + 1]);
        live.aps.push({ ap, radios: [], clients: lookup(`${OID.ruckusSZWLANEntry}.12.${k + 1}`) });
      });
    } else if (vendor === 'unifi') {
      // The AP's own VAPs: the public SSID on radio 0 (2.4 GHz, unifiVapIndex 1) and radio 1 (5 GHz, 2).
      mib.registerProvider({
        name: 'unifiVapTable', type: snmp.MibProviderType.Table, oid: OID.unifiVapEntry, maxAccess: NA,
        tableColumns: [col(1, 'unifiVapIndex', T.Integer), col(6, 'unifiVapEssId', T.OctetString), col(8, 'unifiVapNumStations', T.Gauge32)],
        tableIndex: [{ columnName: 'unifiVapIndex' }],
      });
      for (const ap of aps) live.aps.push({ ap, radios: [] });
      radioAps.forEach((_, i) => {
        for (const radio of [0, 1]) {
          mib.addTableRow('unifiVapTable', [radio + 1, SIM_SSID, 0]);
          live.aps[i].radios[radio] = lookup(`${OID.unifiVapEntry}.8.${radio + 1}`);
        }
      });
    } else {
      // AireOS and ArubaOS: an AP table indexed by the AP's MAC (name, status) and a radio table below it, the
      // clients per radio (slot 0 = 2.4 GHz, slot 1 = 5 GHz).
      const c = RADIO_CONTROLLER[vendor];
      mib.registerProvider({
        name: c.ap.table, type: snmp.MibProviderType.Table, oid: c.ap.entry, maxAccess: NA,
        tableColumns: [col(1, c.ap.mac, T.OctetString), ...c.ap.cells.map((x) => col(x.column, x.name, T.OctetString)), ...(withStatus ? [col(c.ap.status.column, c.ap.status.name, T.Integer)] : [])],
        tableIndex: [{ columnName: c.ap.mac, length: 6 }],
      });
      mib.registerProvider({
        name: c.radio.table, type: snmp.MibProviderType.Table, oid: c.radio.entry, maxAccess: NA,
        tableColumns: [col(1, c.radio.index, T.Integer), col(c.radio.clients.column, c.radio.clients.name, c.radio.clients.type)],
        tableIndex: [{ columnName: c.ap.mac, foreign: c.ap.table, length: 6 }, { columnName: c.radio.index }],
      });
      for (const ap of aps) {
        mib.addTableRow(c.ap.table, [ap.mac, ...c.ap.cells.map((x) => x.value(ap)), ...(withStatus ? [1] : [])]);
        live.aps.push({ ap, status: withStatus ? lookup(`${c.ap.entry}.${c.ap.status.column}.${macIndex(ap.mac)}`) : undefined, radios: [] });
      }
      radioAps.forEach((ap, i) => {
        for (const radio of [0, 1]) {
          mib.addTableRow(c.radio.table, [ap.mac, radio, 0]);
          live.aps[i].radios[radio] = lookup(`${c.radio.entry}.${c.radio.clients.column}.${macIndex(ap.mac)}.${radio}`);
        }
      });
    }
  }
  return { mib, live };
}

/** A neighbour's LLDP chassis id: a locally administered MAC derived from its name (subtype 4, macAddress). */
export function chassisIdOf(device: string): Buffer {
  const h = hashString(device, 0x11d9);
  return Buffer.from([0x02, 0x1d, (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff]);
}

/**
 * LLDP-MIB: lldpLocPortTable (lldpLocPortNum = ifIndex, port id subtype 5 interfaceName = ifName) and
 * lldpRemTable (one neighbour per port: time mark 0, lldpRemIndex 1; chassis id subtype 4 macAddress, port id
 * subtype 5 interfaceName, sysName); CISCO-CDP-MIB cdpCacheTable (cdpCacheIfIndex = ifIndex, device index 1;
 * cdpCacheDeviceId the neighbour's name, cdpCacheDevicePort its port), as the recorded Cisco NX-OS agent serves.
 */
function neighbourTables(mib: Mib, ifaces: readonly SimInterface[]): void {
  mib.registerProvider({
    name: 'lldpLocPortTable', type: snmp.MibProviderType.Table, oid: OID.lldpLocPortEntry, maxAccess: NA,
    tableColumns: [col(1, 'lldpLocPortNum', T.Integer, NA), col(2, 'lldpLocPortIdSubtype', T.Integer), col(3, 'lldpLocPortId', T.OctetString), col(4, 'lldpLocPortDesc', T.OctetString)],
    tableIndex: [{ columnName: 'lldpLocPortNum' }],
  });
  mib.registerProvider({
    name: 'lldpRemTable', type: snmp.MibProviderType.Table, oid: OID.lldpRemEntry, maxAccess: NA,
    tableColumns: [
      col(1, 'lldpRemTimeMark', T.TimeTicks, NA), col(2, 'lldpRemLocalPortNum', T.Integer, NA), col(3, 'lldpRemIndex', T.Integer, NA),
      col(4, 'lldpRemChassisIdSubtype', T.Integer), col(5, 'lldpRemChassisId', T.OctetString), col(6, 'lldpRemPortIdSubtype', T.Integer),
      col(7, 'lldpRemPortId', T.OctetString), col(8, 'lldpRemPortDesc', T.OctetString), col(9, 'lldpRemSysName', T.OctetString),
    ],
    tableIndex: [{ columnName: 'lldpRemTimeMark' }, { columnName: 'lldpRemLocalPortNum' }, { columnName: 'lldpRemIndex' }],
  });
  mib.registerProvider({
    name: 'cdpCacheTable', type: snmp.MibProviderType.Table, oid: OID.cdpCacheEntry, maxAccess: NA,
    tableColumns: [
      col(1, 'cdpCacheIfIndex', T.Integer, NA), col(2, 'cdpCacheDeviceIndex', T.Integer, NA),
      col(6, 'cdpCacheDeviceId', T.OctetString), col(7, 'cdpCacheDevicePort', T.OctetString),
    ],
    tableIndex: [{ columnName: 'cdpCacheIfIndex' }, { columnName: 'cdpCacheDeviceIndex' }],
  });
  for (const i of ifaces) {
    mib.addTableRow('lldpLocPortTable', [i.ifIndex, 5, i.ifName, i.ifAlias ?? '']);
    if (!i.neighbour) continue;
    const n = i.neighbour;
    mib.addTableRow('lldpRemTable', [0, i.ifIndex, 1, 4, chassisIdOf(n.device), 5, n.port, '', n.device]);
    mib.addTableRow('cdpCacheTable', [i.ifIndex, 1, n.device, n.port]);
  }
}
