// Fibre health of one end of a segment: the latest rx power, its margin to the receiver's low alarm, the trend
// (least squares over the window's points) and the date the fitted line reaches the alarm. Pure: plain data in
// and out. The least-squares fit is the saturation forecast's (forecast.ts); the residuals decide whether a
// falling trend is real or noise.
import { DAY_MS } from '../common/time.js';
import { leastSquares } from './forecast.js';

const WEEK_DAYS = 7;
/** A trend gentler than this (dB per week) is no degradation worth a date. */
export const MIN_TREND_DB_PER_WEEK = 0.05;
/** The fall must exceed this many standard errors of the slope: noise on a flat line gives no forecast. */
export const TREND_SIGMAS = 3;
/** A crossing further than this after the last reading is no forecast. */
export const FORECAST_HORIZON_DAYS = 365;

export interface RxPoint {
  /** Epoch ms. */
  time: number;
  rxDbm: number;
}

export type FibreStatus = 'ok' | 'degrading' | 'warning' | 'dark' | 'unknown';

export interface FibreEndHealth {
  /** Points the figures come from. */
  points: number;
  latestRxDbm: number | null;
  /** ISO-able epoch ms of the latest reading. */
  latestAt: number | null;
  lowAlarmDbm: number | null;
  lowWarnDbm: number | null;
  /** latest rx − low alarm, dB; null without an alarm threshold. */
  marginDb: number | null;
  /** Least-squares slope of rx over the window, dB per week; null with fewer than two points. */
  trendDbPerWeek: number | null;
  /**
   * When the fitted line reaches the low alarm (epoch ms), for a significant fall only (steeper than
   * MIN_TREND_DB_PER_WEEK and TREND_SIGMAS standard errors) and within FORECAST_HORIZON_DAYS; else null.
   */
  crossesAt: number | null;
  /** The latest rx is below the low alarm. */
  dark: boolean;
  status: FibreStatus;
}

/** The figures of one end from its rx readings over the window and the thresholds its transceiver reports. */
export function fibreEndHealth(points: readonly RxPoint[], lowAlarmDbm: number | null, lowWarnDbm: number | null = null): FibreEndHealth {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  const latest = sorted.at(-1);
  const base = {
    points: sorted.length, latestRxDbm: latest?.rxDbm ?? null, latestAt: latest?.time ?? null, lowAlarmDbm, lowWarnDbm,
    marginDb: latest && lowAlarmDbm !== null ? latest.rxDbm - lowAlarmDbm : null,
  };
  const dark = latest !== undefined && lowAlarmDbm !== null && latest.rxDbm < lowAlarmDbm;
  const xs = sorted.map((p) => p.time / DAY_MS), ys = sorted.map((p) => p.rxDbm);
  const fit = leastSquares(xs, ys);
  const trendDbPerWeek = fit ? fit.slope * WEEK_DAYS : null;
  let crossesAt: number | null = null;
  if (fit && latest && lowAlarmDbm !== null && !dark && significantFall(xs, ys, fit)) {
    const at = ((lowAlarmDbm - fit.intercept) / fit.slope) * DAY_MS;
    if (at - latest.time <= FORECAST_HORIZON_DAYS * DAY_MS) crossesAt = Math.round(at);
  }
  const warning = latest !== undefined && lowWarnDbm !== null && latest.rxDbm < lowWarnDbm;
  const status: FibreStatus = !latest ? 'unknown' : dark ? 'dark' : warning ? 'warning' : crossesAt !== null ? 'degrading' : 'ok';
  return { ...base, trendDbPerWeek, crossesAt, dark, status };
}

/** A falling slope steeper than the minimum and than TREND_SIGMAS standard errors of the fit. */
function significantFall(xs: readonly number[], ys: readonly number[], fit: { intercept: number; slope: number }): boolean {
  const n = xs.length;
  if (n < 3 || !(fit.slope * WEEK_DAYS <= -MIN_TREND_DB_PER_WEEK)) return false;
  let mx = 0;
  for (const x of xs) mx += x;
  mx /= n;
  let sxx = 0, ssr = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    ssr += (ys[i] - fit.intercept - fit.slope * xs[i]) ** 2;
  }
  const se = Math.sqrt(ssr / (n - 2) / sxx);
  return -fit.slope > TREND_SIGMAS * se;
}

const RANK: Record<FibreStatus, number> = { unknown: 0, ok: 1, degrading: 2, warning: 3, dark: 4 };
/** The worse of a segment's ends: what the map colours it by. */
export const worstStatus = (ends: readonly FibreEndHealth[]): FibreStatus =>
  ends.reduce<FibreStatus>((w, e) => (RANK[e.status] > RANK[w] ? e.status : w), 'unknown');

/** One end of a segment as the store reads it (store/optics.ts OpticsEndRead): plain data. */
export interface OpticsEndInput {
  end: 'a' | 'b';
  device: string;
  ifIndex: number;
  ifName: string | null;
  points: readonly RxPoint[];
  latest: { rxLowAlarm?: number; rxLowWarn?: number; tx?: number; bias?: number; temp?: number };
}

export interface FibreEnd extends FibreEndHealth {
  end: 'a' | 'b';
  device: string;
  ifIndex: number;
  ifName: string | null;
  txDbm: number | null;
  biasMa: number | null;
  tempC: number | null;
}

export interface SegmentFibre {
  /** The worse end's. */
  status: FibreStatus;
  /** The earliest forecast crossing of either end (epoch ms), null when none. */
  crossesAt: number | null;
  ends: FibreEnd[];
}

/** A segment's fibre health from its ends' readings (end a first). */
export function segmentFibre(ends: readonly OpticsEndInput[]): SegmentFibre {
  const out = ends.map((e): FibreEnd => ({
    end: e.end, device: e.device, ifIndex: e.ifIndex, ifName: e.ifName,
    ...fibreEndHealth(e.points, e.latest.rxLowAlarm ?? null, e.latest.rxLowWarn ?? null),
    txDbm: e.latest.tx ?? null, biasMa: e.latest.bias ?? null, tempC: e.latest.temp ?? null,
  }));
  const crossings = out.flatMap((e) => (e.crossesAt === null ? [] : [e.crossesAt]));
  return { status: worstStatus(out), crossesAt: crossings.length ? Math.min(...crossings) : null, ends: out };
}
