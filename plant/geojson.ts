// GeoJSON (RFC 7946) plant layers: a FeatureCollection in WGS84 [lon, lat]. Reading keeps each feature's
// properties as they are; a geometry that is not a Point, LineString or MultiLineString is kept with its
// geometryError for matching to list.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { LonLat } from '../config/schema.js';
import { PlantFileError, type OutputLayer, type PlantGeometry, type PropertyValue, type SourceFeature } from './feature.js';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A position as [lon, lat] (extra ordinates dropped), or undefined when it is not numbers. */
const position = (p: unknown): LonLat | undefined =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' ? [p[0], p[1]] : undefined;

function geometryOf(g: unknown): { geometry: PlantGeometry | null; error?: string } {
  if (g === null || g === undefined) return { geometry: null };
  if (!isObject(g)) return { geometry: null, error: 'geometry is not an object' };
  const c = g.coordinates;
  const positions = (list: unknown, what: string): LonLat[] | string => {
    if (!Array.isArray(list)) return `${what}: coordinates are not a list`;
    const out: LonLat[] = [];
    for (let i = 0; i < list.length; i++) {
      const p = position(list[i]);
      if (!p) return `${what}: coordinates[${i}] is not a [lon, lat] pair of numbers`;
      out.push(p);
    }
    return out;
  };
  switch (g.type) {
    case 'Point': {
      const p = position(c);
      return p ? { geometry: { type: 'Point', coordinates: p } } : { geometry: null, error: 'Point: coordinates are not a [lon, lat] pair of numbers' };
    }
    case 'LineString': {
      const p = positions(c, 'LineString');
      return typeof p === 'string' ? { geometry: null, error: p } : { geometry: { type: 'LineString', coordinates: p } };
    }
    case 'MultiLineString': {
      if (!Array.isArray(c)) return { geometry: null, error: 'MultiLineString: coordinates are not a list' };
      const parts: LonLat[][] = [];
      for (let i = 0; i < c.length; i++) {
        const p = positions(c[i], `MultiLineString part ${i}`);
        if (typeof p === 'string') return { geometry: null, error: p };
        parts.push(p);
      }
      return { geometry: { type: 'MultiLineString', coordinates: parts } };
    }
    default:
      return { geometry: null, error: `${String(g.type)} geometry (plant layers hold Point, LineString or MultiLineString)` };
  }
}

const propertyValue = (v: unknown): PropertyValue =>
  v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);

export function readGeojson(file: string): SourceFeature[] {
  let doc: unknown;
  try { doc = JSON.parse(readFileSync(file, 'utf8')); } catch (e) {
    throw new PlantFileError(`${file}: not JSON (${(e as Error).message})`);
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new PlantFileError(`${file}: expected a GeoJSON FeatureCollection`);
  }
  const crs = isObject(doc.crs) && isObject(doc.crs.properties) ? String(doc.crs.properties.name ?? '') : '';
  if (crs && !/(CRS84|EPSG::?4326)$/i.test(crs)) throw new PlantFileError(`${file}: crs ${crs}; only WGS84 [lon, lat] is read (RFC 7946; reproject it, e.g. ogr2ogr -t_srs EPSG:4326)`);
  const base = basename(file);
  return doc.features.map((f: unknown, i: number): SourceFeature => {
    const props = isObject(f) && isObject(f.properties) ? f.properties : {};
    const properties: Record<string, PropertyValue> = {};
    for (const [k, v] of Object.entries(props)) properties[k] = propertyValue(v);
    const id = isObject(f) && (typeof f.id === 'string' || typeof f.id === 'number') ? ` "${f.id}"` : '';
    const g = isObject(f) ? geometryOf(f.geometry) : { geometry: null, error: 'not a Feature object' };
    return { ref: `${base}: feature ${i + 1}${id}`, properties, geometry: g.geometry, ...(g.error ? { geometryError: g.error } : {}) };
  });
}

/** A FeatureCollection; numbers are written as JavaScript prints them (shortest text that reads back exactly). */
export function geojsonText(layer: OutputLayer): string {
  const features = layer.features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry }));
  return `{"type":"FeatureCollection","name":${JSON.stringify(layer.name)},"features":[\n${features.join(',\n')}\n]}\n`;
}
