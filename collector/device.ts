// Polls one device with its profile and turns the walk into the points of store/schema.ts: the profile's
// rows become `interface` or `hotspot` samples, counters become rates (rates.ts), every poll a `poll` point.
import snmp from 'net-snmp';
import type { Device } from '../config/schema.js';
import type { HotspotSample, InterfaceSample, PollSample, PollStatus } from '../store/schema.js';
import { columnOids, type Profile, type Source, type ValueSpec } from './profile.js';
import { counterValue, RateTracker, type CounterSample, type RateOutcome } from './rates.js';
import { PollError, SnmpClient, type SnmpTarget } from './snmp.js';

export interface DeviceMaps {
  /** ifName → segment id, for this device (from segment.measuredBy). */
  segments: Map<string, string>;
  /** apName → hotspot id, for this controller. */
  hotspots: Map<string, string>;
}

export interface PollOutcome {
  device: string;
  status: PollStatus;
  /** The point timestamp: when the agent read the values (ok; see WalkResult.readAt), or when the poll started. */
  time: number;
  durationMs: number;
  /** Varbinds read. */
  values: number;
  error?: string;
  interfaces: InterfaceSample[];
  hotspots: HotspotSample[];
  /** Why intervals yielded no rate, by reason (first, reset, ambiguous, …), for metrics and logs. */
  noRate: Record<string, number>;
  /** AP names the controller reports that no hotspot of the cadastre claims. */
  unmappedAps: string[];
  requests: number;
  /** Widths of the octet counters read (32 and/or 64), to see a device fall back to 32-bit counters. */
  counterBits: number[];
  /** Round trip of the first request (ms): the timestamp's uncertainty is half of it. */
  rttMs?: number;
  /** The v3 session was re-created during this poll (agent restart: engine boots/time re-discovered). */
  rediscovered: boolean;
}

type Cell = snmp.Varbind;

const isNumeric = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The first present cell of a value's sources (with its scale). */
function pick(spec: ValueSpec, row: (column: string) => Cell | undefined): { cell: Cell; scale: number } | undefined {
  for (const src of spec.from as Source[]) {
    const col = typeof src === 'string' ? src : src.column;
    const cell = row(col);
    if (cell && !snmp.isVarbindError(cell) && cell.value !== null && cell.value !== undefined) {
      return { cell, scale: typeof src === 'string' ? 1 : src.scale ?? 1 };
    }
  }
  return undefined;
}

function asString(c: Cell | undefined): string | undefined {
  if (!c) return undefined;
  if (Buffer.isBuffer(c.value)) return c.value.toString('utf8').replace(/\0+$/, '');
  if (typeof c.value === 'string') return c.value;
  if (isNumeric(c.value)) return String(c.value);
  return undefined;
}
function asNumber(c: Cell | undefined, scale = 1): number | undefined {
  if (!c) return undefined;
  const v = counterValue(c.value);
  return v === undefined ? (isNumeric(c.value) ? c.value * scale : undefined) : Number(v) * scale;
}
function asCounter(c: Cell | undefined): { value: bigint; bits: 32 | 64 } | undefined {
  if (!c) return undefined;
  const value = counterValue(c.value);
  if (value === undefined) return undefined;
  const bits = c.type === snmp.ObjectType.Counter64 || Buffer.isBuffer(c.value) ? 64 : 32;
  return { value, bits };
}

export class DevicePoller {
  private client: SnmpClient;
  private readonly rates = new RateTracker();
  private readonly columns: Array<{ table: string; column: string; oid: string }>;

  constructor(readonly device: Device, readonly profile: Profile, target: SnmpTarget, readonly maps: DeviceMaps) {
    this.client = new SnmpClient(target);
    this.columns = columnOids(profile);
  }

  /** A new target (e.g. the simulator's ports file changed): a new session, same rate history. */
  retarget(target: SnmpTarget): void {
    this.client.close();
    this.client = new SnmpClient(target);
  }

  get target(): SnmpTarget { return this.client.target; }

  close(): void { this.client.close(); }

  async poll(): Promise<PollOutcome> {
    const started = Date.now();
    const t0 = performance.now();
    const out: PollOutcome = {
      device: this.device.id, status: 'ok', time: started, durationMs: 0, values: 0,
      interfaces: [], hotspots: [], noRate: {}, unmappedAps: [], requests: 0, rediscovered: false, counterBits: [],
    };
    const before = this.client.rediscoveries;
    try {
      const walk = await this.client.walk({
        scalars: [this.profile.uptime],
        columns: this.columns.map((c) => c.oid),
        maxRepetitions: this.device.maxRepetitions ?? this.profile.maxRepetitions,
      });
      out.time = walk.readAt;
      out.rttMs = Math.round(walk.firstRttMs * 100) / 100;
      out.values = walk.varbinds;
      out.requests = walk.requests;
      const uptime = walk.scalars.get(this.profile.uptime);
      const uptimeCs = uptime && isNumeric(uptime.value) ? uptime.value : undefined;
      // column name → index → cell
      const byColumn = new Map<string, Map<string, Cell>>();
      for (const c of this.columns) byColumn.set(c.column, walk.cells.get(c.oid) ?? new Map());
      if (this.profile.measurement === 'interface') this.interfaces(out, byColumn, uptimeCs);
      else this.hotspotRows(out, byColumn);
    } catch (e) {
      const err = e instanceof PollError ? e : new PollError('error', `device ${this.device.id}: ${e instanceof Error ? e.name : 'error'}`);
      out.status = err.status;
      out.error = err.message;
    }
    out.rediscovered = this.client.rediscoveries !== before;
    out.durationMs = Math.round((performance.now() - t0) * 100) / 100;
    return out;
  }

  /** Row indexes of the rows table: every index any of its columns has. */
  private rowIndexes(byColumn: Map<string, Map<string, Cell>>): string[] {
    const t = this.profile.tables[this.profile.rows];
    const idx = new Set<string>();
    for (const col of Object.keys(t.columns)) for (const k of byColumn.get(col)?.keys() ?? []) idx.add(k);
    return [...idx].sort((a, b) => {
      const x = a.split('.').map(Number), y = b.split('.').map(Number);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    });
  }

  private interfaces(out: PollOutcome, byColumn: Map<string, Map<string, Cell>>, uptimeCs: number | undefined): void {
    if (this.profile.measurement !== 'interface') return;
    const v = this.profile.values;
    for (const index of this.rowIndexes(byColumn)) {
      const row = (col: string): Cell | undefined => byColumn.get(col)?.get(index);
      const name = asString(pick(v.name, row)?.cell);
      if (!name) continue;
      const speedPick = pick(v.speedBps, row);
      let speedBps = asNumber(speedPick?.cell, speedPick?.scale) ?? 0;
      // ifHighSpeed 0 means "below 1 Mbit/s": fall back to ifSpeed then.
      if (speedBps === 0 && v.speedBps.from.length > 1) {
        const rest = { ...v.speedBps, from: v.speedBps.from.slice(1) };
        const p2 = pick(rest, row);
        speedBps = asNumber(p2?.cell, p2?.scale) ?? 0;
      }
      const operCell = pick(v.operUp, row)?.cell;
      const operUp = v.operUp.equals !== undefined ? asNumber(operCell) === v.operUp.equals : Boolean(asNumber(operCell));
      const sample: InterfaceSample = { time: out.time, device: this.device.id, ifName: name, operUp, speedBps: Math.round(speedBps) };
      const segment = this.maps.segments.get(name);
      if (segment) sample.segment = segment;
      const rate = (dir: 'in' | 'out', spec: ValueSpec): RateOutcome | undefined => {
        const c = asCounter(pick(spec, row)?.cell);
        if (!c) return undefined;
        const cur: CounterSample = { time: out.time, value: c.value, bits: c.bits, uptimeCs };
        if (!out.counterBits.includes(c.bits)) out.counterBits.push(c.bits);
        return this.rates.update(`${name}\u0000${dir}`, cur, speedBps);
      };
      const rin = rate('in', v.inOctets);
      const rout = rate('out', v.outOctets);
      for (const r of [rin, rout]) if (r && r.bps === undefined) out.noRate[r.reason] = (out.noRate[r.reason] ?? 0) + 1;
      // Both directions or neither: a half-written interval would make in/out means cover different times.
      if (rin?.bps !== undefined && rout?.bps !== undefined) { sample.inBps = rin.bps; sample.outBps = rout.bps; }
      out.interfaces.push(sample);
    }
  }

  private hotspotRows(out: PollOutcome, byColumn: Map<string, Map<string, Cell>>): void {
    if (this.profile.measurement !== 'hotspot') return;
    const v = this.profile.values;
    const sumChildren = (spec: ValueSpec, parentIndex: string): number | undefined => {
      let total: number | undefined;
      for (const src of spec.from) {
        const col = typeof src === 'string' ? src : src.column;
        const scale = typeof src === 'string' ? 1 : src.scale ?? 1;
        for (const [idx, cell] of byColumn.get(col) ?? []) {
          if (!idx.startsWith(`${parentIndex}.`)) continue;
          const n = asNumber(cell, scale);
          if (n !== undefined) total = (total ?? 0) + n;
        }
        if (total !== undefined) return total;
      }
      return total;
    };
    for (const index of this.rowIndexes(byColumn)) {
      const row = (col: string): Cell | undefined => byColumn.get(col)?.get(index);
      const apName = asString(pick(v.apName, row)?.cell);
      if (!apName) continue;
      const hotspot = this.maps.hotspots.get(apName);
      if (!hotspot) { out.unmappedAps.push(apName); continue; }
      const upCell = pick(v.up, row)?.cell;
      const up = v.up.equals !== undefined ? asNumber(upCell) === v.up.equals : Boolean(asNumber(upCell));
      const clients = v.clients.sum ? sumChildren(v.clients, index) : asNumber(pick(v.clients, row)?.cell);
      out.hotspots.push({ time: out.time, hotspot, controller: this.device.id, clients: Math.round(clients ?? 0), up });
    }
  }

  pollSample(o: PollOutcome): PollSample {
    return { time: o.time, device: o.device, status: o.status, durationMs: o.durationMs, values: o.values };
  }
}
