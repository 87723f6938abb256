// Relocation plan: which under-used hotspots to move to which uncovered target places (issue #6).
// gain(h, t) = weight(t) − backhaulCostPerMetre × backhaul(t) − usageWeight × openHoursMean(h), where
// backhaul(t) is the turf distance to the nearest site with a switch or router. A pair (h, t) is allowed
// when no hotspot other than h lies within the coverage radius of t. The plan is the optimal assignment
// of at most K pairs with positive gain (assignment.ts). Pure.
import { distance } from '@turf/turf';
import { z } from 'zod';
import { LonLat, type Device, type Hotspot, type Policy, type Site, type Target } from '../config/schema.js';
import type { HotspotFigures } from './model.js';
import { maxGainAssignmentSparse, type GainEdge } from './assignment.js';
import { render, sentence, type Sentence } from '../common/i18n.js';

export type RelocationPolicy = Pick<Policy, 'coverageRadiusMetres' | 'backhaulCostPerMetre' | 'usageWeight'>;

export interface RelocationInput {
  hotspots: readonly Hotspot[];
  figures: readonly HotspotFigures[];
  targets: readonly Target[];
  sites: readonly Site[];
  devices: readonly Pick<Device, 'site' | 'role'>[];
  policy: RelocationPolicy;
  /** At most this many moves. */
  moves: number;
  /** Length of the measurement window, for the sentences. */
  windowDays: number;
}

export const MoveSchema = z.object({
  hotspot: z.object({ id: z.string(), name: z.string(), commune: z.string(), coordinates: LonLat }),
  target: z.object({ id: z.string(), name: z.string(), kind: z.string(), commune: z.string().optional(), coordinates: LonLat }),
  terms: z.object({
    weight: z.number(),
    backhaulMetres: z.number().describe('turf distance from the target to the nearest site with a switch or router'),
    backhaulSite: z.string(),
    backhaulCost: z.number().describe('backhaulCostPerMetre × backhaulMetres'),
    openHoursMeanClients: z.number(),
    usageCost: z.number().describe('usageWeight × openHoursMeanClients'),
    gain: z.number().describe('weight − backhaulCost − usageCost'),
  }),
  moveMetres: z.number().describe('distance of the move itself, metres (information only, not a term of the gain)'),
  explanation: z.string(),
});
/** A move; `explanation` in English, `i18n` the same sentence as values for the API to render in the reader's language. */
export type Move = z.infer<typeof MoveSchema> & { i18n: Sentence };

export const RelocationPlanSchema = z.object({
  moves: z.array(MoveSchema),
  totalGain: z.number(),
  maxMoves: z.number().int(),
  candidates: z.number().int().describe('underused hotspots considered'),
  eligibleTargets: z.number().int().describe('targets that some candidate may take'),
  coveredTargets: z.array(z.string()).describe('targets covered by a hotspot that may not move there: never assigned'),
  unreachableTargets: z.array(z.string()).describe('targets with no site with a switch or router at all: never assigned'),
});
export type RelocationPlan = Omit<z.infer<typeof RelocationPlanSchema>, 'moves'> & { moves: Move[] };

const metresBetween = (p: LonLat, q: LonLat): number => distance(p, q, { units: 'kilometers' }) * 1000;

/** Degrees of latitude per metre, for cheap pre-filters before the exact turf distance. */
const DEG_PER_M_LAT = 1 / 110_574;

/** Hotspots within `radius` metres of each target, by turf distance (a latitude band by binary search first). */
function hotspotsNear(targets: readonly Target[], hotspots: readonly Hotspot[], radius: number): string[][] {
  const byLat = [...hotspots].sort((x, y) => x.coordinates[1] - y.coordinates[1]);
  const lats = byLat.map((h) => h.coordinates[1]);
  const lowerBound = (x: number): number => {
    let lo = 0, hi = lats.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (lats[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  };
  return targets.map((t) => {
    const [lon, lat] = t.coordinates;
    const dLat = radius * DEG_PER_M_LAT * 1.01 + 1e-9;
    const dLon = dLat / Math.max(0.01, Math.cos((Math.min(89, Math.abs(lat) + dLat) * Math.PI) / 180));
    const near: string[] = [];
    for (let i = lowerBound(lat - dLat); i < byLat.length && lats[i] <= lat + dLat; i++) {
      const h = byLat[i];
      if (Math.abs(h.coordinates[0] - lon) > dLon) continue;
      if (metresBetween(t.coordinates, h.coordinates) <= radius) near.push(h.id);
    }
    return near.sort();
  });
}

/** Equirectangular metres: within 0.1 % of the great-circle distance at city scale; only used to shortlist. */
function roughMetres(p: LonLat, q: LonLat): number {
  const k = Math.cos((((p[1] + q[1]) / 2) * Math.PI) / 180);
  return Math.hypot((p[0] - q[0]) * k, p[1] - q[1]) * 111_195;
}

/**
 * Nearest-site queries by turf distance. Sites are kept sorted by latitude; a query sweeps outwards from
 * the point's latitude with a cheap distance and stops once the latitude gap alone exceeds the best cheap
 * distance found (with a margin for the approximation), then ranks the shortlist by turf distance.
 */
export class NearestSites {
  private readonly sites: Site[];
  private readonly lats: number[];
  constructor(sites: readonly Site[]) {
    this.sites = [...sites].sort((x, y) => x.coordinates[1] - y.coordinates[1] || (x.id < y.id ? -1 : 1));
    this.lats = this.sites.map((s) => s.coordinates[1]);
  }

  nearest(point: LonLat): { site: Site; metres: number } | null {
    const n = this.sites.length;
    if (n === 0) return null;
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.lats[mid] < point[1]) lo = mid + 1; else hi = mid; }
    const margin = (m: number): number => m * 1.01 + 5;
    let bestRough = Infinity;
    const shortlist: Array<{ i: number; rough: number }> = [];
    const visit = (i: number): boolean => {
      const gap = Math.abs(this.lats[i] - point[1]) * 110_574 * 0.99;
      if (gap > margin(bestRough)) return false;
      const rough = roughMetres(point, this.sites[i].coordinates);
      if (rough < bestRough) bestRough = rough;
      if (rough <= margin(bestRough)) shortlist.push({ i, rough });
      return true;
    };
    for (let up = lo, down = lo - 1; up < n || down >= 0;) {
      let moved = false;
      if (up < n) { if (visit(up)) { up++; moved = true; } else up = n; }
      if (down >= 0) { if (visit(down)) { down--; moved = true; } else down = -1; }
      if (!moved && up >= n && down < 0) break;
    }
    let best: { site: Site; metres: number } | null = null;
    for (const { i, rough } of shortlist) {
      if (rough > margin(bestRough)) continue;
      const s = this.sites[i];
      const m = metresBetween(point, s.coordinates);
      if (!best || m < best.metres || (m === best.metres && s.id < best.site.id)) best = { site: s, metres: m };
    }
    return best;
  }
}

/** The nearest of some sites to a point, by turf distance. */
export function nearestSwitchSite(point: LonLat, switchSites: readonly Site[]): { site: Site; metres: number } | null {
  return new NearestSites(switchSites).nearest(point);
}

export function planRelocation(input: RelocationInput): RelocationPlan {
  const { policy } = input;
  const figuresById = new Map(input.figures.map((f) => [f.id, f]));
  const candidates = input.hotspots.filter((h) => figuresById.get(h.id)?.underused === true);
  const switchSiteIds = new Set(input.devices.filter((d) => d.role === 'switch' || d.role === 'router').map((d) => d.site));
  const switchSites = input.sites.filter((s) => switchSiteIds.has(s.id));
  const near = hotspotsNear(input.targets, input.hotspots, policy.coverageRadiusMetres);
  const candidateIndex = new Map(candidates.map((h, i) => [h.id, i]));

  const coveredTargets: string[] = [];
  const unreachableTargets: string[] = [];
  const nearestSwitch = new NearestSites(switchSites);
  const backhaul = input.targets.map((t) => nearestSwitch.nearest(t.coordinates));
  // Per target, which candidate rows may take it: all when nothing covers it, only h when h alone does.
  const allowedRows: Array<'all' | number | null> = input.targets.map((t, j) => {
    const n = near[j];
    let allowed: 'all' | number | null;
    if (n.length === 0) allowed = 'all';
    else if (n.length === 1 && candidateIndex.has(n[0])) allowed = candidateIndex.get(n[0]) as number;
    else allowed = null;
    if (allowed === null) coveredTargets.push(t.id);
    if (!backhaul[j]) { unreachableTargets.push(t.id); allowed = null; }
    return allowed;
  });

  const usage = candidates.map((h) => figuresById.get(h.id)?.openHoursMeanClients ?? 0);
  const targetTerm = input.targets.map((t, j) => {
    const b = backhaul[j];
    return b ? t.weight - policy.backhaulCostPerMetre * b.metres : -Infinity;
  });
  // Gains are separable (a target term minus a hotspot term). For the targets open to every candidate,
  // every row's best columns are the same (the K best target terms) and every such column's best rows are
  // the same (the K least-used candidates). Keeping only those K × K pairs, plus the pairs of targets only
  // one candidate may take, keeps every row's and column's K best pairs: all that an optimal plan of at
  // most K moves needs (see maxGainAssignmentSparse), whatever the number of candidates and targets.
  const k = Math.max(0, Math.floor(input.moves));
  const openToAll = allowedRows.flatMap((a, j) => (a === 'all' ? [j] : []))
    .sort((x, y) => targetTerm[y] - targetTerm[x] || x - y).slice(0, k);
  const leastUsed = candidates.map((_, i) => i).sort((x, y) => usage[x] - usage[y] || x - y).slice(0, k);
  const gainOf = (i: number, j: number): number => targetTerm[j] - policy.usageWeight * usage[i];
  const edges: GainEdge[] = [];
  for (const i of leastUsed) for (const j of openToAll) edges.push({ row: i, col: j, gain: gainOf(i, j) });
  allowedRows.forEach((a, j) => {
    if (typeof a === 'number') edges.push({ row: a, col: j, gain: gainOf(a, j) });
  });
  const { pairs, totalGain } = maxGainAssignmentSparse(candidates.length, input.targets.length, edges, k);

  const moves: Move[] = pairs.map(([i, j]) => {
    const h = candidates[i], t = input.targets[j];
    const b = backhaul[j] as { site: Site; metres: number };
    const open = usage[i];
    const gain = gainOf(i, j);
    const fig = figuresById.get(h.id);
    const i18n = sentence('relocation.move', {
      hotspot: h.name, clients: fig?.openHoursMeanClients === null || fig?.openHoursMeanClients === undefined ? null : open,
      windowDays: input.windowDays, target: t.name, targetKind: t.kind, coveredBySpot: near[j].length > 0,
      radiusMetres: policy.coverageRadiusMetres, site: b.site.name, siteMetres: b.metres, gain, weight: t.weight,
      costPerMetre: policy.backhaulCostPerMetre, usageWeight: policy.usageWeight,
    });
    return {
      hotspot: { id: h.id, name: h.name, commune: h.commune, coordinates: h.coordinates },
      target: { id: t.id, name: t.name, kind: t.kind, ...(t.commune ? { commune: t.commune } : {}), coordinates: t.coordinates },
      terms: {
        weight: t.weight,
        backhaulMetres: b.metres,
        backhaulSite: b.site.id,
        backhaulCost: policy.backhaulCostPerMetre * b.metres,
        openHoursMeanClients: open,
        usageCost: policy.usageWeight * open,
        gain,
      },
      moveMetres: metresBetween(h.coordinates, t.coordinates),
      explanation: render(i18n, 'en'),
      i18n,
    };
  });
  moves.sort((x, y) => y.terms.gain - x.terms.gain || (x.hotspot.id < y.hotspot.id ? -1 : 1));
  return {
    moves,
    totalGain,
    maxMoves: input.moves,
    candidates: candidates.length,
    eligibleTargets: allowedRows.filter((a) => a !== null).length,
    coveredTargets: coveredTargets.sort(),
    unreachableTargets: unreachableTargets.sort(),
  };
}
