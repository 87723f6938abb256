// GET /api/segments (JSON, GeoJSON, CSV) and GET /api/segments/:id/series.
import { z } from 'zod';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, AppEnv } from '../context.js';
import type { SegmentFigures, Window } from '../../analytics/model.js';
import { badRequestAt, notFound, resolveWindow, sendList, WindowQuery, type CsvValue } from '../format.js';
import { sentence } from '../../common/i18n.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { OpticsAnswer, SegmentList, SeriesAnswer, type SegmentItem } from '../schemas.js';
import { segmentFibre, type SegmentFibre } from '../../analytics/optics.js';
import { FIT_STEP_MS, readSegmentOptics } from '../../store/optics.js';
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
    throw badRequestAt('step', sentence('error.stepTooFine', { stepMinutes: ms / 60_000, maxPoints: MAX_SERIES_POINTS }));
  }
  return ms;
}

/** Error and discard rates are read over the window's last hour: what an operator looks at when a link misbehaves. */
export const ERRORS_WINDOW_MS = 3_600_000;

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** A segment's fibre health as the API answers it (times as ISO 8601). */
export function fibreJson(f: SegmentFibre): NonNullable<SegmentItem['fibre']> {
  return {
    status: f.status, crossesAt: iso(f.crossesAt),
    ends: f.ends.map((e) => ({ ...e, latestAt: iso(e.latestAt), crossesAt: iso(e.crossesAt) })),
  };
}

export function segmentItems(ctx: ApiContext, figures: SegmentFigures[], errors: ReadonlyMap<string, ErrorRates> = new Map(),
  fibre: ReadonlyMap<string, SegmentFibre> = new Map()): SegmentItem[] {
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
    reserved: f.reserved,
    ab: f.ab,
    ba: f.ba,
    sellableBps: f.sellableBps,
    errors: errors.get(f.id) ?? null,
    fibre: fibre.has(f.id) ? fibreJson(fibre.get(f.id) as SegmentFibre) : null,
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
  { name: 'circuit_reserved_bps', value: (s) => s.reserved.bps },
  { name: 'circuit_reserved_pairs', value: (s) => s.reserved.pairs },
  ...dirColumns('ab'),
  ...dirColumns('ba'),
  { name: 'sellable_bps', value: (s) => s.sellableBps },
  // Fibre health of both ends, with the error rates beside it (last, as they were).
  { name: 'fibre_status', value: (s) => s.fibre?.status ?? null },
  ...(['a', 'b'] as const).flatMap((end) => {
    const e = (s: SegmentItem) => s.fibre?.ends.find((x) => x.end === end);
    return [
      { name: `${end}_rx_dbm`, value: (s: SegmentItem): CsvValue => e(s)?.latestRxDbm ?? null },
      { name: `${end}_margin_db`, value: (s: SegmentItem): CsvValue => e(s)?.marginDb ?? null },
      { name: `${end}_trend_db_per_week`, value: (s: SegmentItem): CsvValue => e(s)?.trendDbPerWeek ?? null },
      { name: `${end}_crosses_at`, value: (s: SegmentItem): CsvValue => e(s)?.crossesAt ?? null },
    ];
  }),
  { name: 'in_errors_ps', value: (s) => s.errors?.inErrorsPs ?? null },
  { name: 'out_errors_ps', value: (s) => s.errors?.outErrorsPs ?? null },
  { name: 'in_discards_ps', value: (s) => s.errors?.inDiscardsPs ?? null },
  { name: 'out_discards_ps', value: (s) => s.errors?.outDiscardsPs ?? null },
];

/** Per segment with optics in the window: its fibre health. */
export async function segmentFibres(ctx: ApiContext, w: Window): Promise<Map<string, SegmentFibre>> {
  const reads = await readSegmentOptics(ctx.store, ctx.cadastre.segments, w.from, w.to);
  return new Map([...reads].map(([id, ends]) => [id, segmentFibre(ends)]));
}

/** How long a window's fibre health is reused: DOM is read every 5 minutes, so a minute late at most. */
export const FIBRE_REUSE_MS = 60_000;

/**
 * segmentFibres, reused for a minute per window on the 5-minute grid: the optics read scans every DOM reading of
 * the window (~6.5 s for the demo's 30 days), where the figures come from memory in milliseconds, so without it
 * every GET /api/segments (the map's first layer) would wait on it. A failed read is not kept.
 */
function reusedFibres(ctx: ApiContext): (w: Window) => Promise<Map<string, SegmentFibre>> {
  const kept = new Map<string, { at: number; value: Promise<Map<string, SegmentFibre>> }>();
  return (w) => {
    const key = `${Math.floor(w.from / BUCKET_MS)}:${Math.floor(w.to / BUCKET_MS)}`;
    const now = Date.now();
    const hit = kept.get(key);
    if (hit && now - hit.at < FIBRE_REUSE_MS) return hit.value;
    const value = segmentFibres(ctx, w);
    kept.set(key, { at: now, value });
    value.catch(() => { if (kept.get(key)?.value === value) kept.delete(key); });
    for (const [k, v] of kept) if (now - v.at >= FIBRE_REUSE_MS) kept.delete(k);
    return value;
  };
}

/** The `{id}` of a series path. */
export const IdParam = z.object({ id: z.string().min(1) });

export function segmentRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const routes = new Map(ctx.cadastre.segments.map((s) => [s.id, s.route]));
  const fibres = reusedFibres(ctx);

  r.openapi(defineRoute({
    method: 'get', path: '/segments', roles: ['planner', 'commercial', 'viewer'], query: WindowQuery, listFormats: true,
    summary: 'Per segment: capacity, pairs, mean/p95/max per direction and utilisation, sellable capacity, free dark pairs',
    description: 'Figures over the 5-minute buckets whose start lies in [from, to). GeoJSON features carry the route.',
    response: SegmentList, errors: [503],
  }), async (c) => {
    const w = resolveWindow(c.req.valid('query'), ctx.now());
    const [figures, errors, fibre] = await Promise.all([
      ctx.figures.segments(w), readSegmentErrors(ctx.store, ctx.cadastre.segments, Math.max(w.from, w.to - ERRORS_WINDOW_MS), w.to),
      fibres(w),
    ]);
    const items = segmentItems(ctx, figures, errors, fibre);
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
    if (!segment) throw notFound('segment', id);
    const q = c.req.valid('query');
    const w = resolveWindow(q, ctx.now());
    const step = seriesStep(q.step, w);
    const points = await ctx.figures.series(id, w, step);
    if (!points) throw notFound('segment', id);
    return c.json({
      id,
      window: windowJson(w),
      stepSeconds: step / 1_000,
      litCapacityBps: segment.litCapacityBps,
      points: points.map((p) => ({ ...p, time: new Date(p.time).toISOString() })),
    } satisfies z.infer<typeof SeriesAnswer>);
  });

  r.openapi(defineRoute({
    method: 'get', path: '/segments/{id}/optics', roles: ['planner', 'commercial', 'viewer'], params: IdParam, query: WindowQuery, errors: [404, 503],
    summary: 'A segment’s fibre health at both ends: latest rx power, margin to the low alarm, trend, forecast crossing date, error rates',
    description: 'The trend is the least-squares slope of the rx power’s 2-hour means over [from, to); the crossing is when that line reaches the low alarm the transceiver reports (only for a fall steeper than 0.05 dB/week and 3 standard errors, within a year). Error rates: the measuring interface’s, mean over the window’s last hour.',
    response: OpticsAnswer,
  }), async (c) => {
    const { id } = c.req.valid('param');
    const segment = ctx.cadastre.segments.find((s) => s.id === id);
    if (!segment) throw notFound('segment', id);
    const w = resolveWindow(c.req.valid('query'), ctx.now());
    const [reads, errors] = await Promise.all([
      readSegmentOptics(ctx.store, [segment], w.from, w.to),
      readSegmentErrors(ctx.store, [segment], Math.max(w.from, w.to - ERRORS_WINDOW_MS), w.to),
    ]);
    const ends = reads.get(id) ?? [];
    return c.json({
      id, window: windowJson(w), fitStepSeconds: FIT_STEP_MS / 1_000,
      fibre: fibreJson(segmentFibre(ends)),
      errors: errors.get(id) ?? null,
      series: ends.map((e) => ({ end: e.end, points: e.points.map((p) => ({ time: new Date(p.time).toISOString(), rxDbm: p.rxDbm })) })),
    } satisfies z.infer<typeof OpticsAnswer>);
  });
  return r;
}
