// npm run config:check -- <dir> [--probe]: validates a cadastre directory, prints its counts, exits 1 on any problem;
// with --probe also polls the live devices and names where they disagree (drift), written to <dir>/drift.json.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCadastre } from './load.js';
import { summarize } from './check.js';
import { driftOf, probeCadastre, writeDriftReport } from './drift.js';
import { parseCli, usageExit } from '../common/cli.js';

const breakdown = (r: Record<string, number>): string =>
  Object.entries(r).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([k, n]) => `${n} ${k}`).join(', ');
const km = (m: number): string => `${(m / 1000).toFixed(1)} km`;

const USAGE = 'usage: npm run config:check -- <cadastre directory> [--probe [--ports-file F] [--timeout-ms 2000]]';

async function main(): Promise<number> {
  const cli = parseCli(USAGE, { options: { probe: { type: 'boolean' }, 'ports-file': { type: 'string' }, 'timeout-ms': { type: 'string' } }, allowPositionals: true });
  const { positionals } = cli;
  const arg = positionals[0];
  if (!arg) usageExit(USAGE, 'config:check: no cadastre directory given');
  if (positionals.length > 1) usageExit(USAGE, `config:check: one directory only, got ${positionals.length}: ${positionals.join(' ')}`);
  // npm runs scripts from the package root; a relative path is meant from where the user typed it.
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), arg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`config:check: ${arg}: no such directory`);
    return 1;
  }
  const { cadastre, problems } = readCadastre(dir);
  if (!cadastre) {
    for (const p of problems) console.error(p);
    console.error(`config:check: ${arg}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    return 1;
  }
  const s = summarize(cadastre);
  const w = Math.max(...s.byOwner.map((o) => o.owner.length));
  const lines = [
    `cadastre ${arg}: valid`,
    `sites:    ${s.sites} (${breakdown(s.sitesByKind)})`,
    `devices:  ${s.devices} (${breakdown(s.devicesByRole)})`,
    `segments: ${s.segments}, ${km(s.totalMetres)} of fibre`,
    ...s.byOwner.map((o) => `  ${o.owner.padEnd(w)}  ${String(o.segments).padStart(4)} segments  ${km(o.metres).padStart(9)}  (${o.name})`),
    `hotspots: ${s.hotspots} (${s.hotspots - s.hotspotsWithoutSite} at ${s.hotspotSites} sites, ${s.hotspotsWithoutSite} elsewhere), through ${s.controllers} controllers`,
    `targets:  ${s.targets} (${breakdown(s.targetsByKind)})`,
  ];
  console.log(lines.join('\n'));
  if (!cli.values.probe) return 0;

  const portsFile = cli.values['ports-file'];
  const ports = portsFile ? JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), portsFile), 'utf8')) as Record<string, number> : undefined;
  const probes = await probeCadastre(cadastre, { ports, timeoutMs: cli.int('timeout-ms', 50, 60_000) ?? 2000 });
  const items = driftOf(cadastre, probes);
  writeDriftReport(dir, { probedAt: new Date().toISOString(), devices: probes.length, items });
  for (const i of items) console.log(`drift: ${i.kind}: ${i.message}`);
  console.log(`probe: ${probes.length} devices polled, ${items.length} disagreement${items.length === 1 ? '' : 's'} with the cadastre (written to ${dir}/drift.json)`);
  return items.length ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`config:check: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
