// The simulated demo network in a process of its own (like `npm start`: its CPU does not blur the collector's
// poll timestamps), with its fault control (sim/control.ts) on loopback, and the collector polling it. For the
// tests that run on the real clock (test/web/live.test.ts, test/alerts/cold-start.test.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { stopProcess } from '../../store/influxd.js';
import { startCollector, type CollectorHandle } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import type { Fault } from '../../sim/faults.js';

export const SIM_ENV = { IRIS_SNMP_COMMUNITY: 'iris-ro-live', IRIS_SNMP_V3_AUTH_KEY: 'auth-key-live-1', IRIS_SNMP_V3_PRIV_KEY: 'priv-key-live-1', WIFI_SNMP_COMMUNITY: 'wifi-ro-live' };

export interface LiveNetwork {
  collector: CollectorHandle;
  /** When the collector started (epoch ms). */
  startedAt: number;
  /** Sets or clears a device's fault through the simulator's control endpoint. */
  setFault(device: string, fault: Fault | null): Promise<void>;
  close(): Promise<void>;
}

/** Starts `npm run sim` on `configDir` (the simulator needs only the devices) and the collector on `cadastre`. */
export async function startLiveNetwork(configDir: string, cadastre: Cadastre, store: InfluxStore, seed: number): Promise<LiveNetwork> {
  const dir = mkdtempSync(join(tmpdir(), 'irisnet-live-'));
  const portsFile = join(dir, 'ports.json');
  const env = { ...process.env, ...SIM_ENV };
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('sim/cli.ts'), '--config', configDir, '--seed', String(seed), '--ports-file', portsFile, '--control-port', '0'], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const controlUrl = await new Promise<string>((res, rej) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /^sim ready: .*fault control on (http:\/\/127\.0\.0\.1:\d+)\/faults/m.exec(out);
      if (m) res(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', () => rej(new Error(`the simulator exited before it was ready:\n${out.slice(-2000)}`)));
  });
  const startedAt = Date.now();
  const collector = await startCollector({
    cadastre, store, env: SIM_ENV, portsFile, spoolDir: join(dir, 'spool'), metricsPort: 0, flushMs: 1000,
    logger: new JsonLogger(() => undefined, 'error'),
  });
  return {
    collector, startedAt,
    async setFault(device, fault) {
      const url = `${controlUrl}/faults/${encodeURIComponent(device)}`;
      const res = fault ? await fetch(url, { method: 'POST', body: JSON.stringify(fault), headers: { 'Content-Type': 'application/json' } }) : await fetch(url, { method: 'DELETE' });
      if (!res.ok) throw new Error(`sim control ${device}: HTTP ${res.status} ${await res.text()}`);
    },
    async close() {
      await collector.stop();
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
