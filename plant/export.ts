// The cadastre's plant as GIS layers (npm run plant:export): segments as lines, sites as points, with the
// attributes plant/export-mapping.yaml reads back (so an export imported with that mapping rebuilds the same
// segments and sites). length_m is the segment's length in metres (surveyed, else along the route, as
// config/geometry.ts computes it); surveyed_length_m is set only when the cadastre holds a surveyed length.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { segmentLengthMetres } from '../config/geometry.js';
import type { Cadastre } from '../config/schema.js';
import type { OutputLayer } from './feature.js';
import { geojsonText } from './geojson.js';
import { kmlText } from './kml.js';
import { writeGpkg } from './gpkg.js';

export const FORMATS = ['geojson', 'kml', 'gpkg'] as const;
export type Format = (typeof FORMATS)[number];

export function plantLayers(c: Pick<Cadastre, 'segments' | 'sites'>): { segments: OutputLayer; sites: OutputLayer } {
  return {
    segments: {
      name: 'segments',
      features: c.segments.map((s) => ({
        geometry: s.route,
        properties: {
          id: s.id, a: s.a, b: s.b, owner: s.owner,
          pairs_total: s.pairs.total, pairs_lit: s.pairs.lit, pairs_reserved: s.pairs.reserved,
          capacity_bps: s.litCapacityBps,
          length_m: Math.round(segmentLengthMetres(s) * 100) / 100,
          surveyed_length_m: s.lengthMetres ?? null,
          measured_device: s.measuredBy.device,
          measured_if_name: s.measuredBy.ifName ?? null,
          measured_if_alias: s.measuredBy.ifAlias ?? null,
          measured_if_index: s.measuredBy.ifIndex ?? null,
        },
      })),
    },
    sites: {
      name: 'sites',
      features: c.sites.map((s) => ({ geometry: { type: 'Point', coordinates: s.coordinates }, properties: { id: s.id, name: s.name, kind: s.kind, commune: s.commune, ...(s.administration ? { administration: s.administration } : {}) } })),
    },
  };
}

/** Writes the chosen formats to `dir`: segments.geojson, sites.geojson, segments.kml, sites.kml, plant.gpkg. */
export function exportPlant(c: Pick<Cadastre, 'segments' | 'sites'>, dir: string, formats: readonly Format[] = FORMATS): string[] {
  mkdirSync(dir, { recursive: true });
  const { segments, sites } = plantLayers(c);
  const written: string[] = [];
  for (const f of formats) {
    if (f === 'gpkg') {
      writeGpkg(join(dir, 'plant.gpkg'), [segments, sites]);
      written.push(join(dir, 'plant.gpkg'));
      continue;
    }
    for (const layer of [segments, sites]) {
      const file = join(dir, `${layer.name}.${f}`);
      writeFileSync(file, f === 'geojson' ? geojsonText(layer) : kmlText(layer));
      written.push(file);
    }
  }
  return written;
}
