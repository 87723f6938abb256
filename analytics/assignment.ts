// Best one-to-one assignment of at most K rows (hotspots) to distinct columns (targets), maximising the
// total gain with only positive-gain pairs, as a min-cost flow: source → row (capacity 1) → column
// (capacity 1, cost −gain) → sink (capacity 1), solved by successive shortest paths (Dijkstra on
// reduced costs with Johnson potentials). After k augmentations the flow is a min-cost flow of value k,
// and the cost of successive augmenting paths never decreases, so stopping after K paths, or at the first
// path that would not lower the cost (gain nothing), yields exactly the best assignment of at most K
// pairs — which is not, in general, the K best pairs of the unconstrained optimum.
import { dijkstra } from '../common/graph.js';

/** Gains below this are "nothing": float dust from costs like 0.01 × metres must not create moves. */
export const GAIN_EPSILON = 1e-9;

export interface Assignment {
  /** [row, column] pairs, by row. */
  pairs: Array<[number, number]>;
  totalGain: number;
}

export interface GainEdge {
  row: number;
  col: number;
  gain: number;
}

/**
 * gain[r][c] is the gain of assigning row r to column c, or null when the pair is not allowed.
 * Pairs with gain ≤ GAIN_EPSILON are never used.
 */
export function maxGainAssignment(gain: ReadonlyArray<ReadonlyArray<number | null>>, maxPairs: number, search: Search = 'auto'): Assignment {
  const edges: GainEdge[] = [];
  let cols = 0;
  gain.forEach((row, r) => {
    cols = Math.max(cols, row.length);
    row.forEach((g, c) => { if (g !== null) edges.push({ row: r, col: c, gain: g }); });
  });
  return maxGainAssignmentSparse(gain.length, cols, edges, maxPairs, search);
}

/** Keeps, per key, the k edges of largest gain (ties: the earlier edge). */
function keepTop(edges: GainEdge[], key: (e: GainEdge) => number, k: number): GainEdge[] {
  const groups = new Map<number, GainEdge[]>();
  for (const e of edges) {
    const g = groups.get(key(e));
    if (g) g.push(e); else groups.set(key(e), [e]);
  }
  const out: GainEdge[] = [];
  for (const g of groups.values()) {
    if (g.length <= k) { out.push(...g); continue; }
    out.push(...g.map((e, i) => ({ e, i })).sort((x, y) => y.e.gain - x.e.gain || x.i - y.i).slice(0, k).map((x) => x.e));
  }
  return out;
}

/**
 * The same on a list of allowed pairs. Before the flow, each row keeps only its K best columns and then
 * each column its K best rows: this never loses an optimum (if an optimal plan sends row r to a column
 * outside r's K best, the other ≤ K−1 pairs occupy at most K−1 of those K, so r can move to a free one
 * without losing gain; the same argument holds for columns), and it bounds the graph by K edges a row.
 */
export function maxGainAssignmentSparse(rows: number, cols: number, allEdges: readonly GainEdge[], maxPairs: number, search: Search = 'auto'): Assignment {
  const k = Math.max(0, Math.min(Math.floor(maxPairs), rows, cols));
  if (k === 0) return { pairs: [], totalGain: 0 };
  for (const e of allEdges) {
    if (!Number.isFinite(e.gain)) throw new Error(`gain of row ${e.row}, column ${e.col} is not finite`);
    if (e.row < 0 || e.row >= rows || e.col < 0 || e.col >= cols) throw new Error(`pair (${e.row}, ${e.col}) outside ${rows} × ${cols}`);
  }
  const positive = allEdges.filter((e) => e.gain > GAIN_EPSILON);
  const pruned = keepTop(keepTop(positive, (e) => e.row, k), (e) => e.col, k);
  // Only rows and columns with a remaining pair take part: renumber them densely, so that the work per
  // augmenting path follows the pruned graph, not the size of the input.
  const rowIds: number[] = [], colIds: number[] = [];
  const rowOf = new Map<number, number>(), colOf = new Map<number, number>();
  const edges = pruned.map((e) => {
    let r = rowOf.get(e.row);
    if (r === undefined) { r = rowIds.length; rowIds.push(e.row); rowOf.set(e.row, r); }
    let c = colOf.get(e.col);
    if (c === undefined) { c = colIds.length; colIds.push(e.col); colOf.set(e.col, c); }
    return { row: r, col: c, gain: e.gain };
  });
  return solve(rowIds.length, colIds.length, edges, k, rowIds, colIds, search);
}

/** How Dijkstra picks the next node: a binary heap, an array scan, or whichever suits the graph's density. */
export type Search = 'auto' | 'heap' | 'scan';

function solve(rows: number, cols: number, edges: readonly GainEdge[], k: number, rowIds: readonly number[], colIds: readonly number[], search: Search): Assignment {
  const source = 0, sink = rows + cols + 1;
  const n = sink + 1;
  // Residual graph in flat arrays; edge i and i^1 are each other's reverse.
  const to: number[] = [], cap: number[] = [], cost: number[] = [];
  const adj: number[][] = Array.from({ length: n }, () => []);
  const addEdge = (u: number, v: number, c: number): void => {
    adj[u].push(to.length); to.push(v); cap.push(1); cost.push(c);
    adj[v].push(to.length); to.push(u); cap.push(0); cost.push(-c);
  };
  for (let r = 0; r < rows; r++) addEdge(source, 1 + r, 0);
  const pot = new Float64Array(n);
  const colPot = new Float64Array(cols).fill(Infinity);
  const pairGain = new Map<number, number>();
  for (const e of edges) {
    addEdge(1 + e.row, 1 + rows + e.col, -e.gain);
    pairGain.set(e.row * cols + e.col, e.gain);
    if (-e.gain < colPot[e.col]) colPot[e.col] = -e.gain;
  }
  let sinkPot = 0;
  for (let c = 0; c < cols; c++) {
    if (colPot[c] === Infinity) continue; // no allowed pair: never reachable
    addEdge(1 + rows + c, sink, 0);
    pot[1 + rows + c] = colPot[c];
    if (colPot[c] < sinkPot) sinkPot = colPot[c];
  }
  // Initial potentials are exact shortest distances in this DAG (source 0, rows 0, column c the least
  // −gain into it, sink the least of those), so every reduced cost starts ≥ 0.
  pot[sink] = sinkPot;

  const dist = new Float64Array(n);
  const prevEdge = new Int32Array(n);
  // On a dense graph (K × K pairs) an array scan per settled node beats a heap that holds every edge.
  const dense = search === 'scan' || (search === 'auto' && n * n <= 4 * to.length);
  const done = new Uint8Array(n);
  for (let step = 0; step < k; step++) {
    dist.fill(Infinity);
    prevEdge.fill(-1);
    dist[source] = 0;
    const reduced = (u: number, e: number): number => Math.max(0, cost[e] + pot[u] - pot[to[e]]);
    if (dense) {
      const relax = (u: number, du: number): void => {
        for (const e of adj[u]) {
          if (cap[e] === 0) continue;
          const v = to[e];
          const d = du + reduced(u, e);
          if (d < dist[v]) { dist[v] = d; prevEdge[v] = e; }
        }
      };
      done.fill(0);
      for (;;) {
        let u = -1, best = Infinity;
        for (let v = 0; v < n; v++) if (!done[v] && dist[v] < best) { best = dist[v]; u = v; }
        if (u === -1) break;
        done[u] = 1;
        relax(u, best);
      }
    } else {
      const tree = dijkstra({
        nodeCount: n,
        sources: [{ node: source, dist: 0 }],
        forEachArc(u, visit) {
          for (const e of adj[u]) if (cap[e] !== 0) visit(e, to[e], reduced(u, e));
        },
      });
      dist.set(tree.dist);
      prevEdge.set(tree.via);
    }
    if (dist[sink] === Infinity) break;
    const pathCost = dist[sink] + pot[sink] - pot[source];
    if (pathCost >= -GAIN_EPSILON) break; // the next pair would gain nothing
    for (let v = 0; v < n; v++) if (dist[v] !== Infinity) pot[v] += dist[v];
    for (let v = sink; v !== source; v = to[prevEdge[v] ^ 1]) {
      cap[prevEdge[v]] -= 1;
      cap[prevEdge[v] ^ 1] += 1;
    }
  }

  let pairs: Array<[number, number]> = [];
  let totalGain = 0;
  for (let r = 0; r < rows; r++) {
    for (const e of adj[1 + r]) {
      const v = to[e];
      // A saturated forward row→column edge (even index) is an assigned pair.
      if ((e & 1) === 0 && v > rows && v < sink && cap[e] === 0) {
        const c = v - 1 - rows;
        pairs.push([rowIds[r], colIds[c]]);
        totalGain += pairGain.get(r * cols + c) as number;
      }
    }
  }
  pairs = pairs.sort((x, y) => x[0] - y[0]);
  return { pairs, totalGain };
}
