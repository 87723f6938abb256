// 32-bit counters that can wrap more than once per interval: a warning per interface at the first poll, and the
// device moved to an interval they cannot wrap in (in the log and the collector's device status).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type CollectorHandle } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import { loadCadastre } from '../../config/load.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { freshDatabase } from '../support/influx.js';
import { sleep } from './helpers.js';

const env = { IRIS_SNMP_COMMUNITY: 'c32-c', WIFI_SNMP_COMMUNITY: 'c32-w', IRIS_SNMP_V3_AUTH_KEY: 'c32-auth-1', IRIS_SNMP_V3_PRIV_KEY: 'c32-priv-1' };
const fixture = loadCadastre('test/fixtures/cadastre-small');
// S-1 (sw-bxl Gi0/1) at 10 Gbit/s: a Counter32 wraps in 3.4 s; Fa0/2 at 100 Mbit/s in 344 s.
const cadastre = {
  ...fixture,
  devices: fixture.devices.filter((d) => d.id === 'sw-bxl').map((d) => ({ ...d, intervalSeconds: 8, timeoutMs: 1000, retries: 0 })),
  segments: fixture.segments.filter((s) => s.measuredBy.device === 'sw-bxl').map((s) => (s.id === 'S-1' ? { ...s, litCapacityBps: 10_000_000_000 } : s)),
  hotspots: [],
};
let sim: SimNetworkHandle;
let collector: CollectorHandle;
let dir: string;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counters32-'));
  sim = await startSimNetwork(cadastre, { env });
  sim.setFault('sw-bxl', { kind: 'counters32' });
  writeFileSync(join(dir, 'ports.json'), JSON.stringify(sim.ports));
  collector = await startCollector({
    cadastre, store: await freshDatabase('counters32'), env, spoolDir: dir, portsFile: join(dir, 'ports.json'), metricsPort: null,
    rollup: false, flushMs: 200, logger: new JsonLogger((l) => logs.push(JSON.parse(l) as Record<string, unknown>), 'debug'),
  });
  const until = Date.now() + 30_000;
  while ((collector.status().perDevice[0]?.polls ?? 0) < 3 && Date.now() < until) await sleep(200);
  await collector.stop();
}, 60_000);
afterAll(async () => {
  await collector?.stop();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('32-bit counters', () => {
  it('warns once for the interface that can wrap more than once per interval, and polls the device at a safe interval', () => {
    const warns = logs.filter((l) => l.msg === '32-bit counter can wrap more than once per interval at this speed');
    expect(warns.map((w) => [w.device, w.if_name, w.speed_bps, w.interval_s, w.safe_interval_s])).toEqual([['sw-bxl', 'Gi0/1', 10_000_000_000, 8, 3]]);
    const moved = logs.filter((l) => l.msg === 'device polled at a safe interval for its 32-bit counters');
    expect(moved.map((m) => [m.device, m.from_s, m.to_s])).toEqual([['sw-bxl', 8, 3]]);
    const st = collector.status().perDevice[0];
    expect(st.intervalSeconds).toBe(3);
    expect(st.intervalReason).toBe('32-bit counters of 1 interface(s) wrap more than once in 8 s');
    // The polls after the move are 3 s apart (the scheduler's grid, drift-free).
    const polls = logs.filter((l) => l.msg === 'poll' && typeof l.point_time === 'number').map((l) => l.point_time as number);
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(Math.round((polls[2] - polls[1]) / 1000)).toBe(3);
  });
});
