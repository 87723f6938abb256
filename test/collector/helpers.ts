// Test support for the collector: Debian's snmpd on a loopback port, cadastres built from the fixture.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import snmp from 'net-snmp';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre, Device } from '../../config/schema.js';
import type { InfluxStore, Row } from '../../store/influx.js';

export async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.on('error', reject);
    s.bind(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

export interface Snmpd { port: number; dir: string; stop(): Promise<void>; restart(): Promise<void> }

/** Debian's snmpd, unprivileged, on 127.0.0.1:<free port>, with its own config and persistent dir. */
export async function startSnmpd(cfg: { community?: string; rwCommunity?: string; v3?: { user: string; authKey: string; privKey: string }; extra?: string[] }): Promise<Snmpd> {
  const dir = mkdtempSync(join(tmpdir(), 'collector-snmpd-'));
  const port = await freeUdpPort();
  const lines = [`agentAddress udp:127.0.0.1:${port}`];
  if (cfg.community) lines.push(`rocommunity ${cfg.community} 127.0.0.1`);
  if (cfg.rwCommunity) lines.push(`rwcommunity ${cfg.rwCommunity} 127.0.0.1`);
  if (cfg.v3) lines.push(`createUser ${cfg.v3.user} SHA "${cfg.v3.authKey}" AES "${cfg.v3.privKey}"`, `rouser ${cfg.v3.user} priv`);
  // More snmpd.conf lines, e.g. `sysName sw-a`, `sysLocation Gare, Namur`.
  lines.push(...(cfg.extra ?? []));
  writeFileSync(join(dir, 'snmpd.conf'), `${lines.join('\n')}\n`);
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('/usr/sbin/snmpd', ['-f', '-Lf', join(dir, 'snmpd.log'), '-C', '-c', join(dir, 'snmpd.conf'), '-p', join(dir, 'snmpd.pid')], {
      stdio: 'ignore', env: { ...process.env, SNMP_PERSISTENT_DIR: join(dir, 'persist'), MIBS: '', MIBDIRS: '/nonexistent' },
    });
    // Ready when it answers a v2c/v3 probe would need credentials; wait for the socket to be bound instead.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const bound = await new Promise<boolean>((resolve) => {
        const s = createSocket('udp4');
        s.once('error', () => { s.close(); resolve(true); });
        s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)));
      });
      if (bound) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('snmpd did not bind its port');
  };
  const stop = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGTERM'); });
  };
  await start();
  return {
    port, dir, restart: async () => { await stop(); await start(); },
    stop: async () => { await stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export function cadastreWith(devices: Device[], extra: Partial<Pick<Cadastre, 'segments' | 'hotspots'>> = {}): Cadastre {
  const base = loadCadastre('test/fixtures/cadastre-small');
  return { ...base, devices, segments: extra.segments ?? [], hotspots: extra.hotspots ?? [] };
}

/** Sends exactly `bytes` through a loopback TCP connection; resolves when all arrived. */
export async function pushThroughLoopback(bytes: number): Promise<void> {
  let received = 0;
  const done = new Promise<void>((resolve) => {
    const server = createServer((sock) => {
      sock.on('data', (d: Buffer) => { received += d.length; });
      sock.on('end', () => { server.close(); resolve(); });
    });
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const c = connect(port, '127.0.0.1', () => {
        const chunk = Buffer.alloc(1 << 20, 7);
        let left = bytes;
        const pump = (): void => {
          while (left > 0) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!c.write(n === chunk.length ? chunk : chunk.subarray(0, n))) { c.once('drain', pump); return; }
          }
          c.end();
        };
        pump();
      });
    });
  });
  await done;
  if (received !== bytes) throw new Error(`pushed ${bytes}, received ${received}`);
}

export async function rows(store: InfluxStore, q: string): Promise<Row[]> { return store.rows(q); }

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `now` is `offsetMs` past the next multiple of `intervalMs`. */
export async function untilGrid(intervalMs: number, offsetMs: number): Promise<number> {
  const now = Date.now();
  let t = Math.floor(now / intervalMs) * intervalMs + offsetMs;
  if (t <= now) t += intervalMs;
  await sleep(t - now);
  return t - offsetMs;
}

export interface SimProcess {
  portsFile: string;
  ports: Record<string, number>;
  setFault(device: string, fault: Record<string, unknown> | null): Promise<void>;
  stop(): Promise<void>;
}

/** `npm run sim` as a child process (its own event loop, as in production), with a fault control port. */
export async function startSimProcess(configDir: string, workDir: string, env: Record<string, string>, faults: string[] = [], extraArgs: string[] = []): Promise<SimProcess> {
  const portsFile = join(workDir, 'sim-ports.json');
  const { freePort } = await import('../../store/influxd.js');
  const controlPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--config', configDir, '--ports-file', portsFile, '--control-port', String(controlPort), ...faults.flatMap((f) => ['--fault', f]), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const deadline = Date.now() + 30_000;
  while (!out.includes('sim ready')) {
    if (child.exitCode !== null || Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`sim did not start:\n${out}`); }
    await sleep(50);
  }
  const ports = JSON.parse(readFileSync(portsFile, 'utf8')) as Record<string, number>;
  return {
    portsFile, ports,
    async setFault(device, fault) {
      const url = `http://127.0.0.1:${controlPort}/faults/${encodeURIComponent(device)}`;
      const res = fault ? await fetch(url, { method: 'POST', body: JSON.stringify(fault) }) : await fetch(url, { method: 'DELETE' });
      if (res.status !== 200) throw new Error(`sim control: ${res.status} ${await res.text()}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
    },
  };
}

/** snmpd caches the interface table for 3 s; with nsCacheTimeout 0 every request reads the kernel's counters. */
export function disableSnmpdIfCache(port: number, rwCommunity: string): void {
  const r = spawnSync('snmpset', ['-v2c', '-c', rwCommunity, '-On', `127.0.0.1:${port}`, '1.3.6.1.4.1.8072.1.5.3.1.2.1.3.6.1.2.1.2.2', 'i', '0'], { encoding: 'utf8', env: { ...process.env, MIBS: '' } });
  if (r.status !== 0) throw new Error(`snmpset nsCacheTimeout failed: ${r.stderr}`);
}

export interface LoSample { t: number; rx: number; tx: number }
/** The kernel's own lo byte counters. */
export function readLo(): LoSample {
  const line = readFileSync('/proc/net/dev', 'utf8').split('\n').find((l) => l.trim().startsWith('lo:')) as string;
  const f = line.trim().slice(3).trim().split(/\s+/).map(Number);
  return { t: performance.timeOrigin + performance.now(), rx: f[0], tx: f[8] };
}
/** Linear interpolation of sampled counters at t; undefined when no samples within 100 ms on both sides. */
export function loAt(samples: readonly LoSample[], t: number, key: 'rx' | 'tx'): number | undefined {
  const i = samples.findIndex((s) => s.t > t);
  if (i <= 0) return undefined;
  const a = samples[i - 1], b = samples[i];
  if (t - a.t > 100 || b.t - t > 100) return undefined;
  return a[key] + (b[key] - a[key]) * (t - a.t) / (b.t - a.t);
}

/** Recorded walks (../shared/recordings, or IRIS_RECORDINGS) and Debian's snmpsimd to serve them. */
export const RECORDINGS_DIR = process.env.IRIS_RECORDINGS ?? resolve('../shared/recordings');
export const SNMPSIMD = '/usr/bin/snmpsimd';
/** Why a recordings test skips (undefined: it runs); `file` is a walk the test needs. */
export function recordingsMissing(file: string): string | undefined {
  if (!existsSync(SNMPSIMD)) return 'snmpsimd missing (apt-get install snmpsim)';
  if (!existsSync(join(RECORDINGS_DIR, file))) return `no recorded walk ${file} at ${RECORDINGS_DIR}`;
  return undefined;
}

export interface Snmpsim { port: number; stop(): Promise<void> }

/** snmpsimd serving every walk of the recordings folder (community = file name), ready once `probe` answers. */
export async function startSnmpsim(probe: string): Promise<Snmpsim> {
  const work = mkdtempSync(join(tmpdir(), 'snmpsim-'));
  chmodSync(work, 0o777); // snmpsimd drops to nobody and keeps its index cache here
  const port = await freeUdpPort();
  const agent = spawn(SNMPSIMD, [`--data-dir=${RECORDINGS_DIR}`, `--cache-dir=${join(work, 'cache')}`, `--agent-udpv4-endpoint=127.0.0.1:${port}`,
    '--process-user=nobody', '--process-group=nogroup', `--logging-method=file:${join(work, 'snmpsim.log')}`], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    if (agent.exitCode === null) await new Promise<void>((r) => { agent.once('exit', () => r()); agent.kill('SIGTERM'); });
    rmSync(work, { recursive: true, force: true });
  };
  const answers = async (): Promise<boolean> => {
    const s = snmp.createSession('127.0.0.1', probe, { port, version: snmp.Version2c, timeout: 500, retries: 0 });
    try { return await new Promise<boolean>((res) => s.get(['1.3.6.1.2.1.1.2.0'], (e) => res(!e))); } finally { s.close(); }
  };
  const deadline = Date.now() + 60_000;
  while (!(await answers())) {
    if (Date.now() > deadline) { await stop(); throw new Error('snmpsimd did not answer within 60 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, stop };
}

export interface CollectorProcess {
  child: ChildProcess;
  /** Its JSON log lines, parsed, as they come. */
  logs: Record<string, unknown>[];
}

/** `collector/cli.ts` as a child process (as the units run it); resolves once it logged "collector started". */
export function spawnCollector(args: string[], env: Record<string, string>, onLog?: (line: Record<string, unknown>) => void): Promise<CollectorProcess> {
  const logs: Record<string, unknown>[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let buf = '';
  let err = '';
  return new Promise((res, rej) => {
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const l = JSON.parse(line) as Record<string, unknown>;
          logs.push(l);
          onLog?.(l);
          if (l.msg === 'collector started') res({ child, logs });
        } catch { err += `${line}\n`; }
      }
    });
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('exit', (code) => rej(new Error(`collector exited (${code}) before it started:\n${err}`)));
  });
}
