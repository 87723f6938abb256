// GET /api/segments (JSON, GeoJSON, CSV) and GET /api/segments/:id/series.
import { z } from 'zod';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, AppEnv } from '../context.js';
import type { SegmentFigures, Window } from '../../analytics/model.js';
import { badRequest, notFound, resolveWindow, sendList, WindowQuery, type CsvValue } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { SegmentList, SeriesAnswer, type SegmentItem } from '../schemas.js';
import { BUCKET_MS } from '../../store/schema.js';
import { readSegmentErrors, type ErrorRates } from '../../store/interface-errors.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const MAX_SERIES_POINTS = 10_000;

/** `300`, `300s`, `5m`, `1h`, `1d`. */
export const StepParam = z.string()
  .regex(/^\d{1,9}[smhd]?$/, 'a duration: seconds, or a number with s, m, h or d (e.g. 5m, 1h)')
  .transform((s) => Number(s.replace(/[smhd]$/, '')) * UNITS[/[smhd]$/.test(s) ? s.slice(-1) : 's'])
  .refine((ms) => ms >= BUCKET_MS, 'must be at least 5 minutes')
  .refine((ms) => ms % BUCKET_MS === 0, 'must be a whole number of 5-minute buckets');

export const SeriesQuery = WindowQuery.extend({
  step: StepParam.optional().describe('downsampling step: 5m (minimum), 1h, 1d …; default: the smallest multiple of 5 min giving at most 1,000 points'),
});

/** The default step: at most ~1,000 points, a whole number of 5-minute buckets. */
export function defaultStep(w: Window): number {
  return Math.max(1, Math.ceil((w.to - w.from) / 1_000 / BUCKET_MS)) * BUCKET_MS;
}

/** The step a series request asks for (or the default), refused when it gives too many points. */
export function seriesStep(step: number | undefined, w: Window): number {
  const ms = step ?? defaultStep(w);
  if ((w.to - w.from) / ms > MAX_SERIES_POINTS) {
    throw badRequest('step', `step: ${ms / 60_000} min gives more than ${MAX_SERIES_POINTS} points over this window; use a larger step`);
  }
  return ms;
}

/** Error and discard rates are read over the window's last hour: what an operator looks at when a link misbehaves. */
export const ERRORS_WINDOW_MS = 3_600_000;

export function segmentItems(ctx: ApiContext, figures: SegmentFigures[], errors: ReadonlyMap<string, ErrorRates> = new Map()): SegmentItem[] {
  const sites = new Map(ctx.cadastre.sites.map((s) => [s.id, s.name]));
  const owners = new Map(ctx.cadastre.owners.map((o) => [o.id, o.name]));
  return figures.map((f) => ({
    id: f.id,
    owner: f.owner,
    ownerName: owners.get(f.owner) ?? f.owner,
    a: f.a,
    aName: sites.get(f.a) ?? f.a,
    b: f.b,
    bName: sites.get(f.b) ?? f.b,
    lengthMetres: f.lengthMetres,
    litCapacityBps: f.litCapacityBps,
    pairs: f.pairs,
    freeDarkPairs: f.freeDarkPairs,
    ab: f.ab,
    ba: f.ba,
    sellableBps: f.sellableBps,
    errors: errors.get(f.id) ?? null,
  }));
}

const dirColumns = (d: 'ab' | 'ba'): Array<{ name: string; value: (s: SegmentItem) => CsvValue }> => [
  { name: `${d}_mean_bps`, value: (s) => s[d].meanBps },
  { name: `${d}_p95_bps`, value: (s) => s[d].p95Bps },
  { name: `${d}_max_bps`, value: (s) => s[d].maxBps },
  { name: `${d}_mean_pct`, value: (s) => s[d].meanUtilisationPct },
  { name: `${d}_p95_pct`, value: (s) => s[d].p95UtilisationPct },
  { name: `${d}_max_pct`, value: (s) => s[d].maxUtilisationPct },
  { name: `${d}_samples`, value: (s) => s[d].samples },
];

export const SEGMENT_CSV: Array<{ name: string; value: (s: SegmentItem) => CsvValue }> = [
  { name: 'id', value: (s) => s.id },
  { name: 'owner', value: (s) => s.owner },
  { name: 'a', value: (s) => s.a },
  { name: 'b', value: (s) => s.b },
  { name: 'length_m', value: (s) => s.lengthMetres },
  { name: 'lit_capacity_bps', value: (s) => s.litCapacityBps },
  { name: 'pairs_total', value: (s) => s.pairs.total },
  { name: 'pairs_lit', value: (s) => s.pairs.lit },
  { name: 'pairs_reserved', value: (s) => s.pairs.reserved },
  { name: 'free_dark_pairs', value: (s) => s.freeDarkPairs },
  ...dirColumns('ab'),
  ...dirColumns('ba'),
  { name: 'sellable_bps', value: (s) => s.sellableBps },
  { name: 'in_errors_ps', value: (s) => s.errors?.inErrorsPs ?? null },
  { name: 'out_errors_ps', value: (s) => s.errors?.outErrorsPs ?? null },
  { name: 'in_discards_ps', value: (s) => s.errors?.inDiscardsPs ?? null },
  { name: 'out_discards_ps', value: (s) => s.errors?.outDiscardsPs ?? null },
];

/** The `{id}` of a series path. */
export const IdParam = z.object({ id: z.string().min(1) });

export function segmentRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const routes = new Map(ctx.cadastre.segments.map((s) => [s.id, s.route]));

  r.openapi(defineRoute({
    method: 'get', path: '/segments', roles: ['planner', 'commercial', 'viewer'], query: WindowQuery, listFormats: true,
    summary: 'Per segment: capacity, pairs, mean/p95/max per direction and utilisation, sellable capacity, free dark pairs',
    description: 'Figures over the 5-minute buckets whose start lies in [from, to). GeoJSON features carry the route.',
    response: SegmentList, errors: [503],
  }), async (c) => {
    const w = resolveWindow(c.req.valid('query'), ctx.now());
    const [figures, errors] = await Promise.all([
      ctx.figures.segments(w), readSegmentErrors(ctx.store, ctx.cadastre.segments, Math.max(w.from, w.to - ERRORS_WINDOW_MS), w.to),
    ]);
    const items = segmentItems(ctx, figures, errors);
    return sendList(c, items, {
      meta: { window: windowJson(w), maxLoad: ctx.cadastre.policy.maxLoad },
      geometry: (s) => routes.get(s.id) ?? null,
      columns: SEGMENT_CSV,
      filename: 'segments',
    });
  });

  r.openapi(defineRoute({
    method: 'get', path: '/segments/{id}/series', roles: ['planner', 'commercial', 'viewer'], params: IdParam, query: SeriesQuery, errors: [404, 503],
    summary: 'A segment’s 5-minute averages downsampled to `step` (mean and max per step), both directions',
    response: SeriesAnswer,
  }), async (c) => {
    const { id } = c.req.valid('param');
    const segment = ctx.cadastre.segments.find((s) => s.id === id);
    if (!segment) throw notFound(`no segment ${id}`);
    const q = c.req.valid('query');
    const w = resolveWindow(q, ctx.now());
    const step = seriesStep(q.step, w);
    const points = await ctx.figures.series(id, w, step);
    if (!points) throw notFound(`no segment ${id}`);
    return c.json({
      id,
      window: windowJson(w),
      stepSeconds: step / 1_000,
      litCapacityBps: segment.litCapacityBps,
      points: points.map((p) => ({ ...p, time: new Date(p.time).toISOString() })),
    } satisfies z.infer<typeof SeriesAnswer>);
  });
  return r;
}
