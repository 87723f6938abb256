// Resilience of the segment graph: which cut isolates whom (bridges), which sites have two segment-disjoint
// paths to the core (max-flow), and what saturates when a segment's traffic detours (N-1).
// Pure: plain data in, plain data out. The graph is a multigraph: two segments between the same two sites are
// two edges, so everything below works on edge ids, never on vertex pairs.
import { dijkstra } from '../common/graph.js';
import { render, sentence, sitesWords, type Lang, type Sentence, type SitesPart } from '../common/i18n.js';

export interface ResilienceSite { id: string; name: string; kind: string }

export interface ResilienceSegment {
  id: string;
  a: string;
  b: string;
  lengthMetres: number;
  litCapacityBps: number;
  /** p95 over the window per direction, bits per second; null when the window holds no sample. */
  p95AbBps: number | null;
  p95BaBps: number | null;
}

export interface ResilienceInput {
  sites: ResilienceSite[];
  segments: ResilienceSegment[];
  coreSites: string[];
  maxLoad: number;
}

export const MODEL_STATEMENT =
  'We do not know the end-to-end traffic matrix. Each cut is modelled on its own (N-1): the cut segment\'s ' +
  'load, the larger of its two p95 directions over the window, is moved onto the shortest alternative path ' +
  'by length between its two sites. The moved load is added to both directions of every detour segment ' +
  '(the cut segment carries traffic both ways), so a detour segment is overloaded when the larger of its ' +
  'two p95 directions plus the moved load exceeds its lit capacity × maxLoad. A segment without samples in ' +
  'the window counts as carrying 0 bps and is flagged unmeasured.';

export const RANKING_STATEMENT =
  'Cuts are ranked by the number of sites they cut off from the core (most first), then by the traffic ' +
  'their detour cannot fit (sum over overloaded detour segments of load − lit × maxLoad, most first), then ' +
  'by the number of overloaded detour segments, then by segment id.';

// ---------------------------------------------------------------------------------------------------------
// Graph

export interface Edge { id: string; index: number; u: number; v: number; length: number }

export interface Graph {
  /** Vertex index → site id. */
  vertices: string[];
  index: Map<string, number>;
  edges: Edge[];
  /** Per vertex: incident edge indices (a self-loop appears once). */
  adjacency: number[][];
}

export function buildGraph(siteIds: readonly string[], segments: ReadonlyArray<{ id: string; a: string; b: string; lengthMetres: number }>): Graph {
  const vertices: string[] = [];
  const index = new Map<string, number>();
  const vertex = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) { i = vertices.length; vertices.push(id); index.set(id, i); }
    return i;
  };
  for (const id of siteIds) vertex(id);
  const edges: Edge[] = segments.map((s, i) => ({ id: s.id, index: i, u: vertex(s.a), v: vertex(s.b), length: s.lengthMetres }));
  const adjacency: number[][] = vertices.map(() => []);
  for (const e of edges) {
    adjacency[e.u].push(e.index);
    if (e.v !== e.u) adjacency[e.v].push(e.index);
  }
  return { vertices, index, edges, adjacency };
}

function other(e: Edge, x: number): number { return e.u === x ? e.v : e.u; }

export interface DfsForest {
  /** Edge indices that are bridges. */
  bridges: number[];
  /** For a bridge: the vertex on the child side of the DFS tree (its subtree is one side of the cut). */
  bridgeChild: Map<number, number>;
  /** Pre-order number per vertex and the last pre-order number in its subtree. */
  tin: number[];
  tout: number[];
  /** Vertices in pre-order. */
  order: number[];
  /** Root of each vertex's DFS tree (its connected component). */
  root: number[];
}

/**
 * Bridges by Tarjan's low-link, iteratively (the demo network has paths long enough to overflow recursion on
 * bigger cadastres) and skipping the parent EDGE, not the parent vertex, so that parallel segments are not
 * bridges.
 */
export function dfsBridges(g: Graph): DfsForest {
  const n = g.vertices.length;
  const tin = new Array<number>(n).fill(-1);
  const tout = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const root = new Array<number>(n).fill(-1);
  const order: number[] = [];
  const bridges: number[] = [];
  const bridgeChild = new Map<number, number>();
  let timer = 0;
  // Stack frames: vertex, the edge we came by (-1 at a root), position in its adjacency list.
  const stackV: number[] = [];
  const stackE: number[] = [];
  const stackI: number[] = [];
  for (let r = 0; r < n; r++) {
    if (tin[r] !== -1) continue;
    tin[r] = low[r] = timer++; order.push(r); root[r] = r;
    stackV.push(r); stackE.push(-1); stackI.push(0);
    while (stackV.length) {
      const top = stackV.length - 1;
      const x = stackV[top];
      const adj = g.adjacency[x];
      if (stackI[top] < adj.length) {
        const ei = adj[stackI[top]++];
        if (ei === stackE[top]) continue;
        const e = g.edges[ei];
        if (e.u === e.v) continue;
        const y = other(e, x);
        if (tin[y] === -1) {
          tin[y] = low[y] = timer++; order.push(y); root[y] = r;
          stackV.push(y); stackE.push(ei); stackI.push(0);
        } else if (tin[y] < low[x]) {
          low[x] = tin[y];
        }
      } else {
        tout[x] = timer - 1;
        const via = stackE[top];
        stackV.pop(); stackE.pop(); stackI.pop();
        if (via !== -1) {
          const parent = stackV[stackV.length - 1];
          if (low[x] < low[parent]) low[parent] = low[x];
          if (low[x] > tin[parent]) { bridges.push(via); bridgeChild.set(via, x); }
        }
      }
    }
  }
  return { bridges, bridgeChild, tin, tout, order, root };
}

/** Number of vertices reachable from `sources`, optionally ignoring one edge: the brute-force reference. */
export function reachable(g: Graph, sources: readonly number[], withoutEdge = -1): boolean[] {
  const seen = new Array<boolean>(g.vertices.length).fill(false);
  const queue: number[] = [];
  for (const s of sources) if (!seen[s]) { seen[s] = true; queue.push(s); }
  for (let h = 0; h < queue.length; h++) {
    const x = queue[h];
    for (const ei of g.adjacency[x]) {
      if (ei === withoutEdge) continue;
      const y = other(g.edges[ei], x);
      if (!seen[y]) { seen[y] = true; queue.push(y); }
    }
  }
  return seen;
}

/**
 * Max-flow (Edmonds–Karp, stopping at `limit`) from `source` to a super-sink joined to every core vertex, with
 * capacity 1 per segment in either direction: the number of segment-disjoint paths to the core, capped.
 */
export function disjointPathsToCore(g: Graph, source: number, isCore: readonly boolean[], limit = 2): number {
  if (isCore[source]) return limit;
  // Residual capacity per edge and direction: an undirected unit edge is the pair of arcs u→v and v→u, each
  // the other's reverse, both starting at 1.
  const capUV = new Array<number>(g.edges.length).fill(1);
  const capVU = new Array<number>(g.edges.length).fill(1);
  let flow = 0;
  const n = g.vertices.length;
  while (flow < limit) {
    const prevEdge = new Array<number>(n).fill(-1);
    const seen = new Array<boolean>(n).fill(false);
    seen[source] = true;
    const queue = [source];
    let sink = -1;
    for (let h = 0; h < queue.length && sink === -1; h++) {
      const x = queue[h];
      for (const ei of g.adjacency[x]) {
        const e = g.edges[ei];
        if (e.u === e.v) continue;
        const y = other(e, x);
        if (seen[y]) continue;
        const cap = x === e.u ? capUV[ei] : capVU[ei];
        if (cap <= 0) continue;
        seen[y] = true; prevEdge[y] = ei; queue.push(y);
        // Core → super-sink arcs have unbounded capacity: reaching any core vertex completes a path.
        if (isCore[y]) { sink = y; break; }
      }
    }
    if (sink === -1) break;
    for (let y = sink; y !== source;) {
      const ei = prevEdge[y];
      const e = g.edges[ei];
      const x = other(e, y);
      if (x === e.u) { capUV[ei]--; capVU[ei]++; } else { capVU[ei]--; capUV[ei]++; }
      y = x;
    }
    flow++;
  }
  return flow;
}

/** Dijkstra by length; returns the edge indices of a shortest path, or null. Ties: fewer hops, then edge order. */
export function shortestPath(g: Graph, from: number, to: number, withoutEdge = -1): { edges: number[]; length: number } | null {
  const { dist, via: prevEdge, settled: done } = dijkstra({
    nodeCount: g.vertices.length,
    sources: [{ node: from, dist: 0 }],
    fewerHops: true,
    forEachArc(x, visit) {
      for (const ei of g.adjacency[x]) {
        if (ei === withoutEdge) continue;
        const e = g.edges[ei];
        if (e.u !== e.v) visit(ei, e.u === x ? e.v : e.u, e.length);
      }
    },
    stop: (x) => x === to,
  });
  if (!done[to]) return null;
  const edges: number[] = [];
  for (let y = to; y !== from;) { const ei = prevEdge[y]; edges.push(ei); y = other(g.edges[ei], y); }
  edges.reverse();
  return { edges, length: dist[to] };
}

// ---------------------------------------------------------------------------------------------------------
// The analysis

export interface CutOffSite { id: string; name: string; kind: string }

export type SiteStatus = 'core' | 'diverse' | 'single-homed' | 'not-connected-to-core';

export interface SiteResilience {
  id: string;
  name: string;
  kind: string;
  status: SiteStatus;
  /** Segment-disjoint paths to the core, counted up to 2. */
  disjointPaths: number;
  /** Single-homed: the segments every path to the core uses (the bridges between it and the core), nearest first. */
  sharedSegments: string[];
}

export interface OverloadedSegment {
  segment: string;
  /** Direction of this segment with the larger p95: 'ab' or 'ba' (its a→b or b→a). */
  direction: 'ab' | 'ba';
  /** Whether that direction runs the same way as the detour from the cut segment's a to its b. */
  alongDetour: boolean;
  p95Bps: number;
  movedBps: number;
  loadBps: number;
  litCapacityBps: number;
  limitBps: number;
  overBps: number;
  /** load / lit capacity × 100. */
  loadPct: number;
  measured: boolean;
}

export interface Detour {
  /** Segments of the detour from the cut segment's a to its b, in order. */
  path: string[];
  lengthMetres: number;
  overloaded: OverloadedSegment[];
}

export interface CutResilience {
  segment: string;
  a: string;
  b: string;
  bridge: boolean;
  /** Sites that lose every path to the core when this segment is cut. */
  cutOff: CutOffSite[];
  /** The cut separates core sites from each other (core on both sides). */
  splitsCore: boolean;
  /** The segment lies in a piece of the network not connected to the core at all. */
  outsideCore: boolean;
  /** The load moved: max(p95 a→b, p95 b→a), bits per second (0 when unmeasured). */
  movedBps: number;
  measured: boolean;
  /** Null for a bridge (no alternative path). */
  detour: Detour | null;
  /** Σ overBps of the overloaded detour segments. */
  overloadBps: number;
  /** The sentence in English; `i18n` is the same sentence as values, which the API renders in the reader's language. */
  sentence: string;
  i18n: Sentence;
  rank: number;
}

export interface ResilienceResult {
  model: string;
  ranking: string;
  coreSites: string[];
  maxLoad: number;
  counts: { sites: number; segments: number; bridges: number; diverse: number; singleHomed: number; notConnected: number; core: number; cutsWithOverload: number };
  cuts: CutResilience[];
  sites: SiteResilience[];
}

/** "Jette town hall and 3 schools" as values: a kind with one site is named, a kind with several is counted. */
export function sitesParts(sites: readonly CutOffSite[]): SitesPart[] {
  const byKind = new Map<string, CutOffSite[]>();
  for (const s of sites) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  const parts: SitesPart[] = [];
  const kinds = [...byKind.entries()].sort((p, q) => q[1].length - p[1].length || p[0].localeCompare(q[0]));
  for (const [, list] of kinds) if (list.length === 1) parts.push({ name: list[0].name });
  for (const [kind, list] of kinds) if (list.length > 1) parts.push({ count: list.length, kind });
  return parts;
}

/** "Jette town hall and 3 schools". */
export function describeSites(sites: readonly CutOffSite[], lang: Lang = 'en'): string {
  return sitesWords(sitesParts(sites), lang);
}

export function analyseResilience(input: ResilienceInput): ResilienceResult {
  const siteById = new Map(input.sites.map((s) => [s.id, s]));
  const g = buildGraph(input.sites.map((s) => s.id), input.segments);
  const n = g.vertices.length;
  const isCore = new Array<boolean>(n).fill(false);
  for (const c of input.coreSites) { const i = g.index.get(c); if (i !== undefined) isCore[i] = true; }
  const forest = dfsBridges(g);

  // Core vertices per DFS subtree (pre-order prefix sums) and per component.
  const corePrefix = new Array<number>(n + 1).fill(0);
  for (let k = 0; k < n; k++) corePrefix[k + 1] = corePrefix[k] + (isCore[forest.order[k]] ? 1 : 0);
  const coreInSubtree = (x: number): number => corePrefix[forest.tout[x] + 1] - corePrefix[forest.tin[x]];
  const coreInComponent = (x: number): number => coreInSubtree(forest.root[x]);
  const siteOf = (x: number): CutOffSite => {
    const id = g.vertices[x];
    const s = siteById.get(id);
    return { id, name: s?.name ?? id, kind: s?.kind ?? 'other' };
  };

  const bridgeSet = new Set(forest.bridges);
  const cutOffByEdge = new Map<number, number[]>();
  const splitsCore = new Set<number>();
  for (const ei of forest.bridges) {
    const child = forest.bridgeChild.get(ei)!;
    const inside = coreInSubtree(child);
    const total = coreInComponent(child);
    if (total === 0) { cutOffByEdge.set(ei, []); continue; }
    const r = forest.root[child];
    let cut: number[];
    if (inside === 0) {
      cut = forest.order.slice(forest.tin[child], forest.tout[child] + 1);
    } else if (inside === total) {
      cut = forest.order.slice(forest.tin[r], forest.tout[r] + 1).filter((x) => forest.tin[x] < forest.tin[child] || forest.tin[x] > forest.tout[child]);
    } else {
      cut = []; splitsCore.add(ei);
    }
    cutOffByEdge.set(ei, cut);
  }

  // Shared segments per single-homed site: the bridges that cut it off, ordered nearest to it first (the
  // bridges separating a site from the core are nested, so the smaller cut-off set is the nearer bridge).
  const sharedBy = new Map<number, number[]>();
  for (const [ei, cut] of cutOffByEdge) for (const x of cut) sharedBy.set(x, [...(sharedBy.get(x) ?? []), ei]);

  const sites: SiteResilience[] = [];
  for (let x = 0; x < n; x++) {
    const s = siteOf(x);
    if (isCore[x]) { sites.push({ ...s, status: 'core', disjointPaths: 2, sharedSegments: [] }); continue; }
    const paths = disjointPathsToCore(g, x, isCore, 2);
    const status: SiteStatus = paths >= 2 ? 'diverse' : paths === 1 ? 'single-homed' : 'not-connected-to-core';
    const shared = (sharedBy.get(x) ?? []).slice().sort((p, q) => cutOffByEdge.get(p)!.length - cutOffByEdge.get(q)!.length || p - q);
    sites.push({ ...s, status, disjointPaths: paths, sharedSegments: status === 'single-homed' ? shared.map((ei) => g.edges[ei].id) : [] });
  }

  const segById = input.segments;
  const cuts: CutResilience[] = [];
  for (const e of g.edges) {
    const seg = segById[e.index];
    const measured = seg.p95AbBps !== null || seg.p95BaBps !== null;
    const movedBps = Math.max(seg.p95AbBps ?? 0, seg.p95BaBps ?? 0);
    const isBridge = bridgeSet.has(e.index);
    const outsideCore = coreInComponent(e.u) === 0;
    const cutOff = (cutOffByEdge.get(e.index) ?? []).map(siteOf).sort((p, q) => p.id.localeCompare(q.id));
    let detour: Detour | null = null;
    let overloadBps = 0;
    if (!isBridge && e.u !== e.v) {
      const sp = shortestPath(g, e.u, e.v, e.index)!;
      const overloaded: OverloadedSegment[] = [];
      let at = e.u;
      for (const fi of sp.edges) {
        const f = g.edges[fi];
        const fs = segById[fi];
        const forwardIsAb = f.u === at;
        at = other(f, at);
        const ab = fs.p95AbBps ?? 0, ba = fs.p95BaBps ?? 0;
        const direction: 'ab' | 'ba' = ba > ab ? 'ba' : 'ab';
        const p95Bps = Math.max(ab, ba);
        const loadBps = p95Bps + movedBps;
        const limitBps = fs.litCapacityBps * input.maxLoad;
        if (loadBps > limitBps) {
          overloaded.push({
            segment: fs.id, direction, alongDetour: (direction === 'ab') === forwardIsAb, p95Bps, movedBps, loadBps,
            litCapacityBps: fs.litCapacityBps, limitBps, overBps: loadBps - limitBps,
            loadPct: (loadBps / fs.litCapacityBps) * 100, measured: fs.p95AbBps !== null || fs.p95BaBps !== null,
          });
          overloadBps += loadBps - limitBps;
        }
      }
      detour = { path: sp.edges.map((fi) => g.edges[fi].id), lengthMetres: sp.length, overloaded };
    }
    cuts.push({
      segment: seg.id, a: seg.a, b: seg.b, bridge: isBridge, cutOff, splitsCore: splitsCore.has(e.index), outsideCore,
      movedBps, measured, detour, overloadBps, sentence: '', i18n: sentence('resilience.loop', { segment: seg.id }), rank: 0,
    });
  }

  for (const c of cuts) { c.i18n = cutSentence(c, input.maxLoad); c.sentence = render(c.i18n, 'en'); }
  cuts.sort((p, q) =>
    q.cutOff.length - p.cutOff.length
    || q.overloadBps - p.overloadBps
    || (q.detour?.overloaded.length ?? 0) - (p.detour?.overloaded.length ?? 0)
    || (p.segment < q.segment ? -1 : p.segment > q.segment ? 1 : 0));
  cuts.forEach((c, i) => { c.rank = i + 1; });

  const count = (st: SiteStatus): number => sites.filter((s) => s.status === st).length;
  return {
    model: MODEL_STATEMENT,
    ranking: RANKING_STATEMENT,
    coreSites: g.vertices.filter((_, i) => isCore[i]),
    maxLoad: input.maxLoad,
    counts: {
      sites: n, segments: g.edges.length, bridges: forest.bridges.length,
      diverse: count('diverse'), singleHomed: count('single-homed'), notConnected: count('not-connected-to-core'), core: count('core'),
      cutsWithOverload: cuts.filter((c) => (c.detour?.overloaded.length ?? 0) > 0).length,
    },
    cuts,
    sites,
  };
}

function cutSentence(c: CutResilience, maxLoad: number): Sentence {
  const segment = c.segment;
  if (c.bridge) {
    if (c.outsideCore) return sentence('resilience.outsideCore', { segment });
    if (c.splitsCore) return sentence('resilience.splitsCore', { segment });
    return sentence('resilience.cutOff', { segment, sites: sitesParts(c.cutOff) });
  }
  if (!c.detour) return sentence('resilience.loop', { segment });
  const detour = { segment, movedBps: c.movedBps, measured: c.measured, detourMetres: c.detour.lengthMetres, path: c.detour.path, maxLoadPct: maxLoad * 100 };
  if (!c.detour.overloaded.length) return sentence('resilience.detour', detour);
  // Long detours can overload many segments: name the three worst, count the rest.
  const ranked = [...c.detour.overloaded].sort((p, q) => q.loadPct - p.loadPct || (p.segment < q.segment ? -1 : 1));
  const worst = ranked.slice(0, 3).map((o) => ({ segment: o.segment, loadBps: o.loadBps, loadPct: o.loadPct, litCapacityBps: o.litCapacityBps }));
  return sentence('resilience.detourOverloaded', { ...detour, worst, more: Math.max(0, ranked.length - 3) });
}
