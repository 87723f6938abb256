// End to end through the app: a real influxd holding rollups written here, the hand-made planning network
// (test/fixtures/planning-net), quotes with prices worked out by hand, hotspot figures against an
// independent computation across the 2026 DST changes, and the relocation plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distance } from '@turf/turf';
import type { Hono } from 'hono';
import { loadCadastre } from '../../config/load.js';
import type { LonLat } from '../../config/schema.js';
import { createApp } from '../../api/app.js';
import type { ApiContext, AppEnv } from '../../api/context.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import { createFigures, type FiguresImpl } from '../../analytics/figures.js';
import { hotspotBucketLine, interfaceBucketLine, BUCKET_MS } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';
import { auth, TOKEN_ENTRIES } from '../api/support.js';
import { QuoteSchema, type Quote } from '../../analytics/quote.js';
import { HotspotItem } from '../../api/routes/hotspots.js';
import { MoveSchema } from '../../analytics/relocation.js';
import { QuoteAnswer } from '../../api/routes/quotes.js';

const FIXTURE = 'test/fixtures/planning-net';
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const H = 3_600_000;
const cadastre = loadCadastre(FIXTURE);

let app: Hono<AppEnv>;
let figures: FiguresImpl;
let dataDir: string;
let records: SqliteRecords;

/** Rollups per segment: constant a→b (out) and b→a (in) rates over the last two hours before NOW. */
const TRAFFIC: Record<string, [number, number]> = {
  ac: [200e6, 150e6], // sellable 700 − 200 = 500 Mbit/s
  cd: [650e6, 10e6], // 50 Mbit/s
  db: [100e6, 100e6], // 600 Mbit/s
  ad: [300e6, 0], // 400 Mbit/s
  cb: [120e6, 300e6], // 400 Mbit/s
  bz: [20e6, 5e6], // 100 Mbit/s lit: 70 − 20 = 50 Mbit/s
};

/** Brussels offset from the fixed 2026 transitions (not Intl): the independent reference. */
const brusselsOffsetHours = (t: number): number => (t >= Date.UTC(2026, 2, 29, 1) && t < Date.UTC(2026, 9, 25, 1) ? 2 : 1);
const openByReference = (t: number): boolean => {
  const local = new Date(t + brusselsOffsetHours(t) * H);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return minute >= 8 * 60 && minute < 22 * 60;
};
const DST_WINDOWS = [[Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 31)], [Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 27)]] as const;
/** Clients per hotspot and bucket: busy in open hours by the reference clock, not periodic in 5 minutes. */
const CLIENTS: Record<string, (t: number, i: number) => number | null> = {
  'H-busy': (t, i) => (openByReference(t) ? 8 + (i % 7) : (i % 3) / 2),
  'H-idle': (t, i) => (i % 5 === 2 ? null : openByReference(t) ? ((i * 3) % 4) / 5 : 0), // gaps: no sample
  'H-quiet': (t, i) => (openByReference(t) ? 1 + ((i * 7) % 11) / 20 : 2.5),
};

beforeAll(async () => {
  const store = await freshDatabase('planning_api');
  const lines: string[] = [];
  for (const s of cadastre.segments) {
    const [out, inn] = TRAFFIC[s.id];
    for (let t = NOW - 2 * H; t < NOW; t += BUCKET_MS) {
      lines.push(interfaceBucketLine({ time: t, segment: s.id, device: s.measuredBy.device, ifName: s.measuredBy.ifName, outBps: out, inBps: inn, samples: 5 }));
    }
  }
  for (const [from, to] of DST_WINDOWS) {
    for (const h of cadastre.hotspots) {
      for (let t = from - 6 * H, i = 0; t < to + 6 * H; t += BUCKET_MS, i++) {
        const clients = CLIENTS[h.id](t, i);
        if (clients !== null) lines.push(hotspotBucketLine({ time: t, hotspot: h.id, controller: h.controller, clients, samples: 5 }));
      }
    }
  }
  await store.write(lines);
  dataDir = mkdtempSync(join(tmpdir(), 'planning-quotes-'));
  figures = createFigures(cadastre, store, { reloadMs: 0 });
  records = new SqliteRecords(join(dataDir, 'records.sqlite'));
  const ctx: ApiContext = { cadastre, configDir: FIXTURE, store, figures, dataDir, records, now: () => NOW };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 1000 } });
});

afterAll(async () => {
  await figures?.settle();
  await records?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const post = async (body: unknown, role: Parameters<typeof auth>[0] = 'commercial'): Promise<Response> =>
  app.request('/api/quotes', { method: 'POST', headers: { ...auth(role), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/quotes', () => {
  it('dark, unprotected: the shortest route, priced to the cent, stored', async () => {
    const res = await post({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 2 }, termMonths: 24, protection: 'none', customer: 'Opérateur <Test>' });
    expect(res.status).toBe(201);
    const q = await res.json() as Quote & { expired: boolean };
    expect(QuoteAnswer.parse(q)).toEqual(q); // the documented schema covers every field
    expect(q.routes).toHaveLength(1);
    expect(q.routes[0].sites).toEqual(['A', 'C', 'D', 'B']);
    expect(q.routes[0].segments.map((s) => s.id)).toEqual(['ac', 'cd', 'db']);
    // 3 × (1000 m × 2 pairs × 33.33 €/pair·km) = 3 × 6666 = 19,998 c/month; × 24 = 479,952; −5 % (23,997.6 → 23,998);
    // + setup 150,000 = 605,954. Operator 30 % = 181,786.2 → 181,786; 424,168 left by km: irisnet 2000 m
    // (282,778.67), sibelga 1000 m (141,389.33); the one leftover cent to the larger remainder, irisnet.
    expect(q.price.monthly).toEqual({ bandwidthCents: 0, distanceCents: 19_998, totalCents: 19_998 });
    expect(q.price.recurringCents).toBe(479_952);
    expect(q.price.discountCents).toBe(23_998);
    expect(q.price.totalCents).toBe(605_954);
    expect(q.price.revenueSplit.operatorCents).toBe(181_786);
    expect(q.price.revenueSplit.owners).toEqual([{ owner: 'irisnet', metres: 2000, cents: 282_779 }, { owner: 'sibelga', metres: 1000, cents: 141_389 }]);
    expect(q.window).toEqual({ from: '2026-10-21T12:00:00.000Z', to: '2026-11-20T12:00:00.000Z' });
    expect(q.createdAt).toBe('2026-11-20T12:00:00.000Z');
    expect(q.validUntil).toBe('2026-12-20T12:00:00.000Z');
    expect(res.headers.get('Location')).toBe(`/api/quotes/${q.id}`);
    // Stored in the records store as answered, but for `expired`: judged when answering, not stored.
    expect(q.expired).toBe(false);
    const stored = (await records.quote(q.id))?.doc as Record<string, unknown>;
    expect(stored.expired).toBeUndefined();
    expect({ ...stored, expired: false }).toEqual(q);

    const again = await app.request(`/api/quotes/${q.id}`, { headers: auth('operator') });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(q);
    const html = await app.request(`/api/quotes/${q.id}.html`, { headers: auth('commercial') });
    expect(html.status).toBe(200);
    expect(html.headers.get('Content-Type')).toMatch(/text\/html/);
    const doc = await html.text();
    expect(doc).toContain(`Quote ${q.id}`);
    expect(doc).toContain('€6,059.54');
    expect(doc).toContain('Opérateur &lt;Test&gt;');
    expect(doc).not.toContain('<Test>');
    expect(doc).toContain('Site A → Site C → Site D → Site B');
    // The same document in the language asked (?lang= or Accept-Language), the figures unchanged.
    const fr = await (await app.request(`/api/quotes/${q.id}.html?lang=fr`, { headers: auth('commercial') })).text();
    expect(fr).toContain(`<h1>Devis ${q.id}</h1>`);
    expect(fr).toContain('6\u202f059,54\u00a0€');
    const nl = await (await app.request(`/api/quotes/${q.id}.html`, { headers: { ...auth('commercial'), 'Accept-Language': 'nl-BE' } })).text();
    expect(nl).toContain(`<h1>Offerte ${q.id}</h1>`);
    expect(nl).toContain('€\u00a06.059,54');
  });

  it('dark pairs beyond what the short segments have free: the route detours', async () => {
    const res = await post({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 9 }, termMonths: 1 });
    expect(res.status).toBe(201);
    const q = await res.json() as Quote;
    // ac and db have 8 free pairs: A–D (20) – C (10) – B (20).
    expect(q.routes[0].segments.map((s) => s.id)).toEqual(['ad', 'cd', 'cb']);
    expect(q.routes[0].lengthMetres).toBe(7100);
  });

  it('diverse: the disjoint pair where shortest-then-second fails, priced to the cent', async () => {
    const res = await post({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 2 }, termMonths: 12, protection: 'diverse' });
    expect(res.status).toBe(201);
    const q = await res.json() as Quote;
    expect(q.routes.map((r) => r.segments.map((s) => s.id))).toEqual([['ad', 'db'], ['ac', 'cb']]);
    expect(q.routes.map((r) => r.lengthMetres)).toEqual([4000, 4100]);
    // 6666 + 20,664.6 → 20,665 (cb 3100 m) + 19,998 + 6666 = 53,995 c/month; × 12 = 647,940; −5 % = 32,397;
    // + 150,000 = 765,543. Operator 229,662.9 → 229,663; 535,880 by km: irisnet 5100 m, sibelga 3000 m of 8100.
    expect(q.price.monthly.totalCents).toBe(53_995);
    expect(q.price.totalCents).toBe(765_543);
    expect(q.price.revenueSplit.operatorCents).toBe(229_663);
    expect(q.price.revenueSplit.owners.map((o) => [o.owner, o.cents])).toEqual([['irisnet', 337_406], ['sibelga', 198_474]]);
    const sum = q.price.revenueSplit.operatorCents + q.price.revenueSplit.owners.reduce((s, o) => s + o.cents, 0);
    expect(sum).toBe(q.price.totalCents);
  });

  it('lit from a coordinate: an access build to the nearest site, bandwidth and km, 36-month discount', async () => {
    const from: LonLat = [4.3512, 50.8395];
    const res = await post({ from, to: 'B', service: { kind: 'lit', bandwidthBps: 100_000_000 }, termMonths: 36 });
    expect(res.status).toBe(201);
    const q = await res.json() as Quote;
    // cd sells only 50 Mbit/s: A–D–B (4000 m) beats A–C–B (4100 m).
    expect(q.endpoints.from.site).toBe('A');
    expect(q.routes[0].segments.map((s) => s.id)).toEqual(['ad', 'db']);
    const metres = Math.round(distance(from, [4.35, 50.84], { units: 'kilometers' }) * 1000);
    expect(q.price.accessBuild).toEqual([{ endpoint: 'from', site: 'A', metres, cents: metres * 12_000 }]);
    // 100 Mbit/s × 0.50 € = 5000; 3000 m × 23.45 €/km = 7035; 1000 m = 2345 → 14,380 c/month; × 36 = 517,680;
    // −15 % = 77,652; + setup 50,000 + access.
    expect(q.price.monthly).toEqual({ bandwidthCents: 5000, distanceCents: 9380, totalCents: 14_380 });
    expect(q.price.discountCents).toBe(77_652);
    expect(q.price.totalCents).toBe(490_028 + metres * 12_000);
  });

  it('422 naming the segment that lacks capacity', async () => {
    const res = await post({ from: 'A', to: 'Z', service: { kind: 'lit', bandwidthBps: 60_000_000 }, termMonths: 12 });
    expect(res.status).toBe(422);
    const body = await res.json() as { error: { code: string; message: string }; infeasible: { reason: string; blockingSegments: Array<{ id: string; available: number; needed: number }>; upgradeSegments: Array<{ id: string }> } };
    expect(body.error.code).toBe('infeasible');
    expect(body.error.message).toContain('bz');
    expect(body.infeasible.reason).toBe('insufficient-capacity');
    expect(body.infeasible.blockingSegments).toEqual([{ id: 'bz', owner: 'sibelga', a: 'B', b: 'Z', lengthMetres: 500, available: 50_000_000, needed: 60_000_000 }]);
    expect(body.infeasible.upgradeSegments.map((s) => s.id)).toEqual(['bz']);
  });

  it('422 when only a single route exists for diverse protection, naming the shared segment', async () => {
    const res = await post({ from: 'A', to: 'Z', service: { kind: 'dark', pairs: 1 }, termMonths: 12, protection: 'diverse' });
    expect(res.status).toBe(422);
    const body = await res.json() as { infeasible: { reason: string; blockingSegments: Array<{ id: string }>; upgradeSegments: unknown } };
    expect(body.infeasible.reason).toBe('no-diverse-route');
    expect(body.infeasible.blockingSegments.map((s) => s.id)).toEqual(['bz']);
    expect(body.infeasible.upgradeSegments).toBeNull();
  });

  it('400 naming the field, 403 outside the role, 404 for an unknown quote', async () => {
    const bad = async (body: unknown, field: string): Promise<void> => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    };
    await bad({ from: 'A', to: 'B', service: { kind: 'lit', bandwidthBps: -5 }, termMonths: 12 }, 'service.bandwidthBps');
    await bad({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 0 }, 'termMonths');
    await bad({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 12, protection: 'double' }, 'protection');
    await bad({ from: 'NOPE', to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 12 }, 'from');
    expect((await post({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 12 }, 'planner')).status).toBe(403);
    expect((await post({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 12 }, 'viewer')).status).toBe(403);
    expect((await post({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 12 }, 'operator')).status).toBe(201);
    expect((await app.request('/api/quotes/Q-20261120-00000000', { headers: auth('commercial') })).status).toBe(404);
    expect((await app.request('/api/quotes/..%2F..%2Fetc', { headers: auth('commercial') })).status).toBe(404);
    expect((await app.request('/api/quotes/Q-20261120-00000000', { headers: auth('viewer') })).status).toBe(403);
  });
});

describe('GET /api/hotspots', () => {
  it('equals an independent computation across each DST change, in JSON, CSV and GeoJSON', async () => {
    for (const [from, to] of DST_WINDOWS) {
      const q = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
      const res = await app.request(`/api/hotspots?${q}`, { headers: auth('viewer') });
      expect(res.status).toBe(200);
      const body = await res.json() as { items: Array<{ id: string; name: string; commune: string; controller: string; coordinates: LonLat; meanClients: number; p95Clients: number; openHoursMeanClients: number; activeShare: number; samples: number; rank: number; underused: boolean }> };
      const ref = cadastre.hotspots.map((h) => {
        const data: Array<{ t: number; v: number }> = [];
        // Same bucket numbering as the writer: i counts from 6 h before the window.
        for (let t = from - 6 * H, i = 0; t < to + 6 * H; t += BUCKET_MS, i++) {
          const v = CLIENTS[h.id](t, i);
          if (v !== null && t >= from && t < to) data.push({ t, v });
        }
        const values = data.map((d) => d.v).sort((x, y) => x - y);
        const open = data.filter((d) => openByReference(d.t)).map((d) => d.v);
        return {
          id: h.id, samples: data.length,
          mean: data.reduce((s, d) => s + d.v, 0) / data.length,
          p95: values[Math.ceil(0.95 * values.length) - 1],
          open: open.reduce((s, v) => s + v, 0) / open.length,
          active: data.filter((d) => d.v >= 1).length / data.length,
        };
      });
      for (const item of body.items) expect(HotspotItem.parse(item)).toEqual(item);
      const byRank = [...ref].sort((x, y) => y.open - x.open).map((r) => r.id);
      expect(body.items.map((i) => i.id)).toEqual(byRank);
      for (const r of ref) {
        const item = body.items.find((i) => i.id === r.id);
        expect(item?.samples).toBe(r.samples);
        expect(item?.meanClients).toBeCloseTo(r.mean, 9);
        expect(item?.p95Clients).toBe(r.p95);
        expect(item?.openHoursMeanClients).toBeCloseTo(r.open, 9);
        expect(item?.activeShare).toBeCloseTo(r.active, 12);
        expect(item?.underused).toBe(r.open < 2);
        expect(item?.rank).toBe(byRank.indexOf(r.id) + 1);
      }
      expect(body.items.find((i) => i.id === 'H-quiet')).toMatchObject({ name: 'Quiet park', commune: 'Etterbeek', controller: 'wlc-a', coordinates: [4.3799, 50.8401] });

      const csv = await (await app.request(`/api/hotspots?${q}&format=csv`, { headers: auth('planner') })).text();
      const [header, first] = csv.trim().split('\r\n');
      expect(header.split(',').slice(0, 3)).toEqual(['rank', 'id', 'name']);
      expect(first.startsWith(`1,${byRank[0]},`)).toBe(true);
      const geo = await (await app.request(`/api/hotspots?${q}&format=geojson`, { headers: auth('viewer') })).json() as { type: string; features: Array<{ geometry: { type: string; coordinates: number[] } }> };
      expect(geo.type).toBe('FeatureCollection');
      expect(geo.features).toHaveLength(3);
      expect(geo.features[0].geometry.type).toBe('Point');
    }
  });

  it('is refused to the commercial role', async () => {
    expect((await app.request('/api/hotspots', { headers: auth('commercial') })).status).toBe(403);
  });
});

describe('GET /api/relocation', () => {
  const q = `from=${new Date(DST_WINDOWS[0][0]).toISOString()}&to=${new Date(DST_WINDOWS[0][1]).toISOString()}`;

  it('moves the under-used hotspots to uncovered targets, with terms and sentences', async () => {
    const res = await app.request(`/api/relocation?${q}&moves=5`, { headers: auth('planner') });
    expect(res.status).toBe(200);
    const body = await res.json() as { items: Array<{ hotspot: { id: string }; target: { id: string }; terms: { gain: number; backhaulSite: string; weight: number; backhaulMetres: number; openHoursMeanClients: number }; explanation: string }>; coveredTargets: string[]; candidates: number; totalGain: number };
    for (const m of body.items) expect(MoveSchema.parse(m)).toEqual(m);
    expect(body.candidates).toBe(2); // H-idle and H-quiet; H-busy averages well above 2 clients
    expect(body.coveredTargets).toEqual(['T-covered']);
    expect(body.items.map((m) => m.target.id).sort()).toEqual(['T-far', 'T-near-D']);
    expect(new Set(body.items.map((m) => m.hotspot.id))).toEqual(new Set(['H-idle', 'H-quiet']));
    const near = body.items.find((m) => m.target.id === 'T-near-D');
    expect(near?.terms.backhaulSite).toBe('D');
    expect(near?.terms.backhaulMetres).toBeCloseTo(distance([4.3605, 50.83], [4.36, 50.83], { units: 'kilometers' }) * 1000, 9);
    const far = body.items.find((m) => m.target.id === 'T-far');
    expect(far?.terms.backhaulSite).toBe('C');
    for (const m of body.items) {
      expect(m.terms.gain).toBeCloseTo(m.terms.weight - 0.01 * m.terms.backhaulMetres - m.terms.openHoursMeanClients, 12);
      expect(m.explanation).toMatch(/^Spot .+ averaged \d+\.\d clients in open hours over 3 days; target .+ has no coverage within 100 m and a fibre site \(Site [CD]\) \d+ m away\./);
    }
    expect(body.totalGain).toBeCloseTo(body.items.reduce((s, m) => s + m.terms.gain, 0), 9);

    const one = await (await app.request(`/api/relocation?${q}&moves=1`, { headers: auth('operator') })).json() as { items: Array<{ target: { id: string }; hotspot: { id: string } }> };
    // The single best move: the lighter-used spot to the heavier target (T-far: 30 − ~17.9 vs T-near-D: 5 − ~0.35).
    expect(one.items).toHaveLength(1);
    expect(one.items[0].target.id).toBe('T-far');
    expect(one.items[0].hotspot.id).toBe('H-idle');

    const geo = await (await app.request(`/api/relocation?${q}&format=geojson`, { headers: auth('planner') })).json() as { features: Array<{ geometry: { type: string; coordinates: number[][] }; properties: { hotspot: string } }> };
    expect(geo.features).toHaveLength(2);
    for (const f of geo.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.geometry.coordinates[0]).toEqual(cadastre.hotspots.find((h) => h.id === f.properties.hotspot)?.coordinates);
    }
  });

  it('validates moves and refuses viewers and the commercial role', async () => {
    const res = await app.request(`/api/relocation?${q}&moves=0`, { headers: auth('planner') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('moves');
    expect((await app.request('/api/relocation', { headers: auth('viewer') })).status).toBe(403);
    expect((await app.request('/api/relocation', { headers: auth('commercial') })).status).toBe(403);
  });
});
