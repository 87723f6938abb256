import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

function check(dir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, ['config/check-cli.ts', dir], { cwd: root, encoding: 'utf8', env: { ...process.env, INIT_CWD: root } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('config:check', () => {
  it('accepts the small cadastre and prints its counts with units', () => {
    const r = check('test/fixtures/cadastre-small');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'cadastre test/fixtures/cadastre-small: valid',
      'sites:    6 (6 commune-hall)',
      'devices:  8 (6 switch, 2 wifi-controller)',
      'segments: 6, 10.5 km of fibre',
      '  irisnet     4 segments     6.7 km  (IRISnet)',
      '  sibelga     2 segments     3.8 km  (Sibelga)',
      'hotspots: 6 (6 at 6 sites, 0 elsewhere), through 2 controllers',
      'targets:  5 (4 maison-de-quartier, 1 cpas)',
    ]);
  });

  it('rejects the planted errors, one line each naming the file and the field', () => {
    const r = check('test/fixtures/cadastre-errors');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const bbox = 'is outside the Brussels-Capital Region bounding box (lon 4.23–4.5, lat 50.75–50.93)';
    expect(r.stderr.trim().split('\n')).toEqual([
      'sites.yaml:9:9: [6].id: duplicate id "mol-hall" (also at [5])',
      `sites.yaml:10:71: [leuven-hall].coordinates: [4.7005, 50.8788] ${bbox}`,
      'devices.yaml:21:24: [wlc-ixl].site: unknown site "ixl-hal"',
      'segments.yaml:54:7: [6].id: duplicate id "S-2" (also at [1])',
      'segments.yaml:17:90: [S-2].route.coordinates[2]: 400 m from site b "ixl-hall" (at most 150 m)',
      'segments.yaml:23:6: [S-3].b: unknown site "nowhere"',
      'segments.yaml:32:10: [S-4].owner: unknown owner "vivaqua"',
      `segments.yaml:33:67: [S-4].route.coordinates[1]: [4.6, 50.8319] ${bbox}`,
      'segments.yaml:36:25: [S-4].measuredBy.device: device "sw-and" is at site "and-hall", not at end a "stg-hall"',
      'segments.yaml:42:10: [S-5].pairs: lit (10) + reserved (40) = 50 exceeds total (48)',
      'segments.yaml:44:25: [S-5].measuredBy.device: unknown device "sw-nowhere"',
      'segments.yaml:53:41: [S-6].measuredBy.ifName: interface sw-bxl Fa0/2 already measures segment "S-1"',
      'hotspots.yaml:4:149: [H-2].controller: device "sw-sjtn" is a switch, not a wifi-controller',
      'hotspots.yaml:5:92: [H-3].site: unknown site "molenbeek"',
      'hotspots.yaml:6:130: [H-4].controller: unknown device "wlc-nowhere"',
      `hotspots.yaml:7:64: [H-5].coordinates: [4.7, 50.82452] ${bbox}`,
      'hotspots.yaml:8:153: [H-6].apName: "AP-STG-01" is already hotspot "H-5" on controller "wlc-ixl"',
      `targets.yaml:3:88: [T-2].coordinates: [4.4, 50.95] ${bbox}`,
      'policy.yaml:7:23: coreSites[1]: unknown site "ixelles"',
      'config:check: test/fixtures/cadastre-errors: 19 problems',
    ]);
  });

  it('accepts the demo cadastre and prints its counts', () => {
    const r = check('config/demo');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('cadastre config/demo: valid');
    expect(lines[1]).toMatch(/^sites: {4}\d{3} \(60 metro-station, .*19 commune-hall, 5 pop/);
    expect(lines[3]).toMatch(/^segments: \d{3}, \d{3}\.\d km of fibre$/);
    expect(lines[4]).toMatch(/^ {2}irisnet +\d+ segments +\d{3}\.\d km {2}\(IRISnet\)$/);
    expect(lines).toHaveLength(12); // header, 3 counts, 6 owners, hotspots, targets
  });

  it('fails on a missing directory, naming it', () => {
    const r = check('test/fixtures/no-such-cadastre');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('config:check: test/fixtures/no-such-cadastre: no such directory');
  });
});
