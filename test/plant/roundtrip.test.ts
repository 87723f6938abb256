// Exporting the demo's plant to GeoJSON, KML and GeoPackage and importing each back rebuilds the same segments
// (ids, owners, sites, pairs, capacities, measuring interfaces, routes, lengths) and sites; a reviewed file
// changes only with --force.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCadastre, readCadastre } from '../../config/load.js';
import { segmentLengthMetres } from '../../config/geometry.js';
import type { Cadastre } from '../../config/schema.js';
import { exportPlant } from '../../plant/export.js';
import { importPlant } from '../../plant/import.js';

// Each import of the demo parses 331 routes and checks the whole cadastre: tens of seconds on a shared 2-core machine.
const SLOW = 240_000;

const DEMO = 'config/demo';
const MAPPING = 'plant/export-mapping.yaml';
const KEPT = ['owners.yaml', 'devices.yaml', 'hotspots.yaml', 'targets.yaml', 'pricebook.yaml', 'policy.yaml', 'administrations.yaml', 'maintenance.yaml'];

let root: string;
let demo: Cadastre;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plant-rt-'));
  demo = loadCadastre(DEMO);
  exportPlant(demo, join(root, 'export'));
}, SLOW);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the demo cadastre without its segments and sites. */
function withoutPlant(name: string): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const f of KEPT) copyFileSync(join(DEMO, f), join(dir, f));
  return dir;
}

const summary = (c: Cadastre) => c.segments.map((s) => ({ id: s.id, a: s.a, b: s.b, owner: s.owner, pairs: s.pairs, metres: Math.round(segmentLengthMetres(s)) }));

describe('plant export → import round trip (the demo: 331 segments, 163 sites)', () => {
  const cases = [
    { format: 'GeoJSON', routes: 'segments.geojson', sites: 'sites.geojson' },
    { format: 'KML', routes: 'segments.kml', sites: 'sites.kml' },
    { format: 'GeoPackage', routes: 'plant.gpkg', layer: 'segments', sites: 'plant.gpkg', sitesLayer: 'sites' },
  ];
  for (const c of cases) {
    it(`rebuilds the same segments and sites from ${c.format}`, () => {
      const dir = withoutPlant(c.format);
      const r = importPlant({
        configDir: dir, mapping: MAPPING, routes: join(root, 'export', c.routes), layer: c.layer,
        sites: join(root, 'export', c.sites), sitesLayer: c.sitesLayer,
      });
      expect(r.unmatched).toEqual([]);
      expect(r.segments).toHaveLength(331);
      expect(r.sites).toHaveLength(163);
      expect(r.guessedMeasuredBy).toEqual([]);
      expect(r.merges.map((m) => [m.file, m.added.length, m.written])).toEqual([['sites.yaml', 163, true], ['segments.yaml', 331, true]]);
      const { cadastre, problems } = readCadastre(dir);
      expect(problems).toEqual([]);
      // Ids, owners, pairs and lengths to the metre, then everything else (routes vertex for vertex, measuredBy).
      expect(summary(cadastre!)).toEqual(summary(demo));
      expect(cadastre!.segments).toEqual(demo.segments);
      expect(cadastre!.sites).toEqual(demo.sites);
      expect(readFileSync(join(dir, 'segments.yaml'), 'utf8')).toMatch(/^# DRAFT written by npm run plant:import/);
    }, SLOW);
  }

  it('matches the ends by proximity alone when the export names no sites', () => {
    const dir = withoutPlant('proximity');
    const mapping = join(root, 'no-site-ids.yaml');
    writeFileSync(mapping, readFileSync(MAPPING, 'utf8').replace(/^ {2}[ab]: [ab]\n/gm, ''));
    expect(readFileSync(mapping, 'utf8')).not.toMatch(/^ {2}a:/m);
    const r = importPlant({ configDir: dir, mapping, routes: join(root, 'export', 'segments.geojson'), sites: join(root, 'export', 'sites.geojson') });
    expect(r.unmatched).toEqual([]);
    expect(loadCadastre(dir).segments).toEqual(demo.segments);
  }, SLOW);

  it('re-importing changes nothing; a changed export is held back from a reviewed file without --force, written with it', () => {
    const dir = join(root, 'GeoJSON');
    const again = importPlant({ configDir: dir, mapping: MAPPING, routes: join(root, 'export', 'segments.geojson') });
    expect(again.merges.map((m) => [m.added.length, m.changed.length, m.written])).toEqual([[0, 0, false]]);

    // The operator reviews segments.yaml (deletes the DRAFT line); the owner's next export lights two more pairs on IRIS-001.
    const file = join(dir, 'segments.yaml');
    const reviewed = readFileSync(file, 'utf8').replace(/^# DRAFT.*\n/, '');
    writeFileSync(file, reviewed);
    const changed = join(root, 'changed.geojson');
    writeFileSync(changed, readFileSync(join(root, 'export', 'segments.geojson'), 'utf8').replace('"id":"IRIS-001","a":"pop-ouest","b":"pop-sud-est","owner":"irisnet","pairs_total":144,"pairs_lit":4', '"id":"IRIS-001","a":"pop-ouest","b":"pop-sud-est","owner":"irisnet","pairs_total":144,"pairs_lit":6'));
    const held = importPlant({ configDir: dir, mapping: MAPPING, routes: changed });
    expect(held.merges[0]).toMatchObject({ file: 'segments.yaml', reviewed: true, written: false, added: [], changed: ['IRIS-001'] });
    expect(held.merges[0].diff).toEqual(['~ segments.yaml [IRIS-001].pairs: {total: 144, lit: 4, reserved: 14} → {total: 144, lit: 6, reserved: 14}']);
    expect(readFileSync(file, 'utf8')).toBe(reviewed);

    const forced = importPlant({ configDir: dir, mapping: MAPPING, routes: changed, force: true });
    expect(forced.merges[0]).toMatchObject({ reviewed: true, written: true, changed: ['IRIS-001'] });
    const after = loadCadastre(dir);
    expect(after.segments.find((s) => s.id === 'IRIS-001')!.pairs).toEqual({ total: 144, lit: 6, reserved: 14 });
    expect(after.segments.filter((s) => s.id !== 'IRIS-001')).toEqual(demo.segments.filter((s) => s.id !== 'IRIS-001'));
    expect(readFileSync(file, 'utf8')).toMatch(/^# DRAFT written by npm run plant:import/);
  }, SLOW);
});

describe('plant round trip with a surveyed length (test/fixtures/cadastre-small: S-6 has one)', () => {
  it('keeps surveyed lengths and computes the others, in each format', () => {
    const small = loadCadastre('test/fixtures/cadastre-small');
    expect(small.segments.filter((s) => s.lengthMetres !== undefined).map((s) => s.id)).toEqual(['S-6']);
    const out = join(root, 'small-export');
    exportPlant(small, out);
    for (const [routes, layer] of [['segments.geojson'], ['segments.kml'], ['plant.gpkg', 'segments']] as const) {
      const dir = join(root, `small-${routes}`);
      mkdirSync(dir);
      for (const f of ['owners.yaml', 'sites.yaml', 'devices.yaml', 'hotspots.yaml', 'targets.yaml', 'pricebook.yaml', 'policy.yaml']) copyFileSync(join('test/fixtures/cadastre-small', f), join(dir, f));
      const r = importPlant({ configDir: dir, mapping: MAPPING, routes: join(out, routes), layer });
      expect(r.unmatched).toEqual([]);
      const back = loadCadastre(dir);
      expect(back.segments).toEqual(small.segments);
      expect(back.segments.map((s) => Math.round(segmentLengthMetres(s)))).toEqual(small.segments.map((s) => Math.round(segmentLengthMetres(s))));
    }
  }, SLOW);
});
