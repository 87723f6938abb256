// The offline basemap: a MapLibre style of GeoJSON sources generated at build time (src/build/basemap.ts)
// and served by the API beside the page. No `glyphs` URL: since GL JS 5.11 a style without one draws its
// labels with local fonts (TinySDF), so no glyph server is needed and nothing leaves the machine.
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import type { Lang } from './i18n.js';

export const ATTRIBUTION = '© OpenStreetMap contributors (ODbL) · UrbIS/Paradigm · Statbel · STIB-MIVB Open Data';
/** CSS font families, first match wins: the Debian fonts, then whatever sans-serif the system has. */
export const FONT = ['DejaVu Sans', 'Liberation Sans', 'Arial', 'sans-serif'];

const url = (name: string): string => new URL(`basemap/${name}.json`, document.baseURI).href;

/** Every basemap feature carries its layer in `l` (src/build/basemap.ts combinedBasemap). */
const part = (l: string): ExpressionSpecification => ['==', ['get', 'l'], l];

/** A bilingual label, the reader's language first (English readers get the French-first usage of Brussels). */
export function bilingual(lang: Lang, sep = '\n'): ExpressionSpecification {
  const first = lang === 'nl' ? 'nl' : 'fr';
  const second = lang === 'nl' ? 'fr' : 'nl';
  return ['case', ['==', ['get', 'fr'], ['get', 'nl']], ['get', first], ['concat', ['get', first], sep, ['get', second]]];
}

export function basemapStyle(lang: Lang): StyleSpecification {
  // The attribution of every part is shown once, by the map's attribution control (ATTRIBUTION).
  return {
    version: 8,
    name: 'irisnet-basemap',
    sources: { basemap: { type: 'geojson', data: url('basemap') } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9e7e1' } },
      { id: 'region-fill', type: 'fill', source: 'basemap', filter: part('region'), paint: { 'fill-color': '#faf9f6' } },
      {
        id: 'roads-casing', type: 'line', source: 'basemap', filter: part('roads'), metadata: { group: 'roads' },
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': '#c9c4b8',
          'line-width': ['interpolate', ['linear'], ['zoom'], 11, ['match', ['get', 'c'], 0, 2.5, 1, 2, 2, 1.5, 1], 16, ['match', ['get', 'c'], 0, 12, 1, 10, 2, 8, 6]],
        },
      },
      {
        id: 'roads', type: 'line', source: 'basemap', filter: part('roads'), metadata: { group: 'roads' },
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': ['match', ['get', 'c'], 0, '#f3dfb0', 1, '#fbf0d0', '#ffffff'],
          'line-width': ['interpolate', ['linear'], ['zoom'], 11, ['match', ['get', 'c'], 0, 1.5, 1, 1, 2, 0.7, 0.4], 16, ['match', ['get', 'c'], 0, 10, 1, 8, 2, 6, 4.5]],
        },
      },
      {
        id: 'communes-line', type: 'line', source: 'basemap', filter: part('communes'),
        paint: { 'line-color': '#8d8778', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 15, 1.6], 'line-dasharray': [3, 2] },
      },
      { id: 'region-line', type: 'line', source: 'basemap', filter: part('region'), paint: { 'line-color': '#4d4a43', 'line-width': 2 } },
      {
        id: 'tram', type: 'line', source: 'basemap', filter: part('tram'), metadata: { group: 'transit' },
        paint: { 'line-color': '#7b7b7b', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.5, 16, 2], 'line-opacity': 0.45 },
      },
      {
        id: 'metro', type: 'line', source: 'basemap', filter: part('metro'), metadata: { group: 'transit' },
        paint: { 'line-color': ['get', 'colour'], 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 16, 5], 'line-opacity': 0.55 },
      },
      {
        id: 'metro-stations', type: 'circle', source: 'basemap', filter: part('metro-stations'), metadata: { group: 'transit' }, minzoom: 12,
        paint: { 'circle-radius': 3, 'circle-color': '#ffffff', 'circle-stroke-color': '#3a3a3a', 'circle-stroke-width': 1 },
      },
      {
        id: 'road-labels', type: 'symbol', source: 'basemap', metadata: { group: 'roads' }, minzoom: 14.5,
        filter: ['all', part('roads'), ['<=', ['get', 'c'], 2]],
        layout: {
          'symbol-placement': 'line', 'text-field': ['get', lang === 'nl' ? 'nl' : 'fr'], 'text-font': FONT,
          'text-size': 11, 'text-max-angle': 30,
        },
        paint: { 'text-color': '#5b574e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
      {
        id: 'metro-station-labels', type: 'symbol', source: 'basemap', filter: part('metro-stations'), metadata: { group: 'transit' }, minzoom: 14,
        layout: { 'text-field': bilingual(lang, ' / '), 'text-font': FONT, 'text-size': 10, 'text-offset': [0, 1], 'text-anchor': 'top', 'text-optional': true },
        paint: { 'text-color': '#3a3a3a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'commune-labels', type: 'symbol', source: 'basemap', filter: part('commune-labels'), maxzoom: 15,
        layout: {
          'text-field': bilingual(lang), 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 10, 10, 14, 14],
          'text-transform': 'uppercase', 'text-letter-spacing': 0.05, 'text-max-width': 12,
        },
        paint: { 'text-color': '#4d4a43', 'text-halo-color': '#faf9f6', 'text-halo-width': 2 },
      },
    ],
  };
}
