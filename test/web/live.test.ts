// The live product on the real clock (no frozen now): the demo network simulated in its own process, the
// collector polling it, the API and the built map in Chromium, as `npm start` runs them, with an hour of
// backfilled history that ends on the 5-minute grid before now. Across two 5-minute boundaries no site may carry
// the "a device stopped answering" mark; then a switch (polled every 10 s, set in the cadastre) is stopped
// through the simulator's control: its site is marked, and unmarked once it answers again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freshDatabase } from '../support/influx.js';
import { startLiveNetwork, type LiveNetwork } from '../support/live-network.js';
import { DEMO_DIR, startMapStack, TOKENS, type MapStack } from './stack.js';
import { openBrowser, type BrowserHandle } from './browser.js';
import { backfill } from '../../sim/backfill.js';
import { loadCadastre } from '../../config/load.js';
import { pollIntervalMs } from '../../config/poll-interval.js';
import { DOWN_INTERVALS } from '../../analytics/device-status.js';
import type { Cadastre } from '../../config/schema.js';

const FIVE_MIN = 300_000;
const CHECK_EVERY_MS = 20_000;
/** The stopped switch's interval: short, so that the test stays near 12 minutes. */
const STOPPED_INTERVAL_S = 10;
/** How often the page re-reads /api/devices (web/src/main.ts DEVICE_REFRESH_MS). */
const PAGE_REFRESH_MS = 15_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let cadastre: Cadastre;
let stopped: { id: string; site: string };
let net: LiveNetwork;
let stack: MapStack;
let b: BrowserHandle;

/** The sites the page marks now: what the `sites-down` layer has drawn after the map went idle. */
async function markedSites(page: Page): Promise<string[]> {
  await page.evaluate(() => new Promise<void>((resolve) => {
    const m = window.irisnet!.map;
    m.once('idle', () => resolve());
    m.triggerRepaint();
  }));
  return page.evaluate(() => [...new Set(window.irisnet!.map.queryRenderedFeatures({ layers: ['sites-down'] }).map((f) => String(f.properties.id)))].sort());
}

async function apiStale(): Promise<string[]> {
  const res = await fetch(`${stack.url}/api/devices`, { headers: { Authorization: `Bearer ${TOKENS.operator}` } });
  const body = await res.json() as { items: Array<{ id: string; stale: boolean }> };
  return body.items.filter((d) => d.stale).map((d) => d.id);
}

async function load(page: Page): Promise<void> {
  await page.goto(stack.url);
  await page.waitForFunction(() => window.irisnet?.loaded === true, undefined, { timeout: 120_000 });
}

beforeAll(async () => {
  const demo = loadCadastre(DEMO_DIR);
  // A switch alone at its site, so that its site's mark is its own.
  const perSite = new Map<string, number>();
  for (const d of demo.devices) perSite.set(d.site, (perSite.get(d.site) ?? 0) + 1);
  const sw = demo.devices.find((d) => d.role === 'switch' && perSite.get(d.site) === 1)!;
  stopped = { id: sw.id, site: sw.site };
  cadastre = { ...demo, devices: demo.devices.map((d) => (d.id === sw.id ? { ...d, intervalSeconds: STOPPED_INTERVAL_S } : d)) };
  const store = await freshDatabase('web_live');
  await backfill(cadastre, store, { days: 1 / 24, end: Date.now(), seed: 2026 });
  net = await startLiveNetwork(DEMO_DIR, cadastre, store, 2026);
  stack = await startMapStack(store, { cadastre, startedAt: net.startedAt });
  b = await openBrowser({ token: TOKENS.operator });
  await load(b.page);
}, 300_000);

afterAll(async () => {
  await b?.close();
  await stack?.close();
  await net?.close();
});

describe('the map on the real clock', () => {
  it('marks no site on the healthy network across two 5-minute boundaries', async () => {
    const boundaries = [Math.floor(Date.now() / FIVE_MIN) * FIVE_MIN + FIVE_MIN];
    boundaries.push(boundaries[0] + FIVE_MIN);
    // Past the second boundary by more than two minutes: the old window-end rule marked sites 0–2 min after each.
    const until = boundaries[1] + 150_000;
    let checks = 0;
    let reloaded = 0;
    while (Date.now() < until) {
      // A fresh load after each boundary too: its window ends on the new boundary.
      if (reloaded < boundaries.length && Date.now() > boundaries[reloaded] + 30_000) { await load(b.page); reloaded++; }
      const at = new Date().toISOString();
      expect({ at, marked: await markedSites(b.page), stale: await apiStale() }).toEqual({ at, marked: [], stale: [] });
      checks++;
      await sleep(CHECK_EVERY_MS);
    }
    expect(reloaded).toBe(2);
    expect(checks).toBeGreaterThanOrEqual(15);
  }, 15 * 60_000);

  it('marks the site of a stopped switch within 3 of its intervals, and unmarks it when it answers again', async () => {
    const intervalMs = pollIntervalMs(cadastre.policy, cadastre.devices.find((d) => d.id === stopped.id)!);
    expect(intervalMs).toBe(STOPPED_INTERVAL_S * 1000);
    expect(await markedSites(b.page)).toEqual([]);
    await net.setFault(stopped.id, { kind: 'down' });
    // Down after 3 intervals without a successful poll; the page sees it at its next refresh.
    const deadline = Date.now() + DOWN_INTERVALS * intervalMs + PAGE_REFRESH_MS + 5_000;
    let marked: string[] = [];
    while (Date.now() < deadline) {
      marked = await markedSites(b.page);
      if (marked.length) break;
      await sleep(1_000);
    }
    expect(marked).toEqual([stopped.site]);
    expect(await apiStale()).toEqual([stopped.id]);

    await net.setFault(stopped.id, null);
    const back = Date.now() + 2 * intervalMs + PAGE_REFRESH_MS + 5_000;
    while (Date.now() < back) {
      marked = await markedSites(b.page);
      if (!marked.length) break;
      await sleep(1_000);
    }
    expect(marked).toEqual([]);
    expect(await apiStale()).toEqual([]);
  }, 3 * 60_000);
});
