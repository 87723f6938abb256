// The collector's own metrics in the Prometheus text exposition format (0.0.4), served on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerHealth, type Readiness } from '../common/health.js';

type Labels = Record<string, string>;
const key = (l: Labels): string => Object.keys(l).sort().map((k) => `${k}="${l[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');

interface Family { name: string; help: string; type: 'counter' | 'gauge' | 'histogram' }

export class Counter {
  readonly values = new Map<string, number>();
  constructor(readonly family: Family) {}
  inc(labels: Labels = {}, by = 1): void { const k = key(labels); this.values.set(k, (this.values.get(k) ?? 0) + by); }
  get(labels: Labels = {}): number { return this.values.get(key(labels)) ?? 0; }
  render(): string[] {
    return [...this.values].map(([k, v]) => `${this.family.name}${k ? `{${k}}` : ''} ${v}`);
  }
}

export class Gauge {
  constructor(readonly family: Family, readonly read: () => number) {}
  render(): string[] { return [`${this.family.name} ${this.read()}`]; }
}

export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly family: Family, readonly buckets: number[]) { this.counts = buckets.map(() => 0); }
  observe(v: number): void {
    this.buckets.forEach((b, i) => { if (v <= b) this.counts[i]++; });
    this.sum += v;
    this.count++;
  }
  get observations(): number { return this.count; }
  render(): string[] {
    return [
      ...this.buckets.map((b, i) => `${this.family.name}_bucket{le="${b}"} ${this.counts[i]}`),
      `${this.family.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.family.name}_sum ${this.sum}`,
      `${this.family.name}_count ${this.count}`,
    ];
  }
}

export class Metrics {
  private readonly all: Array<Counter | Gauge | Histogram> = [];

  readonly polls = this.add(new Counter({ name: 'collector_polls_total', help: 'Device polls by device role and status (ok, timeout, auth_error, error).', type: 'counter' }));
  readonly pollDuration = this.add(new Histogram({ name: 'collector_poll_duration_seconds', help: 'Time from the first request to the last response of a device poll.', type: 'histogram' },
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]));
  readonly values = this.add(new Counter({ name: 'collector_values_read_total', help: 'SNMP values (varbinds) read.', type: 'counter' }));
  readonly skipped = this.add(new Counter({ name: 'collector_polls_skipped_total', help: 'Ticks skipped because the previous poll of the device had not finished.', type: 'counter' }));
  readonly noRate = this.add(new Counter({ name: 'collector_intervals_without_rate_total', help: 'Counter intervals that yielded no rate, by reason (first, reset, ambiguous, type-change).', type: 'counter' }));
  readonly rediscoveries = this.add(new Counter({ name: 'collector_snmp_rediscoveries_total', help: 'SNMPv3 sessions re-created after the agent restarted (engine boots/time or ID changed).', type: 'counter' }));
  readonly pointsWritten = this.add(new Counter({ name: 'collector_points_written_total', help: 'Points InfluxDB accepted (replayed ones included).', type: 'counter' }));
  readonly writeErrors = this.add(new Counter({ name: 'collector_write_errors_total', help: 'Failed batch writes, by kind (transient, permanent).', type: 'counter' }));
  readonly dropped = this.add(new Counter({ name: 'collector_dropped_points_total', help: 'Points that could not be kept (spool full).', type: 'counter' }));
  readonly quarantined = this.add(new Counter({ name: 'collector_quarantined_points_total', help: 'Points of batches InfluxDB rejected permanently, kept in the quarantine file.', type: 'counter' }));
  readonly rollups = this.add(new Counter({ name: 'collector_rollup_points_total', help: '5-minute rollup points written.', type: 'counter' }));

  constructor(spoolBytes: () => number = () => 0, spoolBatches: () => number = () => 0) {
    this.add(new Gauge({ name: 'collector_spool_bytes', help: 'Bytes waiting in the on-disk spool.', type: 'gauge' }, spoolBytes));
    this.add(new Gauge({ name: 'collector_spool_batches', help: 'Batches waiting in the on-disk spool.', type: 'gauge' }, spoolBatches));
  }

  private add<T extends Counter | Gauge | Histogram>(m: T): T { this.all.push(m); return m; }

  render(): string {
    const out: string[] = [];
    for (const m of this.all) {
      out.push(`# HELP ${m.family.name} ${m.family.help}`, `# TYPE ${m.family.name} ${m.family.type}`, ...m.render());
    }
    return `${out.join('\n')}\n`;
  }
}

/** Serves GET /metrics, /health/live and /health/ready on 127.0.0.1:port (0 = any free port). */
export async function serveMetrics(metrics: Metrics, port: number, readiness: () => Readiness = () => ({ ready: true })): Promise<{ server: Server; port: number; url: string }> {
  const server = createServer((req, res) => {
    if (answerHealth(req, res, readiness)) return;
    if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(metrics.render());
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found: try /metrics, /health/live or /health/ready\n');
    }
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', () => resolve()); });
  const p = (server.address() as AddressInfo).port;
  return { server, port: p, url: `http://127.0.0.1:${p}/metrics` };
}
