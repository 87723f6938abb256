// Where an owner knows only the ends (a CSV of site pairs), the route is drafted along the road graph shipped in
// data/brussels (the demo generator's RoadGraph) and marked as drafted in segments.yaml.
import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCadastre, loadCadastre } from '../../config/load.js';
import { readRoads } from '../../config/demo-data.js';
import { distanceMetres, lineLengthMetres } from '../../config/geometry.js';
import { RoadGraph } from '../../config/demo-roads.js';
import { importPlant, DEFAULT_ROADS_DIR } from '../../plant/import.js';

// Each import of the demo parses 331 routes and checks the whole cadastre: tens of seconds on a shared 2-core machine.
const SLOW = 240_000;

const root = mkdtempSync(join(tmpdir(), 'plant-drafted-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('plant:import --pairs: routes drafted along roads', () => {
  it('drafts the route between the two sites along the OSM major roads, marks it, and config:check accepts it', () => {
    const dir = join(root, 'cadastre');
    cpSync('config/demo', dir, { recursive: true });
    const mapping = join(root, 'mapping.yaml');
    writeFileSync(mapping, [
      'routes:',
      '  id: ID',
      '  owner: { value: vivaqua }',
      '  a: DE',
      '  b: VERS',
      '  pairs: { total: PAIRES, lit: ALLUMEES }',
      '  capacity: { property: GBPS, unit: Gbit/s }',
      'csvSeparator: ";"',
      '',
    ].join('\n'));
    const pairs = join(root, 'pairs.csv');
    writeFileSync(pairs, 'ID;DE;VERS;PAIRES;ALLUMEES;GBPS\nVIV-900;hall-evere;hall-forest;24;2;10\nVIV-901;hall-evere;nulle-part;24;2;10\nVIV-902;hall-jette;hall-jette;24;2;10\n');
    const before = loadCadastre(dir);
    // config/demo's files are reviewed (no DRAFT line): --force to write.
    const r = importPlant({ configDir: dir, mapping, pairs, force: true });
    expect(r.unmatched).toEqual([
      { ref: 'pairs.csv:3', reason: 'unknown-site', detail: 'end b: site "nulle-part" is not in the cadastre\'s nor the imported sites' },
      { ref: 'pairs.csv:4', reason: 'same-site', detail: 'both ends are at site "hall-jette"' },
    ]);
    expect(r.segments.map((s) => [s.segment.id, s.drafted])).toEqual([['VIV-900', true]]);

    const { cadastre, problems } = readCadastre(dir);
    expect(problems).toEqual([]);
    const site = (id: string) => before.sites.find((s) => s.id === id)!.coordinates;
    const expected = new RoadGraph(readRoads(DEFAULT_ROADS_DIR)).route(site('hall-evere'), site('hall-forest'));
    const seg = cadastre!.segments.find((s) => s.id === 'VIV-900')!;
    expect(seg).toEqual({
      id: 'VIV-900', a: 'hall-evere', b: 'hall-forest', owner: 'vivaqua',
      route: { type: 'LineString', coordinates: expected.coordinates },
      pairs: { total: 24, lit: 2, reserved: 0 }, litCapacityBps: 10_000_000_000,
      measuredBy: { device: 'sw-hall-evere', ifAlias: 'VIV-900' },
    });
    // From the site, along roads (longer than as the crow flies), to the site.
    expect(seg.route.coordinates[0]).toEqual(site('hall-evere'));
    expect(seg.route.coordinates.at(-1)).toEqual(site('hall-forest'));
    expect(lineLengthMetres(seg.route)).toBeGreaterThan(distanceMetres(site('hall-evere'), site('hall-forest')));
    expect(cadastre!.segments.filter((s) => s.id !== 'VIV-900')).toEqual(before.segments);
    expect(readFileSync(join(dir, 'segments.yaml'), 'utf8')).toContain(
      '# route drafted along the OSM major-roads graph (only the ends were known): replace it with the surveyed route; '
      + 'measuredBy guessed (ifAlias = segment id on a switch or router at hall-evere): check it\n- id: VIV-900\n');
  }, SLOW);
});
