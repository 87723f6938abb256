// The Hono application: error shape, authentication on /api/*, the route modules of api/routes/index.ts
// mounted under /api, the OpenAPI document and docs page, and the built map served at /.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import { InfluxError } from '../store/influx.js';
import type { ApiContext, AppEnv } from './context.js';
import { authenticate, type RateLimit, type TokenEntry } from './auth.js';
import { ApiError, requestLang, type ErrorBody } from './format.js';
import { apiRouter, defineRoute, DOCS_HTML, openApiDocument } from './openapi.js';
import { routeModules } from './routes/index.js';
import { z } from 'zod';
import type { OpenAPIHono } from '@hono/zod-openapi';

export interface AppOptions {
  tokens: readonly TokenEntry[];
  rateLimit?: RateLimit;
  /** The built map (web/dist), served at /. */
  webDir?: string;
}

const Health = z.object({ status: z.enum(['ok', 'degraded']), store: z.enum(['up', 'down']), time: z.string() });

function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

export function createApp(ctx: ApiContext, opts: AppOptions): OpenAPIHono<AppEnv> {
  const app = apiRouter();

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json(err.body(), err.httpStatus);
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
  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));

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
  app.openapi(defineRoute({ method: 'get', path: '/api/openapi.json', roles: 'public', summary: 'This OpenAPI 3 document (no token needed)' }),
    (c) => c.json(openApiDocument(app)));
  app.openapi(defineRoute({ method: 'get', path: '/api/docs', roles: 'public', produces: ['text/html'], summary: 'A human-readable page of the operations (no token needed)' }),
    (c) => c.html(DOCS_HTML));

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
