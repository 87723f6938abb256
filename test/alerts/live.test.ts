// The rules against real parts: the simulated network polled by the collector into a real influxd, the
// evaluator reading it back. device-down fires and resolves with a simulated outage; collector-backlog fires
// while the collector's store is unreachable and resolves once the spool has drained; segment-hot fires from
// rollup points written for one segment; GET /api/alerts filters by role.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { inject } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import { InfluxStore } from '../../store/influx.js';
import { freePort } from '../../store/influxd.js';
import { BUCKET_MS, interfaceBucketLine } from '../../store/schema.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { startCollector, type CollectorHandle } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import { AlertPolicy } from '../../config/alert-policy.js';
import { fingerprintOf } from '../../alerts/evaluate.js';
import { startAlerts, type AlertsHandle } from '../../alerts/index.js';
import type { Transition } from '../../alerts/state.js';
import { createApp } from '../../api/app.js';
import { createFigures } from '../../analytics/figures.js';
import type { ApiContext } from '../../api/context.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import { freshDatabase } from '../support/influx.js';
import { TOKEN_ENTRIES, auth } from '../api/support.js';
import { waitFor } from './support.js';

const ENV = { IRIS_SNMP_COMMUNITY: 'iris-ro-test', IRIS_SNMP_V3_AUTH_KEY: 'auth-key-test-1', IRIS_SNMP_V3_PRIV_KEY: 'priv-key-test-1', WIFI_SNMP_COMMUNITY: 'wifi-ro-test' };
const quiet = new JsonLogger(() => undefined, 'error');

function cadastreWith(alerts: unknown): Cadastre {
  const c = loadCadastre('test/fixtures/cadastre-small');
  return { ...c, policy: { ...c.policy, alerts: AlertPolicy.parse(alerts) } };
}

describe('device-down and collector-backlog with the simulator and the collector', () => {
  const cadastre = cadastreWith({
    intervalSeconds: 1,
    defaultPollIntervalSeconds: 2,
    rules: {
      'collector-backlog': { spoolBytes: 0 },
      'segment-saturation-forecast': { enabled: false },
      'hotspot-underused': { enabled: false },
    },
  });
  let dir: string;
  let sim: SimNetworkHandle;
  let collector: CollectorHandle;
  let backlogged: CollectorHandle | undefined;
  let alerts: AlertsHandle;
  let proxy: Server | undefined;
  const transitions: Transition[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'irisnet-alerts-live-'));
    const store = await freshDatabase('alerts_live');
    sim = await startSimNetwork(cadastre, { env: ENV, seed: 7 });
    const portsFile = join(dir, 'ports.json');
    writeFileSync(portsFile, JSON.stringify(sim.ports));
    const common = { cadastre, env: ENV, portsFile, intervalsByRole: { switch: 2, 'wifi-controller': 2 }, timeoutMs: 400, retries: 0, logger: quiet, rollup: false, flushMs: 200 };
    collector = await startCollector({ ...common, store, spoolDir: join(dir, 'spool'), metricsPort: 0 });
    alerts = await startAlerts({
      cadastre, store, statePath: join(dir, 'state.json'), intervalMs: 1000, logger: quiet,
      collectors: [{ name: 'main', metricsUrl: collector.metricsUrl! }],
      onEvaluation: (e) => transitions.push(...e.transitions),
    });
  });

  afterAll(async () => {
    await alerts?.stop();
    await backlogged?.stop();
    await collector?.stop();
    await sim?.close();
    proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fp = fingerprintOf('device-down', 'sw-sjtn');

  it('a device made unreachable fires device-down after 3 intervals and resolves when it answers again', async () => {
    // Healthy first: every device answers, nothing fires.
    await waitFor('sw-sjtn polled ok for a while', () => {
      const s = alerts.state();
      return s.updatedAt > 0 && collector.status().perDevice.find((d) => d.device === 'sw-sjtn')?.lastStatus === 'ok' && s.alerts[fp] === undefined;
    }, 20_000);
    expect(transitions.filter((t) => t.rule === 'device-down')).toEqual([]);

    sim.setFault('sw-sjtn', { kind: 'down' });
    const faultAt = Date.now();
    const fired = await waitFor('device-down firing', () => transitions.find((t) => t.fingerprint === fp && t.status === 'firing'), 30_000);
    const entry = alerts.state().alerts[fp];
    expect(entry.status).toBe('firing');
    expect(entry.labels).toMatchObject({ rule: 'device-down', device: 'sw-sjtn', severity: 'critical', commune: 'Saint-Josse-ten-Noode' });
    expect(entry.annotations.summary).toMatch(/^Device sw-sjtn has had no successful poll for \d+ s \((\d+) failed, last timeout\), threshold 3 intervals of 2 s$/);
    // Three intervals of 2 s without a successful poll: the last ok poll is at least 6 s before the firing.
    const failedPolls = Number(/\((\d+) failed/.exec(entry.annotations.summary)?.[1]);
    expect(failedPolls).toBeGreaterThanOrEqual(2);
    expect(fired.at - (entry.activeSince)).toBeGreaterThanOrEqual(6000);
    expect(entry.activeSince).toBeLessThanOrEqual(faultAt);
    // Only that device.
    expect(transitions.filter((t) => t.rule === 'device-down').map((t) => t.fingerprint)).toEqual([fp]);

    sim.setFault('sw-sjtn', null);
    const resolved = await waitFor('device-down resolved', () => transitions.find((t) => t.fingerprint === fp && t.status === 'resolved'), 30_000);
    expect(resolved.startsAt).toBe(fired.at);
    const h = alerts.state().history.find((x) => x.fingerprint === fp);
    expect(h?.annotations.summary).toMatch(/^Device sw-sjtn answers again: successful polls for \d+ s, threshold 3 intervals of 2 s$/);
    expect(Number(/for (\d+) s/.exec(h?.annotations.summary ?? '')?.[1])).toBeGreaterThanOrEqual(6);
    expect(transitions.filter((t) => t.fingerprint === fp).map((t) => t.status)).toEqual(['firing', 'resolved']);
  }, 90_000);

  it('the simulator\'s lost link raises fibre-dark from its live optics (and nothing else does)', async () => {
    const lost = [...sim.optics.ports.values()].filter((p) => p.condition === 'lost').map((p) => p.segment);
    expect(lost.length).toBe(1);
    const dfp = fingerprintOf('fibre-dark', lost[0]);
    await waitFor('fibre-dark firing', () => alerts.state().alerts[dfp]?.status === 'firing', 30_000);
    const a = alerts.state().alerts[dfp];
    expect(a.labels).toMatchObject({ rule: 'fibre-dark', severity: 'critical', segment: lost[0] });
    expect(a.annotations.summary).toMatch(/rx -40\.00 dBm, below its low alarm -14\.10 dBm$/);
    expect(Object.values(alerts.state().alerts).filter((x) => x.rule === 'fibre-dark').map((x) => x.fingerprint)).toEqual([dfp]);
  }, 60_000);

  it('a collector whose store is down fires collector-backlog; it resolves once the spool is replayed', async () => {
    // A second collector writes to a port where nothing listens yet: its batches go to the spool.
    const port = await freePort();
    const influx = new URL(inject('influxUrl'));
    const deadStore = new InfluxStore({ url: `http://127.0.0.1:${port}`, database: (await freshDatabase('alerts_backlog')).database, timeoutMs: 1000 });
    backlogged = await startCollector({
      cadastre, store: deadStore, env: ENV, spoolDir: join(dir, 'spool-2'), metricsPort: 0, logger: quiet, rollup: false, flushMs: 200,
      portsFile: join(dir, 'ports.json'), intervalsByRole: { switch: 2, 'wifi-controller': 2 }, timeoutMs: 400, retries: 0,
    });
    const second = await startAlerts({
      cadastre, store: deadStore, statePath: join(dir, 'state-2.json'), intervalMs: 1000, logger: quiet,
      collectors: [{ name: 'edge', metricsUrl: backlogged.metricsUrl! }],
    });
    try {
      const bfp = fingerprintOf('collector-backlog', 'edge');
      await waitFor('collector-backlog firing', () => second.state().alerts[bfp]?.status === 'firing', 30_000);
      const a = second.state().alerts[bfp];
      expect(a.labels).toEqual({ alertname: 'collector-backlog', rule: 'collector-backlog', severity: 'warning', collector: 'edge' });
      expect(a.annotations.summary).toMatch(/^Collector edge spool at [\d.]+ (B|kB|MB) \(\d+ batches\), threshold 0 B; 0 points dropped, threshold 0$/);
      expect(a.value).toBeGreaterThan(0);
      // Sources it cannot read (the store is down) keep their alerts: nothing else fired.
      expect(Object.values(second.state().alerts).map((x) => x.rule)).toEqual(['collector-backlog']);

      // The store comes back on that port (a TCP relay to the test influxd): the spool drains, the alert resolves.
      proxy = createServer((sock) => {
        const up = connect(Number(influx.port), influx.hostname);
        sock.pipe(up); up.pipe(sock);
        sock.on('error', () => up.destroy()); up.on('error', () => sock.destroy());
      });
      await new Promise<void>((r) => proxy!.listen(port, '127.0.0.1', r));
      await waitFor('collector-backlog resolved', () => second.state().history.some((h) => h.fingerprint === bfp), 40_000);
      expect(backlogged.status().spoolBytes).toBe(0);
      // The main collector's store was up throughout: its backlog rule never fired.
      expect(transitions.filter((t) => t.rule === 'collector-backlog')).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 90_000);
});

describe('segment-hot from rollup points, and GET /api/alerts by role', () => {
  it('fires after 3 hot buckets with the sentence, and each role sees its share', async () => {
    const cadastre = cadastreWith({ rules: { 'collector-backlog': { enabled: false } } });
    const store = await freshDatabase('alerts_hot');
    const dir = mkdtempSync(join(tmpdir(), 'irisnet-alerts-hot-'));
    const T = Math.floor(Date.UTC(2026, 10, 20, 12) / BUCKET_MS) * BUCKET_MS;
    const bucket = (k: number, abShare: number) => interfaceBucketLine({ time: T + k * BUCKET_MS, segment: 'S-6', device: 'sw-bxl', ifName: 'Fa0/2', outBps: abShare * 100e6, inBps: 5e6, samples: 5 });
    // A bucket of another interface tagged S-6 does not count (S-6 is measured by sw-bxl Fa0/2).
    await store.write([bucket(0, 0.5), bucket(1, 0.92), bucket(2, 0.95),
      interfaceBucketLine({ time: T + 3 * BUCKET_MS, segment: 'S-6', device: 'sw-mol', ifName: 'Gi0/9', outBps: 99e6, inBps: 0, samples: 5 })]);
    const statePath = join(dir, 'alerts', 'state.json');
    let clock = T + 3 * BUCKET_MS;
    const alerts = await startAlerts({ cadastre, store, statePath, intervalMs: 60_000, logger: quiet, now: () => clock });
    try {
      const hot = fingerprintOf('segment-hot', 'S-6');
      expect(alerts.state().alerts[hot]?.status).toBe('pending');
      await store.write([bucket(3, 0.86)]);
      clock = T + 4 * BUCKET_MS + 30_000;
      const tr = await alerts.evaluateNow(clock);
      expect(tr).toEqual([{ fingerprint: hot, rule: 'segment-hot', status: 'firing', at: clock, startsAt: clock }]);
      expect(alerts.state().alerts[hot].annotations.summary).toBe('Segment S-6 (IRISnet) a→b at 86 % of 100 Mbit/s for 15 min, threshold 80 %');
      expect(alerts.state().alerts[hot].labels).toEqual({ alertname: 'segment-hot', rule: 'segment-hot', severity: 'warning', segment: 'S-6', owner: 'irisnet', commune: 'Bruxelles' });

      // A device alert beside it, so that the role filter has something to hide.
      await store.write(`poll,device=sw-mol,status=timeout duration_ms=400,values=0i ${clock - 1000}`);
      await store.write(`poll,device=sw-mol,status=ok duration_ms=4,values=10i ${clock - 400_000}`);
      await alerts.evaluateNow(clock);
      expect(alerts.state().alerts[fingerprintOf('device-down', 'sw-mol')]?.status).toBe('firing');

      const ctx: ApiContext = { cadastre, configDir: 'test/fixtures/cadastre-small', store, dataDir: join(dir, 'api'), records: new SqliteRecords(':memory:'), now: () => clock, figures: createFigures(cadastre, store, { reloadMs: 0 }) };
      const app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
      const rules = async (role: 'operator' | 'planner' | 'commercial' | 'viewer') => {
        const res = await app.request('/api/alerts', { headers: auth(role) });
        expect(res.status, role).toBe(200);
        const body = await res.json() as { firing: { rule: string; summary: string; description: string; startsAt: string }[] };
        return body.firing;
      };
      const op = await rules('operator');
      expect(op.map((a) => a.rule).sort()).toEqual(['device-down', 'segment-hot']);
      expect(op.find((a) => a.rule === 'device-down')?.description).toContain('127.0.0.1:0');
      expect((await rules('planner')).map((a) => a.rule)).toEqual([]);
      const commercial = await rules('commercial');
      expect(commercial.map((a) => a.rule)).toEqual(['segment-hot']);
      expect(JSON.stringify(commercial)).not.toContain('127.0.0.1');
      expect(commercial[0].startsAt).toBe(new Date(clock).toISOString());
      expect((await rules('viewer')).map((a) => a.rule)).toEqual(['segment-hot']);
      const bad = await app.request('/api/alerts?rule=nope', { headers: auth('operator') });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('rule');
      expect((await app.request('/api/alerts')).status).toBe(401);
    } finally {
      await alerts.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
