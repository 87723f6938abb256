// The container image, when one was built here (podman build -t localhost/irisnet-telemetry -f Containerfile .;
// no registry is reachable from CI, so the test says it skipped when podman or the image is absent): the API
// and the collector start from it with production dependencies only, become ready against the real influxd and
// the simulator (host network), and `podman stop` (SIGTERM) ends them with exit 0.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../store/influxd.js';
import { freshDatabase } from '../support/influx.js';
import { startSimProcess } from '../collector/helpers.js';
import { ENV as SNMP_ENV } from '../sim/helpers.js';
import { waitForHttp } from './support.js';

const IMAGE = 'localhost/irisnet-telemetry:latest';
const work = mkdtempSync(join(tmpdir(), 'prod-image-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Podman's flags that work on this machine: none, or (a cgroup v1/v2 hybrid host, no systemd) runc with cgroupfs and explicit limits. */
function podmanFlags(): { global: string[]; run: string[] } | undefined {
  if (spawnSync('podman', ['--version']).status !== 0) return undefined;
  if (spawnSync('podman', ['image', 'exists', IMAGE]).status !== 0) return undefined;
  const tries = [
    { global: [], run: [] },
    { global: ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs'], run: ['--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096'] },
  ];
  return tries.find((t) => spawnSync('podman', [...t.global, 'run', '--rm', ...t.run, IMAGE, 'node', '--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0);
}

const flags = podmanFlags();

describe.skipIf(!flags)(`the image ${IMAGE}`, () => {
  it('has no build tool, runs the API and the collector, and stops them on SIGTERM with exit 0', async () => {
    const { global, run } = flags!;
    const podman = (args: string[]): string => execFileSync('podman', [...global, ...args], { encoding: 'utf8', timeout: 120_000 }).trim();
    expect(podman(['run', '--rm', ...run, IMAGE, 'sh', '-c', 'ls node_modules | grep -cx "tsx\\|vite\\|typescript\\|vitest" || true'])).toBe('0');

    const store = await freshDatabase('prod_image');
    const influx = ['-e', `INFLUX_URL=${inject('influxUrl')}`, '-e', `INFLUX_DB=${store.database}`];
    const sim = await startSimProcess('test/fixtures/cadastre-small', work, SNMP_ENV as Record<string, string>);
    const cadastre = resolve('test/fixtures/cadastre-small');
    const apiPort = await freePort();
    const metricsPort = await freePort();
    const names = [`irisnet-test-api-${apiPort}`, `irisnet-test-collector-${metricsPort}`];
    try {
      podman(['run', '-d', '--name', names[0], '--network', 'host', ...run, ...influx, '-v', `${cadastre}:/etc/irisnet/cadastre:ro`, IMAGE,
        'node', 'dist/api/cli.js', '--config', '/etc/irisnet/cadastre', '--host', '127.0.0.1', '--port', String(apiPort), '--web', 'web/dist', '--data-dir', '/var/lib/irisnet/api']);
      const snmp = Object.entries(SNMP_ENV).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      podman(['run', '-d', '--name', names[1], '--network', 'host', ...run, ...influx, ...snmp, '-v', `${cadastre}:/etc/irisnet/cadastre:ro`,
        '-v', `${sim.portsFile}:/etc/irisnet/ports.json:ro`, IMAGE,
        'node', 'dist/collector/cli.js', '--config', '/etc/irisnet/cadastre', '--ports-file', '/etc/irisnet/ports.json', '--spool-dir', '/var/lib/irisnet/collector',
        '--metrics-port', String(metricsPort), '--interval', 'switch=2', '--interval', 'wifi-controller=2']);
      expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${apiPort}/api/health/ready`, 200, 90_000))).toMatchObject({ status: 'ready' });
      expect(await waitForHttp(`http://127.0.0.1:${apiPort}/`)).toContain('<script');
      expect(JSON.parse(await waitForHttp(`http://127.0.0.1:${metricsPort}/health/ready`, 200, 90_000))).toMatchObject({ status: 'ready', devices: 8 });
      let written = 0;
      for (let i = 0; i < 60 && !written; i++) {
        written = Number(/^collector_points_written_total (\d+)/m.exec(await waitForHttp(`http://127.0.0.1:${metricsPort}/metrics`))?.[1] ?? 0);
        if (!written) await new Promise((r) => setTimeout(r, 500));
      }
      expect(written).toBeGreaterThan(0);
      // compose.yaml's health checks, run inside the containers (ports as these containers use them).
      const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, { healthcheck: { test: string[] } }> };
      const check = (service: string, from: string, to: number): string[] => {
        const [kind, cmd] = compose.services[service].healthcheck.test;
        expect(kind).toBe('CMD-SHELL');
        return ['sh', '-c', cmd.replace(`127.0.0.1:${from}/`, `127.0.0.1:${to}/`)];
      };
      podman(['exec', names[0], ...check('api', '8080', apiPort)]);
      podman(['exec', names[1], ...check('collector', '9310', metricsPort)]);
      for (const n of names) {
        podman(['stop', '--time', '60', n]);
        expect(podman(['inspect', n, '--format', '{{.State.ExitCode}}']), podman(['logs', n]).slice(-2000)).toBe('0');
      }
      expect(podman(['logs', names[1]])).toMatch(/"msg":"collector stopped"/);
    } finally {
      spawnSync('podman', [...global, 'rm', '-f', ...names]);
      await sim.stop();
    }
  }, 300_000);
});

if (!flags) console.warn(`image test skipped: podman or the image ${IMAGE} is absent (build it: podman build -t ${IMAGE} -f Containerfile .)`);
