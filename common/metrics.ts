// Prometheus metrics for every process, on prom-client (exposition format, help, types, histograms and escaping
// by a kept library): one Registry per process, served on GET /metrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerHealth, type Readiness } from './health.js';
import { Counter, Registry } from 'prom-client';

export type LabelSet<L extends string> = Partial<Record<L, string>>;

const keyOf = (labels: Record<string, string | undefined>): string =>
  JSON.stringify(Object.keys(labels).filter((k) => labels[k] !== undefined).sort().map((k) => [k, labels[k]]));

/**
 * A prom-client counter that can also be read synchronously (a process's status(), tests): prom-client's own
 * getter is async. Label sets listed in `zeroes` are exposed at 0 from the start, as a labelless counter is.
 */
export class SyncCounter<L extends string = never> {
  readonly counter: Counter<L>;
  private readonly tally = new Map<string, { labels: LabelSet<L>; value: number }>();

  constructor(registry: Registry, config: { name: string; help: string; labelNames?: readonly L[] }, zeroes: ReadonlyArray<LabelSet<L>> = []) {
    this.counter = new Counter<L>({ name: config.name, help: config.help, labelNames: config.labelNames ?? [], registers: [registry] });
    for (const z of zeroes) this.inc(z, 0);
  }

  inc(labels: LabelSet<L> = {}, by = 1): void {
    this.counter.inc(labels as Record<L, string>, by);
    const k = keyOf(labels);
    const t = this.tally.get(k);
    if (t) t.value += by; else this.tally.set(k, { labels: { ...labels }, value: by });
  }

  /** The value for exactly these labels (0 if never counted). */
  get(labels: LabelSet<L> = {}): number { return this.tally.get(keyOf(labels))?.value ?? 0; }

  /** Every label set counted so far with its value. */
  entries(): Array<{ labels: LabelSet<L>; value: number }> { return [...this.tally.values()].map((t) => ({ labels: { ...t.labels }, value: t.value })); }
}

/** Serves GET /metrics of a registry on 127.0.0.1:port (0 = any free port). */
export async function serveMetrics(registry: Registry, port: number, readiness?: () => Readiness, host = '127.0.0.1'): Promise<{ server: Server; port: number; url: string }> {
  const server = createServer((req, res) => {
    if (readiness && answerHealth(req, res, readiness)) return;
    if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
      registry.metrics().then((text) => {
        res.writeHead(200, { 'Content-Type': registry.contentType });
        res.end(text);
      }, (e: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`metrics failed: ${e instanceof Error ? e.message : String(e)}\n`);
      });
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(readiness ? 'not found: try /metrics, /health/live or /health/ready\n' : 'not found: try /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  const p = (server.address() as AddressInfo).port;
  return { server, port: p, url: `http://${host}:${p}/metrics` };
}
