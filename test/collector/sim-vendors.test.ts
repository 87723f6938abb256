// The simulator answers the single-table controller vendors (Catalyst 9800 cLApTable, Ruckus ZoneDirector,
// Meraki cloud), Fortinet's fgWcWtpSessionTable, Ruckus SmartZone's per-SSID ruckusSZWLANTable and a UniFi AP's
// own unifiVapTable, and the collector reads them with their profiles: every AP, clients = the model's radios
// summed, up as the model says where the vendor has a status column, unknown where it has none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePoller } from '../../collector/device.js';
import { loadProfiles } from '../../config/profile.js';
import { loadCadastre } from '../../config/load.js';
import { resolveSnmp } from '../../config/secrets.js';
import type { Device } from '../../config/schema.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';

const env = { IRIS_SNMP_COMMUNITY: 'sv-c', WIFI_SNMP_COMMUNITY: 'sv-w', IRIS_SNMP_V3_AUTH_KEY: 'sv-auth-12', IRIS_SNMP_V3_PRIV_KEY: 'sv-priv-12' };
const fixture = loadCadastre('test/fixtures/cadastre-small');
const VENDORS = ['cisco-lwapp', 'ruckus-zonedirector', 'meraki-cloud', 'fortinet-wtp', 'ruckus-smartzone', 'unifi-ap'] as const;
/** Vendors without an AP status column: up is unknown. */
const NO_STATUS = new Set<string>(['cisco-lwapp', 'fortinet-wtp', 'ruckus-smartzone', 'unifi-ap']);
const profiles = loadProfiles();
// wlc-bxl becomes each vendor in turn (one network per vendor: its MIB is built at start).
const nets = new Map<string, SimNetworkHandle>();
// A UniFi AP is its own agent (its sysName is the AP's name): wlc-bxl keeps H-1 alone, the others move to wlc-ixl.
const withProfile = (profile: string) => ({
  ...fixture,
  devices: fixture.devices.map((d) => (d.id === 'wlc-bxl' ? { ...d, profile } : d)),
  hotspots: profile !== 'unifi-ap' ? fixture.hotspots
    : fixture.hotspots.map((h) => (h.controller === 'wlc-bxl' && h.id !== 'H-1' ? { ...h, controller: 'wlc-ixl' } : h)),
});

// The simulator's clock runs at today's 12:00 UTC (midday in Brussels), when the model's hotspots have clients: at
// night every count is 0 and a cell left unwritten would pass. The collector stamps its own (real) time.
const DAY = 86_400_000;
const offset = Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000 - Date.now();
const simNow = (): number => Date.now() + offset;

beforeAll(async () => { for (const v of VENDORS) nets.set(v, await startSimNetwork(withProfile(v), { env, now: simNow })); });
afterAll(async () => { for (const n of nets.values()) await n.close(); });

describe('simulated controller vendors', () => {
  for (const v of VENDORS) {
    it(`${v}: every AP, clients = the model's radios, up as the model (or unknown without a status column)`, async () => {
      const net = nets.get(v)!;
      const d = withProfile(v).devices.find((x) => x.id === 'wlc-bxl') as Device;
      const hs = withProfile(v).hotspots.filter((h) => h.controller === 'wlc-bxl');
      expect(hs.length).toBe(v === 'unifi-ap' ? 1 : 3);
      // Without profile: the sysObjectID picks it, except for cisco-lwapp (no prefix declared: if-mib's catch-all).
      const p = new DevicePoller(d, profiles.get(v), {
        device: d.id, host: '127.0.0.1', port: net.ports[d.id], credentials: resolveSnmp(d, env), timeoutMs: 2000, retries: 1,
      }, { segments: new Map(), hotspots: new Map(hs.map((h) => [h.apName, h.id])) }, profiles);
      const o = await p.poll();
      p.close();
      expect(o.status).toBe('ok');
      expect(o.hotspots.map((h) => h.hotspot).sort()).toEqual(hs.map((h) => h.id).sort());
      for (const h of o.hotspots) {
        const [r0, r1] = net.model.radioClientsAt(h.hotspot, o.time + offset);
        expect(h.clients, h.hotspot).toBe(r0 + r1);
        expect(h.scope, h.hotspot).toBe(v === 'ruckus-smartzone' ? 'ssid' : undefined);
        if (NO_STATUS.has(v)) expect(h.up).toBeUndefined();
        else expect(h.up, h.hotspot).toBe(net.model.apUpAt(h.hotspot, o.time + offset));
      }
      expect(o.hotspots.reduce((n, h) => n + (h.clients ?? 0), 0)).toBeGreaterThan(0);
    });
  }

  it('sysObjectID selection finds every vendor but cisco-lwapp', async () => {
    for (const v of VENDORS.filter((x) => x !== 'cisco-lwapp')) {
      const net = nets.get(v)!;
      const d = { ...(withProfile(v).devices.find((x) => x.id === 'wlc-bxl') as Device), profile: undefined };
      const p = new DevicePoller(d, undefined, {
        device: d.id, host: '127.0.0.1', port: net.ports[d.id], credentials: resolveSnmp(d, env), timeoutMs: 2000, retries: 1,
      }, { segments: new Map(), hotspots: new Map() }, profiles);
      const o = await p.poll();
      p.close();
      expect(o.status, v).toBe('ok');
      expect(p.profileName).toBe(v);
    }
  });
});
