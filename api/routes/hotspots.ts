// GET /api/hotspots: usage per wifi.brussels hotspot over a window (and /api/hotspots/:id/series for a chart), from the figures every endpoint shares
// (analytics/figures.ts: mean, p95, open-hours mean in the policy's time zone, active share, rank, underused).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { LonLat, OpenHours, type Hotspot } from '../../config/schema.js';
import { HotspotSeriesAnswer, WindowJson } from '../schemas.js';
import { IdParam, SeriesQuery, seriesStep } from './segments.js';
import type { ApiContext, AppEnv } from '../context.js';
import type { HotspotFigures } from '../../analytics/model.js';
import { notFound, resolveWindow, sendList, WindowQuery } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { loadProfiles } from '../../config/profile.js';

export const HotspotItem = z.object({
  id: z.string(),
  name: z.string(),
  coordinates: LonLat,
  commune: z.string(),
  controller: z.string(),
  scope: z.enum(['ap', 'ssid', 'controller']).nullable().describe('what the series counts: one access point, or a per-SSID or per-controller total (vendors without a per-AP table, e.g. Ruckus SmartZone); null when the controller\'s profile is chosen by sysObjectID at run time'),
  site: z.string().nullable(),
  openHours: OpenHours.describe('local time in the policy time zone: the hotspot\'s own, else the policy\'s'),
  meanClients: z.number().nullable().describe('mean of the 5-minute averages'),
  p95Clients: z.number().nullable().describe('⌈0.95·N⌉-th smallest 5-minute average'),
  openHoursMeanClients: z.number().nullable().describe('mean of the 5-minute averages whose start lies in the open hours'),
  activeShare: z.number().nullable().describe('share (0..1) of the 5-minute buckets with an average ≥ 1 client'),
  samples: z.number().int().describe('5-minute buckets with a sample'),
  rank: z.number().int().describe('1 = busiest by open-hours mean'),
  underused: z.boolean(),
}) satisfies z.ZodType<HotspotFigures>;
export type HotspotItem = z.infer<typeof HotspotItem>;

export function hotspotRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const { policy } = ctx.cadastre;
  const byId = new Map(ctx.cadastre.hotspots.map((h) => [h.id, h]));
  // Per controller, what its profile's rows are (an AP, or an SSID/controller total), from the cadastre's profile.
  const profiles = loadProfiles();
  const scopeOf = new Map(ctx.cadastre.devices.flatMap((d) => {
    const p = d.profile === undefined ? undefined : profiles.get(d.profile);
    return p ? [[d.id, p.scope] as const] : [];
  }));

  r.openapi(defineRoute({
    method: 'get', path: '/hotspots', roles: ['planner', 'viewer'], query: WindowQuery, listFormats: true,
    response: z.object({ window: WindowJson, timeZone: z.string(), underuseThresholdClients: z.number(), items: z.array(HotspotItem) }),
    summary: 'Usage per hotspot: mean and p95 clients, open-hours mean, active share, rank and under-use',
    description: `Open hours are local time in ${policy.timeZone} (policy default ${policy.openHours.open}–${policy.openHours.close}, a hotspot's own hours when set); `
      + 'a bucket counts when its start lies in them. p95 = the ⌈0.95·N⌉-th smallest 5-minute average. Rank 1 = busiest by open-hours mean. '
      + `Underused: open-hours mean below ${policy.underuseThresholdClients} clients.`,
    errors: [503],
  }), async (c) => {
    const window = resolveWindow(c.req.valid('query'), ctx.now());
    const figures = await ctx.figures.hotspots(window);
    const items: HotspotItem[] = figures.map((f) => {
      const h = byId.get(f.id) as Hotspot;
      return {
        ...f, name: h.name, coordinates: h.coordinates, commune: h.commune, controller: h.controller,
        scope: scopeOf.get(h.controller) ?? null, site: h.site ?? null, openHours: h.openHours ?? policy.openHours,
      };
    }).sort((x, y) => x.rank - y.rank);
    return sendList<HotspotItem>(c, items, {
      meta: { window: windowJson(window), timeZone: policy.timeZone, underuseThresholdClients: policy.underuseThresholdClients },
      filename: 'hotspots',
      geometry: (h) => ({ type: 'Point', coordinates: h.coordinates }),
      properties: ({ coordinates: _c, openHours, ...rest }) => ({ ...rest, openHours: `${openHours.open}-${openHours.close}` }),
      columns: [
        { name: 'rank', value: (h) => h.rank }, { name: 'id', value: (h) => h.id }, { name: 'name', value: (h) => h.name },
        { name: 'commune', value: (h) => h.commune }, { name: 'controller', value: (h) => h.controller },
        { name: 'lon', value: (h) => h.coordinates[0] }, { name: 'lat', value: (h) => h.coordinates[1] },
        { name: 'meanClients', value: (h) => h.meanClients }, { name: 'p95Clients', value: (h) => h.p95Clients },
        { name: 'openHoursMeanClients', value: (h) => h.openHoursMeanClients }, { name: 'activeShare', value: (h) => h.activeShare },
        { name: 'samples', value: (h) => h.samples }, { name: 'underused', value: (h) => h.underused },
        { name: 'scope', value: (h) => h.scope },
      ],
    });
  });

  r.openapi(defineRoute({
    method: 'get', path: '/hotspots/{id}/series', roles: ['planner', 'viewer'], params: IdParam, query: SeriesQuery, errors: [404, 503],
    summary: 'A hotspot’s 5-minute averages of associated clients downsampled to `step` (mean and max per step)',
    response: HotspotSeriesAnswer,
  }), async (c) => {
    const { id } = c.req.valid('param');
    if (!byId.has(id)) throw notFound('hotspot', id);
    const q = c.req.valid('query');
    const w = resolveWindow(q, ctx.now());
    const step = seriesStep(q.step, w);
    const points = await ctx.figures.hotspotSeries(id, w, step);
    if (!points) throw notFound('hotspot', id);
    return c.json({
      id, window: windowJson(w), stepSeconds: step / 1_000,
      points: points.map((p) => ({ ...p, time: new Date(p.time).toISOString() })),
    } satisfies z.infer<typeof HotspotSeriesAnswer>);
  });
  return r;
}
