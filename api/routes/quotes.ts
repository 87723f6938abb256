// POST /api/quotes, GET /api/quotes/:id and /api/quotes/:id.html: priced offers for surplus capacity.
// The route is the shortest over the segments that can carry the service, on the figures of the last 30
// days (the window is stored with the quote); diverse protection takes the least-total-length pair of
// segment-disjoint routes (Suurballe). Prices follow analytics/pricing.ts (integer cents, stated rules).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import { badRequest, ErrorBody, notFound, requestLang, requirePriceBook, spoken } from '../format.js';
import { render } from '../../common/i18n.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { composeQuote, InfeasibleSchema, QuoteInputError, QuoteRequest, QuoteSchema, quoteWindow, type Quote } from '../../analytics/quote.js';
import { windowJson } from '../../analytics/model.js';
import { WindowJson } from '../schemas.js';
import { isExpired, newQuoteId, QUOTE_ID } from '../quotes-store.js';
import { DAY_MS } from '../../common/time.js';
import { renderQuoteHtml } from '../quote-html.js';

/** The 422 answer of POST /api/quotes: the error, and why no route could be priced (the blocking cut, what to upgrade). */
export const InfeasibleBody = ErrorBody.extend({ infeasible: InfeasibleSchema.extend({ window: WindowJson }) });

const QuoteRef = z.object({ id: z.string().min(1) });
/** A stored quote as answered: with whether its validity has passed. */
export const QuoteAnswer = QuoteSchema.extend({ expired: z.boolean().describe('true once validUntil has passed: the offer no longer holds') });

/** Stored quotes are purged at most this often, after a creation (policy.quoteRetentionDays past their validity). */
const PURGE_EVERY_MS = 3_600_000;
export function quoteRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  let lastPurge = -Infinity;
  // Stored quotes are deleted policy.quoteRetentionDays after their validity ended (an accepted one stays with
  // its circuit); checked at most hourly, after a creation.
  const purgeSometimes = (now: number): void => {
    if (now - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now;
    ctx.records.purgeQuotes(now - ctx.cadastre.policy.quoteRetentionDays * DAY_MS)
      .catch((e: unknown) => console.error(`api: quote purge failed: ${e instanceof Error ? e.message : String(e)}`));
  };

  r.openapi(defineRoute({
    method: 'post', path: '/quotes', roles: ['commercial'], body: QuoteRequest, response: QuoteAnswer, status: 201,
    errors: [{ status: 422, description: 'no route can carry the service: `infeasible` gives the reason, the blocking cut and the fewest segments to upgrade', schema: InfeasibleBody }, 409, 503],
    summary: 'Price surplus capacity between two sites or coordinates, and store the quote',
    description: 'Shortest route over the segments that can carry the service on the last 30 days of figures (lit: sellable ≥ '
      + 'bandwidth on every segment; dark: free pairs ≥ pairs); `diverse`: the least-total-length pair of segment-disjoint '
      + 'routes (Suurballe). Integer euro cents, rounding rules in `price.rules`. 422 when infeasible, with the blocking cut '
      + 'and the fewest segments to upgrade. 201 with the stored quote.',
  }), async (c) => {
    const req = c.req.valid('json');
    requirePriceBook(ctx.cadastre.priceBook, 'quotes');
    const now = ctx.now();
    const window = quoteWindow(now);
    const figures = await ctx.figures.segments(window);
    let result: ReturnType<typeof composeQuote>;
    try {
      result = composeQuote(ctx.cadastre, figures, req, window, now, newQuoteId(now));
    } catch (e) {
      if (e instanceof QuoteInputError) throw badRequest(e.field, render(e.i18n, requestLang(c)));
      throw e;
    }
    if ('infeasible' in result) {
      const inf = spoken(result.infeasible, 'message', requestLang(c));
      return c.json({ error: { code: 'infeasible', message: inf.message }, infeasible: { ...inf, window: windowJson(window) } } satisfies z.infer<typeof InfeasibleBody>, 422);
    }
    await ctx.records.saveQuote({ id: result.quote.id, createdAt: result.quote.createdAt, validUntil: result.quote.validUntil, doc: result.quote });
    purgeSometimes(now);
    c.header('Location', `/api/quotes/${result.quote.id}`);
    return c.json({ ...result.quote, expired: false }, 201);
  });

  // Hono cannot route a suffix after a parameter (`/quotes/:id.html` would name the parameter `id.html`), so the
  // one route `/quotes/{id}` serves both; the `.html` form is documented from its own definition (same roles).
  const { middleware: _servedBelow, ...htmlRoute } = defineRoute({
    method: 'get', path: '/quotes/{id}.html', roles: ['commercial'], params: QuoteRef, errors: [404], produces: ['text/html'],
    summary: 'A stored quote as a printable HTML document',
  });
  r.openAPIRegistry.registerPath(htmlRoute);
  r.openapi(defineRoute({
    method: 'get', path: '/quotes/{id}', roles: ['commercial'], params: QuoteRef, response: QuoteAnswer, errors: [404],
    summary: 'A stored quote (JSON)',
  }), async (c) => {
    const ref = c.req.valid('param').id;
    const html = ref.endsWith('.html');
    const id = html ? ref.slice(0, -'.html'.length) : ref;
    const stored = QUOTE_ID.test(id) ? await ctx.records.quote(id) : null;
    if (!stored) throw notFound('quote', id);
    const quote = stored.doc as Quote;
    if (html) return c.html(renderQuoteHtml(quote, ctx.cadastre, requestLang(c)));
    return c.json({ ...quote, expired: isExpired(quote, ctx.now()) });
  });
  return r;
}
