// Test helpers for the alert tests: a real Alertmanager (Debian's prometheus-alertmanager) on a loopback port
// with its own config and storage dir, and a loopback HTTP receiver that records what it is sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../store/influxd.js';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export interface Received { path: string; headers: IncomingHttpHeaders; body: string }
export interface Receiver { url: string; received: Received[]; close(): Promise<void> }

/** Records every POST; answers 200 (or `status()` when given). */
export async function startReceiver(status: () => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status(), { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export interface Alertmanager {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts Alertmanager with a route that notifies `notifyUrl` (webhook_configs, send_resolved) one second after
 * a change and repeats only after an hour, so that its notifications can be counted too.
 */
export async function startAlertmanager(dir: string, notifyUrl: string, port = 0): Promise<Alertmanager> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const p = port || await freePort();
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, [
    'route:',
    '  receiver: test',
    "  group_by: ['alertname', 'device', 'segment', 'hotspot', 'collector']",
    '  group_wait: 1s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: test',
    '    webhook_configs:',
    `      - url: ${notifyUrl}`,
    '        send_resolved: true',
    '',
  ].join('\n'));
  const child = spawn(ALERTMANAGER_BIN, [
    `--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, '--cluster.listen-address=',
    `--web.listen-address=127.0.0.1:${p}`, '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(dir, 'alertmanager.log'), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with code ${child.exitCode} (see ${dir}/alertmanager.log)`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error('alertmanager did not become ready within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url, port: p, process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      log.end();
    },
  };
}

export interface AmAlert { labels: Record<string, string>; startsAt: string; endsAt: string; status: { state: string }; generatorURL?: string; annotations: Record<string, string> }

export async function amAlerts(url: string): Promise<AmAlert[]> {
  const res = await fetch(`${url}/api/v2/alerts`);
  return (await res.json()) as AmAlert[];
}

/** alertmanager_alerts_received_total by status (API v2), from its /metrics. */
export async function amReceived(url: string): Promise<{ firing: number; resolved: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const get = (status: string): number => {
    const m = new RegExp(`^alertmanager_alerts_received_total\\{status="${status}",version="v2"\\} (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  return { firing: get('firing'), resolved: get('resolved') };
}

export async function waitFor<T>(what: string, f: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined && v !== false) return v;
    } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
