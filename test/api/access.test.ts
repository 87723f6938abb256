// Access control, input validation, devices, the OpenAPI document and the server itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { InfluxStore } from '../../store/influx.js';
import { pollLine, type PollStatus } from '../../store/schema.js';
import { createApp } from '../../api/app.js';
import { DEFAULT_RATE_LIMIT, hashToken, parseTokensEnv, RateLimiter, readTokensFile, tokensFrom } from '../../api/auth.js';
import type { ApiContext, Role } from '../../api/context.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import { createFigures } from '../../analytics/figures.js';
import { startApi } from '../../api/cli.js';
import { freshDatabase } from '../support/influx.js';
import { TOKENS, TOKEN_ENTRIES, auth } from './support.js';

const FIXTURE = 'test/fixtures/cadastre-small';
const NOW = Date.UTC(2026, 10, 20, 12);
const cadastre = loadCadastre(FIXTURE);
let store: InfluxStore;
let ctx: ApiContext;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await freshDatabase('api_access');
  const polls: Array<[string, PollStatus, number]> = [
    // sw-bxl: healthy, one timeout earlier in the window.
    ['sw-bxl', 'ok', NOW - 30_000], ['sw-bxl', 'timeout', NOW - 90_000], ['sw-bxl', 'ok', NOW - 150_000],
    // sw-sjtn: last ok 10 minutes ago (stale at 60 s intervals), then timeouts.
    ['sw-sjtn', 'ok', NOW - 600_000], ['sw-sjtn', 'timeout', NOW - 120_000], ['sw-sjtn', 'timeout', NOW - 60_000],
    // sw-ixl: wrong v3 credentials, never seen.
    ['sw-ixl', 'auth_error', NOW - 100_000], ['sw-ixl', 'auth_error', NOW - 40_000],
    // sw-stg: an error inside the window and a poll outside it (40 days ago) that does not count.
    ['sw-stg', 'ok', NOW - 20_000], ['sw-stg', 'error', NOW - 80_000], ['sw-stg', 'timeout', NOW - 40 * 86_400_000],
  ];
  await store.write(polls.map(([device, status, time]) => pollLine({ time, device, status, durationMs: 12, values: 10 })), 'ms');
  ctx = { cadastre, configDir: FIXTURE, store, dataDir: '/tmp', records: new SqliteRecords(':memory:'), now: () => NOW, figures: createFigures(cadastre, store, { reloadMs: 0 }) };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
});

const ROLES: Role[] = ['operator', 'planner', 'commercial', 'viewer'];

describe('role matrix, route by route', () => {
  const matrix: Array<[string, Role[]]> = [
    ['/api/segments', ['operator', 'planner', 'commercial', 'viewer']],
    ['/api/segments?format=geojson', ['operator', 'planner', 'commercial', 'viewer']],
    ['/api/segments/S-1/series', ['operator', 'planner', 'commercial', 'viewer']],
    ['/api/network/summary', ['operator', 'planner', 'commercial', 'viewer']],
    ['/api/devices', ['operator', 'commercial']],
    ['/api/hotspots', ['operator', 'planner', 'viewer']],
    ['/api/hotspots/H-1/series', ['operator', 'planner', 'viewer']],
  ];
  for (const [path, allowed] of matrix) {
    it(`${path}: ${allowed.join(', ')}`, async () => {
      for (const role of ROLES) {
        const res = await app.request(path, { headers: auth(role) });
        const body = await res.json() as { error?: { code: string; message: string } };
        if (allowed.includes(role)) expect(res.status, `${role} ${path}`).toBe(200);
        else {
          expect(res.status, `${role} ${path}`).toBe(403);
          expect(body.error?.code).toBe('forbidden');
          expect(body.error?.message).toContain(role);
        }
      }
      const anon = await app.request(path);
      expect(anon.status).toBe(401);
      expect(anon.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });
  }

  it('health, the OpenAPI document and the docs page need no token', async () => {
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await app.request('/api/openapi.json')).status).toBe(200);
    const docs = await app.request('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(await docs.text()).toContain('/api/openapi.json');
  });
});

describe('authentication and rate limit', () => {
  it('401 with a JSON body for a missing, malformed or unknown token; the token is never echoed', async () => {
    const headers: Array<Record<string, string>> = [{}, { Authorization: 'Basic dXNlcjpwYXNz' }, { Authorization: 'Bearer' }, { Authorization: 'Bearer not-a-token' }, { Authorization: `Bearer ${hashToken(TOKENS.operator)}` }];
    for (const h of headers) {
      const res = await app.request('/api/segments', { headers: h });
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'unauthorized' } });
      expect(text).not.toContain('not-a-token');
    }
  });

  it('429 with Retry-After per token; other tokens unaffected; a request passes again a window after the oldest', async () => {
    let clock = NOW;
    const limited = createApp({ ...ctx, now: () => clock }, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await limited.request('/api/segments', { headers: auth('viewer') })).status).toBe(200);
    const res = await limited.request('/api/segments', { headers: auth('viewer') });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60'); // the three passed at the same instant: free again a minute later
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await limited.request('/api/segments', { headers: auth('planner') })).status).toBe(200);
    clock += 59_999;
    expect((await limited.request('/api/segments', { headers: auth('viewer') })).status).toBe(429);
    clock += 1;
    for (let i = 0; i < 3; i++) expect((await limited.request('/api/segments', { headers: auth('viewer') })).status).toBe(200);
    expect((await limited.request('/api/segments', { headers: auth('viewer') })).status).toBe(429);
  });

  it('lets at most the documented 600 requests through in any minute (a request every 25 ms for 3 minutes)', () => {
    let clock = NOW;
    const limiter = new RateLimiter(DEFAULT_RATE_LIMIT, () => clock);
    expect(DEFAULT_RATE_LIMIT).toEqual({ requests: 600, windowMs: 60_000 });
    const passed: number[] = [];
    for (let t = 0; t < 180_000; t += 25) {
      clock = NOW + t;
      if (limiter.take('map') === 0) passed.push(t);
    }
    // Every interval [t, t + 60 s) holds at most 600 passes; the first minute exactly 600, then 600 a minute.
    let most = 0;
    for (let i = 0, j = 0; i < passed.length; i++) {
      while (j < passed.length && passed[j] < passed[i] + 60_000) j++;
      most = Math.max(most, j - i);
    }
    expect(most).toBe(600);
    expect(passed.filter((t) => t < 60_000)).toHaveLength(600);
    expect(passed).toHaveLength(1800);
    expect(passed.slice(598, 602)).toEqual([14_950, 14_975, 60_000, 60_025]);
  });
});

describe('bad inputs, per parameter: 400 naming the field', () => {
  const cases: Array<[string, string]> = [
    ['/api/segments?from=yesterday', 'from'],
    ['/api/segments?to=2026-13-45', 'to'],
    ['/api/segments?from=2026-11-10&to=2026-11-01', 'from'],
    ['/api/segments?from=2026-11-10&to=2026-11-10', 'from'],
    ['/api/segments?from=2020-01-01&to=2026-01-01', 'from'],
    ['/api/segments?format=xml', 'format'],
    ['/api/segments/S-1/series?step=2m', 'step'],
    ['/api/segments/S-1/series?step=1w', 'step'],
    ['/api/segments/S-1/series?from=nope', 'from'],
    ['/api/network/summary?to=31/12/2026', 'to'],
    ['/api/devices?from=2026-11-01T25:00:00Z', 'from'],
    ['/api/devices?format=pdf', 'format'],
  ];
  for (const [path, field] of cases) {
    it(`${path} → ${field}`, async () => {
      const res = await app.request(path, { headers: auth('operator') });
      expect(res.status).toBe(400);
      const body = await res.json() as { error: { code: string; field: string; message: string } };
      expect(body.error.code).toBe('bad_request');
      expect(body.error.field).toBe(field);
      expect(body.error.message).toMatch(new RegExp(`^${field}: `));
    });
  }

  it('unknown segment → 404 with a JSON body; unknown route → 404', async () => {
    const res = await app.request('/api/segments/NOPE/series', { headers: auth('viewer') });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no segment NOPE' } });
    expect((await app.request('/api/nothing-here', { headers: auth('viewer') })).status).toBe(404);
  });
});

describe('GET /api/devices', () => {
  interface Dev { id: string; target?: string; snmpVersion?: string; snmpUser?: string; lastStatus: string | null; lastSeen: string | null; lastPoll: string | null; stale: boolean; timeouts: number; errors: number }
  it('last status, last seen, stale, timeouts and errors in the window', async () => {
    const res = await app.request('/api/devices', { headers: auth('operator') });
    const { items } = await res.json() as { items: Dev[] };
    expect(items.map((d) => d.id)).toEqual(cadastre.devices.map((d) => d.id));
    const by = new Map(items.map((d) => [d.id, d]));
    const iso = (t: number) => new Date(t).toISOString();
    expect(by.get('sw-bxl')).toMatchObject({ lastStatus: 'ok', lastSeen: iso(NOW - 30_000), lastPoll: iso(NOW - 30_000), stale: false, timeouts: 1, errors: 0, target: '127.0.0.1:0', snmpVersion: 'v2c' });
    expect(by.get('sw-sjtn')).toMatchObject({ lastStatus: 'timeout', lastSeen: iso(NOW - 600_000), lastPoll: iso(NOW - 60_000), stale: true, timeouts: 2, errors: 0 });
    expect(by.get('sw-ixl')).toMatchObject({ lastStatus: 'auth_error', lastSeen: null, stale: true, errors: 2, snmpVersion: 'v3', snmpUser: 'irisnet-ro' });
    expect(by.get('sw-stg')).toMatchObject({ lastStatus: 'ok', timeouts: 0, errors: 1, stale: false });
    expect(by.get('sw-mol')).toMatchObject({ lastStatus: null, lastSeen: null, stale: true, timeouts: 0, errors: 0 });
  });

  it('no addresses or SNMP details for the commercial role', async () => {
    const res = await app.request('/api/devices', { headers: auth('commercial') });
    const text = await res.text();
    const { items } = JSON.parse(text) as { items: Dev[] };
    expect(items.length).toBe(cadastre.devices.length);
    for (const d of items) {
      expect(d.target).toBeUndefined();
      expect(d.snmpVersion).toBeUndefined();
      expect(d.snmpUser).toBeUndefined();
    }
    expect(text).not.toMatch(/127\.0\.0\.1|snmp|irisnet-ro|IRIS_SNMP|community/i);
    const csv = await (await app.request('/api/devices?format=csv', { headers: auth('commercial') })).text();
    expect(csv.split('\r\n')[0]).not.toMatch(/target|snmp/);
  });
});

describe('GET /api/me', () => {
  it('answers the name and role of the caller\'s token, 401 without one', async () => {
    for (const role of ROLES) {
      const res = await app.request('/api/me', { headers: auth(role) });
      expect(res.status, role).toBe(200);
      expect(await res.json()).toEqual({ name: `${role}-test`, role });
    }
    const anon = await app.request('/api/me');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await anon.json() as { error: { code: string } }).error.code).toBe('unauthorized');
    const unknown = await app.request('/api/me', { headers: { Authorization: 'Bearer not-a-token' } });
    expect(unknown.status).toBe(401);
  });
});

describe('OpenAPI from the request schemas', () => {
  it('documents the parameters that the routes validate', async () => {
    const doc = await (await app.request('/api/openapi.json')).json() as { openapi: string; paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string; schema: { enum?: string[] } }>; responses: Record<string, unknown>; 'x-roles'?: string[] }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const seg = doc.paths['/api/segments'].get;
    expect(seg.parameters.map((p) => p.name)).toEqual(['from', 'to', 'format', 'lang']);
    expect(seg.parameters.find((p) => p.name === 'format')!.schema.enum).toEqual(['json', 'geojson', 'csv']);
    expect(seg.parameters.find((p) => p.name === 'lang')!.schema.enum).toEqual(['fr', 'nl', 'en']);
    expect(Object.keys(seg.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429']));
    const series = doc.paths['/api/segments/{id}/series'].get;
    expect(series.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:from', 'query:to', 'query:step', 'query:lang']);
    expect(series.responses['404']).toBeDefined();
    expect(doc.paths['/api/devices'].get['x-roles']).toEqual(['operator', 'commercial']);
  });
});

describe('tokens configuration', () => {
  it('YAML file and API_TOKENS, hashes only; errors name the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-tokens-'));
    const file = join(dir, 'tokens.yaml');
    writeFileSync(file, `- { name: noc, role: operator, sha256: ${hashToken('a').toUpperCase()} }\n- { name: sales, role: commercial, sha256: ${hashToken('b')} }\n`);
    expect(readTokensFile(file)).toEqual([
      { name: 'noc', role: 'operator', sha256: hashToken('a') },
      { name: 'sales', role: 'commercial', sha256: hashToken('b') },
    ]);
    expect(tokensFrom(undefined, { API_TOKENS_FILE: file })).toHaveLength(2);
    expect(parseTokensEnv(`noc:operator:${hashToken('a')}, map:viewer:${hashToken('c')}`).map((t) => t.role)).toEqual(['operator', 'viewer']);
    writeFileSync(file, '- { name: noc, role: admin, sha256: abc }\n');
    expect(() => readTokensFile(file)).toThrow(/tokens\.yaml: 0\.role/);
    writeFileSync(file, '- { name: noc, role: viewer, sha256: s3cr3t }\n');
    expect(() => readTokensFile(file)).toThrow(/0\.sha256: the SHA-256 of the token/);
    expect(() => parseTokensEnv('noc:operator')).toThrow(/API_TOKENS: item 1: expected name:role:sha256/);
    expect(() => parseTokensEnv(`a:viewer:${hashToken('x')},a:viewer:${hashToken('y')}`)).toThrow(/appears twice/);
  });
});

describe('startApi over HTTP', () => {
  it('serves the API and the built map, and closes', async () => {
    const web = mkdtempSync(join(tmpdir(), 'api-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>map</title>');
    const api = await startApi({
      configDir: FIXTURE, port: 0, host: '127.0.0.1', tokens: TOKEN_ENTRIES, webDir: web,
      dataDir: mkdtempSync(join(tmpdir(), 'api-data-')),
      influx: { url: inject('influxUrl'), database: store.database },
      log: () => {},
    });
    try {
      await api.warmed;
      expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
      const seg = await fetch(`${api.url}/api/segments`, { headers: auth('viewer') });
      expect(seg.status).toBe(200);
      expect(((await seg.json()) as { items: unknown[] }).items).toHaveLength(cadastre.segments.length);
      const page = await fetch(`${api.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>map</title>');
    } finally {
      await api.close();
    }
  });
});
