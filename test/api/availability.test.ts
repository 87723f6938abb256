// GET /api/availability, the maintenance windows and the monthly report, on a day of the demo's history with its
// outages (sim/outages.ts: on 13 November 2026 a duct cut of IRIS-108 and IRIS-112, 09:01:30–11:12:30 UTC, and
// STIB-097 down 16:51:30–17:48:30), backfilled into a real influxd and served by the real API. The report renders
// in Debian's chromium in each language and its figures are the API's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHandle } from '../../api/cli.js';
import type { AvailabilityAnswer } from '../../api/availability-answer.js';
import { formatDuration, formatPct } from '../../analytics/availability-text.js';
import { loadCadastre } from '../../config/load.js';
import { backfill } from '../../sim/backfill.js';
import { demoOutages } from '../../sim/outages.js';
import { freshDatabase } from '../support/influx.js';
import { openBrowser, type BrowserHandle } from '../web/browser.js';
import { auth, TOKEN_ENTRIES } from './support.js';

const DAY_START = Date.UTC(2026, 10, 13);
const DAY_END = Date.UTC(2026, 10, 14);
const at = (hhmm: string): number => Date.parse(`2026-11-13T${hhmm}:00Z`);
const MIN = 60_000;

let api: ApiHandle;
let dataDir: string;
let november: AvailabilityAnswer;

const getJson = async <T>(path: string, role: Parameters<typeof auth>[0] = 'viewer', init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${api.url}${path}`, { ...init, headers: { ...auth(role), ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  const cadastre = loadCadastre(resolve('config/demo'));
  const store = await freshDatabase('api_availability');
  const outages = demoOutages(cadastre, 2026, DAY_START, DAY_END);
  await backfill(cadastre, store, { days: 1, rawDays: 0, end: DAY_END, seed: 2026, outages });
  dataDir = mkdtempSync(join(tmpdir(), 'irisnet-availability-api-'));
  // November is over on 2 December: its figures no longer move (the report of a past month, not a live view).
  api = await startApi({
    configDir: 'config/demo', cadastre, port: 0, host: '127.0.0.1', tokens: TOKEN_ENTRIES, dataDir, influx: store.config,
    now: () => Date.UTC(2026, 11, 2, 9), log: () => {}, rateLimit: { requests: 100_000, windowMs: 60_000 },
  });
  november = (await getJson<AvailabilityAnswer>('/api/availability?month=2026-11')).body;
}, 180_000);

afterAll(async () => {
  await api?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /api/availability', () => {
  it('finds the duct cut: the sites it isolates, each down from 09:00 to 11:15 with the cut segments as cause', () => {
    expect(november.window).toEqual({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z', complete: true });
    const cut = november.sites.filter((s) => s.outages.some((o) => o.cause.segments.includes('IRIS-108') || o.cause.segments.includes('IRIS-112')));
    expect(cut.length).toBeGreaterThanOrEqual(3);
    for (const s of cut) {
      const o = s.outages.find((x) => x.start === '2026-11-13T09:00:00.000Z')!;
      // 09:01:30 to 11:12:30: the first bucket has 3 of its 5 samples down (09:02, 09:03, 09:04), the last one too
      // (11:10, 11:11, 11:12): both count as down.
      expect([o.start, o.end, o.durationMs]).toEqual(['2026-11-13T09:00:00.000Z', '2026-11-13T11:15:00.000Z', 135 * MIN]);
      expect(['upstream', 'segment-down']).toContain(o.cause.kind);
      expect(o.cause.text.fr).toMatch(/IRIS-1(08|12)/);
    }
    expect(cut.filter((s) => s.outages[0].cause.kind === 'upstream').every((s) => s.outages[0].cause.segments.join() === 'IRIS-108,IRIS-112')).toBe(true);
    // Only the backfilled day is measured: 288 buckets a site.
    for (const s of november.sites) expect(s.measuredMs + s.maintenanceMs).toBe(288 * 5 * MIN);
    const site = cut[0];
    expect(site.downMs).toBeGreaterThanOrEqual(27 * 5 * MIN);
    expect(site.availabilityPct).toBeCloseTo(((288 - site.downMs / (5 * MIN)) / 288) * 100, 10);
    expect(site.breach).toBe(true);
    expect(november.breaches.map((b) => b.site)).toContain(site.id);
  });

  it('narrows to a site or an administration, and answers CSV with units in the column names', async () => {
    const site = november.sites.find((s) => s.outages.length > 0 && s.administration)!;
    const one = (await getJson<AvailabilityAnswer>(`/api/availability?month=2026-11&site=${site.id}`)).body;
    expect(one.sites).toEqual([site]);
    expect(one.administrations.map((a) => a.id)).toEqual([site.administration]);
    const adm = (await getJson<AvailabilityAnswer>(`/api/availability?month=2026-11&administration=${site.administration}`)).body;
    expect(adm.sites.map((s) => s.id)).toEqual(november.sites.filter((s) => s.administration === site.administration).map((s) => s.id));
    const csv = await (await fetch(`${api.url}/api/availability?month=2026-11&format=csv`, { headers: auth('viewer') })).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toBe('site,name,kind,administration,availability_pct,target_pct,breach,measured_min,down_min,maintenance_min,no_data_min,outages');
    expect(rows).toHaveLength(november.sites.length);
    const row = rows.find((r) => r.startsWith(`${site.id},`))!.split(',');
    expect(Number(row.at(-8))).toBe(site.availabilityPct);
    expect(Number(row.at(-4))).toBe(site.downMs / MIN);
    const outagesCsv = await (await fetch(`${api.url}/api/availability?month=2026-11&format=csv&view=outages`, { headers: auth('viewer') })).text();
    expect(outagesCsv.trim().split('\r\n')).toHaveLength(1 + november.sites.reduce((n, s) => n + s.outages.length, 0));
  });

  it('refuses bad parameters with 400 naming them, and unknown ids with 404', async () => {
    expect(await getJson('/api/availability?month=2026-13')).toMatchObject({ status: 400, body: { error: { field: 'month' } } });
    expect(await getJson('/api/availability')).toMatchObject({ status: 400, body: { error: { field: 'month' } } });
    expect(await getJson('/api/availability?month=2027-01')).toMatchObject({ status: 400, body: { error: { field: 'month', message: 'month: 2027-01 has not begun' } } });
    expect(await getJson('/api/availability?month=2026-11&site=a&administration=b')).toMatchObject({ status: 400, body: { error: { field: 'site' } } });
    expect((await getJson('/api/availability?month=2026-11&administration=nobody')).status).toBe(404);
    expect((await getJson('/api/availability/report.html?month=2026-11&administration=nobody')).status).toBe(404);
  });
});

describe('maintenance windows through the API', () => {
  it('operators declare one; the cut it names becomes planned maintenance, excluded and shown; withdrawing it restores the outage', async () => {
    const cut = november.sites.filter((s) => s.outages.some((o) => o.start === '2026-11-13T09:00:00.000Z' && o.cause.segments.includes('IRIS-108')));
    const window = { id: 'M-duct', from: '2026-11-13T08:00:00Z', to: '2026-11-13T12:00:00Z', segments: ['IRIS-108'], reason: 'Duct repair' };
    expect((await getJson('/api/maintenance', 'planner', { method: 'POST', body: JSON.stringify(window) })).status).toBe(403);
    expect(await getJson('/api/maintenance', 'operator', { method: 'POST', body: JSON.stringify({ ...window, segments: ['S-nowhere'] }) }))
      .toMatchObject({ status: 400, body: { error: { field: 'segments.0', message: 'segments.0: unknown segment "S-nowhere"' } } });
    expect(await getJson('/api/maintenance', 'operator', { method: 'POST', body: JSON.stringify({ ...window, to: '2026-11-13T07:00:00Z' }) }))
      .toMatchObject({ status: 400, body: { error: { field: 'to' } } });
    expect((await getJson('/api/maintenance', 'operator', { method: 'POST', body: JSON.stringify(window) })).status).toBe(201);
    expect((await getJson<{ items: unknown[] }>('/api/maintenance')).body.items).toEqual([
      { source: 'api', window: { ...window, sites: [], devices: [] } },
    ]);
    const planned = (await getJson<AvailabilityAnswer>('/api/availability?month=2026-11')).body;
    for (const before of cut) {
      const after = planned.sites.find((s) => s.id === before.id)!;
      expect(after.outages.some((o) => o.start === '2026-11-13T09:00:00.000Z')).toBe(false);
      expect(after.maintenance).toEqual([{ site: before.id, window: 'M-duct', reason: 'Duct repair', start: '2026-11-13T09:00:00.000Z', end: '2026-11-13T11:15:00.000Z', durationMs: 135 * MIN }]);
      expect(after.downMs).toBe(before.downMs - 135 * MIN);
    }
    expect((await getJson('/api/maintenance/M-duct', 'operator', { method: 'DELETE' })).status).toBe(200);
    expect((await getJson('/api/maintenance/M-duct', 'operator', { method: 'DELETE' })).status).toBe(404);
    expect((await getJson<AvailabilityAnswer>('/api/availability?month=2026-11')).body).toEqual(november);
  });
});

describe('the monthly report in chromium', { timeout: 120_000 }, () => {
  let browser: BrowserHandle;
  beforeAll(async () => { browser = await openBrowser(); await browser.context.setExtraHTTPHeaders(auth('viewer')); });
  afterAll(async () => { await browser?.close(); });

  for (const lang of ['fr', 'nl', 'en'] as const) {
    it(`renders in ${lang} with the API's figures, outages and timeline`, async () => {
      const adm = november.administrations.find((a) => a.outages.some((o) => o.cause.segments.includes('IRIS-108')))!;
      const res = await browser.page.goto(`${api.url}/api/availability/report.html?month=2026-11&administration=${adm.id}&lang=${lang}`);
      expect(res?.status()).toBe(200);
      const page = browser.page;
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      const kpi = page.locator('.kpi [data-figure="availabilityPct"] span');
      expect(Number(await kpi.getAttribute('data-value'))).toBe(adm.availabilityPct);
      expect(await kpi.textContent()).toBe(formatPct(adm.availabilityPct, lang));
      expect(await page.locator('.kpi [data-figure="downMs"] span').textContent()).toBe(formatDuration(adm.downMs, lang));
      expect(Number(await page.locator('.kpi [data-figure="outages"]').getAttribute('data-value'))).toBe(adm.outages.length);
      for (const s of november.sites.filter((x) => x.administration === adm.id)) {
        const row = page.locator(`tr[data-site="${s.id}"]`).first();
        expect(Number(await row.locator('[data-figure="availabilityPct"] span').getAttribute('data-value'))).toBe(s.availabilityPct);
        expect(Number(await row.locator('[data-figure="downMs"] span').getAttribute('data-value'))).toBe(s.downMs);
        expect(await row.locator('[data-figure="breach"]').getAttribute('data-value')).toBe(String(s.breach));
      }
      const rows = page.locator('tr.outage');
      expect(await rows.count()).toBe(adm.outages.length);
      for (let i = 0; i < adm.outages.length; i++) {
        const o = adm.outages[i];
        expect(Number(await rows.nth(i).getAttribute('data-start'))).toBe(Date.parse(o.start));
        expect(Number(await rows.nth(i).locator('[data-figure="durationMs"] span').getAttribute('data-value'))).toBe(o.durationMs);
        expect(await rows.nth(i).textContent()).toContain(o.cause.text[lang]);
      }
      expect(await page.locator('svg.timeline rect[data-kind="outage"]').count()).toBe(adm.outages.length);
      // A4 portrait: the page prints.
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    });
  }
});
