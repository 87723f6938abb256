// The traffic model alone: pure, no servers.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import { createTrafficModel, NETWORK_TARGET, type SimTrafficModel } from '../../sim/model.js';
import { hhmmToMinutes, localMinuteOfWeek } from '../../common/time.js';
import { SMALL } from './helpers.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Monday 9 November 2026, 00:00 UTC. */
const MON = Date.UTC(2026, 10, 9);
const small = loadCadastre(SMALL);
const demo = existsSync('config/demo/segments.yaml') ? loadCadastre('config/demo') : undefined;

function weekUtilisation(c: Cadastre, m: SimTrafficModel, from: number): { network: number; byOwner: Map<string, number> } {
  let num = 0;
  let den = 0;
  const own = new Map<string, [number, number]>();
  for (const s of c.segments) {
    const octets = Number(m.octetsBetween(s.id, 'ab', from, from + WEEK) + m.octetsBetween(s.id, 'ba', from, from + WEEK));
    const capacity = (2 * s.litCapacityBps * (WEEK / 1000)) / 8;
    num += octets; den += capacity;
    const key = s.owner === 'irisnet' ? 'irisnet' : 'other';
    const o = own.get(key) ?? [0, 0];
    own.set(key, [o[0] + octets, o[1] + capacity]);
  }
  return { network: num / den, byOwner: new Map([...own].map(([k, [a, b]]) => [k, a / b])) };
}

describe('octetsBetween', () => {
  const m = createTrafficModel(small, 7);

  it('is deterministic for a seed and differs between seeds', () => {
    const again = createTrafficModel(small, 7);
    const other = createTrafficModel(small, 8);
    const t1 = MON + 12_345;
    const t2 = t1 + 3 * DAY + 678;
    expect(again.octetsBetween('S-1', 'ab', t1, t2)).toBe(m.octetsBetween('S-1', 'ab', t1, t2));
    expect(other.octetsBetween('S-1', 'ab', t1, t2)).not.toBe(m.octetsBetween('S-1', 'ab', t1, t2));
    expect(again.clientsAt('H-1', t1 + 10 * 3_600_000)).toBe(m.clientsAt('H-1', t1 + 10 * 3_600_000));
  });

  it('is additive to the octet over any split, including 30-day spans and day boundaries', () => {
    const cuts = [MON - 17, MON + 59_999, MON + DAY - 1, MON + DAY, MON + DAY + 1, MON + 5 * DAY + 123_456, MON + 30 * DAY + 7];
    for (const seg of ['S-1', 'S-6']) {
      for (const dir of ['ab', 'ba'] as const) {
        let sum = 0n;
        for (let i = 1; i < cuts.length; i++) sum += m.octetsBetween(seg, dir, cuts[i - 1], cuts[i]);
        expect(sum).toBe(m.octetsBetween(seg, dir, cuts[0], cuts[cuts.length - 1]));
        expect(m.octetsBetween(seg, dir, cuts[2], cuts[2])).toBe(0n);
      }
    }
  });

  it('over whole minutes equals the per-minute rate; inside a minute it is floor(rate × ms / 1000)', () => {
    const t = MON + 10 * 3_600_000;
    const rate = m.rateBps('S-2', 'ab', t);
    expect(rate).toBeGreaterThan(0);
    expect(m.octetsBetween('S-2', 'ab', t, t + 60_000)).toBe(BigInt((rate / 8) * 60));
    expect(m.octetsBetween('S-2', 'ab', t, t + 1_234)).toBe(BigInt(Math.floor((rate / 8) * 1_234 / 1000)));
  });

  it('rejects unknown segments and reversed intervals with a clear error', () => {
    expect(() => m.octetsBetween('S-404', 'ab', MON, MON + 1)).toThrow(/unknown segment "S-404"/);
    expect(() => m.octetsBetween('S-1', 'ab', MON + 1, MON)).toThrow(/before t1/);
    expect(() => m.clientsAt('H-404', MON)).toThrow(/unknown hotspot "H-404"/);
  });
});

describe('traffic profile', () => {
  for (const [name, c] of [['small fixture', small], ['demo cadastre', demo]] as const) {
    it.skipIf(!c)(`${name}: capacity-weighted utilisation is 15–20 % (IRISnet higher than the other owners)`, () => {
      const cad = c as Cadastre;
      const m = createTrafficModel(cad, 1);
      const u = weekUtilisation(cad, m, MON);
      expect(u.network).toBeGreaterThanOrEqual(0.15);
      expect(u.network).toBeLessThanOrEqual(0.20);
      expect(Math.abs(u.network - NETWORK_TARGET)).toBeLessThan(0.015);
      const iris = u.byOwner.get('irisnet')!;
      expect(iris).toBeGreaterThan(u.byOwner.get('other')!);
      expect(Math.abs(iris - m.figures.irisnetTarget)).toBeLessThan(0.03);
      expect(m.figures.irisnetTarget).toBeGreaterThanOrEqual(0.15);
      expect(m.figures.irisnetTarget).toBeLessThanOrEqual(0.30);
    });

    it.skipIf(!c)(`${name}: no rate ever exceeds lit capacity; only hot segments pass 62 %; hot ones peak near 0.7 and grow`, () => {
      const cad = c as Cadastre;
      const m = createTrafficModel(cad, 1);
      const hot = new Set(m.figures.hotSegments);
      expect(hot.size).toBeGreaterThanOrEqual(1);
      expect(hot.size).toBeLessThanOrEqual(8);
      const peakOver = (seg: string, from: number): number => {
        let peak = 0;
        for (let t = from; t < from + WEEK; t += 60_000) {
          peak = Math.max(peak, m.rateBps(seg, 'ab', t), m.rateBps(seg, 'ba', t));
        }
        return peak;
      };
      for (const s of cad.segments) {
        const peak = peakOver(s.id, MON) / s.litCapacityBps;
        expect(peak).toBeLessThanOrEqual(1);
        if (hot.has(s.id)) {
          expect(peak).toBeGreaterThan(0.45);
          expect(peak).toBeLessThan(0.85);
          // Week on week: the peak four weeks later is higher (growth of ~0.5 % of capacity a week).
          expect(peakOver(s.id, MON + 4 * WEEK)).toBeGreaterThan(peakOver(s.id, MON) * 1.01);
        } else {
          expect(peak).toBeLessThanOrEqual(0.62);
        }
      }
    });
  }

  it('office segments are busier on a weekday morning than on a Sunday night', () => {
    const m = createTrafficModel(small, 1);
    const tuesday11 = MON + DAY + 10 * 3_600_000; // 11:00 in Brussels (UTC+1 in November)
    const sunday04 = MON - DAY + 3 * 3_600_000;
    expect(m.rateBps('S-1', 'ab', tuesday11)).toBeGreaterThan(1.5 * m.rateBps('S-1', 'ab', sunday04));
  });
});

describe('hotspots', () => {
  for (const [name, c] of [['small fixture', small], ['demo cadastre', demo]] as const) {
    it.skipIf(!c)(`${name}: 10–20 % clearly under-used (open-hours mean < 2 clients), the rest well above`, () => {
      const cad = c as Cadastre;
      const m = createTrafficModel(cad, 1);
      const under = new Set(m.figures.underusedHotspots);
      let measuredUnder = 0;
      for (const h of cad.hotspots) {
        const oh = h.openHours ?? cad.policy.openHours;
        const open = hhmmToMinutes(oh.open);
        const close = hhmmToMinutes(oh.close);
        let sum = 0;
        let n = 0;
        // Every 5 minutes of the week (clients are constant within a minute): enough for a mean.
        for (let t = MON; t < MON + WEEK; t += 5 * 60_000) {
          const mod = localMinuteOfWeek(t / 60_000) % 1440;
          if (mod >= open && mod < close) { sum += m.clientsAt(h.id, t); n++; }
        }
        const mean = sum / n;
        if (mean < 2) measuredUnder++;
        if (under.has(h.id)) expect(mean).toBeLessThan(1.5);
        else expect(mean).toBeGreaterThan(2.5);
      }
      const share = measuredUnder / cad.hotspots.length;
      expect(share).toBeGreaterThanOrEqual(0.1);
      expect(share).toBeLessThanOrEqual(0.2);
    });
  }

  it.skipIf(!demo)('metro stations are among the busiest; a down AP has no clients; radios sum to clients', () => {
    const cad = demo as Cadastre;
    const m = createTrafficModel(cad, 1);
    const at = MON + DAY + 7 * 3_600_000 + 30 * 60_000; // Tuesday 08:30 in Brussels
    const metro = cad.hotspots.filter((h) => /metro/i.test(h.id));
    const others = cad.hotspots.filter((h) => !/metro/i.test(h.id));
    const mean = (hs: typeof metro): number => hs.reduce((a, h) => a + m.clientsAt(h.id, at), 0) / hs.length;
    expect(metro.length).toBeGreaterThan(0);
    expect(mean(metro)).toBeGreaterThan(2 * mean(others));
    let downSeen = 0;
    for (const h of cad.hotspots.slice(0, 120)) {
      for (let t = MON; t < MON + 7 * DAY; t += 30 * 60_000) {
        const [r0, r1] = m.radioClientsAt(h.id, t);
        expect(r0 + r1).toBe(m.clientsAt(h.id, t));
        if (!m.apUpAt(h.id, t)) { downSeen++; expect(m.clientsAt(h.id, t)).toBe(0); }
      }
    }
    expect(downSeen).toBeGreaterThan(0);
  });
});
