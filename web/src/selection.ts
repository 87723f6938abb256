// What is selected (a segment, hotspot, site or target) and its details panel; deep links (#segment=ID,
// #hotspot=ID, #site=ID, #device=ID, as the alerts' generatorURL) and clicks on the map select.
import * as maplibregl from 'maplibre-gl';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import { $, esc } from './html.js';
import { bps, date, num, t } from './i18n.js';
import { showHotspot, showSegment, showSite, showTarget } from './details.js';
import { page } from './page.js';
import { showMovePopup, showTextPopup } from './popups.js';
import { state, ui } from './state.js';

export function selectSegment(id: string): void {
  ui.selection = { kind: 'segment', id };
  page.view.select(id);
  page.quote.showTab(false);
  rerenderSelection();
}

export function rerenderSelection(): void {
  const el = $('details');
  const s = ui.selection;
  if (!s) { el.innerHTML = `<p>${esc(t('selectSegment'))}</p>`; return; }
  const close = (): void => { ui.selection = null; rerenderSelection(); };
  if (s.kind === 'segment') {
    const seg = state.segments.get(s.id);
    if (seg) showSegment(el, seg, state, () => { ui.selection = null; page.view.select(null); rerenderSelection(); });
  } else if (s.kind === 'hotspot') {
    const h = state.hotspots.find((x) => x.id === s.id);
    if (h) showHotspot(el, h, state, close);
  } else if (s.kind === 'site') {
    const site = state.sites.find((x) => x.id === s.id);
    if (site) showSite(el, site, state, close);
  } else {
    const tg = state.targets.find((x) => x.id === s.id);
    if (tg) showTarget(el, tg, close);
  }
}

/** Opens the item the location's hash names, once its data is drawn. */
export function openFromHash(): void {
  const m = /^#(segment|hotspot|site|device)=(.+)$/.exec(location.hash);
  if (!m) return;
  const id = decodeURIComponent(m[2]);
  if (m[1] === 'segment') { if (state.segments.has(id)) selectSegment(id); return; }
  const siteId = m[1] === 'device' ? state.devices.find((d) => d.id === id)?.site ?? undefined : m[1] === 'site' ? id : undefined;
  if (m[1] === 'hotspot' ? !state.hotspots.some((h) => h.id === id) : !state.sites.some((x) => x.id === siteId)) return;
  ui.selection = m[1] === 'hotspot' ? { kind: 'hotspot', id } : { kind: 'site', id: siteId as string };
  page.view.select(null);
  page.quote.showTab(false);
  rerenderSelection();
}

const CLICK_LAYERS = ['relocation-lines', 'relocation-heads', 'circuits', 'sites-drift', 'hotspots', 'sites', 'targets', 'segments-drift-mark', 'segments-drift', 'segments', 'opportunities', 'worksites-fill'];

/** Map clicks: a quote end while picking, else the details or popup of what is under the pointer. */
export function wireMapClicks(): void {
  const { view, quote } = page;
  window.addEventListener('hashchange', openFromHash);
  view.map.on('click', (e) => {
    const box: [[number, number], [number, number]] = [[e.point.x - 5, e.point.y - 5], [e.point.x + 5, e.point.y + 5]];
    const layers = CLICK_LAYERS.filter((l) => view.map.getLayer(l) && view.map.getLayoutProperty(l, 'visibility') !== 'none');
    const hits: MapGeoJSONFeature[] = view.map.queryRenderedFeatures(box, { layers });
    if (ui.picking) {
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
        const what = p.service === 'lit' ? `${t('committed')} ${bps(Number(p.committedBps))}` : `${t('darkPairs')}: ${num(Number(p.pairs), 0)}`;
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
      case 'hotspots': ui.selection = { kind: 'hotspot', id }; break;
      case 'sites':
      case 'sites-drift': ui.selection = { kind: 'site', id }; break;
      case 'targets': ui.selection = { kind: 'target', id }; break;
      default: ui.selection = { kind: 'segment', id };
    }
    view.select(ui.selection.kind === 'segment' ? id : null);
    quote.showTab(false);
    rerenderSelection();
  });
  for (const l of CLICK_LAYERS) {
    view.map.on('mouseenter', l, () => { view.map.getCanvas().style.cursor = 'pointer'; });
    view.map.on('mouseleave', l, () => { view.map.getCanvas().style.cursor = ui.picking ? 'crosshair' : ''; });
  }
}

/** Zooms to the covered stretch of an opportunity and shows its sentence. */
export function zoomToOpportunity(i: number): void {
  const { view } = page;
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
