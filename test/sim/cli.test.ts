// `npm run sim` as a process: ready line, ports file, CLI faults, control endpoint, clean stop on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../store/influxd.js';
import { ENV, SMALL, v2c, walk } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run sim', () => {
  it('starts every agent, writes the ports file, applies --fault, serves the control endpoint and stops on SIGTERM', async () => {
    const portsFile = join(dir, 'ports.json');
    const controlPort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--config', SMALL, '--seed', '3', '--ports-file', portsFile,
      '--control-port', String(controlPort), '--pad-ports', '8', '--fault', 'sw-stg=down'], {
      env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (out.includes('sim ready')) { clearInterval(timer); resolve(); }
          if (child.exitCode !== null) { clearInterval(timer); reject(new Error(`sim exited: ${err}`)); }
        }, 50);
      });
      expect(out).toMatch(/sim ready: 8 agents on 127\.0\.0\.1 \(seed 3, started in \d+ ms\), ports in .*ports\.json, fault control on http:\/\/127\.0\.0\.1:\d+\/faults, faults: sw-stg=down/);
      const ports = JSON.parse(readFileSync(portsFile, 'utf8')) as Record<string, number>;
      expect(Object.keys(ports).sort()).toEqual(['sw-and', 'sw-bxl', 'sw-ixl', 'sw-mol', 'sw-sjtn', 'sw-stg', 'wlc-bxl', 'wlc-ixl']);
      const names = await walk(ports['sw-bxl'], '1.3.6.1.2.1.31.1.1.1.1', v2c(ENV.IRIS_SNMP_COMMUNITY!));
      expect(names.values.size).toBe(8);
      expect((await walk(ports['sw-stg'], '1.3.6.1.2.1.1.5', v2c(ENV.IRIS_SNMP_COMMUNITY!))).values.size).toBe(0);
      expect(await (await fetch(`http://127.0.0.1:${controlPort}/faults`)).json()).toEqual({ 'sw-stg': { kind: 'down' } });
      await fetch(`http://127.0.0.1:${controlPort}/faults/sw-stg`, { method: 'DELETE' });
      expect((await walk(ports['sw-stg'], '1.3.6.1.2.1.1.5', v2c(ENV.IRIS_SNMP_COMMUNITY!))).values.size).toBe(1);
      // No secret in what it printed.
      for (const secret of Object.values(ENV)) expect(out + err).not.toContain(secret);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/sim stopped \(SIGTERM\)/);
  });

  it('refuses a missing secret, naming the variable but not printing values', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--config', SMALL, '--ports-file', join(dir, 'p2.json')], {
      env: { ...process.env, ...ENV, IRIS_SNMP_V3_PRIV_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/device sw-ixl: snmp\.privKey refers to environment variable IRIS_SNMP_V3_PRIV_KEY, which is not set/);
    expect(err).not.toContain(ENV.IRIS_SNMP_V3_AUTH_KEY!);
  });
});
