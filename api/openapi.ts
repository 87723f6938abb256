// Every API route is defined once (`defineRoute`): path, parameter/query/body schemas, answer and error bodies,
// and the roles that may call it. From that one definition @hono/zod-openapi mounts the route with its
// validators (our defaultHook turns a zod issue into the usual 400 naming the field), our role check runs as
// the route's middleware, and the OpenAPI document is generated — nothing about a route is written twice.
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { html, raw } from 'hono/html';
import { requireRole } from './auth.js';
import { documentText } from './document-html.js';
import { API_DOCS_LABELS, sentence, type Lang } from '../common/i18n.js';
import type { AppEnv, Role } from './context.js';
import { badRequest, badRequestSaying, ErrorBody, FormatQuery, LangQuery, requestLang, zodProblem, zodProblemIn } from './format.js';

/**
 * A sub-application of routes; validation failures answer 400 with `field` like parseQuery, the message in the
 * request's language. Each route gets its own hook, which knows the route's schemas: zod's messages are then said
 * in French or Dutch by parsing the refused value again with zod's locale (zodProblemIn), per request.
 */
export function apiRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const p = zodProblem(result.error);
        throw badRequest(p.field, p.message);
      }
    },
  });
  const openapi = app.openapi;
  app.openapi = ((route: RouteConfig, handler: unknown, hook?: unknown) =>
    (openapi as (r: RouteConfig, h: unknown, k: unknown) => unknown)(route, handler, hook ?? validationHook(route))) as typeof app.openapi;
  return app;
}

type Target = 'query' | 'param' | 'json';
/** The hook of a route: a refused query, path or body answers 400 naming the field, in the request's language. */
function validationHook(route: RouteConfig) {
  const schemas: Partial<Record<Target, z.ZodType>> = {
    query: route.request?.query as z.ZodType | undefined,
    param: route.request?.params as z.ZodType | undefined,
    json: (route.request?.body?.content['application/json'] as { schema?: z.ZodType } | undefined)?.schema,
  };
  return async (result: { success: true } | { success: false; error: z.ZodError; data: unknown; target: string }, c: Context<AppEnv>): Promise<void> => {
    if (result.success) return;
    // An unknown `lang` was refused before any route ran (api/app.ts): this is the language asked.
    const lang = requestLang(c);
    const schema = schemas[result.target as Target];
    const p = (lang !== 'en' && schema ? await zodProblemIn(schema, result.data, lang) : null) ?? zodProblem(result.error);
    throw badRequest(p.field, p.message);
  };
}

/** The error answers a route may give besides 400, 401, 403 and 429 (which every token-checked route has). */
export const ERROR_DESCRIPTIONS = {
  404: 'not found',
  409: 'conflicts with the current state (or the feature is off: no price book configured, pricebook.yaml); the message says with what',
  410: 'no longer valid; the message says since when',
  413: 'the body is larger than the limit (64 KiB); `field` is `body`',
  415: 'the body is not sent as application/json',
  422: 'not feasible; the message says why',
  503: 'the store (InfluxDB) or a file the answer needs is unavailable; the message says which',
} as const;
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

type Shape = z.ZodRawShape;
type WithFormat<Q extends Shape> = z.ZodObject<Q & typeof FormatQuery.shape>;

export interface RouteDef<P extends Shape, Q extends Shape, B extends z.ZodType, L extends boolean> {
  method: 'get' | 'post' | 'delete';
  /** Relative to where the router is mounted, OpenAPI syntax: `/segments/{id}/series`. */
  path: string;
  summary: string;
  description?: string;
  /** Roles allowed besides operator; `'public'`: no token needed. */
  roles: readonly Role[] | 'public';
  params?: z.ZodObject<P>;
  query?: z.ZodObject<Q>;
  /** The JSON body (POST). */
  body?: B;
  /** The body may be left out altogether (no Content-Type, nothing sent): the handler then gets `{}`. */
  bodyOptional?: boolean;
  /** The JSON answer; absent: undocumented shape. */
  response?: z.ZodType;
  /** Status of the answer: 200, or 201 for a creation. */
  status?: 200 | 201;
  /** Answers JSON, GeoJSON or CSV by `?format=` (sendList); adds the `format` parameter. */
  listFormats?: L;
  /** Other media types answered, e.g. text/html. */
  produces?: readonly string[];
  /** Further error answers: a status with the ErrorBody shape, or a status with its own body schema. */
  errors?: ReadonlyArray<ErrorStatus | { status: ErrorStatus; description: string; schema: z.ZodType }>;
  /** A status the route answers with its regular body (e.g. 503 of /api/health). */
  alsoAnswers?: { status: number; description: string };
}

const errorResponse = (description: string, schema: z.ZodType = ErrorBody) => ({ description, content: { 'application/json': { schema } } });

/** Parses the JSON body before the validator so that broken JSON answers `body: not valid JSON`, as always. */
const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => jsonBodyOf(c, next, false);
/** The same for a body that may be left out: nothing sent and no Content-Type passes as no body. */
const optionalJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => jsonBodyOf(c, next, true);
async function jsonBodyOf(c: Parameters<MiddlewareHandler<AppEnv>>[0], next: () => Promise<void>, optional: boolean): Promise<void> {
  if (optional && !c.req.header('content-type') && (await c.req.text()) === '') { await next(); return; }
  try {
    await c.req.json(); // cached: the validator reads the same parsed text
  } catch {
    throw badRequestSaying('body', sentence('error.notJson', {}));
  }
  await next();
}

/** The route configuration for `router.openapi(route, handler)`: documentation, validation and the role check. */
export function defineRoute<P extends Shape = {}, Q extends Shape = {}, B extends z.ZodType = z.ZodNever, L extends boolean = false>(def: RouteDef<P, Q, B, L>) {
  const isPublic = def.roles === 'public';
  const roles: Role[] = isPublic ? [] : ['operator', ...(def.roles as readonly Role[])];
  const listQuery = def.listFormats ? (def.query ? def.query.extend(FormatQuery.shape) : FormatQuery) : def.query;
  // Every route answers in the language asked (sentences only): `lang` is documented and checked on each.
  const query = listQuery ? listQuery.extend(LangQuery.shape) : LangQuery;

  const content: Record<string, { schema: z.ZodType | Record<string, unknown> }> = {};
  if (def.response || !def.produces) content['application/json'] = { schema: def.response ?? { type: 'object' } };
  if (def.listFormats) {
    content['application/geo+json'] = { schema: { type: 'object', description: 'a FeatureCollection' } };
    content['text/csv'] = { schema: { type: 'string' } };
  }
  for (const t of def.produces ?? []) content[t] = { schema: { type: 'string' } };

  const responses: RouteConfig['responses'] = {
    [def.status ?? 200]: { description: 'OK', content },
    400: errorResponse('a parameter or the body is invalid; `field` names it'),
  };
  if (def.alsoAnswers) responses[def.alsoAnswers.status] = { description: def.alsoAnswers.description, content: { 'application/json': content['application/json'] } };
  if (!isPublic) {
    responses[401] = { ...errorResponse('no valid Bearer token'), headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } };
    responses[403] = errorResponse(`the role may not use this route (allowed: ${roles.join(', ')})`);
    responses[429] = { ...errorResponse('rate limit of the token exceeded'), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } } };
  }
  for (const e of def.errors ?? []) {
    if (typeof e === 'number') responses[e] = errorResponse(ERROR_DESCRIPTIONS[e]);
    else responses[e.status] = errorResponse(e.description, e.schema);
  }
  if (def.body) {
    responses[413] ??= errorResponse(ERROR_DESCRIPTIONS[413]);
    responses[415] ??= errorResponse(ERROR_DESCRIPTIONS[415]);
  }

  const middleware: MiddlewareHandler<AppEnv>[] = [];
  if (!isPublic) middleware.push(requireRole(...(def.roles as readonly Role[])));
  if (def.body) middleware.push(def.bodyOptional ? optionalJsonBody : jsonBody);

  return createRoute({
    method: def.method,
    path: def.path,
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    ...(isPublic ? { security: [] } : { 'x-roles': roles }),
    middleware,
    request: {
      params: def.params as z.ZodObject<P> | undefined,
      query: query as unknown as (L extends true ? WithFormat<Q> : z.ZodObject<Q>) | undefined,
      ...(def.body ? { body: { required: !def.bodyOptional, content: { 'application/json': { schema: def.body } } } } : {}),
    } as {
      params: z.ZodObject<P>;
      query: L extends true ? WithFormat<Q> : z.ZodObject<Q>;
      body: { required: true; content: { 'application/json': { schema: B } } };
    },
    responses,
  });
}

/** The OpenAPI 3 document of every route defined on `app` and the routers mounted on it. */
export function openApiDocument(app: OpenAPIHono<AppEnv>, info: { title?: string; version?: string } = {}): Record<string, unknown> {
  const doc = app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: info.title ?? 'irisnet-telemetry API',
      version: info.version ?? '0.1.0',
      description: 'Capacity, utilisation, surplus and planning figures for the IRISnet fibre network and the wifi.brussels hotspots. Rates in bit/s, lengths in metres, times ISO 8601 UTC, money in euro cents.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
  }) as unknown as Record<string, unknown> & { paths: Record<string, unknown>; components?: Record<string, unknown> };
  // Paths in alphabetical order, as the docs page lists them.
  const paths = Object.fromEntries(Object.entries(doc.paths).sort(([a], [b]) => a.localeCompare(b)));
  return { ...doc, paths, components: { ...(doc.components ?? {}), securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } };
}

/**
 * The docs page's one script: it lists the operations read from /api/openapi.json as text nodes, with the page's
 * words from its `data-words` attribute, so the script (allowed by its hash, api/app.ts) is the same in every language.
 */
export const DOCS_SCRIPT = `
const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, attrs || {});
  for (const ch of children) if (ch !== null && ch !== undefined) e.append(ch);
  return e;
};
const w = JSON.parse(document.body.dataset.words);
fetch('/api/openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('intro').textContent = doc.info.description;
  const out = [];
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const roles = op['x-roles'] ? w.roles + ' ' + op['x-roles'].join(', ') : w.noToken;
    out.push(el('h2', {}, el('span', { className: 'm' }, method.toUpperCase()), path));
    out.push(el('p', {}, op.summary, op.description ? el('br') : null, op.description || null, el('br'), el('span', { className: 'roles' }, roles)));
    const params = op.parameters || [];
    if (params.length) out.push(el('table', {},
      el('tr', {}, ...[w.parameter, w.in, w.type, w.description].map((h) => el('th', {}, h))),
      ...params.map((p) => el('tr', {},
        el('td', { className: 'n' }, p.name + (p.required ? ' *' : '')), el('td', {}, p.in),
        el('td', {}, (p.schema.enum ? p.schema.enum.join(' | ') : (p.schema.type || p.schema.format || '')) + (p.schema.default !== undefined ? ' = ' + p.schema.default : '')),
        el('td', {}, p.description || (p.schema && p.schema.description) || '')))));
    out.push(el('p', { className: 'roles' }, w.answers + ' ' + Object.keys(op.responses).join(', ')));
  }
  document.getElementById('ops').replaceChildren(...out);
});
`;

/** A small self-contained page listing the operations, in the reader's language (its words: common/i18n.ts). */
export function docsHtml(lang: Lang): string {
  const t = API_DOCS_LABELS[lang];
  const words = JSON.stringify({ roles: t.roles, noToken: t.noToken, parameter: t.parameter, in: t.in, type: t.type, description: t.description, answers: t.answers });
  return documentText(html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>irisnet-telemetry API</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{margin-top:2rem;font-size:1.05rem;font-family:ui-monospace,monospace}code,td.n{font-family:ui-monospace,monospace}
table{border-collapse:collapse;margin:.4rem 0}td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:3.5rem;font-weight:600}.roles{color:#555;font-size:.9em}</style></head>
<body data-words="${words}"><h1>irisnet-telemetry API</h1><p id="intro"></p>
<p>${t.authenticate} <code>Authorization: Bearer &lt;token&gt;</code>. ${t.errorsAre} <code>{"error":{"code","message","field?"}}</code>. ${t.machineReadable} <a href="/api/openapi.json">/api/openapi.json</a>.${t.describedIn ? ` ${t.describedIn}` : ''}</p>
<div id="ops">${t.loading}</div>
<script>${raw(DOCS_SCRIPT)}</script></body></html>
`, 'docs');
}
