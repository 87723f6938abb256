// Against Debian's snmpd, a real agent we did not write: the rate the collector writes for `lo` equals the
// traffic the test pushes through loopback; v3 authPriv works, survives an agent restart, and a wrong key is
// an auth_error naming the device with the key nowhere in the output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '../../config/schema.js';
import { startCollector, type CollectorHandle } from '../../collector/index.js';
import { JsonLogger } from '../../collector/log.js';
import type { InfluxStore } from '../../store/influx.js';
import { freshDatabase } from '../support/influx.js';
import { cadastreWith, pushThroughLoopback, sleep, startSnmpd, untilGrid, type Snmpd } from './helpers.js';

const COMMUNITY = 'c0mmunity-Zq7';
const AUTH = 'auth-key-Xk3vP9wq';
const PRIV = 'priv-key-Lm8rT2yb';
const WRONG = 'wrong-key-Hh5nB1zd';
const env = { T_COMM: COMMUNITY, T_AUTH: AUTH, T_PRIV: PRIV, T_WRONG: WRONG };
const INTERVAL = 5;

let snmpd: Snmpd;
let store: InfluxStore;
let collector: CollectorHandle;
let spoolDir: string;
const logs: string[] = [];

beforeAll(async () => {
  snmpd = await startSnmpd({ community: COMMUNITY, v3: { user: 'ro3', authKey: AUTH, privKey: PRIV } });
  store = await freshDatabase('collector_snmpd');
  spoolDir = mkdtempSync(join(tmpdir(), 'collector-spool-'));
  const target = `127.0.0.1:${snmpd.port}`;
  const base = { site: 'bxl-hall', role: 'switch' as const, target, profile: 'if-mib', intervalSeconds: INTERVAL, timeoutMs: 1000, retries: 0 };
  const devices: Device[] = [
    { ...base, id: 'snmpd-v2c', snmp: { version: 'v2c', community: { env: 'T_COMM' } } },
    { ...base, id: 'snmpd-v3', snmp: { version: 'v3', user: 'ro3', level: 'authPriv', authProtocol: 'sha', authKey: { env: 'T_AUTH' }, privProtocol: 'aes', privKey: { env: 'T_PRIV' } } },
    { ...base, id: 'snmpd-v3-wrong', snmp: { version: 'v3', user: 'ro3', level: 'authPriv', authProtocol: 'sha', authKey: { env: 'T_WRONG' }, privProtocol: 'aes', privKey: { env: 'T_PRIV' } } },
  ];
  collector = await startCollector({
    cadastre: cadastreWith(devices), store, env, spoolDir, metricsPort: 0, rollup: false, flushMs: 100,
    logger: new JsonLogger((l) => logs.push(l), 'debug'),
  });
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await snmpd?.stop();
  if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
});

describe('collector against Debian snmpd', () => {
  it('writes the lo rate that matches the bytes pushed through loopback', async () => {
    // Bursts of known size. snmpd caches interface counters for up to ~3 s, so a burst is measured over
    // the polls around it: from the last poll before it starts to the first poll ≥ 3.5 s after it ends;
    // Σ rate × Δt over those intervals must equal the bytes pushed plus TCP/IP headers and ACKs (< 1 %) and
    // whatever else crossed the loopback meanwhile.
    const sizes = [64, 128, 192].map((mib) => mib * 1024 * 1024);
    const bursts: Array<{ start: number; end: number; bytes: number }> = [];
    await untilGrid(INTERVAL * 1000, 400); // the first sample yields no rate: let it pass
    for (const bytes of sizes) {
      await untilGrid(INTERVAL * 1000, 300);
      const start = Date.now();
      await pushThroughLoopback(bytes);
      bursts.push({ start, end: Date.now(), bytes });
      await sleep(3_600);
    }
    await untilGrid(INTERVAL * 1000, 800);
    await untilGrid(INTERVAL * 1000, 800);
    await collector.flush();
    const pts = await store.rows(`SELECT in_bps, out_bps, speed_bps, oper_up FROM interface WHERE device = 'snmpd-v2c' AND if_name = 'lo' ORDER BY time`);
    const ratios: number[] = [];
    for (const b of bursts) {
      const first = pts.findLastIndex((p) => p.time <= b.start);
      const last = pts.findIndex((p) => p.time >= b.end + 3_500);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(last).toBeGreaterThan(first);
      for (const f of ['in_bps', 'out_bps'] as const) {
        let octets = 0;
        for (let i = first + 1; i <= last; i++) {
          expect(typeof pts[i][f], `${f} at ${new Date(pts[i].time).toISOString()}`).toBe('number');
          octets += (pts[i][f] as number) * (pts[i].time - pts[i - 1].time) / 8000;
        }
        // Never less than what was pushed.
        expect(octets / b.bytes, `${f} around the ${b.bytes}-byte burst`).toBeGreaterThan(1.0);
        ratios.push(octets / b.bytes);
        console.log(`lo ${f}: ${(octets / 1048576).toFixed(2)} MiB measured for ${(b.bytes / 1048576).toFixed(0)} MiB pushed (×${(octets / b.bytes).toFixed(4)})`);
      }
    }
    // Other processes share this loopback (other test files' InfluxDB traffic): they can only add bytes,
    // so the quietest window is the one that shows the collector's accuracy.
    expect(Math.min(...ratios)).toBeLessThan(1.01);
    expect(pts.every((p) => p.oper_up === true)).toBe(true);
  }, 90_000);

  it('polls v3 authPriv; a wrong key is auth_error for that device only, never showing a secret', async () => {
    await collector.flush();
    const polls = await store.rows(`SELECT duration_ms, "values" FROM poll GROUP BY device, status`);
    const by = (device: string, status: string) => polls.filter((p) => p.device === device && p.status === status).length;
    expect(by('snmpd-v3', 'ok')).toBeGreaterThan(2);
    expect(by('snmpd-v3', 'auth_error')).toBe(0);
    expect(by('snmpd-v3-wrong', 'auth_error')).toBeGreaterThan(2);
    expect(by('snmpd-v3-wrong', 'ok')).toBe(0);
    const v3lo = await store.rows(`SELECT in_bps FROM interface WHERE device = 'snmpd-v3' AND if_name = 'lo'`);
    expect(v3lo.filter((r) => typeof r.in_bps === 'number').length).toBeGreaterThan(1);
    const failed = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.status === 'auth_error');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((l) => l.device === 'snmpd-v3-wrong' && String(l.error).includes('snmpd-v3-wrong'))).toBe(true);
    const metrics = await (await fetch(collector.metricsUrl as string)).text();
    expect(metrics).toMatch(/collector_polls_total\{role="switch",status="auth_error"\} [1-9]/);
    for (const secret of [COMMUNITY, AUTH, PRIV, WRONG]) {
      expect(logs.join('\n')).not.toContain(secret);
      expect(metrics).not.toContain(secret);
    }
  });

  it('keeps polling v3 after the agent restarts (engine boots/time re-discovery)', async () => {
    await snmpd.restart();
    const since = Date.now();
    await sleep(INTERVAL * 1000 * 2 + 500);
    await collector.flush();
    const after = await store.rows(`SELECT duration_ms FROM poll WHERE device = 'snmpd-v3' AND time > ${since}ms GROUP BY status`);
    expect(after.filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(2);
    expect(after.filter((r) => r.status !== 'ok')).toEqual([]);

  }, 30_000);
});
