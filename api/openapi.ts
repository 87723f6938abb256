// The OpenAPI document is generated from the very zod schemas that validate the requests: route modules
// describe each operation here (`describeRoute`) with the schema they pass to parseQuery/parseBody.
import { z } from 'zod';
import type { Role } from './context.js';
import { ErrorBody, FormatQuery } from './format.js';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Full path in Hono syntax, e.g. /api/segments/:id/series. */
  path: string;
  summary: string;
  description?: string;
  /** Roles allowed besides operator; empty and `public: true` means no token needed. */
  roles: Role[];
  public?: boolean;
  /** The zod object schema of the query parameters. */
  query?: z.ZodObject;
  /** The zod schema of the JSON body. */
  body?: z.ZodType;
  /** The zod schema of the JSON answer (200 / 201). */
  response?: z.ZodType;
  /** Answers as JSON, GeoJSON and CSV by `?format=`. */
  listFormats?: boolean;
  /** Other media types answered, e.g. text/html. */
  produces?: string[];
  /** Error statuses worth documenting besides 400/401/403/429. */
  errors?: number[];
}

const operations = new Map<string, Operation>();

/** Registers an operation for the OpenAPI document; idempotent per method and path. */
export function describeRoute(op: Operation): void {
  operations.set(`${op.method} ${op.path}`, op);
}

export function registeredOperations(): Operation[] {
  return [...operations.values()];
}

const toOpenApiPath = (p: string): string => p.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g, '{$1}');

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function parameters(op: Operation): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const m of op.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)) {
    out.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  const query = op.listFormats ? (op.query ? op.query.extend(FormatQuery.shape) : FormatQuery) : op.query;
  if (query) {
    const json = schemaOf(query, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = schema;
      out.push({
        name, in: 'query', required: (json.required ?? []).includes(name), schema: rest,
        ...(typeof description === 'string' ? { description } : {}),
      });
    }
  }
  return out;
}

const errorResponse = (description: string): Record<string, unknown> => ({
  description, content: { 'application/json': { schema: schemaOf(ErrorBody, 'output') } },
});

export function openApiDocument(info: { title?: string; version?: string } = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const ops = registeredOperations().sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const op of ops) {
    const content: Record<string, unknown> = {
      'application/json': op.response ? { schema: schemaOf(op.response, 'output') } : {},
    };
    if (op.listFormats) {
      content['application/geo+json'] = {};
      content['text/csv'] = {};
    }
    for (const t of op.produces ?? []) content[t] = {};
    const responses: Record<string, unknown> = {
      [op.method === 'post' ? '201' : '200']: { description: 'OK', content },
      400: errorResponse('a parameter or the body is invalid; `field` names it'),
    };
    if (!op.public) {
      responses[401] = errorResponse('no valid Bearer token');
      responses[403] = errorResponse(`the role may not use this route (allowed: ${['operator', ...op.roles].join(', ')})`);
      responses[429] = { ...errorResponse('rate limit of the token exceeded'), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } } };
    }
    for (const s of op.errors ?? []) responses[s] = errorResponse(s === 404 ? 'not found' : s === 422 ? 'not feasible; the message says why' : 'error');
    const operation: Record<string, unknown> = {
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.public ? { security: [] } : { 'x-roles': ['operator', ...op.roles] }),
      parameters: parameters(op),
      responses,
    };
    if (op.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } };
    }
    (paths[toOpenApiPath(op.path)] ??= {})[op.method] = operation;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: info.title ?? 'irisnet-telemetry API',
      version: info.version ?? '0.1.0',
      description: 'Capacity, utilisation, surplus and planning figures for the IRISnet fibre network and the wifi.brussels hotspots. Rates in bit/s, lengths in metres, times ISO 8601 UTC, money in euro cents.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

/** A small self-contained page listing the operations, read from /api/openapi.json. */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>irisnet-telemetry API</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{margin-top:2rem;font-size:1.05rem;font-family:ui-monospace,monospace}code,td.n{font-family:ui-monospace,monospace}
table{border-collapse:collapse;margin:.4rem 0}td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:3.5rem;font-weight:600}.roles{color:#555;font-size:.9em}</style></head>
<body><h1>irisnet-telemetry API</h1><p id="intro"></p>
<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>{"error":{"code","message","field?"}}</code>. The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (ch) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[ch]));
fetch('/api/openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('intro').textContent = doc.info.description;
  const out = [];
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const roles = op['x-roles'] ? 'roles: ' + op['x-roles'].join(', ') : 'no token needed';
    out.push('<h2><span class="m">' + method.toUpperCase() + '</span>' + esc(path) + '</h2><p>' + esc(op.summary) +
      (op.description ? '<br>' + esc(op.description) : '') + '<br><span class="roles">' + esc(roles) + '</span></p>');
    if (op.parameters.length) out.push('<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>' +
      op.parameters.map((p) => '<tr><td class="n">' + esc(p.name) + (p.required ? ' *' : '') + '</td><td>' + p.in + '</td><td>' +
        esc(p.schema.enum ? p.schema.enum.join(' | ') : (p.schema.type || p.schema.format || '')) + (p.schema.default !== undefined ? ' = ' + esc(p.schema.default) : '') +
        '</td><td>' + esc(p.description || '') + '</td></tr>').join('') + '</table>');
    out.push('<p class="roles">answers: ' + Object.keys(op.responses).join(', ') + '</p>');
  }
  document.getElementById('ops').innerHTML = out.join('');
});
</script></body></html>
`;
