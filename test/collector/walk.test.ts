// The multi-column GETBULK walk reads every cell whatever max-repetitions is, also against an agent that
// answers fewer bindings than asked (net-snmp's agent caps the total at max-repetitions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePoller } from '../../collector/device.js';
import { loadProfiles, type Profile } from '../../config/profile.js';
import { loadCadastre } from '../../config/load.js';
import { resolveSnmp } from '../../config/secrets.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';

const env = { IRIS_SNMP_COMMUNITY: 'walk-c', WIFI_SNMP_COMMUNITY: 'walk-w', IRIS_SNMP_V3_AUTH_KEY: 'walk-auth-1', IRIS_SNMP_V3_PRIV_KEY: 'walk-priv-1' };
const cadastre = loadCadastre('test/fixtures/cadastre-small');
let sim: SimNetworkHandle;
beforeAll(async () => { sim = await startSimNetwork(cadastre, { env, padPorts: 48 }); });
afterAll(async () => { await sim?.close(); });

describe('GETBULK table walk', () => {
  it.each([1, 3, 25, 200])('reads all 48 interfaces × 11 columns with max-repetitions %i', async (maxRepetitions) => {
    const device = { ...cadastre.devices.find((d) => d.id === 'sw-bxl') as (typeof cadastre.devices)[number], maxRepetitions };
    const poller = new DevicePoller(device, loadProfiles().get('if-mib') as Profile, {
      device: device.id, host: '127.0.0.1', port: sim.ports[device.id], credentials: resolveSnmp(device, env), timeoutMs: 2000, retries: 1,
    }, { segments: new Map(), hotspots: new Map() });
    const o = await poller.poll();
    poller.close();
    expect(o.status).toBe('ok');
    // The profile's 15 columns, of which the simulator serves 11 (no error/discard counters: left absent).
    expect(o.values).toBe(48 * 11 + 1);
    expect(o.interfaces.every((i) => i.inErrorsPs === undefined && i.outDiscardsPs === undefined)).toBe(true);
    expect(o.interfaces.map((i) => i.ifName)).toEqual(sim.interfaces('sw-bxl').map((i) => i.ifName));
    expect(o.interfaces.find((i) => i.ifName === 'Fa0/2')?.speedBps).toBe(100_000_000);
  });

  it('joins child rows by index prefix: clients summed over each AP\'s radios', async () => {
    const device = cadastre.devices.find((d) => d.id === 'wlc-ixl') as (typeof cadastre.devices)[number];
    const hotspots = new Map(cadastre.hotspots.filter((h) => h.controller === device.id).map((h) => [h.apName, h.id]));
    const poller = new DevicePoller(device, loadProfiles().get('aruba-wlsx') as Profile, {
      device: device.id, host: '127.0.0.1', port: sim.ports[device.id], credentials: resolveSnmp(device, env), timeoutMs: 2000, retries: 1,
    }, { segments: new Map(), hotspots });
    const o = await poller.poll();
    poller.close();
    expect(o.hotspots.map((h) => h.hotspot).sort()).toEqual(['H-4', 'H-5', 'H-6']);
    for (const h of o.hotspots) {
      const [r0, r1] = sim.model.radioClientsAt(h.hotspot, o.time);
      expect(h.clients).toBe(r0 + r1);
    }
  });
});
