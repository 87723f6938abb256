// Every bad input is a 400 naming the field (never a 5xx, never silently taken): impossible dates and dates
// outside the store's range, quote ends outside the network's region or too far from it, rates above the
// network's largest lit capacity; bodies past the limit get 413; every answer carries the security and cache
// headers; stored quotes past validity are marked expired and purged after the policy's retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadCadastre } from '../../config/load.js';
import { BODY_LIMIT_BYTES, createApp } from '../../api/app.js';
import type { ApiContext, AppEnv } from '../../api/context.js';
import { createFigures, type FiguresImpl } from '../../analytics/figures.js';
import { freshDatabase } from '../support/influx.js';
import { auth, TOKEN_ENTRIES } from './support.js';
import { newQuoteId } from '../../api/quotes-store.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import type { Quote } from '../../analytics/quote.js';

const FIXTURE = 'test/fixtures/planning-net';
const cadastre = loadCadastre(FIXTURE);
const DAY = 86_400_000;

let app: Hono<AppEnv>;
let figures: FiguresImpl;
let dataDir: string;
let records: SqliteRecords;
let webDir: string;

beforeAll(async () => {
  const store = await freshDatabase('api_validation');
  dataDir = mkdtempSync(join(tmpdir(), 'api-validation-'));
  webDir = join(dataDir, 'web');
  mkdirSync(webDir);
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>map</title>');
  figures = createFigures(cadastre, store, { reloadMs: 0 });
  // The real clock: expiry is judged against the time of the request.
  records = new SqliteRecords(':memory:');
  const ctx: ApiContext = { cadastre, configDir: FIXTURE, store, figures, dataDir, records, now: () => Date.now() };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 }, webDir });
});
afterAll(async () => {
  await figures?.settle();
  rmSync(dataDir, { recursive: true, force: true });
});

type Err = { error: { code: string; message: string; field?: string } };
async function expect400(path: string, field: string, message: RegExp, init: RequestInit = {}): Promise<void> {
  const res = await app.request(path, { ...init, headers: { ...auth('operator'), ...(init.headers as Record<string, string> | undefined) } });
  const body = await res.json() as Err;
  expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(400);
  expect(body.error.field, path).toBe(field);
  expect(body.error.message, path).toMatch(message);
}
const quote = (body: unknown, lang = 'en'): RequestInit => ({
  method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Accept-Language': lang },
});
const lit = (bandwidthBps: number) => ({ kind: 'lit', bandwidthBps });

describe('dates', () => {
  it('refuses impossible calendar dates and times, naming from or to', async () => {
    await expect400('/api/segments?from=2026-02-30&to=2026-03-05', 'from', /^from: 2026-02-30 is not a calendar date$/);
    await expect400('/api/devices?from=2026-02-01&to=2026-02-29T00:00:00Z', 'to', /^to: 2026-02-29 is not a calendar date$/);
    await expect400('/api/segments?from=2026-04-31T10:00Z', 'from', /not a calendar date/);
    await expect400('/api/segments?from=2026-03-01T24:00:00Z', 'from', /^from: 24:00:00 is not a time of day$/);
    await expect400('/api/segments?to=2026-03-01T10:60Z', 'to', /not a time of day/);
    // 2024 is a leap year, 2100 is not.
    expect((await app.request('/api/segments?from=2024-02-29&to=2024-03-01', { headers: auth('operator') })).status).toBe(200);
    await expect400('/api/segments?from=2100-02-29&to=2100-03-01', 'from', /not a calendar date/);
  });

  it('refuses dates outside the store\'s range with a 400, never 503', async () => {
    await expect400('/api/devices?from=1677-09-22&to=1678-01-01', 'from', /^from: outside the times the store holds \(1680-01-01 to 2260-01-01\)$/);
    await expect400('/api/devices?from=1679-12-31&to=1680-02-01', 'from', /outside the times the store holds/);
    await expect400('/api/devices?from=2262-01-02&to=2262-03-01', 'from', /outside the times the store holds/);
    await expect400('/api/devices?from=2259-12-01&to=2260-01-02', 'to', /outside the times the store holds/);
    await expect400('/api/devices?from=9999-01-01&to=9999-02-01', 'from', /outside the times the store holds/);
    await expect400('/api/segments?to=9999-12-31', 'to', /outside the times the store holds/);
    // The edges themselves are answered by the store.
    for (const q of ['from=1680-01-01&to=1681-02-04', 'from=2259-12-01&to=2260-01-01', 'to=1680-01-01T00:00:00Z']) {
      for (const route of ['/api/devices', '/api/segments', '/api/network/summary', '/api/resilience', '/api/opportunities', '/api/relocation', '/api/hotspots']) {
        const res = await app.request(`${route}?${q}`, { headers: auth('operator') });
        expect(res.status, `${route}?${q}: ${await res.clone().text()}`).toBe(200);
      }
    }
  });
});

describe('quotes', () => {
  it('refuses coordinates outside the network\'s region, saying when lat and lon look swapped', async () => {
    const res = await app.request('/api/quotes', { ...quote({ from: [50.85, 4.35], to: 'B', service: lit(10e6), termMonths: 12 }), headers: { ...auth('commercial'), 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: {
      code: 'bad_request', field: 'from',
      message: 'from: [50.85, 4.35] (longitude, latitude) lies outside the network\'s region (longitude 4.2789 to 4.4511, latitude 50.7848 to 50.8952); latitude and longitude look swapped: give [longitude, latitude]',
    } });
    await expect400('/api/quotes', 'to', /^to: \[0, 0\] \(longitude, latitude\) lies outside the network's region \(longitude 4\.2789 to 4\.4511, latitude 50\.7848 to 50\.8952\)$/,
      quote({ from: 'A', to: [0, 0], service: lit(10e6), termMonths: 12 }));
    await expect400('/api/quotes', 'from', /^from : \[50,85 ; 4,35\] \(longitude ; latitude\) est hors de la région du réseau .* latitude et longitude semblent inversées/,
      quote({ from: [50.85, 4.35], to: 'B', service: lit(10e6), termMonths: 12 }, 'fr'));
  });

  it('refuses a coordinate farther than policy.maxAccessMetres from the nearest site', async () => {
    expect(cadastre.policy.maxAccessMetres).toBe(5000);
    await expect400('/api/quotes', 'to', /^to: the nearest site with fibre \(Z\) is 7\.\d\d km away, beyond the maximum access distance of 5 km$/,
      quote({ from: 'A', to: [4.45, 50.895], service: lit(10e6), termMonths: 12 }));
  });

  it('states the real cap of a rate: the network\'s largest lit capacity', async () => {
    await expect400('/api/quotes', 'service.bandwidthBps', /^service\.bandwidthBps: at most 1e12 bit\/s \(1 Tbit\/s\)$/,
      quote({ from: 'A', to: 'B', service: lit(1e30), termMonths: 12 }));
    await expect400('/api/quotes', 'service.bandwidthBps', /^service\.bandwidthBps: at most 1 Gbit\/s \(1000000000 bit\/s\), the largest lit capacity of the network$/,
      quote({ from: 'A', to: 'B', service: lit(2e9), termMonths: 12 }));
    await expect400('/api/quotes', 'service.bandwidthBps', /whole number/, quote({ from: 'A', to: 'B', service: lit(1_500_000.5), termMonths: 12 }));
    await expect400('/api/quotes', 'service.bandwidthBps', /expected number to be >0/, quote({ from: 'A', to: 'B', service: lit(-5), termMonths: 12 }));
  });

  it('answers a body over the limit with 413 naming body and the limit', async () => {
    const big = JSON.stringify({ from: 'A', to: 'B', service: lit(10e6), termMonths: 12, customer: 'x'.repeat(BODY_LIMIT_BYTES) });
    const res = await app.request('/api/quotes', { method: 'POST', body: big, headers: { ...auth('commercial'), 'Content-Type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'payload_too_large', field: 'body', message: `body: larger than the limit of ${BODY_LIMIT_BYTES} bytes` } });
  });

  it('marks a stored quote past its validity as expired, and purges it after the retention', async () => {
    const base = { validUntil: '' } as Quote;
    const now = Date.now();
    const fresh = { ...base, id: newQuoteId(now), validUntil: new Date(now + 10 * DAY).toISOString() };
    const stale = { ...base, id: newQuoteId(now - 40 * DAY), validUntil: new Date(now - 10 * DAY).toISOString() };
    const old = { ...base, id: newQuoteId(now - 400 * DAY), validUntil: new Date(now - 370 * DAY).toISOString() };
    for (const q of [fresh, stale, old]) await records.saveQuote({ id: q.id, createdAt: new Date(now).toISOString(), validUntil: q.validUntil, doc: q });
    const expiredOf = async (id: string): Promise<unknown> => (await (await app.request(`/api/quotes/${id}`, { headers: auth('commercial') })).json() as { expired: unknown }).expired;
    expect(await expiredOf(fresh.id)).toBe(false);
    expect(await expiredOf(stale.id)).toBe(true);
    expect(cadastre.policy.quoteRetentionDays).toBe(365);
    // What the quotes route purges: validity ended more than quoteRetentionDays ago.
    expect(await records.purgeQuotes(now - cadastre.policy.quoteRetentionDays * DAY)).toEqual([old.id]);
    expect(await records.quote(fresh.id)).not.toBeNull();
    expect(await records.quote(stale.id)).not.toBeNull();
    expect((await app.request(`/api/quotes/${old.id}`, { headers: auth('commercial') })).status).toBe(404);
  });
});

describe('the language of validation messages', () => {
  // zod's own messages follow the request's language (zod's locales, per parse) and keep naming the field.
  const bad = { from: 'A', to: 'B', service: lit(10e6), termMonths: 'twelve' };
  const post = (lang: string): RequestInit => ({ ...quote(bad, lang), headers: { ...auth('commercial'), 'Content-Type': 'application/json', 'Accept-Language': lang } });
  const said = async (path: string, init: RequestInit): Promise<Err['error']> => {
    const res = await app.request(path, init);
    expect(res.status, path).toBe(400);
    return (await res.json() as Err).error;
  };

  it('says a refused body in French, Dutch or English, naming the field', async () => {
    expect(await said('/api/quotes', post('fr-BE,fr;q=0.9'))).toEqual({ code: 'bad_request', field: 'termMonths', message: 'termMonths : Entrée invalide : nombre attendu, chaîne de caractères reçu' });
    expect(await said('/api/quotes', post('nl-BE'))).toEqual({ code: 'bad_request', field: 'termMonths', message: 'termMonths: Ongeldige invoer: verwacht getal, ontving string' });
    expect(await said('/api/quotes', post('en'))).toEqual({ code: 'bad_request', field: 'termMonths', message: 'termMonths: Invalid input: expected number, received string' });
    // Our own refinements of the body too.
    const bps = (v: number, lang: string): RequestInit => ({ ...quote({ from: 'A', to: 'B', service: lit(v), termMonths: 12 }, lang), headers: { ...auth('commercial'), 'Content-Type': 'application/json', 'Accept-Language': lang } });
    expect(await said('/api/quotes', bps(1e30, 'fr'))).toMatchObject({ field: 'service.bandwidthBps', message: 'service.bandwidthBps : au plus 1e12 bit/s (1 Tbit/s)' });
    expect(await said('/api/quotes', bps(1_500_000.5, 'nl'))).toMatchObject({ field: 'service.bandwidthBps', message: 'service.bandwidthBps: een geheel aantal bit/s verwacht' });
    // ?lang= outranks Accept-Language; a nested field keeps its dotted path.
    const nested = { ...quote({ from: 'A', to: 'B', service: { kind: 'lit' }, termMonths: 12 }, 'nl'), headers: { ...auth('commercial'), 'Content-Type': 'application/json', 'Accept-Language': 'nl' } };
    expect(await said('/api/quotes?lang=fr', nested)).toMatchObject({ field: 'service.bandwidthBps', message: 'service.bandwidthBps : Entrée invalide : nombre attendu, indéfini reçu' });
  });

  it('says a refused query parameter in the language asked', async () => {
    const headers = { ...auth('viewer'), 'Accept-Language': 'fr' };
    expect(await said('/api/segments?format=xml', { headers })).toEqual({ code: 'bad_request', field: 'format', message: 'format : Option invalide : une valeur parmi "json"|"geojson"|"csv" attendue' });
    expect(await said('/api/segments?format=xml&lang=nl', { headers })).toMatchObject({ field: 'format', message: 'format: Ongeldige optie: verwacht één van "json"|"geojson"|"csv"' });
  });

  it('says our own refusals of dates, windows and bodies in the language asked, naming the field', async () => {
    const fr = { headers: { ...auth('viewer'), 'Accept-Language': 'fr' } };
    const nl = { headers: { ...auth('viewer'), 'Accept-Language': 'nl' } };
    expect(await said('/api/segments?from=2026-02-30&to=2026-03-05', fr)).toEqual({ code: 'bad_request', field: 'from', message: 'from : 2026-02-30 n’est pas une date du calendrier' });
    expect(await said('/api/segments?to=2026-03-01T24:00:00Z', nl)).toEqual({ code: 'bad_request', field: 'to', message: 'to: 24:00:00 is geen tijdstip van de dag' });
    expect(await said('/api/segments?from=1677-09-22&to=1678-01-01', fr)).toMatchObject({ field: 'from', message: 'from : hors de la période que la base de mesures contient (du 1680-01-01 au 2260-01-01)' });
    expect(await said('/api/segments?from=yesterday', nl)).toMatchObject({ field: 'from', message: 'from: ISO 8601-datum of -datum en tijd verwacht, bv. 2026-11-01T00:00:00Z' });
    expect(await said('/api/segments?from=2026-03-05&to=2026-03-01', fr)).toMatchObject({ field: 'from', message: 'from : doit précéder la fin de la période' });
    expect(await said('/api/segments?from=2025-01-01&to=2026-03-01&lang=nl', fr)).toMatchObject({ field: 'from', message: 'from: de periode beslaat hoogstens 400 dagen' });
    const notJson = { method: 'POST', body: '{', headers: { ...auth('commercial'), 'Content-Type': 'application/json', 'Accept-Language': 'fr' } };
    expect(await said('/api/quotes', notJson)).toEqual({ code: 'bad_request', field: 'body', message: 'body : JSON invalide' });
    // English stays as it was.
    expect(await said('/api/segments?from=2026-03-05&to=2026-03-01', { headers: auth('viewer') })).toMatchObject({ message: 'from: must be before to' });
  });

  it('says 401, 403, 404 and 413 in the language asked', async () => {
    const answer = async (path: string, init: RequestInit): Promise<[number, Err['error']]> => {
      const res = await app.request(path, init);
      return [res.status, (await res.json() as Err).error];
    };
    expect(await answer('/api/segments', { headers: { 'Accept-Language': 'fr' } }))
      .toEqual([401, { code: 'unauthorized', message: 'un en-tête Authorization: Bearer <jeton> est requis' }]);
    expect(await answer('/api/segments?lang=nl', { headers: { Authorization: 'Bearer nope' } }))
      .toEqual([401, { code: 'unauthorized', message: 'onbekend of ingetrokken token' }]);
    expect(await answer('/api/quotes', { ...quote({ from: 'A', to: 'B', service: lit(10e6), termMonths: 12 }), headers: { ...auth('viewer'), 'Content-Type': 'application/json', 'Accept-Language': 'fr' } }))
      .toEqual([403, { code: 'forbidden', message: 'le rôle viewer ne peut pas utiliser POST /api/quotes (rôles admis : operator, commercial)' }]);
    expect(await answer('/api/segments/NOPE/series?lang=nl', { headers: auth('viewer') })).toEqual([404, { code: 'not_found', message: 'geen segment NOPE' }]);
    expect(await answer('/api/nowhere?lang=fr', { headers: auth('viewer') })).toEqual([404, { code: 'not_found', message: 'aucune route GET /api/nowhere' }]);
    const big = JSON.stringify({ customer: 'x'.repeat(BODY_LIMIT_BYTES) });
    expect(await answer('/api/quotes?lang=fr', { method: 'POST', body: big, headers: { ...auth('commercial'), 'Content-Type': 'application/json' } }))
      .toEqual([413, { code: 'payload_too_large', field: 'body', message: `body : plus grand que la limite de ${new Intl.NumberFormat('fr-BE').format(BODY_LIMIT_BYTES)} octets` }]);
    expect(await answer('/api/segments/NOPE/series?lang=en', { headers: auth('viewer') })).toEqual([404, { code: 'not_found', message: 'no segment NOPE' }]);
  });

  it('keeps each request in its own language when they run at the same time (no global zod setting)', async () => {
    const langs = ['fr', 'nl', 'en', 'fr', 'nl', 'en', 'nl', 'fr'];
    const answers = await Promise.all(langs.map((l) => said('/api/quotes', post(l))));
    const expected: Record<string, RegExp> = { fr: /^termMonths : Entrée invalide/, nl: /^termMonths: Ongeldige invoer/, en: /^termMonths: Invalid input/ };
    answers.forEach((a, i) => expect(a.message, langs[i]).toMatch(expected[langs[i]]));
  });
});

describe('headers of every answer', () => {
  it('CSP with frame-ancestors, nosniff, X-Frame-Options and Cache-Control on pages, data, errors and files', async () => {
    const id = newQuoteId(Date.now());
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ['/', {}, 200, 'no-cache'],
      ['/api/docs', {}, 200, 'no-store'],
      ['/api/openapi.json', {}, 200, 'no-store'],
      ['/api/segments', auth('viewer'), 200, 'no-store'],
      ['/api/segments?from=2026-02-30', auth('viewer'), 400, 'no-store'],
      ['/api/segments', {}, 401, 'no-store'],
      ['/api/nothing', auth('viewer'), 404, 'no-store'],
      [`/api/quotes/${id}.html`, auth('commercial'), 404, 'no-store'],
    ];
    for (const [path, headers, status, cache] of cases) {
      const res = await app.request(path, { headers });
      expect(res.status, path).toBe(status);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("worker-src 'self' blob:");
      expect(csp, path).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('cache-control'), path).toBe(cache);
    }
  });
});
