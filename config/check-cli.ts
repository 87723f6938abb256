// npm run config:check -- <dir>: validates a cadastre directory, prints its counts, exits 1 on any problem.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCadastre } from './load.js';
import { summarize } from './check.js';
import { parseCli, usageExit } from '../common/cli.js';

const breakdown = (r: Record<string, number>): string =>
  Object.entries(r).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([k, n]) => `${n} ${k}`).join(', ');
const km = (m: number): string => `${(m / 1000).toFixed(1)} km`;

const USAGE = 'usage: npm run config:check -- <cadastre directory>';

function main(): number {
  const { positionals } = parseCli(USAGE, { options: {}, allowPositionals: true });
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
  return 0;
}

process.exitCode = main();
