// GET /api/opportunities: planned roadworks (Osiris worksites imported by works:import) that could carry new
// fibre where a segment will saturate, or a backhaul to a target without coverage (analytics/roadworks.ts).
// GET /api/worksites: the imported worksites themselves, for the map.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Cadastre } from '../../config/schema.js';
import { segmentLengthMetres } from '../../config/geometry.js';
import type { ApiContext, AppEnv } from '../context.js';
import type { SegmentForecast } from '../../analytics/model.js';
import { requestLang, requirePriceBook, resolveWindow, sendList, spoken, WindowQuery, type Geometry, type Spoken } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { findOpportunities, type Opportunity, type OpportunityResult, type Worksite } from '../../analytics/roadworks.js';
import { toWorksites } from '../../analytics/roadworks.js';
import { readWorksiteFile, WORKSITES_FILE } from '../../config/worksites.js';
import type { WorksiteCollection } from '../../config/worksites.js';

export const OpportunitiesQuery = WindowQuery.extend({
  horizonDays: z.coerce.number().int().min(1).max(3650).default(365)
    .describe('capacity: segments whose forecast reaches maxLoad within this many days (or is already above it); default 365'),
  kind: z.enum(['all', 'capacity', 'reach']).default('all').describe('all (default), capacity or reach'),
});

/** The stored worksites, re-read when the file changes (a re-import replaces it while the API runs). */
export function worksiteCache(file: string): () => { collection: WorksiteCollection; worksites: Worksite[] } {
  let key = '';
  let value: { collection: WorksiteCollection; worksites: Worksite[] } = { collection: { type: 'FeatureCollection', sources: [], features: [] }, worksites: [] };
  return () => {
    let k = 'none';
    try { const st = statSync(file); k = `${st.mtimeMs}|${st.size}|${st.ino}`; } catch { /* no file: no worksites */ }
    if (k !== key) {
      const collection = readWorksiteFile(file);
      value = { collection, worksites: toWorksites(collection) };
      key = k;
    }
    return value;
  };
}

/** The pure analysis over a cadastre, the window's forecasts and the worksites. */
export function opportunitiesOf(cadastre: Cadastre, forecasts: readonly SegmentForecast[], worksites: readonly Worksite[], now: number, horizonDays: number): OpportunityResult {
  const priceBook = cadastre.priceBook;
  if (!priceBook) throw new Error('opportunitiesOf: the cadastre has no price book');
  const fibreSiteIds = new Set(cadastre.devices.filter((d) => d.role === 'switch' || d.role === 'router').map((d) => d.site));
  return findOpportunities({
    now, horizonDays,
    corridorMetres: cadastre.policy.worksCorridorMetres,
    maxLoad: cadastre.policy.maxLoad,
    civilWorksPerMetreCents: priceBook.civilWorksPerMetreCents,
    coverageRadiusMetres: cadastre.policy.coverageRadiusMetres,
    segments: cadastre.segments.map((s) => ({ id: s.id, a: s.a, b: s.b, route: s.route.coordinates, lengthMetres: segmentLengthMetres(s) })),
    forecasts: forecasts.map((f) => ({ segment: f.id, crossesAt: f.crossesAt, aboveNow: f.aboveNow, thresholdBps: f.thresholdBps })),
    worksites,
    targets: cadastre.targets.map((t) => ({ id: t.id, name: t.name, kind: t.kind, coordinates: t.coordinates })),
    hotspots: cadastre.hotspots.map((h) => ({ id: h.id, coordinates: h.coordinates })),
    fibreSites: cadastre.sites.filter((s) => fibreSiteIds.has(s.id)).map((s) => ({ id: s.id, name: s.name, coordinates: s.coordinates })),
  });
}

const subjectOf = (o: Spoken<Opportunity>): string => (o.kind === 'capacity' ? o.segment : o.target.id);

export function opportunityRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const stored = worksiteCache(ctx.worksitesFile ?? join(ctx.configDir, WORKSITES_FILE));

  r.openapi(defineRoute({
    method: 'get', path: '/opportunities', roles: ['planner'], query: OpportunitiesQuery, listFormats: true,
    summary: 'Planned roadworks as fibre opportunities: capacity (saturating segments) and reach (backhaul of uncovered targets)',
    description: 'Each opportunity names the worksite, the metres of route or backhaul inside its corridor (policy.worksCorridorMetres), '
      + 'the value (metres × priceBook.civilWorksPerMetreCents) and a sentence. `rules` states the selection; GeoJSON features are the covered stretches.',
    errors: [409, 503],
  }), async (c) => {
    const q = c.req.valid('query');
    const priceBook = requirePriceBook(ctx.cadastre.priceBook, 'opportunities');
    const window = resolveWindow(q, ctx.now());
    const forecasts = await ctx.figures.forecasts(window);
    const { collection, worksites } = stored();
    const result = opportunitiesOf(ctx.cadastre, forecasts, worksites, ctx.now(), q.horizonDays);
    const lang = requestLang(c);
    const items = (q.kind === 'all' ? result.opportunities : result.opportunities.filter((o) => o.kind === q.kind)).map((o) => spoken(o, 'sentence', lang));
    return sendList<Spoken<Opportunity>>(c, items, {
      filename: 'opportunities',
      meta: {
        window: windowJson(window), horizonDays: result.horizonDays, corridorMetres: result.corridorMetres, rules: result.rules,
        civilWorksPerMetreCents: priceBook.civilWorksPerMetreCents,
        counts: { opportunities: items.length, capacitySegments: result.capacitySegments, uncoveredTargets: result.uncoveredTargets, worksites: worksites.length },
        worksitesWithoutEnd: result.worksitesWithoutEnd,
        worksiteSources: collection.sources, syntheticWorksites: collection.synthetic === true || worksites.some((w) => w.synthetic),
      },
      geometry: (o): Geometry => ({ type: 'MultiLineString', coordinates: o.parts }),
      properties: (o) => ({
        rank: o.rank, kind: o.kind, subject: subjectOf(o), worksite: o.worksite.id, worksiteLabel: o.worksite.label,
        road: o.worksite.road, status: o.worksite.status, startDate: o.worksite.startDate, endDate: o.worksite.endDate,
        synthetic: o.worksite.synthetic, coveredMetres: Math.round(o.coveredMetres), valueCents: o.valueCents,
        ...(o.kind === 'capacity'
          ? { share: o.share, crossingDate: o.crossingDate, alreadyAbove: o.alreadyAbove, marginWeeks: o.marginWeeks }
          : { target: o.target.id, site: o.site.id, backhaulMetres: Math.round(o.backhaulMetres) }),
        sentence: o.sentence,
      }),
      columns: [
        { name: 'rank', value: (o) => o.rank }, { name: 'kind', value: (o) => o.kind }, { name: 'subject', value: subjectOf },
        { name: 'worksite', value: (o) => o.worksite.id }, { name: 'road', value: (o) => o.worksite.road },
        { name: 'startDate', value: (o) => o.worksite.startDate }, { name: 'endDate', value: (o) => o.worksite.endDate },
        { name: 'coveredMetres', value: (o) => Math.round(o.coveredMetres) },
        { name: 'share', value: (o) => (o.kind === 'capacity' ? Number(o.share.toFixed(4)) : null) },
        { name: 'crossingDate', value: (o) => (o.kind === 'capacity' ? (o.crossingDate ?? 'already above') : null) },
        { name: 'marginWeeks', value: (o) => (o.kind === 'capacity' ? o.marginWeeks : null) },
        { name: 'backhaulMetres', value: (o) => (o.kind === 'reach' ? Math.round(o.backhaulMetres) : null) },
        { name: 'valueCents', value: (o) => o.valueCents }, { name: 'synthetic', value: (o) => o.worksite.synthetic },
        { name: 'sentence', value: (o) => o.sentence },
      ],
    });
  });

  r.openapi(defineRoute({
    method: 'get', path: '/worksites', roles: ['planner', 'viewer'], listFormats: true,
    summary: 'The imported Osiris worksites (polygons with status and programmed dates), for the map',
  }), (c) => {
    const { collection, worksites } = stored();
    const byId = new Map(collection.features.map((f) => [f.properties.id_ws, f]));
    return sendList<Worksite>(c, worksites, {
      filename: 'worksites',
      meta: { sources: collection.sources, synthetic: collection.synthetic === true },
      geometry: (w) => byId.get(w.id)!.geometry,
      properties: (w) => ({ id: w.id, label: w.label, status: w.status, road: w.road, startDate: w.startDate, endDate: w.endDate, synthetic: w.synthetic === true }),
      columns: [
        { name: 'id', value: (w) => w.id }, { name: 'label', value: (w) => w.label }, { name: 'status', value: (w) => w.status },
        { name: 'road', value: (w) => w.road }, { name: 'startDate', value: (w) => w.startDate }, { name: 'endDate', value: (w) => w.endDate },
        { name: 'synthetic', value: (w) => w.synthetic === true },
      ],
    });
  });
  return r;
}
