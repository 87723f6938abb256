// What can be checked of the container files without an image registry: compose.yaml and Grafana's provisioning
// parse and agree with each other and with the services' options; Alertmanager accepts its configuration; and
// every query of the Grafana dashboard runs on a real influxd holding what the collector writes (raw points from
// the simulator through the collector, and their rollups), with no InfluxQL error and a non-empty answer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startCollector } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import { loadCadastre } from '../../config/load.js';
import { rollupRange } from '../../store/rollup.js';
import { BUCKET_MS } from '../../store/schema.js';
import { cadastreWith, sleep, startSimProcess } from '../collector/helpers.js';
import { ENV as SNMP_ENV } from '../sim/helpers.js';
import { freshDatabase } from '../support/influx.js';

interface ComposeService { image?: string; build?: unknown; command?: string[]; network_mode?: string; healthcheck?: { test: string[] }; volumes?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown> }
const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const dashboard = JSON.parse(readFileSync('deploy/grafana/dashboards/irisnet-telemetry.json', 'utf8')) as {
  templating: { list: Array<{ name: string; query: string; datasource: { uid: string } }> };
  panels: Array<{ title: string; datasource: { uid: string }; targets: Array<{ query: string; rawQuery: boolean; datasource: { uid: string } }> }>;
};
const work = mkdtempSync(join(tmpdir(), 'prod-containers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('compose.yaml and Grafana provisioning', () => {
  it('names the store, Alertmanager, Grafana and the three services, each command an entry point of the build', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['alertmanager', 'api', 'collector', 'evaluator', 'grafana', 'influxdb', 'influxdb-users']);
    const entries: Record<string, string> = { collector: 'collector/cli', evaluator: 'alerts/cli', api: 'api/cli' };
    for (const [name, entry] of Object.entries(entries)) {
      const s = compose.services[name];
      expect(s.build, name).toEqual({ context: '.', dockerfile: 'Containerfile' });
      expect(s.command?.slice(0, 2), name).toEqual(['node', `dist/${entry}.js`]);
      expect(existsSync(`${entry}.ts`), entry).toBe(true);
    }
    // The health checks ask the ports the commands open.
    const arg = (name: string, flag: string): string | undefined => { const c = compose.services[name].command!; return c[c.indexOf(flag) + 1]; };
    expect(compose.services.collector.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${arg('collector', '--metrics-port')}/health/ready`);
    expect(compose.services.evaluator.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${arg('evaluator', '--metrics-port')}/health/ready`);
    expect(compose.services.api.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${arg('api', '--port')}/api/health/ready`);
    // The collector serves its metrics on loopback: the evaluator shares its network namespace to read them.
    expect(compose.services.evaluator.network_mode).toBe('service:collector');
    expect(arg('evaluator', '--collector-metrics')).toBe(`http://127.0.0.1:${arg('collector', '--metrics-port')}/metrics`);
    expect(compose.services['influxdb-users'].command).toEqual(['sh', 'deploy/influxdb/create-users.sh']);
    // The collector writes as the ALL user, the API and the evaluator read as the READ user.
    expect(compose.services.collector.environment!.INFLUX_USER).toBe('irisnet_collector');
    expect(compose.services.api.environment!.INFLUX_USER).toBe('irisnet_reader');
    expect(compose.services.evaluator.environment!.INFLUX_USER).toBe('irisnet_reader');
  });

  it('provisions the datasource under the uid every dashboard query names, and the dashboards where Grafana mounts them', () => {
    const ds = parse(readFileSync('deploy/grafana/provisioning/datasources/irisnet.yaml', 'utf8')) as { apiVersion: number; datasources: Array<{ uid: string; type: string; jsonData: { dbName: string } }> };
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources).toHaveLength(1);
    const { uid, type } = ds.datasources[0];
    expect(type).toBe('influxdb');
    const uids = new Set([...dashboard.templating.list.map((t) => t.datasource.uid), ...dashboard.panels.flatMap((p) => [p.datasource.uid, ...p.targets.map((t) => t.datasource.uid)])]);
    expect([...uids]).toEqual([uid]);
    expect(readFileSync('deploy/grafana/dashboards/irisnet-telemetry.json', 'utf8')).not.toMatch(/\$\{DS_/);

    const dash = parse(readFileSync('deploy/grafana/provisioning/dashboards/irisnet.yaml', 'utf8')) as { providers: Array<{ type: string; options: { path: string } }> };
    expect(dash.providers[0].type).toBe('file');
    const mounts = compose.services.grafana.volumes!;
    expect(mounts).toContain(`./deploy/grafana/dashboards:${dash.providers[0].options.path}:ro`);
    expect(mounts).toContain('./deploy/grafana/provisioning:/etc/grafana/provisioning:ro');
    // Every variable the provisioning file expands is in Grafana's environment.
    const vars = [...readFileSync('deploy/grafana/provisioning/datasources/irisnet.yaml', 'utf8').matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]);
    for (const v of vars) expect(Object.keys(compose.services.grafana.environment!), v).toContain(v);
  });

  it('Alertmanager accepts its configuration (amtool check-config)', () => {
    const r = spawnSync('amtool', ['check-config', 'deploy/alertmanager/alertmanager.yml'], { encoding: 'utf8' });
    if (r.error) { console.warn('amtool missing (Debian prometheus-alertmanager): check skipped'); return; }
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS/);
  });
});

describe('the Grafana dashboard against collector-shaped data', () => {
  it('runs every panel and variable query without an InfluxQL error and with data', async () => {
    const store = await freshDatabase('prod_dashboard');
    const SMALL = 'test/fixtures/cadastre-small';
    const sim = await startSimProcess(SMALL, work, SNMP_ENV as Record<string, string>);
    const fixture = loadCadastre(SMALL);
    const cadastre = cadastreWith(fixture.devices.map((d) => ({ ...d, intervalSeconds: 2, timeoutMs: 1000, retries: 0 })), { segments: fixture.segments, hotspots: fixture.hotspots });
    const started = Date.now();
    const collector = await startCollector({
      cadastre, store, env: SNMP_ENV, spoolDir: join(work, 'collector'), portsFile: sim.portsFile, metricsPort: null, rollup: false, flushMs: 200,
      logger: new JsonLogger(() => {}),
    });
    try {
      await sleep(6_000);
      await collector.flush();
    } finally {
      await collector.stop();
      await sim.stop();
    }
    await rollupRange(store, started - BUCKET_MS, Date.now() + 1);

    // Grafana's substitutions: the time filter, the interval, and a multi-value variable at "All" as a regex.
    const values: Record<string, string> = {};
    for (const v of dashboard.templating.list) {
      const series = await store.query(v.query);
      const names = series.flatMap((s) => s.values.map((row) => String(row[1])));
      expect(names.length, v.name).toBeGreaterThan(0);
      values[v.name] = `(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`;
    }
    expect(values.segment).toBe(`(${[...new Set(fixture.segments.map((s) => s.id))].sort().join('|')})`);
    const grafana = (q: string): string => q.replace(/\$timeFilter/g, `time >= ${started - BUCKET_MS}ms`).replace(/\$__interval/g, '1m')
      .replace(/\$(\w+)/g, (m, name: string) => values[name] ?? m);
    for (const p of dashboard.panels) {
      for (const t of p.targets) {
        expect(t.rawQuery, p.title).toBe(true);
        const series = await store.query(grafana(t.query));
        expect(series.length, `${p.title}: ${grafana(t.query)}`).toBeGreaterThan(0);
        expect(series.some((s) => s.values.some((row) => typeof row[1] === 'number')), p.title).toBe(true);
      }
    }
  }, 90_000);
});
