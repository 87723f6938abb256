// GET /api/availability (JSON, CSV), GET /api/availability/report.html (the printable monthly report of one
// administration, FR/NL/EN), and the planned maintenance operators declare: GET/POST /api/maintenance,
// DELETE /api/maintenance/{id}. Every figure comes from one cached computation per month (api/availability-service.ts).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import { apiErrorSaying, badRequestAt, notFound, toCsv } from '../format.js';
import { sentence } from '../../common/i18n.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { Id, MaintenanceWindow } from '../../config/schema.js';
import { AvailabilityService } from '../availability-service.js';
import { MaintenanceStore } from '../maintenance-store.js';
import { AvailabilityAnswer, AvailabilityQuery, availabilityAnswer, availabilityCsvRows, ReportQuery } from '../availability-answer.js';
import { renderAvailabilityReport } from '../availability-html.js';

const MaintenanceList = z.object({
  items: z.array(z.object({ source: z.enum(['cadastre', 'api']), window: MaintenanceWindow })),
});
const WindowRef = z.object({ id: Id });
const Withdrawn = z.object({ id: z.string(), removed: z.literal(true) });
const READERS = ['planner', 'commercial', 'viewer'] as const;

export function availabilityRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const maintenance = new MaintenanceStore(ctx.dataDir);
  const service = new AvailabilityService({ cadastre: ctx.cadastre, store: ctx.store, maintenance, now: ctx.now });
  const siteIds = new Set(ctx.cadastre.sites.map((s) => s.id));
  const deviceIds = new Set(ctx.cadastre.devices.map((d) => d.id));
  const segmentIds = new Set(ctx.cadastre.segments.map((s) => s.id));

  /** The month's result, or 400 when the month has not begun. */
  const monthOf = async (month: string) => {
    const w = service.window(month);
    const result = await service.month(month);
    if (!w || !result) throw badRequestAt('month', sentence('error.monthNotBegun', { month }));
    return { result, complete: w.complete };
  };

  r.openapi(defineRoute({
    method: 'get', path: '/availability', roles: READERS, query: AvailabilityQuery, response: AvailabilityAnswer,
    errors: [404, 503], produces: ['text/csv'],
    summary: 'Availability per site and per administration for a month, with every outage and its cause',
    description: 'A site is up in a 5-minute bucket when its device answered and a path of working segments joins it to the '
      + 'core. Per site and administration: % of the measured time up (planned maintenance and buckets without data '
      + 'excluded), outages with start, end, duration and cause (FR/NL/EN), maintenance, SLA breaches. The current month '
      + 'runs to the last whole bucket. `?format=csv` gives one row per site, or per outage with `view=outages`.',
  }), async (c) => {
    const q = c.req.valid('query');
    const { result, complete } = await monthOf(q.month);
    const answer = availabilityAnswer(result, q.month, complete, q);
    if (!answer) throw (q.site ? notFound('site', q.site) : notFound('administration', q.administration ?? ''));
    if (q.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `inline; filename="availability-${q.month}${q.view === 'outages' ? '-outages' : ''}.csv"`);
      return c.body(toCsv(availabilityCsvRows(answer, q.view)));
    }
    return c.json(answer, 200);
  });

  r.openapi(defineRoute({
    method: 'get', path: '/availability/report.html', roles: READERS, query: ReportQuery, errors: [404, 503], produces: ['text/html'],
    summary: 'The printable monthly availability report of one administration (A4, French, Dutch or English)',
  }), async (c) => {
    const q = c.req.valid('query');
    const { result } = await monthOf(q.month);
    const administration = result.administrations.find((a) => a.id === q.administration);
    if (!administration) throw notFound('administration', q.administration);
    return c.html(renderAvailabilityReport({
      month: q.month, lang: q.lang, from: result.from, to: result.to, administration,
      sites: result.sites.filter((s) => s.administration === administration.id), generatedAt: ctx.now(),
    }));
  });

  r.openapi(defineRoute({
    method: 'get', path: '/maintenance', roles: READERS, response: MaintenanceList,
    summary: 'Planned maintenance windows: the cadastre\'s (read-only) and those declared through the API',
  }), (c) => c.json({
    items: [
      ...ctx.cadastre.maintenance.map((window) => ({ source: 'cadastre' as const, window })),
      ...maintenance.list().map((window) => ({ source: 'api' as const, window })),
    ],
  } satisfies z.infer<typeof MaintenanceList>, 200));

  r.openapi(defineRoute({
    method: 'post', path: '/maintenance', roles: [], body: MaintenanceWindow, response: MaintenanceWindow, status: 201,
    errors: [{ status: 422, description: 'the id is a window of the cadastre (maintenance.yaml), which the API does not change', schema: z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) }) }],
    summary: 'Declares (or replaces, by id) a planned maintenance window (operators): its downtime is excluded from availability',
  }), (c) => {
    const w = c.req.valid('json');
    const KIND_OF = { sites: 'site', devices: 'device', segments: 'segment' } as const;
    const check = (field: keyof typeof KIND_OF, known: Set<string>): void => {
      w[field].forEach((id, i) => { if (!known.has(id)) throw badRequestAt(`${field}.${i}`, sentence('error.unknownRef', { kind: KIND_OF[field], id })); });
    };
    check('sites', siteIds);
    check('devices', deviceIds);
    check('segments', segmentIds);
    if (ctx.cadastre.maintenance.some((x) => x.id === w.id)) throw apiErrorSaying(422, 'cadastre_window', sentence('error.field', { field: 'id', says: sentence('error.cadastreWindow', { id: w.id }) }), 'id');
    maintenance.add(w);
    return c.json(w, 201);
  });

  r.openapi(defineRoute({
    method: 'delete', path: '/maintenance/{id}', roles: [], params: WindowRef, response: Withdrawn, errors: [404],
    summary: 'Withdraws a maintenance window declared through the API (operators)',
  }), (c) => {
    const { id } = c.req.valid('param');
    if (!maintenance.remove(id)) throw notFound('maintenance', id);
    return c.json({ id, removed: true as const }, 200);
  });
  return r;
}
