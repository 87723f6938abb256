import { describe, it, expect } from 'vitest';
import { deviceStatus, lastPolls } from '../../analytics/device-status.js';
import { pollIntervalMs } from '../../config/poll-interval.js';
import { Policy } from '../../config/schema.js';

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
const MIN = 60_000;

describe('device status', () => {
  it('is up within 3 intervals of the last success and down after, on the current clock', () => {
    const base = { last: { time: T0 - 30_000, status: 'ok' as const }, lastOk: T0 - 30_000, intervalMs: MIN, watchingSince: Number.NEGATIVE_INFINITY };
    expect(deviceStatus({ ...base, now: T0 })).toEqual({ state: 'up', silentMs: 30_000, limitMs: 3 * MIN });
    expect(deviceStatus({ ...base, now: T0 - 30_000 + 3 * MIN }).state).toBe('up');
    expect(deviceStatus({ ...base, now: T0 - 30_000 + 3 * MIN + 1 })).toEqual({ state: 'down', silentMs: 3 * MIN + 1, limitMs: 3 * MIN });
    // Failed polls after the last success do not shorten the limit: one timeout is not "stopped answering".
    expect(deviceStatus({ ...base, last: { time: T0, status: 'timeout' }, now: T0 }).state).toBe('up');
    expect(deviceStatus({ ...base, last: null, lastOk: null, now: T0 }).state).toBe('down');
  });
  it('does not count silence before the start: a 300 s controller is waiting, not down, for 15 minutes', () => {
    const started = T0;
    const old = { last: { time: T0 - 20 * MIN, status: 'ok' as const }, lastOk: T0 - 20 * MIN, intervalMs: 5 * MIN, watchingSince: started };
    expect(deviceStatus({ ...old, now: T0 + 2 * MIN })).toEqual({ state: 'waiting', silentMs: 2 * MIN, limitMs: 15 * MIN });
    expect(deviceStatus({ ...old, now: T0 + 15 * MIN }).state).toBe('waiting');
    expect(deviceStatus({ ...old, now: T0 + 15 * MIN + 1 }).state).toBe('down');
    expect(deviceStatus({ ...old, lastOk: T0 + 4 * MIN, now: T0 + 15 * MIN + 1 })).toEqual({ state: 'up', silentMs: 11 * MIN + 1, limitMs: 15 * MIN });
    expect(deviceStatus({ ...old, last: null, lastOk: null, now: T0 + MIN }).state).toBe('waiting');
    expect(deviceStatus({ ...old, intervals: 2, now: T0 + 10 * MIN + 1 }).state).toBe('down');
  });
  it('reduces polls to the last poll and the last success per device', () => {
    const m = lastPolls([
      { device: 'a', time: 3, status: 'timeout' }, { device: 'a', time: 1, status: 'ok' }, { device: 'a', time: 2, status: 'ok' },
      { device: 'b', time: 5, status: 'auth_error' },
    ]);
    expect(m.get('a')).toEqual({ last: { time: 3, status: 'timeout' }, lastOk: 2 });
    expect(m.get('b')).toEqual({ last: { time: 5, status: 'auth_error' }, lastOk: null });
  });
});

describe('poll interval', () => {
  it('device, then role, then the policy default', () => {
    const policy = Policy.parse({ pollIntervals: { seconds: 30, byRole: { 'wifi-controller': 300 } } });
    expect(pollIntervalMs(policy, { role: 'switch' })).toBe(30_000);
    expect(pollIntervalMs(policy, { role: 'wifi-controller' })).toBe(300_000);
    expect(pollIntervalMs(policy, { role: 'wifi-controller', intervalSeconds: 10 })).toBe(10_000);
    expect(pollIntervalMs(Policy.parse({}), { role: 'router' })).toBe(60_000);
    expect(Policy.safeParse({ pollIntervals: { byRole: { printer: 5 } } }).success).toBe(false);
  });
});
