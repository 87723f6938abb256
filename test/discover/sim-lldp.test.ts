// The simulator's neighbour tables (LLDP-MIB, CISCO-CDP-MIB) for the demo topology, read over real SNMP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import snmp from 'net-snmp';
import { loadCadastre } from '../../config/load.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { farEnds } from '../../sim/mibs.js';

const env = { IRIS_SNMP_COMMUNITY: 'lldp-test', IRIS_SNMP_V3_AUTH_KEY: 'authkey-lldp-1', IRIS_SNMP_V3_PRIV_KEY: 'privkey-lldp-1', WIFI_SNMP_COMMUNITY: 'wifi-lldp' };
const cadastre = loadCadastre('config/demo');
let net: SimNetworkHandle;

function walk(port: number, oid: string): Promise<Array<{ oid: string; value: string }>> {
  const s = snmp.createSession('127.0.0.1', env.IRIS_SNMP_COMMUNITY, { port, version: snmp.Version2c, timeout: 2000 });
  const out: Array<{ oid: string; value: string }> = [];
  return new Promise((resolve, reject) => {
    s.subtree(oid, 20, (vbs) => { for (const v of vbs) out.push({ oid: v.oid, value: Buffer.isBuffer(v.value) ? v.value.toString('latin1') : String(v.value) }); },
      (err) => { s.close(); if (err) reject(err); else resolve(out); });
  });
}

beforeAll(async () => { net = await startSimNetwork(cadastre, { env, farEndPorts: true }); });
afterAll(async () => { await net?.close(); });

describe('simulated LLDP and CDP', () => {
  it('names the far end switch and port as the neighbour of a measuring port, on both sides', async () => {
    expect(farEnds(cadastre).get('IRIS-001')).toEqual({ device: 'rt-pop-sud-est', port: 'Hu0/1/1' });
    const seg = cadastre.segments.find((s) => s.id === 'IRIS-008')!;
    const far = farEnds(cadastre).get(seg.id)!;
    expect(far.device).toBe('sw-hall-bruxelles');
    expect(far.port).toMatch(/^Te2\/0\/\d+$/);
    const a = net.interfaces(seg.measuredBy.device).find((i) => i.segment === seg.id)!;
    const rem = await walk(net.ports[seg.measuredBy.device], '1.0.8802.1.1.2.1.4.1.1');
    // INDEX { lldpRemTimeMark, lldpRemLocalPortNum, lldpRemIndex }: 0.<ifIndex>.1
    expect(rem.find((r) => r.oid === `1.0.8802.1.1.2.1.4.1.1.9.0.${a.ifIndex}.1`)?.value).toBe(far.device);
    expect(rem.find((r) => r.oid === `1.0.8802.1.1.2.1.4.1.1.7.0.${a.ifIndex}.1`)?.value).toBe(far.port);
    expect(rem.find((r) => r.oid === `1.0.8802.1.1.2.1.4.1.1.6.0.${a.ifIndex}.1`)?.value).toBe('5');
    const loc = await walk(net.ports[seg.measuredBy.device], '1.0.8802.1.1.2.1.3.7.1');
    expect(loc.find((r) => r.oid === `1.0.8802.1.1.2.1.3.7.1.3.${a.ifIndex}`)?.value).toBe(seg.measuredBy.ifName);
    const cdp = await walk(net.ports[seg.measuredBy.device], '1.3.6.1.4.1.9.9.23.1.2.1.1');
    expect(cdp.find((r) => r.oid === `1.3.6.1.4.1.9.9.23.1.2.1.1.6.${a.ifIndex}.1`)?.value).toBe(far.device);
    expect(cdp.find((r) => r.oid === `1.3.6.1.4.1.9.9.23.1.2.1.1.7.${a.ifIndex}.1`)?.value).toBe(far.port);
    // The far end sees the measuring port back.
    const b = net.interfaces(far.device).find((i) => i.farEndOf === seg.id)!;
    expect(b.ifName).toBe(far.port);
    const remB = await walk(net.ports[far.device], '1.0.8802.1.1.2.1.4.1.1.7');
    expect(remB.find((r) => r.oid === `1.0.8802.1.1.2.1.4.1.1.7.0.${b.ifIndex}.1`)?.value).toBe(seg.measuredBy.ifName);
  });

  it('serves one LLDP neighbour per segment end and none on wifi controllers', async () => {
    const ends = farEnds(cadastre);
    let total = 0;
    for (const d of cadastre.devices.filter((x) => x.role === 'switch')) {
      const rows = await walk(net.ports[d.id], '1.0.8802.1.1.2.1.4.1.1.9');
      total += rows.length;
    }
    const onSwitches = cadastre.segments.filter((s) => cadastre.devices.find((d) => d.id === s.measuredBy.device)?.role === 'switch').length
      + [...ends.values()].filter((e) => e.device.startsWith('sw-')).length;
    expect(total).toBe(onSwitches);
    const ctl = cadastre.devices.find((d) => d.role === 'wifi-controller')!;
    expect(ends.size).toBe(331);
    expect(net.interfaces(ctl.id).some((i) => i.neighbour)).toBe(false);
  });
});
