// The Hono application: error shape, authentication on /api/*, the route modules of api/routes/index.ts
// mounted under /api, the OpenAPI document and docs page, and the built map served at /.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { routePath } from 'hono/route';
import { serveStatic } from '@hono/node-server/serve-static';
import { InfluxError } from '../store/influx.js';
import type { ApiContext, AppEnv } from './context.js';
import { authenticate, type RateLimit, type TokenEntry } from './auth.js';
import { ApiError, apiErrorSaying, requestLang, type ErrorBody } from './format.js';
import { sentence, type Lang } from '../common/i18n.js';
import { apiRouter, defineRoute, docsHtml, DOCS_SCRIPT, openApiDocument } from './openapi.js';
import { routeModules } from './routes/index.js';
import { ApiMetrics } from './metrics.js';
import { z } from 'zod';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from '../common/log.js';

export interface AppOptions {
  tokens: readonly TokenEntry[];
  rateLimit?: RateLimit;
  /** The built map (web/dist), served at /. */
  webDir?: string;
  /** The API's Prometheus metrics (GET /metrics); a new registry if not given. */
  metrics?: ApiMetrics;
  /** One JSON line per request (method, route pattern, status, duration, token name; never the token). */
  accessLog?: Logger;
  /** Whether the figures are loaded (the warm-up done), for /api/health/ready. Default: always. */
  figuresLoaded?: () => boolean;
}

const Health = z.object({ status: z.enum(['ok', 'degraded']), store: z.enum(['up', 'down']), time: z.string() });
const Live = z.object({ status: z.literal('ok'), time: z.string() });
const Ready = z.object({ status: z.enum(['ready', 'not_ready']), store: z.enum(['up', 'down']), figures: z.enum(['loaded', 'loading']), time: z.string() });

/** The language an error is said in: the request's, or English when the refused value is `lang` itself. */
function answerLang(c: Parameters<typeof requestLang>[0]): Lang {
  try { return requestLang(c); } catch { return 'en'; }
}

function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: { code, message, ...(field !== undefined ? { field } : {}) } };
}

/** Largest request body accepted (a quote request is well under 1 KiB); past it, 413 naming `body`. */
export const BODY_LIMIT_BYTES = 64 * 1024;

// The docs page's one inline script, allowed by its hash rather than by 'unsafe-inline'.
const DOCS_SCRIPT_HASH = `'sha256-${createHash('sha256').update(DOCS_SCRIPT, 'utf8').digest('base64')}'`;

/**
 * Content-Security-Policy of every answer: nothing but this origin; MapLibre's workers run from blob: URLs and its
 * sprites and canvases use data:/blob: images; inline styles are allowed (the map, the docs page and the quote
 * document set them), inline scripts are not (but the docs page's, by hash); no page may frame ours.
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", DOCS_SCRIPT_HASH],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'data:', 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function createApp(ctx: ApiContext, opts: AppOptions): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  const metrics = opts.metrics ?? new ApiMetrics();
  app.use('*', metrics.middleware());

  if (opts.accessLog) {
    const log = opts.accessLog;
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      // The route pattern (/api/segments/:id), not the path: bounded in number and free of identifiers.
      log.log('info', 'access', {
        method: c.req.method, route: routePath(c), status: c.res.status,
        duration_ms: Math.round((performance.now() - started) * 10) / 10, token: c.get('tokenName'),
      });
    });
  }

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      // A sentence of the catalogue is said in the request's language (an unknown `lang` is itself this error).
      return c.json(err.body(answerLang(c)), err.httpStatus);
    }
    if (err instanceof HTTPException) {
      const code = err.status === 400 ? 'bad_request' : err.status === 404 ? 'not_found' : `http_${err.status}`;
      return c.json(errorBody(code, err.message || 'request failed'), err.status);
    }
    if (err instanceof InfluxError) {
      // Its message names the host and InfluxDB's reason, never credentials (they travel in headers).
      console.error(`api: ${c.req.method} ${c.req.path}: ${err.message}`);
      return c.json(errorBody('store_unavailable', err.message), 503);
    }
    console.error(`api: ${c.req.method} ${c.req.path}:`, err);
    return c.json(errorBody('internal', 'internal error'), 500);
  });
  app.notFound((c) => c.json(apiErrorSaying(404, 'not_found', sentence('error.noRoute', { method: c.req.method, path: c.req.path })).body(answerLang(c)), 404));

  // Every answer, errors included: security headers (nosniff, CSP with frame-ancestors, X-Frame-Options) and a
  // cache policy (API answers hold figures of the caller's role: never stored; the map's files: revalidated).
  app.use('*', secureHeaders({ contentSecurityPolicy: CSP, xFrameOptions: 'DENY', strictTransportSecurity: false }));
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) {
      c.res.headers.set('Cache-Control', c.req.path === '/api' || c.req.path.startsWith('/api/') ? 'no-store' : 'no-cache');
    }
  });
  app.use('/api/*', bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: (c) => c.json(apiErrorSaying(413, 'payload_too_large', sentence('error.bodyTooLarge', { bytes: BODY_LIMIT_BYTES }), 'body').body(answerLang(c)), 413),
  }));

  // An unknown `lang` is refused on every path, before anything else is done for the request.
  app.use('*', async (c, next) => { requestLang(c); await next(); });

  // Public: liveness, and the description of the API (it holds no data).
  app.openapi(defineRoute({
    method: 'get', path: '/api/health', roles: 'public', response: Health,
    summary: 'Liveness and store reachability (no token needed)',
    alsoAnswers: { status: 503, description: 'the store is unreachable (status degraded)' },
  }), async (c) => {
    const up = await ctx.store.ping();
    return c.json({ status: up ? 'ok' : 'degraded', store: up ? 'up' : 'down', time: new Date(ctx.now()).toISOString() } satisfies z.infer<typeof Health>, up ? 200 : 503);
  });
  // Liveness: the process answers (an orchestrator restarts it otherwise). Never looks at the store, so a
  // short InfluxDB outage does not restart a healthy API.
  app.openapi(defineRoute({ method: 'get', path: '/api/health/live', roles: 'public', response: Live, summary: 'Liveness: the process answers (no token needed)' }),
    (c) => c.json({ status: 'ok', time: new Date(ctx.now()).toISOString() } satisfies z.infer<typeof Live>));
  // Readiness: the store answers and the figures are loaded, so requests get answers rather than waits or 503s.
  app.openapi(defineRoute({ method: 'get', path: '/api/health/ready', roles: 'public', response: Ready, alsoAnswers: { status: 503, description: 'not ready: the store is unreachable or the figures are still loading' }, summary: 'Readiness: store reachable and figures loaded (no token needed)' }),
    async (c) => {
      const up = await ctx.store.ping();
      const loaded = opts.figuresLoaded?.() ?? true;
      const body = { status: up && loaded ? 'ready' : 'not_ready', store: up ? 'up' : 'down', figures: loaded ? 'loaded' : 'loading', time: new Date(ctx.now()).toISOString() } satisfies z.infer<typeof Ready>;
      return c.json(body, up && loaded ? 200 : 503);
    });
  app.openapi(defineRoute({ method: 'get', path: '/api/openapi.json', roles: 'public', summary: 'This OpenAPI 3 document (no token needed)' }),
    (c) => c.json(openApiDocument(app)));
  app.openapi(defineRoute({ method: 'get', path: '/api/docs', roles: 'public', produces: ['text/html'], summary: 'A human-readable page of the operations (no token needed)' }),
    (c) => c.html(docsHtml(requestLang(c))));

  // Public like /api/health: request counts and timings, no data.
  app.openapi(defineRoute({ method: 'get', path: '/metrics', roles: 'public', produces: ['text/plain'], summary: 'Prometheus metrics of this API process: request counts and timings, figures load time (no token needed)' }),
    async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));

  app.use('/api/*', authenticate({ tokens: opts.tokens, rateLimit: opts.rateLimit, clock: ctx.now }));
  for (const mod of routeModules) app.route('/api', mod(ctx));

  if (opts.webDir) {
    const root = resolve(opts.webDir);
    if (existsSync(root)) {
      app.use('/*', async (c, next) => {
        if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
        return serveStatic<AppEnv>({ root })(c, next);
      });
    } else {
      console.warn(`api: the map is not built (${root} missing): run npm run build:web`);
    }
  }
  return app;
}
