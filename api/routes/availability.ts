// GET /api/availability (JSON, CSV), GET /api/availability/report.html (the printable monthly report of one
// administration, FR/NL/EN), and the planned maintenance operators declare: GET/POST /api/maintenance,
// DELETE /api/maintenance/:id. Every figure comes from one cached computation per month (api/availability-service.ts).
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import { requireRole } from '../auth.js';
import { ApiError, badRequest, notFound, parseBody, parseQuery, toCsv } from '../format.js';
import { describeRoute } from '../openapi.js';
import { MaintenanceWindow } from '../../config/schema.js';
import { AvailabilityService } from '../availability-service.js';
import { MaintenanceStore } from '../maintenance-store.js';
import { AvailabilityAnswer, AvailabilityQuery, availabilityAnswer, availabilityCsvRows, ReportQuery } from '../availability-answer.js';
import { renderAvailabilityReport } from '../availability-html.js';

const MaintenanceList = z.object({
  items: z.array(z.object({ source: z.enum(['cadastre', 'api']), window: MaintenanceWindow })),
});

export function availabilityRoutes(ctx: ApiContext): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const maintenance = new MaintenanceStore(ctx.dataDir);
  const service = new AvailabilityService({ cadastre: ctx.cadastre, store: ctx.store, maintenance, now: ctx.now });
  const siteIds = new Set(ctx.cadastre.sites.map((s) => s.id));
  const deviceIds = new Set(ctx.cadastre.devices.map((d) => d.id));
  const segmentIds = new Set(ctx.cadastre.segments.map((s) => s.id));

  /** The month's result, or 400 when the month has not begun. */
  const monthOf = async (month: string) => {
    const w = service.window(month);
    const result = await service.month(month);
    if (!w || !result) throw badRequest('month', `month: ${month} has not begun`);
    return { result, complete: w.complete };
  };

  describeRoute({
    method: 'get', path: '/api/availability', roles: ['planner', 'commercial', 'viewer'], query: AvailabilityQuery, response: AvailabilityAnswer,
    errors: [404], produces: ['text/csv'],
    summary: 'Availability per site and per administration for a month, with every outage and its cause',
    description: 'A site is up in a 5-minute bucket when its device answered and a path of working segments joins it to the '
      + 'core. Per site and administration: % of the measured time up (planned maintenance and buckets without data '
      + 'excluded), outages with start, end, duration and cause (FR/NL/EN), maintenance, SLA breaches. The current month '
      + 'runs to the last whole bucket. `?format=csv` gives one row per site, or per outage with `view=outages`.',
  });
  r.get('/availability', requireRole('planner', 'commercial', 'viewer'), async (c) => {
    const q = parseQuery(c, AvailabilityQuery);
    const { result, complete } = await monthOf(q.month);
    const answer = availabilityAnswer(result, q.month, complete, q);
    if (!answer) throw notFound(q.site ? `unknown site ${q.site}` : `unknown administration ${q.administration}`);
    if (q.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `inline; filename="availability-${q.month}${q.view === 'outages' ? '-outages' : ''}.csv"`);
      return c.body(toCsv(availabilityCsvRows(answer, q.view)));
    }
    return c.json(answer);
  });

  describeRoute({
    method: 'get', path: '/api/availability/report.html', roles: ['planner', 'commercial', 'viewer'], query: ReportQuery, errors: [404], produces: ['text/html'],
    summary: 'The printable monthly availability report of one administration (A4, French, Dutch or English)',
  });
  r.get('/availability/report.html', requireRole('planner', 'commercial', 'viewer'), async (c) => {
    const q = parseQuery(c, ReportQuery);
    const { result } = await monthOf(q.month);
    const administration = result.administrations.find((a) => a.id === q.administration);
    if (!administration) throw notFound(`unknown administration ${q.administration}`);
    return c.html(renderAvailabilityReport({
      month: q.month, lang: q.lang, from: result.from, to: result.to, administration,
      sites: result.sites.filter((s) => s.administration === administration.id), generatedAt: ctx.now(),
    }));
  });

  describeRoute({
    method: 'get', path: '/api/maintenance', roles: ['planner', 'commercial', 'viewer'], response: MaintenanceList,
    summary: 'Planned maintenance windows: the cadastre\'s (read-only) and those declared through the API',
  });
  r.get('/maintenance', requireRole('planner', 'commercial', 'viewer'), (c) => c.json({
    items: [
      ...ctx.cadastre.maintenance.map((window) => ({ source: 'cadastre' as const, window })),
      ...maintenance.list().map((window) => ({ source: 'api' as const, window })),
    ],
  } satisfies z.infer<typeof MaintenanceList>));

  describeRoute({
    method: 'post', path: '/api/maintenance', roles: [], body: MaintenanceWindow, response: MaintenanceWindow, errors: [409],
    summary: 'Declares (or replaces, by id) a planned maintenance window (operators): its downtime is excluded from availability',
  });
  r.post('/maintenance', requireRole(), async (c) => {
    const w = await parseBody(c, MaintenanceWindow);
    const check = (field: 'sites' | 'devices' | 'segments', known: Set<string>): void => {
      w[field].forEach((id, i) => { if (!known.has(id)) throw badRequest(`${field}.${i}`, `${field}.${i}: unknown ${field.slice(0, -1)} "${id}"`); });
    };
    check('sites', siteIds);
    check('devices', deviceIds);
    check('segments', segmentIds);
    if (ctx.cadastre.maintenance.some((x) => x.id === w.id)) {
      throw new ApiError(409, 'conflict', `id: "${w.id}" is a window of the cadastre (maintenance.yaml)`, 'id');
    }
    maintenance.add(w);
    return c.json(w, 201);
  });

  describeRoute({ method: 'delete', path: '/api/maintenance/:id', roles: [], errors: [404], summary: 'Withdraws a maintenance window declared through the API (operators)' });
  r.delete('/maintenance/:id', requireRole(), (c) => {
    const id = c.req.param('id');
    if (!maintenance.remove(id)) throw notFound(`no maintenance window "${id}" declared through the API`);
    return c.json({ id, removed: true });
  });
  return r;
}
