// The OpenAPI document covers the app as mounted: every route the app serves is documented with its roles, the
// roles documented are the roles enforced, and every error status a route answers (no token, wrong role, bad
// parameter, broken body, unknown id, rate limit, store down) is documented with the body schema it answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { InfluxStore } from '../../store/influx.js';
import { createApp } from '../../api/app.js';
import type { ApiContext, Role } from '../../api/context.js';
import { ErrorBody } from '../../api/format.js';
import { DriftSeen } from '../../config/drift.js';
import { createFigures } from '../../analytics/figures.js';
import { freshDatabase } from '../support/influx.js';
import { TOKEN_ENTRIES, auth } from './support.js';
import { SqliteRecords } from '../../store/records-sqlite.js';

const FIXTURE = 'test/fixtures/cadastre-small';
const NOW = Date.UTC(2026, 10, 20, 12);
const ROLES: Role[] = ['operator', 'planner', 'commercial', 'viewer'];
const cadastre = loadCadastre(FIXTURE);

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  'x-roles'?: string[];
  security?: unknown[];
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const contexts: ApiContext[] = [];
function appWith(store: InfluxStore, rateLimit = { requests: 100_000, windowMs: 60_000 }): ReturnType<typeof createApp> {
  const ctx: ApiContext = { cadastre, configDir: FIXTURE, store, dataDir: '/tmp/openapi-test-none', records: new SqliteRecords(':memory:'), now: () => NOW, figures: createFigures(cadastre, store, { reloadMs: 0 }) };
  contexts.push(ctx);
  return createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit });
}

let app: ReturnType<typeof createApp>;
let doc: Doc;
let ops: Array<{ path: string; method: string; op: Operation }>;

beforeAll(async () => {
  app = appWith(await freshDatabase('api_openapi'));
  doc = await (await app.request('/api/openapi.json')).json() as Doc;
  ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
});
afterAll(async () => {
  for (const ctx of contexts) await (ctx.figures as { settle?: () => Promise<void> }).settle?.();
});

/** A concrete URL for a documented path: unknown ids, so that an allowed caller gets 404 rather than data. */
const concrete = (path: string): string => path.replace(/\{[^}]+\}/g, 'no-such-id');

async function call(target: ReturnType<typeof createApp>, method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
  return target.request(url, { method: method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) });
}

/** What each (operation, status) answered, checked against the document at the end of each probe. */
async function expectDocumented(path: string, method: string, res: Response, missing: string[]): Promise<void> {
  const status = String(res.status);
  const documented = doc.paths[path]?.[method]?.responses[status];
  if (!documented) { missing.push(`${method.toUpperCase()} ${path}: ${status} answered, not documented`); return; }
  if (res.status >= 400) {
    if (!documented.content?.['application/json']?.schema) missing.push(`${method.toUpperCase()} ${path}: ${status} has no JSON body schema`);
    const body = await res.json();
    const shape = ErrorBody.safeParse(body);
    if (!shape.success) missing.push(`${method.toUpperCase()} ${path}: ${status} body is not an ErrorBody: ${JSON.stringify(body)}`);
  }
}

describe('the OpenAPI document covers the app', () => {
  it('every route the app mounts is documented, with its roles or as public', () => {
    const mounted = new Set(app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([^/]+)/g, '{$1}')}`));
    expect(mounted.size).toBeGreaterThan(15);
    const missing = [...mounted].filter((key) => {
      const [method, path] = key.split(' ');
      const op = doc.paths[path]?.[method];
      return !op || !(Array.isArray(op['x-roles']) || (Array.isArray(op.security) && op.security.length === 0));
    });
    expect(missing, 'mounted but undocumented or without roles').toEqual([]);
    expect(doc.paths['/api/me'].get['x-roles']).toEqual(['operator', 'planner', 'commercial', 'viewer']);
  });

  it('every documented error answer has a JSON body schema', () => {
    const missing = ops.flatMap(({ path, method, op }) => Object.entries(op.responses)
      .filter(([status, r]) => Number(status) >= 400 && !r.content?.['application/json']?.schema)
      .map(([status]) => `${method.toUpperCase()} ${path}: ${status}`));
    expect(missing).toEqual([]);
    const infeasible = doc.paths['/api/quotes'].post.responses['422'].content!['application/json'].schema as { properties: Record<string, unknown> };
    expect(Object.keys(infeasible.properties)).toEqual(['error', 'infeasible']);
  });

  it('documents what the drift probe saw (DriftItem.seen) with each field, its units and its meaning', () => {
    type Schema = { properties: Record<string, Schema & { description?: string }>; items: Schema; required?: string[]; description?: string };
    const answer = doc.paths['/api/drift'].get.responses['200'].content!['application/json'].schema as Schema;
    const item = answer.properties.items.items;
    expect(item.required).toEqual(['kind', 'device', 'message']);
    const seen = item.properties.seen;
    expect(Object.keys(seen.properties).sort()).toEqual(Object.keys(DriftSeen.shape).sort());
    expect(seen.properties.speedBps.description).toContain('bit/s');
    expect(seen.properties.litCapacityBps.description).toContain('bit/s');
    expect(seen.properties.timeoutMs.description).toContain('ms');
    expect(Object.keys(seen.properties.neighbour.properties)).toEqual(['protocol', 'sysName', 'port', 'site']);
    const undescribed = Object.entries(seen.properties).filter(([, p]) => !p.description).map(([k]) => k);
    expect(undescribed).toEqual([]);
  });

  it('the roles documented are the roles enforced, and each answer is documented', async () => {
    const missing: string[] = [];
    for (const { path, method, op } of ops) {
      const body = op.requestBody !== undefined ? '{}' : undefined;
      const json: Record<string, string> = body !== undefined ? { 'Content-Type': 'application/json' } : {};
      if (!op['x-roles']) {
        const res = await call(app, method, concrete(path));
        expect(res.status, `${path} is public`).toBeLessThan(400);
        continue;
      }
      const anon = await call(app, method, concrete(path), json, body);
      expect(anon.status, `${method} ${path} without a token`).toBe(401);
      await expectDocumented(path, method, anon, missing);
      for (const role of ROLES) {
        const res = await call(app, method, concrete(path), { ...auth(role), ...json }, body);
        if (op['x-roles'].includes(role)) expect(res.status, `${role} ${method} ${path}`).not.toBe(403);
        else expect(res.status, `${role} ${method} ${path}`).toBe(403);
        await expectDocumented(path, method, res, missing);
      }
    }
    expect(missing).toEqual([]);
  });

  it('bad parameters, broken bodies, the rate limit and a store that is down answer documented errors', async () => {
    const missing: string[] = [];
    const operator = auth('operator');
    const limited = appWith(new InfluxStore({ url: 'http://127.0.0.1:1', database: 'none' }), { requests: 1, windowMs: 3_600_000 });
    await limited.request('/api/sites', { headers: operator }); // spends the one request
    const down = appWith(new InfluxStore({ url: 'http://127.0.0.1:1', database: 'none' }));
    let storeDown = 0;
    for (const { path, method, op } of ops) {
      if (!op['x-roles']) continue;
      const url = concrete(path);
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      for (const p of query) {
        const res = await call(app, method, `${url}?${p.name}=%21not-valid`, operator);
        await expectDocumented(path, method, res, missing);
      }
      if (op.requestBody !== undefined) {
        const broken = await call(app, method, url, { ...operator, 'Content-Type': 'application/json' }, '{"from":');
        expect(broken.status).toBe(400);
        expect(await broken.clone().json()).toEqual({ error: { code: 'bad_request', message: 'body: not valid JSON', field: 'body' } });
        await expectDocumented(path, method, broken, missing);
        await expectDocumented(path, method, await call(app, method, url, { ...operator, 'Content-Type': 'text/plain' }, '{}'), missing);
        await expectDocumented(path, method, await call(app, method, url, { ...operator, 'Content-Type': 'application/json' }, '{"from":"A"}'), missing);
      }
      const throttled = await call(limited, method, url, operator);
      expect(throttled.status).toBe(429);
      await expectDocumented(path, method, throttled, missing);
      const valid = op.requestBody !== undefined
        ? await call(down, method, url, { ...operator, 'Content-Type': 'application/json' }, JSON.stringify({ from: 'sjtn', to: 'bxl', service: { kind: 'dark', pairs: 1 }, termMonths: 12 }))
        : await call(down, method, url, operator);
      if (valid.status === 503) storeDown += 1;
      await expectDocumented(path, method, valid, missing);
    }
    expect(missing).toEqual([]);
    expect(storeDown, 'routes that read the store answered 503 with it down').toBeGreaterThanOrEqual(8);
  }, 60_000);
});
