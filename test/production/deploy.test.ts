// Production as shipped. `npm run build`, then production dependencies only (npm prune --omit=dev on a copy of
// the repository): every service starts from its compiled entry point with `node dist/…`, does its job against
// the real influxd and the simulator, and stops on SIGTERM with exit 0. Then each systemd unit of deploy/systemd
// is run as systemd would: its ExecStart as written, in its WorkingDirectory, with its EnvironmentFile.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../store/influxd.js';
import { freshDatabase } from '../support/influx.js';
import { ENV as SNMP_ENV } from '../sim/helpers.js';
import { parse, stringify } from 'yaml';
import { REPO, builtCopy, environmentFile, execArgv, startService, timespanMs, unitService, waitForHttp, type Service } from './support.js';

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
    expect(existsSync(join(dir, 'dist/config/profiles/if-mib.yaml'))).toBe(true);
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
      '--collector-metrics', `http://127.0.0.1:${metricsPort}/metrics`, '--interval', '5', '--metrics-port', String(alertsPort)], influxEnv);
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

/** A base port with base … base + 3 free (the units' 9310 and the shards' 9310 + i). */
async function freeRange(n: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base + n > 65535) continue;
    const ok = await Promise.all(Array.from({ length: n }, (_, k) => new Promise<boolean>((res) => {
      import('node:net').then(({ createServer }) => {
        const srv = createServer();
        srv.once('error', () => res(false));
        srv.listen(base + k, '127.0.0.1', () => srv.close(() => res(true)));
      }, () => res(false));
    })));
    if (ok.every(Boolean)) return base;
  }
}

describe('deploy/systemd units, run as written', () => {
  const UNITS = join(REPO, 'deploy/systemd');

  it('pass systemd-analyze verify where it is available', () => {
    const has = spawnSync('systemd-analyze', ['--version']).status === 0;
    if (!has) { console.warn('systemd-analyze not installed: verify skipped'); return; }
    const units = readdirSync(UNITS).filter((f) => f.endsWith('.service'));
    expect(units.sort()).toEqual(['irisnet-alerts.service', 'irisnet-api.service', 'irisnet-collector.service', 'irisnet-collector@.service']);
    for (const u of [...units, 'irisnet-collector@1-2.service']) {
      const r = spawnSync('systemd-analyze', ['verify', join(UNITS, u)], { encoding: 'utf8', cwd: tmpdir() });
      expect(r.status, `${u}: ${r.stderr}`).toBe(0);
      expect(r.stderr, u).toBe('');
    }
    // The check can fail: a missing binary is an error, a value systemd cannot parse a warning on stderr.
    const bad = join(work, 'irisnet-bad.service');
    writeFileSync(bad, '[Service]\nExecStart=/usr/bin/irisnet-no-such-binary\n');
    expect(spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8', cwd: tmpdir() }).status).not.toBe(0);
    writeFileSync(bad, '[Service]\nExecStart=/bin/true\nTimeoutStopSec=soon\n');
    expect(spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8', cwd: tmpdir() }).stderr).toMatch(/Failed to parse/);
  });

  it('start from their ExecStart lines, become ready, and stop on SIGTERM with exit 0 within TimeoutStopSec', async () => {
    const store = await freshDatabase('prod_units');
    const etc = join(work, 'etc');
    const state = join(work, 'state');
    mkdirSync(state, { recursive: true });

    // The simulator stands in for the network; the cadastre the units read names its ports.
    const portsFile = join(work, 'unit-ports.json');
    const sim = node(['dist/sim/cli.js', '--config', SMALL, '--seed', '5', '--ports-file', portsFile], SNMP_ENV);
    await sim.waitFor(/sim ready/);
    const ports = JSON.parse(readFileSync(portsFile, 'utf8')) as Record<string, number>;
    cpSync(join(REPO, SMALL), join(etc, 'cadastre'), { recursive: true });
    const devices = parse(readFileSync(join(etc, 'cadastre/devices.yaml'), 'utf8')) as Array<{ id: string; target: string }>;
    for (const d of devices) d.target = `127.0.0.1:${ports[d.id]}`;
    writeFileSync(join(etc, 'cadastre/devices.yaml'), stringify(devices));

    // The environment files: the shipped examples with test values.
    const influx = { INFLUX_URL: inject('influxUrl'), INFLUX_DB: store.database, INFLUX_USER: '', INFLUX_PASSWORD: '' };
    const base = await freeRange(4);
    const alertsPort = await freePort();
    const apiPort = await freePort();
    const envFiles: Record<string, Record<string, string>> = {
      'collector.env': { ...influx, ...(SNMP_ENV as Record<string, string>) },
      'alerts.env': { ...influx, ALERTS_COLLECTORS: `--collector-metrics collector=http://127.0.0.1:${base}/metrics --collector-metrics shard-1=http://127.0.0.1:${base + 1}/metrics --collector-metrics shard-2=http://127.0.0.1:${base + 2}/metrics` },
      'api.env': { ...influx, API_TOKENS_FILE: join(etc, 'api-tokens.yaml') },
    };
    writeFileSync(join(etc, 'api-tokens.yaml'), '[]\n');
    for (const [name, values] of Object.entries(envFiles)) {
      const example = environmentFile(readFileSync(join(UNITS, 'env', `${name}.example`), 'utf8'));
      // Every variable the example names is given a value (an empty user means no authentication here).
      for (const k of Object.keys(example)) if (!(k in values) && !/SNMP/.test(k)) throw new Error(`${name}: no test value for ${k}`);
      writeFileSync(join(etc, name), Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
    }

    // Paths (and, since tests share the machine, ports) substituted; everything else as written.
    const substitute = (line: string): string => line
      .replaceAll('/opt/irisnet-telemetry', dir).replaceAll('/etc/irisnet', etc).replaceAll('/var/lib/irisnet', state)
      .replaceAll('/usr/bin/node', process.execPath).replaceAll('9310', String(base)).replaceAll('9320', String(alertsPort))
      .replaceAll('8080', String(apiPort));
    const runUnit = (file: string, instance = ''): { svc: Service; stopMs: number } => {
      const unit = unitService(readFileSync(join(UNITS, file), 'utf8'));
      const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
      for (const f of unit.get('EnvironmentFile') ?? []) {
        const path = substitute(f.replace(/^-/, ''));
        if (existsSync(path)) Object.assign(env, environmentFile(readFileSync(path, 'utf8')));
        else if (!f.startsWith('-')) throw new Error(`${file}: EnvironmentFile ${path} missing`);
      }
      for (const e of unit.get('Environment') ?? []) { const [k, ...v] = e.split('='); env[k] = v.join('='); }
      const [exec] = unit.get('ExecStart') ?? [];
      expect(unit.get('ExecStartPre'), `${file}: nothing built at start`).toBeUndefined();
      const argv = execArgv(substitute(exec), instance, env);
      const svc = startService(argv, { cwd: substitute(unit.get('WorkingDirectory')![0]), env });
      running.push(svc);
      expect(unit.get('KillSignal') ?? ['SIGTERM']).toEqual(['SIGTERM']);
      return { svc, stopMs: timespanMs(unit.get('TimeoutStopSec')?.[0] ?? '90') };
    };

    const single = runUnit('irisnet-collector.service');
    const shard1 = runUnit('irisnet-collector@.service', '1-2');
    const shard2 = runUnit('irisnet-collector@.service', '2-2');
    // Each on its own port (no EADDRINUSE between shards) and with its own spool.
    const readyOf = async (port: number): Promise<{ devices: number }> => JSON.parse(await waitForHttp(`http://127.0.0.1:${port}/health/ready`)) as { devices: number };
    expect((await readyOf(base)).devices).toBe(8);
    const d1 = (await readyOf(base + 1)).devices;
    const d2 = (await readyOf(base + 2)).devices;
    expect(d1 + d2).toBe(8);
    expect(d1).toBeGreaterThan(0);
    expect(shard1.svc.output()).toContain(`"shard":"1/2"`);
    expect(shard2.svc.output()).toContain(`"shard":"2/2"`);
    expect(existsSync(join(state, 'collector-1-2'))).toBe(true);
    expect(existsSync(join(state, 'collector-2-2'))).toBe(true);
    expect(existsSync(join(state, 'collector'))).toBe(true);

    const alerts = runUnit('irisnet-alerts.service');
    expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${alertsPort}/health/ready`))).toMatchObject({ status: 'ready' });
    const api = runUnit('irisnet-api.service');
    expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${apiPort}/api/health/ready`))).toMatchObject({ status: 'ready', store: 'up' });
    expect(await waitForHttp(`http://127.0.0.1:${apiPort}/`)).toContain('<script');
    // The evaluator read every collector's metrics: no collector-backlog source reported unreadable.
    expect(alerts.svc.output()).not.toMatch(/alert source unreadable/);

    for (const u of [api, alerts, shard2, shard1, single]) {
      const r = await u.svc.stop(u.stopMs);
      expect(r, u.svc.output()).toMatchObject({ code: 0, signal: null });
    }
  }, 240_000);
});
