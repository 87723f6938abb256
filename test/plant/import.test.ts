// An owner's export read as it is (its own property names, units, labels, ';' CSV): every feature that cannot
// become a segment or a site is listed with its reason; the mapping file's errors name the file, the position
// and the field.
import { describe, it, expect, beforeEach, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readCadastre } from '../../config/load.js';
import { importPlant } from '../../plant/import.js';
import { MappingError } from '../../plant/mapping.js';

const root = mkdtempSync(join(tmpdir(), 'plant-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(root, 'cadastre-'));
  cpSync('test/fixtures/cadastre-small', dir, { recursive: true });
});

// Sites of test/fixtures/cadastre-small (each with a switch).
const BXL = [4.351757, 50.846506], SJTN = [4.369608, 50.850701], MOL = [4.338649, 50.855185];
const near = (p: number[], dLon = 0.0001): number[] => [p[0] + dLon, p[1]];

const MAPPING = `# Sibelga's export (hypothetical): French column names, km, Gbit/s, labels for owners.
owners: [{ id: vivaqua, name: Vivaqua }]
csvSeparator: ";"
routes:
  id: REF
  owner: { property: PROPRIETAIRE, values: { "SIBELGA SCRL": sibelga, "VIVAQUA SCRL": vivaqua } }
  pairs: { total: NB_PAIRES, lit: PAIRES_ACTIVES }
  capacity: { property: DEBIT_GBPS, unit: Gbit/s }
  length: { property: LONGUEUR_KM, unit: km }
sites:
  id: CODE
  name: NOM
  kind: { value: library }
  commune: COMMUNE
  lon: X
  lat: Y
`;

const props = (ref: string, extra: Record<string, unknown> = {}) => ({ REF: ref, PROPRIETAIRE: 'SIBELGA SCRL', NB_PAIRES: 12, PAIRES_ACTIVES: 2, DEBIT_GBPS: '1', LONGUEUR_KM: null, ...extra });
const line = (...coordinates: number[][]) => ({ type: 'LineString', coordinates });
const feature = (properties: object, geometry: unknown) => ({ type: 'Feature', properties, geometry });

const ROUTES = {
  type: 'FeatureCollection',
  features: [
    feature(props('SIB-10', { LONGUEUR_KM: '2,5' }), line(near(SJTN), [4.354, 50.853], near(MOL))),
    feature(props('SIB-11'), { type: 'Point', coordinates: BXL }),
    feature(props('SIB-12'), { type: 'Polygon', coordinates: [[BXL, SJTN, MOL, BXL]] }),
    feature(props('SIB-13'), { type: 'MultiLineString', coordinates: [[BXL, [4.36, 50.848]], [[4.362, 50.849], SJTN]] }),
    feature(props('SIB-14'), line(BXL)),
    feature(props('SIB-15', { PROPRIETAIRE: '' }), line(BXL, SJTN)),
    feature(props('SIB-16', { PROPRIETAIRE: 'ELIA' }), line(BXL, SJTN)),
    feature(props('SIB-17', { NB_PAIRES: 'douze' }), line(BXL, SJTN)),
    feature(props('SIB-18', { PAIRES_ACTIVES: 14 }), line(BXL, SJTN)),
    feature(props('SIB-19'), line(BXL, [4.40, 50.86])),
    feature(props('SIB-20'), line(BXL, [4.353, 50.847], near(BXL, 0.0005))),
    feature(props('SIB-10', { PROPRIETAIRE: 'VIVAQUA SCRL' }), line(BXL, SJTN)),
    feature(props('VIV-1', { PROPRIETAIRE: 'VIVAQUA SCRL' }), line([4.37, 50.83], [4.375, 50.828])),
    feature(props('SIB-21', { DEBIT_GBPS: null }), line(BXL, SJTN)),
    feature(props('SIB-22'), line([BXL[1], BXL[0]], [SJTN[1], SJTN[0]])),
  ],
};

const SITES_CSV = 'CODE;NOM;COMMUNE;X;Y\n'
  + 'lib-a;Bibliothèque A;Ixelles;4.3700;50.8300\n'
  + 'lib-b;"Bibliothèque B; annexe";Ixelles;4,375;50,828\n'
  + 'lib-c;Nulle part;Ixelles;abc;50.8\n'
  + ';Sans code;Ixelles;4.37;50.83\n'
  + 'lib-a;Doublon;Ixelles;4.36;50.83\n';

/** The owner's files, under their own names, in a directory beside the cadastre. */
function files(mapping = MAPPING): { mapping: string; routes: string; sites: string } {
  const d = mkdtempSync(join(root, 'export-'));
  const out = { mapping: join(d, 'mapping.yaml'), routes: join(d, 'routes.geojson'), sites: join(d, 'sites.csv') };
  writeFileSync(out.mapping, mapping);
  writeFileSync(out.routes, JSON.stringify(ROUTES));
  writeFileSync(out.sites, SITES_CSV);
  return out;
}

describe('plant:import: unmatched features and their reasons', () => {
  it('lists every unmatched feature with its reason and imports the rest', () => {
    const f = files();
    const r = importPlant({ configDir: dir, mapping: f.mapping, routes: f.routes, sites: f.sites, force: true });
    expect(r.unmatched.map((u) => [u.ref, u.reason, u.detail])).toEqual([
      ['sites.csv:4', 'bad-geometry', 'lon: "abc" (property X) is not a number'],
      ['sites.csv:5', 'bad-attribute', 'id: missing (property CODE)'],
      ['sites.csv:6', 'duplicate-id', 'site "lib-a" is also sites.csv:2'],
      ['routes.geojson: feature 2', 'bad-geometry', 'a Point, not a route (LineString)'],
      ['routes.geojson: feature 3', 'bad-geometry', 'Polygon geometry (plant layers hold Point, LineString or MultiLineString)'],
      ['routes.geojson: feature 4', 'bad-geometry', 'MultiLineString parts 1 and 2 do not join (179 m apart): a route is one line'],
      ['routes.geojson: feature 5', 'bad-geometry', '1 position (a route needs 2 at least)'],
      ['routes.geojson: feature 6', 'missing-owner', 'no owner (property PROPRIETAIRE)'],
      ['routes.geojson: feature 7', 'unknown-owner', 'owner "ELIA" (property PROPRIETAIRE) is not in owners.yaml nor in the mapping\'s owners (have: irisnet, sibelga, vivaqua; translate labels with owner.values)'],
      ['routes.geojson: feature 8', 'bad-attribute', 'pairs.total: "douze" (property NB_PAIRES) is not a number'],
      ['routes.geojson: feature 9', 'bad-attribute', 'pairs: lit (14) + reserved (0) exceeds total (12)'],
      ['routes.geojson: feature 10', 'no-site-near-end', 'no site within 150 m of end b [4.4, 50.86]; the nearest is "sjtn-hall" at 2371 m'],
      ['routes.geojson: feature 11', 'same-site', 'both ends are at site "bxl-hall"'],
      ['routes.geojson: feature 12', 'duplicate-id', 'segment "SIB-10" is also routes.geojson: feature 1'],
      ['routes.geojson: feature 15', 'no-site-near-end', 'no site within 150 m of end a [50.846506, 4.351757]; the nearest is "lib-b" at 6726 km (swapped, [4.351757, 50.846506] is 0 m from "bxl-hall": the file seems to hold [lat, lon], GeoJSON and KML are [lon, lat])'],
      ['routes.geojson: feature 13', 'no-measuring-device', 'no switch or router at "lib-a" nor "lib-b" in devices.yaml (map routes.measuredBy, or add the devices first, e.g. with discover)'],
      ['routes.geojson: feature 14', 'bad-attribute', 'capacity: missing and the cadastre has no segment "SIB-21" to take it from'],
    ]);
    // What matched: two sites (a ';' inside quotes, a decimal comma), one segment with its surveyed length in
    // metres, capacity in bit/s, owner translated, and a measuring interface guessed at its end a.
    expect(r.sites).toEqual([
      { id: 'lib-a', name: 'Bibliothèque A', kind: 'library', coordinates: [4.37, 50.83], commune: 'Ixelles' },
      { id: 'lib-b', name: 'Bibliothèque B; annexe', kind: 'library', coordinates: [4.375, 50.828], commune: 'Ixelles' },
    ]);
    expect(r.segments.map((p) => p.segment)).toEqual([{
      id: 'SIB-10', a: 'sjtn-hall', b: 'mol-hall', owner: 'sibelga',
      route: { type: 'LineString', coordinates: [near(SJTN), [4.354, 50.853], near(MOL)] },
      lengthMetres: 2500, pairs: { total: 12, lit: 2, reserved: 0 }, litCapacityBps: 1_000_000_000,
      measuredBy: { device: 'sw-sjtn', ifAlias: 'SIB-10' },
    }]);
    expect(r.guessedMeasuredBy).toEqual(['SIB-10']);
    // Written with --force into the fixture's reviewed files; config:check accepts the result.
    expect(r.merges.map((m) => [m.file, m.added, m.written])).toEqual([
      ['owners.yaml', ['vivaqua'], true], ['sites.yaml', ['lib-a', 'lib-b'], true], ['segments.yaml', ['SIB-10'], true],
    ]);
    expect(readCadastre(dir).problems).toEqual([]);
    expect(readFileSync(join(dir, 'segments.yaml'), 'utf8')).toContain('# measuredBy guessed (ifAlias = segment id on a switch or router at sjtn-hall): check it\n- id: SIB-10\n');
  });

  it('holds everything back from reviewed files without --force, listing the diff', () => {
    const f = files();
    const before = readFileSync(join(dir, 'segments.yaml'), 'utf8');
    const r = importPlant({ configDir: dir, mapping: f.mapping, routes: f.routes, sites: f.sites });
    expect(r.merges.map((m) => [m.file, m.reviewed, m.written, m.diff])).toEqual([
      ['owners.yaml', true, false, ['+ owners.yaml [vivaqua] Vivaqua']],
      ['sites.yaml', true, false, ['+ sites.yaml [lib-a] Bibliothèque A', '+ sites.yaml [lib-b] Bibliothèque B; annexe']],
      ['segments.yaml', true, false, ['+ segments.yaml [SIB-10] sjtn-hall → mol-hall (measuredBy guessed (ifAlias = segment id on a switch or router at sjtn-hall): check it)']],
    ]);
    expect(readFileSync(join(dir, 'segments.yaml'), 'utf8')).toBe(before);
  });

  it('writes no file when one reviewed file is held back, so segments never land without their new sites', () => {
    const f = files();
    // segments.yaml is a draft, sites.yaml and owners.yaml are reviewed.
    const draft = `# DRAFT written by a test\n${readFileSync(join(dir, 'segments.yaml'), 'utf8')}`;
    writeFileSync(join(dir, 'segments.yaml'), draft);
    const r = importPlant({ configDir: dir, mapping: f.mapping, routes: f.routes, sites: f.sites });
    expect(r.merges.map((m) => [m.file, m.reviewed, m.held, m.written])).toEqual([
      ['owners.yaml', true, true, false], ['sites.yaml', true, true, false], ['segments.yaml', false, false, false],
    ]);
    expect(readFileSync(join(dir, 'segments.yaml'), 'utf8')).toBe(draft);
  });

  it("merges the owner's id into the cadastre's segment of that owner between the same sites, keeping its measuredBy and capacity", () => {
    // S-1 is irisnet's bxl-hall → sjtn-hall; the export draws it from sjtn to bxl with 6 lit pairs and no capacity.
    const mapping = MAPPING.replace('"VIVAQUA SCRL": vivaqua', '"VIVAQUA SCRL": vivaqua, "IRISNET": irisnet');
    const f = files(mapping);
    writeFileSync(f.routes, JSON.stringify({ type: 'FeatureCollection', features: [feature(props('IRIS-77', { PROPRIETAIRE: 'IRISNET', NB_PAIRES: 48, PAIRES_ACTIVES: 6, DEBIT_GBPS: null }), line(SJTN, [4.3606, 50.8491], BXL))] }));
    const r = importPlant({ configDir: dir, mapping: f.mapping, routes: f.routes, force: true });
    expect(r.unmatched).toEqual([]);
    expect(r.renamed).toEqual([{ from: 'IRIS-77', to: 'S-1' }]);
    expect(r.merges.find((m) => m.file === 'segments.yaml')!.diff).toEqual([
      '~ segments.yaml [S-1].route: 3 vertices, 1.339 km → 3 vertices, 1.342 km',
      '~ segments.yaml [S-1].pairs: {total: 48, lit: 2, reserved: 4} → {total: 48, lit: 6, reserved: 0}',
    ]);
    const s1 = readCadastre(dir).cadastre!.segments.find((s) => s.id === 'S-1')!;
    expect(s1).toMatchObject({ a: 'bxl-hall', b: 'sjtn-hall', litCapacityBps: 1_000_000_000, measuredBy: { device: 'sw-bxl', ifName: 'Gi0/1' } });
    expect(s1.route.coordinates).toEqual([BXL, [4.3606, 50.8491], SJTN]);
  });
});

describe('plant:import: mapping file errors name the file, the position and the field', () => {
  const fails = (mapping: string, opts: { routes?: boolean; sites?: boolean; pairs?: boolean } = { routes: true }): string[] => {
    const f = files(mapping);
    try {
      importPlant({ configDir: dir, mapping: f.mapping, routes: opts.routes ? f.routes : undefined, sites: opts.sites ? f.sites : undefined, pairs: opts.pairs ? f.sites : undefined });
    } catch (e) {
      if (e instanceof MappingError) return e.problems;
      throw e;
    }
    throw new Error('no MappingError');
  };

  it('a misspelt field, a unit it does not know, a field of the wrong shape', () => {
    expect(fails(MAPPING.replace('  pairs: {', '  paires: {'))).toEqual([
      'mapping.yaml:5:3: routes.pairs: Invalid input: expected object, received undefined',
      'mapping.yaml:7:11: routes: Unrecognized key: "paires"',
    ]);
    expect(fails(MAPPING.replace('unit: Gbit/s', 'unit: Gbps'))).toEqual([
      'mapping.yaml:8:13: routes.capacity: expected a property name, {property, values|unit} or {value}',
    ]);
    expect(fails(MAPPING.replace('csvSeparator: ";"', 'csvSeparator: "|"'))).toEqual([
      'mapping.yaml:3:15: csvSeparator: Invalid option: expected one of ","|";"|"\t"',
    ]);
    expect(fails(MAPPING.replace('owners: [{ id: vivaqua', 'owners: [{ id: "viva qua"'))).toEqual([
      'mapping.yaml:2:16: owners[0].id: ids are letters, digits and . _ : -',
    ]);
  });

  it('not YAML, or a property no feature has', () => {
    expect(fails('routes: [unclosed\n')).toEqual([expect.stringMatching(/^mapping\.yaml:2:1: \(root\): not valid YAML: /)]);
    expect(fails(MAPPING.replace('total: NB_PAIRES', 'total: NB_PAIRS'))).toEqual([
      'mapping.yaml:7:19: routes.pairs.total: property "NB_PAIRS" is in no feature of routes.geojson (it has: DEBIT_GBPS, LONGUEUR_KM, NB_PAIRES, PAIRES_ACTIVES, PROPRIETAIRE, REF)',
    ]);
    expect(fails(MAPPING.replace('commune: COMMUNE', 'commune: GEMEENTE'), { sites: true })).toEqual([
      'mapping.yaml:14:12: sites.commune: property "GEMEENTE" is in no feature of sites.csv (it has: CODE, COMMUNE, NOM, X, Y)',
    ]);
  });

  it('a section the files need', () => {
    expect(fails(MAPPING.slice(0, MAPPING.indexOf('sites:')), { sites: true })).toEqual(['mapping.yaml: sites: missing (needed to read sites.csv)']);
    expect(fails(MAPPING, { pairs: true })).toEqual(['mapping.yaml:5:3: routes.a, routes.b: needed to read site pairs (sites.csv): the columns holding the two site ids']);
  });

  it('a cadastre file that is not YAML is named, before anything is written', () => {
    const f = files();
    writeFileSync(join(dir, 'segments.yaml'), '- id: S-1\n  a: [unclosed\n');
    expect(() => importPlant({ configDir: dir, mapping: f.mapping, routes: f.routes })).toThrow(
      new RegExp(`^${join(dir, 'segments.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML \\(.+\\): fix it first \\(npm run config:check\\)$`));
  });

  it('the CLI prints them and exits 1, writing nothing', () => {
    const f = files(MAPPING.replace('unit: Gbit/s', 'unit: Gbps'));
    const before = readFileSync(join(dir, 'segments.yaml'), 'utf8');
    const p = spawnSync('npx', ['tsx', 'plant/import-cli.ts', '--config', dir, '--mapping', f.mapping, '--routes', f.routes], { encoding: 'utf8' });
    expect(p.status).toBe(1);
    expect(p.stderr).toBe('mapping.yaml:8:13: routes.capacity: expected a property name, {property, values|unit} or {value}\nplant:import: failed, nothing was written\n');
    expect(readFileSync(join(dir, 'segments.yaml'), 'utf8')).toBe(before);
  });
});
