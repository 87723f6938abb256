// The collector against recorded walks of real devices (../shared/recordings/, LibreNMS's test corpus), served
// by Debian's snmpsim. Every interface and AP a walk holds is written exactly once per poll, every rate is
// 0 bit/s (the recorded counters never move), and clients per AP equal the walk's sum over its radios.
// No device names its profile: each is picked by the sysObjectID the walk answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import snmp from 'net-snmp';
import { startCollector, type CollectorHandle } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import type { Device, Hotspot } from '../../config/schema.js';
import type { InfluxStore, Row } from '../../store/influx.js';
import { freshDatabase } from '../support/influx.js';
import { cadastreWith, freeUdpPort, sleep } from './helpers.js';

// From the project root (the main checkout); a worktree elsewhere points at them with IRIS_RECORDINGS.
const DIR = process.env.IRIS_RECORDINGS ?? resolve('../shared/recordings');
const SNMPSIMD = '/usr/bin/snmpsimd';
const present = existsSync(join(DIR, 'procurve.snmprec')) && existsSync(SNMPSIMD);
if (!present) console.warn(`recordings test skipped: ${existsSync(SNMPSIMD) ? `no recorded walks at ${DIR}` : 'snmpsimd missing (apt-get install snmpsim)'}`);

type Walk = Map<string, { type: string; value: string }>;
function readWalk(name: string): Walk {
  const out: Walk = new Map();
  for (const line of readFileSync(join(DIR, `${name}.snmprec`), 'utf8').split('\n')) {
    const [oid, type, ...rest] = line.split('|');
    if (oid && type) out.set(oid, { type, value: rest.join('|') });
  }
  return out;
}
/** index → value of one column (<entry>.<col>.<index>). */
function column(w: Walk, entry: string, col: number): Map<string, string> {
  const prefix = `${entry}.${col}.`;
  const out = new Map<string, string>();
  for (const [oid, v] of w) if (oid.startsWith(prefix)) out.set(oid.slice(prefix.length), v.value);
  return out;
}
const IF = '1.3.6.1.2.1.2.2.1', IFX = '1.3.6.1.2.1.31.1.1.1';

const SWITCHES = ['procurve', 'arista_eos', 'junos_qfx5100', 'nxos_n3k-3064pq'];
/** Per controller walk: its APs (name → clients summed over radios, as the walk holds them). */
const CONTROLLERS: Record<string, { profile: string; aps: (w: Walk) => Map<string, number> }> = {
  arubaos: {
    profile: 'aruba-wlsx',
    aps: (w) => {
      const radio = '1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1';
      const names = column(w, radio, 16), clients = column(w, radio, 7);
      const out = new Map<string, number>();
      for (const [idx, name] of names) out.set(name, (out.get(name) ?? 0) + Number(clients.get(idx) ?? 0));
      return out;
    },
  },
  ciscowlc_cbw240ac: {
    profile: 'cisco-airespace',
    aps: (w) => {
      const names = column(w, '1.3.6.1.4.1.14179.2.2.1.1', 3), users = column(w, '1.3.6.1.4.1.14179.2.2.2.1', 15);
      return new Map([...names].map(([mac, name]) => [name, [...users].filter(([k]) => k.startsWith(`${mac}.`)).reduce((a, [, v]) => a + Number(v), 0)]));
    },
  },
  fortigate_fwf60d: {
    profile: 'fortinet-wtp',
    aps: (w) => {
      const names = column(w, '1.3.6.1.4.1.12356.101.14.4.4.1', 1), st = column(w, '1.3.6.1.4.1.12356.101.14.4.4.1', 17);
      return new Map([...names].map(([k, name]) => [name, Number(st.get(k))]));
    },
  },
  'ruckuswireless-sz': {
    profile: 'ruckus-smartzone',
    aps: (w) => {
      const e = '1.3.6.1.4.1.25053.1.4.2.1.1.1.2.1';
      const ssid = column(w, e, 1), st = column(w, e, 12);
      return new Map([...ssid].map(([k, name]) => [name, Number(st.get(k))]));
    },
  },
  unifi: {
    profile: 'unifi-ap',
    aps: (w) => new Map([[w.get('1.3.6.1.2.1.1.5.0')?.value ?? '', [...column(w, '1.3.6.1.4.1.41112.1.6.1.2.1', 8).values()].reduce((a, v) => a + Number(v), 0)]]),
  },
};

const env: Record<string, string> = {};
let agent: ChildProcess | undefined;
let store: InfluxStore;
let collector: CollectorHandle | undefined;
let work: string;
const logs: string[] = [];

async function answers(port: number, community: string): Promise<boolean> {
  const s = snmp.createSession('127.0.0.1', community, { port, version: snmp.Version2c, timeout: 500, retries: 0 });
  try {
    return await new Promise<boolean>((res) => s.get(['1.3.6.1.2.1.1.2.0'], (e) => res(!e)));
  } finally { s.close(); }
}

describe.skipIf(!present)('recorded walks of real devices (snmpsim)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'recordings-'));
    chmodSync(work, 0o777); // snmpsimd drops to nobody and keeps its index cache here
    const port = await freeUdpPort();
    agent = spawn(SNMPSIMD, [`--data-dir=${DIR}`, `--cache-dir=${join(work, 'cache')}`, `--agent-udpv4-endpoint=127.0.0.1:${port}`,
      '--process-user=nobody', '--process-group=nogroup', `--logging-method=file:${join(work, 'snmpsim.log')}`], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (!(await answers(port, 'procurve'))) {
      if (Date.now() > deadline) throw new Error('snmpsimd did not answer within 60 s');
      await sleep(200);
    }
    const devices: Device[] = [];
    const hotspots: Hotspot[] = [];
    for (const name of [...SWITCHES, ...Object.keys(CONTROLLERS)]) {
      const id = name.replace(/_/g, '-');
      const v = `REC_${id.replace(/-/g, '_').toUpperCase()}`;
      env[v] = name;
      devices.push({
        id, site: 'bxl-hall', role: SWITCHES.includes(name) ? 'switch' : 'wifi-controller', target: `127.0.0.1:${port}`,
        snmp: { version: 'v2c', community: { env: v } }, intervalSeconds: 8, timeoutMs: 4000, retries: 1, maxRepetitions: 50,
      });
      const c = CONTROLLERS[name];
      if (c) {
        let k = 0;
        for (const ap of c.aps(readWalk(name)).keys()) {
          hotspots.push({ id: `${id}-ap${++k}`, name: ap, coordinates: [4.35, 50.85], commune: 'Bruxelles', controller: id, apName: ap });
        }
      }
    }
    store = await freshDatabase('recordings');
    collector = await startCollector({
      cadastre: cadastreWith(devices, { hotspots }), store, env, spoolDir: work, metricsPort: null, rollup: false, flushMs: 200,
      logger: new JsonLogger((l) => logs.push(l), 'debug'),
    });
    // Two polls of every device: the second gives the rates.
    const until = Date.now() + 90_000;
    while (collector.status().perDevice.some((d) => d.polls < 2) && Date.now() < until) await sleep(250);
    await collector.stop();
  }, 180_000);

  afterAll(async () => {
    await collector?.stop();
    if (agent && agent.exitCode === null) await new Promise<void>((r) => { agent?.once('exit', () => r()); agent?.kill('SIGTERM'); });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const polls = async (device: string): Promise<Row[]> => store.rows(`SELECT "values" FROM "poll" WHERE "device" = '${device}' GROUP BY "status"`);

  it('polls every walk twice, each with the profile its sysObjectID selects', async () => {
    for (const d of collector!.status().perDevice) expect(d.polls, d.device).toBeGreaterThanOrEqual(2);
    for (const [name, c] of Object.entries(CONTROLLERS)) {
      const id = name.replace(/_/g, '-');
      const ps = await polls(id);
      expect(ps.length, id).toBeGreaterThanOrEqual(2);
      expect(ps.every((p) => p.status === 'ok'), `${id} (${c.profile})`).toBe(true);
    }
  });

  for (const name of SWITCHES) {
    it(`${name}: every interface is its own series (by ifIndex), written once per poll, at 0 bit/s`, async () => {
      const id = name.replace(/_/g, '-');
      const w = readWalk(name);
      const indexes = new Set<string>();
      for (const col of [2, 5, 7, 8, 10, 13, 14, 16, 19, 20]) for (const k of column(w, IF, col).keys()) indexes.add(k);
      for (const col of [1, 6, 10, 15, 18]) for (const k of column(w, IFX, col).keys()) indexes.add(k);
      const withCounters = new Set([...column(w, IFX, 6).keys()].filter((k) => column(w, IFX, 10).has(k)));
      const rows = await store.rows(`SELECT "in_bps", "out_bps", "if_name", "oper_up" FROM "interface" WHERE "device" = '${id}' GROUP BY "if_index"`);
      const byIndex = new Map<string, Row[]>();
      for (const r of rows) byIndex.set(String(r.if_index), [...(byIndex.get(String(r.if_index)) ?? []), r]);
      expect([...byIndex.keys()].sort()).toEqual([...indexes].sort());
      const pollTimes = (await polls(id)).map((p) => p.time).sort((a, b) => a - b);
      for (const [idx, list] of byIndex) {
        // Exactly one point per poll: two interfaces sharing a name (procurve's two lo0) never merge.
        expect(list.map((r) => r.time).sort((a, b) => a - b), `${id} ifIndex ${idx}`).toEqual(pollTimes);
        const rated = list.filter((r) => typeof r.in_bps === 'number');
        expect(rated.length, `${id} ifIndex ${idx}`).toBe(withCounters.has(idx) ? pollTimes.length - 1 : 0);
        for (const r of rated) { expect(r.in_bps).toBe(0); expect(r.out_bps).toBe(0); }
      }
      expect(withCounters.size).toBeGreaterThan(0);
      if (name === 'procurve') {
        const lo0 = [...column(w, IFX, 1)].filter(([, v]) => v === 'lo0').map(([k]) => k);
        expect(lo0.length).toBe(2);
        for (const k of lo0) expect(byIndex.get(k)?.filter((r) => r.in_bps === 0).length).toBe(pollTimes.length - 1);
      }
    });
  }

  for (const [name, c] of Object.entries(CONTROLLERS)) {
    it(`${name} (${c.profile}): every AP written once per poll, clients = the walk's sum over radios`, async () => {
      const id = name.replace(/_/g, '-');
      const want = c.aps(readWalk(name));
      const rows = await store.rows(`SELECT "clients", "up", "scope" FROM "hotspot" WHERE "controller" = '${id}' GROUP BY "hotspot"`);
      const pollTimes = (await polls(id)).map((p) => p.time).sort((a, b) => a - b);
      const byHotspot = new Map<string, Row[]>();
      for (const r of rows) byHotspot.set(String(r.hotspot), [...(byHotspot.get(String(r.hotspot)) ?? []), r]);
      expect(byHotspot.size).toBe(want.size);
      let k = 0;
      for (const [ap, clients] of want) {
        const list = byHotspot.get(`${id}-ap${++k}`) ?? [];
        expect(list.map((r) => r.time).sort((a, b) => a - b), `${id} ${ap}`).toEqual(pollTimes);
        for (const r of list) expect(r.clients, `${id} ${ap}`).toBe(clients);
        // None of these walks has an AP status column: unknown, never down.
        for (const r of list) expect(r.up ?? null, `${id} ${ap}`).toBeNull();
        for (const r of list) expect(r.scope ?? null).toBe(c.profile === 'ruckus-smartzone' ? 'ssid' : null);
      }
    });
  }

  it('the walks hold what their README says', () => {
    expect(CONTROLLERS.arubaos.aps(readWalk('arubaos')).size).toBe(690);
    expect([...CONTROLLERS.arubaos.aps(readWalk('arubaos')).values()].reduce((a, b) => a + b, 0)).toBe(6695);
    expect([...CONTROLLERS.ciscowlc_cbw240ac.aps(readWalk('ciscowlc_cbw240ac')).values()].reduce((a, b) => a + b, 0)).toBe(23);
    expect([...CONTROLLERS['ruckuswireless-sz'].aps(readWalk('ruckuswireless-sz')).values()].reduce((a, b) => a + b, 0)).toBe(146);
    expect([...CONTROLLERS.unifi.aps(readWalk('unifi')).values()]).toEqual([4]);
  });
});
