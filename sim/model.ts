// The simulator's traffic model: the ground truth behind every simulated counter and gauge.
// Pure and deterministic: the seed and the wall-clock time determine every value, so tests can ask it what is true.
//
// Segments: the rate of each direction is constant within a UTC minute (an integer number of octets per second),
// so the octets in any [t1, t2) are exact integers: whole minutes come from per-day prefix sums, and inside a
// minute the count is floor(rate × elapsed ms / 1000). The agents serve counters from the same function.
import type { Cadastre, Hotspot, Segment, Site } from '../config/schema.js';
import { DAY_MS, MINUTE_MS, WEEK_MINUTES, hhmmToMinutes, localMinuteOfWeek } from '../common/time.js';

export type Direction = 'ab' | 'ba';

export interface TrafficModel {
  /** Octets that crossed the segment in that direction in [t1Ms, t2Ms): exact integer. */
  octetsBetween(segmentId: string, direction: Direction, t1Ms: number, t2Ms: number): bigint;
  /** Associated clients of a hotspot (summed over its radios) at tMs. */
  clientsAt(hotspotId: string, tMs: number): number;
  /** Whether the AP is up at tMs (the model takes a few APs down for a while; deterministic). */
  apUpAt(hotspotId: string, tMs: number): boolean;
}

/** The figures the model was built to, for the README, tests and the demo. */
export interface ModelFigures {
  /** Target capacity-weighted mean utilisation of the whole network (both directions, over a week). */
  networkTarget: number;
  /** Target for segments owned by IRISnet, and for the other owners. */
  irisnetTarget: number;
  otherTarget: number;
  /** Segments that approach maxLoad at peak and grow week on week. */
  hotSegments: string[];
  /** Hotspots made nearly empty on purpose (open-hours mean well below 2 clients). */
  underusedHotspots: string[];
}

export interface SimTrafficModel extends TrafficModel {
  readonly seed: number;
  readonly figures: ModelFigures;
  /** The rate in bits per second of a segment direction at tMs (constant within the UTC minute). */
  rateBps(segmentId: string, direction: Direction, tMs: number): number;
  /** Clients per radio [slot 0 (2.4 GHz), slot 1 (5 GHz)]; they sum to clientsAt. */
  radioClientsAt(hotspotId: string, tMs: number): [number, number];
}

export const DEFAULT_SEED = 1;

/** The stated figures (README): network ≈17.5 %, IRISnet 15–30 %, other owners 5–25 %. */
export const NETWORK_TARGET = 0.175;
const IRISNET_MAX = 0.30;
const IRISNET_MIN = 0.15;
const OTHER_PREFERRED = 0.10;
const OTHER_MIN = 0.05;
const OTHER_MAX = 0.25;
/** Hot segments: peak load grows from 45 % to 72 % of capacity over a 52-week cycle (then an "upgrade" resets it). */
const HOT_PEAK_LOW = 0.45;
const HOT_PEAK_HIGH = 0.72;
const HOT_CYCLE_WEEKS = 52;
/** A Monday; the hot segments' growth cycles are counted from it. */
const GROWTH_EPOCH_MS = Date.UTC(2026, 0, 5);
/** Share of each direction in a segment's mean (a→b is the busier, downstream side). */
const DIR_SHARE: Record<Direction, number> = { ab: 1.15, ba: 0.85 };
const BASELOAD = 0.45;
/** No ordinary segment peaks above this share of capacity (the hot ones do, up to HOT_PEAK_HIGH). */
const ORDINARY_PEAK_MAX = 0.62;
const UNDERUSED_SHARE = 0.15;
/** Per AP and UTC day, the chance of an outage of 1–6 hours. */
const AP_OUTAGE_CHANCE = 0.03;

// ---------------------------------------------------------------------------------------------------------------
// Hashing: small, fast and stable across platforms.

export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mix32(h);
}

export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16; h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15; h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) from a key and an integer. */
function unit(key: number, n: number): number {
  return mix32(key ^ mix32(n + 0x9e3779b9)) / 4294967296;
}

// ---------------------------------------------------------------------------------------------------------------
// Weekly profiles (local Brussels time), relative levels; normalised per table.

type TrafficClass = 'office' | 'school' | 'library' | 'transit' | 'always' | 'core';

function smooth(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}
/** ≈1 between a and b hours, with ramps of r hours centred on the edges. */
function win(h: number, a: number, b: number, r = 1): number {
  return smooth((h - a + r / 2) / r) * smooth((b - h + r / 2) / r);
}

function trafficLevel(cls: TrafficClass, dow: number, h: number): number {
  const weekday = dow < 5;
  switch (cls) {
    case 'office':
      return weekday
        ? 0.1 + 0.9 * win(h, 7.5, 18.5, 1.5) * (1 - 0.2 * win(h, 12, 13.5, 0.5)) + 0.1 * win(h, 18.5, 21, 1)
        : 0.1 + 0.08 * win(h, 10, 17);
    case 'school':
      if (!weekday) return 0.05 + 0.05 * win(h, 10, 18);
      // Evenings (adult classes, homework) carry less than the school day; Wednesday afternoon is off.
      return 0.06 + 0.94 * (dow === 2 ? win(h, 8, 12.5) : win(h, 8, 16)) + 0.25 * win(h, 17.5, 21.5);
    case 'library':
      return dow >= 1 && dow <= 5 ? 0.1 + 0.7 * win(h, 10, 19) + 0.2 * win(h, 19, 21.5) : 0.1;
    case 'transit':
      return weekday
        ? 0.08 + 0.45 * win(h, 6, 23.5) + 0.45 * win(h, 7.5, 9.5) + 0.45 * win(h, 16.5, 19)
        : 0.08 + 0.5 * win(h, 9, 23.5, 1.5);
    case 'always':
      return 0.4 + (weekday ? 0.45 : 0.25) * win(h, 8, 20, 2);
    case 'core':
      return weekday
        ? 0.25 + 0.6 * win(h, 7.5, 19, 2) + 0.25 * win(h, 19, 23)
        : 0.25 + 0.3 * win(h, 10, 22, 2);
  }
}

interface Profile { table: Float64Array; mean: number; max: number }
const profiles = new Map<string, Profile>();

function trafficProfile(cls: TrafficClass, backup: boolean): Profile {
  const key = `${cls}:${backup}`;
  let p = profiles.get(key);
  if (!p) {
    const table = new Float64Array(WEEK_MINUTES);
    let sum = 0;
    let max = 0;
    for (let m = 0; m < WEEK_MINUTES; m++) {
      const dow = Math.floor(m / 1440);
      const h = (m % 1440) / 60;
      // The night backup burst: 01:00–03:00 every night.
      // A constant floor under every profile: cameras, telephony, replication and monitoring never sleep, which
      // keeps peak/mean near 1.5 as on a real metropolitan network.
      const v = BASELOAD + (1 - BASELOAD) * trafficLevel(cls, dow, h) + (backup ? 0.5 * win(h, 1, 3, 0.5) : 0);
      table[m] = v;
      sum += v;
      if (v > max) max = v;
    }
    p = { table, mean: sum / WEEK_MINUTES, max };
    profiles.set(key, p);
  }
  return p;
}

function classOfKind(kind: Site['kind']): TrafficClass {
  switch (kind) {
    case 'administration': case 'commune-hall': case 'cpas': return 'office';
    case 'school': return 'school';
    case 'library': case 'community-centre': return 'library';
    case 'metro-station': case 'public-space': return 'transit';
    case 'hospital': case 'police': case 'fire-station': return 'always';
    default: return 'core';
  }
}

// Wifi demand inside open hours, by kind of place.
type WifiClass = 'transit' | 'square' | 'hall' | 'library' | 'school' | 'other';

function wifiLevel(cls: WifiClass, dow: number, h: number): number {
  const weekday = dow < 5;
  switch (cls) {
    case 'transit':
      return weekday ? Math.min(1, 0.45 + 0.55 * (win(h, 7, 9.5) + win(h, 16.5, 19)) + 0.2 * win(h, 11.5, 14)) : 0.6;
    case 'square':
      return (0.35 + 0.65 * win(h, 11, 20, 2)) * (weekday ? 1 : 1.1);
    case 'hall':
      return weekday ? 0.3 + 0.7 * win(h, 8.5, 16.5) : 0.25;
    case 'library':
      return dow === 6 ? 0.2 : 0.4 + 0.6 * win(h, 13, 19);
    case 'school':
      return weekday ? 0.3 + 0.7 * win(h, 8, 16) : 0.15;
    case 'other':
      return 0.5 + 0.5 * win(h, 10, 18);
  }
}

function wifiClass(h: Hotspot, site: Site | undefined): WifiClass {
  const kind = site?.kind;
  if (kind === 'metro-station') return 'transit';
  if (kind === 'public-space') return 'square';
  if (kind === 'library' || kind === 'community-centre') return 'library';
  if (kind === 'school') return 'school';
  if (kind === 'administration' || kind === 'commune-hall' || kind === 'cpas') return 'hall';
  if (/metro|station|gare|premetro/i.test(h.name)) return 'transit';
  if (/place|square|parc|park|plein|plaza|markt|march/i.test(h.name)) return 'square';
  if (/biblioth|library|bibliotheek|ludoth/i.test(h.name)) return 'library';
  if (/école|ecole|school|athén|lycée/i.test(h.name)) return 'school';
  if (/commun|hôtel de ville|hotel de ville|cpas|gemeente|hall/i.test(h.name)) return 'hall';
  return kind ? 'other' : 'square';
}

/** Mean open-hours clients at full level, by class: [low, high). */
const POPULARITY: Record<WifiClass, [number, number]> = {
  transit: [25, 45], square: [15, 35], library: [8, 18], hall: [7, 14], school: [6, 14], other: [6, 12],
};

// ---------------------------------------------------------------------------------------------------------------

interface SegmentModel {
  id: string;
  key: number;
  capBps: number;
  profile: Profile;
  hot: boolean;
  /** Mean utilisation (both directions averaged) for ordinary segments. */
  util: number;
  /** Phase of the growth cycle in weeks, for hot ones. */
  growthPhaseWeeks: number;
  /** Per-day prefix sums of octets, per direction, with their last use (for eviction). */
  days: Map<number, { arr: Float64Array; used: number }>[];
  dayTotals: Map<number, number>[];
}

interface HotspotModel {
  id: string;
  key: number;
  cls: WifiClass;
  popularity: number;
  open: number;
  close: number;
}

const MAX_CACHED_DAYS = 6000;

export function createTrafficModel(cadastre: Cadastre, seed: number = DEFAULT_SEED): SimTrafficModel {
  const sites = new Map(cadastre.sites.map((s) => [s.id, s]));
  const ownerIsIrisnet = new Map(cadastre.owners.map((o) => [o.id, /irisnet/i.test(o.id) || /irisnet/i.test(o.name)]));

  // --- segments ---
  const ordered = [...cadastre.segments].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const keyOf = (s: Segment): number => hashString(s.id, seed);
  const nHot = ordered.length === 0 ? 0 : Math.min(8, Math.max(1, Math.round(ordered.length * 0.02)));
  // Hot segments are IRISnet's own when it has any (its part is the busier one).
  const irisSegments = ordered.filter((s) => ownerIsIrisnet.get(s.owner));
  const hotPool = irisSegments.length >= nHot ? irisSegments : ordered;
  const hotIds = new Set(
    [...hotPool].sort((x, y) => mix32(keyOf(x) ^ 0x5eed) - mix32(keyOf(y) ^ 0x5eed)).slice(0, nHot).map((s) => s.id),
  );
  const classOfSegment = (s: Segment): { cls: TrafficClass; backup: boolean } => {
    const a = sites.get(s.a);
    const b = sites.get(s.b);
    const ca = a ? classOfKind(a.kind) : 'core';
    const cb = b ? classOfKind(b.kind) : 'core';
    const cls = cb !== 'core' ? cb : ca;
    const touchesDc = a?.kind === 'datacentre' || b?.kind === 'datacentre';
    const backup = touchesDc || unit(keyOf(s), 0xbac) < 0.15;
    return { cls, backup };
  };

  const hotMeanUtil = (p: Profile): number => {
    // Averaged over the growth cycle: peak midway between low and high, scaled by the profile's mean/peak.
    const peak = (HOT_PEAK_LOW + HOT_PEAK_HIGH) / 2;
    // a→b at the peak level, b→a at 60 % of it: the two directions average 0.8 of a→b.
    return peak * (p.mean / p.max) * 0.8;
  };

  // Worst case of a→b: profile peak, day factor +8 %, noise +15 %.
  const ordinaryUtilMax = (p: Profile): number => ORDINARY_PEAK_MAX / (DIR_SHARE.ab * (p.max / p.mean) * 1.08 * 1.15);

  let cIris = 0;
  let cOther = 0;
  for (const s of ordered) {
    if (ownerIsIrisnet.get(s.owner)) cIris += s.litCapacityBps; else cOther += s.litCapacityBps;
  }
  const cTotal = cIris + cOther;
  let irisnetTarget = IRISNET_MAX;
  let otherTarget = OTHER_PREFERRED;
  if (cIris > 0 && cOther > 0) {
    irisnetTarget = Math.min(IRISNET_MAX, Math.max(IRISNET_MIN, (NETWORK_TARGET * cTotal - OTHER_PREFERRED * cOther) / cIris));
    otherTarget = Math.min(OTHER_MAX, Math.max(OTHER_MIN, (NETWORK_TARGET * cTotal - irisnetTarget * cIris) / cOther));
  } else if (cIris > 0) {
    irisnetTarget = NETWORK_TARGET;
  } else {
    otherTarget = NETWORK_TARGET;
  }

  const segModels = new Map<string, SegmentModel>();
  for (const group of [true, false]) {
    const members = ordered.filter((s) => Boolean(ownerIsIrisnet.get(s.owner)) === group);
    if (members.length === 0) continue;
    const target = group ? irisnetTarget : otherTarget;
    const cGroup = members.reduce((a, s) => a + s.litCapacityBps, 0);
    let hotLoad = 0;
    let weighted = 0;
    const factor = new Map<string, number>();
    for (const s of members) {
      const { cls, backup } = classOfSegment(s);
      const p = trafficProfile(cls, backup);
      if (hotIds.has(s.id)) hotLoad += hotMeanUtil(p) * s.litCapacityBps;
      else {
        const f = 0.6 + 0.8 * unit(keyOf(s), 0xf00);
        factor.set(s.id, f);
        weighted += f * s.litCapacityBps;
      }
    }
    const k = weighted > 0 ? Math.max(0.3 * target, (target * cGroup - hotLoad) / weighted) : 0;
    for (const s of members) {
      const { cls, backup } = classOfSegment(s);
      const hot = hotIds.has(s.id);
      segModels.set(s.id, {
        id: s.id,
        key: keyOf(s),
        capBps: s.litCapacityBps,
        profile: trafficProfile(cls, backup),
        hot,
        util: hot ? 0 : Math.min(ordinaryUtilMax(trafficProfile(cls, backup)), (factor.get(s.id) ?? 1) * k),
        growthPhaseWeeks: unit(keyOf(s), 0x9a0) * HOT_CYCLE_WEEKS,
        days: [new Map(), new Map()],
        dayTotals: [new Map(), new Map()],
      });
    }
  }

  const segment = (id: string): SegmentModel => {
    const m = segModels.get(id);
    if (!m) throw new Error(`traffic model: unknown segment "${id}"`);
    return m;
  };

  /** Octets per second during a UTC minute: an integer, never above capacity / 8. */
  const minuteRate = (m: SegmentModel, dirIdx: number, minute: number): number => {
    const dir: Direction = dirIdx === 0 ? 'ab' : 'ba';
    const level = m.profile.table[localMinuteOfWeek(minute)];
    const day = Math.floor(minute / 1440);
    const dayF = 1 + 0.16 * (unit(m.key ^ (dirIdx + 1) * 0x1234567, day) - 0.5);
    const noise = 1 + 0.3 * (unit(m.key ^ (dirIdx + 1) * 0x7654321, minute) - 0.5);
    let bps: number;
    if (m.hot) {
      const weeks = (minute * MINUTE_MS - GROWTH_EPOCH_MS) / (7 * DAY_MS) + m.growthPhaseWeeks;
      const frac = (((weeks % HOT_CYCLE_WEEKS) + HOT_CYCLE_WEEKS) % HOT_CYCLE_WEEKS) / HOT_CYCLE_WEEKS;
      const peak = HOT_PEAK_LOW + (HOT_PEAK_HIGH - HOT_PEAK_LOW) * frac;
      // Hot segments carry less noise: their peak is what the forecast follows.
      const calm = 1 + (noise - 1) / 3;
      bps = m.capBps * peak * (dir === 'ab' ? 1 : 0.6) * (level / m.profile.max) * (1 + (dayF - 1) / 2) * calm;
    } else {
      bps = m.capBps * m.util * DIR_SHARE[dir] * (level / m.profile.mean) * dayF * noise;
    }
    return Math.floor(Math.min(bps, m.capBps) / 8);
  };

  // Per-day prefix sums. When the cache is full the least recently used half goes: a running simulator keeps
  // needing each device's boot day and today, a backfill walks forward through days it never revisits.
  let cached = 0;
  let tick = 0;
  const evict = (): void => {
    const all: Array<{ map: Map<number, { arr: Float64Array; used: number }>; day: number; used: number }> = [];
    for (const sm of segModels.values()) for (const map of sm.days) for (const [day, e] of map) all.push({ map, day, used: e.used });
    all.sort((a, b) => a.used - b.used);
    for (const e of all.slice(0, Math.ceil(all.length / 2))) e.map.delete(e.day);
    cached = all.length - Math.ceil(all.length / 2);
  };
  const dayPrefix = (m: SegmentModel, dirIdx: number, day: number): Float64Array => {
    const hit = m.days[dirIdx].get(day);
    if (hit) { hit.used = ++tick; return hit.arr; }
    if (cached >= MAX_CACHED_DAYS) evict();
    const arr = new Float64Array(1441);
    const first = day * 1440;
    let acc = 0;
    for (let i = 0; i < 1440; i++) {
      acc += minuteRate(m, dirIdx, first + i) * 60;
      arr[i + 1] = acc;
    }
    m.days[dirIdx].set(day, { arr, used: ++tick });
    m.dayTotals[dirIdx].set(day, acc);
    cached++;
    return arr;
  };
  const dayTotal = (m: SegmentModel, dirIdx: number, day: number): number =>
    m.dayTotals[dirIdx].get(day) ?? dayPrefix(m, dirIdx, day)[1440];

  /** Octets from the start of the UTC day to tMs (an integer below 2^53). */
  const withinDay = (m: SegmentModel, dirIdx: number, day: number, tMs: number): number => {
    const msInDay = tMs - day * DAY_MS;
    const minute = Math.floor(msInDay / MINUTE_MS);
    const arr = dayPrefix(m, dirIdx, day);
    if (minute >= 1440) return arr[1440];
    const rate = (arr[minute + 1] - arr[minute]) / 60;
    return arr[minute] + Math.floor((rate * (msInDay - minute * MINUTE_MS)) / 1000);
  };

  const octetsBetween = (segmentId: string, direction: Direction, t1Ms: number, t2Ms: number): bigint => {
    const m = segment(segmentId);
    const d = direction === 'ab' ? 0 : direction === 'ba' ? 1 : -1;
    if (d < 0) throw new Error(`traffic model: direction must be "ab" or "ba", got "${String(direction)}"`);
    const t1 = Math.floor(t1Ms);
    const t2 = Math.floor(t2Ms);
    if (!Number.isFinite(t1) || !Number.isFinite(t2)) throw new Error('traffic model: times must be finite epoch ms');
    if (t2 < t1) throw new Error(`traffic model: t2 (${t2}) is before t1 (${t1})`);
    const day1 = Math.floor(t1 / DAY_MS);
    const day2 = Math.floor(t2 / DAY_MS);
    if (day1 === day2) return BigInt(withinDay(m, d, day2, t2) - withinDay(m, d, day1, t1));
    let total = BigInt(dayTotal(m, d, day1) - withinDay(m, d, day1, t1)) + BigInt(withinDay(m, d, day2, t2));
    let middle = 0;
    for (let day = day1 + 1; day < day2; day++) {
      middle += dayTotal(m, d, day);
      // Keep the Number partial sum exact (each day is below 2^50 even at 100 Gbit/s).
      if (middle > 2 ** 52) { total += BigInt(middle); middle = 0; }
    }
    return total + BigInt(middle);
  };

  const rateBps = (segmentId: string, direction: Direction, tMs: number): number =>
    minuteRate(segment(segmentId), direction === 'ab' ? 0 : 1, Math.floor(tMs / MINUTE_MS)) * 8;

  // --- hotspots ---
  const hsOrdered = [...cadastre.hotspots].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const hsKey = (h: Hotspot): number => hashString(`hotspot:${h.id}`, seed);
  const classes = new Map(hsOrdered.map((h) => [h.id, wifiClass(h, h.site ? sites.get(h.site) : undefined)]));
  const candidates = hsOrdered.filter((h) => classes.get(h.id) !== 'transit')
    .sort((x, y) => mix32(hsKey(x) ^ 0x1d1e) - mix32(hsKey(y) ^ 0x1d1e));
  const nUnder = hsOrdered.length >= 4 ? Math.max(1, Math.round(hsOrdered.length * UNDERUSED_SHARE)) : 0;
  const underused = new Set(candidates.slice(0, nUnder).map((h) => h.id));
  const defaultOpen = cadastre.policy.openHours;
  const hsModels = new Map<string, HotspotModel>();
  for (const h of hsOrdered) {
    const cls = classes.get(h.id) ?? 'other';
    const key = hsKey(h);
    const [lo, hi] = POPULARITY[cls];
    const popularity = underused.has(h.id) ? 0.4 + 1.1 * unit(key, 0x11) : lo + (hi - lo) * unit(key, 0x22);
    const oh = h.openHours ?? defaultOpen;
    hsModels.set(h.id, { id: h.id, key, cls, popularity, open: hhmmToMinutes(oh.open), close: hhmmToMinutes(oh.close) });
  }
  const hotspot = (id: string): HotspotModel => {
    const m = hsModels.get(id);
    if (!m) throw new Error(`traffic model: unknown hotspot "${id}"`);
    return m;
  };

  const apUpMinute = (m: HotspotModel, minute: number): boolean => {
    const day = Math.floor(minute / 1440);
    if (unit(m.key ^ 0x0dd, day) >= AP_OUTAGE_CHANCE) return true;
    const start = Math.floor(unit(m.key ^ 0x57a, day) * 1440);
    const length = 60 + Math.floor(unit(m.key ^ 0x1e9, day) * 300);
    const inDay = minute - day * 1440;
    return !(inDay >= start && inDay < start + length);
  };

  const clientsMinute = (m: HotspotModel, minute: number): number => {
    if (!apUpMinute(m, minute)) return 0;
    const mow = localMinuteOfWeek(minute);
    const dow = Math.floor(mow / 1440);
    const mod = mow % 1440;
    const open = m.close > m.open ? mod >= m.open && mod < m.close : mod >= m.open || mod < m.close;
    const level = wifiLevel(m.cls, dow, mod / 60) * (open ? 1 : 0.05);
    const dayF = 1 + 0.2 * (unit(m.key ^ 0xda7, Math.floor(minute / 1440)) - 0.5);
    const noise = 0.7 + 0.6 * unit(m.key ^ 0x401e, minute);
    return Math.max(0, Math.round(m.popularity * level * dayF * noise));
  };

  const radioClientsAt = (hotspotId: string, tMs: number): [number, number] => {
    const c = clientsMinute(hotspot(hotspotId), Math.floor(tMs / MINUTE_MS));
    const slot0 = Math.floor(c * 0.35);
    return [slot0, c - slot0];
  };

  return {
    seed,
    figures: {
      networkTarget: cIris > 0 && cOther > 0 ? (irisnetTarget * cIris + otherTarget * cOther) / cTotal : NETWORK_TARGET,
      irisnetTarget,
      otherTarget,
      hotSegments: [...hotIds].sort(),
      underusedHotspots: [...underused].sort(),
    },
    octetsBetween,
    rateBps,
    clientsAt: (hotspotId, tMs) => clientsMinute(hotspot(hotspotId), Math.floor(tMs / MINUTE_MS)),
    apUpAt: (hotspotId, tMs) => apUpMinute(hotspot(hotspotId), Math.floor(tMs / MINUTE_MS)),
    radioClientsAt,
  };
}
