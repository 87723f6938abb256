// The simulator's switches answer JUNIPER-DOM-MIB for their measuring ports, live on the real clock: the collector's
// optics readings equal the optics model at the instant the agent read them, on the right interface and segment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePoller } from '../../collector/device.js';
import { loadProfiles } from '../../config/profile.js';
import { loadCadastre } from '../../config/load.js';
import { resolveSnmp } from '../../config/secrets.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { SIM_THRESHOLDS } from '../../sim/optics.js';

const env = { IRIS_SNMP_COMMUNITY: 'optics-c', WIFI_SNMP_COMMUNITY: 'optics-w', IRIS_SNMP_V3_AUTH_KEY: 'optics-auth-1', IRIS_SNMP_V3_PRIV_KEY: 'optics-priv-1' };
const cadastre = loadCadastre('test/fixtures/cadastre-small');
let sim: SimNetworkHandle;
beforeAll(async () => { sim = await startSimNetwork(cadastre, { env }); });
afterAll(async () => { await sim?.close(); });

describe('simulated optics, polled live', () => {
  it('every measuring port of every switch and router: the model\'s levels and thresholds', async () => {
    const profiles = loadProfiles();
    let checked = 0;
    for (const device of cadastre.devices.filter((d) => d.role === 'switch' || d.role === 'router')) {
      const segments = new Map(cadastre.segments.filter((s) => s.measuredBy.device === device.id).map((s) => [s.id, s.measuredBy]));
      const poller = new DevicePoller(device, undefined, {
        device: device.id, host: '127.0.0.1', port: sim.ports[device.id], credentials: resolveSnmp(device, env), timeoutMs: 2000, retries: 1,
      }, { segments, hotspots: new Map() }, profiles);
      const o = await poller.poll();
      poller.close();
      expect(o.status, device.id).toBe('ok');
      // The profile is picked by the sysObjectID the simulator answers (a QFX5100's): if-mib with its optics.
      expect(poller.profileName).toBe('if-mib');
      const read = [o.time, sim.lastReadMs(device.id) as number];
      expect(o.optics.map((r) => r.segment).sort()).toEqual([...segments.keys()].sort());
      for (const r of o.optics) {
        const iface = sim.interfaces(device.id).find((i) => i.segment === r.segment);
        expect(r.ifIndex).toBe(iface?.ifIndex);
        expect(r.ifName).toBe(iface?.ifName);
        // Constant within a minute: the reading is the model's at one of the instants the agent read.
        const want = read.map((t) => sim.optics.levelsAt(r.segment as string, t)).map((l) => ({
          rx: Math.round((l.rx ?? 0) * 100) / 100, tx: Math.round((l.tx ?? 0) * 100) / 100, bias: Math.round((l.bias ?? 0) * 1000) / 1000, temp: Math.round(l.temp ?? 0),
        }));
        expect(want).toContainEqual({ rx: r.rx, tx: r.tx, bias: r.bias, temp: r.temp });
        expect(r).toMatchObject({ rxLowAlarm: SIM_THRESHOLDS.rxLowAlarm, rxLowWarn: SIM_THRESHOLDS.rxLowWarn, txLowAlarm: SIM_THRESHOLDS.txLowAlarm, biasHighAlarm: SIM_THRESHOLDS.biasHighAlarm, tempHighAlarm: SIM_THRESHOLDS.tempHighAlarm });
        if (sim.optics.ports.get(r.segment as string)?.condition === 'lost') expect(r.rx).toBe(-40);
        checked++;
      }
    }
    expect(checked).toBe(cadastre.segments.length);
  });
});
