// The simulator's optics model: the DOM readings of the transceiver on each segment's measuring port, and the
// ground truth behind them. Pure and deterministic (seed and time decide every value), like model.ts.
//
// Most ports are healthy: steady levels with a little noise. A few degrade (a dirty connector, a crushed fibre):
// each 180-day cycle their rx power is steady for 30 days, then falls linearly towards the receiver's low alarm
// until a "repair" at day 180 restores it; the fall is timed to reach the alarm at day 210, so the crossing date is
// always ahead while it falls, and their CRC errors rise as the margin shrinks. One link is lost: rx at the floor.
import type { Cadastre } from '../config/schema.js';
import { DAY_MS, MINUTE_MS } from '../common/time.js';
import type { OpticsLevels } from '../store/schema.js';
import { hashString, mix32 } from './model.js';

export type OpticsCondition = 'healthy' | 'degrading' | 'lost';

/** The thresholds every simulated transceiver reports (a 10GBASE-LR SFP+'s): dBm, mA, °C. */
export const SIM_THRESHOLDS: OpticsLevels = {
  rxHighAlarm: 1, rxHighWarn: 0, rxLowWarn: -12.1, rxLowAlarm: -14.1,
  txHighAlarm: 1, txHighWarn: 0, txLowWarn: -8.2, txLowAlarm: -9.3,
  biasHighAlarm: 50, biasHighWarn: 40, biasLowWarn: 2, biasLowAlarm: 1,
  tempHighAlarm: 90, tempHighWarn: 85, tempLowWarn: -5, tempLowAlarm: -10,
};
/** No light: the floor of SFF-8472's range. */
export const RX_FLOOR_DBM = -40;
/** Peak-to-peak noise of a reading, dB. */
export const NOISE_DB = 0.1;
/** Degradation cycles are counted from this Monday (UTC). */
export const OPTICS_EPOCH_MS = Date.UTC(2026, 0, 5);
export const CYCLE_MS = 180 * DAY_MS;
/** Steady days at the start of each cycle, before the fall. */
export const ONSET_MS = 30 * DAY_MS;
/** The falling line reaches the low alarm this long after the cycle's start (after the repair at CYCLE_MS). */
export const CROSSING_MS = 210 * DAY_MS;
/** Degrading ports' cycles are offset by this much from each other, so one is always well into its fall. */
const PHASE_STEP_MS = 60 * DAY_MS;

export interface PortTruth {
  segment: string;
  condition: OpticsCondition;
  /** rx power of the healthy fibre, dBm. */
  baseRxDbm: number;
  /** Degrading only: the cycle's phase offset from OPTICS_EPOCH_MS, ms. */
  phaseMs?: number;
}

export interface OpticsModel {
  readonly ports: ReadonlyMap<string, PortTruth>;
  /** The transceiver's readings and thresholds at tMs (constant within a UTC minute). */
  levelsAt(segment: string, tMs: number): OpticsLevels;
  /** rx without noise, dBm: the line the readings scatter around. */
  trueRxAt(segment: string, tMs: number): number;
  /**
   * Ground truth for a degrading port falling at tMs: when its rx reaches the low alarm at the current rate, the
   * start of the fall (for a window to fit within), and the rate (dB per day, negative). Null otherwise.
   */
  fallAt(segment: string, tMs: number): { crossesAt: number; since: number; repairAt: number; dbPerDay: number } | null;
  /** CRC (input) errors per second: none while the margin to the low alarm is wide, rising as it shrinks. */
  crcErrorsPsAt(segment: string, tMs: number): number;
}

const unit = (key: number, n: number): number => mix32(key ^ mix32(n + 0x9e3779b9)) / 4294967296;
const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

export function createOpticsModel(cadastre: Cadastre, seed = 1): OpticsModel {
  const ordered = [...cadastre.segments].map((s) => s.id).sort((a, b) => mix32(hashString(a, seed) ^ 0x0971c5) - mix32(hashString(b, seed) ^ 0x0971c5));
  const nLost = ordered.length >= 2 ? 1 : 0;
  const nDegrading = Math.min(Math.max(0, ordered.length - nLost - 1), Math.max(3, Math.round(ordered.length * 0.01)));
  const ports = new Map<string, PortTruth>();
  ordered.forEach((segment, i) => {
    const key = hashString(segment, seed);
    const baseRxDbm = round(-8.5 + 4 * unit(key, 1));
    const condition: OpticsCondition = i < nLost ? 'lost' : i < nLost + nDegrading ? 'degrading' : 'healthy';
    ports.set(segment, { segment, condition, baseRxDbm, ...(condition === 'degrading' ? { phaseMs: ((i - nLost) % 3) * PHASE_STEP_MS } : {}) });
  });
  const lowAlarm = SIM_THRESHOLDS.rxLowAlarm as number;
  const port = (segment: string): PortTruth => {
    const p = ports.get(segment);
    if (!p) throw new Error(`optics model: no segment ${segment}`);
    return p;
  };
  const cycleStart = (p: PortTruth, t: number): number => {
    const since = t - OPTICS_EPOCH_MS - (p.phaseMs ?? 0);
    return t - (((since % CYCLE_MS) + CYCLE_MS) % CYCLE_MS);
  };
  const dbPerMs = (p: PortTruth): number => -(p.baseRxDbm - lowAlarm) / (CROSSING_MS - ONSET_MS);
  const trueRxAt = (segment: string, t: number): number => {
    const p = port(segment);
    if (p.condition === 'lost') return RX_FLOOR_DBM;
    if (p.condition === 'healthy') return p.baseRxDbm;
    const start = cycleStart(p, t) + ONSET_MS;
    return t < start ? p.baseRxDbm : p.baseRxDbm + dbPerMs(p) * (t - start);
  };
  return {
    ports,
    trueRxAt,
    levelsAt(segment, t) {
      const p = port(segment);
      const key = hashString(segment, seed);
      const minute = Math.floor(t / MINUTE_MS);
      const noise = (n: number): number => (unit(key, minute * 8 + n) - 0.5) * NOISE_DB;
      const hourOfDay = (t % DAY_MS) / 3_600_000;
      const rx = p.condition === 'lost' ? RX_FLOOR_DBM : round(trueRxAt(segment, t) + noise(0), 3);
      return {
        ...SIM_THRESHOLDS,
        rx,
        tx: round(-2.4 + unit(key, 2) + noise(1), 3),
        bias: round(5.5 + 2 * unit(key, 3) + noise(2), 3),
        temp: round(32 + 8 * unit(key, 4) + 2 * Math.sin((hourOfDay - 9) / 24 * 2 * Math.PI) + noise(3), 2),
      };
    },
    fallAt(segment, t) {
      const p = port(segment);
      if (p.condition !== 'degrading') return null;
      const c = cycleStart(p, t);
      if (t < c + ONSET_MS) return null;
      return { crossesAt: c + CROSSING_MS, since: c + ONSET_MS, repairAt: c + CYCLE_MS, dbPerDay: dbPerMs(p) * DAY_MS };
    },
    crcErrorsPsAt(segment, t) {
      const p = port(segment);
      if (p.condition !== 'degrading') return 0;
      const margin = trueRxAt(segment, t) - lowAlarm;
      // A receiver's bit error rate climbs steeply in its last few dB: a decade per 2 dB below 6 dB of margin.
      return margin >= 6 ? 0 : round(0.01 * 10 ** ((6 - margin) / 2), 4);
    },
  };
}
