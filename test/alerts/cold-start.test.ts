// The evaluator and the collector from a cold start on the real clock, as `npm start` runs them: the demo network
// simulated in its own process, an hour of backfilled history ending on the 5-minute grid before now, and the
// evaluator started at once. Wifi controllers poll every 300 s (wlc-centre among them): none may be called down,
// nor its APs, before its first poll was due plus its intervals. AP outages the traffic model itself schedules
// may raise hotspot-down; each must match the model's ground truth. Then a controller (wlc-nord, polled every
// 20 s in this cadastre) is stopped through the simulator's control and device-down fires for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../support/influx.js';
import { startLiveNetwork, type LiveNetwork } from '../support/live-network.js';
import { backfill } from '../../sim/backfill.js';
import { createTrafficModel } from '../../sim/model.js';
import { loadCadastre } from '../../config/load.js';
import { pollIntervalMs } from '../../config/poll-interval.js';
import type { Cadastre } from '../../config/schema.js';
import { JsonLogger } from '../../common/log.js';
import { startAlerts, type AlertsHandle } from '../../alerts/index.js';
import { fingerprintOf } from '../../alerts/evaluate.js';
import type { Transition } from '../../alerts/state.js';
import type { InfluxStore } from '../../store/influx.js';

const DEMO_DIR = 'config/demo';
const SEED = 2026;
const COLD_MS = 10 * 60_000;
const EVAL_MS = 10_000;
const STOPPED = 'wlc-nord';
const STOPPED_INTERVAL_S = 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let cadastre: Cadastre;
let store: InfluxStore;
let net: LiveNetwork;
let alerts: AlertsHandle;
let dir: string;
const transitions: Transition[] = [];

beforeAll(async () => {
  const demo = loadCadastre(DEMO_DIR);
  cadastre = { ...demo, devices: demo.devices.map((d) => (d.id === STOPPED ? { ...d, intervalSeconds: STOPPED_INTERVAL_S } : d)) };
  dir = mkdtempSync(join(tmpdir(), 'irisnet-cold-start-'));
  store = await freshDatabase('alerts_cold_start');
  await backfill(cadastre, store, { days: 1 / 24, end: Date.now(), seed: SEED });
  net = await startLiveNetwork(DEMO_DIR, cadastre, store, SEED);
  alerts = await startAlerts({
    cadastre, store, statePath: join(dir, 'state.json'), intervalMs: EVAL_MS, watchingSince: net.startedAt,
    logger: new JsonLogger(() => undefined, 'error'),
    onEvaluation: (e) => transitions.push(...e.transitions),
  });
}, 300_000);

afterAll(async () => {
  await alerts?.stop();
  await net?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cold start', () => {
  it('raises no device-down and no hotspot-down in the first 10 minutes but the AP outages the model schedules', async () => {
    const wlcCentre = cadastre.devices.find((d) => d.id === 'wlc-centre')!;
    expect(pollIntervalMs(cadastre.policy, wlcCentre)).toBe(300_000);
    const end = net.startedAt + COLD_MS;
    while (Date.now() < end) await sleep(Math.min(5_000, Math.max(0, end - Date.now())));
    const state = alerts.state();
    // The evaluator ran all along (on its 10 s grid).
    expect(state.updatedAt).toBeGreaterThanOrEqual(end - 2 * EVAL_MS);

    const model = createTrafficModel(cadastre, SEED);
    const fired = transitions.filter((t) => t.status === 'firing' && (t.rule === 'device-down' || t.rule === 'hotspot-down'));
    const current = Object.values(state.alerts).filter((a) => a.status === 'firing' && (a.rule === 'device-down' || a.rule === 'hotspot-down'));
    const explained = (rule: string, subject: string, from: number, to: number): boolean => {
      if (rule !== 'hotspot-down') return false;
      for (let t = from; t <= to; t += 60_000) if (!model.apUpAt(subject, t)) return true;
      return !model.apUpAt(subject, to);
    };
    const bySubject = new Map(current.map((a) => [a.fingerprint, a]));
    const unexplained = fired.flatMap((t) => {
      const a = bySubject.get(t.fingerprint) ?? state.history.find((h) => h.fingerprint === t.fingerprint);
      const subject = a?.subject ?? '?';
      const from = a && 'activeSince' in a ? a.activeSince : t.startsAt;
      return explained(t.rule, subject, from, t.at) ? [] : [`${t.rule} ${subject} at ${new Date(t.at).toISOString()}`];
    });
    expect(unexplained).toEqual([]);
    expect(fired.filter((t) => t.rule === 'device-down')).toEqual([]);
  }, COLD_MS + 120_000);

  it('raises device-down for a stopped controller after its intervals', async () => {
    const fp = fingerprintOf('device-down', STOPPED);
    expect(alerts.state().alerts[fp]?.status).not.toBe('firing');
    const intervalMs = STOPPED_INTERVAL_S * 1000;
    await net.setFault(STOPPED, { kind: 'down' });
    // 3 intervals without a successful poll, then the next evaluation; bounded generously (a loaded machine).
    const deadline = Date.now() + 3 * intervalMs + 6 * EVAL_MS + 30_000;
    while (Date.now() < deadline && alerts.state().alerts[fp]?.status !== 'firing') await sleep(1_000);
    const a = alerts.state().alerts[fp];
    expect(a?.status).toBe('firing');
    // Held for its 3 intervals of data time: from the last successful poll to the firing evaluation.
    expect(a!.firingSince! - a!.activeSince).toBeGreaterThanOrEqual(3 * intervalMs);
    expect(a!.annotations.summary).toMatch(/^Device wlc-nord has had no successful poll for \d+ s \(\d+ failed, last (timeout|no data)\), threshold 3 intervals of 20 s$/);
    expect(transitions.filter((t) => t.rule === 'device-down' && t.status === 'firing').map((t) => t.fingerprint)).toEqual([fp]);
    await net.setFault(STOPPED, null);
  }, 5 * 60_000);
});
