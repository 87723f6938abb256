// Every figure of the capacity API against an independent computation, on known 5-minute rollups written
// to a real influxd: gaps (device down), a reboot gap, buckets outside the window, a series of the wrong
// interface, a segment without data, and hotspots across the Europe/Brussels DST change of 29 March 2026.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { segmentLengthMetres } from '../../config/geometry.js';
import type { InfluxStore } from '../../store/influx.js';
import { BUCKET_MS, hotspotBucketLine, interfaceBucketLine } from '../../store/schema.js';
import { createApp } from '../../api/app.js';
import type { ApiContext } from '../../api/context.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import { createFigures } from '../../analytics/figures.js';
import { freshDatabase } from '../support/influx.js';
import { TOKEN_ENTRIES, auth, closeRel, expected, rng } from './support.js';

const FIXTURE = 'test/fixtures/cadastre-small';
const DAY = 86_400_000;
const FROM = Date.UTC(2026, 2, 27); // Friday 27 March 2026 00:00 UTC
const TO = Date.UTC(2026, 2, 31);
const NOW = TO; // pinned clock: the default window is [TO − 30 d, TO)
const DST = Date.UTC(2026, 2, 29, 1); // CET → CEST

interface Bucket { time: number; out: number; in: number }

const cadastre = loadCadastre(FIXTURE);
const written = new Map<string, Bucket[]>();
const hotspotWritten = new Map<string, Array<{ time: number; clients: number }>>();
let store: InfluxStore;
let ctx: ApiContext;
let app: ReturnType<typeof createApp>;

function buckets(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += BUCKET_MS) out.push(t);
  return out;
}

const inWindow = (from: number, to: number) => (b: { time: number }): boolean => b.time >= from && b.time < to;

async function get<T>(path: string, role: 'operator' | 'planner' | 'commercial' | 'viewer' = 'operator'): Promise<{ status: number; body: T; res: Response }> {
  const res = await app.request(path, { headers: auth(role) });
  const text = await res.clone().text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* CSV */ }
  return { status: res.status, body: body as T, res };
}

beforeAll(async () => {
  store = await freshDatabase('api_figures');
  const r = rng(20260327);
  const lines: string[] = [];
  const put = (segment: string, device: string, ifName: string, b: Bucket, record = true): void => {
    lines.push(interfaceBucketLine({ time: b.time, segment, device, ifName, outBps: b.out, inBps: b.in, samples: 5 }));
    if (record) (written.get(segment) ?? written.set(segment, []).get(segment)!).push(b);
  };
  // S-1: a day before the window to an hour after it; device down 28 March 10:00–12:00; reboot gap 29 March 03:00–03:15.
  for (const t of buckets(FROM - DAY, TO + 3_600_000)) {
    if (t >= Date.UTC(2026, 2, 28, 10) && t < Date.UTC(2026, 2, 28, 12)) continue;
    if (t >= Date.UTC(2026, 2, 29, 3) && t < Date.UTC(2026, 2, 29, 3, 15)) continue;
    put('S-1', 'sw-bxl', 'Gi0/1', { time: t, out: r() * 600e6 + r() * 1e-3, in: r() * 400e6 });
  }
  // S-2: 33 buckets only (⌈0.95·33⌉ = 32 while rounding would give 31).
  for (const t of buckets(FROM + 6 * 3_600_000, FROM + 6 * 3_600_000 + 33 * BUCKET_MS)) put('S-2', 'sw-sjtn', 'Gi0/1', { time: t, out: r() * 900e6, in: r() * 900e6 });
  // S-3: only a series of another interface of the device: not the segment's measuring interface.
  for (const t of buckets(FROM, FROM + DAY)) put('S-3', 'sw-ixl', 'Gi0/9', { time: t, out: 5e8, in: 5e8 }, false);
  // S-4: nothing at all. S-5: rising daily load that crosses 70 % of 1 Gbit/s. S-6: the 100 Mbit/s spur, busy.
  for (const t of buckets(FROM, TO)) {
    const days = (t - FROM) / DAY;
    put('S-5', 'sw-and', 'Gi0/1', { time: t, out: 300e6 + 150e6 * days + r() * 20e6, in: 100e6 + r() * 10e6 });
    put('S-6', 'sw-bxl', 'Fa0/2', { time: t, out: 20e6 + r() * 10e6, in: 60e6 + r() * 15e6 });
  }

  // Hotspots. H-1 busy in the day; H-2 near empty (under-used); H-3 its own hours 09:00–17:00; H-4 no data;
  // H-5 written under another controller (not ours); H-6 busy only at night.
  const hput = (hotspot: string, controller: string, time: number, clients: number, record = true): void => {
    lines.push(hotspotBucketLine({ time, hotspot, controller, clients, samples: 5 }));
    if (record) (hotspotWritten.get(hotspot) ?? hotspotWritten.set(hotspot, []).get(hotspot)!).push({ time, clients });
  };
  for (const t of buckets(FROM, TO)) {
    const hourUtc = new Date(t).getUTCHours();
    hput('H-1', 'wlc-bxl', t, hourUtc >= 6 && hourUtc < 21 ? 3 + Math.floor(r() * 20) / 4 : Math.floor(r() * 4) / 4);
    hput('H-2', 'wlc-bxl', t, Math.floor(r() * 7) / 4);
    hput('H-3', 'wlc-bxl', t, Math.floor(r() * 16) / 3);
    hput('H-5', 'wlc-bxl', t, 10, false);
    hput('H-6', 'wlc-ixl', t, hourUtc < 4 ? 5 : 0);
  }
  for (let i = 0; i < lines.length; i += 5000) await store.write(lines.slice(i, i + 5000), 'ms');

  ctx = {
    cadastre, configDir: FIXTURE, store, dataDir: '/tmp', records: new SqliteRecords(':memory:'), now: () => NOW,
    figures: createFigures(cadastre, store, { refreshMs: 0, reloadMs: 0 }),
  };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
});

interface Dir { meanBps: number | null; p95Bps: number | null; maxBps: number | null; meanUtilisationPct: number | null; p95UtilisationPct: number | null; maxUtilisationPct: number | null; samples: number }
interface Seg { id: string; owner: string; lengthMetres: number; litCapacityBps: number; freeDarkPairs: number; sellableBps: number; ab: Dir; ba: Dir; pairs: { total: number; lit: number; reserved: number } }

function checkDirection(d: Dir, values: number[], lit: number): void {
  const e = expected(values);
  expect(d.samples).toBe(e.n);
  expect(d.p95Bps).toBe(e.p95);
  expect(d.maxBps).toBe(e.max);
  expect(closeRel(d.meanBps, e.mean)).toBe(true);
  expect(closeRel(d.p95UtilisationPct, e.p95 === null ? null : (e.p95 / lit) * 100)).toBe(true);
  expect(closeRel(d.meanUtilisationPct, e.mean === null ? null : (e.mean / lit) * 100)).toBe(true);
  expect(closeRel(d.maxUtilisationPct, e.max === null ? null : (e.max / lit) * 100)).toBe(true);
}

function checkSegments(items: Seg[], from: number, to: number): void {
  expect(items.map((s) => s.id)).toEqual(cadastre.segments.map((s) => s.id));
  for (const s of cadastre.segments) {
    const got = items.find((i) => i.id === s.id)!;
    const bs = (written.get(s.id) ?? []).filter(inWindow(from, to));
    checkDirection(got.ab, bs.map((b) => b.out), s.litCapacityBps);
    checkDirection(got.ba, bs.map((b) => b.in), s.litCapacityBps);
    const eab = expected(bs.map((b) => b.out)).p95;
    const eba = expected(bs.map((b) => b.in)).p95;
    const sellable = eab === null && eba === null ? 0 : Math.max(0, s.litCapacityBps * 0.7 - Math.max(eab ?? 0, eba ?? 0));
    expect(closeRel(got.sellableBps, sellable)).toBe(true);
    expect(got.freeDarkPairs).toBe(s.pairs.total - s.pairs.lit - s.pairs.reserved);
    expect(got.litCapacityBps).toBe(s.litCapacityBps);
    expect(got.lengthMetres).toBe(segmentLengthMetres(s));
  }
}

describe('GET /api/segments against an independent computation', () => {
  it('explicit window: every figure of every segment', async () => {
    const { status, body } = await get<{ items: Seg[]; window: { from: string; to: string } }>(`/api/segments?from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`);
    expect(status).toBe(200);
    expect(body.window).toEqual({ from: '2026-03-27T00:00:00.000Z', to: '2026-03-31T00:00:00.000Z' });
    checkSegments(body.items, FROM, TO);
    const s1 = body.items.find((s) => s.id === 'S-1')!;
    // 4 days of buckets minus the 2-hour outage (24) and the reboot gap (3).
    expect(s1.ab.samples).toBe(4 * 288 - 24 - 3);
    const s2 = body.items.find((s) => s.id === 'S-2')!;
    expect(s2.ab.samples).toBe(33);
    expect(body.items.find((s) => s.id === 'S-3')!.ab).toMatchObject({ samples: 0, meanBps: null, p95Bps: null });
    expect(body.items.find((s) => s.id === 'S-4')!.sellableBps).toBe(0);
    expect(body.items.find((s) => s.id === 'S-5')!.sellableBps).toBe(0); // p95 above 70 % of 1 Gbit/s
  });

  it('default window (last 30 days before now) and an unaligned window start', async () => {
    const d = await get<{ items: Seg[] }>('/api/segments');
    checkSegments(d.body.items, NOW - 30 * DAY, NOW);
    const from = FROM + DAY + 150_000; // 2.5 min into a bucket: that bucket starts before the window
    const u = await get<{ items: Seg[] }>(`/api/segments?from=${new Date(from).toISOString()}&to=2026-03-30T12:00:00Z`);
    checkSegments(u.body.items, from, Date.UTC(2026, 2, 30, 12));
  });

  it('a window years before any data answers empty figures and leaves the others intact', async () => {
    const old = await get<{ items: Seg[] }>('/api/segments?from=2016-01-01&to=2016-12-01');
    expect(old.status).toBe(200);
    expect(old.body.items.every((s) => s.ab.samples === 0 && s.ba.p95Bps === null && s.sellableBps === 0)).toBe(true);
    const { body } = await get<{ items: Seg[] }>(`/api/segments?from=2026-03-27&to=2026-03-31`);
    checkSegments(body.items, FROM, TO);
  });

  it('takes the ceiling rank where InfluxQL PERCENTILE rounds it (33 buckets of S-2)', async () => {
    const { body } = await get<{ items: Seg[] }>(`/api/segments?from=2026-03-27&to=2026-03-31`);
    const values = written.get('S-2')!.map((b) => b.out).sort((a, b) => a - b);
    expect(body.items.find((s) => s.id === 'S-2')!.ab.p95Bps).toBe(values[31]);
    const [series] = await store.query(`SELECT PERCENTILE(out_bps, 95) FROM interface_5m WHERE segment = 'S-2'`);
    expect(series.values[0][1]).toBe(values[30]);
  });

  it('GeoJSON carries the routes and the same properties; CSV the same figures', async () => {
    const q = 'from=2026-03-27&to=2026-03-31';
    const g = await get<{ type: string; features: Array<{ geometry: unknown; properties: Seg }> }>(`/api/segments?${q}&format=geojson`);
    expect(g.res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    expect(g.body.type).toBe('FeatureCollection');
    expect(g.body.features.map((f) => f.geometry)).toEqual(cadastre.segments.map((s) => s.route));
    checkSegments(g.body.features.map((f) => f.properties), FROM, TO);
    const c = await get<string>(`/api/segments?${q}&format=csv`);
    expect(c.res.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, ...rows] = c.body.trim().split('\r\n');
    const cols = header.split(',');
    expect(cols.slice(0, 3)).toEqual(['id', 'owner', 'a']);
    expect(rows).toHaveLength(cadastre.segments.length);
    const s1 = rows.find((r) => r.startsWith('S-1,'))!.split(',');
    const e = expected(written.get('S-1')!.filter(inWindow(FROM, TO)).map((b) => b.out));
    expect(Number(s1[cols.indexOf('ab_p95_bps')])).toBe(e.p95);
    expect(Number(s1[cols.indexOf('ab_max_bps')])).toBe(e.max);
    expect(rows.find((r) => r.startsWith('S-4,'))!.split(',')[cols.indexOf('ab_mean_bps')]).toBe('');
  });

  it('picks up a re-rolled late bucket and a newly written one on refresh', async () => {
    const last = TO - BUCKET_MS;
    await store.write([
      interfaceBucketLine({ time: last, segment: 'S-6', device: 'sw-bxl', ifName: 'Fa0/2', outBps: 99e6, inBps: 1, samples: 5 }),
    ], 'ms');
    const list = written.get('S-6')!;
    const b = list.find((x) => x.time === last)!;
    b.out = 99e6;
    b.in = 1;
    const { body } = await get<{ items: Seg[] }>(`/api/segments?from=2026-03-27&to=2026-03-31`);
    checkSegments(body.items, FROM, TO);
    expect(body.items.find((s) => s.id === 'S-6')!.ab.maxBps).toBe(99e6);
  });
});

describe('cache upkeep', () => {
  it('a background reload picks up history written out of band, older than the refresh re-reads', async () => {
    const figures = createFigures(cadastre, store, { refreshMs: 0, reloadMs: 1 });
    const w = { from: FROM, to: TO };
    const before = (await figures.segments(w)).find((s) => s.id === 'S-4')!;
    expect(before.ab.samples).toBe(0);
    // A late backfill for S-4 (no data so far), two days before the newest bucket.
    const t = FROM + DAY;
    await store.write([interfaceBucketLine({ time: t, segment: 'S-4', device: 'sw-stg', ifName: 'Gi0/1', outBps: 123e6, inBps: 45e6, samples: 5 })], 'ms');
    await figures.segments(w); // starts the reload
    await figures.settle();
    const after = (await figures.segments(w)).find((s) => s.id === 'S-4')!;
    expect(after.ab).toMatchObject({ samples: 1, meanBps: 123e6, p95Bps: 123e6, maxBps: 123e6 });
    expect(after.ba.p95Bps).toBe(45e6);
    // Keep the other tests' expectations: remove it again (a reload will forget it).
    await store.exec(`DELETE FROM interface_5m WHERE segment = 'S-4'`);
  });
});

describe('snapshot of the loaded rollups', () => {
  it('a restart reads only what came after the snapshot; another cadastre ignores it', async () => {
    const db = await freshDatabase('api_snapshot');
    const dir = mkdtempSync(join(tmpdir(), 'api-snapshot-'));
    const t0 = Date.UTC(2026, 5, 1);
    const w = { from: t0, to: t0 + 7 * 3_600_000 };
    const line = (time: number, out: number): string => interfaceBucketLine({ time, segment: 'S-1', device: 'sw-bxl', ifName: 'Gi0/1', outBps: out, inBps: 1, samples: 5 });
    await db.write(buckets(t0, t0 + 6 * 3_600_000).map((t, i) => line(t, 1e6 * (i + 1))), 'ms');
    const first = createFigures(cadastre, db, { reloadMs: 0, snapshotDir: dir });
    expect((await first.segments(w))[0].ab).toMatchObject({ samples: 72, maxBps: 72e6 });
    await first.settle();
    expect(existsSync(join(dir, 'figures-interface_5m.bin'))).toBe(true);
    // After the snapshot: an old bucket rewritten (hours before the newest: a restart does not re-read it,
    // which shows the snapshot was used) and a new bucket after the newest (read on restart).
    await db.write([line(t0, 9e9), line(t0 + 6 * 3_600_000, 700e6)], 'ms');
    const restarted = createFigures(cadastre, db, { reloadMs: 0, snapshotDir: dir });
    expect((await restarted.segments(w))[0].ab).toMatchObject({ samples: 73, maxBps: 700e6 });
    const fresh = createFigures(cadastre, db, { reloadMs: 0 });
    expect((await fresh.segments(w))[0].ab).toMatchObject({ samples: 73, maxBps: 9e9 });
    // Another measuring interface for S-1: the snapshot is not of this cadastre.
    const other = { ...cadastre, segments: cadastre.segments.map((s) => (s.id === 'S-1' ? { ...s, measuredBy: { device: 'sw-bxl', ifName: 'Gi0/7' } } : s)) };
    const changed = createFigures(other, db, { reloadMs: 0, snapshotDir: dir });
    expect((await changed.segments(w))[0].ab.samples).toBe(0);
  });
});

describe('GET /api/segments/:id/series', () => {
  it('hourly mean and max of the 5-minute averages, both directions, gaps as null', async () => {
    const from = Date.UTC(2026, 2, 28, 8);
    const to = Date.UTC(2026, 2, 28, 14);
    const { status, body } = await get<{ stepSeconds: number; points: Array<{ time: string; abMeanBps: number | null; baMeanBps: number | null; abMaxBps: number | null; baMaxBps: number | null; samples: number }> }>(
      `/api/segments/S-1/series?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&step=1h`);
    expect(status).toBe(200);
    expect(body.stepSeconds).toBe(3600);
    expect(body.points).toHaveLength(6);
    body.points.forEach((p, i) => {
      const h = from + i * 3_600_000;
      expect(p.time).toBe(new Date(h).toISOString());
      const bs = written.get('S-1')!.filter(inWindow(h, h + 3_600_000));
      const eo = expected(bs.map((b) => b.out));
      const ei = expected(bs.map((b) => b.in));
      expect(p.samples).toBe(eo.n);
      expect(p.abMaxBps).toBe(eo.max);
      expect(p.baMaxBps).toBe(ei.max);
      expect(closeRel(p.abMeanBps, eo.mean)).toBe(true);
      expect(closeRel(p.baMeanBps, ei.mean)).toBe(true);
    });
    expect(body.points.map((p) => p.samples)).toEqual([12, 12, 0, 0, 12, 12]);
  });

  it('404 for an unknown segment; 400 naming step for a bad step', async () => {
    const nf = await get<{ error: { code: string } }>('/api/segments/S-99/series');
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('not_found');
    for (const step of ['1m', '7m', 'abc', '0', '-5m']) {
      const r = await get<{ error: { field: string } }>(`/api/segments/S-1/series?step=${step}`);
      expect(r.status, step).toBe(400);
      expect(r.body.error.field).toBe('step');
    }
    const many = await get<{ error: { field: string; message: string } }>('/api/segments/S-1/series?from=2026-01-01&to=2026-03-01&step=5m');
    expect(many.status).toBe(400);
    expect(many.body.error.field).toBe('step');
  });
});

describe('GET /api/hotspots/:id/series', () => {
  it('mean and max clients per step from the 5-minute averages, across the DST change; no data as null', async () => {
    const from = Date.UTC(2026, 2, 28, 22);
    const to = Date.UTC(2026, 2, 29, 4);
    const q = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&step=1h`;
    const { status, body } = await get<{ stepSeconds: number; points: Array<{ time: string; meanClients: number | null; maxClients: number | null; samples: number }> }>(
      `/api/hotspots/H-1/series?${q}`);
    expect(status).toBe(200);
    expect(body.stepSeconds).toBe(3600);
    expect(body.points).toHaveLength(6);
    body.points.forEach((p, i) => {
      const h = from + i * 3_600_000;
      expect(p.time).toBe(new Date(h).toISOString());
      const e = expected(hotspotWritten.get('H-1')!.filter(inWindow(h, h + 3_600_000)).map((b) => b.clients));
      expect(p.samples).toBe(12);
      expect(p.maxClients).toBe(e.max);
      expect(closeRel(p.meanClients, e.mean)).toBe(true);
    });
    const none = await get<{ points: Array<{ meanClients: number | null; maxClients: number | null; samples: number }> }>(`/api/hotspots/H-4/series?${q}`);
    expect(none.body.points).toHaveLength(6);
    expect(none.body.points.every((p) => p.samples === 0 && p.meanClients === null && p.maxClients === null)).toBe(true);
  });

  it('404 for an unknown hotspot; 400 naming step; not for the commercial role', async () => {
    expect((await get('/api/hotspots/H-99/series')).status).toBe(404);
    const bad = await get<{ error: { field: string } }>('/api/hotspots/H-1/series?step=7m');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('step');
    expect((await app.request('/api/hotspots/H-1/series', { headers: auth('commercial') })).status).toBe(403);
    expect((await app.request('/api/hotspots/H-1/series', { headers: auth('viewer') })).status).toBe(200);
  });
});

describe('GET /api/network/summary', () => {
  it('utilisation by definition, surplus totals, hottest, forecasts', async () => {
    const { status, body } = await get<{
      network: { utilisationPct: number; unmeasuredSegments: number };
      owners: Array<{ owner: string; utilisationPct: number | null; sellableGbps: number }>;
      sellable: { totalGbps: number; gbpsKm: number };
      darkPairs: { free: number; pairKm: number };
      hottest: Array<{ id: string; direction: string; p95UtilisationPct: number }>;
      forecasts: Array<{ id: string; days: number; slopeBpsPerDay: number | null; crossesAt: string | null; aboveNow: boolean }>;
    }>('/api/network/summary?from=2026-03-27&to=2026-03-31');
    expect(status).toBe(200);
    const per = cadastre.segments.map((s) => {
      const bs = (written.get(s.id) ?? []).filter(inWindow(FROM, TO));
      const ab = expected(bs.map((b) => b.out));
      const ba = expected(bs.map((b) => b.in));
      const km = segmentLengthMetres(s) / 1000;
      const sellable = ab.p95 === null ? 0 : Math.max(0, s.litCapacityBps * 0.7 - Math.max(ab.p95, ba.p95!));
      return { s, ab, ba, km, sellable, free: s.pairs.total - s.pairs.lit - s.pairs.reserved };
    });
    const measured = per.filter((p) => p.ab.n > 0);
    const util = (list: typeof per): number | null => list.length === 0 ? null : (list.reduce((x, p) => x + Math.max(p.ab.mean!, p.ba.mean!), 0) / list.reduce((x, p) => x + p.s.litCapacityBps, 0)) * 100;
    expect(closeRel(body.network.utilisationPct, util(measured))).toBe(true);
    expect(body.network.unmeasuredSegments).toBe(2); // S-3 (wrong interface only) and S-4
    for (const owner of ['irisnet', 'sibelga']) {
      const got = body.owners.find((o) => o.owner === owner)!;
      expect(closeRel(got.utilisationPct, util(measured.filter((p) => p.s.owner === owner)))).toBe(true);
    }
    expect(body.owners.find((o) => o.owner === 'sibelga')!.utilisationPct).toBeNull(); // S-3, S-4 unmeasured
    expect(closeRel(body.sellable.totalGbps, per.reduce((x, p) => x + p.sellable, 0) / 1e9)).toBe(true);
    expect(closeRel(body.sellable.gbpsKm, per.reduce((x, p) => x + (p.sellable / 1e9) * p.km, 0))).toBe(true);
    expect(body.darkPairs.free).toBe(per.reduce((x, p) => x + p.free, 0));
    expect(closeRel(body.darkPairs.pairKm, per.reduce((x, p) => x + p.free * p.km, 0))).toBe(true);
    // Hottest: by p95 utilisation of the larger direction; only measured segments.
    const hot = measured.map((p) => ({ id: p.s.id, pct: (Math.max(p.ab.p95!, p.ba.p95!) / p.s.litCapacityBps) * 100 })).sort((a, b) => b.pct - a.pct);
    expect(body.hottest.map((h) => h.id)).toEqual(hot.map((h) => h.id));
    expect(body.hottest.find((h) => h.id === 'S-6')!.direction).toBe('ba');

    // Forecast of S-5: least squares over daily p95 (larger direction), x = day midpoints.
    const days = [0, 1, 2, 3].map((i) => FROM + i * DAY);
    const ys = days.map((d) => expected(written.get('S-5')!.filter(inWindow(d, d + DAY)).map((b) => b.out)).p95!);
    const xs = days.map((d) => (d + DAY / 2) / DAY);
    const n = xs.length;
    const sx = xs.reduce((a, b) => a + b, 0), sy = ys.reduce((a, b) => a + b, 0);
    const sxy = xs.reduce((a, x, i) => a + x * ys[i], 0), sxx = xs.reduce((a, x) => a + x * x, 0);
    const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const intercept = (sy - slope * sx) / n;
    const f5 = body.forecasts.find((f) => f.id === 'S-5')!;
    expect(f5.days).toBe(4);
    expect(f5.aboveNow).toBe(true);
    expect(closeRel(f5.slopeBpsPerDay, slope, 1e-6)).toBe(true);
    const crossing = ((0.7e9 - intercept) / slope) * DAY;
    expect(Math.abs(Date.parse(f5.crossesAt!) - crossing)).toBeLessThan(60_000);
    expect(body.forecasts.find((f) => f.id === 'S-4')).toMatchObject({ days: 0, slopeBpsPerDay: null, crossesAt: null, aboveNow: false });
  });
});

describe('hotspot figures (figures.hotspots) across the DST change', () => {
  // Independent local time: Brussels is UTC+1 until 29 March 2026 01:00 UTC, UTC+2 after.
  const localMinute = (t: number): number => Math.floor((((t + (t >= DST ? 120 : 60) * 60_000) % DAY) + DAY) % DAY / 60_000);
  const open = (t: number, o: string, c: string): boolean => {
    const m = localMinute(t);
    const mm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
    return m >= mm(o) && m < mm(c);
  };

  it('mean, p95, open-hours mean, active share, rank, under-use', async () => {
    const hs = await ctx.figures.hotspots({ from: FROM, to: TO });
    expect(hs.map((h) => h.id)).toEqual(cadastre.hotspots.map((h) => h.id));
    const exp = cadastre.hotspots.map((h) => {
      const vals = (hotspotWritten.get(h.id) ?? []).filter(inWindow(FROM, TO));
      const hours = h.openHours ?? { open: '08:00', close: '22:00' };
      const openVals = vals.filter((v) => open(v.time, hours.open, hours.close)).map((v) => v.clients);
      const e = expected(vals.map((v) => v.clients));
      const openMean = openVals.length ? openVals.reduce((a, b) => a + b, 0) / openVals.length : null;
      return { id: h.id, e, openMean, active: vals.length ? vals.filter((v) => v.clients >= 1).length / vals.length : null };
    });
    const order = [...exp].sort((a, b) => (b.openMean ?? -Infinity) - (a.openMean ?? -Infinity) || (a.id < b.id ? -1 : 1)).map((x) => x.id);
    for (const x of exp) {
      const got = hs.find((h) => h.id === x.id)!;
      expect(got.samples).toBe(x.e.n);
      expect(got.p95Clients).toBe(x.e.p95);
      expect(closeRel(got.meanClients, x.e.mean)).toBe(true);
      expect(closeRel(got.openHoursMeanClients, x.openMean)).toBe(true);
      expect(got.activeShare).toBe(x.active);
      expect(got.rank).toBe(order.indexOf(x.id) + 1);
      expect(got.underused).toBe(x.openMean !== null && x.openMean < 2);
    }
    expect(hs.find((h) => h.id === 'H-2')!.underused).toBe(true);
    expect(hs.find((h) => h.id === 'H-5')!.samples).toBe(0); // another controller's series is not ours
    // H-6 is busy 00:00–04:00 UTC only: 01:00–05:00 then 02:00–06:00 local, outside 08:00–22:00.
    expect(hs.find((h) => h.id === 'H-6')!.openHoursMeanClients).toBe(0);
  });

  it('the open-hours boundary moves by an hour in UTC across the change', async () => {
    // H-1 is busy 06:00–21:00 UTC. On 28 March (UTC+1) open hours are 07:00–21:00 UTC; on 30 March (UTC+2) 06:00–20:00 UTC.
    const day28 = await ctx.figures.hotspots({ from: Date.UTC(2026, 2, 28, 6, 55), to: Date.UTC(2026, 2, 28, 7, 5) });
    const vals = hotspotWritten.get('H-1')!;
    const at = (t: number) => vals.find((v) => v.time === t)!.clients;
    expect(day28.find((h) => h.id === 'H-1')!.openHoursMeanClients).toBe(at(Date.UTC(2026, 2, 28, 7)));
    const day30 = await ctx.figures.hotspots({ from: Date.UTC(2026, 2, 30, 5, 55), to: Date.UTC(2026, 2, 30, 6, 5) });
    expect(day30.find((h) => h.id === 'H-1')!.openHoursMeanClients).toBe(at(Date.UTC(2026, 2, 30, 6)));
    const eve30 = await ctx.figures.hotspots({ from: Date.UTC(2026, 2, 30, 19, 55), to: Date.UTC(2026, 2, 30, 20, 5) });
    expect(eve30.find((h) => h.id === 'H-1')!.openHoursMeanClients).toBe(at(Date.UTC(2026, 2, 30, 19, 55)));
  });
});
