// Builds the map (vite build web) when web/dist is missing or older than any of its inputs, so that the
// end-to-end test, the benchmark and `npm start` always serve the current page. Node-side only.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repoDir = resolve(webDir, '..');
export const WEB_DIST = join(webDir, 'dist');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

/** The inputs of the build: the page, its sources, the config, the geodata the basemap is made of, and common/
 *  (the page bundles its browser-safe modules: the label catalogue, the units formatters). */
export function inputsMtime(): number {
  return Math.max(
    newest(join(webDir, 'index.html')), newest(join(webDir, 'src')), newest(join(webDir, 'vite.config.ts')),
    newest(join(webDir, 'public')), newest(join(repoDir, 'data', 'brussels')), newest(join(repoDir, 'common')),
  );
}

export function isStale(): boolean {
  const built = join(WEB_DIST, 'index.html');
  return !existsSync(built) || statSync(built).mtimeMs < inputsMtime();
}

/** Runs the build if needed; returns how long it took in ms (0 when the build was current). */
export function ensureWebBuilt(log: (line: string) => void = () => {}): number {
  if (!isStale()) return 0;
  const started = Date.now();
  log('web: building the map (vite build web)…');
  const r = spawnSync(process.execPath, [join(repoDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], {
    cwd: repoDir, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build web failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  const ms = Date.now() - started;
  log(`web: built in ${(ms / 1000).toFixed(1)} s`);
  return ms;
}
