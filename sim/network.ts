// The simulated network: one net-snmp agent per cadastre device, each on its own UDP port on 127.0.0.1.
// Values are live: right before the agent processes a request, the device's counter, uptime and AP cells are
// set from the traffic model at that instant (net-snmp answers GET/GETNEXT/GETBULK synchronously from the MIB),
// so two walks differ by exactly octetsBetween over the time between their reads.
import dgram from 'node:dgram';
import snmp from 'net-snmp';
import type { Agent, Mib } from 'net-snmp';
import type { Cadastre, Device } from '../config/schema.js';
import { resolveSnmp, type ResolvedSnmp } from '../config/secrets.js';
import { createTrafficModel, hashString, type SimTrafficModel, type TrafficModel } from './model.js';
import { createOpticsModel, type OpticsModel } from './optics.js';
import { apMacs, buildMib, farEnds, interfacesOf, vendorOf, type LiveNodes, type MibVariant, type SimAp, type SimInterface } from './mibs.js';
import type { Fault } from './faults.js';
import { USM_DECRYPTION_ERRORS, USM_NOT_IN_TIME_WINDOWS, USM_WRONG_DIGESTS, digestIsRight, readV3Header, usmReport } from './usm.js';

export type { Fault } from './faults.js';
export type { Direction, TrafficModel } from './model.js';

export interface SimNetwork {
  /** device id -> UDP port on 127.0.0.1 */
  ports: Record<string, number>;
  model: TrafficModel;
  setFault(deviceId: string, fault: Fault | null): void;
  close(): Promise<void>;
}

export interface SimOptions {
  seed?: number;
  env?: NodeJS.ProcessEnv;
  /** use each device's cadastre port instead of assigning free ones */
  useCadastrePorts?: boolean;
  /** extra unmapped interfaces so a switch has this many (bench: 48) */
  padPorts?: number;
  /**
   * Give each segment's far end its port (up, carrying the segment's traffic the other way round), so LLDP/CDP
   * show the link from both sides as on a real network. Off by default: the demo's collector then polls only
   * the measuring ports, and LLDP/CDP show each link from its measuring side.
   */
  farEndPorts?: boolean;
  /** Called with the instant (epoch ms) at which a request's values were read. */
  onRead?: (deviceId: string, tMs: number) => void;
  /** Clock, for tests; defaults to Date.now. */
  now?: () => number;
}

/** What the library offers beyond the published SimNetwork shape. */
export interface SimNetworkHandle extends SimNetwork {
  model: SimTrafficModel;
  /** The optics ground truth behind the switches' JUNIPER-DOM-MIB cells. */
  optics: OpticsModel;
  faults(): Record<string, Fault>;
  /** When the device last (re)booted: its counters count from here, sysUpTime too. */
  bootTimeMs(deviceId: string): number;
  /** The instant the device's last request was read at (undefined before any). */
  lastReadMs(deviceId: string): number | undefined;
  interfaces(deviceId: string): readonly SimInterface[];
  aps(deviceId: string): readonly SimAp[];
  engineBoots(deviceId: string): number;
  /** USM reports the device sent (wrong digests, decryption errors, not-in-time-window after a reboot). */
  usmStats(deviceId: string): { wrongDigests: number; decryptionErrors: number; notInTimeWindows: number };
  /** Requests answered (or dropped by a fault) since start, all devices. */
  stats(): { requests: number; dropped: number; errors: number };
}

/** The parts of net-snmp's Agent that its GETBULK handling goes through (not in its public API). */
interface AgentBulkInternals {
  addGetNextVarbind(varbinds: unknown[], oid: string): { oid: string; type: number } | undefined;
  request(socket: unknown, message: { pdu: { nonRepeaters: number; maxRepetitions: number; varbinds: Array<{ oid: string }> } }, rinfo: unknown): void;
  getBulkRequest(socket: unknown, message: { pdu: { nonRepeaters: number; maxRepetitions: number; varbinds: Array<{ oid: string }> } }, rinfo: unknown): void;
}

/** Answers at most this many varbinds to one GETBULK, as a real agent bounds its answer by its message size. */
const MAX_BULK_VARBINDS = 1_000;

/**
 * GETBULK as RFC 3416 §4.2.3 has it: N non-repeaters, then up to M repetitions of each of the R repeaters
 * (N + M × R varbinds). net-snmp's agent stops at M varbinds in all, which no real agent does and which would
 * make a multi-column walk take R times the round trips it takes against real equipment.
 */
function rfcGetBulk(agent: snmp.Agent): void {
  const a = agent as unknown as AgentBulkInternals;
  a.getBulkRequest = function getBulkRequest(socket, message, rinfo) {
    const pdu = message.pdu;
    const requested = pdu.varbinds;
    const nonRepeaters = Math.max(0, Math.min(pdu.nonRepeaters, requested.length));
    const out: unknown[] = [];
    for (let n = 0; n < nonRepeaters; n++) a.addGetNextVarbind(out, requested[n].oid);
    const cursors = requested.slice(nonRepeaters).map((v) => v.oid);
    const endOfMib = cursors.map(() => false);
    for (let rep = 0; rep < pdu.maxRepetitions && cursors.length > 0 && !endOfMib.every(Boolean); rep++) {
      if (out.length + cursors.length > MAX_BULK_VARBINDS) break;
      for (let r = 0; r < cursors.length; r++) {
        const next = a.addGetNextVarbind(out, cursors[r]);
        if (!next) continue;
        cursors[r] = next.oid;
        if (next.type === snmp.ObjectType.EndOfMibView) endOfMib[r] = true;
      }
    }
    pdu.varbinds = out as typeof pdu.varbinds;
    a.request(socket, message, rinfo);
  };
}

const U64 = 1n << 64n;
const U32 = 1n << 32n;

function counter64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(((v % U64) + U64) % U64);
  return b;
}

/** A device's engine id: stable across restarts (as a real device's is), distinct per device. */
function engineIdFor(device: Device): Buffer {
  const h1 = hashString(device.id, 1);
  const h2 = hashString(device.id, 2);
  const b = Buffer.alloc(13);
  // 0x80 | enterprise 8072 (net-snmp), format 4 (text/octets), then 8 bytes of the id's hash.
  b.writeUInt32BE(0x80001f88, 0);
  b.writeUInt8(4, 4);
  b.writeUInt32BE(h1, 5);
  b.writeUInt32BE(h2, 9);
  return b;
}

interface SimDevice {
  device: Device;
  agent: Agent;
  socket?: dgram.Socket;
  port: number;
  ifaces: SimInterface[];
  aps: SimAp[];
  bootMs: number;
  /** A reboot in progress: no answer before this time. */
  silentUntil: number;
  fault: Fault | null;
  variantKey: string;
  live: LiveNodes;
  lastMinute: number;
  lastRead?: number;
  malformedCount: number;
  creds: ResolvedSnmp;
  usmFailure: boolean;
  usmWrongDigests: number;
  usmDecryptionErrors: number;
  usmNotInTimeWindows: number;
}

const AUTH_FAILURE = 5; // net-snmp ResponseInvalidCode.EAuthFailure
const COULD_NOT_DECRYPT = 4; // ResponseInvalidCode.ECouldNotDecrypt

export async function startSimNetwork(cadastre: Cadastre, opts: SimOptions = {}): Promise<SimNetworkHandle> {
  const model = createTrafficModel(cadastre, opts.seed);
  const optics = createOpticsModel(cadastre, opts.seed);
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  const startMs = now();
  const stats = { requests: 0, dropped: 0, errors: 0 };
  let closed = false;
  const devices = new Map<string, SimDevice>();
  const ends = farEnds(cadastre);

  const hotspotsByController = new Map<string, Cadastre['hotspots']>();
  for (const h of cadastre.hotspots) {
    const list = hotspotsByController.get(h.controller) ?? [];
    list.push(h);
    hotspotsByController.set(h.controller, list);
  }

  const variantOf = (fault: Fault | null): MibVariant => ({
    hc: fault?.kind !== 'counters32',
    dropRows: fault?.kind === 'partial' ? fault.dropRows : 0,
    dupNames: fault?.kind === 'dup-names',
    apStatus: fault?.kind !== 'no-ap-status',
    apTable: fault?.kind !== 'no-ap-table',
  });
  const keyOf = (v: MibVariant): string => `${v.hc}:${v.dropRows}:${v.dupNames}:${v.apStatus}:${v.apTable}`;

  /** Sets every live cell of the device to its value at tMs. */
  const refresh = (d: SimDevice, tMs: number): void => {
    const upCs = BigInt(Math.max(0, Math.floor((tMs - d.bootMs) / 10)));
    d.live.sysUpTime.value = Number(upCs % U32);
    const engineTime = Math.max(0, Math.floor((tMs - d.bootMs) / 1000));
    d.agent.engine.engineTime = engineTime;
    d.live.engineTime.value = engineTime;
    d.live.engineBoots.value = d.agent.engine.engineBoots;
    const linkDown = d.fault?.kind === 'link-down' ? d.fault.ifName : undefined;
    for (const e of d.live.ifs) {
      if (e.oper) e.oper.value = e.iface.ifName === linkDown ? 2 : 1;
      const segment = e.iface.segment ?? e.iface.farEndOf;
      if (!segment) continue;
      const far = e.iface.segment === undefined;
      const inOct = model.octetsBetween(segment, far ? 'ab' : 'ba', d.bootMs, tMs);
      const outOct = model.octetsBetween(segment, far ? 'ba' : 'ab', d.bootMs, tMs);
      if (e.in32) e.in32.value = Number(inOct % U32);
      if (e.out32) e.out32.value = Number(outOct % U32);
      if (e.inHc) e.inHc.value = counter64(inOct);
      if (e.outHc) e.outHc.value = counter64(outOct);
    }
    const minute = Math.floor(tMs / 60_000);
    for (const o of d.live.optics) {
      const l = optics.levelsAt(o.iface.segment as string, tMs);
      o.rx.value = Math.round((l.rx ?? 0) * 100);
      o.tx.value = Math.round((l.tx ?? 0) * 100);
      o.bias.value = Math.round((l.bias ?? 0) * 1000);
      o.temp.value = Math.round(l.temp ?? 0);
    }
    if (d.live.aps.length && minute !== d.lastMinute) {
      d.lastMinute = minute;
      for (const a of d.live.aps) {
        const up = model.apUpAt(a.ap.hotspot.id, tMs);
        if (a.status) a.status.value = up ? (a.statusValues?.up ?? 1) : (a.statusValues?.down ?? 2);
        const radios = model.radioClientsAt(a.ap.hotspot.id, tMs);
        a.radios.forEach((node, slot) => { if (node) node.value = radios[slot]; });
        if (a.clients) a.clients.value = radios.reduce((x, y) => x + y, 0);
      }
    }
    d.lastRead = tMs;
    opts.onRead?.(d.device.id, tMs);
  };

  const applyVariant = (d: SimDevice): void => {
    const variant = variantOf(d.fault);
    const key = keyOf(variant);
    if (key === d.variantKey) return;
    const { mib, live } = buildMib(cadastre, d.device, d.ifaces, d.aps, variant, d.agent.engine.engineID);
    d.agent.setMib(mib as Mib);
    d.live = live;
    d.variantKey = key;
    d.lastMinute = -1;
  };

  const corrupt = (d: SimDevice, buf: Buffer): Buffer => {
    d.malformedCount++;
    if (d.malformedCount % 2 === 1) return buf.subarray(0, Math.max(1, Math.floor(buf.length / 2)));
    // A SEQUENCE header that claims more than follows, then bytes that are not BER.
    const g = Buffer.alloc(Math.max(8, Math.min(64, buf.length)));
    for (let i = 0; i < g.length; i++) g[i] = (hashString(d.device.id, d.malformedCount * 131 + i) & 0xff);
    g[0] = 0x30; g[1] = 0x82; g[2] = 0x7f; g[3] = 0xff;
    return g;
  };

  const sendUsmReport = (d: SimDevice, msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    const header = readV3Header(msg);
    const creds = d.creds;
    if (!header || !(header.flags & 4) || creds.version !== 'v3') return;
    const decryption = digestIsRight(msg, header, snmp.AuthProtocols[creds.authProtocol as keyof typeof snmp.AuthProtocols], creds.authKey);
    const oid = decryption ? USM_DECRYPTION_ERRORS : USM_WRONG_DIGESTS;
    const count = decryption ? ++d.usmDecryptionErrors : ++d.usmWrongDigests;
    d.socket?.send(usmReport(header, d.agent.engine, oid, count), rinfo.port, rinfo.address);
  };

  /**
   * RFC 3414 §3.2 step 7: an authentic request whose engine boots/time are not this engine's (a manager that has
   * not seen the reboot) gets an authenticated usmStatsNotInTimeWindows report, which net-snmp's agent never sends.
   */
  const outsideTimeWindow = (d: SimDevice, msg: Buffer, rinfo: dgram.RemoteInfo): boolean => {
    const creds = d.creds;
    if (creds.version !== 'v3') return false;
    const header = readV3Header(msg);
    if (!header || !(header.flags & 1) || !(header.flags & 4) || header.userName !== creds.user) return false;
    const engine = d.agent.engine;
    if (!header.engineID.equals(engine.engineID)) return false;
    if (header.engineBoots === engine.engineBoots && Math.abs(header.engineTime - engine.engineTime) <= 150) return false;
    const authProtocol = snmp.AuthProtocols[creds.authProtocol as keyof typeof snmp.AuthProtocols];
    if (!digestIsRight(msg, header, authProtocol, creds.authKey)) return false; // the agent reports wrongDigests
    d.usmNotInTimeWindows++;
    d.socket?.send(usmReport(header, engine, USM_NOT_IN_TIME_WINDOWS, d.usmNotInTimeWindows, {
      user: creds.user, authProtocol, authKey: creds.authKey,
      digestLength: snmp.Authentication.algorithms[authProtocol].AUTHENTICATION_CODE_LENGTH,
    }), rinfo.port, rinfo.address);
    return true;
  };

  const startDevice = async (device: Device): Promise<SimDevice> => {
    const vendor = vendorOf(device);
    const ifaces = interfacesOf(cadastre, device, opts.padPorts ?? 0, opts.farEndPorts ?? false, ends);
    const hotspots = vendor ? hotspotsByController.get(device.id) ?? [] : [];
    const macs = vendor ? apMacs(hotspots, vendor) : new Map<string, Buffer>();
    const aps: SimAp[] = hotspots.map((h) => ({ hotspot: h, mac: macs.get(h.id) as Buffer }))
      .sort((x, y) => Buffer.compare(x.mac, y.mac));
    // A device that has been up for a while (2 h – 3 days before the simulator started): counters are not near zero.
    const uptimeMs = 7_200_000 + (hashString(device.id, 0xb007) % (3 * 86_400_000 - 7_200_000));
    let wantedPort = 0;
    if (opts.useCadastrePorts) wantedPort = Number(device.target.split(':').pop());

    const creds = resolveSnmp(device, env);
    let captured: dgram.Socket | undefined;
    let d: SimDevice | undefined;
    const dgramModule = {
      createSocket(type: 'udp4' | 'udp6'): dgram.Socket {
        const sock = dgram.createSocket(type);
        captured = sock;
        const on = sock.on.bind(sock);
        const intercepted = (event: string, listener: (...args: unknown[]) => void): dgram.Socket => {
          if (event !== 'message') return on(event, listener);
          return on('message', (msg: Buffer, rinfo: dgram.RemoteInfo) => {
            const dev = d;
            if (!dev) return;
            stats.requests++;
            const fault = dev.fault;
            if (fault?.kind === 'down' || now() < dev.silentUntil) { stats.dropped++; return; }
            const handle = (): void => {
              if (closed) return; // a slow answer due after close()
              refresh(dev, now());
              if (outsideTimeWindow(dev, msg, rinfo)) return;
              dev.usmFailure = false;
              listener(msg, rinfo);
              if (dev.usmFailure) sendUsmReport(dev, msg, rinfo);
            };
            if (fault?.kind === 'slow') setTimeout(handle, fault.delayMs);
            else handle();
          });
        };
        sock.on = intercepted as typeof sock.on;
        const send = sock.send.bind(sock) as (...args: unknown[]) => void;
        const sendIntercepted = (...args: unknown[]): void => {
          if (d?.fault?.kind === 'malformed' && Buffer.isBuffer(args[0])) {
            const bad = corrupt(d, args[0]);
            args[0] = bad;
            if (typeof args[1] === 'number' && typeof args[2] === 'number') { args[1] = 0; args[2] = bad.length; }
          }
          send(...args);
        };
        sock.send = sendIntercepted as typeof sock.send;
        // net-snmp turns port 0 into 161 (`port || 161`); bind what we mean: 0 asks the OS for a free port.
        const bind = sock.bind.bind(sock) as (...args: unknown[]) => dgram.Socket;
        const bindIntercepted = (...args: unknown[]): dgram.Socket => bind(wantedPort, '127.0.0.1', ...args.slice(2));
        sock.bind = bindIntercepted as typeof sock.bind;
        return sock;
      },
    };

    const agent = snmp.createAgent({
      port: wantedPort, address: '127.0.0.1', engineID: engineIdFor(device), dgramModule,
    }, (error) => {
      if (!error) return;
      stats.errors++;
      // Processing is synchronous: the failure belongs to the message being handled (see sendUsmReport).
      const code = (error as { code?: unknown }).code;
      if (d && (code === AUTH_FAILURE || code === COULD_NOT_DECRYPT)) d.usmFailure = true;
    });
    // createAgent binds synchronously through dgramModule; the bind completes (or fails) asynchronously.
    const sock = captured as dgram.Socket | undefined;
    if (!sock) throw new Error(`device ${device.id}: the agent created no socket`);
    const listening = new Promise<void>((resolve, reject) => {
      sock.once('listening', () => resolve());
      sock.once('error', (e) => reject(new Error(`device ${device.id}: cannot listen on 127.0.0.1:${wantedPort}: ${e.message}`)));
    });
    if (creds.version === 'v2c') agent.getAuthorizer().addCommunity(creds.community);
    else {
      const level = creds.level === 'authPriv' ? snmp.SecurityLevel.authPriv : snmp.SecurityLevel.authNoPriv;
      agent.getAuthorizer().addUser({
        name: creds.user, level,
        authProtocol: snmp.AuthProtocols[creds.authProtocol as keyof typeof snmp.AuthProtocols],
        authKey: creds.authKey,
        ...(creds.level === 'authPriv' ? {
          privProtocol: snmp.PrivProtocols[creds.privProtocol as keyof typeof snmp.PrivProtocols],
          privKey: creds.privKey,
        } : {}),
      });
    }
    rfcGetBulk(agent);
    // A device that has booted once (snmpEngineBoots starts at 1, RFC 3414 §2.2.2).
    agent.engine.engineBoots = 1;
    const variant = variantOf(null);
    const { mib, live } = buildMib(cadastre, device, ifaces, aps, variant, agent.engine.engineID);
    agent.setMib(mib);
    d = {
      device, agent, socket: sock, port: 0, ifaces, aps, bootMs: startMs - uptimeMs, silentUntil: 0, fault: null,
      variantKey: keyOf(variant), live, lastMinute: -1, malformedCount: 0,
      creds, usmFailure: false, usmWrongDigests: 0, usmDecryptionErrors: 0, usmNotInTimeWindows: 0,
    };
    try {
      await listening;
    } catch (e) {
      agent.close();
      throw e;
    }
    d.port = sock.address().port;
    return d;
  };

  try {
    // Sequential binding keeps errors attributable; hundreds of agents start in well under a second.
    for (const device of cadastre.devices) devices.set(device.id, await startDevice(device));
  } catch (e) {
    await Promise.all([...devices.values()].map((d) => new Promise<void>((r) => d.agent.close(() => r()))));
    throw e;
  }

  const get = (id: string): SimDevice => {
    const d = devices.get(id);
    if (!d) throw new Error(`simulator: unknown device "${id}"`);
    return d;
  };

  const ports: Record<string, number> = {};
  for (const [id, d] of devices) ports[id] = d.port;

  return {
    ports,
    model,
    optics,
    setFault(deviceId, fault) {
      const d = get(deviceId);
      if (fault?.kind === 'reboot') {
        // One-shot: silent while it boots, then uptime and counters restart; the v3 engine counts a boot, as a
        // real agent's does.
        const downMs = (fault.downSeconds ?? 0) * 1000;
        d.bootMs = now() + downMs;
        d.silentUntil = now() + downMs;
        d.agent.engine.engineBoots += 1;
        return;
      }
      d.fault = fault;
      applyVariant(d);
    },
    faults() {
      const out: Record<string, Fault> = {};
      for (const [id, d] of devices) if (d.fault) out[id] = d.fault;
      return out;
    },
    bootTimeMs: (id) => get(id).bootMs,
    lastReadMs: (id) => get(id).lastRead,
    interfaces: (id) => get(id).ifaces,
    aps: (id) => get(id).aps,
    engineBoots: (id) => get(id).agent.engine.engineBoots,
    usmStats: (id) => {
      const d = get(id);
      return { wrongDigests: d.usmWrongDigests, decryptionErrors: d.usmDecryptionErrors, notInTimeWindows: d.usmNotInTimeWindows };
    },
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...devices.values()].map((d) => new Promise<void>((resolve) => {
        try { d.agent.close(() => resolve()); } catch { resolve(); }
      })));
    },
  };
}
