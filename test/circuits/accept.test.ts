// From quote to circuit, end to end: real API processes (npm run api's cli) on loopback, sharing one SQLite
// records file, against the run's real influxd holding the planning network's rollups (test/fixtures/planning-net)
// and the raw points of a customer-facing interface. Real clock: the figures are the last two hours before now.
//  - 20 parallel acceptances over two processes of quotes that together exceed bz's sellable 50 Mbit/s: exactly
//    the 12 that fit succeed, the others get 409 naming bz, and no answer ever shows sellable below zero;
//  - the segment list and a new quote reflect the reservation at once, and its release after DELETE;
//  - kill -9 of the process while an acceptance transaction is open leaves no partial circuit;
//  - the monthly p95 billing equals an independent computation from the raw points.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadCadastre } from '../../config/load.js';
import { BUCKET_MS, interfaceBucketLine, interfaceLine, PRECISION } from '../../store/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { freshDatabase } from '../support/influx.js';
import { auth, TOKEN_ENTRIES } from '../api/support.js';
import type { Circuit, Billing } from '../../analytics/circuits.js';
import type { Quote } from '../../analytics/quote.js';
import type { SegmentItem } from '../../api/schemas.js';

/** The fixture's price book (these tests need one). */
const priceBookOf = <P>(c: { priceBook?: P }): P => { if (!c.priceBook) throw new Error('the fixture has no price book'); return c.priceBook; };

const FIXTURE = 'test/fixtures/planning-net';
const cadastre = loadCadastre(FIXTURE);
const H = 3_600_000;
/** Constant rollups: a→b (out) and b→a (in) per segment; bz (100 Mbit/s) has 70 − 20 = 50 Mbit/s sellable. */
const TRAFFIC: Record<string, [number, number]> = { ac: [200e6, 150e6], cd: [650e6, 10e6], db: [100e6, 100e6], ad: [300e6, 0], cb: [120e6, 300e6], bz: [20e6, 5e6] };

let store: InfluxStore;
const dirs: string[] = [];
const children = new Set<ChildProcess>();

interface Api { url: string; child: ChildProcess; stderr: string[]; exited: Promise<number | null> }

function startApi(dataDir: string, env: Record<string, string> = {}): Promise<Api> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/cli.ts', '--config', FIXTURE, '--port', '0', '--data-dir', dataDir], {
    env: {
      ...process.env, INFLUX_URL: store.config.url, INFLUX_DB: store.database,
      API_TOKENS: TOKEN_ENTRIES.map((t) => `${t.name}:${t.role}:${t.sha256}`).join(','), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => { children.delete(child); res(code); }));
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /api: listening on (http:\/\/\S+)/.exec(out);
      if (m) res({ url: m[1], child, stderr, exited });
    });
    void exited.then((code) => rej(new Error(`api exited (${code}) before listening: ${stderr.join('')}`)));
  });
}

const tmp = (p: string): string => { const d = mkdtempSync(join(tmpdir(), p)); dirs.push(d); return d; };
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { ...auth('commercial'), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function quote(api: Api, body: unknown): Promise<Response> {
  return fetch(`${api.url}/api/quotes`, json(body));
}
async function segments(api: Api): Promise<Map<string, SegmentItem>> {
  const res = await fetch(`${api.url}/api/segments`, { headers: auth('viewer') });
  expect(res.status).toBe(200);
  return new Map(((await res.json()) as { items: SegmentItem[] }).items.map((s) => [s.id, s]));
}

beforeAll(async () => {
  store = await freshDatabase('circuits');
  const end = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
  const lines: string[] = [];
  for (const s of cadastre.segments) {
    const [out, inn] = TRAFFIC[s.id];
    for (let t = end - 2 * H; t < end; t += BUCKET_MS) lines.push(interfaceBucketLine({ time: t, segment: s.id, device: s.measuredBy.device, ifName: s.measuredBy.ifName, outBps: out, inBps: inn, samples: 5 }));
  }
  await store.write(lines, PRECISION);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('accepting quotes', () => {
  let a: Api;
  let b: Api;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tmp('circuits-shared-');
    // Two processes sharing one records file (the default <data-dir>/records.sqlite).
    [a, b] = await Promise.all([startApi(dataDir), startApi(dataDir)]);
  });
  afterAll(async () => {
    for (const p of [a, b]) p?.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
  });

  it('20 parallel acceptances over two processes: exactly the 12 that fit succeed, the others get 409 naming bz', async () => {
    const before = await segments(a);
    expect(before.get('bz')!.sellableBps).toBe(50e6);
    const summary = async (p: Api): Promise<number> => ((await (await fetch(`${p.url}/api/network/summary`, { headers: auth('commercial') })).json()) as { sellable: { totalGbps: number } }).sellable.totalGbps;
    const totalBefore = await summary(a);
    const quotes: Quote[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await quote(i % 2 ? b : a, { from: 'B', to: 'Z', service: { kind: 'lit', bandwidthBps: 4e6 }, termMonths: 12, customer: `Operator ${i}` });
      expect(res.status).toBe(201);
      quotes.push(await res.json() as Quote);
    }
    expect(quotes.every((q) => q.routes[0].segments.map((s) => s.id).join() === 'bz')).toBe(true);

    // While they run, both processes' segment lists are read again and again: sellable never below zero.
    let reading = true;
    const seen: number[] = [];
    const watch = (async () => {
      while (reading) for (const p of [a, b]) { const bz = (await segments(p)).get('bz')!; seen.push(bz.sellableBps); expect(bz.reserved.bps).toBeLessThanOrEqual(50e6); }
    })();
    const answers = await Promise.all(quotes.map(async (q, i) => {
      const res = await fetch(`${(i % 2 ? a : b).url}/api/quotes/${q.id}/accept`, { method: 'POST', headers: auth(i % 3 ? 'commercial' : 'operator') });
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    }));
    reading = false;
    await watch;
    const won = answers.filter((x) => x.status === 201);
    const lost = answers.filter((x) => x.status !== 201);
    expect(won).toHaveLength(12);
    expect(lost).toHaveLength(8);
    for (const l of lost) {
      expect(l.status).toBe(409);
      expect(l.body.segment).toBe('bz');
      expect((l.body.error as { code: string; message: string }).code).toBe('insufficient_capacity');
      expect((l.body.error as { message: string }).message).toContain('segment bz');
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);

    // Right after: both processes see 48 Mbit/s held and 2 Mbit/s sellable; the circuits are complete.
    for (const p of [a, b]) {
      const bz = (await segments(p)).get('bz')!;
      expect(bz.reserved).toEqual({ bps: 48e6, pairs: 0 });
      expect(bz.sellableBps).toBe(2e6);
    }
    // The network summary too: 48 Mbit/s less sellable.
    for (const p of [a, b]) expect(await summary(p)).toBeCloseTo(totalBefore - 0.048, 9);
    const list = await (await fetch(`${b.url}/api/circuits`, { headers: auth('commercial') })).json() as { items: Circuit[] };
    expect(list.items).toHaveLength(12);
    expect(list.items.every((c) => c.status === 'active' && c.reservations.length === 1 && c.reservations[0].segment === 'bz' && c.reservations[0].bps === 4e6)).toBe(true);
    expect(new Set(list.items.map((c) => c.quoteId))).toEqual(new Set(won.map((w) => (w.body as Circuit).quoteId)));

    // A quote accepted twice: 409 naming the circuit.
    const again = await fetch(`${a.url}/api/quotes/${(won[0].body as Circuit).quoteId}/accept`, { method: 'POST', headers: auth('commercial') });
    expect(again.status).toBe(409);
    expect((await again.json() as { circuit: string }).circuit).toBe((won[0].body as Circuit).id);
  });

  it('a new quote and the segment list reflect the reservation right after acceptance, and its release after the end', async () => {
    const full = await quote(a, { from: 'B', to: 'Z', service: { kind: 'lit', bandwidthBps: 4e6 }, termMonths: 12 });
    expect(full.status).toBe(422);
    const inf = await full.json() as { infeasible: { blockingSegments: Array<{ id: string; available: number }> } };
    expect(inf.infeasible.blockingSegments.map((s) => [s.id, s.available])).toEqual([['bz', 2e6]]);

    const circuits = (await (await fetch(`${a.url}/api/circuits`, { headers: auth('operator') })).json() as { items: Circuit[] }).items;
    const ended = await fetch(`${b.url}/api/circuits/${circuits[0].id}`, { method: 'DELETE', headers: auth('commercial') });
    expect(ended.status).toBe(200);
    const body = await ended.json() as Circuit;
    expect(body.status).toBe('ended');
    expect(body.endedAt).not.toBeNull();
    for (const p of [a, b]) {
      const bz = (await segments(p)).get('bz')!;
      expect(bz.reserved.bps).toBe(44e6);
      expect(bz.sellableBps).toBe(6e6);
    }
    const fits = await quote(b, { from: 'B', to: 'Z', service: { kind: 'lit', bandwidthBps: 4e6 }, termMonths: 12 });
    expect(fits.status).toBe(201);
    expect((await fits.json() as Quote).routes[0].segments[0].sellableBps).toBe(6e6);

    // Dark pairs move from free to reserved the same way: bz has 2 free.
    const dark = await (await quote(a, { from: 'B', to: 'Z', service: { kind: 'dark', pairs: 2 }, termMonths: 6 })).json() as Quote;
    const darkAccepted = await fetch(`${b.url}/api/quotes/${dark.id}/accept`, { method: 'POST', headers: auth('commercial') });
    expect(darkAccepted.status).toBe(201);
    // Its contracted revenue per month: 6 or 7 calendar months, summing exactly to the quote's total.
    const detail = await (await fetch(`${a.url}/api/circuits/${(await darkAccepted.json() as Circuit).id}`, { headers: auth('commercial') })).json() as Circuit & { revenue: Array<{ totalCents: number; operatorCents: number; owners: Array<{ cents: number }> }> };
    expect(detail.revenue.length).toBeGreaterThanOrEqual(6);
    expect(detail.revenue.reduce((s, m) => s + m.totalCents, 0)).toBe(dark.price.totalCents);
    expect(detail.revenue.every((m) => m.operatorCents + m.owners.reduce((s, o) => s + o.cents, 0) === m.totalCents)).toBe(true);
    expect((await fetch(`${a.url}/api/circuits/${detail.id}/billing`, { headers: auth('commercial') })).status).toBe(422);
    const bz = (await segments(a)).get('bz')!;
    expect([bz.freeDarkPairs, bz.reserved.pairs]).toEqual([0, 2]);
    expect((await quote(a, { from: 'B', to: 'Z', service: { kind: 'dark', pairs: 1 }, termMonths: 6 })).status).toBe(422);
  });

  it('documents the new operations in the OpenAPI document', async () => {
    const doc = await (await fetch(`${a.url}/api/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/quotes/{id}/accept'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/circuits/{id}']).sort()).toEqual(['delete', 'get']);
    for (const path of ['/api/circuits', '/api/circuits/{id}/billing', '/api/revenue']) expect(doc.paths[path]?.get).toBeDefined();
  });

  it('roles: planner and viewer may not accept or list; unknown ids 404; a bad body names its field', async () => {
    const q = await (await quote(a, { from: 'A', to: 'C', service: { kind: 'lit', bandwidthBps: 1e6 }, termMonths: 1 })).json() as Quote;
    for (const role of ['planner', 'viewer'] as const) {
      expect((await fetch(`${a.url}/api/quotes/${q.id}/accept`, { method: 'POST', headers: auth(role) })).status).toBe(403);
      expect((await fetch(`${a.url}/api/circuits`, { headers: auth(role) })).status).toBe(403);
    }
    expect((await fetch(`${a.url}/api/quotes/Q-20260101-00000000/accept`, { method: 'POST', headers: auth('commercial') })).status).toBe(404);
    expect((await fetch(`${a.url}/api/circuits/C-20260101-00000000`, { headers: auth('commercial') })).status).toBe(404);
    const bad = await fetch(`${a.url}/api/quotes/${q.id}/accept`, json({ burstBps: 10 }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('burstBps') as string, field: 'burstBps' } });
    const unknown = await fetch(`${a.url}/api/quotes/${q.id}/accept`, json({ interface: { device: 'nowhere', ifName: 'x' } }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json() as { error: { field: string } }).error.field).toBe('interface.device');
  });

  it('bills a lit circuit’s month at the p95 computed independently from the raw points in influxd', async () => {
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    // One point a minute (at :30) over the whole month, integer rates, with 10-minute gaps now and then.
    const raw: Array<{ time: number; inBps: number; outBps: number }> = [];
    for (let t = from + 30_000, i = 0; t < to; t += 60_000, i++) {
      if (i % 997 < 10) continue;
      raw.push({ time: t, inBps: 1e6 + ((i * 37) % 1000) * 1000, outBps: 2e6 + ((i * 7919) % 43_200) * 500 });
    }
    const lines = raw.map((p) => interfaceLine({ time: p.time, device: 'sw-b', ifIndex: 41, ifName: 'cust-1', inBps: p.inBps, outBps: p.outBps, operUp: true, speedBps: 1e9 }));
    lines.push(interfaceLine({ time: from - 30_000, device: 'sw-b', ifIndex: 41, ifName: 'cust-1', inBps: 9e9, outBps: 9e9, operUp: true, speedBps: 1e9 })); // last month
    lines.push(interfaceLine({ time: from + 30_000, device: 'sw-b', ifIndex: 42, ifName: 'other', inBps: 9e9, outBps: 9e9, operUp: true, speedBps: 1e9 })); // another interface
    for (let i = 0; i < lines.length; i += 5000) await store.write(lines.slice(i, i + 5000), PRECISION);

    // Independently: 5-minute means, per direction the ⌈0.95·N⌉-th smallest, the larger billed.
    const buckets = new Map<number, { i: number; o: number; n: number }>();
    for (const p of raw) {
      const k = Math.floor(p.time / BUCKET_MS) * BUCKET_MS;
      const x = buckets.get(k) ?? { i: 0, o: 0, n: 0 };
      x.i += p.inBps; x.o += p.outBps; x.n++;
      buckets.set(k, x);
    }
    const p95 = (v: number[]): number => { const s = [...v].sort((x, y) => x - y); return s[Math.ceil((95 * s.length) / 100) - 1]; };
    const means = [...buckets.values()];
    const wantIn = p95(means.map((x) => x.i / x.n));
    const wantOut = p95(means.map((x) => x.o / x.n));
    const billed = Math.max(wantIn, wantOut);

    const q = await (await quote(a, { from: 'A', to: 'C', service: { kind: 'lit', bandwidthBps: 10e6 }, termMonths: 12, customer: 'Télé <Test>' })).json() as Quote;
    const acc = await fetch(`${b.url}/api/quotes/${q.id}/accept`, json({ startAt: new Date(from).toISOString(), interface: { device: 'sw-b', ifName: 'cust-1' }, burstBps: 20e6 }));
    expect(acc.status).toBe(201);
    const circuit = await acc.json() as Circuit;
    expect(circuit.startAt).toBe(new Date(from).toISOString());

    const res = await fetch(`${a.url}/api/circuits/${circuit.id}/billing?month=${month}`, { headers: auth('commercial') });
    expect(res.status).toBe(200);
    const bill = await res.json() as Billing;
    expect(bill.expectedSamples).toBe(((to - from) / BUCKET_MS));
    expect(bill.samples).toEqual({ in: buckets.size, out: buckets.size });
    expect(bill.dropped.in).toBe(buckets.size - Math.ceil((95 * buckets.size) / 100));
    expect(bill.p95Bps).toEqual({ in: wantIn, out: wantOut });
    expect(bill.billedBps).toBe(billed);
    const overMbps = Math.max(0, Math.ceil((billed - 10e6) / 1e6));
    expect(bill.overageMbps).toBe(overMbps);
    expect(bill.overageCents).toBe(overMbps * priceBookOf(cadastre).lit.perMbpsMonthCents);
    expect(bill.totalCents).toBe(bill.recurringCents + bill.oneOffCents + bill.overageCents);
    expect(bill.operatorCents + bill.owners.reduce((s, o) => s + o.cents, 0)).toBe(bill.totalCents);

    // The same interface named by its ifIndex (like a measuredBy): the same figures.
    const q2 = await (await quote(a, { from: 'A', to: 'C', service: { kind: 'lit', bandwidthBps: 10e6 }, termMonths: 12 })).json() as Quote;
    const byIndex = await (await fetch(`${a.url}/api/quotes/${q2.id}/accept`, json({ startAt: new Date(from).toISOString(), interface: { device: 'sw-b', ifIndex: 41 } }))).json() as Circuit;
    const bill2 = await (await fetch(`${b.url}/api/circuits/${byIndex.id}/billing?month=${month}`, { headers: auth('commercial') })).json() as Billing;
    expect([bill2.p95Bps, bill2.billedBps, bill2.samples]).toEqual([bill.p95Bps, bill.billedBps, bill.samples]);
    const twoNames = await fetch(`${a.url}/api/quotes/${q2.id}/accept`, json({ interface: { device: 'sw-b', ifName: 'x', ifIndex: 41 } }));
    expect(twoNames.status).toBe(400);
    expect((await twoNames.json() as { error: { field: string } }).error.field).toBe('interface.ifIndex');

    const csv = await (await fetch(`${a.url}/api/circuits/${circuit.id}/billing?month=${month}&format=csv`, { headers: auth('commercial') })).text();
    const [head, row] = csv.trim().split('\r\n').map((l) => l.split(','));
    expect(Number(row[head.indexOf('billed_bps')])).toBe(billed);
    expect(Number(row[head.indexOf('total_cents')])).toBe(bill.totalCents);
    const titles = { fr: 'Relevé mensuel', nl: 'Maandoverzicht', en: 'Monthly statement' } as const;
    for (const lang of ['fr', 'nl', 'en'] as const) {
      const html = await (await fetch(`${a.url}/api/circuits/${circuit.id}/billing?month=${month}&format=html&lang=${lang}`, { headers: auth('commercial') })).text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(titles[lang]);
      expect(html).toContain('Télé &lt;Test&gt;');
      expect(html).not.toContain('<Test>');
    }

    const revenue = await (await fetch(`${a.url}/api/revenue?from=${month}&to=${month}`, { headers: auth('commercial') })).json() as { months: Array<{ month: string; circuits: number; totalCents: number; operatorCents: number; owners: Array<{ cents: number }> }> };
    expect(revenue.months).toHaveLength(1);
    const m = revenue.months[0];
    expect(m.operatorCents + m.owners.reduce((s, o) => s + o.cents, 0)).toBe(m.totalCents);
    expect(m.circuits).toBe((await (await fetch(`${a.url}/api/circuits`, { headers: auth('commercial') })).json() as { items: Circuit[] }).items.length);
  });
});

describe('kill -9 during an acceptance', () => {
  it('leaves no partial circuit: the open transaction is gone, and the quote can be accepted after a restart', async () => {
    const dataDir = tmp('circuits-kill-');
    const held = await startApi(dataDir, { IRISNET_RECORDS_HOLD_MS: '30000' });
    const q = await (await quote(held, { from: 'A', to: 'B', service: { kind: 'lit', bandwidthBps: 5e6 }, termMonths: 24 })).json() as Quote;
    expect(q.routes[0].segments.length).toBeGreaterThan(1);
    const pending = fetch(`${held.url}/api/quotes/${q.id}/accept`, { method: 'POST', headers: auth('commercial') }).then((r) => r.status, () => 'connection lost');
    // The circuit and its reservations are written, the transaction not yet committed: kill it there.
    for (let i = 0; i < 400 && !held.stderr.join('').includes(`holding acceptance of ${q.id}`); i++) await new Promise((r) => setTimeout(r, 25));
    expect(held.stderr.join('')).toContain(`holding acceptance of ${q.id}`);
    held.child.kill('SIGKILL');
    expect(await held.exited).toBeNull();
    expect(await pending).toBe('connection lost');

    const db = new Database(join(dataDir, 'records.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT COUNT(*) AS n FROM circuits').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM reservations').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM quotes WHERE id = ?').get(q.id)).toEqual({ n: 1 });
    db.close();

    const again = await startApi(dataDir);
    try {
      expect((await segments(again)).get(q.routes[0].segments[0].id)!.reserved.bps).toBe(0);
      const res = await fetch(`${again.url}/api/quotes/${q.id}/accept`, { method: 'POST', headers: auth('commercial') });
      expect(res.status).toBe(201);
      const c = await res.json() as Circuit;
      expect(c.reservations.map((r) => r.segment).sort()).toEqual(q.routes[0].segments.map((s) => s.id).sort());
      expect((await segments(again)).get(q.routes[0].segments[0].id)!.reserved.bps).toBe(5e6);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('an expired quote cannot be accepted: 410 quote_expired', async () => {
    const dataDir = tmp('circuits-expired-');
    const api = await startApi(dataDir);
    try {
      const q = await (await quote(api, { from: 'A', to: 'C', service: { kind: 'lit', bandwidthBps: 1e6 }, termMonths: 1 })).json() as Quote;
      // Age the stored quote as a month would (the records store is the one place quotes live).
      const db = new Database(join(dataDir, 'records.sqlite'));
      const doc = { ...q, validUntil: new Date(Date.now() - 1000).toISOString() };
      db.prepare('UPDATE quotes SET valid_until = ?, doc = ? WHERE id = ?').run(doc.validUntil, JSON.stringify(doc), q.id);
      db.close();
      const res = await fetch(`${api.url}/api/quotes/${q.id}/accept`, { method: 'POST', headers: auth('commercial') });
      expect(res.status).toBe(410);
      expect((await res.json() as { error: { code: string } }).error.code).toBe('quote_expired');
      expect(((await (await fetch(`${api.url}/api/circuits`, { headers: auth('commercial') })).json()) as { items: unknown[] }).items).toEqual([]);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  });
});
