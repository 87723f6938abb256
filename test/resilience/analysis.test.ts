import { describe, it, expect } from 'vitest';
import {
  analyseResilience, buildGraph, dfsBridges, describeSites, disjointPathsToCore, reachable, shortestPath,
  type ResilienceInput, type ResilienceSegment,
} from '../../analytics/resilience.js';

const G = 1e9;
function seg(id: string, a: string, b: string, lengthMetres: number, litCapacityBps: number, ab: number | null, ba: number | null): ResilienceSegment {
  return { id, a, b, lengthMetres, litCapacityBps, p95AbBps: ab, p95BaBps: ba };
}

/**
 * A ring C–R1–R2–R3–C (C is the core), a spur R2–P1 with two leaves P2 and P3, two parallel segments R3–Q, and a
 * piece X1–X2 not connected to the core. Figures chosen so that the answers can be worked out by hand below.
 */
export const ringInput: ResilienceInput = {
  coreSites: ['C'],
  maxLoad: 0.7,
  sites: [
    { id: 'C', name: 'Centre PoP', kind: 'pop' },
    { id: 'R1', name: 'Jette town hall', kind: 'commune-hall' },
    { id: 'R2', name: 'Ring school', kind: 'school' },
    { id: 'R3', name: 'Ring administration', kind: 'administration' },
    { id: 'Q', name: 'Quay depot', kind: 'depot' },
    { id: 'P1', name: 'Spur town hall', kind: 'commune-hall' },
    { id: 'P2', name: 'School P2', kind: 'school' },
    { id: 'P3', name: 'School P3', kind: 'school' },
    { id: 'X1', name: 'Island one', kind: 'other' },
    { id: 'X2', name: 'Island two', kind: 'other' },
  ],
  segments: [
    seg('S1', 'C', 'R1', 1000, 10 * G, 3 * G, 2 * G),
    seg('S2', 'R1', 'R2', 1000, 10 * G, 2.5 * G, 4 * G),
    seg('S3', 'R2', 'R3', 1000, 10 * G, 1 * G, 1.5 * G),
    seg('S4', 'R3', 'C', 1500, 10 * G, 5 * G, 1 * G),
    seg('S5', 'R2', 'P1', 500, 1 * G, 0.5 * G, 0.2 * G),
    seg('S6', 'P1', 'P2', 400, 1 * G, 0.1 * G, 0.1 * G),
    seg('S7', 'P1', 'P3', 300, 1 * G, 0.1 * G, 0.1 * G),
    seg('S8a', 'R3', 'Q', 200, 10 * G, 1.2 * G, 0.8 * G),
    seg('S8b', 'Q', 'R3', 250, 1 * G, null, null),
    seg('S9', 'X1', 'X2', 100, 1 * G, 0.3 * G, 0.1 * G),
  ],
};

describe('resilience on a ring with a spur, parallel segments and an island', () => {
  const r = analyseResilience(ringInput);
  const cut = (id: string) => r.cuts.find((c) => c.segment === id)!;
  const site = (id: string) => r.sites.find((s) => s.id === id)!;

  it('finds exactly the bridges; parallel segments are not bridges', () => {
    expect(r.cuts.filter((c) => c.bridge).map((c) => c.segment).sort()).toEqual(['S5', 'S6', 'S7', 'S9']);
    expect(r.counts.bridges).toBe(4);
  });

  it('names the sites each bridge cuts off from the core', () => {
    expect(cut('S5').cutOff.map((s) => s.id)).toEqual(['P1', 'P2', 'P3']);
    expect(cut('S6').cutOff.map((s) => s.id)).toEqual(['P2']);
    expect(cut('S7').cutOff.map((s) => s.id)).toEqual(['P3']);
    expect(cut('S9').cutOff).toEqual([]);
    expect(cut('S9').outsideCore).toBe(true);
    expect(cut('S5').sentence).toBe('Cutting S5 cuts off Spur town hall and 2 schools from the core.');
    expect(cut('S9').sentence).toContain('not connected to the core');
    for (const id of ['S1', 'S2', 'S3', 'S4', 'S8a', 'S8b']) expect(cut(id).cutOff).toEqual([]);
  });

  it('classifies every site', () => {
    expect(Object.fromEntries(r.sites.map((s) => [s.id, s.status]))).toEqual({
      C: 'core', R1: 'diverse', R2: 'diverse', R3: 'diverse', Q: 'diverse',
      P1: 'single-homed', P2: 'single-homed', P3: 'single-homed',
      X1: 'not-connected-to-core', X2: 'not-connected-to-core',
    });
    expect(site('P1').sharedSegments).toEqual(['S5']);
    expect(site('P2').sharedSegments).toEqual(['S6', 'S5']);
    expect(site('P3').sharedSegments).toEqual(['S7', 'S5']);
    expect(site('Q').sharedSegments).toEqual([]);
    expect(r.counts).toMatchObject({ diverse: 4, singleHomed: 3, notConnected: 2, core: 1 });
  });

  it('moves each cut load onto the shortest detour and reports the overloaded segments to the bit', () => {
    // S1 cut: 3 Gbps (its larger p95) onto S4, S3, S2 (3,500 m). S4: 5+3 = 8 Gbps > 7 Gbps. S2: 4+3 = 7 Gbps
    // equals the limit and is therefore not over it. S3: 1.5+3 = 4.5 Gbps.
    expect(cut('S1').detour!.path).toEqual(['S4', 'S3', 'S2']);
    expect(cut('S1').detour!.lengthMetres).toBe(3500);
    expect(cut('S1').movedBps).toBe(3 * G);
    expect(cut('S1').detour!.overloaded).toEqual([{
      segment: 'S4', direction: 'ab', alongDetour: false, p95Bps: 5 * G, movedBps: 3 * G, loadBps: 8 * G,
      litCapacityBps: 10 * G, limitBps: 7 * G, overBps: 1 * G, loadPct: 80, measured: true,
    }]);
    // S2 cut: 4 Gbps onto S1, S4, S3. S1: 3+4 = 7 (not over); S4: 5+4 = 9 (over by 2; its busier a→b runs R3→C,
    // against the detour R1→C→R3→R2); S3: 1.5+4 = 5.5.
    expect(cut('S2').detour!.path).toEqual(['S1', 'S4', 'S3']);
    expect(cut('S2').detour!.overloaded.map((o) => [o.segment, o.loadBps, o.overBps, o.alongDetour])).toEqual([['S4', 9 * G, 2 * G, false]]);
    // S3 cut: 1.5 Gbps; nothing exceeds.
    expect(cut('S3').detour!.path).toEqual(['S2', 'S1', 'S4']);
    expect(cut('S3').detour!.overloaded).toEqual([]);
    // S4 cut: 5 Gbps onto S3, S2, S1 (3,000 m): S2 4+5 = 9, S1 3+5 = 8.
    expect(cut('S4').detour!.path).toEqual(['S3', 'S2', 'S1']);
    expect(cut('S4').detour!.lengthMetres).toBe(3000);
    expect(cut('S4').detour!.overloaded.map((o) => [o.segment, o.direction, o.loadBps, o.overBps])).toEqual([['S2', 'ba', 9 * G, 2 * G], ['S1', 'ab', 8 * G, 1 * G]]);
    expect(cut('S4').overloadBps).toBe(3 * G);
    expect(cut('S4').sentence).toBe('Cutting S4 moves 5 Gbit/s onto a 3 km detour via S3, S2, S1: S2 would carry 9 Gbit/s (90 % of 10 Gbit/s) and S1 would carry 8 Gbit/s (80 % of 10 Gbit/s), above the 70 % limit.');
    expect(cut('S3').sentence).toBe('Cutting S3 moves 1.5 Gbit/s onto a 3.5 km detour via S2, S1, S4; no detour segment exceeds 70 % of its lit capacity.');
    // Parallel segments: S8a's 1.2 Gbps onto the unmeasured 1 Gbps S8b (limit 0.7 Gbps), traversed R3→Q = its b→a;
    // with both directions at 0 the reported direction is a→b, against the detour.
    expect(cut('S8a').detour!.path).toEqual(['S8b']);
    expect(cut('S8a').detour!.overloaded).toEqual([{
      segment: 'S8b', direction: 'ab', alongDetour: false, p95Bps: 0, movedBps: 1.2 * G, loadBps: 1.2 * G,
      litCapacityBps: 1 * G, limitBps: 0.7 * G, overBps: 1.2 * G - 0.7 * G, loadPct: 120, measured: false,
    }]);
    expect(cut('S8b').measured).toBe(false);
    expect(cut('S8b').movedBps).toBe(0);
    expect(cut('S8b').detour!.overloaded).toEqual([]);
    expect(cut('S5').detour).toBeNull();
  });

  it('ranks cut-off sites first, then overloaded capacity, then ids', () => {
    expect(r.cuts.map((c) => c.segment)).toEqual(['S5', 'S6', 'S7', 'S4', 'S2', 'S1', 'S8a', 'S3', 'S8b', 'S9']);
    expect(r.cuts.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('states the model', () => {
    expect(r.model).toContain('We do not know the end-to-end traffic matrix');
    expect(r.model).toContain('shortest alternative path');
  });

  it('a bridge between two core sites splits the core and cuts off no one', () => {
    const split = analyseResilience({
      coreSites: ['A', 'B'], maxLoad: 0.7,
      sites: [{ id: 'A', name: 'A', kind: 'pop' }, { id: 'B', name: 'B', kind: 'pop' }, { id: 'L', name: 'Leaf', kind: 'school' }],
      segments: [seg('AB', 'A', 'B', 10, G, 0, 0), seg('BL', 'B', 'L', 10, G, 0, 0)],
    });
    const ab = split.cuts.find((c) => c.segment === 'AB')!;
    expect(ab).toMatchObject({ bridge: true, splitsCore: true, cutOff: [] });
    expect(split.cuts[0].segment).toBe('BL');
    expect(split.cuts[0].cutOff.map((s) => s.id)).toEqual(['L']);
  });
});

describe('describeSites', () => {
  it('names single sites of a kind and counts the rest', () => {
    expect(describeSites([
      { id: 'a', name: 'Jette town hall', kind: 'commune-hall' },
      { id: 'b', name: 's1', kind: 'school' }, { id: 'c', name: 's2', kind: 'school' }, { id: 'd', name: 's3', kind: 'school' },
    ])).toBe('Jette town hall and 3 schools');
  });
});

// --- property test: random small multigraphs against brute force -------------------------------------------

function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function randomInput(rand: () => number): ResilienceInput {
  const n = 1 + Math.floor(rand() * 9);
  const m = Math.floor(rand() * 15);
  const sites = Array.from({ length: n }, (_, i) => ({ id: `v${i}`, name: `Site ${i}`, kind: 'other' }));
  const segments: ResilienceSegment[] = [];
  for (let i = 0; i < m; i++) {
    const a = Math.floor(rand() * n);
    // Mostly proper edges, some self-loops and parallels by chance.
    const b = rand() < 0.1 ? a : Math.floor(rand() * n);
    const lit = (1 + Math.floor(rand() * 10)) * G;
    const p = () => (rand() < 0.1 ? null : Math.floor(rand() * 8) * 0.1 * G);
    segments.push(seg(`e${i}`, `v${a}`, `v${b}`, 1 + Math.floor(rand() * 20) * 50, lit, p(), p()));
  }
  const coreSites = sites.filter(() => rand() < 0.25).map((s) => s.id);
  return { sites, segments, coreSites, maxLoad: 0.7 };
}

function floyd(nv: number, edges: ReadonlyArray<{ u: number; v: number; length: number }>): number[][] {
  const d = Array.from({ length: nv }, (_, i) => Array.from({ length: nv }, (_, j) => (i === j ? 0 : Infinity)));
  for (const e of edges) { if (e.length < d[e.u][e.v]) { d[e.u][e.v] = e.length; d[e.v][e.u] = e.length; } }
  for (let k = 0; k < nv; k++) for (let i = 0; i < nv; i++) for (let j = 0; j < nv; j++) if (d[i][k] + d[k][j] < d[i][j]) d[i][j] = d[i][k] + d[k][j];
  return d;
}

describe('property: random small multigraphs (seeded) against brute force', () => {
  it('bridges, cut-off sites, site status and detour lengths agree with removing each segment', () => {
    const rand = mulberry32(20261122);
    let bridgesSeen = 0, singleHomedSeen = 0, diverseSeen = 0;
    for (let trial = 0; trial < 400; trial++) {
      const input = randomInput(rand);
      const g = buildGraph(input.sites.map((s) => s.id), input.segments);
      const core = input.coreSites.map((c) => g.index.get(c)!);
      const isCore = g.vertices.map((_, i) => core.includes(i));
      const before = reachable(g, core);
      const r = analyseResilience(input);

      const bruteBridges: string[] = [];
      const bruteCutOff = new Map<string, string[]>();
      for (const e of g.edges) {
        const after = reachable(g, [e.u], e.index);
        if (e.u !== e.v && !after[e.v]) bruteBridges.push(e.id);
        const afterCore = reachable(g, core, e.index);
        bruteCutOff.set(e.id, g.vertices.filter((_, x) => before[x] && !afterCore[x]).sort());
      }
      expect(r.cuts.filter((c) => c.bridge).map((c) => c.segment).sort()).toEqual(bruteBridges.sort());
      const fast = dfsBridges(g);
      expect(fast.bridges.length).toBe(bruteBridges.length);
      bridgesSeen += bruteBridges.length;
      for (const c of r.cuts) expect(c.cutOff.map((s) => s.id).sort(), `trial ${trial} cut ${c.segment}`).toEqual(bruteCutOff.get(c.segment));

      for (const s of r.sites) {
        const x = g.index.get(s.id)!;
        const shared = [...bruteCutOff.entries()].filter(([, list]) => list.includes(s.id)).map(([id]) => id).sort();
        const expected = isCore[x] ? 'core' : !before[x] ? 'not-connected-to-core' : shared.length ? 'single-homed' : 'diverse';
        expect(s.status, `trial ${trial} site ${s.id}`).toBe(expected);
        expect([...s.sharedSegments].sort()).toEqual(expected === 'single-homed' ? shared : []);
        if (!isCore[x]) expect(Math.min(2, disjointPathsToCore(g, x, isCore, 2))).toBe(expected === 'diverse' ? 2 : expected === 'single-homed' ? 1 : 0);
        if (expected === 'single-homed') singleHomedSeen++;
        if (expected === 'diverse') diverseSeen++;
      }

      for (const c of r.cuts) {
        if (!c.detour) continue;
        const e = g.edges.find((x) => x.id === c.segment)!;
        const d = floyd(g.vertices.length, g.edges.filter((x) => x.index !== e.index && x.u !== x.v));
        expect(c.detour.lengthMetres).toBe(d[e.u][e.v]);
        const sp = shortestPath(g, e.u, e.v, e.index)!;
        expect(sp.edges.reduce((sum, i) => sum + g.edges[i].length, 0)).toBe(d[e.u][e.v]);
        // Every overloaded segment is on the path and really over its limit; every other path segment is not.
        for (const fid of c.detour.path) {
          const f = input.segments.find((s) => s.id === fid)!;
          const load = Math.max(f.p95AbBps ?? 0, f.p95BaBps ?? 0) + c.movedBps;
          expect(c.detour.overloaded.some((o) => o.segment === fid)).toBe(load > f.litCapacityBps * 0.7);
        }
      }
    }
    // The generator must exercise every case, or the test proves little.
    expect(bridgesSeen).toBeGreaterThan(100);
    expect(singleHomedSeen).toBeGreaterThan(50);
    expect(diverseSeen).toBeGreaterThan(50);
  });
});
