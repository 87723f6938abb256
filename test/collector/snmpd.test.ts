// Against Debian's snmpd, a real agent we did not write: the rate the collector writes for `lo` equals the
// traffic the test pushes through loopback; v3 authPriv works, survives an agent restart, and a wrong key is
// an auth_error naming the device with the key nowhere in the output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '../../config/schema.js';
import { startCollector, type CollectorHandle } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import type { InfluxStore } from '../../store/influx.js';
import { freshDatabase } from '../support/influx.js';
import { cadastreWith, disableSnmpdIfCache, loAt, pushThroughLoopback, readLo, sleep, startSnmpd, untilGrid, type LoSample, type Snmpd } from './helpers.js';

const COMMUNITY = 'c0mmunity-Zq7';
const AUTH = 'auth-key-Xk3vP9wq';
const PRIV = 'priv-key-Lm8rT2yb';
const WRONG = 'wrong-key-Hh5nB1zd';
const RW = 'rw-c0mm-Ty6';
const env = { T_COMM: COMMUNITY, T_AUTH: AUTH, T_PRIV: PRIV, T_WRONG: WRONG };
const INTERVAL = 5;

let snmpd: Snmpd;
let store: InfluxStore;
let collector: CollectorHandle;
let spoolDir: string;
const logs: string[] = [];

beforeAll(async () => {
  snmpd = await startSnmpd({ community: COMMUNITY, rwCommunity: RW, v3: { user: 'ro3', authKey: AUTH, privKey: PRIV } });
  disableSnmpdIfCache(snmpd.port, RW);
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
  it('writes lo rates equal to the kernel\'s own counters, including every byte the test pushed', async () => {
    // snmpd's interface cache is off (nsCacheTimeout 0), so each poll reads the kernel's counters; the test
    // samples the same counters from /proc/net/dev every few ms. Other processes share this loopback, so
    // the reference is the kernel's count over each poll interval (which includes their traffic), and the
    // intervals with a burst must hold at least the burst's bytes. Bursts run mid-interval, so the
    // counters are nearly still at the poll instants and a few ms of timestamp uncertainty cost nothing.
    const samples: LoSample[] = [];
    const sampler = setInterval(() => samples.push(readLo()), 4);
    const sizes = [32, 48, 64, 80].map((mib) => mib * 1024 * 1024);
    const bursts: Array<{ start: number; end: number; bytes: number }> = [];
    try {
      await untilGrid(INTERVAL * 1000, 400); // the first sample yields no rate: let it pass
      for (const bytes of sizes) {
        await untilGrid(INTERVAL * 1000, 600);
        const start = Date.now();
        await pushThroughLoopback(bytes);
        bursts.push({ start, end: Date.now(), bytes });
      }
      await untilGrid(INTERVAL * 1000, 800);
      await collector.flush();
    } finally { clearInterval(sampler); }
    const pts = await store.rows(`SELECT in_bps, out_bps, speed_bps, oper_up FROM interface WHERE device = 'snmpd-v2c' AND if_name = 'lo' ORDER BY time`);
    let compared = 0;
    let worst = 0;
    for (let i = 1; i < pts.length; i++) {
      if (typeof pts[i].in_bps !== 'number') continue;
      const t1 = pts[i - 1].time, t2 = pts[i].time;
      const burst = bursts.find((b) => b.start > t1 && b.end < t2);
      for (const [f, k] of [['in_bps', 'rx'], ['out_bps', 'tx']] as const) {
        const a = loAt(samples, t1, k), b = loAt(samples, t2, k);
        if (a === undefined || b === undefined) continue;
        const kernel = b - a;
        const octets = (pts[i][f] as number) * (t2 - t1) / 8000;
        if (burst) expect(octets, `${f} over the ${burst.bytes}-byte burst`).toBeGreaterThanOrEqual(burst.bytes);
        const err = Math.abs(octets - kernel) / Math.max(kernel, 1);
        worst = Math.max(worst, kernel > 10e6 ? err : 0);
        // 1 % of the interval's traffic, or 100 kB (the SNMP exchange itself and ms of other traffic).
        expect(Math.abs(octets - kernel), `${f} at ${new Date(t2).toISOString()}: ${octets} vs kernel ${kernel}`).toBeLessThan(Math.max(0.01 * kernel, 100_000));
        if (burst) {
          compared++;
          console.log(`lo ${f}: ${(octets / 1048576).toFixed(2)} MiB in the interval of a ${(burst.bytes / 1048576).toFixed(0)} MiB burst; kernel ${(kernel / 1048576).toFixed(2)} MiB`);
        }
      }
    }
    console.log(`lo: worst relative difference to the kernel over busy intervals ${(worst * 100).toFixed(3)} %`);
    // Under heavy load a burst may spill over a poll, or the sampler may stall: those intervals are not
    // compared; at least one burst interval must be (both directions).
    expect(compared).toBeGreaterThanOrEqual(2);
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
    disableSnmpdIfCache(snmpd.port, RW);
    const since = Date.now();
    await sleep(INTERVAL * 1000 * 2 + 500);
    await collector.flush();
    const after = await store.rows(`SELECT duration_ms FROM poll WHERE device = 'snmpd-v3' AND time > ${since}ms GROUP BY status`);
    expect(after.filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(2);
    expect(after.filter((r) => r.status !== 'ok')).toEqual([]);

  }, 30_000);
});
