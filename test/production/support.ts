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

/** The [Service] keys of a systemd unit file (a key given several times keeps every value, in order). */
export function unitService(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) { section = s[1]; continue; }
    if (section !== 'Service') continue;
    const eq = line.indexOf('=');
    const k = line.slice(0, eq);
    out.set(k, [...(out.get(k) ?? []), line.slice(eq + 1)]);
  }
  return out;
}

/** KEY=VALUE lines of an EnvironmentFile (comments and blank lines skipped; quotes around a value removed). */
export function environmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`environment file: not KEY=VALUE: ${line}`);
    env[m[1]] = m[2].replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return env;
}

/**
 * An ExecStart line as systemd turns it into argv (systemd.service "Command lines"; the subset our units use):
 * specifiers %i and %% first, then words split with "…" and '…' quoting, then in each word $$ → $,
 * ${VAR} → its value, and a whole unquoted $VAR word → its value split on whitespace (dropped when empty).
 */
export function execArgv(line: string, instance: string, env: Record<string, string | undefined>): string[] {
  const spec = line.replace(/%(.)/g, (_m, c: string) => {
    if (c === '%') return '%';
    if (c === 'i') return instance;
    throw new Error(`specifier %${c} not handled by this test`);
  });
  const words: Array<{ text: string; quoted: boolean }> = [];
  let i = 0;
  while (i < spec.length) {
    while (spec[i] === ' ') i++;
    if (i >= spec.length) break;
    let text = '';
    let quoted = false;
    while (i < spec.length && spec[i] !== ' ') {
      const q = spec[i];
      if (q === '"' || q === "'") {
        const end = spec.indexOf(q, i + 1);
        if (end < 0) throw new Error(`unbalanced ${q} in ${line}`);
        text += spec.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else { text += q; i++; }
    }
    words.push({ text, quoted });
  }
  const argv: string[] = [];
  for (const w of words) {
    const whole = !w.quoted ? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w.text) : null;
    if (whole) { argv.push(...(env[whole[1]] ?? '').split(/\s+/).filter(Boolean)); continue; }
    argv.push(w.text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (m, a?: string, b?: string) => (m === '$$' ? '$' : env[(a ?? b)!] ?? '')));
  }
  return argv;
}

/** Seconds of a systemd time span as our units write it ("60", "60s", "1min"). */
export function timespanMs(v: string): number {
  const m = /^(\d+)\s*(s|sec|min)?$/.exec(v.trim());
  if (!m) throw new Error(`time span not handled by this test: ${v}`);
  return Number(m[1]) * (m[2] === 'min' ? 60_000 : 1000);
}
