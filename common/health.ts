// Liveness and readiness over plain node:http, for the processes that have no web framework (the collector on
// its metrics port, the evaluator on its health port). Live: the process answers. Ready: it does its job now.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Readiness {
  ready: boolean;
  /** What the operator reads when it is not ready (no secrets). */
  [detail: string]: unknown;
}

/** Answers GET /health/live and /health/ready; returns false for any other request (the caller answers it). */
export function answerHealth(req: IncomingMessage, res: ServerResponse, readiness: () => Readiness): boolean {
  const path = (req.url ?? '').replace(/\?.*$/, '');
  if (req.method !== 'GET' || (path !== '/health/live' && path !== '/health/ready')) return false;
  const time = new Date().toISOString();
  let status = 200;
  let body: Record<string, unknown> = { status: 'ok', time };
  if (path === '/health/ready') {
    const r = readiness();
    status = r.ready ? 200 : 503;
    const { ready, ...detail } = r;
    body = { status: ready ? 'ready' : 'not_ready', ...detail, time };
  }
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

/** A server answering only the health paths, on 127.0.0.1:port (0 = any free port) unless `host` says otherwise. */
export async function serveHealth(readiness: () => Readiness, port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number; url: string }> {
  const server = createServer((req, res) => {
    if (answerHealth(req, res, readiness)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found: try /health/live or /health/ready\n');
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  const p = (server.address() as AddressInfo).port;
  return { server, port: p, url: `http://${host}:${p}` };
}
