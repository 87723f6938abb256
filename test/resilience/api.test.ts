// End to end: GET /api/resilience through the app, over p95 figures computed from rollups written to a real
// influxd, on the hand-made ring of test/fixtures/resilience-ring (the same network as analysis.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { loadCadastre } from '../../config/load.js';
import { createApp } from '../../api/app.js';
import type { ApiContext, AppEnv } from '../../api/context.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import { createFigures, type FiguresImpl } from '../../analytics/figures.js';
import { interfaceBucketLine, BUCKET_MS } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';
import { auth, TOKEN_ENTRIES } from '../api/support.js';
import type { CutResilience, SiteResilience } from '../../analytics/resilience.js';

const FIXTURE = 'test/fixtures/resilience-ring';
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const H = 3_600_000;
const G = 1e9;
const cadastre = loadCadastre(FIXTURE);

/** Constant a→b (out) and b→a (in) rates, so p95 = these; S8b has no samples at all. */
const TRAFFIC: Record<string, [number, number] | null> = {
  S1: [3 * G, 2 * G], S2: [2.5 * G, 4 * G], S3: [1 * G, 1.5 * G], S4: [5 * G, 1 * G],
  S5: [0.5 * G, 0.2 * G], S6: [0.1 * G, 0.1 * G], S7: [0.1 * G, 0.1 * G],
  S8a: [1.2 * G, 0.8 * G], S8b: null, S9: [0.3 * G, 0.1 * G],
};

let app: Hono<AppEnv>;
let figures: FiguresImpl;
const query = `from=${new Date(NOW - 2 * H).toISOString()}&to=${new Date(NOW).toISOString()}`;

beforeAll(async () => {
  const store = await freshDatabase('resilience_api');
  const lines: string[] = [];
  for (const s of cadastre.segments) {
    const rates = TRAFFIC[s.id];
    if (!rates) continue;
    for (let t = NOW - 2 * H; t < NOW; t += BUCKET_MS) {
      lines.push(interfaceBucketLine({ time: t, segment: s.id, device: s.measuredBy.device, ifName: s.measuredBy.ifName, outBps: rates[0], inBps: rates[1], samples: 5 }));
    }
  }
  await store.write(lines);
  figures = createFigures(cadastre, store, { reloadMs: 0 });
  const ctx: ApiContext = { cadastre, configDir: FIXTURE, store, figures, dataDir: FIXTURE, records: new SqliteRecords(':memory:'), now: () => NOW };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 1000 } });
});

afterAll(async () => { await figures?.settle(); });

interface CutsAnswer {
  items: CutResilience[]; sites: SiteResilience[]; model: string; ranking: string;
  core: { sites: string[]; source: string }; counts: Record<string, number>; window: { from: string; to: string };
}

describe('GET /api/resilience', () => {
  it('ranks the cuts with cut-off sites and detour overloads to the bit, from the stored traffic', async () => {
    const res = await app.request(`/api/resilience?${query}`, { headers: auth('planner') });
    expect(res.status).toBe(200);
    const body = await res.json() as CutsAnswer;
    expect(body.model).toContain('We do not know the end-to-end traffic matrix');
    expect(body.core).toEqual({ sites: ['C'], source: 'policy.coreSites' });
    expect(body.window).toEqual({ from: new Date(NOW - 2 * H).toISOString(), to: new Date(NOW).toISOString() });
    expect(body.items.map((c) => c.segment)).toEqual(['S5', 'S6', 'S7', 'S4', 'S2', 'S1', 'S8a', 'S3', 'S8b', 'S9']);
    const cut = (id: string) => body.items.find((c) => c.segment === id)!;
    expect(cut('S5').sentence).toBe('Cutting S5 cuts off Spur town hall and 2 schools from the core.');
    expect(cut('S5').cutOff.map((s) => s.id)).toEqual(['P1', 'P2', 'P3']);
    expect(cut('S4').movedBps).toBe(5 * G);
    expect(cut('S4').detour!.overloaded.map((o) => [o.segment, o.p95Bps, o.loadBps, o.limitBps, o.overBps])).toEqual([
      ['S2', 4 * G, 9 * G, 7 * G, 2 * G], ['S1', 3 * G, 8 * G, 7 * G, 1 * G],
    ]);
    expect(cut('S8a').detour!.overloaded).toMatchObject([{ segment: 'S8b', measured: false, loadBps: 1.2 * G, limitBps: 0.7 * G }]);
    expect(cut('S8b')).toMatchObject({ measured: false, movedBps: 0 });
    expect(Object.fromEntries(body.sites.map((s) => [s.id, s.status]))).toMatchObject({
      C: 'core', R1: 'diverse', Q: 'diverse', P2: 'single-homed', X1: 'not-connected-to-core',
    });
    expect(body.sites.find((s) => s.id === 'P3')!.sharedSegments).toEqual(['S7', 'S5']);
  });

  it('answers the sites view, CSV and GeoJSON', async () => {
    const sites = await (await app.request(`/api/resilience?${query}&view=sites&format=csv`, { headers: auth('operator') })).text();
    expect(sites.split('\r\n')[0]).toBe('site,name,kind,status,disjointPaths,sharedSegments');
    expect(sites).toContain('P2,School P2,school,single-homed,1,S6 S5');
    const csv = await app.request(`/api/resilience?${query}&format=csv`, { headers: auth('planner') });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows).toHaveLength(11);
    expect(rows[4]).toContain('4,S4,R3,C,false,0,,5000000000,S3 S2 S1,3000,S2:9000000000/7000000000 S1:8000000000/7000000000,3000000000,');
    const geo = await (await app.request(`/api/resilience?${query}&format=geojson`, { headers: auth('planner') })).json() as {
      type: string; features: Array<{ geometry: { type: string }; properties: { segment: string; bridge: boolean; cutOff: string } }>;
    };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(10);
    expect(geo.features[0].geometry.type).toBe('LineString');
    expect(geo.features[0].properties).toMatchObject({ segment: 'S5', bridge: true, cutOff: 'P1 P2 P3' });
  });

  it('refuses other roles and bad parameters', async () => {
    expect((await app.request(`/api/resilience?${query}`, { headers: auth('commercial') })).status).toBe(403);
    expect((await app.request(`/api/resilience?${query}`, { headers: auth('viewer') })).status).toBe(403);
    expect((await app.request(`/api/resilience?${query}`)).status).toBe(401);
    const bad = await app.request(`/api/resilience?${query}&view=everything`, { headers: auth('planner') });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('view');
    const badFrom = await app.request('/api/resilience?from=yesterday', { headers: auth('planner') });
    expect(((await badFrom.json()) as { error: { field: string } }).error.field).toBe('from');
  });
});

describe('GET /api/resilience in the reader\'s language', () => {
  it('writes the sentences in French (lang) and Dutch (Accept-Language); the data stays the same', async () => {
    const get = async (path: string, headers: Record<string, string> = {}): Promise<CutsAnswer> => {
      const res = await app.request(path, { headers: { ...auth('planner'), ...headers } });
      expect(res.status).toBe(200);
      return await res.json() as CutsAnswer;
    };
    const en = await get(`/api/resilience?${query}`);
    const fr = await get(`/api/resilience?${query}&lang=fr`, { 'Accept-Language': 'nl' });
    const nl = await get(`/api/resilience?${query}`, { 'Accept-Language': 'nl-BE,nl;q=0.9,en;q=0.5' });
    const cutOf = (body: CutsAnswer, id: string): CutResilience => body.items.find((c) => c.segment === id) as CutResilience;
    expect(cutOf(fr, 'S5').sentence).toBe('Couper S5 isole Spur town hall et 2 écoles du cœur.');
    expect(cutOf(nl, 'S5').sentence).toBe('Het doorsnijden van S5 snijdt Spur town hall en 2 scholen af van de kern.');
    expect(cutOf(fr, 'S3').sentence).toBe('Couper S3 reporte 1,5 Gbit/s sur un détour de 3,5 km par S2, S1, S4 ; aucun tronçon du détour ne dépasse 70 % de sa capacité allumée.');
    const withoutSentences = (b: CutsAnswer): unknown => b.items.map(({ sentence: _s, ...rest }) => rest);
    expect(withoutSentences(fr)).toEqual(withoutSentences(en));
    expect(withoutSentences(nl)).toEqual(withoutSentences(en));
    expect(en.items.every((c) => !('i18n' in c))).toBe(true);
  });

  it('refuses an unknown lang with a 400 naming lang, on every path', async () => {
    for (const path of [`/api/resilience?${query}&lang=de`, '/api/health?lang=xx', '/api/openapi.json?lang=']) {
      const res = await app.request(path, { headers: auth('planner') });
      expect(res.status, path).toBe(400);
      const body = await res.json() as { error: { code: string; field: string; message: string } };
      expect(body.error.field, path).toBe('lang');
      expect(body.error.message, path).toMatch(/^lang: unknown language ".*"; expected one of fr, nl, en$/);
    }
  });
});
