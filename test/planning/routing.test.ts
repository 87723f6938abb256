import { describe, it, expect } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { segmentLengthMetres } from '../../config/geometry.js';
import { createTrafficModel } from '../../sim/model.js';
import { sellableBps } from '../../analytics/surplus.js';
import { blockingSegments, disjointRoutePair, shortestRoute, singlePointsOfFailure, type RouteEdge } from '../../analytics/routing.js';

const e = (id: string, a: string, b: string, lengthMetres: number): RouteEdge => ({ id, a, b, lengthMetres });

// The classic trap: the shortest route A–C–D–B (3 km) uses the middle segment C–D, and once its segments
// are removed nothing connects A to B; the best disjoint pair is A–C–B + A–D–B (8 km).
const trap = [
  e('ac', 'A', 'C', 1000), e('cd', 'C', 'D', 1000), e('db', 'D', 'B', 1000),
  e('ad', 'A', 'D', 3000), e('cb', 'C', 'B', 3000),
];

/** Every simple path from s to t as lists of segment ids (brute force for small graphs). */
function allPaths(edges: RouteEdge[], s: string, t: string): string[][] {
  const out: string[][] = [];
  const go = (u: string, seen: Set<string>, path: string[]): void => {
    if (u === t) { out.push([...path]); return; }
    for (const x of edges) {
      const v = x.a === u ? x.b : x.b === u ? x.a : null;
      if (v === null || seen.has(v)) continue;
      seen.add(v); path.push(x.id);
      go(v, seen, path);
      seen.delete(v); path.pop();
    }
  };
  go(s, new Set([s]), []);
  return out;
}

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
}

describe('shortest route', () => {
  it('follows the least total length and reports sites and segments in travel order', () => {
    const r = shortestRoute(trap, 'A', 'B');
    expect(r).toEqual({ sites: ['A', 'C', 'D', 'B'], segments: ['ac', 'cd', 'db'], lengthMetres: 3000 });
    expect(shortestRoute(trap, 'B', 'A')?.segments).toEqual(['db', 'cd', 'ac']);
  });

  it('uses only usable segments, and answers null when none connect', () => {
    const r = shortestRoute(trap, 'A', 'B', { usable: (x) => x.id !== 'cd' });
    expect(r?.segments).toEqual(['ac', 'cb']);
    expect(r?.lengthMetres).toBe(4000);
    expect(shortestRoute(trap, 'A', 'B', { usable: (x) => x.id !== 'ac' && x.id !== 'ad' })).toBeNull();
    expect(shortestRoute(trap, 'A', 'Z')).toBeNull();
  });
});

describe('segment-disjoint pair (Suurballe)', () => {
  it('finds the pair on the trap topology where shortest-then-second fails', () => {
    const first = shortestRoute(trap, 'A', 'B') as { segments: string[] };
    const greedySecond = shortestRoute(trap, 'A', 'B', { usable: (x) => !first.segments.includes(x.id) });
    expect(greedySecond).toBeNull();
    const pair = disjointRoutePair(trap, 'A', 'B');
    expect(pair).not.toBeNull();
    const [p, q] = pair as NonNullable<typeof pair>;
    expect([p.segments, q.segments].sort()).toEqual([['ac', 'cb'], ['ad', 'db']]);
    expect(p.lengthMetres + q.lengthMetres).toBe(8000);
    expect(p.sites[0]).toBe('A');
    expect(q.sites.at(-1)).toBe('B');
  });

  it('treats parallel segments between the same sites as distinct', () => {
    const par = [e('x1', 'A', 'B', 500), e('x2', 'A', 'B', 700), e('x3', 'A', 'B', 900)];
    const pair = disjointRoutePair(par, 'A', 'B');
    expect(pair?.map((p) => p.segments)).toEqual([['x1'], ['x2']]);
  });

  it('answers null when a single segment separates the ends, and names it', () => {
    const spur = [...trap, e('bz', 'B', 'Z', 200)];
    expect(disjointRoutePair(spur, 'A', 'Z')).toBeNull();
    const route = shortestRoute(spur, 'A', 'Z');
    expect(singlePointsOfFailure(spur, route as NonNullable<typeof route>, 'A', 'Z', () => true)).toEqual(['bz']);
  });

  it('equals the brute-force best pair of disjoint simple paths on random graphs', () => {
    const rnd = lcg(42);
    let checked = 0;
    for (let trial = 0; trial < 150; trial++) {
      const n = 4 + Math.floor(rnd() * 4);
      const edges: RouteEdge[] = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        if (rnd() < 0.45) edges.push(e(`s${edges.length}`, `n${i}`, `n${j}`, 1 + Math.floor(rnd() * 20) * 100));
        if (rnd() < 0.05) edges.push(e(`s${edges.length}`, `n${i}`, `n${j}`, 1 + Math.floor(rnd() * 20) * 100));
      }
      const paths = allPaths(edges, 'n0', `n${n - 1}`);
      const len = new Map(edges.map((x) => [x.id, x.lengthMetres]));
      const total = (p: string[]): number => p.reduce((s, id) => s + (len.get(id) as number), 0);
      let best = Infinity;
      for (let i = 0; i < paths.length; i++) for (let j = i + 1; j < paths.length; j++) {
        if (paths[i].some((id) => paths[j].includes(id))) continue;
        best = Math.min(best, total(paths[i]) + total(paths[j]));
      }
      const pair = disjointRoutePair(edges, 'n0', `n${n - 1}`);
      if (best === Infinity) { expect(pair).toBeNull(); continue; }
      expect(pair).not.toBeNull();
      const [p, q] = pair as NonNullable<typeof pair>;
      expect(p.segments.filter((id) => q.segments.includes(id))).toEqual([]);
      expect(new Set(p.segments).size).toBe(p.segments.length);
      expect(p.lengthMetres + q.lengthMetres).toBe(best);
      expect(total(p.segments)).toBe(p.lengthMetres);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('blocking segments', () => {
  // A–B–C chain with a long detour A–D–C; B–C lacks capacity, and so does D–C.
  const edges = [e('ab', 'A', 'B', 100), e('bc', 'B', 'C', 100), e('ad', 'A', 'D', 500), e('dc', 'D', 'C', 500), e('ce', 'C', 'E', 50)];
  const ok = (x: RouteEdge): boolean => x.id !== 'bc' && x.id !== 'dc';

  it('names the cut around the sites reachable from the start, and the fewest upgrades', () => {
    expect(blockingSegments(edges, 'A', 'E', ok)).toEqual({ cut: ['bc', 'dc'], insufficient: ['bc', 'dc'], upgrade: ['bc'] });
  });

  it('for a pair, the upgrades needed for two disjoint routes', () => {
    expect(blockingSegments(edges, 'A', 'C', ok, true)).toEqual({ cut: ['bc', 'dc'], insufficient: ['bc', 'dc'], upgrade: ['bc', 'dc'] });
  });
});

describe('blocking segments: a minimum cut', () => {
  it('names the few segments every route crosses, not the whole boundary of the start\'s side', () => {
    // A reaches nothing at the needed capacity: four thin spurs to B1..B4 (boundary of 4), which all join H over
    // sufficient segments; H–T is the only way on. The minimum cut is that one segment.
    const edges = [
      e('a1', 'A', 'B1', 10), e('a2', 'A', 'B2', 10), e('a3', 'A', 'B3', 10), e('a4', 'A', 'B4', 10),
      e('h1', 'B1', 'H', 10), e('h2', 'B2', 'H', 10), e('h3', 'B3', 'H', 10), e('h4', 'B4', 'H', 10),
      e('ht', 'H', 'T', 10),
    ];
    const ok = (x: RouteEdge): boolean => x.id.startsWith('h') && x.id !== 'ht';
    const b = blockingSegments(edges, 'A', 'T', ok);
    expect(b.cut).toEqual(['ht']);
    expect(b.insufficient).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('among cuts of the same size, the one with the least spare capacity', () => {
    // A–M–T and A–N–T: every cut takes one segment of each route (four cuts of two segments).
    const edges = [e('am', 'A', 'M', 10), e('an', 'A', 'N', 10), e('mt', 'M', 'T', 10), e('nt', 'N', 'T', 10)];
    const spare: Record<string, number> = { am: 40, an: 40, mt: 45, nt: 45 };
    expect(blockingSegments(edges, 'A', 'T', () => false, false, (x) => spare[x.id]).cut).toEqual(['am', 'an']);
    spare.mt = 30;
    expect(blockingSegments(edges, 'A', 'T', () => false, false, (x) => spare[x.id]).cut).toEqual(['an', 'mt']);
    spare.nt = 30;
    expect(blockingSegments(edges, 'A', 'T', () => false, false, (x) => spare[x.id]).cut).toEqual(['mt', 'nt']);
  });

  it('equals the brute-force fewest segments (then least spare) separating the ends, on random graphs', () => {
    const rnd = lcg(23);
    let checked = 0;
    for (let round = 0; round < 300; round++) {
      const n = 3 + Math.floor(rnd() * 5);
      const nodes = Array.from({ length: n }, (_, i) => `N${i}`);
      const edges: RouteEdge[] = [];
      const m = n + Math.floor(rnd() * 7);
      for (let i = 0; i < m; i++) {
        const a = Math.floor(rnd() * n);
        let b = Math.floor(rnd() * (n - 1));
        if (b >= a) b++;
        edges.push(e(`s${String(i).padStart(2, '0')}`, nodes[a], nodes[b], 1 + Math.floor(rnd() * 9)));
      }
      const good = new Set(edges.filter(() => rnd() < 0.3).map((x) => x.id));
      const spare = new Map(edges.map((x) => [x.id, Math.floor(rnd() * 4)]));
      const ok = (x: RouteEdge): boolean => good.has(x.id);
      const connected = (removed: Set<string>): boolean => shortestRoute(edges, 'N0', nodes[n - 1], { usable: (x) => !removed.has(x.id) }) !== null;
      const got = blockingSegments(edges, 'N0', nodes[n - 1], ok, false, (x) => spare.get(x.id)!).cut;
      if (!connected(new Set()) || shortestRoute(edges, 'N0', nodes[n - 1], { usable: ok })) { expect(got).toEqual([]); continue; }
      const cuttable = edges.filter((x) => !ok(x)).map((x) => x.id);
      let best: [number, number] | null = null;
      for (let mask = 1; mask < 1 << cuttable.length; mask++) {
        const set = new Set(cuttable.filter((_, i) => mask & (1 << i)));
        if (connected(set)) continue;
        const score: [number, number] = [set.size, [...set].reduce((s, id) => s + spare.get(id)!, 0)];
        if (!best || score[0] < best[0] || (score[0] === best[0] && score[1] < best[1])) best = score;
      }
      expect(connected(new Set(got))).toBe(false);
      expect([got.length, got.reduce((s, id) => s + spare.get(id)!, 0)]).toEqual(best);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('blocking segments on the demo network', () => {
  it('hall-anderlecht → hall-evere at 5 Gbit/s diverse: a cut of 5 segments, not the 32 on the start\'s boundary', () => {
    // Sellable capacity from the simulator's rates (hourly samples over 30 days, p95 per direction), so the test
    // needs no store; the live figures differ in count but not in kind.
    const cadastre = loadCadastre('config/demo');
    const model = createTrafficModel(cadastre);
    const end = Date.UTC(2026, 10, 29);
    const p95 = (id: string, d: 'ab' | 'ba'): number => {
      const v: number[] = [];
      for (let t = end - 30 * 86_400_000; t < end; t += 3_600_000) v.push(model.rateBps(id, d, t));
      v.sort((x, y) => x - y);
      return v[Math.ceil(0.95 * v.length) - 1];
    };
    const figs = cadastre.segments.map((x) => ({
      id: x.id, a: x.a, b: x.b, lengthMetres: segmentLengthMetres(x),
      sellable: sellableBps(x.litCapacityBps, cadastre.policy.maxLoad, p95(x.id, 'ab'), p95(x.id, 'ba')),
    }));
    const ok = (f: (typeof figs)[number]): boolean => f.sellable >= 5e9;
    const b = blockingSegments(figs, 'hall-anderlecht', 'hall-evere', ok, true, (f) => f.sellable);
    expect(b.insufficient).toHaveLength(32);
    expect(b.cut).toEqual(['BM-008', 'BM-023', 'IRIS-094', 'IRIS-095', 'STIB-069']);
    // It is a cut: without its segments nothing joins the two halls.
    const cut = new Set(b.cut);
    expect(shortestRoute(figs, 'hall-anderlecht', 'hall-evere', { usable: (f) => !cut.has(f.id) })).toBeNull();
    // And no smaller one exists: five routes that share no insufficient segment (each cut must take one of each).
    const used = new Set<string>();
    let routes = 0;
    for (;;) {
      const r = shortestRoute(figs, 'hall-anderlecht', 'hall-evere', { usable: (f) => ok(f) || !used.has(f.id) });
      if (!r) break;
      const thin = r.segments.filter((id) => !ok(figs.find((f) => f.id === id)!));
      if (thin.length === 0) break;
      for (const id of thin) used.add(id);
      routes++;
    }
    expect(routes).toBe(5);
  });
});
