// Reads one agent (discovery, and config:check --probe): SNMPv2-MIB system group, IF-MIB interfaces, LLDP-MIB neighbours (lldpRemTable, its local
// port resolved through lldpLocPortTable) and CISCO-CDP-MIB cdpCacheTable, in one GETBULK walk, trying the
// named credentials in turn. Through the SNMP session the collector polls with (common/snmp.ts).
import snmp from 'net-snmp';
import { PollError, SnmpClient, type SnmpCredentials, type WalkResult } from './snmp.js';

export interface NamedCredential {
  name: string;
  /** The credentials block as the cadastre writes it (secrets as {env: VAR}). */
  snmp: unknown;
  resolved: SnmpCredentials;
}

export interface DiscoveredInterface {
  ifIndex: number;
  ifName?: string;
  ifDescr?: string;
  ifAlias?: string;
  /** ifHighSpeed × 10^6, else ifSpeed (bit/s). */
  speedBps?: number;
  operUp?: boolean;
}

export interface Neighbour {
  protocol: 'lldp' | 'cdp';
  /** The local interface (ifIndex) the neighbour is seen on, when resolved. */
  ifIndex?: number;
  /** The local port as the neighbour table names it (lldpLocPortId, or the ifName for CDP). */
  localPort: string;
  /** lldpRemSysName / cdpCacheDeviceId. */
  sysName: string;
  /** lldpRemPortId / cdpCacheDevicePort. */
  port: string;
  chassisId?: string;
}

export interface AgentReading {
  host: string;
  port: number;
  credential: string;
  sysObjectID: string;
  sysName: string;
  sysDescr: string;
  sysLocation: string;
  interfaces: DiscoveredInterface[];
  neighbours: Neighbour[];
}

export interface Unreachable { host: string; port: number; reason: 'timeout' | 'auth' | 'error'; message: string }

const SYS = '1.3.6.1.2.1.1';
const IF = '1.3.6.1.2.1.2.2.1';
const IFX = '1.3.6.1.2.1.31.1.1.1';
const LLDP_LOC = '1.0.8802.1.1.2.1.3.7.1';
const LLDP_REM = '1.0.8802.1.1.2.1.4.1.1';
const CDP = '1.3.6.1.4.1.9.9.23.1.2.1.1';
export const DISCOVERY_COLUMNS = {
  ifDescr: `${IF}.2`, ifSpeed: `${IF}.5`, ifOperStatus: `${IF}.8`,
  ifName: `${IFX}.1`, ifHighSpeed: `${IFX}.15`, ifAlias: `${IFX}.18`,
  lldpLocPortIdSubtype: `${LLDP_LOC}.2`, lldpLocPortId: `${LLDP_LOC}.3`,
  lldpRemChassisId: `${LLDP_REM}.5`, lldpRemPortIdSubtype: `${LLDP_REM}.6`, lldpRemPortId: `${LLDP_REM}.7`, lldpRemSysName: `${LLDP_REM}.9`,
  cdpCacheDeviceId: `${CDP}.6`, cdpCacheDevicePort: `${CDP}.7`,
} as const;
const SCALARS = { sysDescr: `${SYS}.1.0`, sysObjectID: `${SYS}.2.0`, sysName: `${SYS}.5.0`, sysLocation: `${SYS}.6.0` } as const;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** An octet string as text (UTF-8), or hex (a MAC chassis id, a MAC port id) when it is not printable text. */
function text(vb: snmp.Varbind | undefined): string | undefined {
  if (!vb) return undefined;
  const v = vb.value as unknown;
  if (Buffer.isBuffer(v)) {
    let t: string | undefined;
    try { t = UTF8.decode(v); } catch { t = undefined; }
    // eslint-disable-next-line no-control-regex
    return t !== undefined && !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(t) ? t : v.toString('hex').replace(/(..)(?!$)/g, '$1:');
  }
  return v === null || v === undefined ? undefined : String(v);
}
const num = (vb: snmp.Varbind | undefined): number | undefined => {
  const v = vb?.value as unknown;
  return typeof v === 'number' ? v : undefined;
};

/** Turns one walk into a reading; exported for the tests of the LLDP index handling. */
export function readingOf(w: WalkResult, host: string, port: number, credential: string): AgentReading {
  const col = (name: keyof typeof DISCOVERY_COLUMNS): Map<string, snmp.Varbind> => w.cells.get(DISCOVERY_COLUMNS[name]) ?? new Map();
  const s = (oid: string): string => text(w.scalars.get(oid)) ?? '';
  const indexes = new Set<string>([...col('ifDescr').keys(), ...col('ifName').keys()]);
  const interfaces: DiscoveredInterface[] = [...indexes].map(Number).filter(Number.isInteger).sort((a, b) => a - b).map((ifIndex) => {
    const k = String(ifIndex);
    const high = num(col('ifHighSpeed').get(k));
    const low = num(col('ifSpeed').get(k));
    const oper = num(col('ifOperStatus').get(k));
    const i: DiscoveredInterface = { ifIndex };
    const name = text(col('ifName').get(k)), descr = text(col('ifDescr').get(k)), alias = text(col('ifAlias').get(k));
    if (name) i.ifName = name;
    if (descr) i.ifDescr = descr;
    if (alias) i.ifAlias = alias;
    const speed = high ? high * 1_000_000 : low;
    if (speed) i.speedBps = speed;
    if (oper !== undefined) i.operUp = oper === 1;
    return i;
  });
  // lldpLocPortNum → ifIndex: the interface whose ifName (or ifDescr) is the port id, else the port number itself
  // when it is an ifIndex (Junos and ProCurve number LLDP ports by ifIndex).
  const ifByIndex = new Map(interfaces.map((i) => [i.ifIndex, i]));
  const localPorts = new Map<string, { id: string; ifIndex?: number }>();
  for (const [portNum, vb] of col('lldpLocPortId')) {
    const id = text(vb) ?? portNum;
    const match = interfaces.find((i) => i.ifName === id) ?? interfaces.find((i) => i.ifDescr === id);
    const n = Number(portNum);
    localPorts.set(portNum, { id, ifIndex: match?.ifIndex ?? (ifByIndex.has(n) ? n : undefined) });
  }
  const neighbours: Neighbour[] = [];
  // lldpRemEntry INDEX { lldpRemTimeMark, lldpRemLocalPortNum, lldpRemIndex }.
  const remIndexes = new Set([...col('lldpRemSysName').keys(), ...col('lldpRemPortId').keys(), ...col('lldpRemChassisId').keys()]);
  for (const idx of [...remIndexes].sort()) {
    const parts = idx.split('.');
    if (parts.length !== 3) continue;
    const portNum = parts[1];
    const local = localPorts.get(portNum) ?? { id: portNum, ifIndex: ifByIndex.has(Number(portNum)) ? Number(portNum) : undefined };
    const n: Neighbour = {
      protocol: 'lldp', localPort: local.id, sysName: text(col('lldpRemSysName').get(idx)) ?? '', port: text(col('lldpRemPortId').get(idx)) ?? '',
    };
    if (local.ifIndex !== undefined) n.ifIndex = local.ifIndex;
    const chassis = text(col('lldpRemChassisId').get(idx));
    if (chassis) n.chassisId = chassis;
    neighbours.push(n);
  }
  // cdpCacheEntry INDEX { cdpCacheIfIndex, cdpCacheDeviceIndex }.
  for (const [idx, vb] of col('cdpCacheDeviceId')) {
    const ifIndex = Number(idx.split('.')[0]);
    const iface = ifByIndex.get(ifIndex);
    const n: Neighbour = { protocol: 'cdp', localPort: iface?.ifName ?? String(ifIndex), sysName: text(vb) ?? '', port: text(col('cdpCacheDevicePort').get(idx)) ?? '' };
    if (iface) n.ifIndex = ifIndex;
    neighbours.push(n);
  }
  return {
    host, port, credential, sysObjectID: s(SCALARS.sysObjectID), sysName: s(SCALARS.sysName), sysDescr: s(SCALARS.sysDescr),
    sysLocation: s(SCALARS.sysLocation), interfaces, neighbours,
  };
}

export interface ReadOptions { timeoutMs: number; retries: number; maxRepetitions: number }

/**
 * Tries each credential (a short system-group request), then walks the agent with the first that answers.
 * The reason of an unreachable agent is auth when any credential got an authentication answer, else timeout.
 */
export async function readAgent(host: string, port: number, credentials: readonly NamedCredential[], o: ReadOptions): Promise<AgentReading | Unreachable> {
  const failures: PollError[] = [];
  for (const c of credentials) {
    const client = new SnmpClient({ device: `${host}:${port}`, host, port, credentials: c.resolved, timeoutMs: o.timeoutMs, retries: o.retries });
    try {
      const sys = await client.walk({ scalars: Object.values(SCALARS), columns: [], maxRepetitions: 1 });
      if (!sys.scalars.has(SCALARS.sysObjectID)) throw new PollError('error', `${host}:${port}: no sysObjectID in the system group`);
      const w = await client.walk({ scalars: Object.values(SCALARS), columns: Object.values(DISCOVERY_COLUMNS), maxRepetitions: o.maxRepetitions });
      return readingOf(w, host, port, c.name);
    } catch (e) {
      if (!(e instanceof PollError)) throw e;
      failures.push(e);
    } finally {
      client.close();
    }
  }
  const each = failures.map((f, k) => `${credentials[k].name}: ${f.status === 'timeout' ? 'timeout' : f.message.replace(`device ${host}:${port}: `, '')}`).join('; ');
  // Auth when a credential was refused rather than ignored; an agent ignores a wrong community (timeout).
  const reason = failures.some((f) => f.status === 'auth_error') ? 'auth' : failures.some((f) => f.status === 'error') ? 'error' : 'timeout';
  return { host, port, reason, message: credentials.length ? `${each} (timeout ${o.timeoutMs} ms × ${o.retries + 1})` : 'no credential to try' };
}

export const isReading = (r: AgentReading | Unreachable): r is AgentReading => 'sysObjectID' in r;
