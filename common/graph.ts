// The one priority queue and the one shortest-path search of the code base, over an adjacency the caller
// passes in (fibre segments for routing and resilience, OSM roads for the demo's fibre layout). Nodes are
// dense indices 0..n−1; arcs are numbers the caller chooses (its edge or arc ids), given back in `via`.
// Pure and browser-safe.

/**
 * A binary min-heap of (key, tie, value) triples in parallel arrays (no allocation per entry). Triples
 * compare by key, then tie, then value, so pops never depend on insertion order.
 */
export class MinHeap {
  private keys: number[] = [];
  private ties: number[] = [];
  private vals: number[] = [];

  get size(): number { return this.keys.length; }

  private less(i: number, j: number): boolean {
    const k = this.keys, t = this.ties, v = this.vals;
    return k[i] < k[j] || (k[i] === k[j] && (t[i] < t[j] || (t[i] === t[j] && v[i] < v[j])));
  }

  private swap(i: number, j: number): void {
    const k = this.keys, t = this.ties, v = this.vals;
    let x = k[i]; k[i] = k[j]; k[j] = x;
    x = t[i]; t[i] = t[j]; t[j] = x;
    x = v[i]; v[i] = v[j]; v[j] = x;
  }

  push(key: number, val: number, tie = 0): void {
    this.keys.push(key); this.ties.push(tie); this.vals.push(val);
    for (let i = this.keys.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p); i = p;
    }
  }

  /** Removes and returns the least triple (call only when size > 0). */
  pop(): { key: number; tie: number; val: number } {
    const top = { key: this.keys[0], tie: this.ties[0], val: this.vals[0] };
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop(); this.ties.pop(); this.vals.pop();
    const n = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m); i = m;
    }
    return top;
  }
}

export interface DijkstraInput {
  nodeCount: number;
  /** Start nodes with their starting distances (one source at 0, or several with access legs). */
  sources: ReadonlyArray<{ node: number; dist: number }>;
  /** Calls `visit` for each usable arc leaving `u`: the caller's arc number, its head and its cost (≥ 0). */
  forEachArc(u: number, visit: (arc: number, head: number, cost: number) => void): void;
  /**
   * Ties between equal distances: by default the first label found stays; with `fewerHops`, the label
   * with fewer arcs wins, then the lower arc number (a route that does not depend on adjacency order).
   */
  fewerHops?: boolean;
  /** Called as each node is settled, before its arcs are relaxed; returning true ends the search. */
  stop?(u: number, dist: number): boolean;
}

export interface ShortestPathTree {
  dist: Float64Array;
  hops: Int32Array;
  /** The arc that reached each node (−1 for a source not improved upon, or a node not reached). */
  via: Int32Array;
  settled: Uint8Array;
}

/** Dijkstra's algorithm with a binary heap. */
export function dijkstra(input: DijkstraInput): ShortestPathTree {
  const n = input.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  const hops = new Int32Array(n).fill(0x7fffffff);
  const via = new Int32Array(n).fill(-1);
  const settled = new Uint8Array(n);
  const byHops = input.fewerHops === true;
  const heap = new MinHeap();
  for (const { node, dist: d } of input.sources) {
    if (d < dist[node]) { dist[node] = d; hops[node] = 0; heap.push(d, node); }
  }
  let du = 0, hu = 0;
  const relax = (arc: number, v: number, cost: number): void => {
    if (settled[v]) return;
    const d = du + cost, h = hu + 1;
    if (d < dist[v] || (byHops && d === dist[v] && (h < hops[v] || (h === hops[v] && arc < via[v])))) {
      dist[v] = d; hops[v] = h; via[v] = arc;
      heap.push(d, v, byHops ? h : 0);
    }
  };
  while (heap.size > 0) {
    const { key, val: u } = heap.pop();
    if (settled[u] || key > dist[u]) continue;
    settled[u] = 1;
    if (input.stop?.(u, key)) break;
    du = key; hu = hops[u];
    input.forEachArc(u, relax);
  }
  return { dist, hops, via, settled };
}
