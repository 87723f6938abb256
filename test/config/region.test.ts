// The region coordinates are checked against (policy.region): the Brussels box by default, the sites' extent
// with `sites` (a network reaching Liège), or a given box.
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../config/check.js';
import { Policy, type Cadastre } from '../../config/schema.js';

const cadastre = (region: unknown): Cadastre => ({
  owners: [{ id: 'o', name: 'O' }],
  sites: [
    { id: 'bxl', name: 'Bruxelles', kind: 'pop', coordinates: [4.3517, 50.8503], commune: 'Bruxelles' },
    { id: 'liege', name: 'Liège Guillemins', kind: 'pop', coordinates: [5.5668, 50.6245], commune: 'Liège' },
  ],
  devices: [], segments: [], hotspots: [], administrations: [], maintenance: [],
  targets: [{ id: 't', name: 'T', kind: 'other', coordinates: [7.0, 50.6], weight: 1, commune: 'Bonn', source: 'test' }],
  policy: Policy.parse(region === undefined ? {} : { region }),
});

describe('policy.region', () => {
  it('refuses a site in Liège under the default (Brussels) region, naming the box', () => {
    expect(crossCheck(cadastre(undefined))).toContain(
      'sites.yaml: [liege].coordinates: [5.5668, 50.6245] is outside the Brussels-Capital Region bounding box (lon 4.23–4.5, lat 50.75–50.93)');
  });
  it('accepts it under region: sites, and still catches a coordinate far from every site', () => {
    expect(crossCheck(cadastre('sites'))).toEqual([
      'targets.yaml: [t].coordinates: [7, 50.6] is outside the region of the sites (policy.region: sites; lon 4.1517–5.7668, lat 50.4245–51.0503)',
    ]);
  });
  it('checks against a given box', () => {
    expect(crossCheck(cadastre({ minLon: 2.5, maxLon: 6.4, minLat: 49.5, maxLat: 51.5 }))).toEqual([
      'targets.yaml: [t].coordinates: [7, 50.6] is outside the region of policy.region (lon 2.5–6.4, lat 49.5–51.5)',
    ]);
  });
});
