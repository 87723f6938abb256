// The evaluator's reload takes a new cadastre's policy from the next evaluation on: a device silent for 5 minutes
// (60 s interval) is not down while device-down needs 20 intervals, and is down once a reload brings the policy's
// 3 intervals; the state (what already fired) carries over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlerts, type AlertsHandle } from '../../alerts/index.js';
import { fingerprintOf } from '../../alerts/evaluate.js';
import { JsonLogger } from '../../common/log.js';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import { pollLine, PRECISION } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';

const DEVICE = 'sw-bxl';
const withDeviceDownIntervals = (c: Cadastre, intervals: number): Cadastre => ({
  ...c, policy: { ...c.policy, alerts: { ...c.policy.alerts, rules: { ...c.policy.alerts.rules, 'device-down': { ...c.policy.alerts.rules['device-down'], intervals } } } },
});

let dir: string;
let alerts: AlertsHandle;
const logs: string[] = [];

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'alerts-reload-')); });
afterAll(async () => {
  await alerts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('evaluator reload', () => {
  it('evaluates with the reloaded policy from the next evaluation on', async () => {
    const base = loadCadastre('test/fixtures/cadastre-small');
    const interval = base.policy.pollIntervals.seconds * 1000;
    expect(interval).toBe(60_000);
    const store = await freshDatabase('alerts_reload');
    const now = Date.now();
    // Polled every minute for an hour, silent for the last 5 minutes.
    const lines: string[] = [];
    for (let t = now - 70 * 60_000; t <= now - 5 * 60_000; t += interval) lines.push(pollLine({ time: t, device: DEVICE, status: 'ok', durationMs: 5, values: 10 }));
    await store.write(lines, PRECISION);
    alerts = await startAlerts({
      cadastre: withDeviceDownIntervals(base, 20), store, statePath: join(dir, 'state.json'), intervalMs: 3_600_000,
      watchingSince: now - 2 * 3_600_000, logger: new JsonLogger((l) => logs.push(l), 'info'),
    });
    const fp = fingerprintOf('device-down', DEVICE);
    await alerts.evaluateNow(now);
    expect(alerts.state().alerts[fp]?.status).not.toBe('firing');
    await alerts.reload(withDeviceDownIntervals(base, 3));
    expect(logs.some((l) => (JSON.parse(l) as { msg: string }).msg === 'alerts reloaded')).toBe(true);
    const t = await alerts.evaluateNow(now + 1000);
    expect(t.filter((x) => x.fingerprint === fp).map((x) => x.status)).toEqual(['firing']);
    expect(alerts.state().alerts[fp]?.status).toBe('firing');
  });
});
