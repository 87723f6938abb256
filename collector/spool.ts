// A durable on-disk spool for write batches InfluxDB could not take (down, or a transient refusal).
// Append-only segment files of one JSON record per line, fsync'd on every append; a `head` file
// (written to a temp file, fsync'd, renamed) says how far replay got. After a crash, a torn last line is cut
// off and replay resumes at the head: a batch whose write succeeded just before the crash may be written
// again, which InfluxDB absorbs (same series + timestamp = the same point), so nothing is lost or doubled.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Precision } from '../store/influx.js';

export const SpoolRecord = z.object({
  precision: z.enum(['ns', 'u', 'ms', 's']),
  points: z.number().int().min(0),
  /** Oldest and newest point time (epoch ms), so a replay can tell the rollup which range to redo. */
  minTime: z.number(),
  maxTime: z.number(),
  body: z.string(),
});
export type SpoolRecord = z.infer<typeof SpoolRecord> & { precision: Precision };

const Head = z.object({ segment: z.number().int().min(0), offset: z.number().int().min(0) });

const SEGMENT = /^(\d{12})\.spool$/;
const segName = (n: number): string => `${String(n).padStart(12, '0')}.spool`;

export interface SpoolOptions {
  dir: string;
  /** Bound on the bytes kept; an append past it is refused (and counted by the caller). */
  maxBytes: number;
  /** A new segment file starts past this size, so replayed data is deleted a file at a time. */
  segmentBytes?: number;
}

function fsyncDir(dir: string): void {
  try { const fd = openSync(dir, 'r'); try { fsyncSync(fd); } finally { closeSync(fd); } } catch { /* not supported: best effort */ }
}

export class Spool {
  private segments: number[] = [];
  private head = { segment: 0, offset: 0 };
  private bytesTotal = 0;
  private count = 0;
  private readonly segmentBytes: number;
  /** Records of the head segment from the head offset, read lazily. */
  private cache: Array<{ record: SpoolRecord; length: number }> = [];
  private cacheSegment = -1;

  constructor(readonly opts: SpoolOptions) {
    this.segmentBytes = opts.segmentBytes ?? 8 * 1024 * 1024;
    mkdirSync(opts.dir, { recursive: true });
    this.recover();
  }

  get bytes(): number { return this.bytesTotal; }
  get batches(): number { return this.count; }
  get empty(): boolean { return this.count === 0; }

  private path(n: number): string { return join(this.opts.dir, segName(n)); }

  /** Scans the segments: cuts torn tails, counts what is left after the head. */
  private recover(): void {
    this.segments = readdirSync(this.opts.dir).map((f) => SEGMENT.exec(f)).filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1])).sort((a, b) => a - b);
    const headFile = join(this.opts.dir, 'head');
    if (existsSync(headFile)) {
      const h = Head.safeParse((() => { try { return JSON.parse(readFileSync(headFile, 'utf8')) as unknown; } catch { return null; } })());
      if (h.success) this.head = h.data;
    }
    // Segments wholly before the head were replayed: delete them.
    for (const n of this.segments.filter((s) => s < this.head.segment)) rmSync(this.path(n), { force: true });
    this.segments = this.segments.filter((s) => s >= this.head.segment);
    if (this.segments.length && this.segments[0] !== this.head.segment) this.head = { segment: this.segments[0], offset: 0 };
    this.bytesTotal = 0;
    this.count = 0;
    for (const n of this.segments) {
      const buf = readFileSync(this.path(n));
      // Cut a torn tail (crash mid-append): everything after the last newline.
      const end = buf.lastIndexOf(0x0a) + 1;
      if (end < buf.length) truncateSync(this.path(n), end);
      const from = n === this.head.segment ? Math.min(this.head.offset, end) : 0;
      const text = buf.subarray(from, end).toString('utf8');
      for (const line of text.split('\n')) if (line) this.count++;
      this.bytesTotal += end - from;
    }
    if (this.segments.length === 0) this.head = { segment: this.head.segment, offset: 0 };
  }

  /** Appends a batch durably; false when the spool is full (nothing written). */
  append(rec: SpoolRecord): boolean {
    const line = `${JSON.stringify(rec)}\n`;
    const size = Buffer.byteLength(line);
    if (this.bytesTotal + size > this.opts.maxBytes) return false;
    let last = this.segments[this.segments.length - 1];
    if (last === undefined || (statSync(this.path(last), { throwIfNoEntry: false })?.size ?? Infinity) >= this.segmentBytes) {
      last = last === undefined ? this.head.segment : last + 1;
      if (this.segments.length === 0) this.head = { segment: last, offset: 0 };
      this.segments.push(last);
      appendFileSync(this.path(last), '');
      fsyncDir(this.opts.dir);
    }
    const fd = openSync(this.path(last), 'a');
    try { writeSync(fd, line); fsyncSync(fd); } finally { closeSync(fd); }
    this.bytesTotal += size;
    this.count++;
    return true;
  }

  private load(): void {
    if (this.cacheSegment === this.head.segment && this.cache.length) return;
    this.cache = [];
    this.cacheSegment = this.head.segment;
    if (!this.segments.length) return;
    const buf = readFileSync(this.path(this.head.segment));
    let pos = this.head.offset;
    while (pos < buf.length) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0) break;
      const length = nl + 1 - pos;
      const text = buf.subarray(pos, nl).toString('utf8');
      pos = nl + 1;
      let parsed: unknown;
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
      const r = SpoolRecord.safeParse(parsed);
      // A record that does not parse (disk corruption) is kept as a zero-point body so the caller can
      // quarantine its text rather than lose track of it.
      this.cache.push({ record: r.success ? (r.data as SpoolRecord) : { precision: 'ms', points: 0, minTime: 0, maxTime: 0, body: text }, length });
    }
  }

  /** The oldest batch, or undefined when empty. */
  peek(): SpoolRecord | undefined {
    while (this.count > 0) {
      this.load();
      if (this.cache.length) return this.cache[0].record;
      // Head segment exhausted but later ones remain: move on.
      if (!this.advanceSegment()) return undefined;
    }
    return undefined;
  }

  /** Marks the oldest batch as written (durably). */
  shift(): void {
    this.load();
    const first = this.cache.shift();
    if (!first) return;
    this.head.offset += first.length;
    this.bytesTotal -= first.length;
    this.count--;
    if (this.count === 0) {
      // Drained: delete every segment and start the next one afresh.
      for (const n of this.segments) rmSync(this.path(n), { force: true });
      const next = (this.segments[this.segments.length - 1] ?? this.head.segment) + 1;
      this.segments = [];
      this.head = { segment: next, offset: 0 };
      this.cache = [];
    } else if (!this.cache.length && this.segments.length > 1 && this.head.offset >= statSync(this.path(this.head.segment)).size) {
      this.advanceSegment();
      return;
    }
    this.saveHead();
  }

  private advanceSegment(): boolean {
    if (this.segments.length < 2) return false;
    const old = this.segments.shift() as number;
    this.head = { segment: this.segments[0], offset: 0 };
    this.cache = [];
    this.saveHead();
    rmSync(this.path(old), { force: true });
    return true;
  }

  private saveHead(): void {
    const tmp = join(this.opts.dir, 'head.tmp');
    const fd = openSync(tmp, 'w');
    try { writeSync(fd, JSON.stringify(this.head)); fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(tmp, join(this.opts.dir, 'head'));
  }
}
