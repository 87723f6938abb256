// GET /api/resilience: single points of failure, site diversity and N-1 detour loads (analytics/resilience.ts)
// over the window's p95 figures, the same figures every other endpoint uses.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Cadastre } from '../../config/schema.js';
import type { ApiContext, AppEnv } from '../context.js';
import type { SegmentFigures } from '../../analytics/model.js';
import { requestLang, resolveWindow, sendList, spoken, WindowQuery, type Geometry, type Spoken } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { analyseResilience, type CutResilience, type ResilienceResult, type SiteResilience } from '../../analytics/resilience.js';

export const ResilienceQuery = WindowQuery.extend({
  view: z.enum(['cuts', 'sites']).default('cuts')
    .describe('cuts (default): one item per segment cut, ranked; sites: one item per site with its diversity'),
});

/** The core: the policy's coreSites; when the policy names none, the PoPs and datacentres (said in the answer). */
export function coreOf(cadastre: Cadastre): { sites: string[]; source: string } {
  if (cadastre.policy.coreSites.length) return { sites: cadastre.policy.coreSites, source: 'policy.coreSites' };
  const fallback = cadastre.sites.filter((s) => s.kind === 'pop' || s.kind === 'datacentre').map((s) => s.id);
  return { sites: fallback, source: 'policy.coreSites is empty: the sites of kind pop and datacentre are taken as the core' };
}

/** The pure analysis over a cadastre and the window's segment figures. */
export function resilienceOf(cadastre: Cadastre, figures: readonly SegmentFigures[]): ResilienceResult {
  const byId = new Map(figures.map((f) => [f.id, f]));
  return analyseResilience({
    sites: cadastre.sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    segments: cadastre.segments.map((s) => {
      const f = byId.get(s.id);
      return {
        id: s.id, a: s.a, b: s.b,
        lengthMetres: f?.lengthMetres ?? s.lengthMetres ?? 0,
        litCapacityBps: s.litCapacityBps,
        p95AbBps: f?.ab.p95Bps ?? null,
        p95BaBps: f?.ba.p95Bps ?? null,
      };
    }),
    coreSites: coreOf(cadastre).sites,
    maxLoad: cadastre.policy.maxLoad,
  });
}

export function resilienceRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const routes = new Map(ctx.cadastre.segments.map((s) => [s.id, s.route]));
  const sites = new Map(ctx.cadastre.sites.map((s) => [s.id, s]));
  const core = coreOf(ctx.cadastre);

  r.openapi(defineRoute({
    method: 'get', path: '/resilience', roles: ['planner'], query: ResilienceQuery, listFormats: true,
    summary: 'Single points of failure, diverse and single-homed sites, and N-1 detour loads',
    description: 'Bridges of the segment graph with the sites each cut isolates from the core; per site, whether it has two '
      + 'segment-disjoint paths to the core; per other segment, its p95 load moved onto the shortest detour and the detour '
      + 'segments that would exceed lit capacity × maxLoad. `model` states the assumptions; `ranking` the order.',
    errors: [503],
  }), async (c) => {
    const q = c.req.valid('query');
    const window = resolveWindow(q, ctx.now());
    const figures = await ctx.figures.segments(window);
    const result = resilienceOf(ctx.cadastre, figures);
    const meta = {
      window: windowJson(window), model: result.model, ranking: result.ranking, maxLoad: result.maxLoad,
      core: { sites: result.coreSites, source: core.source }, counts: result.counts, view: q.view,
    };
    if (q.view === 'sites') {
      return sendList<SiteResilience>(c, result.sites, {
        meta, filename: 'resilience-sites',
        geometry: (s) => { const site = sites.get(s.id); return site ? { type: 'Point', coordinates: site.coordinates } : null; },
        properties: (s) => ({ ...s, sharedSegments: s.sharedSegments.join(' ') }),
        columns: [
          { name: 'site', value: (s) => s.id }, { name: 'name', value: (s) => s.name }, { name: 'kind', value: (s) => s.kind },
          { name: 'status', value: (s) => s.status }, { name: 'disjointPaths', value: (s) => s.disjointPaths },
          { name: 'sharedSegments', value: (s) => s.sharedSegments.join(' ') },
        ],
      });
    }
    const lang = requestLang(c);
    return sendList<Spoken<CutResilience>>(c, result.cuts.map((cut) => spoken(cut, 'sentence', lang)), {
      meta: { ...meta, sites: result.sites }, filename: 'resilience',
      geometry: (cut): Geometry | null => { const route = routes.get(cut.segment); return route ? { type: 'LineString', coordinates: route.coordinates } : null; },
      // Map layers filter on flat properties; the full detail stays in the JSON answer.
      properties: (cut) => ({
        segment: cut.segment, rank: cut.rank, bridge: cut.bridge, cutOffCount: cut.cutOff.length,
        cutOff: cut.cutOff.map((s) => s.id).join(' '), splitsCore: cut.splitsCore, outsideCore: cut.outsideCore,
        movedBps: cut.movedBps, detour: cut.detour?.path.join(' ') ?? null, detourMetres: cut.detour?.lengthMetres ?? null,
        overloaded: cut.detour?.overloaded.map((o) => o.segment).join(' ') ?? '', overloadBps: cut.overloadBps, sentence: cut.sentence,
      }),
      columns: [
        { name: 'rank', value: (x) => x.rank }, { name: 'segment', value: (x) => x.segment },
        { name: 'a', value: (x) => x.a }, { name: 'b', value: (x) => x.b }, { name: 'bridge', value: (x) => x.bridge },
        { name: 'cutOffCount', value: (x) => x.cutOff.length }, { name: 'cutOff', value: (x) => x.cutOff.map((s) => s.id).join(' ') },
        { name: 'movedBps', value: (x) => x.movedBps }, { name: 'detour', value: (x) => x.detour?.path.join(' ') ?? '' },
        { name: 'detourMetres', value: (x) => x.detour?.lengthMetres ?? null },
        { name: 'overloaded', value: (x) => x.detour?.overloaded.map((o) => `${o.segment}:${o.loadBps}/${o.limitBps}`).join(' ') ?? '' },
        { name: 'overloadBps', value: (x) => x.overloadBps }, { name: 'sentence', value: (x) => x.sentence },
      ],
    });
  });
  return r;
}
