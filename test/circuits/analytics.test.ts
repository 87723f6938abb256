// The pure circuit analytics with figures worked out by hand: reservations, the acceptance re-check, the
// reservations applied to the figures, the revenue schedule and its split, 95th-percentile billing.
import { describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { SegmentFigures } from '../../analytics/model.js';
import { addMonths, billingP95, buildCircuit, checkAcceptance, monthlyBilling, reservationsOf, revenueByOwner, revenueSchedule, type Circuit } from '../../analytics/circuits.js';
import { applyReservations, freeDarkPairs, sellableBps } from '../../analytics/surplus.js';
import { priceQuote } from '../../analytics/pricing.js';
import type { Quote } from '../../analytics/quote.js';

/** The fixture's price book (these tests need one). */
const priceBookOf = <P>(c: { priceBook?: P }): P => { if (!c.priceBook) throw new Error('the fixture has no price book'); return c.priceBook; };

const cadastre = loadCadastre('test/fixtures/planning-net');
const DAY = 86_400_000;
const seg = (id: string): { id: string; owner: string; a: string; b: string; lengthMetres: number; sellableBps: number; freeDarkPairs: number } => {
  const s = cadastre.segments.find((x) => x.id === id)!;
  return { id, owner: s.owner, a: s.a, b: s.b, lengthMetres: s.lengthMetres as number, sellableBps: 0, freeDarkPairs: 0 };
};

/** Measured figures: p95 a→b / b→a per segment (bit/s), the cadastre's pairs. */
function measured(p95: Record<string, [number, number]>): SegmentFigures[] {
  return cadastre.segments.map((s) => {
    const [ab, ba] = p95[s.id] ?? [0, 0];
    const d = (v: number) => ({ meanBps: v, p95Bps: v, maxBps: v, meanUtilisationPct: null, p95UtilisationPct: null, maxUtilisationPct: null, samples: 1 });
    return applyReservations({ id: s.id, owner: s.owner, a: s.a, b: s.b, lengthMetres: s.lengthMetres as number, litCapacityBps: s.litCapacityBps, pairs: s.pairs, ab: d(ab), ba: d(ba) }, undefined, 0.7);
  });
}

function quote(service: Quote['request']['service'], routes: string[][], termMonths = 3, validUntil = '2026-12-01T00:00:00.000Z'): Quote {
  const price = priceQuote({ priceBook: priceBookOf(cadastre), service, termMonths, routes: routes.map((r) => r.map(seg)), access: [], revenueShareOperator: 0.3 });
  return {
    id: 'Q-20261101-00000001', createdAt: '2026-11-01T00:00:00.000Z', validUntil,
    window: { from: '2026-10-02T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
    request: { from: 'A', to: 'B', service, termMonths, protection: routes.length > 1 ? 'diverse' : 'none' },
    endpoints: { from: { site: 'A', siteName: 'A', access: null }, to: { site: 'B', siteName: 'B', access: null } },
    routes: routes.map((r) => ({ sites: [], lengthMetres: 0, segments: r.map(seg) })),
    price,
  };
}

describe('reservations and the acceptance re-check', () => {
  it('a lit circuit holds its bandwidth on every segment of both diverse routes; a dark one its pairs', () => {
    expect(reservationsOf(quote({ kind: 'lit', bandwidthBps: 10e6 }, [['ac', 'cb'], ['ad', 'db']]))).toEqual([
      { segment: 'ac', bps: 10e6, pairs: 0 }, { segment: 'ad', bps: 10e6, pairs: 0 }, { segment: 'cb', bps: 10e6, pairs: 0 }, { segment: 'db', bps: 10e6, pairs: 0 },
    ]);
    expect(reservationsOf(quote({ kind: 'dark', pairs: 3 }, [['bz']]))).toEqual([{ segment: 'bz', bps: 0, pairs: 3 }]);
  });

  it('subtracts reservations from sellable and free pairs, never below zero', () => {
    expect(sellableBps(1e9, 0.7, 300e6, 450e6, 200e6)).toBe(50e6);
    expect(sellableBps(1e9, 0.7, 300e6, 450e6, 300e6)).toBe(0);
    expect(freeDarkPairs({ total: 12, lit: 2, reserved: 2 }, 5)).toBe(3);
    expect(freeDarkPairs({ total: 12, lit: 2, reserved: 2 }, 9)).toBe(0);
    const f = measured({ bz: [20e6, 5e6] }).find((x) => x.id === 'bz')!;
    expect(f.sellableBps).toBe(50e6);
    const held = applyReservations(f, { bps: 48e6, pairs: 1 }, 0.7);
    expect(held.reserved).toEqual({ bps: 48e6, pairs: 1 });
    expect(held.sellableBps).toBeCloseTo(2e6, 3);
    expect(held.freeDarkPairs).toBe(1); // bz: 4 total − 1 lit − 1 reserved − 1 held
  });

  it('accepts what fits exactly, refuses the first segment that lacks room, and refuses an expired quote', () => {
    const figures = measured({ bz: [20e6, 5e6], ac: [100e6, 0] });
    const q = quote({ kind: 'lit', bandwidthBps: 10e6 }, [['ac', 'cb', 'bz']]);
    const now = Date.UTC(2026, 10, 15);
    expect(checkAcceptance(q, figures, new Map([['bz', { bps: 40e6, pairs: 0 }]]), 0.7, now)).toBeNull(); // 50 − 40 = 10: fits exactly
    const refused = checkAcceptance(q, figures, new Map([['bz', { bps: 40e6 + 1, pairs: 0 }]]), 0.7, now);
    expect(refused).toMatchObject({ code: 'insufficient_capacity', segment: 'bz', needed: 10e6 });
    expect(refused && 'availableBps' in refused ? Math.round(refused.availableBps!) : null).toBe(10e6 - 1);
    const dark = quote({ kind: 'dark', pairs: 2 }, [['bz']]);
    expect(checkAcceptance(dark, figures, new Map([['bz', { bps: 0, pairs: 1 }]]), 0.7, now)).toMatchObject({ code: 'insufficient_capacity', segment: 'bz', availablePairs: 1, needed: 2 });
    expect(checkAcceptance(q, figures, new Map(), 0.7, Date.UTC(2026, 11, 1))).toMatchObject({ code: 'quote_expired', validUntil: '2026-12-01T00:00:00.000Z' });
  });
});

describe('revenue', () => {
  // bz lit 10 Mbit/s, 3 months: distance 500 m × 23.45 €/km = 1,172.5 → 1,173 c; bandwidth 10 × 0.50 € = 500 c;
  // monthly 1,673; recurring 5,019; no discount under 12 months; setup 50,000; total 55,019.
  const q = quote({ kind: 'lit', bandwidthBps: 10e6 }, [['bz']], 3);
  const start = Date.UTC(2026, 0, 1);
  const circuit = buildCircuit(q, {}, 'C-20260101-00000001', start, start, 'sales', priceBookOf(cadastre).lit.perMbpsMonthCents);

  it('builds the circuit from the quote: term in calendar months, committed and burst rates', () => {
    expect(q.price.totalCents).toBe(55_019);
    expect(circuit.endAt).toBe('2026-04-01T00:00:00.000Z');
    expect(circuit.monthlyCents).toBe(1_673);
    expect([circuit.committedBps, circuit.burstBps, circuit.overagePerMbpsCents]).toEqual([10e6, 10e6, 50]);
    expect(addMonths(Date.UTC(2026, 0, 31), 1)).toBe(Date.UTC(2026, 1, 28));
  });

  it('spreads the recurring charge over the months by days of service, largest remainder, and splits each month 30/70', () => {
    // 5,019 × 31/90 = 1,728.77 (Jan, Mar), × 28/90 = 1,561.47 (Feb): floors sum to 5,017; the 2 cents go to Jan and Mar.
    // Jan: 50,000 + 1,729 = 51,729 → operator 15,518.7 → 15,519, sibelga 36,210; Feb 1,561 → 468 / 1,093; Mar 1,729 → 519 / 1,210.
    expect(revenueSchedule(circuit)).toEqual([
      { month: '2026-01', oneOffCents: 50_000, recurringCents: 1_729, totalCents: 51_729, operatorCents: 15_519, owners: [{ owner: 'sibelga', cents: 36_210 }] },
      { month: '2026-02', oneOffCents: 0, recurringCents: 1_561, totalCents: 1_561, operatorCents: 468, owners: [{ owner: 'sibelga', cents: 1_093 }] },
      { month: '2026-03', oneOffCents: 0, recurringCents: 1_729, totalCents: 1_729, operatorCents: 519, owners: [{ owner: 'sibelga', cents: 1_210 }] },
    ]);
    const total = revenueSchedule(circuit).reduce((s, m) => s + m.totalCents, 0);
    expect(total).toBe(q.price.totalCents);
    // Ended on 10 February: billed up to February.
    expect(revenueSchedule({ ...circuit, endedAt: '2026-02-10T00:00:00.000Z' }).map((m) => m.month)).toEqual(['2026-01', '2026-02']);
  });

  it('sums per owner and month across circuits', () => {
    const dark = quote({ kind: 'dark', pairs: 1 }, [['ac', 'cd']], 1);
    const c2 = buildCircuit(dark, {}, 'C-20260201-00000002', Date.UTC(2026, 1, 1), Date.UTC(2026, 1, 1), 'sales', 50);
    // ac (irisnet) and cd (sibelga), 1000 m each, 1 pair: 2 × 33.33 € = 6,666 c; + setup 150,000 = 156,666.
    // Operator 46,999.8 → 47,000; 109,666 by metres 1:1 → 54,833 each.
    expect(dark.price.totalCents).toBe(156_666);
    expect(revenueByOwner([circuit, c2], '2026-02', '2026-03')).toEqual([
      { month: '2026-02', operatorCents: 468 + 47_000, totalCents: 1_561 + 156_666, circuits: 2, owners: [{ owner: 'irisnet', cents: 54_833, circuits: 1 }, { owner: 'sibelga', cents: 1_093 + 54_833, circuits: 2 }] },
      { month: '2026-03', operatorCents: 519, totalCents: 1_729, circuits: 1, owners: [{ owner: 'sibelga', cents: 1_210, circuits: 1 }] },
    ]);
  });
});

describe('95th-percentile billing', () => {
  it('drops the top 5 %: 432 of 8,640 (30 days), 446 of 8,928 (31 days), 403 of 8,064 (28 days)', () => {
    for (const [n, dropped] of [[8640, 432], [8928, 446], [8064, 403]]) {
      const values = Array.from({ length: n }, (_, i) => ((i * 7919) % n) * 10);
      const b = billingP95(values);
      expect(b.dropped).toBe(dropped);
      expect(b.p95).toBe((n - dropped - 1) * 10);
    }
    expect(billingP95([])).toEqual({ p95: null, n: 0, dropped: 0 });
  });

  it('bills the larger direction of a 30-day month, with the overage in whole Mbit/s', () => {
    const q = quote({ kind: 'lit', bandwidthBps: 10e6 }, [['bz']], 12);
    const c: Circuit = buildCircuit(q, { burstBps: 20e6 }, 'C-20261015-00000003', Date.UTC(2026, 9, 15), Date.UTC(2026, 9, 15), 'sales', 50);
    const from = Date.UTC(2026, 10, 1);
    // out: a permutation of 12 Mbit/s + k × 100 bit/s, k = 0..8639: the 8,208th smallest is 12,820,700 bit/s.
    // in: at most 5.999 Mbit/s. Overage 2,820,700 bit/s → 3 Mbit/s × 50 c = 150 c.
    const buckets = Array.from({ length: 8640 }, (_, i) => ({ time: from + i * 300_000, inBps: 5e6 + (i % 1000) * 1000, outBps: 12e6 + ((i * 7919) % 8640) * 100 }));
    buckets.push({ time: from - 300_000, inBps: 1e12, outBps: 1e12 }); // October: not this month's
    const bill = monthlyBilling(c, '2026-11', buckets);
    expect(bill.expectedSamples).toBe(8640);
    expect(bill.samples).toEqual({ in: 8640, out: 8640 });
    expect(bill.dropped).toEqual({ in: 432, out: 432 });
    expect(bill.p95Bps.out).toBe(12_820_700);
    expect(bill.billedBps).toBe(12_820_700);
    expect(bill.billedDirection).toBe('out');
    expect([bill.overageBps, bill.overageMbps, bill.overageCents, bill.aboveBurst]).toEqual([2_820_700, 3, 150, false]);
    const month = revenueSchedule(c).find((m) => m.month === '2026-11')!;
    expect(bill.recurringCents).toBe(month.recurringCents);
    expect(bill.totalCents).toBe(month.recurringCents + 150);
    expect(bill.operatorCents + bill.owners.reduce((s, o) => s + o.cents, 0)).toBe(bill.totalCents);
    expect(() => monthlyBilling(buildCircuit(quote({ kind: 'dark', pairs: 1 }, [['bz']]), {}, 'C-x', from, from, 's', 50), '2026-11', [])).toThrow(/not a lit circuit/);
    expect(from + 30 * DAY).toBe(Date.UTC(2026, 11, 1));
  });
});
