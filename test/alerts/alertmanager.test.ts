// Delivery end to end: `npm run alerts` (a child process we SIGKILL and restart) against a real Alertmanager
// (which we stop and start again) and a signed webhook. Every transition reaches each receiver exactly once.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { inject } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, appendFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshDatabase } from '../support/influx.js';
import type { InfluxStore } from '../../store/influx.js';
import { pollLine } from '../../store/schema.js';
import { AlertState } from '../../store/alert-state.js';
import { amAlerts, amReceived, startAlertmanager, startReceiver, sleep, waitFor, type Alertmanager, type Receiver } from './support.js';

const SECRET = 'whsec-test-5f1c0a9e7b';
const ROOT = resolve(import.meta.dirname, '../..');

describe('delivery to a real Alertmanager and a signed webhook', () => {
  let dir: string;
  let store: InfluxStore;
  let hook: Receiver;
  let am: Alertmanager | undefined;
  let child: ChildProcess | undefined;
  let logs = '';
  let status: 'ok' | 'timeout' = 'ok';
  let writer: NodeJS.Timeout | undefined;
  let passed = false;

  const startEvaluator = (amUrl: string): ChildProcess => {
    // node --import tsx: one process, so that SIGKILL kills the evaluator itself (the tsx launcher would leave it running).
    const c = spawn(process.execPath, [
      '--import', 'tsx', 'alerts/cli.ts', '--config', join(dir, 'cadastre'), '--state', join(dir, 'state.json'),
      '--alertmanager', amUrl, '--webhook', `${hook.url}/hook`, '--webhook-secret-env', 'TEST_WEBHOOK_SECRET',
      '--retry-max', '1', '--map-url', 'http://127.0.0.1:8080/', '--log-level', 'debug',
    ], {
      cwd: ROOT,
      env: { ...process.env, INFLUX_URL: inject('influxUrl'), INFLUX_DB: store.database, TEST_WEBHOOK_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout?.on('data', (b: Buffer) => { logs += b.toString(); });
    c.stderr?.on('data', (b: Buffer) => { logs += b.toString(); });
    return c;
  };
  const hookBodies = (): { status: string; id: string; labels: Record<string, string>; startsAt: string; endsAt: string | null; generatorURL: string }[] =>
    hook.received.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body) as never);
  const amNotifications = (): { status: string }[] => hook.received.filter((r) => r.path === '/am').map((r) => JSON.parse(r.body) as never);
  const state = (): AlertState => AlertState.parse(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'irisnet-alerts-am-'));
    cpSync(join(ROOT, 'test/fixtures/cadastre-small'), join(dir, 'cadastre'), { recursive: true });
    appendFileSync(join(dir, 'cadastre', 'policy.yaml'), [
      'alerts:',
      '  intervalSeconds: 1',
      '  defaultPollIntervalSeconds: 1',
      '  rules:',
      '    device-down: { intervals: 2 }',
      '    segment-saturation-forecast: { enabled: false }',
      '    hotspot-underused: { enabled: false }',
      '    collector-backlog: { enabled: false }',
      '',
    ].join('\n'));
    store = await freshDatabase('alerts_am');
    hook = await startReceiver();
    am = await startAlertmanager(join(dir, 'am'), `${hook.url}/am`);
    // The "collector": one poll point of sw-bxl every 500 ms with the status the test sets.
    writer = setInterval(() => { void store.write(pollLine({ time: Date.now(), device: 'sw-bxl', status, durationMs: 3, values: status === 'ok' ? 10 : 0 })).catch(() => undefined); }, 500);
  });

  afterAll(async () => {
    if (!passed) process.stderr.write(`--- evaluator logs ---\n${logs.split('\n').slice(-60).join('\n')}\n`);
    if (writer) clearInterval(writer);
    if (child && child.exitCode === null) { child.kill('SIGKILL'); }
    await am?.stop();
    await hook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('one notification per transition across an evaluator SIGKILL and an Alertmanager outage', async () => {
    const amUrl = am!.url;
    const amPort = am!.port;
    await sleep(1500);
    child = startEvaluator(amUrl);
    await waitFor('the evaluator to evaluate', () => { try { return state().updatedAt > 0; } catch { return false; } });
    expect(await amReceived(amUrl)).toEqual({ firing: 0, resolved: 0 });

    // sw-bxl stops answering: device-down fires after 2 intervals of 1 s.
    status = 'timeout';
    const [alert] = await waitFor('the alert in Alertmanager', async () => {
      const a = (await amAlerts(amUrl)).filter((x) => x.labels.alertname === 'device-down');
      return a.length ? a : undefined;
    });
    expect(alert.labels).toEqual({ alertname: 'device-down', rule: 'device-down', severity: 'critical', device: 'sw-bxl', site: 'bxl-hall', commune: 'Bruxelles' });
    expect(alert.status.state).toBe('active');
    expect(alert.generatorURL).toBe('http://127.0.0.1:8080/#device=sw-bxl');
    expect(alert.annotations.summary).toMatch(/^Device sw-bxl has had no successful poll for \d+ s \(\d+ failed, last timeout\), threshold 2 intervals of 1 s$/);
    const firing = state().alerts[Object.keys(state().alerts)[0]];
    expect(new Date(alert.startsAt).getTime()).toBe(firing.firingSince);

    // The evaluator dies between firing and resolving; a new one takes over from the state file.
    // Killed once the state file records both deliveries: a kill between a receiver's answer and that write
    // would send the firing again after the restart (at least once; the webhook's X-Irisnet-Delivery id is
    // there for that), which is not what this test is about.
    await waitFor('the firing delivered and recorded', () => hookBodies().length === 1 && state().outbox.length === 0);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = startEvaluator(amUrl);
    await sleep(4000); // still failing: several evaluations by the new process
    expect(await amReceived(amUrl)).toEqual({ firing: 1, resolved: 0 });
    expect((await amAlerts(amUrl)).filter((x) => x.labels.alertname === 'device-down')).toHaveLength(1);
    expect(hookBodies().map((b) => b.status)).toEqual(['firing']);

    // Alertmanager goes down; the device answers again; the resolution waits in the outbox.
    await am!.stop();
    am = undefined;
    status = 'ok';
    await waitFor('the webhook resolution', () => hookBodies().length === 2);
    await waitFor('a failed delivery attempt', () => state().outbox.some((n) => n.status === 'resolved' && (n.pending.alertmanager?.attempts ?? 0) >= 2));
    expect(state().alerts).toEqual({});
    await sleep(2000);

    am = await startAlertmanager(join(dir, 'am'), `${hook.url}/am`, amPort);
    await waitFor('the resolution in Alertmanager', async () => (await amReceived(amUrl)).resolved === 1);
    await waitFor('an empty outbox', () => state().outbox.length === 0);
    await sleep(2500);
    // The second life of Alertmanager received exactly the resolution, nothing else.
    expect(await amReceived(amUrl)).toEqual({ firing: 0, resolved: 1 });
    expect(await amAlerts(amUrl)).toEqual([]);

    // The webhook: exactly one firing and one resolved, signed, with the same startsAt.
    const bodies = hookBodies();
    expect(bodies.map((b) => b.status)).toEqual(['firing', 'resolved']);
    expect(bodies[0].startsAt).toBe(bodies[1].startsAt);
    expect(bodies[0].startsAt).toBe(alert.startsAt);
    expect(bodies[1].endsAt).not.toBeNull();
    for (const r of hook.received.filter((x) => x.path === '/hook')) {
      expect(r.headers['x-irisnet-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      expect(r.body).not.toContain(SECRET);
    }
    // Alertmanager's own notifications (first life): the firing one, once.
    expect(amNotifications().filter((n) => n.status === 'firing')).toHaveLength(1);

    expect(state().history.map((h) => h.rule)).toEqual(['device-down']);
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    expect(child.exitCode).toBe(0);
    expect(logs).toContain('alert delivery failed; will retry');
    expect(logs).not.toContain(SECRET);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).not.toContain(SECRET);
    passed = true;
  }, 90_000);
});
