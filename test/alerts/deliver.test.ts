// The deliverer against loopback HTTP receivers (a clock we move by hand), and config:check of alert settings.
import { describe, it, expect } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { readCadastre } from '../../config/load.js';
import { Deliverer, type Logger } from '../../alerts/deliver.js';
import { step } from '../../alerts/state.js';
import { emptyState, type AlertState } from '../../store/alert-state.js';
import { fingerprintOf, type EvalResult } from '../../alerts/evaluate.js';
import { startReceiver } from './support.js';

const SECRET = 'hook-secret-for-deliver-test';
const T0 = Date.UTC(2026, 10, 2, 12);

function result(active: boolean): EvalResult {
  return {
    evaluated: ['device-down'],
    observations: [{
      fingerprint: fingerprintOf('device-down', 'sw-1'), rule: 'device-down', subject: 'sw-1',
      labels: { alertname: 'device-down', rule: 'device-down', severity: 'critical', device: 'sw-1' },
      active, heldMs: 600_000, forMs: 180_000, summary: active ? 'down' : 'up', description: 'd', value: 1,
    }],
  };
}
const opts = { receivers: ['alertmanager', 'webhook'] as const, historyMs: 86_400_000 };

describe('Deliverer', () => {
  it('retries with doubling backoff while a receiver fails, never overtakes a firing with its resolution, signs the webhook', async () => {
    let failing = true;
    const rx = await startReceiver(() => (failing ? 503 : 200));
    const lines: string[] = [];
    const logger: Logger = { log: (level, msg, fields) => lines.push(JSON.stringify({ level, msg, ...fields })) };
    try {
      let now = T0;
      const d = new Deliverer({ alertmanagerUrl: `${rx.url}/am`, webhook: { url: `${rx.url}/hook`, secret: SECRET }, backoff: { baseMs: 1000, maxMs: 4000 }, logger });
      let state: AlertState = step(emptyState(), result(true), now, opts).state;
      state = step(state, result(false), now, opts).state;
      expect(state.outbox.map((n) => n.status)).toEqual(['firing', 'resolved']);
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        await d.deliverDue(state, () => now, () => undefined);
        const a = state.outbox[0].pending.webhook!;
        waits.push(a.nextAttemptAt - now);
        now = a.nextAttemptAt;
      }
      expect(waits).toEqual([1000, 2000, 4000, 4000]);
      // Only the firing was tried: the resolution waits behind it (4 attempts × 2 receivers).
      expect(rx.received.filter((r) => r.path === '/hook').map((r) => (JSON.parse(r.body) as { status: string }).status)).toEqual(['firing', 'firing', 'firing', 'firing']);
      expect(rx.received.filter((r) => r.path === '/am/api/v2/alerts').map((r) => (JSON.parse(r.body) as { endsAt: string }[])[0].endsAt > new Date(T0).toISOString())).toEqual([true, true, true, true]);
      expect(rx.received).toHaveLength(8);
      failing = false;
      const n = await d.deliverDue(state, () => now, () => undefined);
      expect(n).toBe(4);
      expect(state.outbox).toEqual([]);
      const hooks = rx.received.slice(8).filter((r) => r.path === '/hook');
      expect(hooks.map((r) => (JSON.parse(r.body) as { status: string }).status)).toEqual(['firing', 'resolved']);
      for (const r of hooks) expect(r.headers['x-irisnet-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      const am = rx.received.slice(8).filter((r) => r.path === '/am/api/v2/alerts').map((r) => JSON.parse(r.body) as { startsAt: string; endsAt: string }[]);
      expect(am.map((b) => b.length)).toEqual([1, 1]);
      expect(am[0][0].startsAt).toBe(new Date(T0).toISOString());
      expect(am[0][0].endsAt).toBe(new Date(now + 3_600_000).toISOString());
      expect(am[1][0].endsAt).toBe(new Date(T0).toISOString());
      expect(lines.some((l) => l.includes('will retry'))).toBe(true);
      expect(lines.join('\n')).not.toContain(SECRET);
    } finally {
      await rx.close();
    }
  });

  it('a refusal (HTTP 4xx) is recorded once and not retried; renewals keep a firing alert alive in Alertmanager', async () => {
    const rx = await startReceiver(() => 400);
    const ok = await startReceiver();
    try {
      const d = new Deliverer({ webhook: { url: rx.url, secret: SECRET }, alertmanagerUrl: ok.url, alertmanagerTtlMs: 600_000 });
      const state = step(emptyState(), result(true), T0, opts).state;
      await d.deliverDue(state, () => T0, () => undefined);
      expect(state.outbox).toEqual([]);
      expect(state.failed).toHaveLength(1);
      expect(state.failed[0]).toMatchObject({ receiver: 'webhook', id: state.sent[0] });
      expect(state.failed[0].error).toMatch(/^webhook at 127\.0\.0\.1:\d+ answered HTTP 400: ok$/);
      expect(rx.received).toHaveLength(1);
      const fp = fingerprintOf('device-down', 'sw-1');
      expect(state.alerts[fp].alertmanagerSentAt).toBe(T0);
      await d.renew(state, T0 + 299_999, () => undefined);
      expect(ok.received).toHaveLength(1);
      await d.renew(state, T0 + 300_000, () => undefined);
      expect(ok.received).toHaveLength(2);
      const renewed = JSON.parse(ok.received[1].body) as { startsAt: string; endsAt: string }[];
      expect(renewed[0].startsAt).toBe(new Date(T0).toISOString());
      expect(renewed[0].endsAt).toBe(new Date(T0 + 900_000).toISOString());
      expect(state.alerts[fp].alertmanagerSentAt).toBe(T0 + 300_000);
    } finally {
      await rx.close();
      await ok.close();
    }
  });
});

describe('config:check of the alert settings', () => {
  it('names the file and the field of a negative threshold and of an unknown override id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-check-'));
    try {
      cpSync('test/fixtures/cadastre-small', dir, { recursive: true });
      appendFileSync(join(dir, 'policy.yaml'), 'alerts:\n  rules:\n    collector-backlog: { spoolBytes: -5 }\n    segment-hot: { threshold: -0.1 }\n');
      expect(readCadastre(dir).problems).toEqual([
        'policy.yaml:11:31: alerts.rules.segment-hot.threshold: must be > 0',
        'policy.yaml:10:38: alerts.rules.collector-backlog.spoolBytes: must be ≥ 0',
      ]);
      cpSync('test/fixtures/cadastre-small/policy.yaml', join(dir, 'policy.yaml'));
      appendFileSync(join(dir, 'policy.yaml'), 'alerts:\n  overrides:\n    segments: { S-99: { segment-hot: { threshold: 0.9 } } }\n    devices: { sw-bxl: { device-down: { intervals: 5 } }, sw-nope: { device-auth: { enabled: false } } }\n    hotspots: { H-0: { hotspot-down: { enabled: false } } }\n');
      expect(readCadastre(dir).problems).toEqual([
        'policy.yaml:10:23: alerts.overrides.segments.S-99: unknown segment',
        'policy.yaml:11:68: alerts.overrides.devices.sw-nope: unknown device',
        'policy.yaml:12:22: alerts.overrides.hotspots.H-0: unknown hotspot',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
