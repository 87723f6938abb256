import { describe, it, expect } from 'vitest';
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
    expect(blockingSegments(edges, 'A', 'E', ok)).toEqual({ cut: ['bc', 'dc'], upgrade: ['bc'] });
  });

  it('for a pair, the upgrades needed for two disjoint routes', () => {
    expect(blockingSegments(edges, 'A', 'C', ok, true)).toEqual({ cut: ['bc', 'dc'], upgrade: ['bc', 'dc'] });
  });
});
