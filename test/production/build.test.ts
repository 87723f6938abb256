// `npm run build`, then production dependencies only (npm prune --omit=dev on a copy of the repository): every
// service starts from its compiled entry point with `node dist/…`, does its job against the real influxd and
// the simulator, and stops on SIGTERM with exit 0.
import { existsSync, mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../store/influxd.js';
import { freshDatabase } from '../support/influx.js';
import { ENV as SNMP_ENV } from '../sim/helpers.js';
import { builtCopy, startService, waitForHttp, type Service } from './support.js';

const SMALL = 'test/fixtures/cadastre-small';
let dir = '';
const work = mkdtempSync(join(tmpdir(), 'irisnet-prod-run-'));
const running: Service[] = [];

beforeAll(() => { dir = builtCopy().dir; }, 300_000);
afterAll(async () => {
  for (const s of running) await s.stop(5_000);
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function node(args: string[], env: NodeJS.ProcessEnv): Service {
  const s = startService([process.execPath, ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env } });
  running.push(s);
  return s;
}

describe('npm run build, production dependencies only', () => {
  it('leaves no build tool in node_modules and compiled entry points with their data files', () => {
    for (const dev of ['tsx', 'vite', 'typescript', 'vitest', 'playwright-core']) expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false);
    for (const entry of ['collector/cli.js', 'alerts/cli.js', 'api/cli.js', 'works/cli.js', 'config/check-cli.js', 'sim/cli.js']) {
      expect(existsSync(join(dir, 'dist', entry)), entry).toBe(true);
    }
    expect(existsSync(join(dir, 'dist/collector/profiles/if-mib.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'web/dist/index.html'), 'utf8')).toContain('<script');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { engines: { node: string } };
    // vite 8 (the map's build) needs Node ≥ 20.19.
    expect(pkg.engines.node).toBe('>=20.19');
  });

  it('config check, simulator, collector, evaluator, API and works import run from dist/ and stop on SIGTERM', async () => {
    const check = node(['dist/config/check-cli.js', SMALL], {});
    expect((await check.exited).code).toBe(0);
    expect(check.output()).toMatch(/devices: +8 \(6 switch, 2 wifi-controller\)/);

    const store = await freshDatabase('prod_build');
    const influxEnv = { INFLUX_URL: inject('influxUrl'), INFLUX_DB: store.database };
    const portsFile = join(work, 'ports.json');
    const sim = node(['dist/sim/cli.js', '--config', SMALL, '--seed', '3', '--ports-file', portsFile], SNMP_ENV);
    await sim.waitFor(/sim ready/);

    const metricsPort = await freePort();
    const collector = node(['dist/collector/cli.js', '--config', SMALL, '--ports-file', portsFile, '--spool-dir', join(work, 'collector'),
      '--metrics-port', String(metricsPort), '--interval', 'switch=2', '--interval', 'wifi-controller=2'], { ...SNMP_ENV, ...influxEnv });
    await collector.waitFor(/"msg":"collector started"/);
    // Points reach the store: the collector polled through net-snmp and wrote over HTTP, on production deps.
    const deadline = Date.now() + 30_000;
    let written = 0;
    while (Date.now() < deadline && written === 0) {
      const text = await waitForHttp(`http://127.0.0.1:${metricsPort}/metrics`);
      written = Number(/^collector_points_written_total (\d+)/m.exec(text)?.[1] ?? 0);
      if (!written) await new Promise((r) => setTimeout(r, 500));
    }
    expect(written).toBeGreaterThan(0);
    expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${metricsPort}/health/ready`))).toMatchObject({ status: 'ready', devices: 8 });
    expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${metricsPort}/health/live`))).toMatchObject({ status: 'ok' });

    const alertsPort = await freePort();
    const alerts = node(['dist/alerts/cli.js', '--config', SMALL, '--state-dir', join(work, 'alerts'),
      '--collector-metrics', `http://127.0.0.1:${metricsPort}/metrics`, '--interval', '5', '--health-port', String(alertsPort)], influxEnv);
    await alerts.waitFor(/"msg":"alerts started"/);
    expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${alertsPort}/health/ready`))).toMatchObject({ status: 'ready' });

    const apiPort = await freePort();
    const api = node(['dist/api/cli.js', '--config', SMALL, '--port', String(apiPort), '--web', 'web/dist', '--data-dir', join(work, 'api')], influxEnv);
    await api.waitFor(/api: listening on/);
    expect(await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`)).toContain('"store":"up"');
    expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${apiPort}/api/health/ready`))).toMatchObject({ status: 'ready', figures: 'loaded' });
    expect(api.output()).toMatch(/"msg":"access","method":"GET","route":"\/api\/health\/ready","status":200/);
    expect(await waitForHttp(`http://127.0.0.1:${apiPort}/`)).toContain('<script');

    cpSync(join(dir, 'test/fixtures/works-net'), join(work, 'works-net'), { recursive: true });
    const works = node(['dist/works/cli.js', 'test/fixtures/works-net/osiris-sample.geojson', '--config', join(work, 'works-net')], {});
    expect((await works.exited).code, works.output()).toBe(0);
    expect(existsSync(join(work, 'works-net/worksites.geojson'))).toBe(true);

    for (const s of [api, alerts, collector, sim]) {
      const r = await s.stop();
      expect(r, s.output()).toMatchObject({ code: 0, signal: null });
    }
    expect(collector.output()).toMatch(/"msg":"collector stopped"/);
  }, 180_000);
});
