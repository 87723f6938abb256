// The sites marked where a device stopped answering. A device's status is of now (the API decides it from the
// last polls and the device's own interval: analytics/device-status.ts), so it is re-read on its own every 15 s:
// a site is marked soon after a device stops answering, and unmarked when it answers again.
import { get, query, token } from './api.js';
import { devices as parseDevices, pointsToMap } from './model.js';
import { page } from './page.js';
import { state, ui } from './state.js';

/** The sites, marked where a device is down (the API's `stale`: its status rule, not the page's). */
export function showSites(): void {
  const downSites = new Set(state.devices.filter((d) => d.down && d.site).map((d) => d.site as string));
  page.view.setData('sites', pointsToMap(state.sites, (p) => ({ down: downSites.has(p.id) })));
}

const DEVICE_REFRESH_MS = 15_000;

async function refreshDevices(): Promise<void> {
  if (!token() || !window.irisnet?.loaded || state.avail.devices !== 'ok') return;
  const seq = ui.loadSeq;
  const w = state.window;
  const r = await get<unknown>(`/api/devices${query({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() })}`);
  if (seq !== ui.loadSeq || r.kind !== 'ok') return;
  const marks = (ds: typeof state.devices): string => ds.filter((d) => d.down).map((d) => d.id).sort().join(',');
  const before = marks(state.devices);
  state.devices = parseDevices(r.data);
  // Redrawn only when a mark changes: the map stays idle on a steady network.
  if (marks(state.devices) !== before) showSites();
}

/** Starts the periodic re-read (one at a time). */
export function watchDevices(): void {
  let running: Promise<void> | undefined;
  setInterval(() => { running ??= refreshDevices().catch(() => undefined).finally(() => { running = undefined; }); }, DEVICE_REFRESH_MS);
}
