// GET /api/relocation?from&to&moves=K: the optimal plan of at most K moves of under-used hotspots to
// uncovered target places (analytics/relocation.ts), each with its terms and a sentence.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import { requestLang, resolveWindow, sendList, spoken, WindowQuery, type Spoken } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { MoveSchema, planRelocation, RelocationPlanSchema, type Move } from '../../analytics/relocation.js';
import { WindowJson } from '../schemas.js';

export const RelocationQuery = WindowQuery.extend({
  moves: z.coerce.number().int().min(1).max(1000).default(10).describe('at most this many moves (default 10)'),
});

export function relocationRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const { policy } = ctx.cadastre;

  r.openapi(defineRoute({
    method: 'get', path: '/relocation', roles: ['planner'], query: RelocationQuery, listFormats: true,
    response: RelocationPlanSchema.omit({ moves: true }).extend({
      window: WindowJson,
      policy: z.object({ coverageRadiusMetres: z.number(), backhaulCostPerMetre: z.number(), usageWeight: z.number(), underuseThresholdClients: z.number() }),
      items: z.array(MoveSchema),
    }),
    summary: 'Optimal relocation plan: under-used hotspots to uncovered target places',
    description: 'gain(h, t) = weight(t) − backhaulCostPerMetre × backhaul(t) − usageWeight × openHoursMean(h); backhaul = metres to the '
      + 'nearest site with a switch or router. A target is eligible for h when no other hotspot lies within the coverage radius. '
      + 'The plan maximises the total gain over one-to-one assignments of at most K positive-gain moves (min-cost flow, exact). '
      + 'GeoJSON: one line per move, from the hotspot to the target.',
    errors: [503],
  }), async (c) => {
    const q = c.req.valid('query');
    const window = resolveWindow(q, ctx.now());
    const figures = await ctx.figures.hotspots(window);
    const plan = planRelocation({
      hotspots: ctx.cadastre.hotspots, figures, targets: ctx.cadastre.targets, sites: ctx.cadastre.sites,
      devices: ctx.cadastre.devices, policy, moves: q.moves, windowDays: (window.to - window.from) / 86_400_000,
    });
    const { moves: planned, ...summary } = plan;
    const lang = requestLang(c);
    const moves = planned.map((m) => spoken(m, 'explanation', lang));
    return sendList<Spoken<Move>>(c, moves, {
      meta: {
        window: windowJson(window), ...summary,
        policy: {
          coverageRadiusMetres: policy.coverageRadiusMetres, backhaulCostPerMetre: policy.backhaulCostPerMetre,
          usageWeight: policy.usageWeight, underuseThresholdClients: policy.underuseThresholdClients,
        },
      },
      filename: 'relocation',
      geometry: (m) => ({ type: 'LineString', coordinates: [m.hotspot.coordinates, m.target.coordinates] }),
      properties: (m) => ({
        hotspot: m.hotspot.id, hotspotName: m.hotspot.name, target: m.target.id, targetName: m.target.name, targetKind: m.target.kind,
        ...m.terms, moveMetres: m.moveMetres, explanation: m.explanation,
      }),
      columns: [
        { name: 'hotspot', value: (m) => m.hotspot.id }, { name: 'hotspotName', value: (m) => m.hotspot.name },
        { name: 'target', value: (m) => m.target.id }, { name: 'targetName', value: (m) => m.target.name },
        { name: 'targetKind', value: (m) => m.target.kind }, { name: 'weight', value: (m) => m.terms.weight },
        { name: 'backhaulMetres', value: (m) => m.terms.backhaulMetres }, { name: 'backhaulSite', value: (m) => m.terms.backhaulSite },
        { name: 'openHoursMeanClients', value: (m) => m.terms.openHoursMeanClients }, { name: 'gain', value: (m) => m.terms.gain },
        { name: 'moveMetres', value: (m) => m.moveMetres }, { name: 'explanation', value: (m) => m.explanation },
      ],
    });
  });
  return r;
}
