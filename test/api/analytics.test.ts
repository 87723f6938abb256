import { describe, expect, it } from 'vitest';
import { RankIndex, percentileRank, quickselect, summarise, summariseValues } from '../../analytics/stats.js';
import { freeDarkPairs, networkUtilisation, sellableBps, utilisationPct } from '../../analytics/surplus.js';
import { forecastCrossing, leastSquares } from '../../analytics/forecast.js';
import { inOpenHours } from '../../analytics/figures.js';
import { mulberry32 as rng } from '../../config/demo-prng.js';


describe('percentile rank ⌈0.95·N⌉', () => {
  it('drops the 432 highest of 8,640 samples (30 days of 5-minute buckets)', () => {
    expect(percentileRank(8640)).toBe(8208);
    expect(8640 - percentileRank(8640)).toBe(432);
  });
  it('takes the ceiling where rounding would go down', () => {
    expect(percentileRank(33)).toBe(32); // 31.35 → 32 (rounding would give 31)
    expect(percentileRank(1)).toBe(1);
    expect(percentileRank(20)).toBe(19);
    expect(percentileRank(21)).toBe(20);
  });
});

describe('quickselect and summarise', () => {
  it('equals the k-th element of the sorted array, for random, sorted, constant and duplicate-heavy input', () => {
    const r = rng(7);
    const inputs: number[][] = [
      Array.from({ length: 1000 }, () => r() * 1e9),
      Array.from({ length: 777 }, (_, i) => i),
      Array.from({ length: 500 }, (_, i) => 500 - i),
      Array.from({ length: 300 }, () => 42),
      Array.from({ length: 999 }, () => Math.floor(r() * 5)),
      [3],
    ];
    for (const values of inputs) {
      const sorted = [...values].sort((a, b) => a - b);
      for (const k of [0, values.length - 1, Math.floor(values.length / 2), Math.ceil(values.length * 0.95) - 1]) {
        expect(quickselect(Float64Array.from(values), values.length, k)).toBe(sorted[k]);
      }
    }
  });

  it('leaves out NaN buckets (no sample), not counted as zero', () => {
    const a = Float64Array.from([NaN, 10, NaN, 30, 20, NaN]);
    expect(summarise(a, 0, a.length)).toEqual({ n: 3, mean: 20, p95: 30, max: 30 });
    expect(summarise(a, 2, 4)).toEqual({ n: 1, mean: 30, p95: 30, max: 30 });
    expect(summarise(a, 0, 1)).toEqual({ n: 0, mean: null, p95: null, max: null });
  });

  it('p95 of 1..100 is 95 and of 1..33 is 32', () => {
    expect(summariseValues(Array.from({ length: 100 }, (_, i) => i + 1)).p95).toBe(95);
    expect(summariseValues(Array.from({ length: 33 }, (_, i) => i + 1)).p95).toBe(32);
  });
});

describe('RankIndex answers exactly what summarise answers', () => {
  it('random series with gaps and ties, random cuts, windows and live tails', () => {
    const r = rng(11);
    let indexed = 0;
    for (let trial = 0; trial < 60; trial++) {
      const len = 50 + Math.floor(r() * 3000);
      const ties = trial % 3 === 0;
      const values = Float64Array.from({ length: len }, () => (r() < 0.1 ? NaN : ties ? Math.floor(r() * 8) : r() * 1e9));
      const cut = Math.floor(r() * (len + 1));
      const index = new RankIndex(values, cut);
      // The tail (from cut on) may change after the index is built: the live array is read there.
      const live = Float64Array.from(values);
      for (let i = cut; i < len; i++) if (r() < 0.5) live[i] = r() < 0.2 ? NaN : ties ? Math.floor(r() * 8) : r() * 1e9;
      for (let w = 0; w < 40; w++) {
        const a = Math.floor(r() * (len + 20)) - 10;
        const b = w % 4 === 0 ? len + 5 : a + Math.floor(r() * len);
        const want = summarise(live, a, b);
        const got = index.summary(live, a, b);
        if (got === undefined) continue; // the caller computes directly
        indexed++;
        expect([got.n, got.p95, got.max]).toEqual([want.n, want.p95, want.max]);
        if (want.mean === null) expect(got.mean).toBeNull();
        else expect(Math.abs(got.mean! - want.mean) / Math.max(1, Math.abs(want.mean))).toBeLessThan(1e-9);
      }
    }
    expect(indexed).toBeGreaterThan(1500);
  });
});

describe('capacity definitions', () => {
  it('utilisation, sellable, dark pairs', () => {
    expect(utilisationPct(250e6, 1e9)).toBe(25);
    expect(utilisationPct(null, 1e9)).toBeNull();
    expect(sellableBps(1e9, 0.7, 300e6, 450e6)).toBe(250e6);
    expect(sellableBps(1e9, 0.7, 800e6, null)).toBe(0);
    expect(sellableBps(1e9, 0.7, null, null)).toBe(0);
    expect(freeDarkPairs({ total: 48, lit: 2, reserved: 4 })).toBe(42);
    expect(freeDarkPairs({ total: 2, lit: 2, reserved: 4 })).toBe(0);
  });

  it('network utilisation = Σ max(mean a→b, mean b→a) / Σ lit, overall and per owner; unmeasured segments left out', () => {
    const u = networkUtilisation([
      { owner: 'x', litCapacityBps: 1e9, meanAbBps: 100e6, meanBaBps: 300e6 },
      { owner: 'y', litCapacityBps: 10e9, meanAbBps: 2e9, meanBaBps: 1e9 },
      { owner: 'x', litCapacityBps: 1e9, meanAbBps: null, meanBaBps: 100e6 },
      { owner: 'y', litCapacityBps: 1e9, meanAbBps: null, meanBaBps: null },
    ]);
    expect(u.network.utilisationPct).toBeCloseTo((300e6 + 2e9 + 100e6) / 12e9 * 100, 12);
    expect(u.network.unmeasuredSegments).toBe(1);
    expect(u.owners.map((o) => [o.owner, o.utilisationPct])).toEqual([['x', (400e6 / 2e9) * 100], ['y', 20]]);
  });
});

describe('forecast', () => {
  it('fits a line exactly and finds its crossing', () => {
    const day = 86_400_000;
    const d0 = Date.UTC(2026, 0, 1);
    // p95 rises by 10 Mbit/s a day from 500 Mbit/s; threshold 700 Mbit/s is reached 20 days after day 0's midpoint.
    const points = Array.from({ length: 10 }, (_, i) => ({ day: d0 + i * day, p95Bps: 500e6 + 10e6 * i }));
    const f = forecastCrossing(points, 700e6, d0 + 10 * day);
    expect(f.slopeBpsPerDay).toBeCloseTo(10e6, 3);
    expect(f.crossesAt).toBe(d0 + day / 2 + 20 * day);
    expect(f.aboveNow).toBe(false);
    expect(f.levelBps).toBeCloseTo(500e6 + 10e6 * 9.5, 0);
  });
  it('no crossing when flat or falling, or with one day', () => {
    const d0 = Date.UTC(2026, 0, 1);
    expect(forecastCrossing([{ day: d0, p95Bps: 1 }, { day: d0 + 86_400_000, p95Bps: 1 }], 10, d0).crossesAt).toBeNull();
    expect(forecastCrossing([{ day: d0, p95Bps: 5 }], 10, d0)).toMatchObject({ days: 1, slopeBpsPerDay: null, crossesAt: null });
    expect(leastSquares([1, 1], [2, 3])).toBeNull();
  });
  it('a rising line crossing more than 100 years away: the date capped at 100 × 365 days, flagged, never null', () => {
    const day = 86_400_000;
    const d0 = Date.UTC(2026, 0, 1);
    // +1 bit/s a day from 500 Mbit/s: 700 Mbit/s in about 548,000 years.
    const slow = forecastCrossing([{ day: d0, p95Bps: 500e6 }, { day: d0 + day, p95Bps: 500e6 + 1 }], 700e6, d0 + 2 * day);
    expect(slow).toMatchObject({ days: 2, crossesAt: d0 + 2 * day + 36_500 * day, crossingBeyondYears: 100, aboveNow: false });
    expect(slow.slopeBpsPerDay).toBeCloseTo(1, 6);
    // 99 years away: the date itself, no flag.
    const near = forecastCrossing([{ day: d0, p95Bps: 0 }, { day: d0 + day, p95Bps: 1 }], 2 + 99 * 365, d0 + 2 * day);
    expect(near.crossesAt).toBe(d0 + day / 2 + (2 + 99 * 365) * day);
    expect(near.crossingBeyondYears).toBeUndefined();
  });
});

describe('open hours', () => {
  it('[open, close), overnight spans and 24:00', () => {
    const h = { open: '08:00', close: '22:00' };
    expect([479, 480, 1319, 1320].map((m) => inOpenHours(m, h))).toEqual([false, true, true, false]);
    const night = { open: '22:00', close: '06:00' };
    expect([1320, 0, 359, 360].map((m) => inOpenHours(m, night))).toEqual([true, true, true, false]);
    expect(inOpenHours(1439, { open: '00:00', close: '24:00' })).toBe(true);
  });
});
