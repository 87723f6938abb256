// Batched writes to InfluxDB through store/influx.ts, losing nothing: a batch InfluxDB cannot take now
// (unreachable, 5xx, 429) goes to the durable spool and is replayed in order once it answers again; a
// batch it rejects for good (400: bad data) is quarantined to a file and counted; what the spool cannot
// hold is counted and logged. All writes and replays run on one serial chain, so order is kept.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { InfluxError, type InfluxStore } from '../store/influx.js';
import { PRECISION } from '../store/schema.js';
import type { Logger } from '../common/log.js';
import type { Metrics } from './metrics.js';
import type { Spool, SpoolRecord } from './spool.js';

export interface WriterOptions {
  store: InfluxStore;
  spool: Spool;
  quarantineFile: string;
  metrics: Metrics;
  log: Logger;
  /** A batch is sent when it holds this many points… */
  batchPoints?: number;
  /** …or this long after its first point. */
  flushMs?: number;
  /** Called after the spool drained, with the time range (epoch ms) of the points it replayed. */
  onReplayed?: (minTime: number, maxTime: number) => void;
}

export class Writer {
  private lines: string[] = [];
  private minTime = Infinity;
  private maxTime = -Infinity;
  private chain: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 1000;
  private replayed: { min: number; max: number } | undefined;
  private closed = false;
  readonly batchPoints: number;
  readonly flushMs: number;

  constructor(readonly opts: WriterOptions) {
    this.batchPoints = opts.batchPoints ?? 5000;
    this.flushMs = opts.flushMs ?? 1000;
    // A restart replays what the previous run spooled.
    if (!opts.spool.empty) {
      opts.log.log('info', 'spool holds batches from a previous run: replaying', { batches: opts.spool.batches, bytes: opts.spool.bytes });
      this.scheduleReplay(0);
    }
  }

  /** Queues points (line protocol, times in epoch ms). */
  add(lines: readonly string[], times: readonly number[]): void {
    if (!lines.length) return;
    for (const t of times) { if (t < this.minTime) this.minTime = t; if (t > this.maxTime) this.maxTime = t; }
    this.lines.push(...lines);
    if (this.lines.length >= this.batchPoints) void this.flush();
    else if (!this.flushTimer && !this.closed) this.flushTimer = setTimeout(() => { this.flushTimer = undefined; void this.flush(); }, this.flushMs);
  }

  /** Sends what is buffered; resolves when it is written, spooled, quarantined or counted as dropped. */
  flush(): Promise<void> {
    if (this.flushTimer) { clearTimeout(this.flushTimer); this.flushTimer = undefined; }
    if (this.lines.length) {
      const rec: SpoolRecord = { precision: PRECISION, points: this.lines.length, minTime: this.minTime, maxTime: this.maxTime, body: this.lines.join('\n') };
      this.lines = [];
      this.minTime = Infinity;
      this.maxTime = -Infinity;
      this.enqueue(() => this.send(rec));
    }
    return this.chain;
  }

  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((e: unknown) => {
      this.opts.log.log('error', 'writer failure', { error: e instanceof Error ? e.message : String(e) });
    });
  }

  private async send(rec: SpoolRecord): Promise<void> {
    // Something is already waiting: this batch goes behind it, to keep order.
    if (!this.opts.spool.empty) { this.toSpool(rec, 'behind earlier spooled batches'); this.scheduleReplay(this.backoffMs); return; }
    try {
      await this.opts.store.write(rec.body, rec.precision);
      this.opts.metrics.pointsWritten.inc({}, rec.points);
    } catch (e) {
      this.failed(rec, e);
    }
  }

  private failed(rec: SpoolRecord, e: unknown): void {
    const transient = !(e instanceof InfluxError) || e.transient;
    const message = e instanceof Error ? e.message : String(e);
    this.opts.metrics.writeErrors.inc({ kind: transient ? 'transient' : 'permanent' });
    if (transient) {
      this.toSpool(rec, message);
      this.scheduleReplay(this.backoffMs);
    } else {
      this.quarantine(rec, message);
    }
  }

  private toSpool(rec: SpoolRecord, reason: string): void {
    if (this.opts.spool.append(rec)) {
      this.opts.log.log('warn', 'batch spooled', { points: rec.points, reason, spool_batches: this.opts.spool.batches, spool_bytes: this.opts.spool.bytes });
    } else {
      this.opts.metrics.dropped.inc({}, rec.points);
      this.opts.log.log('error', 'spool full: batch dropped', {
        points: rec.points, from: new Date(rec.minTime).toISOString(), to: new Date(rec.maxTime).toISOString(),
        spool_bytes: this.opts.spool.bytes, spool_max_bytes: this.opts.spool.opts.maxBytes,
      });
    }
  }

  private quarantine(rec: SpoolRecord, message: string): void {
    const fd = openSync(this.opts.quarantineFile, 'a');
    try {
      writeSync(fd, `# ${new Date().toISOString()} ${rec.points} points rejected: ${message.replace(/\n/g, ' ')}\n${rec.body}\n`);
      fsyncSync(fd);
    } finally { closeSync(fd); }
    this.opts.metrics.quarantined.inc({}, rec.points);
    this.opts.log.log('error', 'batch rejected permanently: quarantined', { points: rec.points, file: this.opts.quarantineFile, error: message });
  }

  private scheduleReplay(delayMs: number): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.enqueue(() => this.replay());
    }, delayMs);
  }

  /** Replays the spool in order until it is empty or InfluxDB fails again. */
  private async replay(): Promise<void> {
    const spool = this.opts.spool;
    let rec = spool.peek();
    while (rec) {
      try {
        await this.opts.store.write(rec.body, rec.precision);
        this.opts.metrics.pointsWritten.inc({}, rec.points);
        if (rec.points > 0) this.replayed = { min: Math.min(this.replayed?.min ?? Infinity, rec.minTime), max: Math.max(this.replayed?.max ?? -Infinity, rec.maxTime) };
        spool.shift();
      } catch (e) {
        const transient = !(e instanceof InfluxError) || e.transient;
        this.opts.metrics.writeErrors.inc({ kind: transient ? 'transient' : 'permanent' });
        if (transient) {
          this.backoffMs = Math.min(this.backoffMs * 2, 5_000);
          this.scheduleReplay(this.backoffMs);
          return;
        }
        this.quarantine(rec, e instanceof Error ? e.message : String(e));
        spool.shift();
      }
      rec = spool.peek();
    }
    this.backoffMs = 1000;
    if (this.replayed) {
      const r = this.replayed;
      this.replayed = undefined;
      this.opts.log.log('info', 'spool replayed', { from: new Date(r.min).toISOString(), to: new Date(r.max).toISOString() });
      this.opts.onReplayed?.(r.min, r.max);
    }
  }

  /** Flushes, tries the spool once more, stops timers. What InfluxDB cannot take stays spooled. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) { clearTimeout(this.retryTimer); this.retryTimer = undefined; }
    await this.flush();
    if (!this.opts.spool.empty) {
      this.enqueue(async () => {
        const spool = this.opts.spool;
        let rec = spool.peek();
        while (rec) {
          try { await this.opts.store.write(rec.body, rec.precision); } catch { return; }
          this.opts.metrics.pointsWritten.inc({}, rec.points);
          spool.shift();
          rec = spool.peek();
        }
      });
      await this.chain;
    }
  }
}
