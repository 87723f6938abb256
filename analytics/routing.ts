// Routes over the fibre graph: sites are nodes, segments undirected edges (parallel segments between
// the same two sites are distinct edges). Shortest route by Dijkstra; the least-total-length pair of
// segment-disjoint routes by Suurballe's algorithm (Bhandari's negative-arc formulation with Dijkstra
// on reduced costs). Pure: plain data in, plain data out.
import { dijkstra } from '../common/graph.js';

export interface RouteEdge {
  id: string;
  a: string;
  b: string;
  lengthMetres: number;
}

export interface Path {
  /** Sites from start to end. */
  sites: string[];
  /** Segment ids in travel order. */
  segments: string[];
  lengthMetres: number;
}

/**
 * The graph in index form. Arc 2e goes a→b of edge e, arc 2e+1 goes b→a. Edges are sorted by id so that
 * ties between equal-length routes always resolve the same way.
 */
export class FibreGraph {
  readonly nodes: string[] = [];
  readonly index = new Map<string, number>();
  readonly edges: RouteEdge[];
  /** Per node: outgoing arc numbers. */
  readonly out: number[][] = [];
  private readonly tails: Int32Array;
  private readonly heads: Int32Array;

  constructor(edges: readonly RouteEdge[]) {
    this.edges = [...edges].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (const e of this.edges) {
      if (!(e.lengthMetres >= 0)) throw new Error(`segment ${e.id}: length must be ≥ 0, got ${e.lengthMetres}`);
      this.node(e.a); this.node(e.b);
    }
    this.tails = new Int32Array(2 * this.edges.length);
    this.heads = new Int32Array(2 * this.edges.length);
    this.edges.forEach((e, i) => {
      const a = this.index.get(e.a) as number, b = this.index.get(e.b) as number;
      this.out[a].push(2 * i);
      this.out[b].push(2 * i + 1);
      this.tails[2 * i] = a; this.heads[2 * i] = b;
      this.tails[2 * i + 1] = b; this.heads[2 * i + 1] = a;
    });
  }

  private node(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.nodes.length;
      this.nodes.push(id);
      this.index.set(id, i);
      this.out.push([]);
    }
    return i;
  }

  tail(arc: number): number { return this.tails[arc]; }

  head(arc: number): number { return this.heads[arc]; }
}

type ArcCost = (arc: number) => number | null;

/**
 * Graphs built per edge array: a quote asks several questions (route, pair, blocking) of the same figures,
 * and the API's figures arrays are memoised per window. Edge arrays are treated as immutable.
 */
const graphs = new WeakMap<readonly RouteEdge[], FibreGraph>();
function graphFor(edges: readonly RouteEdge[]): FibreGraph {
  let g = graphs.get(edges);
  if (!g) { g = new FibreGraph(edges); graphs.set(edges, g); }
  return g;
}

/** Dijkstra over arcs with non-negative costs (null = arc unusable). Returns distances and the arc used to reach each node. */
function shortestTree(g: FibreGraph, source: number, cost: ArcCost): { dist: Float64Array; via: Int32Array } {
  return dijkstra({
    nodeCount: g.nodes.length,
    sources: [{ node: source, dist: 0 }],
    forEachArc(u, visit) {
      for (const arc of g.out[u]) {
        const c = cost(arc);
        if (c !== null) visit(arc, g.head(arc), c);
      }
    },
  });
}

function arcsTo(g: FibreGraph, via: Int32Array, target: number): number[] {
  const arcs: number[] = [];
  for (let v = target; via[v] !== -1; v = g.tail(via[v])) arcs.unshift(via[v]);
  return arcs;
}

function pathOf(g: FibreGraph, start: number, arcs: number[]): Path {
  const sites = [g.nodes[start]];
  let length = 0;
  for (const arc of arcs) {
    sites.push(g.nodes[g.head(arc)]);
    length += g.edges[arc >> 1].lengthMetres;
  }
  return { sites, segments: arcs.map((a) => g.edges[a >> 1].id), lengthMetres: length };
}

export interface RouteOptions<E extends RouteEdge> {
  /** Which segments may carry the service; default all. */
  usable?: (e: E) => boolean;
  /** What a route minimises; default the length in metres. Must be ≥ 0. */
  weight?: (e: E) => number;
}

function edgeCosts<E extends RouteEdge>(g: FibreGraph, opts: RouteOptions<E>): (number | null)[] {
  return g.edges.map((e) => {
    if (opts.usable && !opts.usable(e as E)) return null;
    const w = opts.weight ? opts.weight(e as E) : e.lengthMetres;
    if (!(w >= 0)) throw new Error(`segment ${e.id}: route weight must be ≥ 0, got ${w}`);
    return w;
  });
}

/** The shortest route from one site to another over the usable segments, or null if there is none. */
export function shortestRoute<E extends RouteEdge>(edges: readonly E[], from: string, to: string, opts: RouteOptions<E> = {}): Path | null {
  const g = graphFor(edges);
  const s = g.index.get(from), t = g.index.get(to);
  if (s === undefined || t === undefined) return null;
  if (s === t) return { sites: [from], segments: [], lengthMetres: 0 };
  const costs = edgeCosts(g, opts);
  const { dist, via } = shortestTree(g, s, (arc) => costs[arc >> 1]);
  if (dist[t] === Infinity) return null;
  return pathOf(g, s, arcsTo(g, via, t));
}

/**
 * Two segment-disjoint routes from `from` to `to` with the least total weight (Suurballe): a shortest
 * route P1; then, on costs reduced by the P1 distances, a shortest route P2 in the graph where P1's arcs
 * are removed and their reverses cost zero (Bhandari's negative arcs, made non-negative by the
 * reduction); segments travelled in opposite directions by P1 and P2 cancel, and the remaining arcs
 * form the two routes. Shortest-then-second fails on "trap" topologies; this does not.
 * Returns null when no such pair exists; the shorter route first.
 */
export function disjointRoutePair<E extends RouteEdge>(edges: readonly E[], from: string, to: string, opts: RouteOptions<E> = {}): [Path, Path] | null {
  const g = graphFor(edges);
  const s = g.index.get(from), t = g.index.get(to);
  if (s === undefined || t === undefined || s === t) return null;
  const costs = edgeCosts(g, opts);
  const first = shortestTree(g, s, (arc) => costs[arc >> 1]);
  if (first.dist[t] === Infinity) return null;
  const p1 = arcsTo(g, first.via, t);
  const onP1 = new Set(p1);
  const d = first.dist;
  const reduced: ArcCost = (arc) => {
    const c = costs[arc >> 1];
    if (c === null || onP1.has(arc)) return null;
    const u = g.tail(arc), v = g.head(arc);
    if (d[u] === Infinity || d[v] === Infinity) return null; // not reachable from s: cannot be on P2
    // The reverse of a P1 arc costs −c, reduced to 0; other arcs c + d(u) − d(v) ≥ 0 (clamp float dust).
    if (onP1.has(arc ^ 1)) return 0;
    return Math.max(0, c + d[u] - d[v]);
  };
  const second = shortestTree(g, s, reduced);
  if (second.dist[t] === Infinity) return null;
  const p2 = arcsTo(g, second.via, t);

  // Cancel segments used in both directions; what remains is a 2-unit flow from s to t.
  const arcs = new Set<number>();
  for (const a of p1) arcs.add(a);
  for (const a of p2) {
    if (arcs.has(a ^ 1)) arcs.delete(a ^ 1);
    else arcs.add(a);
  }
  const outFrom = new Map<number, number[]>();
  for (const a of [...arcs].sort((x, y) => x - y)) {
    const u = g.tail(a);
    const list = outFrom.get(u);
    if (list) list.push(a); else outFrom.set(u, [a]);
  }
  const walk = (): number[] => {
    const route: number[] = [];
    let u = s;
    while (u !== t) {
      const list = outFrom.get(u);
      const a = list?.shift();
      if (a === undefined) throw new Error('internal: disjoint-pair decomposition broke flow conservation');
      route.push(a);
      u = g.head(a);
    }
    return route;
  };
  const r1 = pathOf(g, s, walk());
  const r2 = pathOf(g, s, walk());
  return r1.lengthMetres <= r2.lengthMetres ? [r1, r2] : [r2, r1];
}

/** Node indices reachable from node `s` over the edges whose mask is set. */
function reach(g: FibreGraph, s: number, ok: Uint8Array, skipEdge = -1): Uint8Array {
  const seen = new Uint8Array(g.nodes.length);
  const stack = [s];
  seen[s] = 1;
  while (stack.length) {
    const u = stack.pop() as number;
    for (const arc of g.out[u]) {
      const e = arc >> 1;
      if (!ok[e] || e === skipEdge) continue;
      const v = g.head(arc);
      if (!seen[v]) { seen[v] = 1; stack.push(v); }
    }
  }
  return seen;
}

function usableMask<E extends RouteEdge>(g: FibreGraph, usable: (e: E) => boolean): Uint8Array {
  return Uint8Array.from(g.edges, (e) => (usable(e as E) ? 1 : 0));
}

/** Sites reachable from `from` over usable segments (including `from` itself). */
export function reachableSites<E extends RouteEdge>(edges: readonly E[], from: string, usable: (e: E) => boolean = () => true): Set<string> {
  const g = graphFor(edges);
  const s = g.index.get(from);
  if (s === undefined) return new Set([from]);
  const seen = reach(g, s, usableMask(g, usable));
  return new Set(g.nodes.filter((_, i) => seen[i]));
}

/**
 * A minimum cut of insufficient segments between `s` and `t`: the fewest segments whose removal separates them
 * when sufficient segments cannot be cut, ties broken by the least total `spare` capacity. Edmonds–Karp on
 * exact BigInt capacities W + spare (W above any sum of spares, so the count dominates; a sufficient segment
 * counts as more than all insufficient ones together). Returns the edge indices of the source-side cut
 * (the sites still reachable in the residual graph on one side), sorted by segment id.
 */
function minimumCut(g: FibreGraph, s: number, t: number, ok: Uint8Array, spare: (e: number) => number): number[] {
  const m = g.edges.length;
  const spares = Array.from({ length: m }, (_, e) => (ok[e] ? 0n : BigInt(Math.max(0, Math.round(spare(e))))));
  const w = spares.reduce((a, b) => a + b, 0n) + 1n;
  const uncuttable = w * BigInt(m + 1);
  // Residual capacity per arc (2e a→b, 2e+1 b→a): an undirected segment carries its capacity either way.
  const residual = Array.from({ length: 2 * m }, (_, arc) => (ok[arc >> 1] ? uncuttable : w + spares[arc >> 1]));
  const n = g.nodes.length;
  const via = new Int32Array(n);
  const bfs = (): boolean => {
    via.fill(-2);
    via[s] = -1;
    const queue = [s];
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      for (const arc of g.out[u]) {
        const v = g.head(arc);
        if (via[v] !== -2 || residual[arc] === 0n) continue;
        via[v] = arc;
        if (v === t) return true;
        queue.push(v);
      }
    }
    return false;
  };
  while (bfs()) {
    let push = uncuttable * BigInt(m + 1);
    for (let v = t; v !== s; v = g.tail(via[v])) if (residual[via[v]] < push) push = residual[via[v]];
    if (push >= uncuttable) return []; // joined by sufficient segments alone: nothing blocks
    for (let v = t; v !== s; v = g.tail(via[v])) { residual[via[v]] -= push; residual[via[v] ^ 1] += push; }
  }
  const side = via.map((x) => (x === -2 ? 0 : 1));
  const cut: number[] = [];
  for (let e = 0; e < m; e++) if (side[g.tail(2 * e)] !== side[g.head(2 * e)]) cut.push(e);
  return cut;
}

/**
 * Why no route carries the service, for the commercial team:
 * - `cut`: a minimum cut: the fewest insufficient segments every route from `from` to `to` crosses (ties: the
 *   least total `spare`, e.g. sellable capacity), so nothing is sold until at least one of them is upgraded.
 *   Empty when `to` is reachable over sufficient segments, or not even over insufficient ones.
 * - `insufficient`: every insufficient segment leaving the set of sites reachable from `from` over sufficient
 *   segments (also a cut, often much larger: the whole boundary of the start's side).
 * - `upgrade`: the fewest insufficient segments whose upgrade makes a route feasible (ties: the shorter
 *   route), found by a shortest route where an insufficient segment costs more than all lengths together.
 *   With `pair`, the same for two segment-disjoint routes.
 */
export function blockingSegments<E extends RouteEdge>(
  edges: readonly E[], from: string, to: string, sufficient: (e: E) => boolean, pair = false, spare: (e: E) => number = () => 0,
): { cut: string[]; insufficient: string[]; upgrade: string[] | null } {
  const reach = reachableSites(edges, from, sufficient);
  const insufficient = reach.has(to) ? [] : edges
    .filter((e) => !sufficient(e) && reach.has(e.a) !== reach.has(e.b))
    .map((e) => e.id).sort();
  let cut: string[] = [];
  if (!reach.has(to)) {
    const g = graphFor(edges);
    const s = g.index.get(from), t = g.index.get(to);
    if (s !== undefined && t !== undefined) {
      cut = minimumCut(g, s, t, usableMask(g, sufficient), (i) => spare(g.edges[i] as E)).map((i) => g.edges[i].id).sort();
    }
  }
  const big = edges.reduce((sum, e) => sum + e.lengthMetres, 0) + 1;
  const weight = (e: E): number => (sufficient(e) ? e.lengthMetres : e.lengthMetres + big);
  const byId = new Map(edges.map((e) => [e.id, e]));
  const insufficientOn = (segs: string[]): string[] => segs.filter((id) => !sufficient(byId.get(id) as E));
  let upgrade: string[] | null;
  if (pair) {
    const p = disjointRoutePair(edges, from, to, { weight });
    upgrade = p ? [...insufficientOn(p[0].segments), ...insufficientOn(p[1].segments)].sort() : null;
  } else {
    const p = shortestRoute(edges, from, to, { weight });
    upgrade = p ? insufficientOn(p.segments).sort() : null;
  }
  return { cut, insufficient, upgrade };
}

/**
 * The segments of `route` whose loss alone disconnects `from` from `to` over usable segments (bridges on
 * the route): why no diverse pair exists when a single route does.
 */
export function singlePointsOfFailure<E extends RouteEdge>(edges: readonly E[], route: Path, from: string, to: string, usable: (e: E) => boolean): string[] {
  const g = graphFor(edges);
  const s = g.index.get(from), t = g.index.get(to);
  if (s === undefined || t === undefined) return [];
  const ok = usableMask(g, usable);
  const edgeIndex = new Map(g.edges.map((e, i) => [e.id, i]));
  return route.segments.filter((id) => !reach(g, s, ok, edgeIndex.get(id) ?? -1)[t]).sort();
}
