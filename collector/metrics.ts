// The collector's own metrics (prom-client, one Registry per collector), served on loopback at /metrics.
// The names and labels are read by the alert evaluator (collector-backlog: spool bytes/batches, dropped points),
// bench/soak.ts and the Grafana dashboard: keep them.
import { Gauge, Histogram, Registry } from 'prom-client';
import { serveMetrics as serveRegistry, SyncCounter } from '../common/metrics.js';
import type { Readiness } from '../common/health.js';

const POLL_STATUSES = ['ok', 'empty', 'timeout', 'auth_error', 'error'] as const;
const ROLES = ['switch', 'router', 'wifi-controller', 'ap'] as const;
const NO_RATE_REASONS = ['first', 'reset', 'ambiguous', 'type-change'] as const;

export class Metrics {
  readonly registry = new Registry();

  readonly polls = new SyncCounter(this.registry, { name: 'collector_polls_total', help: 'Device polls by device role and status (ok, empty, timeout, auth_error, error).', labelNames: ['role', 'status'] },
    ROLES.flatMap((role) => POLL_STATUSES.map((status) => ({ role, status }))));
  readonly pollDuration = new Histogram({ name: 'collector_poll_duration_seconds', help: 'Time from the first request to the last response of a device poll.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  readonly values = new SyncCounter(this.registry, { name: 'collector_values_read_total', help: 'SNMP values (varbinds) read.' });
  readonly skipped = new SyncCounter(this.registry, { name: 'collector_polls_skipped_total', help: 'Ticks skipped because the previous poll of the device had not finished.', labelNames: ['device'] });
  readonly noRate = new SyncCounter(this.registry, { name: 'collector_intervals_without_rate_total', help: 'Counter intervals that yielded no rate, by reason (first, reset, ambiguous, type-change).', labelNames: ['reason'] },
    NO_RATE_REASONS.map((reason) => ({ reason })));
  readonly rediscoveries = new SyncCounter(this.registry, { name: 'collector_snmp_rediscoveries_total', help: 'SNMPv3 sessions re-created after the agent restarted (engine boots/time or ID changed).', labelNames: ['device'] });
  readonly pointsWritten = new SyncCounter(this.registry, { name: 'collector_points_written_total', help: 'Points InfluxDB accepted (replayed ones included).' });
  readonly writeErrors = new SyncCounter(this.registry, { name: 'collector_write_errors_total', help: 'Failed batch writes, by kind (transient, permanent).', labelNames: ['kind'] },
    [{ kind: 'transient' }, { kind: 'permanent' }]);
  readonly dropped = new SyncCounter(this.registry, { name: 'collector_dropped_points_total', help: 'Points that could not be kept (spool full).' });
  readonly quarantined = new SyncCounter(this.registry, { name: 'collector_quarantined_points_total', help: 'Points of batches InfluxDB rejected permanently, kept in the quarantine file.' });
  readonly emptyTables = new SyncCounter(this.registry, { name: 'collector_empty_tables_total', help: 'Polls that read no row of a table the profile needs, by profile and table.', labelNames: ['profile', 'table'] });
  readonly rollups = new SyncCounter(this.registry, { name: 'collector_rollup_points_total', help: '5-minute rollup points written.' });

  constructor(spoolBytes: () => number = () => 0, spoolBatches: () => number = () => 0) {
    // Read at each scrape, so the figures are the spool's own.
    new Gauge({ name: 'collector_spool_bytes', help: 'Bytes waiting in the on-disk spool.', registers: [this.registry], collect() { this.set(spoolBytes()); } });
    new Gauge({ name: 'collector_spool_batches', help: 'Batches waiting in the on-disk spool.', registers: [this.registry], collect() { this.set(spoolBatches()); } });
  }

  /** The exposition text (what GET /metrics answers). */
  render(): Promise<string> { return this.registry.metrics(); }
}

/** Serves GET /metrics, /health/live and /health/ready on 127.0.0.1:port (0 = any free port). */
export function serveMetrics(metrics: Metrics, port: number, readiness: () => Readiness = () => ({ ready: true })): ReturnType<typeof serveRegistry> {
  return serveRegistry(metrics.registry, port, readiness);
}
