// The quirks of real devices, presented by the simulator: duplicate interface names, a controller without the
// AP status column, one without any AP table; and a device without `profile:` polled with the profile its
// sysObjectID selects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePoller, type PollOutcome } from '../../collector/device.js';
import { loadProfiles, type Profile } from '../../config/profile.js';
import { loadCadastre } from '../../config/load.js';
import { resolveSnmp } from '../../config/secrets.js';
import type { Device } from '../../config/schema.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';

const env = { IRIS_SNMP_COMMUNITY: 'quirk-c', WIFI_SNMP_COMMUNITY: 'quirk-w', IRIS_SNMP_V3_AUTH_KEY: 'quirk-auth-1', IRIS_SNMP_V3_PRIV_KEY: 'quirk-priv-1' };
const cadastre = loadCadastre('test/fixtures/cadastre-small');
const profiles = loadProfiles();
let sim: SimNetworkHandle;
beforeAll(async () => { sim = await startSimNetwork(cadastre, { env, padPorts: 4 }); });
afterAll(async () => { await sim?.close(); });

const device = (id: string): Device => cadastre.devices.find((d) => d.id === id) as Device;
function poller(id: string, profile: string | undefined): DevicePoller {
  const d = device(id);
  return new DevicePoller(d, profile === undefined ? undefined : profiles.get(profile) as Profile, {
    device: id, host: '127.0.0.1', port: sim.ports[id], credentials: resolveSnmp(d, env), timeoutMs: 2000, retries: 1,
  }, {
    segments: new Map(cadastre.segments.filter((s) => s.measuredBy.device === id).map((s) => [s.id, s.measuredBy])),
    hotspots: new Map(cadastre.hotspots.filter((h) => h.controller === id).map((h) => [h.apName, h.id])),
  }, profiles);
}
async function twice(p: DevicePoller): Promise<PollOutcome> {
  await p.poll();
  await new Promise((r) => setTimeout(r, 1100));
  const o = await p.poll();
  p.close();
  return o;
}

describe('simulated quirks', () => {
  it('duplicate names: each interface keeps its own series; a segment measured by the shared name is a config error naming the candidates', async () => {
    sim.setFault('sw-bxl', { kind: 'dup-names' });
    try {
      const o = await twice(poller('sw-bxl', 'if-mib'));
      expect(o.status).toBe('ok');
      const named = o.interfaces.filter((i) => i.ifName === 'Fa0/2').map((i) => i.ifIndex);
      expect(named).toEqual([1, 3, 4]); // Fa0/2 (measures S-6) and the two padding ports
      expect(new Set(o.interfaces.map((i) => i.ifIndex)).size).toBe(o.interfaces.length);
      expect(o.segmentProblems).toEqual([
        'segment S-6: ifName "Fa0/2" is ambiguous on device "sw-bxl": ifIndex 1 (Fa0/2, alias "S-6"), ifIndex 3 (Fa0/2), ifIndex 4 (Fa0/2); name it by ifIndex or ifAlias',
      ]);
      expect(o.interfaces.find((i) => i.ifIndex === 2)?.segment).toBe('S-1');
      expect(o.interfaces.some((i) => i.segment === 'S-6')).toBe(false);
      // The silent padding ports never borrow the busy port's counters: 0 bit/s, not phantom traffic.
      for (const i of o.interfaces.filter((x) => x.ifIndex > 2)) { expect(i.inBps).toBe(0); expect(i.outBps).toBe(0); }
      expect(o.interfaces.find((i) => i.ifIndex === 1)?.outBps).toBeGreaterThan(0);
    } finally { sim.setFault('sw-bxl', null); }
  });

  it('measuredBy by ifAlias or ifIndex picks the interface among duplicates', async () => {
    sim.setFault('sw-bxl', { kind: 'dup-names' });
    try {
      const d = device('sw-bxl');
      const p = new DevicePoller(d, profiles.get('if-mib'), {
        device: d.id, host: '127.0.0.1', port: sim.ports[d.id], credentials: resolveSnmp(d, env), timeoutMs: 2000, retries: 1,
      }, { segments: new Map([['S-6', { device: 'sw-bxl', ifAlias: 'S-6' }], ['S-1', { device: 'sw-bxl', ifIndex: 2 }]]), hotspots: new Map() });
      const o = await twice(p);
      expect(o.segmentProblems).toEqual([]);
      expect(o.interfaces.filter((i) => i.segment).map((i) => [i.ifIndex, i.segment])).toEqual([[1, 'S-6'], [2, 'S-1']]);
    } finally { sim.setFault('sw-bxl', null); }
  });

  it('a controller without the AP status column: every AP up is unknown (absent), never false', async () => {
    for (const [id, profile] of [['wlc-bxl', 'cisco-airespace'], ['wlc-ixl', 'aruba-wlsx']] as const) {
      sim.setFault(id, { kind: 'no-ap-status' });
      try {
        const p = poller(id, profile);
        const o = await p.poll();
        p.close();
        expect(o.status, id).toBe('ok');
        expect(o.hotspots.length, id).toBe(cadastre.hotspots.filter((h) => h.controller === id).length);
        for (const h of o.hotspots) expect(h.up, `${id} ${h.hotspot}`).toBeUndefined();
      } finally { sim.setFault(id, null); }
    }
  });

  it('a controller without an AP table: status empty, naming the profile\'s tables', async () => {
    for (const [id, profile, tables] of [['wlc-bxl', 'cisco-airespace', ['bsnAPTable']], ['wlc-ixl', 'aruba-wlsx', ['wlsxWlanAPTable', 'wlsxWlanAPRadioTable']]] as const) {
      sim.setFault(id, { kind: 'no-ap-table' });
      try {
        const p = poller(id, profile);
        const o = await p.poll();
        p.close();
        expect(o.status, id).toBe('empty');
        expect(o.emptyTables, id).toEqual(tables);
        expect(o.hotspots).toEqual([]);
      } finally { sim.setFault(id, null); }
    }
  });

  it('without profile: the sysObjectID picks it', async () => {
    for (const [id, want] of [['sw-bxl', 'if-mib'], ['wlc-bxl', 'cisco-airespace'], ['wlc-ixl', 'aruba-wlsx']] as const) {
      const p = poller(id, undefined);
      const o = await p.poll();
      p.close();
      expect(o.status, id).toBe('ok');
      expect(p.profileName, id).toBe(want);
      if (want === 'if-mib') expect(o.interfaces.length).toBe(4);
      else expect(o.hotspots.length).toBe(cadastre.hotspots.filter((h) => h.controller === id).length);
    }
  });
});
