// Liveness and readiness over plain node:http, for the processes that have no web framework (the collector and
// the evaluator answer them on their metrics port, common/metrics.ts). Live: the process answers. Ready: it does its job now.
import type { IncomingMessage, ServerResponse } from 'node:http';

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
