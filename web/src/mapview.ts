// The map: the offline basemap plus the network's layers, all GeoJSON sources fed by the API's answers.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { ExpressionSpecification, GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import { basemapStyle, bilingual, FONT, ATTRIBUTION } from './style.js';
import { ALERT, AVAIL, CIVIDIS, DRIFT, FIBRE_COLOURS, FIBRE_STATUSES, MUTED, OK, OKABE_ITO, VIRIDIS, stops } from './palette.js';
import { emptyFc } from './model.js';
import type { Lang } from './i18n.js';

// The worker ships beside the bundle (Vite copies it and names it); nothing is loaded from a CDN.
maplibregl.setWorkerUrl(workerUrl);

export type ColourMode = 'util' | 'sellable' | 'dark' | 'fibre';
export const TARGET_KINDS = ['social-housing', 'maison-de-quartier', 'public-digital-space', 'library', 'cpas', 'community-centre', 'school', 'townhall', 'other'] as const;
export const TARGET_COLOURS: Record<string, string> = Object.fromEntries(TARGET_KINDS.map((k, i) => [k, i < OKABE_ITO.length ? OKABE_ITO[i] : MUTED]));

/** Worksite status colours (Okabe-Ito, skipping the ones the layers above already use for other meanings). */
export const WORKS_COLOURS = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#0072B2'];
/** Sold circuits: Okabe-Ito reddish purple, darker than the quote route's so the two stay apart. */
export const CIRCUIT_COLOUR = '#8E3B74';

/** Layer groups the user switches on and off, by the layer ids that make them. */
export const GROUPS = {
  segments: ['segments-casing', 'segments', 'segments-selected'],
  sites: ['sites', 'sites-down'],
  hotspots: ['hotspots'],
  targets: ['targets'],
  relocation: ['relocation-lines', 'relocation-heads'],
  bridges: ['segments-bridges'],
  works: ['worksites-fill', 'worksites-line', 'opportunities'],
  circuits: ['circuits'],
  transit: ['tram', 'metro', 'metro-stations', 'metro-station-labels'],
  roads: ['roads-casing', 'roads', 'road-labels'],
  drift: ['segments-drift', 'segments-drift-mark', 'sites-drift'],
} as const;
export type Group = keyof typeof GROUPS;

export const OVERLAY_SOURCES = ['worksites', 'opportunities', 'segments', 'sites', 'hotspots', 'targets', 'relocation-lines', 'relocation-heads', 'quote-routes', 'quote-blocking', 'circuits', 'drift-segments', 'drift-sites'] as const;
export type OverlaySource = (typeof OVERLAY_SOURCES)[number];

/** Segment width by lit capacity: log10 of bit/s, 100 Mbit/s … 100 Gbit/s. */
const widthByCapacity = (scale: number): ExpressionSpecification =>
  ['interpolate', ['linear'], ['log10', ['max', ['get', 'cap'], 1e8]], 8, 1.5 * scale, 9, 2.5 * scale, 10, 4 * scale, 11, 6 * scale];

function arrowImage(): ImageData {
  const size = 32;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('canvas 2d context unavailable');
  g.fillStyle = '#000';
  g.beginPath();
  g.moveTo(size / 2, 2);
  g.lineTo(size - 4, size - 4);
  g.lineTo(size / 2, size - 11);
  g.lineTo(4, size - 4);
  g.closePath();
  g.fill();
  return g.getImageData(0, 0, size, size);
}

export class MapView {
  readonly map: maplibregl.Map;
  private ready: Promise<void>;
  colourMode: ColourMode = 'util';
  scaleMax = { sellable: 1, dark: 1 };

  constructor(container: HTMLElement, lang: Lang) {
    this.map = new maplibregl.Map({
      container,
      style: basemapStyle(lang),
      bounds: [[4.2438, 50.7637], [4.4823, 50.9139]],
      fitBoundsOptions: { padding: 20 },
      attributionControl: false,
      maxBounds: [[4.0, 50.6], [4.75, 51.05]],
      // No symbol fade-in: under software WebGL every frame is rendered and read back whole, and a fade is a
      // dozen frames; labels simply appear.
      fadeDuration: 0,
    });
    this.map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: ATTRIBUTION }), 'bottom-right');
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    // The overlays go in as soon as the style is parsed, not after the basemap's first full render ('load'):
    // the API's answers then draw in the same frames as the basemap.
    // The overlays are created once the style is parsed AND the page has the API's first answers (release()),
    // their sources holding that data from the start: an empty first round of a dozen sources would cost a
    // dozen extra frames, each a whole-canvas render and read-back under software WebGL.
    const styleLoaded = new Promise<void>((resolve) => this.map.once('style.load', () => resolve()));
    const released = new Promise<void>((resolve) => { this.release = resolve; });
    this.ready = Promise.all([styleLoaded, released]).then(() => this.addOverlays());
  }

  whenReady(): Promise<void> { return this.ready; }

  /** Lets the overlays be created (with the data set so far). */
  release: () => void = () => {};
  private overlays = false;
  private pending = new Map<OverlaySource, FeatureCollection<Geometry>>();
  private bridges: readonly string[] = [];
  private hidden = new Set<Group>();
  private filters: Parameters<MapView['setFilters']> | null = null;

  private addOverlays(): void {
    const m = this.map;
    for (const id of OVERLAY_SOURCES) m.addSource(id, { type: 'geojson', data: this.pending.get(id) ?? emptyFc() });
    this.pending.clear();
    m.addImage('arrow', arrowImage(), { sdf: true });
    // Roadworks (GET /api/worksites) under the network, coloured by status; opportunities
    // (GET /api/opportunities) as a wide yellow band under the stretch of route or backhaul they cover.
    m.addLayer({ id: 'worksites-fill', type: 'fill', source: 'worksites', paint: { 'fill-color': this.worksiteColour(), 'fill-opacity': 0.35 } });
    m.addLayer({ id: 'worksites-line', type: 'line', source: 'worksites', paint: { 'line-color': this.worksiteColour(), 'line-width': 1.5 } });
    m.addLayer({ id: 'opportunities', type: 'line', source: 'opportunities', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#F0E442', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 8, 16, 22], 'line-opacity': 0.95 } });
    m.addLayer({ id: 'segments-casing', type: 'line', source: 'segments', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#3c3c3c', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, ['+', widthByCapacity(0.8), 1.2], 16, ['+', widthByCapacity(2), 2]] } });
    m.addLayer({ id: 'segments', type: 'line', source: 'segments', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': this.segmentColour(), 'line-width': ['interpolate', ['linear'], ['zoom'], 10, widthByCapacity(0.8), 16, widthByCapacity(2)] } });
    // Single points of failure (GET /api/resilience): white dashes over the segment's own colour.
    m.addLayer({ id: 'segments-bridges', type: 'line', source: 'segments', filter: ['in', ['get', 'id'], ['literal', []]],
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 16, 3], 'line-dasharray': [1, 1.5] } });
    m.addLayer({ id: 'segments-selected', type: 'line', source: 'segments', filter: ['==', ['get', 'id'], ''],
      paint: { 'line-color': '#000000', 'line-width': 3, 'line-gap-width': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 10] } });
    // Sold circuits (GET /api/circuits?format=geojson, active ones): a purple band beside the segments they hold.
    m.addLayer({ id: 'circuits', type: 'line', source: 'circuits', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': CIRCUIT_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 5], 'line-offset': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 12], 'line-opacity': 0.9 } });
    // Drift from the cadastre (GET /api/drift): a dashed reddish-purple line beside the segment (on the side
    // opposite the sold circuits) with "≠" along it: a shape and a colour apart from the device-down ×.
    m.addLayer({ id: 'segments-drift', type: 'line', source: 'drift-segments', layout: { 'line-cap': 'butt', 'line-join': 'round' },
      paint: { 'line-color': DRIFT, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 16, 5], 'line-dasharray': [2, 1],
        'line-offset': ['interpolate', ['linear'], ['zoom'], 10, -4, 16, -12] } });
    m.addLayer({ id: 'segments-drift-mark', type: 'symbol', source: 'drift-segments',
      layout: { 'symbol-placement': 'line', 'symbol-spacing': 150, 'text-field': '≠', 'text-font': FONT, 'text-size': 16, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': DRIFT, 'text-halo-color': '#ffffff', 'text-halo-width': 2 } });
    m.addLayer({ id: 'quote-blocking', type: 'line', source: 'quote-blocking',
      paint: { 'line-color': ALERT, 'line-width': 7, 'line-dasharray': [1.2, 0.8] } });
    m.addLayer({ id: 'quote-routes', type: 'line', source: 'quote-routes', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['match', ['get', 'route'], 0, '#CC79A7', '#56B4E9'], 'line-width': 7, 'line-opacity': 0.95,
        'line-dasharray': ['match', ['get', 'route'], 0, ['literal', [1, 0]], ['literal', [2, 1]]] } });
    m.addLayer({ id: 'targets', type: 'circle', source: 'targets',
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 15, 6], 'circle-color': this.targetColour(),
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1, 'circle-opacity': 0.9 } });
    m.addLayer({ id: 'relocation-lines', type: 'line', source: 'relocation-lines',
      paint: { 'line-color': '#000000', 'line-width': 2.5, 'line-dasharray': [2, 1] } });
    m.addLayer({ id: 'relocation-heads', type: 'symbol', source: 'relocation-heads',
      layout: { 'icon-image': 'arrow', 'icon-rotate': ['get', 'bearing'], 'icon-rotation-alignment': 'map', 'icon-size': 0.6,
        'icon-allow-overlap': true, 'icon-ignore-placement': true },
      paint: { 'icon-color': '#000000', 'icon-halo-color': '#ffffff', 'icon-halo-width': 1 } });
    // Sites coloured by their availability this month (GET /api/availability); -1 = no figure.
    m.addLayer({ id: 'sites', type: 'circle', source: 'sites',
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 15, 6],
        'circle-color': ['case', ['<', ['coalesce', ['get', 'availPct'], -1], 0], AVAIL.none, ['==', ['get', 'breach'], true], AVAIL.breach,
          ['<', ['get', 'availPct'], 100], AVAIL.met, AVAIL.full],
        'circle-stroke-color': ['case', ['==', ['get', 'breach'], true], '#000000', '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'breach'], true], 2, 1] } });
    // A device that stopped answering: a bold × over its site (a shape, not only a colour, and distinct from
    // the ring of an under-used hotspot).
    m.addLayer({ id: 'sites-down', type: 'symbol', source: 'sites', filter: ['==', ['get', 'down'], true],
      layout: { 'text-field': '×', 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 10, 20, 15, 30],
        'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#000000', 'text-halo-color': '#F0E442', 'text-halo-width': 2.5 } });
    // A device of the site disagrees with the cadastre: "≠" above right of the site, so that a × stays readable.
    m.addLayer({ id: 'sites-drift', type: 'symbol', source: 'drift-sites',
      layout: { 'text-field': '≠', 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 10, 18, 15, 26],
        'text-offset': [0.6, -0.6], 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': DRIFT, 'text-halo-color': '#ffffff', 'text-halo-width': 2.5 } });
    m.addLayer({ id: 'hotspots', type: 'circle', source: 'hotspots',
      paint: {
        // Area ∝ open-hours mean clients (radius ∝ √mean), larger as one zooms in.
        'circle-radius': ['interpolate', ['linear'], ['zoom'],
          10, ['interpolate', ['linear'], ['sqrt', ['max', ['get', 'ohm'], 0]], 0, 1.5, 5, 5.5],
          15, ['interpolate', ['linear'], ['sqrt', ['max', ['get', 'ohm'], 0]], 0, 4, 5, 16]],
        'circle-color': ['case', ['get', 'underused'], '#ffffff', OK],
        'circle-opacity': ['case', ['get', 'underused'], 0.9, 0.6],
        'circle-stroke-color': ['case', ['get', 'underused'], ALERT, '#ffffff'],
        'circle-stroke-width': ['case', ['get', 'underused'], 2.5, 1],
      } });
    m.addLayer({ id: 'hotspot-underused-mark', type: 'symbol', source: 'hotspots', filter: ['==', ['get', 'underused'], true], minzoom: 13,
      layout: { 'text-field': '!', 'text-font': FONT, 'text-size': 11, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': ALERT } });
    // A quote's route and its blocking segments go over every point layer; place names stay on top.
    m.moveLayer('sites-down');
    m.moveLayer('sites-drift');
    m.moveLayer('quote-blocking');
    m.moveLayer('quote-routes');
    if (m.getLayer('commune-labels')) m.moveLayer('commune-labels');
    this.overlays = true;
    // What the page asked for before the layers existed.
    this.setBridges(this.bridges);
    if (this.filters) this.setFilters(...this.filters);
    for (const g of this.hidden) this.setVisible(g, false);
  }

  segmentColour(): ExpressionSpecification {
    if (this.colourMode === 'util') {
      return ['case', ['<', ['get', 'util'], 0], MUTED,
        ['interpolate', ['linear'], ['get', 'util'], ...stops(VIRIDIS, 0, 100).flat()]] as ExpressionSpecification;
    }
    if (this.colourMode === 'fibre') {
      return ['match', ['get', 'fibre'], ...FIBRE_STATUSES.flatMap((k) => [k, FIBRE_COLOURS[k]]), MUTED] as unknown as ExpressionSpecification;
    }
    const key = this.colourMode === 'sellable' ? 'sellableGbps' : 'dark';
    const max = this.colourMode === 'sellable' ? this.scaleMax.sellable : this.scaleMax.dark;
    return ['interpolate', ['linear'], ['get', key], ...stops(CIVIDIS, 0, Math.max(max, 1e-9)).flat()] as ExpressionSpecification;
  }

  targetColour(): ExpressionSpecification {
    return ['match', ['get', 'kind'], ...TARGET_KINDS.flatMap((k) => [k, TARGET_COLOURS[k]]), MUTED] as unknown as ExpressionSpecification;
  }

  /** Worksite statuses in the order of their colours (set from the data: the source names them in French). */
  worksiteStatuses: string[] = [];

  worksiteColour(): ExpressionSpecification {
    if (this.worksiteStatuses.length === 0) return ['literal', WORKS_COLOURS[0]] as unknown as ExpressionSpecification;
    return ['match', ['coalesce', ['get', 'status'], ''], ...this.worksiteStatuses.flatMap((st, i) => [st, WORKS_COLOURS[i % WORKS_COLOURS.length]]), MUTED] as unknown as ExpressionSpecification;
  }

  setWorksiteStatuses(statuses: string[]): void {
    this.worksiteStatuses = statuses;
    for (const [id, prop] of [['worksites-fill', 'fill-color'], ['worksites-line', 'line-color']] as const) {
      if (this.map.getLayer(id)) this.map.setPaintProperty(id, prop, this.worksiteColour());
    }
  }

  setColourMode(mode: ColourMode): void {
    this.colourMode = mode;
    if (this.map.getLayer('segments')) this.map.setPaintProperty('segments', 'line-color', this.segmentColour());
  }

  setData(source: OverlaySource, fc: FeatureCollection<Geometry>): void {
    if (!this.overlays) { this.pending.set(source, fc); return; }
    (this.map.getSource(source) as GeoJSONSource | undefined)?.setData(fc);
  }

  setVisible(group: Group, visible: boolean): void {
    if (visible) this.hidden.delete(group); else this.hidden.add(group);
    const ids: readonly string[] = group === 'hotspots' ? [...GROUPS.hotspots, 'hotspot-underused-mark'] : GROUPS[group];
    for (const id of ids) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }

  /** Filters applied to the overlay layers (owner on segments, commune on the point layers). */
  setFilters(owner: string, commune: string, communeSegments: ReadonlySet<string> | null): void {
    this.filters = [owner, commune, communeSegments];
    if (!this.overlays) return;
    const segFilter: ExpressionSpecification[] = [];
    if (owner) segFilter.push(['==', ['get', 'owner'], owner]);
    if (commune && communeSegments) segFilter.push(['in', ['get', 'id'], ['literal', [...communeSegments]]]);
    const seg: ExpressionSpecification | null = segFilter.length ? ['all', ...segFilter] : null;
    this.map.setFilter('segments', seg);
    this.map.setFilter('segments-casing', seg);
    const point: ExpressionSpecification | null = commune ? ['==', ['get', 'commune'], commune] : null;
    for (const id of ['sites', 'hotspots', 'targets', 'sites-drift']) this.map.setFilter(id, point);
    this.map.setFilter('segments-drift', seg);
    this.map.setFilter('segments-drift-mark', seg);
    this.map.setFilter('sites-down', point ? ['all', ['==', ['get', 'down'], true], point] : ['==', ['get', 'down'], true]);
    this.map.setFilter('hotspot-underused-mark', point ? ['all', ['==', ['get', 'underused'], true], point] : ['==', ['get', 'underused'], true]);
  }

  setBridges(ids: readonly string[]): void {
    this.bridges = ids;
    if (!this.overlays) return;
    this.map.setFilter('segments-bridges', ['in', ['get', 'id'], ['literal', [...ids]]]);
  }

  select(segmentId: string | null): void {
    if (!this.overlays) return;
    this.map.setFilter('segments-selected', ['==', ['get', 'id'], segmentId ?? '']);
  }

  setLang(lang: Lang): void {
    if (this.map.getLayer('commune-labels')) this.map.setLayoutProperty('commune-labels', 'text-field', bilingual(lang));
    if (this.map.getLayer('metro-station-labels')) this.map.setLayoutProperty('metro-station-labels', 'text-field', bilingual(lang, ' / '));
    if (this.map.getLayer('road-labels')) this.map.setLayoutProperty('road-labels', 'text-field', ['get', lang === 'nl' ? 'nl' : 'fr']);
  }

  onClick(layer: string, f: (e: MapLayerMouseEvent) => void): void {
    this.map.on('click', layer, f);
    this.map.on('mouseenter', layer, () => { this.map.getCanvas().style.cursor = 'pointer'; });
    this.map.on('mouseleave', layer, () => { this.map.getCanvas().style.cursor = ''; });
  }
}
