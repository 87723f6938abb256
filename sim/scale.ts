// How many agents one simulator process holds, and at what request rate:
//   npx tsx sim/scale.ts [--switches 500] [--pad-ports 48] [--seconds 20] [--concurrency 32] [--max-repetitions 25]
// Starts N synthetic switches (each a ring segment on a 10 Gbit/s port plus padding ports) in this process, then
// a separate load process (net-snmp client) walks whole ifXTables across all agents as fast as it can.
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import snmp from 'net-snmp';
import type { Cadastre } from '../config/schema.js';
import { Cadastre as CadastreSchema } from '../config/schema.js';
import { startSimNetwork } from './network.js';

const COMMUNITY = 'scale-test';

export function syntheticCadastre(switches: number): Cadastre {
  const sites = Array.from({ length: switches }, (_, i) => ({
    id: `site-${i}`, name: `Site ${i}`, kind: i % 7 === 0 ? 'school' as const : 'administration' as const,
    // A 25 × 32 grid inside the Brussels-Capital Region's box; past 800 sites the next grids sit 300 m east of it.
    coordinates: [4.30 + (i % 25) * 0.006 + Math.floor(i / 800) * 0.003, 50.80 + (Math.floor(i / 25) % 32) * 0.004] as [number, number], commune: 'Bruxelles',
  }));
  return CadastreSchema.parse({
    owners: [{ id: 'irisnet', name: 'IRISnet' }, { id: 'sibelga', name: 'Sibelga' }],
    sites,
    devices: sites.map((s, i) => ({
      id: `sw-${i}`, site: s.id, role: 'switch', target: '127.0.0.1:0', profile: 'if-mib',
      snmp: { version: 'v2c', community: { env: 'SCALE_COMMUNITY' } },
    })),
    segments: sites.map((s, i) => ({
      id: `SEG-${i}`, a: s.id, b: sites[(i + 1) % switches].id, owner: i % 3 ? 'irisnet' : 'sibelga',
      route: { type: 'LineString', coordinates: [s.coordinates, sites[(i + 1) % switches].coordinates] },
      pairs: { total: 24, lit: 2, reserved: 0 }, litCapacityBps: 10_000_000_000,
      measuredBy: { device: `sw-${i}`, ifName: 'Te1/1/1' },
    })),
    hotspots: [], targets: [],
    priceBook: { dark: { setupCents: 0, perPairKmMonthCents: 0 }, lit: { setupCents: 0, perMbpsMonthCents: 0, perKmMonthCents: 0 }, accessBuildPerMetreCents: 0 },
    policy: {},
  });
}

async function load(ports: number[], seconds: number, concurrency: number, maxRepetitions: number): Promise<void> {
  const sessions = ports.map((port) => snmp.createSession('127.0.0.1', COMMUNITY, { port, version: snmp.Version2c, timeout: 2000, retries: 0 }));
  const deadline = Date.now() + seconds * 1000;
  let walks = 0;
  let varbinds = 0;
  let errors = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const s = sessions[next++ % sessions.length];
      await new Promise<void>((resolve) => {
        s.subtree('1.3.6.1.2.1.31.1.1.1', maxRepetitions, (vbs) => { varbinds += vbs.length; }, (error) => {
          if (error) errors++; else walks++;
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (const s of sessions) s.close();
  process.send?.({ walks, varbinds, errors });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      switches: { type: 'string', default: '500' }, 'pad-ports': { type: 'string', default: '48' },
      seconds: { type: 'string', default: '20' }, concurrency: { type: 'string', default: '32' },
      'max-repetitions': { type: 'string', default: '25' }, 'load-ports': { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const maxRepetitions = Number(values['max-repetitions']);
  if (values['load-ports']) {
    await load(values['load-ports'].split(',').map(Number), seconds, concurrency, maxRepetitions);
    return;
  }
  const n = Number(values.switches);
  const pad = Number(values['pad-ports']);
  const t0 = performance.now();
  const net = await startSimNetwork(syntheticCadastre(n), { env: { SCALE_COMMUNITY: COMMUNITY }, padPorts: pad });
  const startMs = performance.now() - t0;
  const rss = process.memoryUsage().rss / 1e6;
  console.log(`${n} agents × ${pad} ports started in ${Math.round(startMs)} ms, RSS ${Math.round(rss)} MB`);
  const before = net.stats().requests;
  const cpu0 = process.cpuUsage();
  const child = fork(new URL(import.meta.url).pathname, ['--load-ports', Object.values(net.ports).join(','), '--seconds', String(seconds),
    '--concurrency', String(concurrency), '--max-repetitions', String(maxRepetitions)], { execArgv: ['--import', 'tsx'] });
  const result = await new Promise<{ walks: number; varbinds: number; errors: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { walks: number; varbinds: number; errors: number }));
    child.once('exit', (code) => { if (code) reject(new Error(`load process exited with ${code}`)); });
  });
  const cpu = process.cpuUsage(cpu0);
  const requests = net.stats().requests - before;
  console.log(`${seconds} s of load (concurrency ${concurrency}, max-repetitions ${maxRepetitions}): ${result.walks} ifXTable walks `
    + `(${(result.walks / seconds).toFixed(1)} walks/s), ${requests} requests (${Math.round(requests / seconds)} requests/s), `
    + `${Math.round(result.varbinds / seconds)} values/s, ${result.errors} timeouts/errors; simulator CPU ${((cpu.user + cpu.system) / 1e6 / seconds * 100).toFixed(0)} %`);
  const perWalk = Math.ceil((pad * 6 + 1) / maxRepetitions);
  console.log(`one 60 s poll of every agent needs ${n} walks ≈ ${n * perWalk} requests, i.e. ${(n * perWalk / 60).toFixed(0)} requests/s`);
  await net.close();
}

// Run as a script only: bench/shard.ts imports syntheticCadastre.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main().catch((e: unknown) => { console.error(e); process.exit(1); });
