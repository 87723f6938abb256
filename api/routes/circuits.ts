// Accepting quotes, and the circuits they become (operator, commercial):
//   POST /api/quotes/:id/accept, GET /api/circuits (JSON, CSV, GeoJSON: the map's layer of sold circuits),
//   GET /api/circuits/:id, DELETE /api/circuits/:id (end: releases the reservations),
//   GET /api/circuits/:id/billing?month (JSON, CSV, printable statement in FR/NL/EN), GET /api/revenue.
// Acceptance re-checks the quote against the current figures and the reservations read inside the records
// store's transaction (store/records.ts), so that of two acceptances of the last capacity exactly one wins,
// whichever process serves them.
import { randomBytes } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import { apiErrorSaying, badRequestAt, badRequestSaying, ErrorBody, isoToMs, IsoTime, notFound, requirePriceBook, sendList, toCsv, type CsvValue, type Geometry } from '../format.js';
import { sentence } from '../../common/i18n.js';
import { apiRouter, defineRoute } from '../openapi.js';
import {
  AcceptRequest, BillingSchema, buildCircuit, checkAcceptance, CIRCUIT_ID, circuitAt, CircuitSchema, monthlyBilling, monthOf, monthRange,
  MonthRevenueSchema, OwnerMonthSchema, revenueByOwner, revenueSchedule, type AcceptRefusal, type Circuit,
} from '../../analytics/circuits.js';
import { quoteWindow, type Quote } from '../../analytics/quote.js';
import { interfaceBuckets } from '../../store/reads.js';
import type { CircuitRecord } from '../../store/records.js';
import { QUOTE_ID } from '../quotes-store.js';
import { renderStatementHtml } from '../circuit-html.js';
import { LANGS } from '../../common/units.js';

const YEAR_MS = 366 * 86_400_000;

export function newCircuitId(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  return `C-${day}-${randomBytes(4).toString('hex')}`;
}

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

export const BillingQuery = z.object({
  month: Month.optional().describe('YYYY-MM (UTC); default the current month'),
  format: z.enum(['json', 'csv', 'html']).default('json'),
  lang: z.enum(LANGS).default('en').describe('language of the printable statement'),
});

export const RevenueQuery = z.object({
  from: Month.optional().describe('first month, YYYY-MM; default January of the current year'),
  to: Month.optional().describe('last month, YYYY-MM; default December of the current year'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const CircuitList = z.object({ items: z.array(CircuitSchema) });
const IdParam = z.object({ id: z.string().min(1) });
/** The 409 answer of an acceptance: the error, and the segment lacking room or the circuit that already accepted. */
export const AcceptConflict = ErrorBody.extend({
  segment: z.string().optional().describe('insufficient_capacity: the segment lacking room'),
  circuit: z.string().optional().describe('already_accepted: the circuit the quote became'),
});
export const CircuitDetail = CircuitSchema.extend({
  revenue: z.array(MonthRevenueSchema).describe('the contracted revenue per month of the term (up to the month it ended in), split operator/owners'),
});
export const RevenueAnswer = z.object({ from: z.string(), to: z.string(), months: z.array(OwnerMonthSchema) });

const CIRCUIT_CSV: Array<{ name: string; value: (c: Circuit) => CsvValue }> = [
  { name: 'id', value: (c) => c.id },
  { name: 'quote', value: (c) => c.quoteId },
  { name: 'customer', value: (c) => c.customer },
  { name: 'status', value: (c) => c.status },
  { name: 'service', value: (c) => c.service.kind },
  { name: 'committed_bps', value: (c) => c.committedBps },
  { name: 'burst_bps', value: (c) => c.burstBps },
  { name: 'pairs', value: (c) => (c.service.kind === 'dark' ? c.service.pairs : null) },
  { name: 'from_site', value: (c) => c.endpoints.from.site },
  { name: 'to_site', value: (c) => c.endpoints.to.site },
  { name: 'segments', value: (c) => c.reservations.map((r) => r.segment).join(' ') },
  { name: 'term_months', value: (c) => c.termMonths },
  { name: 'start', value: (c) => c.startAt },
  { name: 'end', value: (c) => c.endAt },
  { name: 'ended', value: (c) => c.endedAt },
  { name: 'monthly_cents', value: (c) => c.monthlyCents },
  { name: 'total_cents', value: (c) => c.price.totalCents },
];

export function circuitRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const segmentRoutes = new Map(ctx.cadastre.segments.map((s) => [s.id, s.route.coordinates]));
  const view = (rec: CircuitRecord): Circuit => circuitAt(rec.doc as Circuit, rec.endedAt, ctx.now());
  const load = async (id: string): Promise<CircuitRecord> => {
    const rec = CIRCUIT_ID.test(id) ? await ctx.records.circuit(id) : null;
    if (!rec) throw notFound('circuit', id);
    return rec;
  };

  r.openapi(defineRoute({
    method: 'post', path: '/quotes/{id}/accept', roles: ['commercial'], params: IdParam, body: AcceptRequest, bodyOptional: true, response: CircuitSchema, status: 201,
    errors: [404, { status: 409, description: '`insufficient_capacity`: a segment (`segment`) no longer has room; `already_accepted`: the quote became circuit `circuit`', schema: AcceptConflict }, { status: 410, description: '`quote_expired`: the quote is past its validity', schema: ErrorBody }, 503],
    summary: 'Accept a quote: creates the circuit and reserves its capacity, atomically',
    description: 'Re-checks the quote against the last 30 days of figures and the reservations of active circuits, inside one '
      + 'transaction of the records store: of concurrent acceptances of the last capacity exactly one succeeds. 201 with the circuit. '
      + 'The body may be left out.',
  }), async (c) => {
    const quoteId = c.req.valid('param').id;
    const req = c.req.valid('json') as AcceptRequest;
    const now = ctx.now();
    let startAt = now;
    if (req.startAt !== undefined) {
      if (!IsoTime.safeParse(req.startAt).success) throw badRequestAt('startAt', sentence('error.isoFormat', {}));
      startAt = isoToMs(req.startAt);
      if (Math.abs(startAt - now) > YEAR_MS) throw badRequestAt('startAt', sentence('error.withinYear', {}));
    }
    const stored = QUOTE_ID.test(quoteId) ? await ctx.records.quote(quoteId) : null;
    if (!stored) throw notFound('quote', quoteId);
    const quote = stored.doc as Quote;
    const service = quote.request.service;
    if (service.kind === 'dark' && (req.burstBps !== undefined || req.interface !== undefined)) {
      throw badRequestSaying(req.burstBps !== undefined ? 'burstBps' : 'interface', sentence('error.litOnly', {}));
    }
    if (service.kind === 'lit' && req.burstBps !== undefined && req.burstBps < service.bandwidthBps) {
      throw badRequestAt('burstBps', sentence('error.burstBelow', { bps: service.bandwidthBps }));
    }
    if (req.interface) {
      const dev = ctx.cadastre.devices.find((d) => d.id === req.interface!.device);
      if (!dev) throw badRequestAt('interface.device', sentence('error.unknownRef', { kind: 'device', id: req.interface.device }));
    }
    // The figures outside the transaction (they come from InfluxDB); the reservations inside it.
    const figures = await ctx.figures.segments(quoteWindow(now));
    const id = newCircuitId(now);
    const outcome = await ctx.records.accept<AcceptRefusal>(quoteId, now, (_q, reserved) => {
      const refusal = checkAcceptance(quote, figures, reserved, ctx.cadastre.policy.maxLoad, now);
      if (refusal) return { refuse: refusal };
      const circuit = buildCircuit(quote, req, id, now, startAt, c.get('tokenName'), requirePriceBook(ctx.cadastre.priceBook, 'circuits').lit.perMbpsMonthCents);
      return { accept: { id, quoteId, createdAt: now, startAt, endAt: Date.parse(circuit.endAt), doc: circuit, reservations: circuit.reservations } };
    });
    switch (outcome.kind) {
      case 'no-quote': throw notFound('quote', quoteId);
      case 'already-accepted':
        return c.json({ error: { code: 'already_accepted', message: `quote ${quoteId} was already accepted by circuit ${outcome.circuitId}` }, circuit: outcome.circuitId }, 409);
      case 'refused': {
        const reason = outcome.reason;
        if (reason.code === 'quote_expired') return c.json({ error: { code: reason.code, message: reason.message } }, 410);
        return c.json({ error: { code: reason.code, message: reason.message }, segment: reason.segment }, 409);
      }
      case 'accepted':
        c.header('Location', `/api/circuits/${outcome.circuit.id}`);
        return c.json(view(outcome.circuit), 201);
    }
  });

  r.openapi(defineRoute({
    method: 'get', path: '/circuits', roles: ['commercial'], listFormats: true, response: CircuitList,
    summary: 'Every circuit, newest first; GeoJSON: the routes of the circuits (the map’s layer of sold circuits)',
  }), async (c) => {
    const items = (await ctx.records.circuits()).map(view);
    return sendList(c, items, {
      columns: CIRCUIT_CSV,
      filename: 'circuits',
      geometry: (ci): Geometry => ({ type: 'MultiLineString', coordinates: ci.reservations.flatMap((x) => { const g = segmentRoutes.get(x.segment); return g ? [g] : []; }) }),
      properties: (ci) => ({
        id: ci.id, customer: ci.customer, status: ci.status, service: ci.service.kind, committedBps: ci.committedBps,
        pairs: ci.service.kind === 'dark' ? ci.service.pairs : null, startAt: ci.startAt, endAt: ci.endAt, segments: ci.reservations.map((x) => x.segment),
      }),
    });
  });

  r.openapi(defineRoute({
    method: 'get', path: '/circuits/{id}', roles: ['commercial'], params: IdParam, response: CircuitDetail, errors: [404],
    summary: 'A circuit, with its contracted revenue per month',
  }), async (c) => {
    const circuit = view(await load(c.req.valid('param').id));
    return c.json({ ...circuit, revenue: revenueSchedule(circuit) } satisfies z.infer<typeof CircuitDetail>);
  });

  r.openapi(defineRoute({
    method: 'delete', path: '/circuits/{id}', roles: ['commercial'], params: IdParam, response: CircuitSchema, errors: [404],
    summary: 'End a circuit now: its reservations are released (ending an ended circuit changes nothing)',
  }), async (c) => {
    const { id } = c.req.valid('param');
    await load(id);
    const rec = await ctx.records.endCircuit(id, ctx.now());
    if (!rec) throw notFound('circuit', id);
    return c.json(view(rec));
  });

  r.openapi(defineRoute({
    method: 'get', path: '/circuits/{id}/billing', roles: ['commercial'], params: IdParam, query: BillingQuery, response: BillingSchema, errors: [404, 422, 503], produces: ['text/csv', 'text/html'],
    summary: 'A lit circuit’s monthly 95th-percentile billing: JSON, CSV, or a printable statement (lang=fr|nl|en)',
    description: 'Per direction the ⌈0.95·N⌉-th smallest of the month’s 5-minute averages of the circuit’s interface (8,640 in a 30-day month, the 432 highest dropped); the larger is billed; overage above the committed rate in whole Mbit/s.',
  }), async (c) => {
    const rec = await load(c.req.valid('param').id);
    const q = c.req.valid('query');
    const circuit = view(rec);
    if (circuit.service.kind !== 'lit') throw apiErrorSaying(422, 'not_lit', sentence('error.notLit', { circuit: circuit.id }));
    const month = q.month ?? monthOf(ctx.now());
    const range = monthRange(month);
    const buckets = circuit.interface ? await interfaceBuckets(ctx.store, circuit.interface, range.from, range.to) : [];
    const bill = monthlyBilling(circuit, month, buckets);
    if (q.format === 'html') return c.html(renderStatementHtml(circuit, bill, q.lang, ctx.cadastre));
    if (q.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `inline; filename="${circuit.id}-${month}.csv"`);
      const res = sendList(c, [bill], {
        columns: [
          { name: 'circuit', value: () => circuit.id }, { name: 'month', value: (b) => b.month },
          { name: 'expected_samples', value: (b) => b.expectedSamples }, { name: 'in_samples', value: (b) => b.samples.in }, { name: 'out_samples', value: (b) => b.samples.out },
          { name: 'in_p95_bps', value: (b) => b.p95Bps.in }, { name: 'out_p95_bps', value: (b) => b.p95Bps.out }, { name: 'billed_bps', value: (b) => b.billedBps },
          { name: 'committed_bps', value: (b) => b.committedBps }, { name: 'burst_bps', value: (b) => b.burstBps }, { name: 'above_burst', value: (b) => b.aboveBurst },
          { name: 'overage_mbps', value: (b) => b.overageMbps }, { name: 'overage_cents', value: (b) => b.overageCents },
          { name: 'recurring_cents', value: (b) => b.recurringCents }, { name: 'one_off_cents', value: (b) => b.oneOffCents }, { name: 'total_cents', value: (b) => b.totalCents },
          { name: 'operator_cents', value: (b) => b.operatorCents },
          ...bill.owners.map((o) => ({ name: `owner_${o.owner}_cents`, value: (b: typeof bill) => b.owners.find((x) => x.owner === o.owner)?.cents ?? 0 })),
        ],
      });
      return res;
    }
    return c.json(bill satisfies z.infer<typeof BillingSchema>);
  });

  r.openapi(defineRoute({
    method: 'get', path: '/revenue', roles: ['commercial'], query: RevenueQuery, response: RevenueAnswer, produces: ['text/csv'],
    summary: 'Contracted revenue per owner (and the single-window operator) per month across all circuits',
  }), async (c) => {
    const q = c.req.valid('query');
    const year = new Date(ctx.now()).getUTCFullYear();
    const from = q.from ?? `${year}-01`;
    const to = q.to ?? `${year}-12`;
    if (from > to) throw badRequestAt('from', sentence('error.notAfterTo', {}));
    const circuits = (await ctx.records.circuits()).map(view);
    const months = revenueByOwner(circuits, from, to);
    if (q.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'inline; filename="revenue.csv"');
      const rows = months.flatMap((m) => [
        { month: m.month, party: 'operator', cents: m.operatorCents, circuits: m.circuits },
        ...m.owners.map((o) => ({ month: m.month, party: o.owner, cents: o.cents, circuits: o.circuits })),
      ]);
      return c.body(toCsv(rows));
    }
    return c.json({ from, to, months } satisfies z.infer<typeof RevenueAnswer>);
  });
  return r;
}
