import { describe, it, expect } from 'vitest';
import { distance } from '@turf/turf';
import { Policy, type Hotspot, type LonLat, type Site, type Target } from '../../config/schema.js';
import type { HotspotFigures } from '../../analytics/model.js';
import { NearestSites, planRelocation } from '../../analytics/relocation.js';

const policy = Policy.parse({});
/** A point `east` and `north` metres from a Brussels origin (flat approximation, good to < 0.1 % here). */
const at = (east: number, north: number): LonLat => [4.35 + east / (111_320 * Math.cos((50.85 * Math.PI) / 180)), 50.85 + north / 110_574];
const metres = (p: LonLat, q: LonLat): number => distance(p, q, { units: 'kilometers' }) * 1000;

const site = (id: string, p: LonLat): Site => ({ id, name: `Site ${id}`, kind: 'commune-hall', coordinates: p, commune: 'Bruxelles' });
const hotspot = (id: string, p: LonLat): Hotspot => ({ id, name: `WiFi ${id}`, coordinates: p, commune: 'Bruxelles', controller: 'wlc', apName: id });
const target = (id: string, p: LonLat, weight: number, kind: Target['kind'] = 'social-housing'): Target => ({ id, name: `Place ${id}`, kind, coordinates: p, weight });
const fig = (id: string, open: number | null, underused: boolean): HotspotFigures => ({
  id, meanClients: open, p95Clients: open, openHoursMeanClients: open, activeShare: 0, samples: open === null ? 0 : 100, rank: 0, underused,
});

describe('relocation plan', () => {
  const sites = [site('sw1', at(0, 0)), site('sw2', at(3000, 2100)), site('plain', at(1500, 1500))];
  const devices = [{ site: 'sw1', role: 'switch' as const }, { site: 'sw2', role: 'router' as const }, { site: 'plain', role: 'ap' as const }];
  const hotspots = [hotspot('h1', at(0, 2000)), hotspot('h2', at(3000, 2000)), hotspot('busy', at(1500, 1550))];
  const figures = [fig('h1', 0.4, true), fig('h2', 1.5, true), fig('busy', 12, false)];
  const targets = [
    target('t-near-sw1', at(80, 0), 10),
    target('t-covered', at(1500, 1500), 50), // 50 m from the busy hotspot: covered
    target('t-h2-only', at(3000, 2050), 30, 'library'), // covered only by h2 itself: only h2 may go there
    target('t-far', at(1500, -4000), 60),
  ];
  const plan = planRelocation({ hotspots, figures, targets, sites, devices, policy, moves: 5, windowDays: 30 });
  const g = (h: number, t: Target, s: Site): number => t.weight - 0.01 * metres(t.coordinates, s.coordinates) - h;

  it('moves each candidate to the best distinct target, excluding covered ones', () => {
    // Separable gains: pairing matters only through coverage. h2 → t-h2-only (50 m from sw2) is worth
    // 30 − 0.5 − 1.5 = 28 and only h2 may take it; h1 then takes t-far (60 − 0.01 × 4272 m − 0.4).
    expect(plan.coveredTargets).toEqual(['t-covered']);
    expect(plan.candidates).toBe(2);
    expect(plan.eligibleTargets).toBe(3);
    expect(plan.moves.map((m) => `${m.hotspot.id}→${m.target.id}`)).toEqual(['h2→t-h2-only', 'h1→t-far']);
    expect(plan.totalGain).toBeCloseTo(g(1.5, targets[2], sites[1]) + g(0.4, targets[3], sites[0]), 9);
    expect(g(0.4, targets[3], sites[0])).toBeGreaterThan(g(0.4, targets[0], sites[0]));
  });

  it('explains each move with its terms', () => {
    const m = plan.moves.find((x) => x.hotspot.id === 'h2');
    expect(m?.terms.backhaulSite).toBe('sw2');
    expect(m?.terms.backhaulMetres).toBeCloseTo(50, 0);
    expect(m?.terms.openHoursMeanClients).toBe(1.5);
    expect(m?.terms.gain).toBeCloseTo(m!.terms.weight - m!.terms.backhaulCost - m!.terms.usageCost, 12);
    expect(m?.explanation).toMatch(/^Spot WiFi h2 averaged 1\.5 clients in open hours over 30 days; target Place t-h2-only \(library\) is covered within 100 m only by this spot and a fibre site \(Site sw2\) 50 m away\./);
    const far = plan.moves.find((x) => x.hotspot.id === 'h1');
    expect(far?.explanation).toMatch(/^Spot WiFi h1 averaged 0\.4 clients in open hours over 30 days; target Place t-far \(social housing\) has no coverage within 100 m and a fibre site \(Site sw1\) 42\d\d m away\./);
  });

  it('keeps at most K moves, the best ones for K', () => {
    const one = planRelocation({ hotspots, figures, targets, sites, devices, policy, moves: 1, windowDays: 30 });
    expect(one.moves.map((m) => `${m.hotspot.id}→${m.target.id}`)).toEqual(['h2→t-h2-only']);
    const none = planRelocation({ hotspots, figures: figures.map((f) => ({ ...f, underused: false })), targets, sites, devices, policy, moves: 3, windowDays: 30 });
    expect(none.moves).toEqual([]);
  });

  it('is optimal against brute force on random instances', () => {
    let x = 99;
    const rnd = (): number => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
    let nonEmpty = 0;
    for (let trial = 0; trial < 60; trial++) {
      const hs = Array.from({ length: 2 + Math.floor(rnd() * 4) }, (_, i) => hotspot(`h${i}`, at(rnd() * 2000, rnd() * 2000)));
      const ts = Array.from({ length: 2 + Math.floor(rnd() * 5) }, (_, i) => target(`t${i}`, at(rnd() * 2000, rnd() * 2000), Math.round(rnd() * 30)));
      const ss = [site('s0', at(rnd() * 2000, rnd() * 2000)), site('s1', at(rnd() * 2000, rnd() * 2000))];
      const fs = hs.map((h) => { const open = Math.round(rnd() * 40) / 10; return fig(h.id, open, open < 2); });
      const p = { ...policy, coverageRadiusMetres: 400 };
      const k = 1 + Math.floor(rnd() * hs.length);
      const plan = planRelocation({ hotspots: hs, figures: fs, targets: ts, sites: ss, devices: [{ site: 's0', role: 'switch' }, { site: 's1', role: 'switch' }], policy: p, moves: k, windowDays: 30 });
      // Independent gains: every rule re-derived here.
      const cand = hs.filter((_, i) => fs[i].underused);
      const gainOf = (h: Hotspot, t: Target): number | null => {
        if (hs.some((o) => o.id !== h.id && metres(o.coordinates, t.coordinates) <= 400)) return null;
        const back = Math.min(...ss.map((s) => metres(s.coordinates, t.coordinates)));
        const open = fs.find((f) => f.id === h.id)?.openHoursMeanClients ?? 0;
        return t.weight - 0.01 * back - open;
      };
      const used = new Set<string>();
      const brute = (i: number, left: number): number => {
        if (i === cand.length || left === 0) return 0;
        let best = brute(i + 1, left);
        for (const t of ts) {
          const g = gainOf(cand[i], t);
          if (used.has(t.id) || g === null || g <= 0) continue;
          used.add(t.id); best = Math.max(best, g + brute(i + 1, left - 1)); used.delete(t.id);
        }
        return best;
      };
      expect(plan.totalGain).toBeCloseTo(brute(0, k), 9);
      expect(plan.moves.length).toBeLessThanOrEqual(k);
      expect(new Set(plan.moves.map((m) => m.target.id)).size).toBe(plan.moves.length);
      for (const m of plan.moves) {
        expect(gainOf(cand.find((h) => h.id === m.hotspot.id) as Hotspot, ts.find((t) => t.id === m.target.id) as Target)).toBeCloseTo(m.terms.gain, 9);
        expect(m.explanation.length).toBeGreaterThan(40);
      }
      if (plan.moves.length) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });
});

describe('nearest site search', () => {
  it('equals the plain minimum of turf distances', () => {
    let x = 5;
    const rnd = (): number => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
    const ss = Array.from({ length: 300 }, (_, i) => site(`s${String(i).padStart(3, '0')}`, at(rnd() * 20_000, rnd() * 15_000)));
    const index = new NearestSites(ss);
    for (let i = 0; i < 500; i++) {
      const p = at(rnd() * 24_000 - 2000, rnd() * 19_000 - 2000);
      const best = ss.map((s) => ({ id: s.id, m: metres(p, s.coordinates) })).sort((a, b) => a.m - b.m || (a.id < b.id ? -1 : 1))[0];
      const got = index.nearest(p);
      expect(got?.site.id).toBe(best.id);
      expect(got?.metres).toBe(best.m);
    }
    expect(new NearestSites([]).nearest(at(0, 0))).toBeNull();
  });
});
