// Polls one device with its profile and turns the walk into the points of store/schema.ts: the profile's
// rows become `interface` or `hotspot` samples, counters become rates (rates.ts), every poll a `poll` point.
import snmp from 'net-snmp';
import type { Device, MeasuredBy } from '../config/schema.js';
import { resolveInterface, type KnownInterface } from '../config/interfaces.js';
import { bucketStart, opticsHasFields, type HotspotSample, type InterfaceSample, type OpticsSample, type PollSample, type PollStatus } from '../store/schema.js';
import { decodeOptics, opticsColumns } from './optics.js';
import { columnOids, profileForObjectId, type Profile, type Source, type ValueSpec } from '../config/profile.js';
import { counterValue, RateTracker, SPEED_SLACK, WRAP32, type CounterSample, type RateOutcome } from './rates.js';
import { PollError, SnmpClient, type SnmpTarget } from '../common/snmp.js';

export interface DeviceMaps {
  /** The segments this device measures: segment id → the interface measuredBy names (ifName, ifAlias or ifIndex). */
  segments: Map<string, MeasuredBy>;
  /** apName → hotspot id, for this controller. */
  hotspots: Map<string, string>;
  /** The segments whose far end (b) this device's interface faces: their optics are tagged with the segment. */
  farEnds?: Map<string, MeasuredBy>;
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
  /** Transceiver DOM readings (profiles with `optics`), each on its interface (and segment, when mapped). */
  optics: OpticsSample[];
  hotspots: HotspotSample[];
  /** Why intervals yielded no rate, by reason (first, reset, ambiguous, …), for metrics and logs. */
  noRate: Record<string, number>;
  /** AP names the controller reports that no hotspot of the cadastre claims. */
  unmappedAps: string[];
  /** Segments whose measuring interface this poll could not pick: missing, or ambiguous (candidates listed). */
  segmentProblems: string[];
  /** The optics walk failed (the interface walk's points stand; DOM is read again next bucket). */
  opticsError?: string;
  /** Tables the profile needs that this poll read no row of (status `empty`). */
  emptyTables: string[];
  /**
   * Interfaces read through 32-bit octet counters, with the longest interval (ms) over which their nominal
   * speed cannot wrap the counter more than once (a longer one yields no rate: reason `ambiguous`).
   */
  wrap32: Array<{ ifIndex: number; ifName?: string; speedBps: number; safeMs: number }>;
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
  private columns: Array<{ table: string; column: string; oid: string }> = [];
  /** Columns of child tables (joined on an index prefix). */
  private childColumns = new Set<string>();
  private chosen: Profile | undefined;
  /** Bucket of the last optics read: DOM is read at the first poll of each 5-minute bucket (OPTICS_INTERVAL_MS). */
  private opticsBucket = -1;

  /**
   * `profile`: the cadastre's; without one, `profiles` are searched by the sysObjectID the device answers
   * (read once, at its first poll).
   */
  constructor(readonly device: Device, profile: Profile | undefined, target: SnmpTarget, readonly maps: DeviceMaps,
    private readonly profiles?: ReadonlyMap<string, Profile>) {
    this.client = new SnmpClient(target);
    if (profile) this.use(profile);
  }

  /** The profile polled with (undefined until a device without `profile:` answered its sysObjectID). */
  get profile(): Profile {
    if (!this.chosen) throw new Error(`device ${this.device.id}: no profile chosen yet`);
    return this.chosen;
  }
  get profileName(): string | undefined { return this.chosen?.name; }

  private use(p: Profile): void {
    this.chosen = p;
    this.columns = columnOids(p);
    this.childColumns = new Set(this.columns.filter((c) => p.tables[c.table].join !== 'index').map((c) => c.column));
  }

  private async chooseProfile(): Promise<void> {
    const oid = '1.3.6.1.2.1.1.2.0';
    const r = await this.client.walk({ scalars: [oid], columns: [], maxRepetitions: 1 });
    const v = r.scalars.get(oid)?.value;
    const objectId = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString() : undefined;
    const p = objectId && this.profiles ? profileForObjectId(this.profiles, objectId) : undefined;
    if (!p) throw new PollError('error', `device ${this.device.id}: no profile declares sysObjectID ${objectId ?? '(none answered)'}: set profile in devices.yaml`);
    this.use(p);
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
      interfaces: [], optics: [], hotspots: [], noRate: {}, unmappedAps: [], segmentProblems: [], emptyTables: [], wrap32: [], requests: 0,
      rediscovered: false, counterBits: [],
    };
    const before = this.client.rediscoveries;
    try {
      if (!this.chosen) await this.chooseProfile();
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
      // A table the profile needs that answered no row: the device lacks it (or this firmware does not fill it).
      const needs = this.profile.needs ?? [this.profile.rows];
      const read = (t: string): boolean => Object.keys(this.profile.tables[t].columns).some((c) => (byColumn.get(c)?.size ?? 0) > 0);
      if (!needs.some(read)) { out.emptyTables.push(...needs); out.status = 'empty'; }
      if (this.profile.measurement === 'interface') {
        this.interfaces(out, byColumn, uptimeCs);
        if (this.profile.optics && bucketStart(out.time) !== this.opticsBucket) {
          try {
            await this.optics(out, this.profile.optics);
            this.opticsBucket = bucketStart(out.time);
          } catch (e) {
            // Slow-changing DOM is not worth the interface counters just read: keep them, retry at the next poll.
            out.optics = [];
            out.opticsError = e instanceof Error ? e.message : String(e);
          }
        }
      } else this.hotspotRows(out, byColumn);
    } catch (e) {
      const err = e instanceof PollError ? e : new PollError('error', `device ${this.device.id}: ${e instanceof Error ? e.name : 'error'}`);
      out.status = err.status;
      out.error = err.message;
    }
    out.rediscovered = this.client.rediscoveries !== before;
    out.durationMs = Math.round((performance.now() - t0) * 100) / 100;
    return out;
  }

  /**
   * Row indexes: every index a column of the rows table (or of a table joined on the same index) has, and the
   * prefix of every child-table row (a radio names its AP even when the AP table is absent).
   */
  private rowIndexes(byColumn: Map<string, Map<string, Cell>>): string[] {
    const idx = new Set<string>();
    for (const t of Object.values(this.profile.tables)) {
      if (t.join === 'all') continue; // its rows make no row of their own
      const n = t.join === 'index' ? undefined : t.join.prefix;
      for (const col of Object.keys(t.columns)) {
        for (const k of byColumn.get(col)?.keys() ?? []) idx.add(n === undefined ? k : k.split('.').slice(0, n).join('.'));
      }
    }
    return [...idx].sort((a, b) => {
      const x = a.split('.').map(Number), y = b.split('.').map(Number);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    });
  }

  /** A row's cell of `col`: its own, or for a child table's column the first child row's. */
  private cellOf(byColumn: Map<string, Map<string, Cell>>, index: string, col: string): Cell | undefined {
    const cells = byColumn.get(col);
    const own = cells?.get(index);
    if (own || !cells || !this.childColumns.has(col)) return own;
    for (const [k, c] of cells) if (this.childOf(col, k, index)) return c;
    return undefined;
  }

  /** True when row `k` of the child table holding `col` belongs to the parent row `index`. */
  private childOf(col: string, k: string, index: string): boolean {
    const t = this.columns.find((c) => c.column === col)?.table;
    return (t !== undefined && this.profile.tables[t].join === 'all') || k.startsWith(`${index}.`);
  }

  private interfaces(out: PollOutcome, byColumn: Map<string, Map<string, Cell>>, uptimeCs: number | undefined): void {
    if (this.profile.measurement !== 'interface') return;
    const v = this.profile.values;
    const bool = (spec: ValueSpec | undefined, row: (c: string) => Cell | undefined): boolean | undefined => {
      if (!spec) return undefined;
      const n = asNumber(pick(spec, row)?.cell);
      if (n === undefined) return undefined; // the device has no such column: unknown, not false
      return spec.equals !== undefined ? n === spec.equals : Boolean(n);
    };
    const rows: Array<{ sample: InterfaceSample; row: (c: string) => Cell | undefined }> = [];
    for (const index of this.rowIndexes(byColumn)) {
      // The interface's identity is its ifIndex (the row index of ifTable/ifXTable), never its name.
      const ifIndex = Number(index);
      if (!Number.isInteger(ifIndex) || ifIndex <= 0) continue;
      const row = (col: string): Cell | undefined => byColumn.get(col)?.get(index);
      const sample: InterfaceSample = { time: out.time, device: this.device.id, ifIndex };
      const name = asString(pick(v.name, row)?.cell);
      if (name) sample.ifName = name;
      const descr = v.descr ? asString(pick(v.descr, row)?.cell) : undefined;
      if (descr) sample.ifDescr = descr;
      const alias = v.alias ? asString(pick(v.alias, row)?.cell) : undefined;
      if (alias) sample.ifAlias = alias;
      if (v.speedBps) {
        const speedPick = pick(v.speedBps, row);
        let speed = asNumber(speedPick?.cell, speedPick?.scale);
        // ifHighSpeed 0 means "below 1 Mbit/s": fall back to ifSpeed then.
        if (speed === 0 && v.speedBps.from.length > 1) {
          const p2 = pick({ ...v.speedBps, from: v.speedBps.from.slice(1) }, row);
          speed = asNumber(p2?.cell, p2?.scale) ?? speed;
        }
        if (speed !== undefined) sample.speedBps = Math.round(speed);
      }
      const operUp = bool(v.operUp, row);
      if (operUp !== undefined) sample.operUp = operUp;
      const adminUp = bool(v.adminUp, row);
      if (adminUp !== undefined) sample.adminUp = adminUp;
      rows.push({ sample, row });
    }

    // Which interface measures which segment, from what the device answered this time.
    const known: KnownInterface[] = rows.map(({ sample: s }) => ({ ifIndex: s.ifIndex, ifName: s.ifName, ifDescr: s.ifDescr, ifAlias: s.ifAlias }));
    const segmentOf = new Map<number, string>();
    for (const [segment, m] of this.maps.segments) {
      const r = resolveInterface(m, known);
      if (r.ok) segmentOf.set(r.iface.ifIndex, segment);
      else out.segmentProblems.push(`segment ${segment}: ${r.message}`);
    }

    for (const { sample, row } of rows) {
      const segment = segmentOf.get(sample.ifIndex);
      if (segment) sample.segment = segment;
      const counter = (what: string, spec: ValueSpec | undefined, speedBps?: number): RateOutcome | undefined => {
        if (!spec) return undefined;
        const c = asCounter(pick(spec, row)?.cell);
        if (!c) return undefined;
        const cur: CounterSample = { time: out.time, value: c.value, bits: c.bits, uptimeCs };
        return this.rates.update(`${sample.ifIndex}\u0000${what}`, cur, speedBps);
      };
      const octets = (dir: 'in' | 'out', spec: ValueSpec): RateOutcome | undefined => {
        const r = counter(dir, spec, sample.speedBps);
        const c = asCounter(pick(spec, row)?.cell);
        if (c && !out.counterBits.includes(c.bits)) out.counterBits.push(c.bits);
        if (c?.bits === 32 && dir === 'in' && sample.speedBps) {
          out.wrap32.push({ ifIndex: sample.ifIndex, ifName: sample.ifName, speedBps: sample.speedBps, safeMs: Math.floor(Number(WRAP32) * 8000 / (sample.speedBps * SPEED_SLACK)) });
        }
        return r;
      };
      const rin = octets('in', v.inOctets);
      const rout = octets('out', v.outOctets);
      for (const r of [rin, rout]) if (r && r.bps === undefined) out.noRate[r.reason] = (out.noRate[r.reason] ?? 0) + 1;
      // Both directions or neither: a half-written interval would make in/out means cover different times.
      if (rin?.bps !== undefined && rout?.bps !== undefined) { sample.inBps = rin.bps; sample.outBps = rout.bps; }
      // Packets per second: the rate's "octets" are packets here, so bit/s ÷ 8.
      const pps = (r: RateOutcome | undefined): number | undefined => (r?.bps === undefined ? undefined : r.bps / 8);
      const inErr = pps(counter('inErrors', v.inErrors)), outErr = pps(counter('outErrors', v.outErrors));
      const inDis = pps(counter('inDiscards', v.inDiscards)), outDis = pps(counter('outDiscards', v.outDiscards));
      if (inErr !== undefined) sample.inErrorsPs = inErr;
      if (outErr !== undefined) sample.outErrorsPs = outErr;
      if (inDis !== undefined) sample.inDiscardsPs = inDis;
      if (outDis !== undefined) sample.outDiscardsPs = outDis;
      out.interfaces.push(sample);
    }
  }

  /** A second walk, of the DOM tables: they change slowly and may be long (every sensor of the chassis). */
  private async optics(out: PollOutcome, spec: NonNullable<Extract<Profile, { measurement: 'interface' }>['optics']>): Promise<void> {
    const walk = await this.client.walk({ scalars: [], columns: opticsColumns(spec), maxRepetitions: this.device.maxRepetitions ?? this.profile.maxRepetitions });
    out.values += walk.varbinds;
    out.requests += walk.requests;
    const byIndex = new Map(out.interfaces.map((i) => [i.ifIndex, i]));
    // Far ends: only the optics carry their segment (the interface's traffic is the measuring end's, not counted twice).
    const farSegment = new Map<number, string>();
    const known: KnownInterface[] = out.interfaces.map((i) => ({ ifIndex: i.ifIndex, ifName: i.ifName, ifDescr: i.ifDescr, ifAlias: i.ifAlias }));
    for (const [segment, m] of this.maps.farEnds ?? []) {
      const r = resolveInterface(m, known);
      if (r.ok) farSegment.set(r.iface.ifIndex, segment);
      else out.segmentProblems.push(`segment ${segment} (far end): ${r.message}`);
    }
    for (const r of decodeOptics(spec, walk.cells, known)) {
      if (!opticsHasFields(r)) continue;
      const iface = byIndex.get(r.ifIndex);
      const sample: OpticsSample = { ...r, time: out.time, device: this.device.id };
      if (iface?.ifName) sample.ifName = iface.ifName;
      const segment = iface?.segment ?? farSegment.get(r.ifIndex);
      if (segment) sample.segment = segment;
      out.optics.push(sample);
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
          if (!this.childOf(col, idx, parentIndex)) continue;
          const n = asNumber(cell, scale);
          if (n !== undefined) total = (total ?? 0) + n;
        }
        if (total !== undefined) return total;
      }
      return total;
    };
    for (const index of this.rowIndexes(byColumn)) {
      const row = (col: string): Cell | undefined => this.cellOf(byColumn, index, col);
      const apName = asString(pick(v.apName, row)?.cell);
      if (!apName) continue;
      const hotspot = this.maps.hotspots.get(apName);
      if (!hotspot) { out.unmappedAps.push(apName); continue; }
      const upCell = v.up ? pick(v.up, row)?.cell : undefined;
      const upN = asNumber(upCell);
      const sample: HotspotSample = { time: out.time, hotspot, controller: this.device.id, clients: 0 };
      // No status column (or no value for this AP): unknown, not down.
      if (v.up && upN !== undefined) sample.up = v.up.equals !== undefined ? upN === v.up.equals : Boolean(upN);
      const clients = v.clients.sum ? sumChildren(v.clients, index) : asNumber(pick(v.clients, row)?.cell);
      sample.clients = Math.round(clients ?? 0);
      if (this.profile.scope !== 'ap') sample.scope = this.profile.scope;
      out.hotspots.push(sample);
    }
  }

  pollSample(o: PollOutcome): PollSample {
    return { time: o.time, device: o.device, status: o.status, durationMs: o.durationMs, values: o.values };
  }
}
