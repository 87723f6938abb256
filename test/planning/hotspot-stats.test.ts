import { describe, it, expect } from 'vitest';
import { Policy } from '../../config/schema.js';
import { hotspotFigures, isOpenAt, LocalClock, percentileCeil, type ClientBucket } from '../../api/analytics/hotspot-stats.js';

const policy = Policy.parse({});
const H = 3_600_000, M5 = 300_000;

/** Brussels offset from fixed 2026 transition instants, not Intl: the independent reference. */
function brusselsOffsetHours(t: number): number {
  const springForward = Date.UTC(2026, 2, 29, 1), fallBack = Date.UTC(2026, 9, 25, 1);
  return t >= springForward && t < fallBack ? 2 : 1;
}
const openByReference = (t: number): boolean => {
  const local = new Date(t + brusselsOffsetHours(t) * H);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return minute >= 8 * 60 && minute < 22 * 60;
};

function buckets(from: number, to: number, clients: (t: number, i: number) => number): ClientBucket[] {
  const out: ClientBucket[] = [];
  for (let t = from, i = 0; t < to; t += M5, i++) out.push({ time: t, clients: clients(t, i) });
  return out;
}

describe('Europe/Brussels open hours', () => {
  const clock = new LocalClock('Europe/Brussels');
  const open = (iso: string): boolean => isOpenAt(clock.minuteOfDay(Date.parse(iso)), policy.openHours);

  it('opens at 08:00 local on both sides of the March change (07:00 UTC, then 06:00 UTC)', () => {
    expect(open('2026-03-28T06:55:00Z')).toBe(false);
    expect(open('2026-03-28T07:00:00Z')).toBe(true);
    expect(open('2026-03-28T20:55:00Z')).toBe(true);
    expect(open('2026-03-28T21:00:00Z')).toBe(false);
    expect(open('2026-03-29T05:55:00Z')).toBe(false);
    expect(open('2026-03-29T06:00:00Z')).toBe(true);
    expect(open('2026-03-29T19:55:00Z')).toBe(true);
    expect(open('2026-03-29T20:00:00Z')).toBe(false);
  });

  it('and on both sides of the October change', () => {
    expect(open('2026-10-24T06:00:00Z')).toBe(true);
    expect(open('2026-10-24T19:55:00Z')).toBe(true);
    expect(open('2026-10-24T20:00:00Z')).toBe(false);
    expect(open('2026-10-25T06:55:00Z')).toBe(false);
    expect(open('2026-10-25T07:00:00Z')).toBe(true);
    expect(open('2026-10-25T20:55:00Z')).toBe(true);
    expect(open('2026-10-25T21:00:00Z')).toBe(false);
  });

  it('wraps past midnight when close < open, and 24:00 closes at the end of the day', () => {
    expect(isOpenAt(23 * 60, { open: '20:00', close: '02:00' })).toBe(true);
    expect(isOpenAt(60, { open: '20:00', close: '02:00' })).toBe(true);
    expect(isOpenAt(2 * 60, { open: '20:00', close: '02:00' })).toBe(false);
    expect(isOpenAt(23 * 60 + 59, { open: '00:00', close: '24:00' })).toBe(true);
  });
});

describe('hotspot figures', () => {
  it('equal an independent computation over three days across each DST change', () => {
    for (const [from, to] of [[Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 31)], [Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 27)]]) {
      // Clients follow a pattern that differs between open and closed hours and is not periodic in 5 minutes.
      const a = buckets(from, to, (t, i) => ((i * 7) % 11) / 2 + (openByReference(t) ? 1.25 : 0));
      const b = buckets(from, to, (_t, i) => (i % 3 === 0 ? 0.5 : 0)).filter((_, i) => i % 4 !== 1); // gaps: left out
      const figs = hotspotFigures([{ id: 'a' }, { id: 'b' }, { id: 'c' }], new Map([['a', a], ['b', b]]), policy, { from, to });

      for (const [id, data] of [['a', a], ['b', b]] as const) {
        const f = figs.find((x) => x.id === id);
        const values = data.map((x) => x.clients);
        const sorted = [...values].sort((x, y) => x - y);
        const openValues = data.filter((x) => openByReference(x.time)).map((x) => x.clients);
        const openMean = openValues.reduce((s, v) => s + v, 0) / openValues.length;
        expect(f?.samples).toBe(data.length);
        expect(f?.meanClients).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 12);
        expect(f?.p95Clients).toBe(sorted[Math.ceil(0.95 * sorted.length) - 1]);
        expect(f?.openHoursMeanClients).toBeCloseTo(openMean, 12);
        expect(f?.activeShare).toBe(values.filter((v) => v >= 1).length / values.length);
        expect(f?.underused).toBe(openMean < 2);
      }
      // Three UTC days from midnight hold three whole local open periods of 14 h = 168 buckets each,
      // whatever the shift: 504 open-hours buckets.
      expect(a.filter((x) => openByReference(x.time)).length).toBe(504);
      const [fa, fb, fc] = figs;
      expect(fa.rank).toBe(1);
      expect(fb.rank).toBe(2);
      expect(fb.underused).toBe(true);
      expect(fc).toEqual({ id: 'c', meanClients: null, p95Clients: null, openHoursMeanClients: null, activeShare: null, samples: 0, rank: 3, underused: false });
    }
  });

  it('uses the hotspot\'s own open hours and ignores buckets outside the window', () => {
    const day = Date.UTC(2026, 0, 15); // winter: UTC+1
    const data = buckets(day - H, day + 25 * H, (t) => (new Date(t).getUTCHours() === 9 ? 4 : 1)); // 10:00 local busy
    const own = hotspotFigures([{ id: 'x', openHours: { open: '10:00', close: '11:00' } }], new Map([['x', data]]), policy, { from: day, to: day + 24 * H })[0];
    expect(own.samples).toBe(288);
    expect(own.openHoursMeanClients).toBe(4);
    const dflt = hotspotFigures([{ id: 'x' }], new Map([['x', data]]), policy, { from: day, to: day + 24 * H })[0];
    expect(dflt.openHoursMeanClients).toBeCloseTo((12 * 4 + 156 * 1) / 168, 12);
  });

  it('p95 is the ⌈0.95·N⌉-th smallest value', () => {
    expect(percentileCeil([], 0.95)).toBeNull();
    expect(percentileCeil([5], 0.95)).toBe(5);
    expect(percentileCeil(Array.from({ length: 20 }, (_, i) => 20 - i), 0.95)).toBe(19);
    expect(percentileCeil(Array.from({ length: 21 }, (_, i) => i + 1), 0.95)).toBe(20);
  });
});
