// GET /api/network/summary: network and per-owner utilisation, surplus totals, the hottest segments and
// the saturation forecasts.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import { resolveWindow, WindowQuery } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { NetworkSummary } from '../schemas.js';
import { networkUtilisation } from '../../analytics/surplus.js';

export const HOTTEST = 10;

export function networkRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const ownerNames = new Map(ctx.cadastre.owners.map((o) => [o.id, o.name]));

  r.openapi(defineRoute({
    method: 'get', path: '/network/summary', roles: ['planner', 'commercial', 'viewer'], query: WindowQuery,
    summary: 'Network and per-owner utilisation, sellable Gbps and Gbps·km, free dark pair·km, the ten hottest segments, saturation forecasts',
    response: NetworkSummary, errors: [503],
  }), async (c) => {
    const w = resolveWindow(c.req.valid('query'), ctx.now());
    const [segs, forecasts] = await Promise.all([ctx.figures.segments(w), ctx.figures.forecasts(w)]);
    const maxLoad = ctx.cadastre.policy.maxLoad;
    const util = networkUtilisation(segs.map((s) => ({ owner: s.owner, litCapacityBps: s.litCapacityBps, meanAbBps: s.ab.meanBps, meanBaBps: s.ba.meanBps })));

    let sellableBps = 0, sellableBpsKm = 0, freePairs = 0, pairKm = 0;
    const perOwner = new Map<string, { bps: number; bpsKm: number; pairKm: number }>();
    for (const s of segs) {
      const km = s.lengthMetres / 1_000;
      sellableBps += s.sellableBps;
      sellableBpsKm += s.sellableBps * km;
      freePairs += s.freeDarkPairs;
      pairKm += s.freeDarkPairs * km;
      const o = perOwner.get(s.owner) ?? { bps: 0, bpsKm: 0, pairKm: 0 };
      o.bps += s.sellableBps;
      o.bpsKm += s.sellableBps * km;
      o.pairKm += s.freeDarkPairs * km;
      perOwner.set(s.owner, o);
    }

    const hottest = segs
      .flatMap((s) => {
        const d = (s.ba.p95Bps ?? -Infinity) > (s.ab.p95Bps ?? -Infinity) ? 'ba' as const : 'ab' as const;
        const p95 = s[d].p95Bps;
        return p95 === null ? [] : [{ id: s.id, owner: s.owner, a: s.a, b: s.b, direction: d, p95Bps: p95, p95UtilisationPct: (p95 / s.litCapacityBps) * 100, litCapacityBps: s.litCapacityBps }];
      })
      .sort((x, y) => y.p95UtilisationPct - x.p95UtilisationPct || (x.id < y.id ? -1 : 1))
      .slice(0, HOTTEST);

    return c.json({
      window: windowJson(w),
      maxLoad,
      network: util.network,
      owners: util.owners.map((o) => {
        const extra = perOwner.get(o.owner) ?? { bps: 0, bpsKm: 0, pairKm: 0 };
        return { ...o, name: ownerNames.get(o.owner) ?? o.owner, sellableGbps: extra.bps / 1e9, sellableGbpsKm: extra.bpsKm / 1e9, freeDarkPairKm: extra.pairKm };
      }),
      sellable: { totalGbps: sellableBps / 1e9, gbpsKm: sellableBpsKm / 1e9 },
      darkPairs: { free: freePairs, pairKm },
      hottest,
      forecasts: forecasts.map((f) => ({ ...f, crossesAt: f.crossesAt === null ? null : new Date(f.crossesAt).toISOString() })),
    } satisfies z.infer<typeof NetworkSummary>);
  });
  return r;
}
