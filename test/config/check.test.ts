import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadCadastre } from '../../config/load.js';
import { crossCheck } from '../../config/check.js';
import { distanceMetres, segmentLengthMetres } from '../../config/geometry.js';
import { MaintenanceWindow, type Cadastre } from '../../config/schema.js';

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

  it('reports unknown administrations and maintenance windows naming unknown sites, devices or segments', () => {
    const c = small();
    c.administrations = [{ id: 'adm-bxl', name: 'Ville de Bruxelles', kind: 'commune' }];
    c.sites[0].administration = 'adm-bxl';
    c.sites[1].administration = 'nobody';
    c.maintenance = [{ id: 'M1', from: '2026-11-03T06:00:00Z', to: '2026-11-03T07:00:00Z', sites: ['nowhere'], devices: ['nodev'], segments: ['S-99'], reason: 'x' }];
    expect(crossCheck(c)).toEqual([
      `sites.yaml: [${c.sites[1].id}].administration: unknown administration "nobody"`,
      'maintenance.yaml: [M1].sites[0]: unknown site "nowhere"',
      'maintenance.yaml: [M1].devices[0]: unknown device "nodev"',
      'maintenance.yaml: [M1].segments[0]: unknown segment "S-99"',
    ]);
  });

  it('rejects a maintenance window that ends before it starts, names nothing or has no offset', () => {
    const bad = MaintenanceWindow.safeParse({ id: 'M', from: '2026-11-03T07:00:00Z', to: '2026-11-03T06:00:00Z', reason: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['to: must be after from', 'sites: name at least one site, device or segment']);
    const local = MaintenanceWindow.safeParse({ id: 'M', from: '2026-11-03T06:00:00', to: '2026-11-03T07:00:00Z', sites: ['a'], reason: 'x' });
    expect(local.error!.issues[0].path).toEqual(['from']);
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
