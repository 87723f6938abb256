// The scale bench's arithmetic: the line through the measured scales, and where one API process stops.
import { describe, expect, it } from 'vitest';
import { fitAt, linearFit, outgrowing, residentBytes, seriesBuckets, memoryFit, memoryAt } from '../../bench/scale.js';

describe('linearFit', () => {
  it('fits a straight line exactly', () => {
    const f = linearFit([{ x: 1, y: 3 }, { x: 2, y: 5 }, { x: 3, y: 7 }]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
    expect(f.maxDeviation).toBeCloseTo(0, 12);
    expect(fitAt(f, 100)).toBeCloseTo(201, 9);
  });

  it('least squares, and the largest relative deviation of a point from the line', () => {
    // Mean (2, 13/3); Sxy 4, Sxx 2: slope 2, intercept 1/3; fitted 7/3, 13/3, 19/3.
    const f = linearFit([{ x: 1, y: 2 }, { x: 2, y: 5 }, { x: 3, y: 6 }]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1 / 3, 12);
    expect(f.maxDeviation).toBeCloseTo(1 / 6, 12); // |2 − 7/3| ÷ 2
  });

  it('one point: the line through the origin', () => {
    expect(linearFit([{ x: 4, y: 10 }])).toEqual({ slope: 2.5, intercept: 0, maxDeviation: 0 });
  });

  it('refuses no points and a vertical line', () => {
    expect(() => linearFit([])).toThrow('no points');
    expect(() => linearFit([{ x: 1, y: 1 }, { x: 1, y: 2 }])).toThrow('same x');
  });
});

describe('seriesBuckets', () => {
  it('counts series × 5-minute buckets', () => {
    expect(seriesBuckets(331, 858, 30)).toBe(10_272_960);
    expect(seriesBuckets(33_100, 85_800, 2)).toBe(68_486_400);
  });
});

describe('memoryFit', () => {
  it('tells the per-series cost from the per-series-bucket cost when the windows differ', () => {
    // 4,000 bytes a series + 18 a series-bucket: 1× × 30 days, 10× × 4 days, 100× × 6 hours.
    const at = (series: number, buckets: number) => ({ series, seriesBuckets: series * buckets, bytes: 4000 * series + 18 * series * buckets });
    const f = memoryFit([at(1189, 8640), at(11_890, 1152), at(118_900, 72)]);
    expect(f.perSeries).toBeCloseTo(4000, 6);
    expect(f.perSeriesBucket).toBeCloseTo(18, 9);
    expect(f.maxDeviation).toBeLessThan(1e-12);
    expect(memoryAt(f, 118_900, 118_900 * 8640)).toBeCloseTo(4000 * 118_900 + 18 * 118_900 * 8640, 0);
  });

  it('falls back to a cost per series-bucket when every point has the same window', () => {
    const f = memoryFit([{ series: 10, seriesBuckets: 100, bytes: 2000 }, { series: 20, seriesBuckets: 200, bytes: 4000 }]);
    expect(f).toEqual({ perSeries: 0, perSeriesBucket: 20, maxDeviation: 0 });
  });
});

describe('outgrowing', () => {
  // One segment a demo: 8,640 series-buckets over 30 days. 8 bytes and 1 ms a series-bucket.
  const base = { memory: { perSeries: 0, perSeriesBucket: 8, maxDeviation: 0 }, cold: { slope: 1, intercept: 0, maxDeviation: 0 }, idleBytes: 0, demoSegments: 1, demoHotspots: 0, targetScale: 100 };

  it('finds the scale where the cold load passes its limit first', () => {
    // Memory: peak = 2 × 8 × 8,640 × scale = 6,912,000 at scale 50; cold: 8,640 × scale ms = 172,800 at scale 20.
    const o = outgrowing({ ...base, budgetBytes: 6_912_000, coldLimitMs: 172_800 });
    expect(o.demoSeriesBuckets).toBe(8640);
    expect(o.memoryLimitScale).toBe(50);
    expect(o.coldLimitScale).toBe(20);
    expect(o.limitScale).toBe(20);
    expect(o.limitedBy).toBe('cold load');
    expect(o.target).toEqual({ scale: 100, seriesBuckets: 864_000, rssBytes: 6_912_000, peakBytes: 13_824_000, coldMs: 864_000 });
    expect(o.instances).toBe(2); // 13,824,000 ÷ 6,912,000
  });

  it('counts the idle process against the budget, and rounds instances up', () => {
    // Idle 1,000,000: (7,912,000 − 1,000,000) ÷ 2 ÷ 8 ÷ 8,640 = 50; instances ⌈13,824,000 ÷ 6,912,000⌉ with a budget 1 byte short: 3.
    const o = outgrowing({ ...base, idleBytes: 1_000_000, budgetBytes: 7_912_000, coldLimitMs: 8_640_000 });
    expect(o.memoryLimitScale).toBe(50);
    expect(o.coldLimitScale).toBe(1000);
    expect(o.limitedBy).toBe('memory');
    expect(o.target.rssBytes).toBe(7_912_000);
    expect(o.target.peakBytes).toBe(14_824_000);
    expect(o.instances).toBe(2);
    expect(outgrowing({ ...base, idleBytes: 1_000_000, budgetBytes: 7_911_999 }).instances).toBe(3);
  });
});

describe('residentBytes', () => {
  it('reads VmRSS and VmHWM from /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1234567 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\nThreads:\t11\n';
    expect(residentBytes(status)).toEqual({ rss: 268_435_456, hwm: 536_870_912 });
    expect(() => residentBytes('Name:\tnode\n')).toThrow('no VmRSS');
  });
});
