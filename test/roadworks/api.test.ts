// End to end: Osiris worksites imported beside a copy of the hand-made cadastre test/fixtures/works-net,
// traffic rollups in a real influxd whose daily p95 rises linearly, and GET /api/opportunities through the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadCadastre } from '../../config/load.js';
import { createApp } from '../../api/app.js';
import type { ApiContext, AppEnv } from '../../api/context.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import { createFigures, type FiguresImpl } from '../../analytics/figures.js';
import { interfaceBucketLine, BUCKET_MS } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';
import { auth, TOKEN_ENTRIES } from '../api/support.js';
import { importWorksites } from '../../works/import.js';
import type { CapacityOpportunity, ReachOpportunity } from '../../analytics/roadworks.js';

const FIXTURE = 'test/fixtures/works-net';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 0, 0, 0);
const FROM = NOW - 20 * DAY;
const query = `from=${new Date(FROM).toISOString()}&to=${new Date(NOW).toISOString()}`;
// Metres per degree on turf's sphere; the hand computations below use them.
const KY = (6_371_008.8 * Math.PI) / 180;
const KX_5085 = KY * Math.cos((50.85 * Math.PI) / 180);

let app: Hono<AppEnv>;
let figures: FiguresImpl;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'works-net-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const report = await importWorksites(join(FIXTURE, 'osiris-sample.geojson'), { configDir: dir });
  expect(report.kept).toBe(5);
  const cadastre = loadCadastre(dir);
  const store = await freshDatabase('roadworks_api');
  const lines: string[] = [];
  for (let t = FROM; t < NOW; t += BUCKET_MS) {
    const day = Math.floor((t - FROM) / DAY);
    // "hot": every 5-minute average of day k is 3 Gbit/s + k × 0.1 Gbit/s, so its daily p95 is exactly that.
    lines.push(interfaceBucketLine({ time: t, segment: 'hot', device: 'sw-a', ifName: 'ge-1', outBps: 3e9 + day * 1e8, inBps: 1e9, samples: 5 }));
    lines.push(interfaceBucketLine({ time: t, segment: 'cool', device: 'sw-b', ifName: 'ge-1', outBps: 1e9, inBps: 1e9, samples: 5 }));
  }
  await store.write(lines);
  figures = createFigures(cadastre, store, { reloadMs: 0 });
  const ctx: ApiContext = { cadastre, configDir: dir, store, figures, dataDir: dir, records: new SqliteRecords(':memory:'), now: () => NOW };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 1000 } });
});

afterAll(async () => {
  await figures?.settle();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Answer { items: Array<CapacityOpportunity | ReachOpportunity>; rules: string[]; worksitesWithoutEnd: string[]; counts: Record<string, number> }

describe('GET /api/opportunities', () => {
  it('capacity and reach opportunities with metres, margins and values worked out by hand', async () => {
    const res = await app.request(`/api/opportunities?${query}`, { headers: auth('planner') });
    expect(res.status).toBe(200);
    const body = await res.json() as Answer;
    expect(body.items.map((o) => `${o.kind}:${o.worksite.id}`)).toEqual(['capacity:7001', 'reach:7003']);
    const cap = body.items.find((o): o is CapacityOpportunity => o.kind === 'capacity')!;
    // Daily p95 3 + 0.1·k Gbit/s at the middle of day k from 31 Oct: 7 Gbit/s (70 % of 10) at k = 40, i.e.
    // 10 Dec 12:00 UTC. Works 7001 end with 30 Nov (1 Dec 00:00): 9.5 days → 9 days, 1 week of margin.
    expect(cap.segment).toBe('hot');
    expect(cap.crossingDate).toBe('2026-12-10');
    expect(cap.marginDays).toBe(9);
    expect(cap.marginWeeks).toBe(1);
    // Polygon from 4.355° to 4.36° straddling the route on 50.85°, plus the 25 m corridor at both ends.
    const metres = 0.005 * KX_5085 + 50;
    expect(Math.abs(cap.coveredMetres - metres)).toBeLessThan(0.01);
    expect(Math.round(cap.coveredMetres)).toBe(401);
    expect(cap.share).toBeCloseTo(metres / (0.02 * KX_5085), 6);
    expect(cap.valueCents).toBe(401 * 15_000);
    expect(cap.sentence).toBe('Works 7001 on Rue de la Loi (23 Nov 2026–30 Nov 2026) cover 401 m of segment hot, which reaches 70 % of its capacity around 10 Dec 2026: lay a second cable before then (1 week of margin).');
    // Works 7002 end after the crossing; 7005 has no programmed end.
    expect(body.worksitesWithoutEnd).toEqual(['7005']);
    const reach = body.items.find((o): o is ReachOpportunity => o.kind === 'reach')!;
    // T1's backhaul runs along 4.35° from 50.86° to site A (50.85°); works 7003 span 50.853°..50.855° → 0.002° + 50 m.
    expect(reach.target.id).toBe('T1');
    expect(reach.site.id).toBe('A');
    expect(Math.abs(reach.coveredMetres - (0.002 * KY + 50))).toBeLessThan(0.01);
    expect(reach.valueCents).toBe(Math.round(0.002 * KY + 50) * 15_000);
    expect(reach.backhaulMetres).toBeCloseTo(0.01 * KY, 3);
    // T2 has a hotspot 13 m away: works 7004 across its line yield nothing.
    expect(body.items.some((o) => o.worksite.id === '7004')).toBe(false);
  });

  it('a short horizon drops the capacity opportunity; kind filters; CSV and GeoJSON', async () => {
    const short = await (await app.request(`/api/opportunities?${query}&horizonDays=10`, { headers: auth('operator') })).json() as Answer;
    expect(short.items.map((o) => o.kind)).toEqual(['reach']);
    const onlyCap = await (await app.request(`/api/opportunities?${query}&kind=capacity`, { headers: auth('planner') })).json() as Answer;
    expect(onlyCap.items.map((o) => o.worksite.id)).toEqual(['7001']);
    const csv = (await (await app.request(`/api/opportunities?${query}&format=csv`, { headers: auth('planner') })).text()).trim().split('\r\n');
    expect(csv[0]).toBe('rank,kind,subject,worksite,road,startDate,endDate,coveredMetres,share,crossingDate,marginWeeks,backhaulMetres,valueCents,synthetic,sentence');
    expect(csv[1]).toMatch(/^1,capacity,hot,7001,Rue de la Loi,2026-11-23,2026-11-30,401,0\.\d{4},2026-12-10,1,,6015000,false,/);
    const geo = await (await app.request(`/api/opportunities?${query}&format=geojson`, { headers: auth('planner') })).json() as {
      features: Array<{ geometry: { type: string; coordinates: number[][][] }; properties: Record<string, unknown> }>;
    };
    expect(geo.features).toHaveLength(2);
    expect(geo.features[0].geometry.type).toBe('MultiLineString');
    // The covered stretch of "hot" runs from 25 m west of 4.355° to 25 m east of 4.36°.
    const [start, end] = geo.features[0].geometry.coordinates[0];
    expect(start[0]).toBeCloseTo(4.355 - 25 / KX_5085, 9);
    expect(end[0]).toBeCloseTo(4.36 + 25 / KX_5085, 9);
    expect(geo.features[0].properties).toMatchObject({ kind: 'capacity', subject: 'hot', worksite: '7001', marginWeeks: 1 });
  });

  it('roles and parameters', async () => {
    expect((await app.request(`/api/opportunities?${query}`, { headers: auth('commercial') })).status).toBe(403);
    const bad = await app.request('/api/opportunities?horizonDays=0', { headers: auth('planner') });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('horizonDays');
    const ws = await app.request('/api/worksites?format=geojson', { headers: auth('viewer') });
    expect(ws.status).toBe(200);
    const fc = await ws.json() as { features: Array<{ geometry: { type: string }; properties: { id: string; status: string } }> };
    expect(fc.features.map((f) => [f.properties.id, f.geometry.type, f.properties.status])).toEqual([
      ['7001', 'Polygon', 'Programmé'], ['7002', 'Polygon', 'Programmé'], ['7003', 'MultiPolygon', 'En cours'],
      ['7004', 'Polygon', 'Programmé'], ['7005', 'Polygon', "À l'étude"],
    ]);
  });
});
