// Real SNMP over UDP on 127.0.0.1: Debian's snmpbulkwalk against the simulated agents.
import snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { apMacs } from '../../sim/mibs.js';
import { freePort } from '../../store/influxd.js';
import { ENV, SMALL, v2c, v3, walk } from './helpers.js';

const IFX = '1.3.6.1.2.1.31.1.1.1';
const U64 = 1n << 64n;

let cadastre: Cadastre;
let net: SimNetworkHandle;
const reads: Array<{ device: string; t: number }> = [];
const readsOf = (device: string): number[] => reads.filter((r) => r.device === device).map((r) => r.t);

beforeAll(async () => {
  cadastre = loadCadastre(SMALL);
  // An authNoPriv switch next to the fixture's authPriv one.
  cadastre.devices.push({
    ...cadastre.devices.find((d) => d.id === 'sw-mol')!, id: 'sw-nopriv',
    snmp: { version: 'v3', user: 'nopriv-ro', level: 'authNoPriv', authProtocol: 'sha', authKey: { env: 'IRIS_SNMP_V3_AUTH_KEY' }, privProtocol: 'aes' },
  });
  // The agents' clock runs from a Tuesday 11:00 in Brussels, so that hotspots have clients whatever the hour of the run.
  const offset = Date.UTC(2026, 10, 17, 10, 0) - Date.now();
  net = await startSimNetwork(cadastre, { env: ENV, padPorts: 48, now: () => Date.now() + offset, onRead: (device, t) => reads.push({ device, t }) });
});
afterAll(async () => { await net?.close(); });

describe('switch agents', () => {
  it('answer a GETBULK with N non-repeaters + M repetitions of each repeater, as RFC 3416 says', async () => {
    const session = snmp.createSession('127.0.0.1', ENV.IRIS_SNMP_COMMUNITY!, { port: net.ports['sw-bxl'], version: snmp.Version2c, timeout: 2000 });
    try {
      // sysUpTime as a non-repeater, then ifName, ifHCInOctets, ifHCOutOctets × 5 repetitions.
      const varbinds = await new Promise<Array<snmp.Varbind | snmp.Varbind[]>>((resolve, reject) => {
        session.getBulk(['1.3.6.1.2.1.1.3', `${IFX}.1`, `${IFX}.6`, `${IFX}.10`], 1, 5, (e, v) => (e ? reject(e) : resolve(v)));
      });
      // net-snmp's client hands back the non-repeaters, then one array per repeater of its repetitions.
      expect(varbinds).toHaveLength(4);
      expect((varbinds[0] as snmp.Varbind).oid).toBe('1.3.6.1.2.1.1.3.0');
      const columns = varbinds.slice(1) as snmp.Varbind[][];
      expect(columns.map((c) => c.map((v) => v.oid))).toEqual(['1', '6', '10'].map((col) => [1, 2, 3, 4, 5].map((i) => `${IFX}.${col}.${i}`)));
    } finally {
      session.close();
    }
  });

  it('list every interface of a switch in ifXTable, in lexicographic order, with ifAlias = segment', async () => {
    const r = await walk(net.ports['sw-bxl'], IFX, v2c(ENV.IRIS_SNMP_COMMUNITY!));
    expect(r.ok).toBe(true);
    const names = [...r.values].filter(([oid]) => oid.startsWith(`${IFX}.1.`)).map(([, v]) => v.value.replace(/"/g, ''));
    expect(names).toHaveLength(48);
    expect(names.slice(0, 2)).toEqual(['Fa0/2', 'Gi0/1']);
    expect(r.values.get(`${IFX}.18.1`)?.value).toBe('"S-6"');
    expect(r.values.get(`${IFX}.18.2`)?.value).toBe('"S-1"');
    expect(r.values.get(`${IFX}.15.1`)).toEqual({ type: 'Gauge32', value: '100' });
    expect(r.values.get(`${IFX}.6.1`)?.type).toBe('Counter64');
    // snmpbulkwalk checks the order itself ("OID not increasing"); the walk stayed inside ifXTable and ended cleanly.
    expect(r.stderr).not.toMatch(/not increasing/i);
    const oids = [...r.values.keys()];
    const cmp = (a: string, b: string): number => {
      const x = a.split('.').map(Number); const y = b.split('.').map(Number);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    };
    expect([...oids].sort(cmp)).toEqual(oids);
  });

  it('answers system with sysName and a sysUpTime from its boot time', async () => {
    reads.length = 0;
    const r = await walk(net.ports['sw-stg'], '1.3.6.1.2.1.1', v2c(ENV.IRIS_SNMP_COMMUNITY!));
    expect(r.values.get('1.3.6.1.2.1.1.5.0')?.value).toBe('"sw-stg"');
    const [t] = readsOf('sw-stg');
    const ticks = Number(/\((\d+)\)/.exec(r.values.get('1.3.6.1.2.1.1.3.0')!.value)![1]);
    expect(ticks).toBe(Math.floor((t - net.bootTimeMs('sw-stg')) / 10));
  });

  it('HC counters equal the model at the read instants, and grow by exactly octetsBetween', async () => {
    const port = net.ports['sw-bxl'];
    const boot = net.bootTimeMs('sw-bxl');
    const once = async (): Promise<{ t: number; in1: bigint; out1: bigint; in2: bigint; out2: bigint }> => {
      reads.length = 0;
      // One GETBULK (max-repetitions 400) reads the whole ifXTable (48 rows) at one instant.
      const r = await walk(port, IFX, v2c(ENV.IRIS_SNMP_COMMUNITY!), ['-Cr400']);
      const ts = readsOf('sw-bxl');
      expect(ts).toHaveLength(1);
      const v = (oid: string): bigint => BigInt(r.values.get(oid)!.value);
      return { t: ts[0], in1: v(`${IFX}.6.1`), out1: v(`${IFX}.10.1`), in2: v(`${IFX}.6.2`), out2: v(`${IFX}.10.2`) };
    };
    const a = await once();
    await new Promise((r) => setTimeout(r, 2500));
    const b = await once();
    const m = net.model;
    for (const s of [a, b]) {
      expect(s.in1).toBe(m.octetsBetween('S-6', 'ba', boot, s.t) % U64);
      expect(s.out1).toBe(m.octetsBetween('S-6', 'ab', boot, s.t) % U64);
      expect(s.in2).toBe(m.octetsBetween('S-1', 'ba', boot, s.t) % U64);
      expect(s.out2).toBe(m.octetsBetween('S-1', 'ab', boot, s.t) % U64);
    }
    expect(b.out2 - a.out2).toBe(m.octetsBetween('S-1', 'ab', a.t, b.t));
    expect(b.in2 - a.in2).toBe(m.octetsBetween('S-1', 'ba', a.t, b.t));
    expect(b.out1 - a.out1).toBe(m.octetsBetween('S-6', 'ab', a.t, b.t));
    expect(b.out2 - a.out2).toBeGreaterThan(0n);
  });

  it('32-bit ifInOctets/ifOutOctets are the same counters modulo 2^32', async () => {
    reads.length = 0;
    const r = await walk(net.ports['sw-sjtn'], '1.3.6.1.2.1.2.2.1', v2c(ENV.IRIS_SNMP_COMMUNITY!), ['-Cr500']);
    const ts = readsOf('sw-sjtn');
    expect(ts).toHaveLength(1);
    const t = ts[0];
    const boot = net.bootTimeMs('sw-sjtn');
    expect(r.values.get('1.3.6.1.2.1.2.2.1.10.1')).toEqual({ type: 'Counter32', value: String(net.model.octetsBetween('S-2', 'ba', boot, t) % (1n << 32n)) });
    expect(r.values.get('1.3.6.1.2.1.2.2.1.16.1')?.value).toBe(String(net.model.octetsBetween('S-2', 'ab', boot, t) % (1n << 32n)));
  });

  it('v3 authPriv (SHA/AES) walks; a wrong key gets the USM wrong-digest report; a wrong community gets nothing', async () => {
    const port = net.ports['sw-ixl'];
    const good = await walk(port, `${IFX}.1`, v3('irisnet-ro', 'authPriv', ENV.IRIS_SNMP_V3_AUTH_KEY!, ENV.IRIS_SNMP_V3_PRIV_KEY!));
    expect(good.ok).toBe(true);
    expect(good.values.get(`${IFX}.1.1`)?.value).toBe('"Gi0/1"');
    const bad = await walk(port, `${IFX}.1`, v3('irisnet-ro', 'authPriv', 'not-the-right-key', ENV.IRIS_SNMP_V3_PRIV_KEY!));
    expect(bad.ok).toBe(false);
    expect(bad.stderr).toMatch(/Authentication failure/);
    expect(bad.values.size).toBe(0);
    expect(net.usmStats('sw-ixl').wrongDigests).toBeGreaterThan(0);
    const badCommunity = await walk(net.ports['sw-bxl'], `${IFX}.1`, v2c('not-the-community'));
    expect(badCommunity.stderr).toMatch(/Timeout/);
    expect(badCommunity.values.size).toBe(0);
  });

  it('a net-snmp v3 session with a wrong key gets an authentication error (not a timeout)', async () => {
    const session = snmp.createV3Session('127.0.0.1', {
      name: 'irisnet-ro', level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha, authKey: 'definitely-wrong',
      privProtocol: snmp.PrivProtocols.aes, privKey: ENV.IRIS_SNMP_V3_PRIV_KEY!,
    }, { port: net.ports['sw-ixl'], version: snmp.Version3, timeout: 3000, retries: 0 });
    const error = await new Promise<Error | null>((resolve) => session.get(['1.3.6.1.2.1.1.5.0'], (e) => resolve(e)));
    session.close();
    expect(error).toBeInstanceOf(snmp.ResponseInvalidError);
    expect((error as InstanceType<typeof snmp.ResponseInvalidError>).code).toBe(5); // EAuthFailure
    expect(error?.message).toMatch(/Wrong Digest/);
    expect(error?.message).not.toContain('definitely-wrong');
  });

  it('v3 authNoPriv walks with the right key and is refused with a wrong one', async () => {
    const port = net.ports['sw-nopriv'];
    const good = await walk(port, '1.3.6.1.2.1.1.5', v3('nopriv-ro', 'authNoPriv', ENV.IRIS_SNMP_V3_AUTH_KEY!));
    expect(good.values.get('1.3.6.1.2.1.1.5.0')?.value).toBe('"sw-nopriv"');
    const bad = await walk(port, '1.3.6.1.2.1.1.5', v3('nopriv-ro', 'authNoPriv', 'wrong-key-here'));
    expect(bad.stderr).toMatch(/Authentication failure/);
  });
});

/** Runs the walks again when they straddled a minute boundary (AP values are constant within a UTC minute). */
async function withinOneMinute<T>(device: string, f: () => Promise<T>): Promise<T & { ts: number[] }> {
  for (;;) {
    reads.length = 0;
    const out = await f();
    const ts = readsOf(device);
    expect(ts.length).toBeGreaterThan(0);
    if (Math.floor(ts[0] / 60_000) === Math.floor(ts[ts.length - 1] / 60_000)) return { ...out, ts };
  }
}

describe('wifi controller agents', () => {
  const macOid = (mac: Buffer): string => [...mac].join('.');

  it('Cisco AIRESPACE: bsnAPTable by MAC, bsnAPIfTable users per slot = the model', async () => {
    const port = net.ports['wlc-bxl'];
    const { aps, radios, ts } = await withinOneMinute('wlc-bxl', async () => ({
      aps: await walk(port, '1.3.6.1.4.1.14179.2.2.1.1', v2c(ENV.WIFI_SNMP_COMMUNITY!)),
      radios: await walk(port, '1.3.6.1.4.1.14179.2.2.2.1.15', v2c(ENV.WIFI_SNMP_COMMUNITY!)),
    }));
    const mine = cadastre.hotspots.filter((h) => h.controller === 'wlc-bxl');
    const macs = apMacs(mine, 'cisco');
    for (const h of mine) {
      const idx = macOid(macs.get(h.id)!);
      expect(aps.values.get(`1.3.6.1.4.1.14179.2.2.1.1.3.${idx}`)?.value).toBe(`"${h.apName}"`);
      expect(aps.values.get(`1.3.6.1.4.1.14179.2.2.1.1.1.${idx}`)?.type).toBe('Hex-STRING');
      const t = ts[ts.length - 1];
      expect(aps.values.get(`1.3.6.1.4.1.14179.2.2.1.1.6.${idx}`)?.value).toBe(net.model.apUpAt(h.id, t) ? '1' : '2');
      const [r0, r1] = net.model.radioClientsAt(h.id, t);
      expect(radios.values.get(`1.3.6.1.4.1.14179.2.2.2.1.15.${idx}.0`)?.value).toBe(String(r0));
      expect(radios.values.get(`1.3.6.1.4.1.14179.2.2.2.1.15.${idx}.1`)?.value).toBe(String(r1));
      expect(r0 + r1).toBe(net.model.clientsAt(h.id, t));
    }
    expect(mine.some((h) => net.model.clientsAt(h.id, ts[0]) > 0)).toBe(true);
  });

  it('Aruba WLSX: wlsxWlanAPTable names and status, radio table clients = the model', async () => {
    const port = net.ports['wlc-ixl'];
    const { aps, radios, ts } = await withinOneMinute('wlc-ixl', async () => ({
      aps: await walk(port, '1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1', v2c(ENV.WIFI_SNMP_COMMUNITY!)),
      radios: await walk(port, '1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1.7', v2c(ENV.WIFI_SNMP_COMMUNITY!)),
    }));
    const mine = cadastre.hotspots.filter((h) => h.controller === 'wlc-ixl');
    expect(mine.length).toBe(3);
    const macs = apMacs(mine, 'aruba');
    const t = ts[ts.length - 1];
    for (const h of mine) {
      const idx = macOid(macs.get(h.id)!);
      expect(aps.values.get(`1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.3.${idx}`)?.value).toBe(`"${h.apName}"`);
      expect(aps.values.get(`1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.19.${idx}`)?.value).toBe(net.model.apUpAt(h.id, t) ? '1' : '2');
      const [r0, r1] = net.model.radioClientsAt(h.id, t);
      expect(radios.values.get(`1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1.7.${idx}.0`)).toEqual({ type: 'Gauge32', value: String(r0) });
      expect(radios.values.get(`1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1.7.${idx}.1`)?.value).toBe(String(r1));
    }
  });
});

describe('ports', () => {
  it('uses the cadastre port when asked, and names the device when it cannot bind', async () => {
    const c = loadCadastre(SMALL);
    const only = c.devices.filter((d) => d.id === 'sw-bxl');
    // A port free for TCP a moment ago may be taken for UDP by then (other tests open UDP sockets all the
    // time): try a few.
    let port = 0;
    let one: Awaited<ReturnType<typeof startSimNetwork>> | undefined;
    for (let attempt = 0; attempt < 5 && !one; attempt++) {
      port = await freePort();
      c.devices = only.map((d) => ({ ...d, target: `127.0.0.1:${port}` }));
      one = await startSimNetwork(c, { env: ENV, useCadastrePorts: true }).catch((e: unknown) => {
        if (e instanceof Error && e.message.includes('EADDRINUSE')) return undefined;
        throw e;
      });
    }
    if (!one) throw new Error('no free UDP port found in 5 attempts');
    try {
      expect(one.ports).toEqual({ 'sw-bxl': port });
      expect((await walk(port, '1.3.6.1.2.1.1.5', v2c(ENV.IRIS_SNMP_COMMUNITY!))).values.get('1.3.6.1.2.1.1.5.0')?.value).toBe('"sw-bxl"');
      await expect(startSimNetwork(c, { env: ENV, useCadastrePorts: true })).rejects.toThrow(`device sw-bxl: cannot listen on 127.0.0.1:${port}`);
    } finally {
      await one.close();
    }
  });
});
