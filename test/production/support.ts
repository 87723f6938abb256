// Production as shipped: a copy of the repository built with `npm run build` and pruned to production
// dependencies, and the services started from it as child processes (their own stdout/stderr, SIGTERM to stop).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve('.');

/**
 * Copies the repository's files (tracked and new, not ignored) and node_modules to a temporary directory,
 * runs `npm run build` there, then `npm prune --omit=dev` (what `npm ci --omit=dev` leaves, without the
 * download). Returns the copy's path.
 */
export function builtCopy(log: (line: string) => void = () => {}): { dir: string; buildMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'irisnet-prod-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO, encoding: 'utf8' })
    .split('\0').filter((f) => f && f !== 'node_modules');
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try { cpSync(join(REPO, f), join(dir, f)); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted in the worktree, not yet committed
    }
  }
  cpSync(realpathSync(join(REPO, 'node_modules')), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  const started = Date.now();
  const build = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  const buildMs = Date.now() - started;
  log(build.stdout);
  const prune = spawnSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
  if (prune.status !== 0) throw new Error(`npm prune --omit=dev failed (exit ${prune.status}):\n${prune.stderr}`);
  return { dir, buildMs };
}

export interface Service {
  child: ChildProcess;
  output(): string;
  /** Resolves when `pattern` appears in stdout or stderr; rejects if the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM; resolves with the exit code (null and the signal's name if it died of a signal). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startService(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Service {
  const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.once('exit', (code, signal) => res({ code, signal })));
  return {
    child,
    exited,
    output: () => out,
    waitFor: (pattern, timeoutMs = 60_000) => new Promise((res, rej) => {
      const deadline = Date.now() + timeoutMs;
      const t = setInterval(() => {
        const m = out.match(pattern);
        if (m) { clearInterval(t); res(m); return; }
        if (child.exitCode !== null || child.signalCode !== null) { clearInterval(t); rej(new Error(`${argv.join(' ')} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${out}`)); return; }
        if (Date.now() > deadline) { clearInterval(t); rej(new Error(`${argv.join(' ')}: no ${pattern} within ${timeoutMs} ms:\n${out}`)); }
      }, 50);
    }),
    async stop(timeoutMs = 60_000) {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const r = await exited;
      clearTimeout(killer);
      return { ...r, ms: Date.now() - started };
    },
  };
}

/** Polls `url` until it answers `status` (default 200); returns the last body. */
export async function waitForHttp(url: string, status = 200, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      last = `${res.status} ${await res.text()}`;
      if (res.status === status) return last.slice(String(status).length + 1);
    } catch (e) { last = e instanceof Error ? e.message : String(e); }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}: no ${status} within ${timeoutMs} ms (last: ${last.slice(0, 300)})`);
}
