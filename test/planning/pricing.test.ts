import { describe, it, expect } from 'vitest';
import { PriceBook } from '../../config/schema.js';
import { divRoundHalfUp, formatEuros, priceQuote, splitRevenue, termDiscountBp, wholeMetres } from '../../analytics/pricing.js';

const book = PriceBook.parse({
  dark: { setupCents: 150_000, perPairKmMonthCents: 3333 },
  lit: { setupCents: 50_000, perMbpsMonthCents: 50, perKmMonthCents: 2345 },
  accessBuildPerMetreCents: 12_000,
  termDiscounts: [{ minMonths: 12, discountBp: 500 }, { minMonths: 36, discountBp: 1500 }, { minMonths: 24, discountBp: 300 }],
});

const route = [
  { id: 's1', owner: 'irisnet', lengthMetres: 1234.5 },
  { id: 's2', owner: 'sibelga', lengthMetres: 2000.4 },
  { id: 's3', owner: 'irisnet', lengthMetres: 766.5 },
];

describe('rounding helpers', () => {
  it('rounds halves up, on integers only', () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(15n, 10n)).toBe(2n);
    expect(divRoundHalfUp(25n, 10n)).toBe(3n);
    expect(wholeMetres(1234.5)).toBe(1235n);
    expect(wholeMetres(2000.4999)).toBe(2000n);
    expect(formatEuros(1_214_258)).toBe('€12,142.58');
    expect(formatEuros(5)).toBe('€0.05');
  });

  it('takes the largest discount whose minimum term is met', () => {
    expect(termDiscountBp(book, 11)).toBe(0);
    expect(termDiscountBp(book, 24)).toBe(500);
    expect(termDiscountBp(book, 36)).toBe(1500);
  });
});

describe('quote price', () => {
  it('dark fibre: exact cents, per segment, per owner, and a split that sums to the total', () => {
    const p = priceQuote({
      priceBook: book, service: { kind: 'dark', pairs: 2 }, termMonths: 24, routes: [route],
      access: [{ endpoint: 'from', site: 'X', metres: 37.5 }], revenueShareOperator: 0.3,
    });
    // s1: 1235 m × 2 × 3333 / 1000 = 8232.51 → 8233; s2: 2000 m → 13332; s3: 767 m → 5112.822 → 5113.
    expect(p.segments.map((s) => [s.id, s.metres, s.monthlyCents])).toEqual([['s1', 1235, 8233], ['s2', 2000, 13332], ['s3', 767, 5113]]);
    expect(p.monthly).toEqual({ bandwidthCents: 0, distanceCents: 26678, totalCents: 26678 });
    expect(p.recurringCents).toBe(640_272);
    expect(p.discountBp).toBe(500);
    expect(p.discountCents).toBe(32_014); // 32013.6 → 32014
    expect(p.accessBuild).toEqual([{ endpoint: 'from', site: 'X', metres: 38, cents: 456_000 }]);
    expect(p.oneOffCents).toBe(606_000);
    expect(p.totalCents).toBe(1_214_258);
    // 30 % of 1,214,258 = 364,277.4 → 364,277; the 849,981 left: irisnet 2002 m, sibelga 2000 m of 4002 m:
    // floors 425,202 + 424,778 leave one cent, for the larger remainder (irisnet).
    expect(p.revenueSplit.operatorCents).toBe(364_277);
    expect(p.revenueSplit.owners).toEqual([{ owner: 'irisnet', metres: 2002, cents: 425_203 }, { owner: 'sibelga', metres: 2000, cents: 424_778 }]);
    expect(p.owners.map((o) => [o.owner, o.segments, o.monthlyCents])).toEqual([['irisnet', 2, 13346], ['sibelga', 1, 13332]]);
    expect(p.revenueSplit.operatorCents + p.revenueSplit.owners.reduce((s, o) => s + o.cents, 0)).toBe(p.totalCents);
  });

  it('lit: bandwidth per Mbps plus per km, the 36-month discount, and the remainder cent to the other owner', () => {
    const p = priceQuote({
      priceBook: book, service: { kind: 'lit', bandwidthBps: 123_456_789 }, termMonths: 36, routes: [route],
      access: [], revenueShareOperator: 0.3,
    });
    // 123.456789 Mbps × 50 = 6172.83945 → 6173; s1 1235 × 2.345 = 2896.075 → 2896; s2 4690; s3 1798.615 → 1799.
    expect(p.monthly).toEqual({ bandwidthCents: 6173, distanceCents: 9385, totalCents: 15558 });
    expect(p.recurringCents).toBe(560_088);
    expect(p.discountCents).toBe(84_013); // 84013.2
    expect(p.totalCents).toBe(526_075);
    expect(p.revenueSplit.operatorCents).toBe(157_823); // 157822.5 → half up
    expect(p.revenueSplit.owners.map((o) => o.cents)).toEqual([184_218, 184_034]);
  });

  it('diverse: both routes charged per km, bandwidth on each, setup once', () => {
    const p = priceQuote({
      priceBook: book, service: { kind: 'lit', bandwidthBps: 100_000_000 }, termMonths: 1,
      routes: [[route[0]], [route[1], route[2]]], access: [], revenueShareOperator: 0,
    });
    expect(p.monthly).toEqual({ bandwidthCents: 10_000, distanceCents: 2896 + 4690 + 1799, totalCents: 19_385 });
    expect(p.segments.map((s) => s.route)).toEqual([0, 1, 1]);
    expect(p.totalCents).toBe(50_000 + 19_385);
    expect(p.revenueSplit.operatorCents).toBe(0);
  });
});

describe('revenue split', () => {
  it('gives leftover cents by largest remainder, ties by owner id', () => {
    const s = splitRevenue(100n, 0n, [{ key: 'b', weight: 1n }, { key: 'a', weight: 1n }, { key: 'c', weight: 1n }]);
    expect([...s.parts.entries()].sort()).toEqual([['a', 34n], ['b', 33n], ['c', 33n]]);
  });

  it('always sums exactly to the total', () => {
    let x = 12345;
    const rnd = (): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x; };
    for (let i = 0; i < 500; i++) {
      const total = BigInt(rnd() % 10_000_000);
      const ws = Array.from({ length: 1 + (rnd() % 6) }, (_, k) => ({ key: `o${k}`, weight: BigInt(rnd() % 50_000) }));
      const s = splitRevenue(total, BigInt(rnd() % 1_000_001), ws);
      expect(s.operator + [...s.parts.values()].reduce((a, b) => a + b, 0n)).toBe(total);
      for (const v of s.parts.values()) expect(v >= 0n).toBe(true);
    }
  });
});
