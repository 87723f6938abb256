// Loading the window: every request leaves at once, then each answer is drawn by its own small step. A load
// superseded by a newer one (ui.loadSeq) stops drawing; a refused token asks for another; an API that cannot
// be reached at all gets one message with a retry.
import type { FeatureCollection, Geometry } from 'geojson';
import { get, items, query, setToken, token, type Result } from './api.js';
import { $ } from './html.js';
import { t } from './i18n.js';
import {
  brusselsMonth, devices as parseDevices, emptyFc, hotspotsFromGeoJson, hotspotsToMap, places, pointsToMap, segmentsFromGeoJson,
  siteAvailability, type Site, type Target,
} from './model.js';
import type { CutResilience } from '../../analytics/resilience.js';
import type { Me } from '../../api/routes/me.js';
import { renderLegendPanel, renderToggles } from './layers.js';
import { page } from './page.js';
import { applyFilters, fillChoices, renderAll, renderWindowLabel } from './panels.js';
import { relocationRequest, showRelocation } from './relocation.js';
import { MAY_QUOTE } from './roles.js';
import { openFromHash } from './selection.js';
import { askToken, dialog } from './signin.js';
import { availOf, state, ui, type Availability, type Dataset } from './state.js';
import { setStatus } from './status.js';
import { showSites } from './devices.js';
import { takeDrift } from './drift.js';
import { windowFromControls } from './timewindow.js';


/** A FeatureCollection answer as it is (the map reads its flat properties). */
function featureCollection(data: unknown): FeatureCollection<Geometry> {
  const fc = data as FeatureCollection<Geometry> | null;
  return fc && fc.type === 'FeatureCollection' && Array.isArray(fc.features) ? { type: 'FeatureCollection', features: fc.features } : emptyFc();
}

function requestAll(w: { from: number; to: number }) {
  const q = query({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() });
  return Promise.all([
    get<unknown>(`/api/segments${q}${q ? '&' : '?'}format=geojson`),
    get<unknown>('/api/sites'),
    get<unknown>(`/api/devices${q}`),
    get<unknown>(`/api/hotspots${q}${q ? '&' : '?'}format=geojson`),
    get<unknown>('/api/targets'),
    get<unknown>(`/api/network/summary${q}`),
    get<Me>('/api/me'),
    get<unknown>(`/api/resilience${q}`),
    get<unknown>('/api/worksites?format=geojson'),
    get<unknown>(`/api/opportunities${q}${q ? '&' : '?'}format=geojson`),
    // Sold circuits: operator and commercial only (403 for the others: the layer is not offered).
    get<unknown>('/api/circuits?format=geojson'),
    get<unknown>(`/api/availability?month=${brusselsMonth(Date.now())}`),
    // Drift from the cadastre: operator only (403 for the others: the layer is not offered); 404 before a probe.
    get<unknown>('/api/drift'),
  ] as const);
}

function showSegments(seg: Result<unknown>): void {
  const { view } = page;
  state.avail.segments = availOf(seg);
  const segs = seg.kind === 'ok' ? segmentsFromGeoJson(seg.data) : segmentsFromGeoJson(null);
  state.segments = segs.segments;
  state.segmentGeometry = new Map(segs.map.features.map((f) => [String(f.properties?.id), f.geometry.coordinates]));
  // The scales end at the 90th percentile (above it: the top colour, "≥" in the legend), so that a few
  // 100 Gbit/s trunks do not squeeze every other segment into the first colour.
  const p90 = (xs: number[]): number => { const v = [...xs].sort((a, b) => a - b); return v.length ? v[Math.min(v.length - 1, Math.ceil(0.9 * v.length) - 1)] : 0; };
  view.scaleMax = {
    sellable: Math.max(1, p90(segs.map.features.map((f) => Number(f.properties?.sellableGbps ?? 0)))),
    dark: Math.max(1, p90(segs.map.features.map((f) => Number(f.properties?.dark ?? 0)))),
  };
  view.setColourMode(view.colourMode);
  view.setData('segments', segs.map);
}

/** Sites, marked down when one of their devices stopped answering, coloured by their availability this month. */
function showSitesAndDevices(sites: Result<unknown>, devs: Result<unknown>, availability: Result<unknown>): void {
  state.avail.devices = availOf(devs);
  state.devices = devs.kind === 'ok' ? parseDevices(devs.data) : [];
  state.avail.sites = availOf(sites);
  state.sites = sites.kind === 'ok' ? places<Site>(sites.data) : [];
  state.siteAvailability = availability.kind === 'ok' ? siteAvailability(availability.data) : new Map();
  showSites();
}

function showHotspotsAndTargets(hs: Result<unknown>, targets: Result<unknown>): void {
  state.avail.hotspots = availOf(hs);
  state.hotspots = hs.kind === 'ok' ? hotspotsFromGeoJson(hs.data) : [];
  page.view.setData('hotspots', hotspotsToMap(state.hotspots));
  state.avail.targets = availOf(targets);
  state.targets = targets.kind === 'ok' ? places<Target>(targets.data) : [];
  page.view.setData('targets', pointsToMap(state.targets));
}

function showPlanning(resilience: Result<unknown>, worksites: Result<unknown>, opportunities: Result<unknown>): void {
  const { view } = page;
  state.avail.resilience = availOf(resilience);
  state.cuts = new Map(resilience.kind === 'ok' ? items<CutResilience>(resilience.data).map((c) => [c.segment, c]) : []);
  view.setBridges([...state.cuts.values()].filter((c) => c.bridge).map((c) => c.segment));

  state.avail.worksites = availOf(worksites);
  const worksiteFc = worksites.kind === 'ok' ? featureCollection(worksites.data) : emptyFc();
  view.setWorksiteStatuses([...new Set(worksiteFc.features.map((f) => String(f.properties?.status ?? '')))].filter(Boolean).sort());
  view.setData('worksites', worksiteFc);
  state.avail.opportunities = availOf(opportunities);
  const oppFc = opportunities.kind === 'ok' ? featureCollection(opportunities.data) : emptyFc();
  state.opportunities = oppFc.features.map((f) => f.properties ?? {});
  view.setData('opportunities', oppFc);
}

/** The active sold circuits, beside the segments they hold. */
function showCircuits(circuits: Result<unknown>): void {
  state.avail.circuits = availOf(circuits);
  const fc = circuits.kind === 'ok' ? featureCollection(circuits.data) : emptyFc();
  page.view.setData('circuits', { ...fc, features: fc.features.filter((f) => f.properties?.status === 'active') });
}

export async function loadAll(): Promise<void> {
  const seq = ++ui.loadSeq;
  if (!token()) { askToken(); return; }
  const w = windowFromControls();
  if (!w) return;
  state.window = w;
  setStatus(t('loading'));
  for (const k of Object.keys(state.avail) as Dataset[]) state.avail[k] = 'loading';
  // Every request leaves at once, while the basemap loads; the map is needed only to draw the answers.
  const relocation = relocationRequest();
  const [seg, sites, devs, hs, targets, summary, me, resilience, worksites, opportunities, circuits, availability, drift] = await requestAll(w);
  performance.mark('irisnet:answers');
  if (seq !== ui.loadSeq) return;
  const all = [seg, sites, devs, hs, targets, summary];
  if (all.some((r) => r.kind === 'unauthorized')) {
    setToken(null);
    setStatus('', 'none');
    askToken(t('badToken'));
    return;
  }
  if (dialog().open) dialog().close();
  $('sign-out').hidden = false;
  if (all.every((r) => r.kind === 'unreachable')) {
    page.view.release();
    setStatus(t('unreachable'), 'error', () => void loadAll());
    return;
  }

  showSegments(seg);
  showSitesAndDevices(sites, devs, availability);
  showHotspotsAndTargets(hs, targets);
  state.avail.summary = availOf(summary);
  state.summary = summary.kind === 'ok' ? summary.data : null;
  showPlanning(resilience, worksites, opportunities);
  showCircuits(circuits);
  takeDrift(drift);
  state.avail.quotes = me.kind === 'ok' ? (MAY_QUOTE[me.data.role] ? 'ok' : 'forbidden') : me.kind === 'unreachable' ? 'unreachable' : 'ok';

  fillChoices();
  applyFilters();
  renderToggles();
  renderAll();
  page.quote.setAllowed(state.avail.quotes);
  const reloc = await relocation;
  if (seq !== ui.loadSeq) return;
  showRelocation(reloc);
  page.view.release();
  await page.view.whenReady();
  if (seq !== ui.loadSeq) return;
  renderToggles();
  renderLegendPanel();

  const missing = (Object.entries(state.avail) as Array<[Dataset, Availability]>).filter(([, a]) => a === 'unreachable' || a === 'invalid');
  setStatus(missing.length ? `${t('unreachable')} (${missing.map(([d]) => d).join(', ')})` : '', missing.length ? 'error' : 'none', missing.length > 0 ? () => void loadAll() : undefined);
  renderWindowLabel();
  performance.mark('irisnet:drawn');
  if (!window.irisnet?.loaded) openFromHash();
  window.irisnet = { map: page.view.map, state, loaded: true, loads: (window.irisnet?.loads ?? 0) + 1 };
}
