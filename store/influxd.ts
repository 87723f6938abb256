// Starts a private `influxd` (Debian package influxdb, 1.x) with its own config, data dir and loopback
// port. Used by `npm start` (data under ./var/) and by the tests (a temporary dir). Never touches a
// system-wide InfluxDB.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { InfluxStore, influxIdent, influxString } from './influx.js';

export interface InfluxdHandle {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone (at once if it already is). */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

export interface InfluxdTls { certificate: string; privateKey: string }

export function influxdConfig(dataDir: string, port: number, rpcPort?: number, opts: { auth?: boolean; tls?: InfluxdTls } = {}): string {
  return [
    'reporting-disabled = true',
    // The backup/restore RPC listener defaults to 127.0.0.1:8088: a second influxd on the machine would fail.
    ...(rpcPort ? [`bind-address = "127.0.0.1:${rpcPort}"`] : []),
    `[meta]\n  dir = "${join(dataDir, 'meta')}"`,
    `[data]\n  dir = "${join(dataDir, 'data')}"\n  wal-dir = "${join(dataDir, 'wal')}"\n  query-log-enabled = false\n  cache-snapshot-write-cold-duration = "1m"`,
    `[coordinator]\n  query-timeout = "0s"`,
    `[http]\n  bind-address = "127.0.0.1:${port}"\n  log-enabled = false\n  max-body-size = 0\n  auth-enabled = ${opts.auth ? 'true' : 'false'}`
      + (opts.tls ? `\n  https-enabled = true\n  https-certificate = "${opts.tls.certificate}"\n  https-private-key = "${opts.tls.privateKey}"` : ''),
    `[monitor]\n  store-enabled = false`,
    `[continuous_queries]\n  enabled = false`,
    '',
  ].join('\n');
}

export async function waitForPing(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`influxd exited with code ${child.exitCode} before answering /ping`);
    try {
      const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 204) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`influxd at ${url} did not answer /ping within ${timeoutMs} ms`);
}

export interface InfluxdOptions {
  binary?: string;
  logFile?: string;
  /** `auth-enabled = true`, with this first admin user (created once /ping answers, as InfluxDB 1.x allows). */
  admin?: { username: string; password: string };
  /** HTTPS with this certificate and key (PEM files); the URL is then https://127.0.0.1:PORT. */
  tls?: InfluxdTls;
}

/** Starts influxd on `port` (a free one if 0) with data in `dataDir`; resolves once /ping answers. */
export async function startInfluxd(dataDir: string, port = 0, opts: InfluxdOptions = {}): Promise<InfluxdHandle> {
  mkdirSync(dataDir, { recursive: true });
  const p = port || await freePort();
  const configFile = join(dataDir, 'influxdb.conf');
  writeFileSync(configFile, influxdConfig(dataDir, p, await freePort(), { auth: opts.admin !== undefined, tls: opts.tls }));
  const child = spawn(opts.binary ?? 'influxd', ['-config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(opts.logFile ?? join(dataDir, 'influxd.log'), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`cannot start influxd: ${e.message} (is the Debian package influxdb installed?)`))));
  const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${p}`;
  await Promise.race([waitForPing(url, 30_000, child), spawnError]);
  if (opts.admin) {
    const { username, password } = opts.admin;
    await new InfluxStore({ url, database: '_internal' }).exec(`CREATE USER ${influxIdent(username)} WITH PASSWORD ${influxString(password)} WITH ALL PRIVILEGES`);
  }
  return {
    url, port: p, dataDir, process: child,
    async stop() {
      await stopProcess(child);
      log.end();
    },
  };
}
