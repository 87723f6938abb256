// measuredBy names an interface by ifName, ifAlias or ifIndex; config:check refuses unknown profiles and, where
// the cadastre lists a device's interfaces, names a missing or ambiguous measuring interface.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../config/check.js';
import { resolveInterface } from '../../config/interfaces.js';
import { loadCadastre, readCadastre } from '../../config/load.js';
import { loadProfiles, profileForObjectId } from '../../config/profile.js';
import { MeasuredBy, type Cadastre } from '../../config/schema.js';
import { measuredByMatches } from '../../store/schema.js';

const small = (): Cadastre => loadCadastre('test/fixtures/cadastre-small');
// A HP ProCurve's two loopbacks (recorded walk: ifIndex 4999 and 5000 both named lo0).
const procurve = [
  { ifIndex: 1, ifName: '1', ifAlias: 'uplink to S-1' },
  { ifIndex: 4999, ifName: 'lo0' },
  { ifIndex: 5000, ifName: 'lo0', ifAlias: 'mgmt loopback' },
];

describe('measuredBy', () => {
  it('takes exactly one of ifName, ifAlias, ifIndex', () => {
    expect(MeasuredBy.safeParse({ device: 'sw', ifName: 'Gi0/1' }).success).toBe(true);
    expect(MeasuredBy.safeParse({ device: 'sw', ifAlias: 'S-1' }).success).toBe(true);
    expect(MeasuredBy.safeParse({ device: 'sw', ifIndex: 12 }).success).toBe(true);
    const two = MeasuredBy.safeParse({ device: 'sw', ifName: 'Gi0/1', ifIndex: 12 });
    expect(two.success).toBe(false);
    expect(two.error?.issues.map((i) => i.message)).toEqual(['name the interface by exactly one of ifName, ifAlias, ifIndex (got ifName, ifIndex)']);
    expect(MeasuredBy.safeParse({ device: 'sw' }).error?.issues.map((i) => i.message)).toEqual(['name the interface by exactly one of ifName, ifAlias, ifIndex']);
  });

  it('resolves to one interface, or says it is missing or ambiguous with the candidates', () => {
    expect(resolveInterface({ device: 'hp', ifIndex: 5000 }, procurve)).toEqual({ ok: true, iface: procurve[2] });
    expect(resolveInterface({ device: 'hp', ifAlias: 'mgmt loopback' }, procurve)).toEqual({ ok: true, iface: procurve[2] });
    expect(resolveInterface({ device: 'hp', ifName: '1' }, procurve)).toEqual({ ok: true, iface: procurve[0] });
    const amb = resolveInterface({ device: 'hp', ifName: 'lo0' }, procurve);
    expect(amb).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(amb.ok ? '' : amb.message).toBe('ifName "lo0" is ambiguous on device "hp": ifIndex 4999 (lo0), ifIndex 5000 (lo0, alias "mgmt loopback"); name it by ifIndex or ifAlias');
    const missing = resolveInterface({ device: 'hp', ifName: 'Gi9/9' }, procurve);
    expect(missing.ok ? '' : missing.message).toBe('device "hp" has no interface with ifName "Gi9/9" (3 interfaces known)');
  });

  it('matches a series by the tag of the key it uses, on the same device', () => {
    const tags = { device: 'hp', if_index: '5000', if_name: 'lo0', if_alias: 'mgmt loopback' };
    expect(measuredByMatches({ device: 'hp', ifIndex: 5000 }, tags)).toBe(true);
    expect(measuredByMatches({ device: 'hp', ifAlias: 'mgmt loopback' }, tags)).toBe(true);
    expect(measuredByMatches({ device: 'hp', ifName: 'lo0' }, tags)).toBe(true);
    expect(measuredByMatches({ device: 'hp', ifIndex: 4999 }, tags)).toBe(false);
    expect(measuredByMatches({ device: 'other', ifIndex: 5000 }, tags)).toBe(false);
  });
});

describe('config:check', () => {
  it('names a missing or ambiguous interface where the cadastre lists the device\'s interfaces', () => {
    const c = small();
    const bxl = c.devices.find((d) => d.id === 'sw-bxl')!;
    bxl.interfaces = [{ ifIndex: 1, ifName: 'Gi0/1' }, { ifIndex: 2, ifName: 'Fa0/2' }, { ifIndex: 3, ifName: 'Fa0/2', ifAlias: 'spare' }];
    expect(crossCheck(c)).toEqual([
      'segments.yaml: [S-6].measuredBy.ifName: ifName "Fa0/2" is ambiguous on device "sw-bxl": ifIndex 2 (Fa0/2), ifIndex 3 (Fa0/2, alias "spare"); name it by ifIndex or ifAlias',
    ]);
    c.segments.find((s) => s.id === 'S-6')!.measuredBy = { device: 'sw-bxl', ifIndex: 2 };
    expect(crossCheck(c)).toEqual([]);
    c.segments.find((s) => s.id === 'S-1')!.measuredBy = { device: 'sw-bxl', ifAlias: 'nope' };
    expect(crossCheck(c)).toEqual(['segments.yaml: [S-1].measuredBy.ifAlias: device "sw-bxl" has no interface with ifAlias "nope" (3 interfaces known)']);
    bxl.interfaces.push({ ifIndex: 2, ifName: 'x' });
    expect(crossCheck(c)).toContain('devices.yaml: [sw-bxl].interfaces[3].ifIndex: duplicate ifIndex 2 (also at [1])');
  });

  it('refuses an unknown profile; profile is optional', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadastre-profile-'));
    try {
      cpSync('test/fixtures/cadastre-small', dir, { recursive: true });
      const file = join(dir, 'devices.yaml');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace('id: sw-sjtn, site: sjtn-hall, role: switch, target: "127.0.0.1:0", profile: if-mib', 'id: sw-sjtn, site: sjtn-hall, role: switch, target: "127.0.0.1:0", profile: hp-procurve')
        .replace('id: sw-stg, site: stg-hall, role: switch, target: "127.0.0.1:0", profile: if-mib, ', 'id: sw-stg, site: stg-hall, role: switch, target: "127.0.0.1:0", '));
      const r = readCadastre(dir);
      expect(r.problems).toEqual([
        'devices.yaml:3:81: [sw-sjtn].profile: unknown profile "hp-procurve" (have: aruba-wlsx, cisco-airespace, cisco-lwapp, fortinet-wtp, if-mib, meraki-cloud, ruckus-smartzone, ruckus-zonedirector, unifi-ap)',
      ]);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('picks a profile by the longest sysObjectID prefix', () => {
    const p = loadProfiles();
    expect(profileForObjectId(p, '1.3.6.1.4.1.14823.1.1.9999')?.name).toBe('aruba-wlsx');
    expect(profileForObjectId(p, '1.3.6.1.4.1.9.6.1.37.240.1')?.name).toBe('cisco-airespace');
    expect(profileForObjectId(p, '1.3.6.1.4.1.12356.101.1.626')?.name).toBe('fortinet-wtp');
    expect(profileForObjectId(p, '1.3.6.1.4.1.25053.3.1.11.1')?.name).toBe('ruckus-smartzone');
    expect(profileForObjectId(p, '1.3.6.1.4.1.25053.3.1.5.15')?.name).toBe('ruckus-zonedirector');
    expect(profileForObjectId(p, '1.3.6.1.4.1.10002.1')?.name).toBe('unifi-ap');
    expect(profileForObjectId(p, '1.3.6.1.4.1.11.2.3.7.11.160')?.name).toBe('if-mib'); // a ProCurve: any enterprise's switch
    expect(profileForObjectId(p, '1.3.6.1.4.1.25053.3.1.110')?.name).toBe('if-mib'); // whole sub-ids: 110 is not 11
    expect(profileForObjectId(p, '1.3.6.1.2.1.1')).toBeUndefined();
  });
});
