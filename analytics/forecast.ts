// Saturation forecast: the least-squares line through a segment's daily p95 (the larger direction) over
// the window, and when that line reaches maxLoad × lit capacity.
import { DAY_MS } from '../common/time.js';
/** Crossings further than this from the end of the last fitted day are capped to it (and flagged). */
export const MAX_HORIZON_YEARS = 100;
export const MAX_HORIZON_MS = MAX_HORIZON_YEARS * 365 * DAY_MS;

export interface DailyPoint {
  /** Start of the UTC day, epoch ms. */
  day: number;
  /** That day's p95 of 5-minute averages, bits per second. */
  p95Bps: number;
}

export interface Forecast {
  /** Days with at least one sample that the fit used. */
  days: number;
  /** Trend, bits per second per day; null with fewer than two days. */
  slopeBpsPerDay: number | null;
  /** The fitted value at the end of the window, bits per second. */
  levelBps: number | null;
  /** maxLoad × lit capacity, bits per second. */
  thresholdBps: number;
  /** The fitted line is at or above the threshold at the end of the window. */
  aboveNow: boolean;
  /**
   * When the rising fitted line reaches the threshold (epoch ms; in the past when it already has), or null
   * when it does not rise or there are fewer than two days. A crossing more than MAX_HORIZON_YEARS away is
   * capped to that distance (a representable date), with `crossingBeyondYears` set.
   */
  crossesAt: number | null;
  /** Present (MAX_HORIZON_YEARS) when the line rises but crosses later than that many years: `crossesAt` is the cap. */
  crossingBeyondYears?: number;
}

/** Ordinary least squares y = a + b·x over (x, y); null with fewer than two distinct x. */
export function leastSquares(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number } | null {
  const n = xs.length;
  if (n < 2) return null;
  // Centred sums: stable when x is epoch days (≈20,000) and y is in bits per second (≈1e9).
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i]; my += ys[i]; }
  mx /= n; my /= n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { const dx = xs[i] - mx; sxx += dx * dx; sxy += dx * (ys[i] - my); }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * x of each daily point is the middle of its day (in days since the epoch); the level is read at `windowEnd`.
 */
export function forecastCrossing(points: readonly DailyPoint[], thresholdBps: number, windowEnd: number): Forecast {
  const xs = points.map((p) => (p.day + DAY_MS / 2) / DAY_MS);
  const fit = leastSquares(xs, points.map((p) => p.p95Bps));
  if (!fit) return { days: points.length, slopeBpsPerDay: null, levelBps: null, thresholdBps, aboveNow: false, crossesAt: null };
  const level = fit.intercept + fit.slope * (windowEnd / DAY_MS);
  const base = { days: points.length, slopeBpsPerDay: fit.slope, levelBps: level, thresholdBps, aboveNow: level >= thresholdBps };
  if (!(fit.slope > 0)) return { ...base, crossesAt: null };
  const crossesAt = Math.round(((thresholdBps - fit.intercept) / fit.slope) * DAY_MS);
  // A crossing centuries away is still a rising segment (null means "does not rise"), but no date to act on, and
  // maybe none representable: capped at the horizon and flagged. One centuries past is simply "already above".
  if (crossesAt - windowEnd > MAX_HORIZON_MS) return { ...base, crossesAt: windowEnd + MAX_HORIZON_MS, crossingBeyondYears: MAX_HORIZON_YEARS };
  if (windowEnd - crossesAt > MAX_HORIZON_MS) return { ...base, crossesAt: windowEnd - MAX_HORIZON_MS };
  return { ...base, crossesAt };
}
