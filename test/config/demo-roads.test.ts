import { describe, it, expect } from 'vitest';
import { RoadGraph, type RoadEdge } from '../../config/demo-roads.js';
import { Prng } from '../../config/demo-prng.js';

// A 1 km square of roads (nodes 1-4) near Brussels, plus a long detour 1→5→2, and an island (6-7).
const edge = (from: number, to: number, lengthMetres: number, coordinates: [number, number][], highway = 'primary', name?: string): RoadEdge =>
  ({ from, to, lengthMetres, highway, name, coordinates });
const P1: [number, number] = [4.35, 50.85], P2: [number, number] = [4.364, 50.85], P3: [number, number] = [4.364, 50.859], P4: [number, number] = [4.35, 50.859];
const edges: RoadEdge[] = [
  edge(1, 2, 1000, [P1, [4.357, 50.8501], P2], 'primary', 'Quai des Usines'),
  edge(3, 2, 1000, [P3, P2], 'secondary'),
  edge(3, 4, 1000, [P3, P4], 'tertiary'),
  edge(4, 1, 1000, [P4, P1], 'tertiary'),
  edge(1, 5, 5000, [P1, [4.35, 50.80]], 'motorway'),
  edge(5, 2, 5000, [[4.35, 50.80], P2], 'motorway'),
  edge(6, 7, 100, [[4.40, 50.85], [4.401, 50.85]], 'tertiary'),
];

describe('RoadGraph.route', () => {
  const g = new RoadGraph(edges);

  it('keeps the largest connected component only', () => {
    expect(g.mainNodes).toEqual([1, 2, 3, 4, 5]);
  });

  it('follows the shortest roads, reversing edges as needed, from point to point', () => {
    const r = g.route([4.3499, 50.8501], [4.3641, 50.8589]);
    expect(r.coordinates).toEqual([[4.3499, 50.8501], P1, [4.357, 50.8501], P2, P3, [4.3641, 50.8589]]);
    expect(r.metres).toBe(2000);
    expect(r.metresByHighway).toEqual({ primary: 1000, secondary: 1000 });
    expect(r.metresAlongPortZone).toBe(1000);
  });

  it('enters the network at a node near the site that avoids a detour, not only at the nearest node', () => {
    // 445 m from node 1 (the nearest) and 556 m from node 4: legs cost 2 × their length, so entering at 4
    // (1112 + 1000) beats entering at 1 (890 + 2000) on the way to 3.
    expect(g.nearestNode([4.35, 50.854]).node).toBe(1);
    const r = g.route([4.35, 50.854], [4.364, 50.859], { radius: 600 });
    expect(r.coordinates).toEqual([[4.35, 50.854], P4, P3, [4.364, 50.859]]);
    expect(r.metres).toBe(1000);
    // With a radius that excludes node 4, the path must go round through node 1.
    const far = g.route([4.35, 50.854], [4.364, 50.859], { radius: 500 });
    expect(far.coordinates[1]).toEqual(P1);
    expect(far.metres).toBe(2000);
  });

  it('joins two points near the same node through that node', () => {
    expect(g.route([4.3501, 50.85], [4.3499, 50.85]).coordinates).toEqual([[4.3501, 50.85], P1, [4.3499, 50.85]]);
  });
});

describe('Prng', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = new Prng(42), b = new Prng(42), c = new Prng(43);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const p = new Prng(7);
    const ints = Array.from({ length: 500 }, () => p.int(1, 3));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3]));
    expect(new Prng(1).shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
