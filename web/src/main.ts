// The page: sign-in, the time window, filters and layers, the summary, the details of what is selected and
// the quote tool. Everything shown comes from the API; what the API refuses (403) is hidden, what it does
// not offer (404) says so, and an unreachable API gets one clear message with a retry.
import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import * as maplibregl from 'maplibre-gl';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import type { Position } from 'geojson';
import { get, items, query, setToken, token, type Result } from './api.js';
import { $, $input, $select, esc } from './html.js';
import { LANGS, lang, onLangChange, setLang, t, translateDom, date, bps, num, type Lang, type Key } from './i18n.js';
import { MapView, GROUPS, type ColourMode, type Group } from './mapview.js';
import { renderLegend } from './legend.js';
import {
  devices as parseDevices, hotspotsFromGeoJson, hotspotsToMap, moves as parseMoves, movesToMap, places, pointsToMap,
  segmentsFromGeoJson, type DeviceStatus, type Hotspot, type Move, type SegmentFigures, type Site, type Target,
} from './model.js';
import { renderSummary } from './summary.js';
import { showHotspot, showSegment, showSite, showTarget } from './details.js';
import { QuoteTool } from './quote.js';
import type { CutResilience } from '../../analytics/resilience.js';
import type { FeatureCollection, Geometry } from 'geojson';
import { emptyFc } from './model.js';
import { renderOpportunities } from './summary.js';

/** A FeatureCollection answer as it is (the map reads its flat properties). */
function featureCollection(data: unknown): FeatureCollection<Geometry> {
  const fc = data as FeatureCollection<Geometry> | null;
  return fc && fc.type === 'FeatureCollection' && Array.isArray(fc.features) ? { type: 'FeatureCollection', features: fc.features } : emptyFc();
}

type Dataset = 'segments' | 'sites' | 'devices' | 'hotspots' | 'targets' | 'relocation' | 'summary' | 'quotes' | 'resilience' | 'worksites' | 'opportunities' | 'circuits';
type Availability = 'ok' | 'forbidden' | 'missing' | 'unreachable' | 'invalid' | 'loading';

export interface AppState {
  window: { from: number; to: number };
  segments: Map<string, SegmentFigures>;
  segmentGeometry: Map<string, Position[]>;
  sites: Site[];
  targets: Target[];
  hotspots: Hotspot[];
  devices: DeviceStatus[];
  moves: Move[];
  summary: unknown;
  /** GET /api/resilience items (analytics/resilience.ts CutResilience) by segment id. */
  cuts: Map<string, CutResilience>;
  /** GET /api/opportunities features' properties (rank, kind, subject, worksite, sentence, …), in rank order. */
  opportunities: Array<Record<string, unknown>>;
  avail: Record<Dataset, Availability>;
}

const state: AppState = {
  window: { from: 0, to: 0 },
  segments: new Map(),
  segmentGeometry: new Map(),
  sites: [], targets: [], hotspots: [], devices: [], moves: [], summary: null, cuts: new Map(), opportunities: [],
  avail: { segments: 'loading', sites: 'loading', devices: 'loading', hotspots: 'loading', targets: 'loading', relocation: 'loading', summary: 'loading', quotes: 'loading', resilience: 'loading', worksites: 'loading', opportunities: 'loading', circuits: 'loading' },
};

const LAYER_LABEL: Record<Group, Key> = {
  segments: 'lSegments', sites: 'lSites', hotspots: 'lHotspots', targets: 'lTargets', relocation: 'lRelocation', bridges: 'lBridges', works: 'lWorks', circuits: 'lCircuits', transit: 'lMetro', roads: 'lRoads',
};
const LAYER_DATA: Partial<Record<Group, Dataset>> = { segments: 'segments', sites: 'sites', hotspots: 'hotspots', targets: 'targets', relocation: 'relocation', bridges: 'resilience', works: 'worksites', circuits: 'circuits' };
const visible: Record<Group, boolean> = { segments: true, sites: true, hotspots: true, targets: true, relocation: true, bridges: true, works: true, circuits: true, transit: true, roads: true };

// ---- language -------------------------------------------------------------------------------------------
const savedLang = localStorage.getItem('irisnet.lang');
const initialLang: Lang = (LANGS as readonly string[]).includes(savedLang ?? '') ? (savedLang as Lang)
  : navigator.language.startsWith('nl') ? 'nl' : navigator.language.startsWith('fr') ? 'fr' : 'en';
setLang(initialLang);
$select('lang').value = initialLang;
translateDom();

performance.mark('irisnet:start');
const view = new MapView($('map'), lang());
void view.whenReady().then(() => performance.mark('irisnet:style'));
view.map.once('load', () => performance.mark('irisnet:basemap'));
const quote = new QuoteTool($('quote'), view, state, (on) => { picking = on; });
let picking = false;
let selection: { kind: 'segment' | 'hotspot' | 'site' | 'target'; id: string } | null = null;
let loadSeq = 0;

// Exposed for the end-to-end tests and the benchmark: read-only views of what the page drew.
declare global { interface Window { irisnet?: { map: maplibregl.Map; state: AppState; loaded: boolean; loads: number } } }
window.irisnet = { map: view.map, state, loaded: false, loads: 0 };

$select('lang').addEventListener('change', () => {
  const l = $select('lang').value as Lang;
  localStorage.setItem('irisnet.lang', l);
  setLang(l);
});
onLangChange(() => {
  translateDom();
  view.setLang(lang());
  renderToggles();
  renderAll();
  quote.render();
});

// ---- status line ----------------------------------------------------------------------------------------
function setStatus(text: string, kind: 'info' | 'error' | 'none' = 'info', retry = false): void {
  const el = $('status');
  el.className = `status ${kind === 'error' ? 'error' : ''}`;
  el.innerHTML = kind === 'none' ? '' : `${esc(text)}${retry ? ` <button type="button" id="retry">${esc(t('retry'))}</button>` : ''}`;
  if (retry) $('retry').addEventListener('click', () => void loadAll());
  $('map').setAttribute('aria-busy', kind === 'info' ? 'true' : 'false');
}

// ---- sign-in --------------------------------------------------------------------------------------------
const dialog = $('signin') as HTMLDialogElement;
function askToken(message = ''): void {
  view.release();
  $('signin-error').textContent = message;
  if (!dialog.open) dialog.showModal();
  $input('token').focus();
}
$('signin-form').addEventListener('submit', () => {
  const v = $input('token').value.trim();
  if (!v) return;
  setToken(v);
  $input('token').value = '';
  void loadAll();
});
$('sign-out').addEventListener('click', () => {
  setToken(null);
  location.reload();
});

// ---- time window ----------------------------------------------------------------------------------------
function windowFromControls(): { from: number; to: number } | null {
  const v = $select('window').value;
  const FIVE_MIN = 300_000;
  if (v !== 'custom') {
    const to = Math.floor(Date.now() / FIVE_MIN) * FIVE_MIN;
    return { from: to - Number(v) * 86_400_000, to };
  }
  const f = $input('from').value;
  const tt = $input('to').value;
  if (!f || !tt) return null;
  // Whole local days: from the start of the first to the end of the last.
  const from = new Date(`${f}T00:00:00`).getTime();
  const to = new Date(`${tt}T00:00:00`).getTime() + 86_400_000;
  return from < to ? { from, to } : null;
}
$select('window').addEventListener('change', () => {
  const custom = $select('window').value === 'custom';
  $('custom-window').hidden = !custom;
  if (!custom) void loadAll();
});
$('apply-window').addEventListener('click', () => void loadAll());

// ---- filters, layers, colour ----------------------------------------------------------------------------
function communeSegments(commune: string): Set<string> | null {
  if (!commune) return null;
  const inCommune = new Set(state.sites.filter((s) => s.commune === commune).map((s) => s.id));
  return new Set([...state.segments.values()].filter((s) => inCommune.has(s.a) || inCommune.has(s.b)).map((s) => s.id));
}
function applyFilters(): void {
  const commune = $select('commune').value;
  view.setFilters($select('owner').value, commune, communeSegments(commune));
}
$select('owner').addEventListener('change', () => { applyFilters(); renderSummaryPanel(); });
$select('commune').addEventListener('change', applyFilters);
for (const r of document.querySelectorAll<HTMLInputElement>('input[name=colour]')) {
  r.addEventListener('change', () => { view.setColourMode(r.value as ColourMode); renderLegendPanel(); });
}
$input('moves').addEventListener('change', () => void loadRelocation(loadSeq));
// The keyboard way to a segment's details (the map click does the same with the pointer).
$select('find-segment').addEventListener('change', () => {
  const id = $select('find-segment').value;
  if (!id) return;
  selectSegment(id);
  const line = state.segmentGeometry.get(id);
  if (line) {
    const lons = line.map((p) => p[0]);
    const lats = line.map((p) => p[1]);
    view.map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 80, maxZoom: 16, duration: 0 });
  }
});

function renderToggles(): void {
  const el = $('layer-toggles');
  el.innerHTML = '';
  for (const g of Object.keys(GROUPS) as Group[]) {
    const ds = LAYER_DATA[g];
    const a = ds ? state.avail[ds] : 'ok';
    if (a === 'forbidden') { view.setVisible(g, false); continue; }
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `layer-${g}`;
    box.checked = visible[g] && (a === 'ok' || a === 'loading');
    box.disabled = a !== 'ok' && a !== 'loading';
    box.addEventListener('change', () => { visible[g] = box.checked; view.setVisible(g, box.checked); renderLegendPanel(); });
    label.append(box, ` ${t(LAYER_LABEL[g])}`);
    if (box.disabled) {
      const note = document.createElement('span');
      note.className = 'na';
      note.textContent = ` (${a === 'unreachable' ? t('unreachable') : t('notAvailable')})`;
      label.append(note);
    }
    el.append(label);
    view.setVisible(g, box.checked);
  }
}

function renderLegendPanel(): void {
  const ok = (d: Dataset, g: Group): boolean => state.avail[d] === 'ok' && visible[g];
  renderLegend($('legend'), view.colourMode, view.scaleMax, {
    hotspots: ok('hotspots', 'hotspots'), targets: ok('targets', 'targets'), sites: ok('sites', 'sites'), relocation: ok('relocation', 'relocation'),
    bridges: ok('resilience', 'bridges'),
    works: ok('worksites', 'works') ? view.worksiteStatuses : null,
    opportunities: ok('opportunities', 'works'),
    circuits: ok('circuits', 'circuits'),
  });
}

function renderSummaryPanel(): void {
  renderSummary($('summary'), state.avail.summary, state.summary, $select('owner').value, (id) => selectSegment(id));
  const el = $('opportunities');
  el.parentElement!.hidden = state.avail.opportunities === 'forbidden';
  renderOpportunities(el, state.avail.opportunities, state.opportunities, (i) => zoomToOpportunity(i));
}

function zoomToOpportunity(i: number): void {
  const src = view.map.getSource('opportunities') as maplibregl.GeoJSONSource | undefined;
  void src?.getData().then((fc) => {
    const f = (fc as FeatureCollection<Geometry>).features[i];
    if (!f || f.geometry.type !== 'MultiLineString') return;
    const pts = f.geometry.coordinates.flat();
    const lons = pts.map((p) => p[0]);
    const lats = pts.map((p) => p[1]);
    view.map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 80, maxZoom: 16, duration: 0 });
    const mid = pts[Math.floor(pts.length / 2)];
    showTextPopup(String(f.properties?.sentence ?? ''), 'opportunity-popup', new maplibregl.LngLat(mid[0], mid[1]));
  });
}

function renderWindowLabel(): void {
  const w = state.window;
  $('role').textContent = w.to > w.from ? `${date(w.from, false)} – ${date(w.to - 1, false)}` : '';
}

function renderAll(): void {
  renderWindowLabel();
  renderLegendPanel();
  renderSummaryPanel();
  rerenderSelection();
}

function fillSelect(id: string, values: Array<[string, string]>): void {
  const sel = $select(id);
  const keep = sel.value;
  sel.innerHTML = `<option value="" data-i18n="all">${esc(t('all'))}</option>${values.map(([v, l]) => `<option value="${esc(v)}">${esc(l)}</option>`).join('')}`;
  if (values.some(([v]) => v === keep)) sel.value = keep;
}

// ---- selection ------------------------------------------------------------------------------------------
function selectSegment(id: string): void {
  selection = { kind: 'segment', id };
  view.select(id);
  quote.showTab(false);
  rerenderSelection();
}
function rerenderSelection(): void {
  const el = $('details');
  if (!selection) { el.innerHTML = `<p>${esc(t('selectSegment'))}</p>`; return; }
  const s = selection;
  if (s.kind === 'segment') {
    const seg = state.segments.get(s.id);
    if (seg) showSegment(el, seg, state, () => { selection = null; view.select(null); rerenderSelection(); });
  } else if (s.kind === 'hotspot') {
    const h = state.hotspots.find((x) => x.id === s.id);
    if (h) showHotspot(el, h, state, () => { selection = null; rerenderSelection(); });
  } else if (s.kind === 'site') {
    const site = state.sites.find((x) => x.id === s.id);
    if (site) showSite(el, site, state, () => { selection = null; rerenderSelection(); });
  } else {
    const tg = state.targets.find((x) => x.id === s.id);
    if (tg) showTarget(el, tg, () => { selection = null; rerenderSelection(); });
  }
}

// Deep links (the alerts' generatorURL points here): #segment=ID, #hotspot=ID, #site=ID or #device=ID open
// that item's details once the data is drawn, and again whenever the hash changes.
function openFromHash(): void {
  const m = /^#(segment|hotspot|site|device)=(.+)$/.exec(location.hash);
  if (!m) return;
  const id = decodeURIComponent(m[2]);
  if (m[1] === 'segment') { if (state.segments.has(id)) selectSegment(id); return; }
  const siteId = m[1] === 'device' ? state.devices.find((d) => d.id === id)?.site ?? undefined : m[1] === 'site' ? id : undefined;
  if (m[1] === 'hotspot' ? !state.hotspots.some((h) => h.id === id) : !state.sites.some((x) => x.id === siteId)) return;
  selection = m[1] === 'hotspot' ? { kind: 'hotspot', id } : { kind: 'site', id: siteId as string };
  view.select(null);
  quote.showTab(false);
  rerenderSelection();
}
window.addEventListener('hashchange', openFromHash);

const CLICK_LAYERS = ['relocation-lines', 'relocation-heads', 'circuits', 'hotspots', 'sites', 'targets', 'segments', 'opportunities', 'worksites-fill'];
view.map.on('click', (e) => {
  const box: [[number, number], [number, number]] = [[e.point.x - 5, e.point.y - 5], [e.point.x + 5, e.point.y + 5]];
  const layers = CLICK_LAYERS.filter((l) => view.map.getLayer(l) && view.map.getLayoutProperty(l, 'visibility') !== 'none');
  const hits: MapGeoJSONFeature[] = view.map.queryRenderedFeatures(box, { layers });
  if (picking) {
    const site = hits.find((f) => f.layer.id === 'sites');
    quote.picked(site ? String(site.properties.id) : [e.lngLat.lng, e.lngLat.lat]);
    return;
  }
  const hit = hits[0];
  if (!hit) return;
  const id = String(hit.properties.id ?? '');
  switch (hit.layer.id) {
    case 'relocation-lines':
    case 'relocation-heads': {
      const m = state.moves[Number(hit.properties.i)];
      if (m) showMovePopup(m, e.lngLat);
      return;
    }
    case 'circuits': {
      const p = hit.properties;
      const what = p.service === 'lit' ? `${t('committed')} ${bps(Number(p.committedBps))}` : `${t('darkPairs')}: ${num(Number(p.pairs))}`;
      showTextPopup(`${t('circuit')} ${String(p.id)}${p.customer ? ` — ${t('customer')}: ${String(p.customer)}` : ''}\n${what}\n${date(String(p.startAt), false)} – ${t('until')} ${date(String(p.endAt), false)}`, 'circuit-popup', e.lngLat);
      return;
    }
    case 'opportunities':
      showTextPopup(String(hit.properties.sentence ?? ''), 'opportunity-popup', e.lngLat);
      return;
    case 'worksites-fill': {
      const p = hit.properties;
      showTextPopup(`${String(p.id)} — ${String(p.label ?? '')}\n${String(p.road ?? '')}\n${String(p.status ?? '')}: ${date(String(p.startDate ?? ''), false)} – ${date(String(p.endDate ?? ''), false)}`, 'worksite-popup', e.lngLat);
      return;
    }
    case 'hotspots': selection = { kind: 'hotspot', id }; break;
    case 'sites': selection = { kind: 'site', id }; break;
    case 'targets': selection = { kind: 'target', id }; break;
    default: selection = { kind: 'segment', id };
  }
  view.select(selection.kind === 'segment' ? id : null);
  quote.showTab(false);
  rerenderSelection();
});
for (const l of CLICK_LAYERS) {
  view.map.on('mouseenter', l, () => { view.map.getCanvas().style.cursor = 'pointer'; });
  view.map.on('mouseleave', l, () => { view.map.getCanvas().style.cursor = picking ? 'crosshair' : ''; });
}

let popup: maplibregl.Popup | null = null;
function showTextPopup(text: string, cls: string, at: maplibregl.LngLat): void {
  popup?.remove();
  popup = new maplibregl.Popup({ closeButton: true, maxWidth: '320px' })
    .setLngLat(at)
    .setHTML(`<div class="${cls}">${text.split('\n').map((l) => `<p>${esc(l)}</p>`).join('')}</div>`)
    .addTo(view.map);
}
function showMovePopup(m: Move, at: maplibregl.LngLat): void {
  popup?.remove();
  const h = state.hotspots.find((x) => x.id === m.hotspot);
  const tg = state.targets.find((x) => x.id === m.target);
  popup = new maplibregl.Popup({ closeButton: true, maxWidth: '320px' })
    .setLngLat(at)
    .setHTML(`<div class="move-popup"><strong>${esc(h?.name ?? m.hotspot)} → ${esc(tg?.name ?? m.target)}</strong>
      <p>${esc(m.explanation)}</p></div>`)
    .addTo(view.map);
}

// ---- loading --------------------------------------------------------------------------------------------
const availOf = <T>(r: Result<T>): Availability => (r.kind === 'ok' ? 'ok' : r.kind === 'unauthorized' ? 'forbidden' : r.kind);

function relocationRequest(): Promise<Result<unknown>> {
  const k = Math.max(1, Math.min(50, Number($input('moves').value) || 5));
  const q = query({ from: new Date(state.window.from).toISOString(), to: new Date(state.window.to).toISOString(), moves: k });
  return get<unknown>(`/api/relocation${q}`);
}

function showRelocation(r: Result<unknown>): void {
  state.avail.relocation = availOf(r);
  state.moves = r.kind === 'ok'
    ? parseMoves(r.data, (id) => state.hotspots.find((h) => h.id === id)?.coordinates ?? null, (id) => state.targets.find((x) => x.id === id)?.coordinates ?? null)
    : [];
  const { lines, heads } = movesToMap(state.moves);
  view.setData('relocation-lines', lines);
  view.setData('relocation-heads', heads);
}

async function loadRelocation(seq: number): Promise<void> {
  const r = await relocationRequest();
  if (seq !== loadSeq) return;
  showRelocation(r);
  renderToggles();
  renderLegendPanel();
}

async function loadAll(): Promise<void> {
  const seq = ++loadSeq;
  if (!token()) { askToken(); return; }
  const w = windowFromControls();
  if (!w) return;
  state.window = w;
  setStatus(t('loading'));
  for (const k of Object.keys(state.avail) as Dataset[]) state.avail[k] = 'loading';
  const q = query({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() });
  // Every request leaves at once, while the basemap loads; the map is needed only to draw the answers.
  const relocation = relocationRequest();
  const [seg, sites, devs, hs, targets, summary, quoteProbe, resilience, worksites, opportunities, circuits] = await Promise.all([
    get<unknown>(`/api/segments${q}${q ? '&' : '?'}format=geojson`),
    get<unknown>('/api/sites'),
    get<unknown>(`/api/devices${q}`),
    get<unknown>(`/api/hotspots${q}${q ? '&' : '?'}format=geojson`),
    get<unknown>('/api/targets'),
    get<unknown>(`/api/network/summary${q}`),
    // An unknown quote id: 404 for a role that may quote, 403 for one that may not. Nothing is created.
    get<unknown>('/api/quotes/probe-role'),
    get<unknown>(`/api/resilience${q}`),
    get<unknown>('/api/worksites?format=geojson'),
    get<unknown>(`/api/opportunities${q}${q ? '&' : '?'}format=geojson`),
    // Sold circuits: operator and commercial only (403 for the others: the layer is not offered).
    get<unknown>('/api/circuits?format=geojson'),
  ]);
  performance.mark('irisnet:answers');
  if (seq !== loadSeq) return;
  const all = [seg, sites, devs, hs, targets, summary];
  if (all.some((r) => r.kind === 'unauthorized')) {
    setToken(null);
    setStatus('', 'none');
    askToken(t('badToken'));
    return;
  }
  if (dialog.open) dialog.close();
  $('sign-out').hidden = false;
  if (all.every((r) => r.kind === 'unreachable')) {
    view.release();
    setStatus(t('unreachable'), 'error', true);
    return;
  }

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

  state.avail.devices = availOf(devs);
  state.devices = devs.kind === 'ok' ? parseDevices(devs.data) : [];
  const downSites = new Set(state.devices.filter((d) => d.down && d.site).map((d) => d.site as string));

  state.avail.sites = availOf(sites);
  state.sites = sites.kind === 'ok' ? places<Site>(sites.data) : [];
  view.setData('sites', pointsToMap(state.sites, (p) => ({ down: downSites.has(p.id) })));

  state.avail.hotspots = availOf(hs);
  state.hotspots = hs.kind === 'ok' ? hotspotsFromGeoJson(hs.data) : [];
  view.setData('hotspots', hotspotsToMap(state.hotspots));

  state.avail.targets = availOf(targets);
  state.targets = targets.kind === 'ok' ? places<Target>(targets.data) : [];
  view.setData('targets', pointsToMap(state.targets));

  state.avail.summary = availOf(summary);
  state.summary = summary.kind === 'ok' ? summary.data : null;

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
  state.avail.circuits = availOf(circuits);
  const circuitFc = circuits.kind === 'ok' ? featureCollection(circuits.data) : emptyFc();
  view.setData('circuits', { ...circuitFc, features: circuitFc.features.filter((f) => f.properties?.status === 'active') });

  state.avail.quotes = quoteProbe.kind === 'forbidden' ? 'forbidden' : quoteProbe.kind === 'unreachable' ? 'unreachable' : 'ok';

  const findSel = $select('find-segment');
  findSel.innerHTML = `<option value="">…</option>${[...state.segments.values()].map((x) => `<option value="${esc(x.id)}">${esc(x.id)} — ${esc(x.aName)} / ${esc(x.bName)}</option>`).join('')}`;
  const owners = [...new Set([...state.segments.values()].map((s) => s.owner))].sort();
  const ownerNames = new Map([...state.segments.values()].map((x) => [x.owner, x.ownerName]));
  fillSelect('owner', owners.map((o) => [o, ownerNames.get(o) ?? o]));
  const communes = [...new Set([...state.sites.map((s) => s.commune), ...state.hotspots.map((h) => h.commune ?? '')].filter(Boolean))].sort();
  fillSelect('commune', communes.map((c) => [c, c]));
  applyFilters();
  renderToggles();
  renderAll();
  quote.setAllowed(state.avail.quotes);
  const reloc = await relocation;
  if (seq !== loadSeq) return;
  showRelocation(reloc);
  view.release();
  await view.whenReady();
  if (seq !== loadSeq) return;
  renderToggles();
  renderLegendPanel();

  const missing = (Object.entries(state.avail) as Array<[Dataset, Availability]>).filter(([, a]) => a === 'unreachable' || a === 'invalid');
  setStatus(missing.length ? `${t('unreachable')} (${missing.map(([d]) => d).join(', ')})` : '', missing.length ? 'error' : 'none', missing.length > 0);
  renderWindowLabel();
  performance.mark('irisnet:drawn');
  if (!window.irisnet?.loaded) openFromHash();
  window.irisnet = { map: view.map, state, loaded: true, loads: (window.irisnet?.loads ?? 0) + 1 };
}

renderToggles();
renderLegendPanel();
void loadAll();
