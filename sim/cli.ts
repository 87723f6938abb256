// npm run sim -- --config <dir> [--seed N] [--ports-file F] [--control-port P] [--pad-ports N] [--cadastre-ports] [--far-end-ports]
//                [--fault DEVICE=KIND[:ARG]]...
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadCadastre, CadastreError } from '../config/load.js';
import { missingSecrets } from '../config/secrets.js';
import { parseFaultFlag } from './faults.js';
import { startSimNetwork } from './network.js';
import { startControlServer } from './control.js';
import { parseCli, usageExit } from '../common/cli.js';

const USAGE = 'usage: npm run sim -- --config <dir> [--seed N] [--ports-file F] [--control-port P] [--pad-ports N] [--cadastre-ports] [--far-end-ports] [--fault DEVICE=KIND[:ARG]]...';

async function main(): Promise<void> {
  const cli = parseCli(USAGE, {
    options: {
      config: { type: 'string' }, seed: { type: 'string' }, 'ports-file': { type: 'string' },
      'control-port': { type: 'string' }, 'pad-ports': { type: 'string' }, 'cadastre-ports': { type: 'boolean' }, 'far-end-ports': { type: 'boolean' },
      fault: { type: 'string', multiple: true },
    },
  });
  const values = cli.values;
  if (!values.config) usageExit(USAGE, '--config is required');
  const seed = cli.int('seed', 0);
  const controlPort = cli.int('control-port', 0, 65535);
  const padPorts = cli.int('pad-ports', 0);
  const portsFile = values['ports-file'] ?? 'var/sim-ports.json';
  const faults = (values.fault ?? []).map((f) => { try { return parseFaultFlag(f); } catch (e) { return usageExit(USAGE, (e as Error).message); } });

  const cadastre = loadCadastre(values.config);
  const missing = missingSecrets(cadastre.devices);
  if (missing.length) throw new Error(missing.map((e) => e.message).join('\n'));
  for (const f of faults) {
    if (!cadastre.devices.some((d) => d.id === f.device)) throw new Error(`--fault: unknown device "${f.device}"`);
  }

  const started = performance.now();
  const net = await startSimNetwork(cadastre, { seed, padPorts, useCadastrePorts: values['cadastre-ports'], farEndPorts: values['far-end-ports'] });
  for (const f of faults) net.setFault(f.device, f.fault);
  mkdirSync(dirname(portsFile), { recursive: true });
  // Written atomically: other commands poll for this file.
  writeFileSync(`${portsFile}.tmp`, `${JSON.stringify(net.ports, null, 2)}\n`);
  renameSync(`${portsFile}.tmp`, portsFile);
  const control = controlPort === undefined ? undefined : await startControlServer(net, controlPort);
  const ms = Math.round(performance.now() - started);
  console.log(`sim ready: ${Object.keys(net.ports).length} agents on 127.0.0.1 (seed ${net.model.seed}, started in ${ms} ms), ports in ${portsFile}`
    + (control ? `, fault control on http://127.0.0.1:${control.port}/faults` : '')
    + (faults.length ? `, faults: ${faults.map((f) => `${f.device}=${f.fault.kind}`).join(' ')}` : ''));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await control?.close();
      await net.close();
      const s = net.stats();
      console.log(`sim stopped (${signal}): ${s.requests} requests served`);
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof CadastreError ? e.message : `sim: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
