// The drift layer end to end: two disagreements planted in a copy of the demo cadastre (a segment measured by an
// interface its switch lacks; a switch given a collector profile that reads nothing), probed against the
// simulated network as `config:check --probe` does, its result file served by the real API (GET /api/drift) on a
// real influxd, and the map in Chromium: the layer starts off, once switched on it marks exactly the planted
// segment and site, their details list the items with what the probe saw (its figures, worded in the reader's
// language, the English message no longer folded beneath) and what to do in French and Dutch without an English word,
// a viewer is not offered the layer, and a new probe shows without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { stringify } from 'yaml';
import { freshDatabase } from '../support/influx.js';
import { englishWordsIn } from '../support/english.js';
import { DEMO_DIR, startMapStack, TOKENS, type MapStack } from './stack.js';
import { openBrowser, type BrowserHandle } from './browser.js';
import { backfill } from '../../sim/backfill.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { loadCadastre } from '../../config/load.js';
import { driftOf, probeCadastre, writeDriftReport, type DriftItem } from '../../config/drift.js';
import type { Cadastre } from '../../config/schema.js';
import { DRIFT_LABELS, driftFacts, driftWords } from '../../common/i18n.js';
import { DRIFT_REFRESH_MS } from '../../web/src/drift.js';

const ARTIFACTS = 'test/artifacts';
const env = { IRIS_SNMP_COMMUNITY: 'drift-map-c-4Rt', WIFI_SNMP_COMMUNITY: 'drift-map-w-7Yu', IRIS_SNMP_V3_AUTH_KEY: 'drift-map-auth-2Qe', IRIS_SNMP_V3_PRIV_KEY: 'drift-map-priv-9Kd' };
/** 1. A segment measured by an interface its switch lacks: the segment is marked. */
const SEGMENT = 'IRIS-008';
const SEGMENT_DEVICE = 'sw-cpas-grand-hospice';
/** 2. A switch whose collector profile reads nothing (a device item, no segment): its site is marked. */
const PROFILE_DEVICE = 'sw-lib-bibliotheek-sans-souci';

let net: SimNetworkHandle;
let dir: string;
let planted: Cadastre;
let stack: MapStack;
let b: BrowserHandle;
let site: string;

function writeCadastre(to: string, c: Cadastre): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(DEMO_DIR)) copyFileSync(join(DEMO_DIR, f), join(to, f));
  const y = (v: unknown): string => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });
  for (const k of ['owners', 'sites', 'devices', 'segments', 'hotspots', 'targets'] as const) writeFileSync(join(to, `${k}.yaml`), y(c[k]));
}

/** Probes the cadastre against the simulator and writes the result file, as `config:check --probe` does. */
async function probe(c: Cadastre): Promise<DriftItem[]> {
  const items = driftOf(c, await probeCadastre(c, { env }));
  writeDriftReport(dir, { probedAt: new Date().toISOString(), devices: c.devices.filter((d) => d.role !== 'ap').length, items });
  return items;
}

async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.irisnet?.loaded === true, undefined, { timeout: 60_000 });
  await page.evaluate(() => new Promise<void>((resolve) => {
    const m = window.irisnet!.map;
    m.once('idle', () => resolve());
    m.triggerRepaint();
  }));
}

/** Unique ids among the features a layer has drawn (the whole Region in view). */
async function rendered(page: Page, layer: string): Promise<string[]> {
  await waitIdle(page);
  return page.evaluate((layer) => [...new Set(window.irisnet!.map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.id)))].sort(), layer);
}

async function api<T>(path: string, role: keyof typeof TOKENS = 'operator'): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.url}${path}`, { headers: { Authorization: `Bearer ${TOKENS[role]}` } });
  return { status: res.status, body: await res.json() as T };
}

const key = (i: Pick<DriftItem, 'kind' | 'device' | 'segment'>): string => `${i.kind} ${i.device} ${i.segment ?? ''}`;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const demo = loadCadastre(DEMO_DIR);
  net = await startSimNetwork(demo, { env });
  dir = mkdtempSync(join(tmpdir(), 'drift-map-'));
  planted = structuredClone(demo);
  for (const d of planted.devices) d.target = `127.0.0.1:${net.ports[d.id]}`;
  planted.segments.find((s) => s.id === SEGMENT)!.measuredBy = { device: SEGMENT_DEVICE, ifName: 'Te9/9/9' };
  planted.devices.find((d) => d.id === PROFILE_DEVICE)!.profile = 'cisco-airespace';
  site = planted.devices.find((d) => d.id === PROFILE_DEVICE)!.site;
  writeCadastre(dir, planted);
  const items = await probe(planted);
  expect(items.map(key).sort()).toEqual([
    key({ kind: 'interface-missing', device: SEGMENT_DEVICE, segment: SEGMENT }),
    key({ kind: 'profile-reads-nothing', device: PROFILE_DEVICE }),
  ].sort());
  const cadastre = loadCadastre(dir);
  const store = await freshDatabase('web_drift');
  await backfill(cadastre, store, { days: 1 / 24, end: Date.now(), seed: 2026 });
  stack = await startMapStack(store, { cadastre, configDir: dir });
  b = await openBrowser({ token: TOKENS.operator, lang: 'fr' });
  await b.page.goto(stack.url);
  await waitIdle(b.page);
}, 300_000);

afterAll(async () => {
  await b?.close();
  await stack?.close();
  await net?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the drift layer in chromium', { timeout: 120_000 }, () => {
  it('starts off; switched on, it marks exactly the planted segment and site, as GET /api/drift names them', async () => {
    const box = b.page.locator('#layer-drift');
    expect(await box.isChecked()).toBe(false);
    expect(await b.page.locator('label', { has: box }).innerText()).toBe(DRIFT_LABELS.fr.lDrift);
    expect(await rendered(b.page, 'sites-drift')).toEqual([]);
    expect(await rendered(b.page, 'segments-drift')).toEqual([]);
    await box.check();
    const { body } = await api<{ items: DriftItem[] }>('/api/drift');
    const siteOf = new Map(planted.devices.map((d) => [d.id, d.site]));
    // What the API names, placed as the map places it: a segment item on its segment, a device item on its site.
    expect(await rendered(b.page, 'segments-drift')).toEqual([...new Set(body.items.filter((i) => i.segment).map((i) => i.segment!))].sort());
    expect(await rendered(b.page, 'sites-drift')).toEqual([...new Set(body.items.filter((i) => !i.segment).map((i) => siteOf.get(i.device)!))].sort());
    expect(await rendered(b.page, 'segments-drift')).toEqual([SEGMENT]);
    expect(await rendered(b.page, 'sites-drift')).toEqual([site]);
    expect(await b.page.locator('#legend').innerText()).toContain(DRIFT_LABELS.fr.driftSite);
    await b.page.screenshot({ path: `${ARTIFACTS}/map-drift-fr.png` });
  });

  it('a click on the marked segment opens its details with the item and what to do', async () => {
    const route = planted.segments.find((s) => s.id === SEGMENT)!.route.coordinates;
    await b.page.evaluate((coords) => {
      const lons = coords.map((c) => c[0]);
      const lats = coords.map((c) => c[1]);
      window.irisnet!.map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 150, animate: false, maxZoom: 17 });
    }, route);
    await waitIdle(b.page);
    const p = await b.page.evaluate((id) => {
      const m = window.irisnet!.map;
      const feature = m.queryRenderedFeatures({ layers: ['segments-drift'] }).find((f) => String(f.properties.id) === id);
      if (!feature || feature.geometry.type !== 'LineString') return null;
      const r = m.getCanvas().getBoundingClientRect();
      // A point of the drawn line (it lies beside the route) where the drift line is the topmost feature.
      for (const c of feature.geometry.coordinates) {
        const base = m.project(c as [number, number]);
        for (let dy = -14; dy <= 14; dy++) for (let dx = -14; dx <= 14; dx++) {
          const x = base.x + dx, y = base.y + dy;
          if (x < 10 || y < 10 || x > r.width - 10 || y > r.height - 10) continue;
          const hits = m.queryRenderedFeatures([[x - 5, y - 5], [x + 5, y + 5]], { layers: ['sites-drift', 'hotspots', 'sites', 'targets', 'segments-drift-mark', 'segments-drift', 'segments'] });
          if (hits.length && hits[0].layer.id === 'segments-drift' && String(hits[0].properties.id) === id) return { x: r.left + x, y: r.top + y };
        }
      }
      return null;
    }, SEGMENT);
    expect(p).not.toBeNull();
    await b.page.mouse.click(p!.x, p!.y);
    const details = b.page.locator('#details');
    await expect.poll(() => details.locator('#details-title').innerText()).toContain(SEGMENT);
    const w = driftWords({ kind: 'interface-missing', device: SEGMENT_DEVICE, segment: SEGMENT }, 'fr')!;
    const item = details.locator('li[data-drift=interface-missing]');
    const text = await item.innerText();
    expect(text).toContain(w.title);
    expect(text).toContain(w.what);
    expect(text).toContain(`${DRIFT_LABELS.fr.driftTodo}: ${w.todo}`);
    // What the probe saw, in French: the interface measuredBy names and how many the switch lists.
    const { body } = await api<{ items: DriftItem[] }>('/api/drift');
    const found = body.items.find((i) => i.kind === 'interface-missing')!;
    expect(found.seen?.interfaceCount).toBeGreaterThan(0);
    const facts = driftFacts(found, 'fr');
    expect(facts).toEqual([`${SEGMENT_DEVICE} compte ${found.seen!.interfaceCount} interface${found.seen!.interfaceCount === 1 ? '' : 's'}, aucune avec ifName «\u00a0Te9/9/9\u00a0».`]);
    expect(text).toContain(`${DRIFT_LABELS.fr.driftSeen}: ${facts[0]}`);
    expect(await item.locator('details').count()).toBe(0);
    expect(text).not.toContain(found.message);
    await b.page.screenshot({ path: `${ARTIFACTS}/map-drift-segment-fr.png` });
  });

  it('in French and Dutch the site\'s details list its item with what to do, and the page shows no English word', async () => {
    const names = [...planted.sites, ...planted.hotspots, ...planted.targets, ...planted.segments, ...planted.devices, ...planted.owners]
      .flatMap((x) => [x.id, 'name' in x ? String(x.name) : '']).filter(Boolean).sort((x, y) => y.length - x.length);
    // Names and ids of the cadastre, and its file names (segments.yaml), are names, not English to translate.
    const scrub = (text: string): string => names.reduce((t, n) => t.split(n).join(' '), text).replace(/[\w-]+\.yaml\b/g, ' ');
    for (const lang of ['fr', 'nl'] as const) {
      if (lang !== 'fr') {
        const loads = await b.page.evaluate(() => window.irisnet!.loads);
        await b.page.selectOption('#lang', lang);
        await b.page.waitForFunction((n) => (window.irisnet?.loads ?? 0) > n && window.irisnet?.loaded === true, loads, { timeout: 60_000 });
      }
      await waitIdle(b.page);
      expect(await b.page.locator('#layer-drift').isChecked()).toBe(true);
      await b.page.evaluate((id) => { location.hash = `#site=${encodeURIComponent(id)}`; }, site);
      const details = b.page.locator('#details');
      const w = driftWords({ kind: 'profile-reads-nothing', device: PROFILE_DEVICE }, lang)!;
      await expect.poll(() => details.innerText()).toContain(w.what);
      const text = await details.locator('li[data-drift=profile-reads-nothing]').innerText();
      expect(text).toContain(w.title);
      expect(text).toContain(`${DRIFT_LABELS[lang].driftTodo}: ${w.todo}`);
      // The profile and the sysObjectID the probe read, worded in the language.
      const facts = driftFacts({ kind: 'profile-reads-nothing', device: PROFILE_DEVICE, seen: { profile: 'cisco-airespace', sysObjectID: '1.3.6.1.4.1.2636.1.1.1.4.82.5' } }, lang);
      expect(text).toContain(`${DRIFT_LABELS[lang].driftSeen}: ${facts[0]}`);
      expect(await details.locator('li[data-drift=profile-reads-nothing] details').count()).toBe(0);
      expect(await details.innerText()).toContain(DRIFT_LABELS[lang].lDrift);
      const leaks = englishWordsIn(scrub(await b.page.evaluate(() => document.body.innerText)));
      expect([...new Set(leaks)], lang).toEqual([]);
      await b.page.screenshot({ path: `${ARTIFACTS}/map-drift-site-${lang}.png` });
      // The segment's item too.
      await b.page.evaluate((id) => { location.hash = `#segment=${encodeURIComponent(id)}`; }, SEGMENT);
      const s = driftWords({ kind: 'interface-missing', device: SEGMENT_DEVICE, segment: SEGMENT }, lang)!;
      await expect.poll(() => details.innerText()).toContain(s.what);
      expect(await details.locator('li[data-drift=interface-missing]').innerText()).toContain(`${DRIFT_LABELS[lang].driftTodo}: ${s.todo}`);
      const segmentLeaks = englishWordsIn(scrub(await b.page.evaluate(() => document.body.innerText)));
      expect([...new Set(segmentLeaks)], lang).toEqual([]);
      await b.page.evaluate(() => { history.replaceState(null, '', location.pathname); });
    }
  });

  it('shows a new probe\'s result without a reload (the layer re-reads GET /api/drift while shown)', async () => {
    await b.page.evaluate(() => window.irisnet!.map.fitBounds([[4.2438, 50.7637], [4.4823, 50.9139]], { padding: 20, animate: false }));
    expect(await rendered(b.page, 'sites-drift')).toEqual([site]);
    const loads = await b.page.evaluate(() => window.irisnet!.loads);
    // The profile is put right and the network probed again: only the segment disagrees now.
    const fixed = structuredClone(planted);
    fixed.devices.find((d) => d.id === PROFILE_DEVICE)!.profile = loadCadastre(DEMO_DIR).devices.find((d) => d.id === PROFILE_DEVICE)!.profile;
    expect((await probe(fixed)).map(key)).toEqual([key({ kind: 'interface-missing', device: SEGMENT_DEVICE, segment: SEGMENT })]);
    const deadline = Date.now() + DRIFT_REFRESH_MS + 10_000;
    let marked = [site];
    while (Date.now() < deadline && marked.length) {
      marked = await rendered(b.page, 'sites-drift');
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(marked).toEqual([]);
    expect(await rendered(b.page, 'segments-drift')).toEqual([SEGMENT]);
    expect(await b.page.evaluate(() => window.irisnet!.loads)).toBe(loads);
  });

  it('is not offered to a viewer (GET /api/drift answers 403)', async () => {
    expect((await api('/api/drift', 'viewer')).status).toBe(403);
    const v = await openBrowser({ token: TOKENS.viewer, lang: 'fr' });
    try {
      await v.page.goto(stack.url);
      await waitIdle(v.page);
      expect(await v.page.locator('#layer-segments').isChecked()).toBe(true);
      expect(await v.page.locator('#layer-drift').count()).toBe(0);
    } finally {
      await v.close();
    }
  });
});
