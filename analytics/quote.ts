// A quote for surplus capacity, or why there is none: pure apart from the id (cadastre and figures in, plain
// data out). The route is the shortest over the segments that can carry the service; diverse protection takes
// the least-total-length pair of segment-disjoint routes (Suurballe). Prices follow pricing.ts (integer cents).
import { z } from 'zod';
import { Id, LonLat, type Cadastre, type Site } from '../config/schema.js';
import { BUCKET_MS } from '../store/schema.js';
import { DAY_MS } from '../common/time.js';
import { render, sentence, type Sentence } from '../common/i18n.js';
import { windowJson, type SegmentFigures, type Window } from './model.js';
import { blockingSegments, disjointRoutePair, shortestRoute, singlePointsOfFailure, type Path } from './routing.js';
import { PriceSchema, priceQuote, ServiceSchema, type AccessBuild } from './pricing.js';
import { NearestSites } from './relocation.js';

/** A request that names something the cadastre does not know; the API answers 400 naming `field`. */
export class QuoteInputError extends Error {
  constructor(readonly field: string, readonly i18n: Sentence) { super(render(i18n, 'en')); }
}

/** Quotes are priced on the figures of the last 30 days. */
export const QUOTE_WINDOW_MS = 30 * DAY_MS;

export const QuoteEndpoint = z.union([Id, LonLat]).describe('a site id, or a WGS84 [lon, lat] connected to the nearest site by an access build');

export const QuoteRequest = z.object({
  from: QuoteEndpoint,
  to: QuoteEndpoint,
  service: ServiceSchema,
  termMonths: z.number().int().min(1).max(360),
  protection: z.enum(['none', 'diverse']).default('none'),
  /** Who the quote is for, printed on the document. */
  customer: z.string().trim().min(1).max(200).optional(),
}).strict();
export type QuoteRequest = z.output<typeof QuoteRequest>;

export const QuoteSegmentSchema = z.object({
  id: z.string(),
  owner: z.string(),
  a: z.string(),
  b: z.string(),
  lengthMetres: z.number(),
  sellableBps: z.number(),
  freeDarkPairs: z.number().int(),
});
export type QuoteSegment = z.infer<typeof QuoteSegmentSchema>;

export const QuoteRouteSchema = z.object({
  sites: z.array(z.string()),
  segments: z.array(QuoteSegmentSchema),
  lengthMetres: z.number(),
});
export type QuoteRoute = z.infer<typeof QuoteRouteSchema>;

export const ResolvedEndpointSchema = z.object({
  site: z.string(),
  siteName: z.string(),
  access: z.object({ coordinates: LonLat, metres: z.number() }).nullable().describe('for a coordinate: the access build to the site'),
});
export type ResolvedEndpoint = z.infer<typeof ResolvedEndpointSchema>;

export const QuoteSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  validUntil: z.string(),
  window: z.object({ from: z.string(), to: z.string() }).describe('the measurement window whose figures chose the route'),
  request: QuoteRequest,
  endpoints: z.object({ from: ResolvedEndpointSchema, to: ResolvedEndpointSchema }),
  routes: z.array(QuoteRouteSchema),
  price: PriceSchema,
});
export type Quote = z.infer<typeof QuoteSchema>;

export const BlockingSegmentSchema = z.object({
  id: z.string(),
  owner: z.string(),
  a: z.string(),
  b: z.string(),
  lengthMetres: z.number(),
  available: z.number().describe('what the segment offers now: sellable bps (lit) or free dark pairs (dark)'),
  needed: z.number().describe('what the service needs'),
});
export type BlockingSegment = z.infer<typeof BlockingSegmentSchema>;

export const InfeasibleSchema = z.object({
  reason: z.enum(['insufficient-capacity', 'no-diverse-route', 'not-connected', 'same-site']),
  message: z.string(),
  blockingSegments: z.array(BlockingSegmentSchema).describe('a minimum cut: the fewest segments lacking capacity that every route crosses (ties: the least available capacity)'),
  upgradeSegments: z.array(BlockingSegmentSchema).nullable().describe('the fewest segments whose upgrade makes the service feasible; null when none can'),
});
/** Why no quote: `message` in English, `i18n` the same sentence as values for the API to render in the reader's language. */
export type Infeasible = z.infer<typeof InfeasibleSchema> & { i18n: Sentence };

function refusal(reason: Infeasible['reason'], i18n: Sentence): Infeasible {
  return { reason, message: render(i18n, 'en'), i18n, blockingSegments: [], upgradeSegments: null };
}

/** The last 30 days up to the start of the current 5-minute bucket (whole buckets only; cache-friendly). */
export function quoteWindow(now: number): Window {
  const to = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  return { from: to - QUOTE_WINDOW_MS, to };
}

interface FiguresIndex {
  sites: Map<string, Site>;
  onGraph: Set<string>;
  nearest: NearestSites;
  byId: Map<string, SegmentFigures>;
  region: Region;
  maxLitBps: number;
}

/** The cadastre's region: the bounding box of its sites widened by a margin in metres (WGS84 degrees). */
export interface Region { west: number; south: number; east: number; north: number }
export function regionOf(sites: ReadonlyArray<{ coordinates: LonLat }>, marginMetres: number): Region {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const { coordinates: [lon, lat] } of sites) {
    west = Math.min(west, lon); east = Math.max(east, lon); south = Math.min(south, lat); north = Math.max(north, lat);
  }
  // 1° of latitude ≥ 110.5 km; 1° of longitude shrinks with cos(latitude): take the box's widest-latitude edge.
  const dLat = marginMetres / 110_574;
  const dLon = marginMetres / (111_320 * Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180));
  const r = (v: number): number => Math.round(v * 1e4) / 1e4;
  return { west: r(west - dLon), south: r(south - dLat), east: r(east + dLon), north: r(north + dLat) };
}
const inRegion = (r: Region, [lon, lat]: readonly number[]): boolean => lon >= r.west && lon <= r.east && lat >= r.south && lat <= r.north;
/** Per figures array (the API memoises them per window): lookups every quote on that window shares. */
const indexes = new WeakMap<readonly SegmentFigures[], { cadastre: Cadastre; index: FiguresIndex }>();
function indexOf(cadastre: Cadastre, figures: readonly SegmentFigures[]): FiguresIndex {
  const hit = indexes.get(figures);
  if (hit && hit.cadastre === cadastre) return hit.index;
  const onGraph = new Set<string>();
  for (const f of figures) { onGraph.add(f.a); onGraph.add(f.b); }
  const index = {
    sites: new Map(cadastre.sites.map((s) => [s.id, s])),
    onGraph,
    nearest: new NearestSites(cadastre.sites.filter((s) => onGraph.has(s.id))),
    byId: new Map(figures.map((f) => [f.id, f])),
    region: regionOf(cadastre.sites, cadastre.policy.quoteRegionMarginMetres),
    maxLitBps: Math.max(0, ...cadastre.segments.map((seg) => seg.litCapacityBps)),
  };
  indexes.set(figures, { cadastre, index });
  return index;
}

/**
 * The quote for a request, or why there is none. Pure apart from `id`: cadastre and figures in, plain
 * data out. Throws a QuoteInputError naming the field for an unknown site id, a coordinate outside the region
 * (sites' box + policy.quoteRegionMarginMetres) or farther than policy.maxAccessMetres from a site, and a
 * bandwidth above the network's largest lit capacity.
 */
export function composeQuote(
  cadastre: Cadastre, figures: readonly SegmentFigures[], req: QuoteRequest, window: Window, now: number, id: string,
): { quote: Quote } | { infeasible: Infeasible } {
  const priceBook = cadastre.priceBook;
  // The API answers 409 before asking (api/format.ts requirePriceBook); a caller that did not check is a bug.
  if (!priceBook) throw new Error('composeQuote: the cadastre has no price book');
  const { sites, onGraph, nearest, byId, region, maxLitBps } = indexOf(cadastre, figures);
  if (req.service.kind === 'lit' && req.service.bandwidthBps > maxLitBps) {
    throw new QuoteInputError('service.bandwidthBps', sentence('quote.bandwidthCap', { field: 'service.bandwidthBps', maxBps: maxLitBps }));
  }
  const resolve = (e: QuoteRequest['from'], field: 'from' | 'to'): ResolvedEndpoint | Infeasible => {
    if (typeof e === 'string') {
      const site = sites.get(e);
      if (!site) throw new QuoteInputError(field, sentence('quote.unknownSite', { field, site: e }));
      if (!onGraph.has(e)) return refusal('not-connected', sentence('quote.siteNotConnected', { site: e, name: site.name }));
      return { site: e, siteName: site.name, access: null };
    }
    if (!inRegion(region, e)) {
      throw new QuoteInputError(field, sentence('quote.outsideRegion', { field, lon: e[0], lat: e[1], swapped: inRegion(region, [e[1], e[0]]), ...region }));
    }
    const near = nearest.nearest(e);
    if (!near) return refusal('not-connected', sentence('quote.noNetwork', {}));
    if (near.metres > cadastre.policy.maxAccessMetres) {
      throw new QuoteInputError(field, sentence('quote.tooFar', { field, metres: near.metres, site: near.site.id, maxMetres: cadastre.policy.maxAccessMetres }));
    }
    const best = { id: near.site.id, name: near.site.name, metres: near.metres };
    return { site: best.id, siteName: best.name, access: { coordinates: e, metres: best.metres } };
  };
  const from = resolve(req.from, 'from');
  if ('reason' in from) return { infeasible: from };
  const to = resolve(req.to, 'to');
  if ('reason' in to) return { infeasible: to };
  if (from.site === to.site) {
    return { infeasible: refusal('same-site', sentence('quote.sameSite', { site: from.site, name: from.siteName })) };
  }

  const service = req.service;
  const need = service.kind === 'lit' ? service.bandwidthBps : service.pairs;
  const available = (f: SegmentFigures): number => (service.kind === 'lit' ? f.sellableBps : f.freeDarkPairs);
  const carries = (f: SegmentFigures): boolean => available(f) >= need;
  const blocking = (ids: readonly string[]): BlockingSegment[] => ids.map((sid) => {
    const f = byId.get(sid) as SegmentFigures;
    return { id: f.id, owner: f.owner, a: f.a, b: f.b, lengthMetres: f.lengthMetres, available: available(f), needed: need };
  });
  const what = service.kind === 'lit' ? { bandwidthBps: service.bandwidthBps } : { pairs: service.pairs };

  let paths: Path[];
  const single = shortestRoute(figures, from.site, to.site, { usable: carries });
  if (!single) {
    const connected = shortestRoute(figures, from.site, to.site) !== null;
    if (!connected) return { infeasible: refusal('not-connected', sentence('quote.notConnected', { from: from.site, to: to.site })) };
    const b = blockingSegments(figures, from.site, to.site, carries, req.protection === 'diverse', available);
    return {
      infeasible: {
        ...refusal('insufficient-capacity', sentence('quote.insufficient', { from: from.site, to: to.site, service: what, cut: b.cut, upgrade: b.upgrade })),
        blockingSegments: blocking(b.cut),
        upgradeSegments: b.upgrade ? blocking(b.upgrade) : null,
      },
    };
  }
  if (req.protection === 'diverse') {
    const pair = disjointRoutePair(figures, from.site, to.site, { usable: carries });
    if (!pair) {
      const spof = singlePointsOfFailure(figures, single, from.site, to.site, carries);
      const b = blockingSegments(figures, from.site, to.site, carries, true);
      return {
        infeasible: {
          ...refusal('no-diverse-route', sentence('quote.noDiverse', { from: from.site, to: to.site, service: what, spof, upgrade: b.upgrade })),
          blockingSegments: blocking(spof),
          upgradeSegments: b.upgrade && b.upgrade.length ? blocking(b.upgrade) : null,
        },
      };
    }
    paths = pair;
  } else {
    paths = [single];
  }

  const routes: QuoteRoute[] = paths.map((p) => ({
    sites: p.sites,
    lengthMetres: p.lengthMetres,
    segments: p.segments.map((sid) => {
      const f = byId.get(sid) as SegmentFigures;
      return { id: f.id, owner: f.owner, a: f.a, b: f.b, lengthMetres: f.lengthMetres, sellableBps: f.sellableBps, freeDarkPairs: f.freeDarkPairs };
    }),
  }));
  const access: AccessBuild[] = [];
  if (from.access) access.push({ endpoint: 'from', site: from.site, metres: from.access.metres });
  if (to.access) access.push({ endpoint: 'to', site: to.site, metres: to.access.metres });
  const price = priceQuote({
    priceBook,
    service,
    termMonths: req.termMonths,
    routes: routes.map((r) => r.segments),
    access,
    revenueShareOperator: cadastre.policy.revenueShareOperator,
  });
  return {
    quote: {
      id,
      createdAt: new Date(now).toISOString(),
      validUntil: new Date(now + priceBook.quoteValidityDays * DAY_MS).toISOString(),
      window: windowJson(window),
      request: req,
      endpoints: { from, to },
      routes,
      price,
    },
  };
}

