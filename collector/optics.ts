// Optical DOM readings of a device's transceivers, decoded from the tables its profile's `optics` names, each
// landed on the interface (ifIndex) it belongs to. The MIBs' layouts and encodings are here; which MIBs a device
// answers is profile data (config/profiles/*.yaml).
//
// ENTITY-SENSOR-MIB (RFC 3433) and CISCO-ENTITY-SENSOR-MIB sensors are ENTITY-MIB entities: a sensor is contained
// in a transceiver, the transceiver in a port, and the port maps to its ifIndex through entAliasMappingTable.
// JUNIPER-DOM-MIB is indexed by ifIndex directly (lanes by ifIndex.lane).
import snmp from 'net-snmp';
import type { OpticsSpec } from '../config/profile.js';
import { OPTICS_QUANTITIES, type OpticsLevels, type OpticsQuantity } from '../store/schema.js';
import { counterValue } from './rates.js';

type Cell = snmp.Varbind;
type Cells = ReadonlyMap<string, ReadonlyMap<string, Cell>>;

/** One port's (or one lane's) readings: the values and thresholds the device reports, in dBm, mA and °C. */
export interface OpticsReading extends OpticsLevels {
  ifIndex: number;
  /** 0 for the module's (port's) reading; 1, 2, … for a multi-lane module's lanes. */
  lane: number;
}

// SensorDataType (RFC 3433 / CISCO-ENTITY-SENSOR-MIB): other(1), amperes(5), watts(6), celsius(8), dBm(14, Cisco).
const TYPE = { other: 1, amperes: 5, watts: 6, celsius: 8, dBm: 14 } as const;
// entSensorThresholdSeverity: minor(10) is a warning; major(20) and critical(30) are alarms.
const MINOR = 10;
// entSensorThresholdRelation: lessThan(1), lessOrEqual(2), greaterThan(3), greaterOrEqual(4).
const LOW_RELATIONS = new Set([1, 2]);
const HIGH_RELATIONS = new Set([3, 4]);
/** ifIndex instance OID that entAliasMappingIdentifier holds for an interface. */
const IF_INDEX_OID = '1.3.6.1.2.1.2.2.1.1.';

/** Every column OID the spec's tables need, for the walk. */
export function opticsColumns(spec: OpticsSpec): string[] {
  const out: string[] = [];
  if (spec.entity) out.push(`${spec.entity.physical}.2`, `${spec.entity.physical}.4`, `${spec.entity.physical}.7`, `${spec.entity.aliasMapping}.2`);
  for (const s of spec.sources) {
    if (s.mib === 'ENTITY-SENSOR-MIB') out.push(...[1, 2, 3, 4, 6].map((c) => `${s.sensors}.${c}`));
    else if (s.mib === 'CISCO-ENTITY-SENSOR-MIB') out.push(...[1, 2, 3, 4].map((c) => `${s.sensors}.${c}`), ...[2, 3, 4].map((c) => `${s.thresholds}.${c}`));
    else out.push(...range(5, 24).map((c) => `${s.current}.${c}`), ...range(6, 9).map((c) => `${s.lanes}.${c}`));
  }
  return out;
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function num(c: Cell | undefined): number | undefined {
  if (!c || snmp.isVarbindError(c)) return undefined;
  if (typeof c.value === 'number' && Number.isFinite(c.value)) return c.value;
  const v = counterValue(c.value);
  return v === undefined ? undefined : Number(v);
}
function str(c: Cell | undefined): string | undefined {
  if (!c || snmp.isVarbindError(c)) return undefined;
  if (Buffer.isBuffer(c.value)) return c.value.toString('utf8');
  return typeof c.value === 'string' ? c.value : undefined;
}

/** A sensor's value in its unit: value × 10^(3·(scale − units(9))) × 10^−precision (SensorDataScale, -Precision). */
export function sensorValue(raw: number, scale: number, precision: number): number {
  return raw * 10 ** (3 * (scale - 9) - precision);
}

/** Milliwatts as dBm; no light (0 mW or less) reads as -40 dBm, the floor of SFF-8472's range. */
export const mwToDbm = (mw: number): number => (mw > 0 ? Math.max(-40, 10 * Math.log10(mw)) : -40);
const round = (v: number, digits = 3): number => Math.round(v * 10 ** digits) / 10 ** digits;

type Kind = { q: OpticsQuantity; convert: (v: number) => number };

/** What an entity sensor measures, from its type and (for power) its name: rx or tx. */
function kindOf(type: number, units: string | undefined, name: string): Kind | undefined {
  const rx = /\b(rx|receive)/i.test(name), tx = /\b(tx|transmit)/i.test(name);
  const power = /power/i.test(name) || !(/bias|current|temp/i.test(name));
  if (type === TYPE.dBm || (units !== undefined && /dbm/i.test(units))) {
    if (rx) return { q: 'rx', convert: (v) => v };
    if (tx) return { q: 'tx', convert: (v) => v };
    return undefined;
  }
  if (type === TYPE.watts && power && (rx || tx)) return { q: rx ? 'rx' : 'tx', convert: (w) => mwToDbm(w * 1000) };
  if (type === TYPE.amperes && /bias/i.test(name)) return { q: 'bias', convert: (a) => a * 1000 };
  if (type === TYPE.celsius && /transceiver|dom|sfp|qsfp|optic/i.test(name)) return { q: 'temp', convert: (c) => c };
  return undefined;
}

/** The ifIndex an entity belongs to: its own alias mapping, or its container's, up the containment tree. */
function ifIndexOfEntity(ent: string, containedIn: ReadonlyMap<string, Cell>, alias: ReadonlyMap<string, number>): number | undefined {
  let e: string | undefined = ent;
  for (let depth = 0; e && depth < 8; depth++) {
    const i = alias.get(e);
    if (i !== undefined) return i;
    const parent = num(containedIn.get(e));
    e = parent ? String(parent) : undefined;
  }
  return undefined;
}

/**
 * The interface a sensor names, for agents without entAliasMappingTable (Arista: "DOM RX Power Sensor for
 * Ethernet1"): the longest ifName or ifDescr that the name ends with after "for ", or starts with.
 */
function ifIndexOfName(name: string, interfaces: readonly KnownPort[]): number | undefined {
  let best: { ifIndex: number; len: number } | undefined;
  for (const i of interfaces) {
    for (const n of [i.ifName, i.ifDescr]) {
      if (!n || (best && n.length <= best.len)) continue;
      if (name.endsWith(` for ${n}`) || name.startsWith(`${n} `)) best = { ifIndex: i.ifIndex, len: n.length };
    }
  }
  return best?.ifIndex;
}

export interface KnownPort { ifIndex: number; ifName?: string; ifDescr?: string }

/**
 * Decodes the walked optics tables into one reading per port (and per lane where the device reports lanes).
 * `interfaces` (from the interface walk) name the ports of agents that serve no entity → ifIndex mapping.
 */
export function decodeOptics(spec: OpticsSpec, cells: Cells, interfaces: readonly KnownPort[] = []): OpticsReading[] {
  const out = new Map<string, OpticsReading>();
  const at = (ifIndex: number, lane: number): OpticsReading => {
    const k = `${ifIndex}.${lane}`;
    let r = out.get(k);
    if (!r) { r = { ifIndex, lane }; out.set(k, r); }
    return r;
  };
  const col = (oid: string): ReadonlyMap<string, Cell> => cells.get(oid) ?? new Map();

  // ENTITY-MIB: entity → ifIndex.
  const alias = new Map<string, number>();
  const containedIn = spec.entity ? col(`${spec.entity.physical}.4`) : new Map<string, Cell>();
  const names = spec.entity ? col(`${spec.entity.physical}.7`) : new Map<string, Cell>();
  // Some agents (Arista) leave entPhysicalName empty and say what a sensor is in entPhysicalDescr.
  const descrs = spec.entity ? col(`${spec.entity.physical}.2`) : new Map<string, Cell>();
  if (spec.entity) {
    for (const [idx, c] of col(`${spec.entity.aliasMapping}.2`)) {
      const v = c.value;
      const target = typeof v === 'string' ? v : undefined;
      if (!target?.startsWith(IF_INDEX_OID)) continue;
      const ent = idx.split('.')[0];
      if (!alias.has(ent)) alias.set(ent, Number(target.slice(IF_INDEX_OID.length)));
    }
  }

  for (const s of spec.sources) {
    if (s.mib === 'JUNIPER-DOM-MIB') {
      // jnxDomCurrentEntry: rx power (5), tx bias (6), tx power (7) in 0.01 dBm and µA, module temperature (8) in °C;
      // thresholds 9–24: high alarm, low alarm, high warning, low warning of rx, bias, tx, temperature.
      const c = (n: number): ReadonlyMap<string, Cell> => col(`${s.current}.${n}`);
      const scaleOf: Record<OpticsQuantity, number> = { rx: 0.01, bias: 0.001, tx: 0.01, temp: 1 };
      const valueCol: Record<OpticsQuantity, number> = { rx: 5, bias: 6, tx: 7, temp: 8 };
      const thresholdBase: Record<OpticsQuantity, number> = { rx: 9, bias: 13, tx: 17, temp: 21 };
      const indexes = new Set<string>(OPTICS_QUANTITIES.flatMap((q) => [...c(valueCol[q]).keys()]));
      for (const idx of indexes) {
        const ifIndex = Number(idx);
        if (!Number.isInteger(ifIndex) || ifIndex <= 0) continue;
        const r = at(ifIndex, 0);
        const thresholds = range(9, 24).map((n) => num(c(n).get(idx)));
        // A module without DOM answers every threshold 0: its thresholds are unknown, not 0 dBm.
        const hasThresholds = thresholds.some((t) => t !== undefined && t !== 0);
        for (const q of OPTICS_QUANTITIES) {
          const v = num(c(valueCol[q]).get(idx));
          if (v !== undefined) r[q] = round(v * scaleOf[q]);
          if (!hasThresholds) continue;
          const b = thresholdBase[q];
          const t = (n: number): number | undefined => { const x = num(c(n).get(idx)); return x === undefined ? undefined : round(x * scaleOf[q]); };
          setLevel(r, q, 'highAlarm', t(b));
          setLevel(r, q, 'lowAlarm', t(b + 1));
          setLevel(r, q, 'highWarn', t(b + 2));
          setLevel(r, q, 'lowWarn', t(b + 3));
        }
      }
      // jnxDomCurrentLaneEntry (ifIndex.lane): rx power (6), tx bias (7), tx power (8), laser temperature (9).
      const laneCol: Record<OpticsQuantity, number> = { rx: 6, bias: 7, tx: 8, temp: 9 };
      for (const q of OPTICS_QUANTITIES) {
        for (const [idx, cell] of col(`${s.lanes}.${laneCol[q]}`)) {
          const [ifIndex, lane] = idx.split('.').map(Number);
          const v = num(cell);
          if (v === undefined || !Number.isInteger(ifIndex) || !Number.isInteger(lane)) continue;
          at(ifIndex, lane + 1)[q] = round(v * scaleOf[q]);
        }
      }
      continue;
    }
    const sensor = (n: number): ReadonlyMap<string, Cell> => col(`${s.sensors}.${n}`);
    const types = sensor(1), scales = sensor(2), precisions = sensor(3), values = sensor(4);
    const units = s.mib === 'ENTITY-SENSOR-MIB' ? sensor(6) : new Map<string, Cell>();
    // Cisco thresholds: sensor.threshold index → severity, relation, value (in the sensor's scale and precision).
    const thresholds = new Map<string, Array<{ severity: number; relation: number; value: number }>>();
    if (s.mib === 'CISCO-ENTITY-SENSOR-MIB') {
      const sev = col(`${s.thresholds}.2`), rel = col(`${s.thresholds}.3`), val = col(`${s.thresholds}.4`);
      for (const [idx, c] of val) {
        const [ent] = idx.split('.');
        const severity = num(sev.get(idx)), relation = num(rel.get(idx)), value = num(c);
        if (severity === undefined || relation === undefined || value === undefined) continue;
        thresholds.set(ent, [...(thresholds.get(ent) ?? []), { severity, relation, value }]);
      }
    }
    for (const [ent, vc] of values) {
      const type = num(types.get(ent)), raw = num(vc);
      if (type === undefined || raw === undefined) continue;
      const name = str(names.get(ent)) || str(descrs.get(ent)) || '';
      const kind = kindOf(type, str(units.get(ent)), name);
      if (!kind) continue;
      const ifIndex = ifIndexOfEntity(ent, containedIn, alias) ?? (alias.size === 0 ? ifIndexOfName(name, interfaces) : undefined);
      if (ifIndex === undefined) continue;
      const lane = Number(/\blane\s*(\d+)/i.exec(name)?.[1] ?? 0);
      // A port's first lane is the port's reading (single-lane optics name their only lane "Lane 1").
      const r = at(ifIndex, lane <= 1 ? 0 : lane);
      const scale = num(scales.get(ent)) ?? 9, precision = num(precisions.get(ent)) ?? 0;
      const value = (x: number): number => round(kind.convert(sensorValue(x, scale, precision)));
      r[kind.q] = value(raw);
      for (const t of thresholds.get(ent) ?? []) {
        const low = LOW_RELATIONS.has(t.relation), high = HIGH_RELATIONS.has(t.relation);
        if (!low && !high) continue;
        const level = t.severity === MINOR ? (low ? 'lowWarn' : 'highWarn') : (low ? 'lowAlarm' : 'highAlarm');
        const v = value(t.value);
        const key = levelKey(kind.q, level);
        const prev = r[key];
        // Several alarm thresholds on one side (major and critical): the one crossed first counts.
        r[key] = prev === undefined ? v : low ? Math.max(prev, v) : Math.min(prev, v);
      }
    }
  }
  return [...out.values()].sort((a, b) => a.ifIndex - b.ifIndex || a.lane - b.lane);
}

type Level = 'lowAlarm' | 'lowWarn' | 'highWarn' | 'highAlarm';
const levelKey = (q: OpticsQuantity, l: Level): keyof OpticsLevels => `${q}${l[0].toUpperCase()}${l.slice(1)}` as keyof OpticsLevels;
function setLevel(r: OpticsReading, q: OpticsQuantity, l: Level, v: number | undefined): void {
  if (v !== undefined) r[levelKey(q, l)] = v;
}
