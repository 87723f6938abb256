import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadCadastre } from '../../config/load.js';
import { crossCheck } from '../../config/check.js';
import { distanceMetres, segmentLengthMetres } from '../../config/geometry.js';
import type { Cadastre } from '../../config/schema.js';

const small = (): Cadastre => loadCadastre(fileURLToPath(new URL('../fixtures/cadastre-small', import.meta.url)));

describe('segmentLengthMetres', () => {
  it('uses the surveyed length when given, else the route length in metres', () => {
    const c = small();
    expect(segmentLengthMetres(c.segments.find((s) => s.id === 'S-6')!)).toBe(1520);
    // One degree of latitude on turf's sphere (R = 6,371,008.8 m) is 111,195.08 m.
    const oneDegree = segmentLengthMetres({ route: { type: 'LineString', coordinates: [[4.35, 50], [4.35, 50.5], [4.35, 51]] } });
    expect(oneDegree).toBeCloseTo(111_195.08, 1);
    expect(distanceMetres([4.35, 50], [4.35, 51])).toBeCloseTo(111_195.08, 1);
  });
});

describe('crossCheck', () => {
  it('finds nothing wrong in the small cadastre', () => {
    expect(crossCheck(small())).toEqual([]);
  });

  it('accepts route ends within 150 m of their sites and rejects beyond', () => {
    const c = small();
    const s1 = c.segments[0];
    const a = c.sites.find((s) => s.id === s1.a)!.coordinates;
    // ~0.0013° of latitude ≈ 145 m, ~0.0014° ≈ 156 m.
    s1.route.coordinates[0] = [a[0], a[1] + 0.0013];
    expect(crossCheck(c)).toEqual([]);
    s1.route.coordinates[0] = [a[0], a[1] + 0.0014];
    expect(crossCheck(c)).toEqual(['segments.yaml: [S-1].route.coordinates[0]: 156 m from site a "bxl-hall" (at most 150 m)']);
  });

  it('reports a segment running b→a (the route must start at a)', () => {
    const c = small();
    c.segments[0].route.coordinates.reverse();
    expect(crossCheck(c)).toEqual([
      'segments.yaml: [S-1].route.coordinates[0]: 1337 m from site a "bxl-hall" (at most 150 m)',
      'segments.yaml: [S-1].route.coordinates[2]: 1337 m from site b "sjtn-hall" (at most 150 m)',
    ]);
  });

  it('rejects a measuring interface on a wifi controller and a segment from a site to itself', () => {
    const c = small();
    c.segments[0].measuredBy = { device: 'wlc-bxl', ifName: 'Gi0/1' };
    c.segments[1].b = c.segments[1].a;
    c.segments[1].route.coordinates[2] = [...c.segments[1].route.coordinates[0]];
    expect(crossCheck(c)).toEqual([
      'segments.yaml: [S-1].measuredBy.device: device "wlc-bxl" is a wifi-controller, not a switch or router',
      'segments.yaml: [S-2].b: same site as a ("sjtn-hall")',
    ]);
  });

  it('checks a segment\'s farEnd like measuredBy, at end b', () => {
    const c = small();
    c.segments[0].farEnd = { device: 'sw-sjtn', ifName: 'Te0/9' };
    expect(crossCheck(c)).toEqual([]);
    c.segments[0].farEnd = { device: 'sw-bxl', ifName: 'Te0/9' };
    c.segments[1].farEnd = { device: 'wlc-nowhere', ifIndex: 3 };
    expect(crossCheck(c)).toEqual([
      'segments.yaml: [S-1].farEnd.device: device "sw-bxl" is at site "bxl-hall", not at end b "sjtn-hall"',
      'segments.yaml: [S-2].farEnd.device: unknown device "wlc-nowhere"',
    ]);
  });

  it('accepts lit + reserved = total', () => {
    const c = small();
    c.segments[0].pairs = { total: 12, lit: 4, reserved: 8 };
    expect(crossCheck(c)).toEqual([]);
  });
});
