// Every /metrics (collector, API, alert evaluator) scraped over HTTP: names, types, zero-valued counters from the
// start, and the figures the processes count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { InfluxStore } from '../../store/influx.js';
import { Metrics, serveMetrics } from '../../collector/metrics.js';
import { startApi, type ApiHandle } from '../../api/cli.js';
import { startAlerts } from '../../alerts/index.js';
import { JsonLogger } from '../../common/log.js';
import { freshDatabase } from '../support/influx.js';
import { inject } from 'vitest';
import { TOKEN_ENTRIES, auth } from '../api/support.js';

const FIXTURE = 'test/fixtures/cadastre-small';

interface Scrape { types: Map<string, string>; samples: Map<string, number> }

async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) types.set(t[1], t[2]);
    else if (line && !line.startsWith('#')) {
      const i = line.lastIndexOf(' ');
      samples.set(line.slice(0, i), Number(line.slice(i + 1)));
    }
  }
  return { types, samples };
}

describe('collector /metrics', () => {
  it('exposes every family with its type, counters at 0 before anything happened', async () => {
    const m = new Metrics(() => 0, () => 0);
    const { server, url } = await serveMetrics(m, 0);
    try {
      const s = await scrape(url);
      expect(Object.fromEntries(s.types)).toEqual({
        collector_polls_total: 'counter', collector_poll_duration_seconds: 'histogram', collector_values_read_total: 'counter',
        collector_polls_skipped_total: 'counter', collector_intervals_without_rate_total: 'counter',
        collector_snmp_rediscoveries_total: 'counter', collector_points_written_total: 'counter', collector_write_errors_total: 'counter',
        collector_dropped_points_total: 'counter', collector_quarantined_points_total: 'counter', collector_rollup_points_total: 'counter',
        collector_empty_tables_total: 'counter', collector_spool_bytes: 'gauge', collector_spool_batches: 'gauge',
      });
      for (const name of ['collector_values_read_total', 'collector_points_written_total', 'collector_dropped_points_total',
        'collector_quarantined_points_total', 'collector_rollup_points_total', 'collector_spool_bytes', 'collector_spool_batches',
        'collector_poll_duration_seconds_count', 'collector_poll_duration_seconds_sum',
        'collector_polls_total{role="switch",status="ok"}', 'collector_polls_total{role="ap",status="auth_error"}', 'collector_polls_total{role="wifi-controller",status="empty"}',
        'collector_write_errors_total{kind="transient"}', 'collector_write_errors_total{kind="permanent"}',
        'collector_intervals_without_rate_total{reason="reset"}', 'collector_intervals_without_rate_total{reason="type-change"}']) {
        expect(s.samples.get(name), name).toBe(0);
      }
      expect([...s.samples.keys()].filter((k) => k.startsWith('collector_polls_total{'))).toHaveLength(20); // 4 roles × 5 statuses
      m.writeErrors.inc({ kind: 'transient' });
      m.pointsWritten.inc({}, 250);
      const after = await scrape(url);
      expect(after.samples.get('collector_write_errors_total{kind="transient"}')).toBe(1);
      expect(after.samples.get('collector_points_written_total')).toBe(250);
      expect(m.pointsWritten.get()).toBe(250);
    } finally {
      server.close();
    }
  });
});

describe('API /metrics', () => {
  let api: ApiHandle;
  let store: InfluxStore;
  let dir: string;
  beforeAll(async () => {
    store = await freshDatabase('api_metrics');
    dir = mkdtempSync(join(tmpdir(), 'irisnet-api-metrics-'));
    api = await startApi({ configDir: FIXTURE, port: 0, tokens: TOKEN_ENTRIES, dataDir: dir, influx: store.config, warm: false, log: () => {} });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs no token, and counts requests by route pattern and status, their latency and the figures load', async () => {
    const first = await scrape(`${api.url}/metrics`);
    expect(first.types.get('api_requests_total')).toBe('counter');
    expect(first.types.get('api_request_duration_seconds')).toBe('histogram');
    expect(first.types.get('api_figures_load_duration_seconds')).toBe('histogram');
    // Nothing answered before this scrape (it is counted once answered).
    expect([...first.samples.keys()].filter((k) => k.startsWith('api_requests_total'))).toEqual([]);

    expect((await fetch(`${api.url}/api/segments/S-1/series`)).status).toBe(401);
    expect((await fetch(`${api.url}/api/segments/S-1/series`, { headers: auth('viewer') })).status).toBe(200);
    expect((await fetch(`${api.url}/api/segments/S-2/series`, { headers: auth('viewer') })).status).toBe(200);
    expect((await fetch(`${api.url}/api/nowhere`, { headers: auth('viewer') })).status).toBe(404);

    const s = await scrape(`${api.url}/metrics`);
    expect(s.samples.get('api_requests_total{method="GET",route="/metrics",status="200"}')).toBe(1);
    expect(s.samples.get('api_requests_total{method="GET",route="/api/segments/:id/series",status="401"}')).toBe(1);
    expect(s.samples.get('api_requests_total{method="GET",route="/api/segments/:id/series",status="200"}')).toBe(2);
    expect(s.samples.get('api_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(s.samples.get('api_request_duration_seconds_count{method="GET",route="/api/segments/:id/series"}')).toBe(3);
    // The series read loaded the interface rollups once (initial load).
    expect(s.samples.get('api_figures_load_duration_seconds_count{measurement="interface_5m",kind="initial"}')).toBe(1);
  });
});

describe('alert evaluator /metrics', () => {
  it('serves evaluation counts and time, and firing alerts for every rule (0 when none)', async () => {
    const store = await freshDatabase('alerts_metrics');
    const dir = mkdtempSync(join(tmpdir(), 'irisnet-alerts-metrics-'));
    const cadastre = loadCadastre(FIXTURE);
    const alerts = await startAlerts({
      cadastre, store, statePath: join(dir, 'state.json'), intervalMs: 3_600_000, metricsPort: 0, collectors: [],
      logger: new JsonLogger(() => undefined, 'error'),
    });
    try {
      const s = await scrape(alerts.metricsUrl!);
      expect(s.types.get('alerts_evaluations_total')).toBe('counter');
      expect(s.types.get('alerts_evaluation_duration_seconds')).toBe('histogram');
      expect(s.types.get('alerts_firing')).toBe('gauge');
      // startAlerts evaluates once at the latest grid tick.
      expect(s.samples.get('alerts_evaluations_total{result="ok"}')).toBe(1);
      expect(s.samples.get('alerts_evaluations_total{result="failed"}')).toBe(0);
      expect(s.samples.get('alerts_evaluation_duration_seconds_count')).toBe(1);
      const firing = Object.fromEntries([...s.samples].filter(([k]) => k.startsWith('alerts_firing{')).map(([k, v]) => [/rule="([^"]+)"/.exec(k)![1], v]));
      const expected = Object.fromEntries(Object.keys(cadastre.policy.alerts.rules).map((r) => [r, 0]));
      for (const a of Object.values(alerts.state().alerts)) if (a.status === 'firing') expected[a.rule]++;
      expect(firing).toEqual(expected);
      expect(Object.keys(firing).length).toBeGreaterThanOrEqual(7);
      await alerts.evaluateNow();
      expect((await scrape(alerts.metricsUrl!)).samples.get('alerts_evaluations_total{result="ok"}')).toBe(2);
    } finally {
      await alerts.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
