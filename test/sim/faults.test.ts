// Each fault, through the library API and the loopback control endpoint, seen by Debian's SNMP tools.
import { execFile } from 'node:child_process';
import snmp from 'net-snmp';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { startControlServer } from '../../sim/control.js';
import { parseFault, parseFaultFlag } from '../../sim/faults.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { ENV, SMALL, v2c, v3, walk } from './helpers.js';

const exec = promisify(execFile);
const IFX = '1.3.6.1.2.1.31.1.1.1';
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const ENGINE_BOOTS = '1.3.6.1.6.3.10.2.1.2.0';
const iris = v2c(ENV.IRIS_SNMP_COMMUNITY!);

let net: SimNetworkHandle;
let control: Awaited<ReturnType<typeof startControlServer>>;
const reads: Array<{ device: string; t: number }> = [];
const lastRead = (device: string): number => reads.filter((r) => r.device === device).at(-1)!.t;
const ticks = (v: string | undefined): number => Number(/\((\d+)\)/.exec(v ?? '')?.[1]);

beforeAll(async () => {
  net = await startSimNetwork(loadCadastre(SMALL), { env: ENV, padPorts: 4, onRead: (device, t) => reads.push({ device, t }) });
  control = await startControlServer(net, 0);
});
afterAll(async () => { await control?.close(); await net?.close(); });

describe('fault specs', () => {
  it('parse from the CLI form and name what is wrong', () => {
    expect(parseFaultFlag('sw-bxl=slow:2500')).toEqual({ device: 'sw-bxl', fault: { kind: 'slow', delayMs: 2500 } });
    expect(parseFaultFlag('sw-bxl=partial:3')).toEqual({ device: 'sw-bxl', fault: { kind: 'partial', dropRows: 3 } });
    expect(parseFault('counters32')).toEqual({ kind: 'counters32' });
    expect(parseFault('reboot')).toEqual({ kind: 'reboot' });
    expect(parseFaultFlag('sw-bxl=reboot:90')).toEqual({ device: 'sw-bxl', fault: { kind: 'reboot', downSeconds: 90 } });
    expect(parseFaultFlag('sw-bxl=link-down:Gi0/1')).toEqual({ device: 'sw-bxl', fault: { kind: 'link-down', ifName: 'Gi0/1' } });
    expect(() => parseFault('link-down')).toThrow(/link-down:IFNAME/);
    expect(() => parseFault('explode')).toThrow(/invalid fault "explode"/);
    expect(() => parseFaultFlag('down')).toThrow(/DEVICE=KIND/);
  });
});

describe('faults', () => {
  it('down: no answer at all, until cleared', async () => {
    net.setFault('sw-stg', { kind: 'down' });
    const r = await walk(net.ports['sw-stg'], '1.3.6.1.2.1.1.5', iris);
    expect(r.stderr).toMatch(/Timeout/);
    expect(r.values.size).toBe(0);
    net.setFault('sw-stg', null);
    expect((await walk(net.ports['sw-stg'], '1.3.6.1.2.1.1.5', iris)).values.get('1.3.6.1.2.1.1.5.0')?.value).toBe('"sw-stg"');
  });

  it('slow: a manager with a shorter timeout gets nothing, a patient one gets the answer', async () => {
    net.setFault('sw-and', { kind: 'slow', delayMs: 1500 });
    const impatient = await walk(net.ports['sw-and'], '1.3.6.1.2.1.1.5', iris, ['-t', '0.5']);
    expect(impatient.values.size).toBe(0);
    const patient = await walk(net.ports['sw-and'], '1.3.6.1.2.1.1.5', iris, ['-t', '4']);
    expect(patient.values.get('1.3.6.1.2.1.1.5.0')?.value).toBe('"sw-and"');
    net.setFault('sw-and', null);
  });

  it('reboot: sysUpTime and counters restart from zero, snmpEngineBoots counts one more boot', async () => {
    const port = net.ports['sw-sjtn'];
    const before = await walk(port, '1.3.6.1.2.1.1.3', iris);
    const bootsBefore = Number((await walk(port, ENGINE_BOOTS, iris)).values.get(ENGINE_BOOTS)?.value);
    expect(ticks(before.values.get(SYS_UPTIME)?.value)).toBeGreaterThan(720_000); // up for more than 2 h
    net.setFault('sw-sjtn', { kind: 'reboot' });
    const boot = net.bootTimeMs('sw-sjtn');
    const after = await walk(port, '1.3.6.1.2.1', iris, ['-Cr400']);
    const t = lastRead('sw-sjtn');
    expect(ticks(after.values.get(SYS_UPTIME)?.value)).toBe(Math.floor((t - boot) / 10));
    expect(ticks(after.values.get(SYS_UPTIME)?.value)).toBeLessThan(1000);
    expect(after.values.get(`${IFX}.10.1`)?.value).toBe(String(net.model.octetsBetween('S-2', 'ab', boot, t)));
    expect(Number((await walk(port, ENGINE_BOOTS, iris)).values.get(ENGINE_BOOTS)?.value)).toBe(bootsBefore + 1);
    expect(net.faults()['sw-sjtn']).toBeUndefined(); // one-shot
  });

  it('reboot:SECONDS: no answer while it boots, then uptime counts from the end of the boot', async () => {
    const port = net.ports['sw-mol'];
    net.setFault('sw-mol', { kind: 'reboot', downSeconds: 2 });
    const boot = net.bootTimeMs('sw-mol');
    const during = await walk(port, '1.3.6.1.2.1.1.3', iris);
    expect(during.values.size).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(0, boot - Date.now()) + 50));
    const after = await walk(port, '1.3.6.1.2.1.1.3', iris);
    expect(ticks(after.values.get(SYS_UPTIME)?.value)).toBe(Math.floor((lastRead('sw-mol') - boot) / 10));
  });

  it('link-down: the interface reports ifOperStatus down(2) until cleared, the others up(1)', async () => {
    const OPER = '1.3.6.1.2.1.2.2.1.8';
    const [gi1, fa2] = ['Gi0/1', 'Fa0/2'].map((n) => net.interfaces('sw-bxl').find((i) => i.ifName === n)!.ifIndex);
    net.setFault('sw-bxl', { kind: 'link-down', ifName: 'Gi0/1' });
    const down = await walk(net.ports['sw-bxl'], OPER, iris);
    expect([down.values.get(`${OPER}.${gi1}`)?.value, down.values.get(`${OPER}.${fa2}`)?.value]).toEqual(['2', '1']);
    net.setFault('sw-bxl', null);
    const up = await walk(net.ports['sw-bxl'], OPER, iris);
    expect(up.values.get(`${OPER}.${gi1}`)?.value).toBe('1');
  });

  it('reboot of a v3 device: a fresh v3 manager still walks it', async () => {
    const auth = v3('irisnet-ro', 'authPriv', ENV.IRIS_SNMP_V3_AUTH_KEY!, ENV.IRIS_SNMP_V3_PRIV_KEY!);
    const boots = net.engineBoots('sw-ixl');
    net.setFault('sw-ixl', { kind: 'reboot' });
    expect(net.engineBoots('sw-ixl')).toBe(boots + 1);
    const r = await walk(net.ports['sw-ixl'], '1.3.6.1.2.1.1.3', auth);
    expect(ticks(r.values.get(SYS_UPTIME)?.value)).toBeLessThan(1000);
  });

  it('reboot of a v3 device: a long-lived net-snmp session gets a notInTimeWindow report and resynchronises', async () => {
    const session = snmp.createV3Session('127.0.0.1', {
      name: 'irisnet-ro', level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha, authKey: ENV.IRIS_SNMP_V3_AUTH_KEY!,
      privProtocol: snmp.PrivProtocols.aes, privKey: ENV.IRIS_SNMP_V3_PRIV_KEY!,
    }, { port: net.ports['sw-ixl'], version: snmp.Version3, timeout: 1000, retries: 0 });
    const get = (): Promise<string> => new Promise((resolve) => {
      session.get(['1.3.6.1.2.1.1.5.0'], (error, vbs) => resolve(error ? `error: ${error.message}` : String(vbs[0].value)));
    });
    try {
      expect(await get()).toBe('sw-ixl');
      const before = net.usmStats('sw-ixl').notInTimeWindows;
      net.setFault('sw-ixl', { kind: 'reboot' });
      // net-snmp's session takes the new boots/time from the authenticated report and resends the request.
      expect(await get()).toBe('sw-ixl');
      expect(net.usmStats('sw-ixl').notInTimeWindows).toBe(before + 1);
      expect(await get()).toBe('sw-ixl');
      expect(net.usmStats('sw-ixl').notInTimeWindows).toBe(before + 1);
    } finally {
      session.close();
    }
  });

  it('counters32: ifXTable has no HC columns; ifInOctets/ifOutOctets wrap at 2^32', async () => {
    const port = net.ports['sw-mol'];
    net.setFault('sw-mol', { kind: 'counters32' });
    const x = await walk(port, IFX, iris);
    const columns = new Set([...x.values.keys()].map((oid) => Number(oid.slice(IFX.length + 1).split('.')[0])));
    expect([...columns].sort((a, b) => a - b)).toEqual([1, 15, 18]);
    const r = await walk(port, '1.3.6.1.2.1.2.2.1.16', iris);
    // sw-mol measures no segment in the fixture: its ports are padding, silent; the fault still applies.
    expect(r.values.size).toBe(4);
    net.setFault('sw-bxl', { kind: 'counters32' });
    const b = await walk(net.ports['sw-bxl'], '1.3.6.1.2.1.2.2.1', iris, ['-Cr400']);
    const tb = lastRead('sw-bxl');
    const bootB = net.bootTimeMs('sw-bxl');
    const total = net.model.octetsBetween('S-1', 'ab', bootB, tb);
    expect(total).toBeGreaterThan(1n << 32n); // it has wrapped
    expect(b.values.get('1.3.6.1.2.1.2.2.1.16.2')).toEqual({ type: 'Counter32', value: String(total % (1n << 32n)) });
    const hcRows = async (): Promise<number> =>
      [...(await walk(net.ports['sw-bxl'], `${IFX}.6`, iris)).values.keys()].filter((oid) => oid.startsWith(`${IFX}.6.`)).length;
    expect(await hcRows()).toBe(0);
    net.setFault('sw-bxl', null);
    net.setFault('sw-mol', null);
    expect(await hcRows()).toBe(4);
    expect(r.values.get('1.3.6.1.2.1.2.2.1.16.1')?.value).toBe('0');
  });

  it('partial: rows go missing from ifTable and ifXTable', async () => {
    net.setFault('sw-and', { kind: 'partial', dropRows: 3 });
    const x = await walk(net.ports['sw-and'], `${IFX}.1`, iris);
    expect([...x.values.values()].map((v) => v.value)).toEqual(['"Gi0/1"']);
    const t = await walk(net.ports['sw-and'], '1.3.6.1.2.1.2.2.1.2', iris);
    expect(t.values.size).toBe(1);
    net.setFault('sw-and', null);
    expect((await walk(net.ports['sw-and'], `${IFX}.1`, iris)).values.size).toBe(4);
  });

  it('partial on a wifi controller drops radio rows while the AP rows stay', async () => {
    net.setFault('wlc-ixl', { kind: 'partial', dropRows: 1 });
    const wifi = v2c(ENV.WIFI_SNMP_COMMUNITY!);
    expect((await walk(net.ports['wlc-ixl'], '1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.3', wifi)).values.size).toBe(3);
    expect((await walk(net.ports['wlc-ixl'], '1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1.7', wifi)).values.size).toBe(4);
    net.setFault('wlc-ixl', null);
  });

  it('malformed: replies arrive but do not parse', async () => {
    net.setFault('wlc-bxl', { kind: 'malformed' });
    let out = '';
    try {
      const r = await exec('snmpget', ['-v2c', '-c', ENV.WIFI_SNMP_COMMUNITY!, '-On', '-d', '-t', '0.5', '-r', '1', `127.0.0.1:${net.ports['wlc-bxl']}`, '1.3.6.1.2.1.1.5.0'], { encoding: 'utf8' });
      out = r.stdout + r.stderr;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      out = (err.stdout ?? '') + (err.stderr ?? '');
    }
    expect(out).toMatch(/Received \d+ byte packet/);
    expect(out).not.toMatch(/STRING: "wlc-bxl"/);
    net.setFault('wlc-bxl', null);
    expect((await walk(net.ports['wlc-bxl'], '1.3.6.1.2.1.1.5', v2c(ENV.WIFI_SNMP_COMMUNITY!))).values.get('1.3.6.1.2.1.1.5.0')?.value).toBe('"wlc-bxl"');
  });
});

describe('control endpoint', () => {
  const url = (p: string): string => `http://127.0.0.1:${control.port}${p}`;

  it('sets, lists and clears faults; rejects bad bodies and unknown devices', async () => {
    let res = await fetch(url('/faults/sw-stg'), { method: 'POST', body: JSON.stringify({ kind: 'down' }) });
    expect(res.status).toBe(200);
    expect(await (await fetch(url('/faults'))).json()).toEqual({ 'sw-stg': { kind: 'down' } });
    expect((await walk(net.ports['sw-stg'], '1.3.6.1.2.1.1.5', iris)).values.size).toBe(0);
    res = await fetch(url('/faults/sw-stg'), { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await (await fetch(url('/faults'))).json()).toEqual({});
    expect((await walk(net.ports['sw-stg'], '1.3.6.1.2.1.1.5', iris)).values.size).toBe(1);

    res = await fetch(url('/faults/sw-stg'), { method: 'POST', body: JSON.stringify({ kind: 'slow' }) });
    expect(res.status).toBe(400);
    expect((await res.json() as { error: string }).error).toMatch(/delayMs/);
    res = await fetch(url('/faults/nope'), { method: 'POST', body: JSON.stringify({ kind: 'down' }) });
    expect(res.status).toBe(404);
    expect(await (await fetch(url('/ports'))).json()).toEqual(net.ports);
  });
});
