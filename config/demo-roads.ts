// The major-roads graph (OSM 2013 edges split at junctions) and shortest paths on it, for laying demo fibre
// routes along real streets. Pure: takes parsed edges, returns coordinates.
import { dijkstra } from '../common/graph.js';
import type { LonLat } from './schema.js';

export interface RoadEdge {
  from: number;
  to: number;
  lengthMetres: number;
  highway: string;
  name?: string;
  coordinates: LonLat[];
}

interface Arc { edge: number; to: number; forward: boolean }

export interface RoadPath {
  /** From the start point to the end point, through the road nodes. */
  coordinates: LonLat[];
  /** Along roads only (without the access legs). */
  metres: number;
  /** Metres per highway class along the path, to tell who owns ducts along it. */
  metresByHighway: Record<string, number>;
  /** Metres along the canal and port-zone roads (quays, Avenue de Vilvorde, Boulevard Industriel…): the Port's domain. */
  metresAlongPortZone: number;
}

// Road names along the canal and the port (2013 major roads): quays, the canal dyke, Avenue du Port, Sainctelette,
// Avenue/Chaussée de Vilvorde (north, along the port basins), Boulevard Industriel (south, along the canal).
const PORT_ZONE = /(quai|kaai|canal|kanaal|vaart|havenlaan|avenue du port|industriel|sainctelette|vilvorde)/i;

export class RoadGraph {
  private readonly adjacency = new Map<number, Arc[]>();
  private readonly position = new Map<number, LonLat>();
  /** Nodes of the largest connected component: sites snap only to these so every pair is routable. */
  readonly mainNodes: number[];
  /** Dense indices for the shortest-path search, in node id order. */
  private readonly nodeIds: number[];
  private readonly nodeIndex = new Map<number, number>();

  constructor(readonly edges: readonly RoadEdge[]) {
    edges.forEach((e, i) => {
      if (e.from === e.to) return;
      this.arcs(e.from).push({ edge: i, to: e.to, forward: true });
      this.arcs(e.to).push({ edge: i, to: e.from, forward: false });
      this.position.set(e.from, e.coordinates[0]);
      this.position.set(e.to, e.coordinates[e.coordinates.length - 1]);
    });
    this.mainNodes = this.largestComponent();
    this.nodeIds = [...this.adjacency.keys()].sort((x, y) => x - y);
    this.nodeIds.forEach((id, i) => this.nodeIndex.set(id, i));
  }

  private arcs(node: number): Arc[] {
    let a = this.adjacency.get(node);
    if (!a) { a = []; this.adjacency.set(node, a); }
    return a;
  }

  private largestComponent(): number[] {
    const seen = new Set<number>();
    let best: number[] = [];
    // Sorted so that ties and traversal order never depend on insertion order.
    for (const start of [...this.adjacency.keys()].sort((x, y) => x - y)) {
      if (seen.has(start)) continue;
      const comp: number[] = [];
      const stack = [start];
      seen.add(start);
      while (stack.length) {
        const n = stack.pop()!;
        comp.push(n);
        for (const arc of this.adjacency.get(n) ?? []) if (!seen.has(arc.to)) { seen.add(arc.to); stack.push(arc.to); }
      }
      if (comp.length > best.length) best = comp;
    }
    return best.sort((x, y) => x - y);
  }

  nodePosition(node: number): LonLat { return this.position.get(node)!; }

  /** The main-component node nearest to a point (equirectangular distance, fine at city scale). */
  nearestNode(p: LonLat): { node: number; metres: number } {
    const k = Math.cos((p[1] * Math.PI) / 180);
    let best = this.mainNodes[0];
    let bestD = Infinity;
    for (const n of this.mainNodes) {
      const q = this.position.get(n)!;
      const dx = (q[0] - p[0]) * k, dy = q[1] - p[1];
      const d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = n; }
    }
    return { node: best, metres: Math.sqrt(bestD) * 111_195 };
  }

  /** Main-component nodes within `radius` metres of a point, with their distances; at least the nearest one. */
  nodesNear(p: LonLat, radius: number): { node: number; metres: number }[] {
    const k = Math.cos((p[1] * Math.PI) / 180);
    const out: { node: number; metres: number }[] = [];
    for (const n of this.mainNodes) {
      const q = this.position.get(n)!;
      const m = Math.hypot((q[0] - p[0]) * k, q[1] - p[1]) * 111_195;
      if (m <= radius) out.push({ node: n, metres: m });
    }
    return out.length ? out : [this.nearestNode(p)];
  }

  /**
   * The shortest way from point a to point b: a straight access leg to one of the road nodes near a, the road
   * graph (Dijkstra on edge lengths; ducts ignore one-way rules), a leg from a node near b. Legs cost
   * `legFactor` × their length, so the path prefers entering the road network close to the site but does not
   * take the nearest node when it sits on a road that only joins b through a long detour.
   */
  route(a: LonLat, b: LonLat, { radius = 600, legFactor = 2 } = {}): RoadPath {
    const finish = new Map(this.nodesNear(b, radius).map(({ node, metres }) => [this.nodeIndex.get(node)!, metres]));
    let best = Infinity;
    let end = -1;
    // Arc number 2·edge is the edge walked forward, 2·edge + 1 backward.
    const tree = dijkstra({
      nodeCount: this.nodeIds.length,
      sources: this.nodesNear(a, radius).map(({ node, metres }) => ({ node: this.nodeIndex.get(node)!, dist: metres * legFactor })),
      forEachArc: (u, visit) => {
        for (const arc of this.adjacency.get(this.nodeIds[u]) ?? []) {
          visit(2 * arc.edge + (arc.forward ? 0 : 1), this.nodeIndex.get(arc.to)!, this.edges[arc.edge].lengthMetres);
        }
      },
      stop: (u, d) => {
        if (d >= best) return true;
        const leg = finish.get(u);
        if (leg !== undefined && d + leg * legFactor < best) { best = d + leg * legFactor; end = u; }
        return false;
      },
    });
    if (end < 0) throw new Error(`no road path between [${a.join(', ')}] and [${b.join(', ')}]`);
    const arcs: Arc[] = [];
    let n = end;
    // A node without a predecessor is where the path left the start leg.
    while (tree.via[n] !== -1) {
      const v = tree.via[n];
      const e = this.edges[v >> 1];
      const arc: Arc = (v & 1) === 0 ? { edge: v >> 1, to: e.to, forward: true } : { edge: v >> 1, to: e.from, forward: false };
      arcs.push(arc);
      n = this.nodeIndex.get(this.otherEnd(arc))!;
    }
    arcs.reverse();
    const coordinates: LonLat[] = [a, this.nodePosition(this.nodeIds[n])];
    const metresByHighway: Record<string, number> = {};
    let metres = 0, metresAlongPortZone = 0;
    for (const arc of arcs) {
      const e = this.edges[arc.edge];
      const cs = arc.forward ? e.coordinates : [...e.coordinates].reverse();
      coordinates.push(...cs.slice(1));
      metres += e.lengthMetres;
      metresByHighway[e.highway] = (metresByHighway[e.highway] ?? 0) + e.lengthMetres;
      if (e.name && PORT_ZONE.test(e.name)) metresAlongPortZone += e.lengthMetres;
    }
    coordinates.push(b);
    return { coordinates, metres, metresByHighway, metresAlongPortZone };
  }

  private otherEnd(arc: Arc): number {
    const e = this.edges[arc.edge];
    return arc.forward ? e.from : e.to;
  }
}
