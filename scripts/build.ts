// npm run build: the production build, once. The services (collector, alerts, api, works, config check, sim)
// compiled to JavaScript by tsc (tsconfig.build.json → dist/), the data files they read beside their modules
// (config/profiles/*.yaml: PROFILES_DIR resolves next to the compiled module) copied along, and the map
// built by vite into web/dist. Afterwards the services run with `node dist/<stage>/cli.js` on production
// dependencies only (`npm ci --omit=dev` or `npm prune --omit=dev`).
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from '../web/src/build/ensure-built.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
/** The folders tsconfig.build.json compiles; their non-TypeScript files are run-time data. */
export const COMPILED = ['common', 'config', 'store', 'analytics', 'collector', 'alerts', 'api', 'works', 'plant', 'discover', 'sim'];
/** Data the services are given by option (--config), not read beside their modules. */
const NOT_ASSETS = new Set(['config/demo']);

function assets(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir))) {
    const rel = join(dir, e);
    if (NOT_ASSETS.has(rel)) continue;
    if (statSync(join(root, rel)).isDirectory()) out.push(...assets(rel));
    else if (!e.endsWith('.ts')) out.push(rel);
  }
  return out;
}

function main(): void {
  const started = Date.now();
  rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) { process.stderr.write(`build: tsc failed (exit ${tsc.status})\n`); process.exit(1); }
  const copied = COMPILED.flatMap(assets);
  for (const rel of copied) cpSync(join(root, rel), join(dist, rel));
  console.log(`build: services compiled to ${relative(root, dist)}/ (${copied.length} data files copied)`);
  // The map: always rebuilt here (ensureWebBuilt skips a current build).
  ensureWebBuilt((l) => console.log(l));
  console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s; run the services with node dist/<stage>/cli.js`);
}

main();
