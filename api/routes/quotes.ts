// POST /api/quotes, GET /api/quotes/:id and /api/quotes/:id.html: priced offers for surplus capacity.
// The route is the shortest over the segments that can carry the service, on the figures of the last 30
// days (the window is stored with the quote); diverse protection takes the least-total-length pair of
// segment-disjoint routes (Suurballe). Prices follow analytics/pricing.ts (integer cents, stated rules).
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import type { SegmentFigures, Window } from '../../analytics/model.js';
import { requireRole } from '../auth.js';
import { badRequest, notFound, parseBody } from '../format.js';
import { describeRoute } from '../openapi.js';
import { composeQuote, QuoteInputError, QuoteRequest, QuoteSchema, quoteWindow, type Quote } from '../../analytics/quote.js';
import { windowJson } from '../../analytics/model.js';
import { newQuoteId, QUOTE_ID } from '../quotes-store.js';
import { renderQuoteHtml } from '../quote-html.js';

export function quoteRoutes(ctx: ApiContext): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  describeRoute({
    method: 'post', path: '/api/quotes', roles: ['commercial'], body: QuoteRequest, response: QuoteSchema, errors: [422],
    summary: 'Price surplus capacity between two sites or coordinates, and store the quote',
    description: 'Shortest route over the segments that can carry the service on the last 30 days of figures (lit: sellable ≥ '
      + 'bandwidth on every segment; dark: free pairs ≥ pairs); `diverse`: the least-total-length pair of segment-disjoint '
      + 'routes (Suurballe). Integer euro cents, rounding rules in `price.rules`. 422 when infeasible, with the blocking cut '
      + 'and the fewest segments to upgrade. 201 with the stored quote.',
  });
  r.post('/quotes', requireRole('commercial'), async (c) => {
    const req = await parseBody(c, QuoteRequest);
    const now = ctx.now();
    const window = quoteWindow(now);
    const figures = await ctx.figures.segments(window);
    let result: ReturnType<typeof composeQuote>;
    try {
      result = composeQuote(ctx.cadastre, figures, req, window, now, newQuoteId(now));
    } catch (e) {
      if (e instanceof QuoteInputError) throw badRequest(e.field, e.message);
      throw e;
    }
    if ('infeasible' in result) {
      const inf = result.infeasible;
      return c.json({ error: { code: 'infeasible', message: inf.message }, infeasible: { ...inf, window: windowJson(window) } }, 422);
    }
    await ctx.records.saveQuote({ id: result.quote.id, createdAt: result.quote.createdAt, validUntil: result.quote.validUntil, doc: result.quote });
    c.header('Location', `/api/quotes/${result.quote.id}`);
    return c.json(result.quote, 201);
  });

  describeRoute({ method: 'get', path: '/api/quotes/:id', roles: ['commercial'], response: QuoteSchema, errors: [404], summary: 'A stored quote (JSON)' });
  describeRoute({ method: 'get', path: '/api/quotes/:id.html', roles: ['commercial'], errors: [404], produces: ['text/html'], summary: 'A stored quote as a printable HTML document' });
  r.get('/quotes/:ref', requireRole('commercial'), async (c) => {
    const ref = c.req.param('ref');
    const html = ref.endsWith('.html');
    const id = html ? ref.slice(0, -'.html'.length) : ref;
    const stored = QUOTE_ID.test(id) ? await ctx.records.quote(id) : null;
    if (!stored) throw notFound(`no quote ${id}`);
    const quote = stored.doc as Quote;
    if (html) return c.html(renderQuoteHtml(quote, ctx.cadastre));
    return c.json(quote);
  });
  return r;
}
