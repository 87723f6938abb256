// The measuring interface's error and discard rates in GET /api/segments (JSON and CSV): the mean of the raw
// points' packets/s over the window's last hour, only from the series measuredBy names, null where unknown.
import { beforeAll, describe, expect, it } from 'vitest';
import { createFigures } from '../../analytics/figures.js';
import { createApp } from '../../api/app.js';
import type { ApiContext } from '../../api/context.js';
import { loadCadastre } from '../../config/load.js';
import { interfaceLine } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';
import { TOKEN_ENTRIES, auth } from './support.js';

const FIXTURE = 'test/fixtures/cadastre-small';
const TO = Date.UTC(2026, 2, 31);
const FROM = TO - 86_400_000;
const cadastre = loadCadastre(FIXTURE);
let app: ReturnType<typeof createApp>;
let store: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  store = await freshDatabase('api_link_errors');
  const m = 60_000;
  await store.write([
    // S-1 (sw-bxl Gi0/1): two points in the last hour (mean 1 error/s in, 0 out), one 2 h before (left out);
    // its device serves no discard counters: null.
    interfaceLine({ time: TO - 30 * m, device: 'sw-bxl', ifIndex: 2, ifName: 'Gi0/1', segment: 'S-1', inBps: 1, outBps: 1, inErrorsPs: 0.5, outErrorsPs: 0 }),
    interfaceLine({ time: TO - 10 * m, device: 'sw-bxl', ifIndex: 2, ifName: 'Gi0/1', segment: 'S-1', inBps: 1, outBps: 1, inErrorsPs: 1.5, outErrorsPs: 0 }),
    interfaceLine({ time: TO - 120 * m, device: 'sw-bxl', ifIndex: 2, ifName: 'Gi0/1', segment: 'S-1', inBps: 1, outBps: 1, inErrorsPs: 99, outErrorsPs: 99 }),
    // S-6 is measured by Fa0/2: a point tagged S-6 from another interface of the device is not its figure.
    interfaceLine({ time: TO - 5 * m, device: 'sw-bxl', ifIndex: 9, ifName: 'Fa0/9', segment: 'S-6', inBps: 1, outBps: 1, inErrorsPs: 7, outErrorsPs: 7, inDiscardsPs: 7, outDiscardsPs: 7 }),
    // S-2 (sw-sjtn Gi0/1): discards only.
    interfaceLine({ time: TO - 20 * m, device: 'sw-sjtn', ifIndex: 1, ifName: 'Gi0/1', segment: 'S-2', inBps: 1, outBps: 1, inDiscardsPs: 0.25, outDiscardsPs: 2 }),
  ], 'ms');
  const ctx: ApiContext = {
    cadastre, configDir: FIXTURE, store, dataDir: '/tmp', now: () => TO,
    figures: createFigures(cadastre, store, { refreshMs: 0, reloadMs: 0 }),
  };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
});

describe('GET /api/segments error and discard rates', () => {
  const q = `from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`;
  it('JSON: per segment, from the measuring interface only, null where unknown', async () => {
    const res = await app.request(`/api/segments?${q}`, { headers: auth('operator') });
    expect(res.status).toBe(200);
    const body = await res.json() as { items: Array<{ id: string; errors: unknown }> };
    const errors = Object.fromEntries(body.items.map((i) => [i.id, i.errors]));
    expect(errors['S-1']).toEqual({ inErrorsPs: 1, outErrorsPs: 0, inDiscardsPs: null, outDiscardsPs: null });
    expect(errors['S-2']).toEqual({ inErrorsPs: null, outErrorsPs: null, inDiscardsPs: 0.25, outDiscardsPs: 2 });
    expect(errors['S-6']).toBeNull();
    expect(errors['S-3']).toBeNull();
  });

  it('CSV: one column per rate, empty where unknown', async () => {
    const res = await app.request(`/api/segments?${q}&format=csv`, { headers: auth('viewer') });
    const [header, ...rows] = (await res.text()).trim().split('\r\n');
    const cols = header.split(',');
    expect(cols.slice(-4)).toEqual(['in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps']);
    const s1 = rows.find((r) => r.startsWith('S-1,'))!.split(',');
    expect(s1.slice(-4)).toEqual(['1', '0', '', '']);
  });
});

describe('GET /api/hotspots scope', () => {
  it('says whether a series is one AP or a per-SSID total, from the controller\'s profile', async () => {
    // wlc-bxl as a Ruckus SmartZone (per-SSID totals only); wlc-ixl keeps its Aruba profile (per AP).
    const c = { ...cadastre, devices: cadastre.devices.map((d) => (d.id === 'wlc-bxl' ? { ...d, profile: 'ruckus-smartzone' } : d)) };
    const a = createApp({
      cadastre: c, configDir: FIXTURE, store, dataDir: '/tmp', now: () => TO, figures: createFigures(c, store, { refreshMs: 0, reloadMs: 0 }),
    }, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
    const res = await a.request(`/api/hotspots?from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`, { headers: auth('planner') });
    expect(res.status).toBe(200);
    const body = await res.json() as { items: Array<{ controller: string; scope: string | null }> };
    expect(body.items.length).toBe(cadastre.hotspots.length);
    for (const h of body.items) expect(h.scope, h.controller).toBe(h.controller === 'wlc-bxl' ? 'ssid' : 'ap');
  });
});
