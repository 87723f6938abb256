// Optical DOM of real devices' recorded walks (../shared/recordings, served by snmpsim), read by the if-mib
// profile's optics sources: every optical reading the walk holds lands on the right interface with the walk's
// value in dBm. The expected figures come from the walk files by another route: the Nexus names each sensor after
// its interface ("Ethernet1/1 Lane 1 Transceiver Receive Power Sensor" → the ifName Ethernet1/1), the QFX indexes
// its DOM table by ifIndex. The Arista (ENTITY-SENSOR-MIB, optical power in watts, no entAliasMappingTable) names
// the interface at the end of the sensor's name ("DOM RX Power Sensor for Ethernet1").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePoller, type PollOutcome } from '../../collector/device.js';
import { loadProfiles } from '../../config/profile.js';
import type { Device } from '../../config/schema.js';
import { RECORDINGS_DIR, recordingsMissing, startSnmpsim, type Snmpsim } from '../collector/helpers.js';

const WALKS = ['nxos_n3k-3064pq', 'junos_qfx5100', 'arista_eos'];
const missing = WALKS.map((w) => recordingsMissing(`${w}.snmprec`)).find(Boolean);
if (missing) console.warn(`optics recordings test skipped: ${missing}`);

function walk(name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(join(RECORDINGS_DIR, `${name}.snmprec`), 'utf8').split('\n')) {
    const [oid, , ...rest] = line.split('|');
    if (oid) out.set(oid, rest.join('|'));
  }
  return out;
}
const column = (w: Map<string, string>, prefix: string): Map<string, string> =>
  new Map([...w].filter(([o]) => o.startsWith(`${prefix}.`)).map(([o, v]) => [o.slice(prefix.length + 1), v]));

let sim: Snmpsim;
const outcomes = new Map<string, PollOutcome>();

describe.skipIf(Boolean(missing))('optics of recorded walks (snmpsim)', () => {
  beforeAll(async () => {
    sim = await startSnmpsim(WALKS[0]);
    const profiles = loadProfiles();
    for (const name of WALKS) {
      const device: Device = {
        id: name, site: 'bxl-hall', role: 'switch', target: `127.0.0.1:${sim.port}`,
        snmp: { version: 'v2c', community: { env: 'X' } }, timeoutMs: 4000, retries: 1, maxRepetitions: 50,
      } as Device;
      // No profile named: the sysObjectID the walk answers picks it (if-mib, the switches' catch-all).
      const poller = new DevicePoller(device, undefined, {
        device: name, host: '127.0.0.1', port: sim.port, credentials: { version: 'v2c', community: name }, timeoutMs: 4000, retries: 1,
      }, { segments: new Map(), hotspots: new Map() }, profiles);
      outcomes.set(name, await poller.poll());
      poller.close();
    }
  }, 120_000);
  afterAll(async () => { await sim?.stop(); });

  it('Nexus 3064PQ: its 16 dBm sensors (CISCO-ENTITY-SENSOR-MIB) land on the interfaces they name, with the walk\'s dBm', () => {
    const w = walk('nxos_n3k-3064pq');
    const o = outcomes.get('nxos_n3k-3064pq') as PollOutcome;
    expect(o.status).toBe('ok');
    const ifIndexOfName = new Map([...column(w, '1.3.6.1.2.1.31.1.1.1.1')].map(([i, n]) => [n, Number(i)]));
    const types = column(w, '1.3.6.1.4.1.9.9.91.1.1.1.1.1');
    const values = column(w, '1.3.6.1.4.1.9.9.91.1.1.1.1.4');
    const names = column(w, '1.3.6.1.2.1.47.1.1.1.1.7');
    const dbm = [...types].filter(([, t]) => t === '14').map(([k]) => k);
    expect(dbm.length).toBe(16);
    for (const k of dbm) {
      const name = names.get(k) as string;
      const ifName = name.split(' ')[0];
      const ifIndex = ifIndexOfName.get(ifName);
      expect(ifIndex, name).toBeDefined();
      const r = o.optics.find((x) => x.ifIndex === ifIndex && x.lane === 0);
      // Scale milli(8), precision 0 in this walk: the raw value is thousandths of a dBm.
      const want = Number(values.get(k)) / 1000;
      expect(/Receive/.test(name) ? r?.rx : r?.tx, name).toBe(want);
      expect(r?.ifName).toBe(ifName);
    }
    expect(o.optics.filter((r) => r.rx !== undefined).length).toBe(8);
    expect(o.optics.filter((r) => r.tx !== undefined).length).toBe(8);
    // Ethernet1/1: bias (micro-amperes) as mA, temperature (milli-°C) as °C, and the rx thresholds the walk holds.
    const e11 = o.optics.find((r) => r.ifName === 'Ethernet1/1');
    expect(e11).toMatchObject({ rx: -13.187, tx: -5.883, bias: 20.116, temp: 30.855, rxLowAlarm: -26.989, rxLowWarn: -25.228, rxHighWarn: -3.001, rxHighAlarm: -1.999, txLowAlarm: -11.023 });
  });

  it('QFX5100: JUNIPER-DOM-MIB on 6 interfaces, rx/tx in dBm, bias in mA, thresholds as reported', () => {
    const w = walk('junos_qfx5100');
    const o = outcomes.get('junos_qfx5100') as PollOutcome;
    expect(o.status).toBe('ok');
    const rx = column(w, '1.3.6.1.4.1.2636.3.60.1.1.1.1.5'), tx = column(w, '1.3.6.1.4.1.2636.3.60.1.1.1.1.7');
    const ifNames = column(w, '1.3.6.1.2.1.31.1.1.1.1');
    expect(rx.size).toBe(6);
    expect(o.optics.map((r) => r.ifIndex)).toEqual([...rx.keys()].map(Number));
    for (const [idx, v] of rx) {
      const r = o.optics.find((x) => x.ifIndex === Number(idx));
      // Hundredths of a dBm.
      expect(r?.rx, idx).toBe(Number(v) / 100);
      expect(r?.tx, idx).toBe(Number(tx.get(idx)) / 100);
      expect(r?.ifName).toBe(ifNames.get(idx));
    }
    expect(o.optics[0]).toMatchObject({ ifName: 'xe-0/0/0', rx: -2.3, tx: -1.88, bias: 5.588, temp: 42, rxLowAlarm: -13.09, rxLowWarn: -12.09, rxHighAlarm: 1, rxHighWarn: 0, biasHighAlarm: 50 });
    // xe-0/0/2: a module without DOM (every value and threshold 0): readings as the walk has them, no thresholds.
    const empty = o.optics.find((r) => r.ifName === 'xe-0/0/2');
    expect(empty?.rx).toBe(0);
    expect(empty?.rxLowAlarm).toBeUndefined();
  });

  it('Arista EOS: every DOM rx/tx power sensor (ENTITY-SENSOR-MIB, watts) on the interface its name ends with, in dBm', () => {
    const w = walk('arista_eos');
    const o = outcomes.get('arista_eos') as PollOutcome;
    expect(o.status).toBe('ok');
    const ifIndexOfName = new Map([...column(w, '1.3.6.1.2.1.31.1.1.1.1')].map(([i, n]) => [n, Number(i)]));
    const e = '1.3.6.1.2.1.99.1.1.1';
    const [types, scales, precisions, values] = [1, 2, 3, 4].map((c) => column(w, `${e}.${c}`));
    const names = column(w, '1.3.6.1.2.1.47.1.1.1.1.2');
    let checked = 0;
    for (const [k, name] of names) {
      const m = /^DOM (RX|TX) Power Sensor for (\S+)$/.exec(name);
      if (!m || types.get(k) !== '6') continue;
      const ifIndex = ifIndexOfName.get(m[2]);
      expect(ifIndex, name).toBeDefined();
      // watts × 10^(3·(scale − units) − precision), as mW, in dBm (no light: the −40 dBm floor).
      const mw = Number(values.get(k)) * 10 ** (3 * (Number(scales.get(k)) - 9) - Number(precisions.get(k))) * 1000;
      const want = Math.round(Math.max(-40, mw > 0 ? 10 * Math.log10(mw) : -40) * 1000) / 1000;
      const r = o.optics.find((x) => x.ifIndex === ifIndex && x.lane === 0);
      expect(m[1] === 'RX' ? r?.rx : r?.tx, name).toBe(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    console.info(`arista_eos: ${checked} optical power sensors checked`);
  });
});
