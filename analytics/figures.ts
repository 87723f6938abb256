// The figures every endpoint shares, computed from the 5-minute rollups (`interface_5m`, `hotspot_5m`) that
// the collector and the backfill maintain. The rollup series are read once into memory (one Float64Array
// per series and field, indexed by bucket, NaN where a bucket has no sample), then kept current by
// re-reading the latest hour (the collector may re-roll late buckets) and, in the background, rebuilt
// from scratch now and then (a backfill may write the past). Figures for any window are then pure
// functions over those arrays (analytics/stats.ts): prefix sums for the means and a sorted list of each
// series' top 10 % for the p95 and max (RankIndex), so that a 30-day window of 300 segments touches a
// few hundred values per direction, instead of a PERCENTILE over raw points in InfluxDB. Answers are
// cached per bucket range and data version: a window holding the same buckets gets the same figures.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cadastre, OpenHours } from '../config/schema.js';
import { segmentLengthMetres } from '../config/geometry.js';
import type { InfluxStore, Series } from '../store/influx.js';
import { readRollups } from '../store/reads.js';
import { BUCKET_MS, M, measuredByMatches } from '../store/schema.js';
import { interfaceRef } from '../config/interfaces.js';
import type { DirectionFigures, Figures, HotspotFigures, SegmentFigures, HotspotSeriesPoint, SegmentForecast, SegmentSeriesPoint, Window } from './model.js';
import { RankIndex, percentileRank, quickselect, summarise, type Summary } from './stats.js';
import { applyReservations, utilisationPct } from './surplus.js';
import type { ReservedTotals } from '../store/records.js';
import { forecastCrossing, type DailyPoint } from './forecast.js';
import { DAY_MS, HOUR_MS } from '../common/time.js';


export interface FiguresOptions {
  /** Re-read the latest rollups when the cache is older than this (ms, wall clock). Default 15 s. */
  refreshMs?: number;
  /** How far back before the newest loaded bucket each refresh re-reads (ms). Default 1 h. */
  rereadMs?: number;
  /** Rebuild the whole cache in the background this often (ms), to catch history written out of band (a late
   *  backfill); 0 never. Default 1 h. */
  reloadMs?: number;
  /** Series per InfluxDB query while loading. Default 25. */
  seriesPerQuery?: number;
  /** Queries in flight while loading. Default 2. */
  concurrency?: number;
  /** Progress of the initial load: series loaded of total. */
  onProgress?: (what: string, done: number, total: number) => void;
  /** After each read of rollups into memory, how long it took (the API's figures load time metric). */
  onLoad?: (e: FiguresLoad) => void;
  /**
   * Where to keep a snapshot of the loaded rollups (written after a full load or reload), so that a restart
   * reads only what came after it instead of the whole history. Unset: no snapshot.
   */
  snapshotDir?: string;
  /**
   * What active circuits hold per segment now (the records store): subtracted from every answer's sellable
   * capacity and free dark pairs. Read on every call, so that a reservation made by any process shows at once.
   */
  reserved?: () => Promise<ReservedTotals>;
}

/** One read of rollups into memory: the first (initial), further back (extend), the latest (refresh), all again
 * (reload), a past range written after the load (reread). */
export interface FiguresLoad { measurement: string; kind: 'initial' | 'extend' | 'refresh' | 'reload' | 'reread'; seconds: number }

/** Bucket-indexed arrays for a set of keyed series that share one time grid. */
class BucketGrid {
  origin = 0;
  length = 0;
  capacity = 0;
  readonly series = new Map<string, Float64Array[]>();
  /** Rank indexes per series and field, over buckets no refresh rewrites; dropped when the origin moves. */
  readonly indexes = new Map<string, RankIndex>();
  constructor(readonly fields: number) {}

  private alloc(n: number): Float64Array {
    return new Float64Array(n).fill(NaN);
  }

  /** Makes room for buckets [from, to) (bucket-aligned epoch ms), moving the origin back if needed. */
  cover(fromMs: number, toMs: number): void {
    const from = Math.floor(fromMs / BUCKET_MS) * BUCKET_MS;
    const to = Math.ceil(toMs / BUCKET_MS) * BUCKET_MS;
    if (this.length === 0 && this.series.size === 0) {
      this.origin = from;
    }
    if (from < this.origin) {
      const shift = (this.origin - from) / BUCKET_MS;
      const newCap = Math.max(this.capacity + shift, 16);
      for (const arrays of this.series.values()) {
        for (let f = 0; f < arrays.length; f++) {
          const a = this.alloc(newCap);
          a.set(arrays[f].subarray(0, this.length), shift);
          arrays[f] = a;
        }
      }
      this.origin = from;
      this.length += shift;
      this.capacity = newCap;
      this.indexes.clear();
    }
    const need = (to - this.origin) / BUCKET_MS;
    if (need > this.capacity) {
      const newCap = Math.max(need, Math.ceil(this.capacity * 1.5), 16);
      for (const arrays of this.series.values()) {
        for (let f = 0; f < arrays.length; f++) {
          const a = this.alloc(newCap);
          a.set(arrays[f].subarray(0, this.length));
          arrays[f] = a;
        }
      }
      this.capacity = newCap;
    }
    if (need > this.length) this.length = need;
  }

  arrays(key: string): Float64Array[] {
    let a = this.series.get(key);
    if (!a) {
      a = Array.from({ length: this.fields }, () => this.alloc(this.capacity));
      this.series.set(key, a);
    }
    return a;
  }

  index(t: number): number {
    return (t - this.origin) / BUCKET_MS;
  }

  /** Index range of the buckets whose start lies in [from, to), clipped to the grid. */
  range(w: Window): [number, number] {
    const i0 = Math.max(0, Math.ceil((w.from - this.origin) / BUCKET_MS));
    const i1 = Math.min(this.length, Math.ceil((w.to - this.origin) / BUCKET_MS));
    return [i0, Math.max(i0, i1)];
  }
}

interface RollupSpec {
  measurement: string;
  /** Tag that names the series (segment, hotspot). */
  keyTag: string;
  /** Tags read besides the key: a series whose tags differ from `accept` is not ours. */
  groupTags: string[];
  fields: string[];
  /** The keys to read and, per key, whether a series with these tags is the one to use. */
  keys: () => string[];
  accept: (key: string, tags: Record<string, string>) => boolean;
  /** What decides `accept` for a key (the measuring interface, the controller): part of the snapshot's identity. */
  identity: (key: string) => string;
}

const SNAPSHOT_VERSION = 1;
interface SnapshotHeader {
  version: number;
  signature: string;
  origin: number;
  length: number;
  loadedFrom: number;
  newest: number | null;
  keys: string[];
}

/** One rollup measurement in memory: loads, refreshes, and serves a consistent grid. */
class RollupCache {
  private grid: BucketGrid;
  private loadedFrom: number | undefined;
  private newest: number | undefined;
  private refreshedAt = 0;
  private reloadedAt = 0;
  private pending: Promise<void> | undefined;
  private reloading: Promise<void> | undefined;
  private saving: Promise<void> | undefined;
  /** Counts rereads: a background reload that began before one would swap in a grid without what it read. */
  private rereads = 0;
  /** Changes whenever the data does: a key for caches of derived figures. */
  version = 0;

  constructor(private readonly store: InfluxStore, private readonly spec: RollupSpec, private readonly opts: Required<Omit<FiguresOptions, 'onProgress' | 'snapshotDir' | 'onLoad' | 'reserved'>> & Pick<FiguresOptions, 'onProgress' | 'snapshotDir' | 'onLoad'>) {
    this.grid = new BucketGrid(spec.fields.length);
  }

  private snapshotPath(): string | undefined {
    return this.opts.snapshotDir ? join(this.opts.snapshotDir, `figures-${this.spec.measurement}.bin`) : undefined;
  }

  /** Same store, measurement, fields and series definitions: a snapshot of anything else is not ours. */
  private signature(): string {
    const keys = this.spec.keys().map((k) => [k, this.spec.identity(k)]);
    const id = JSON.stringify({ v: SNAPSHOT_VERSION, url: this.store.config.url, db: this.store.database, rp: this.store.config.retentionPolicy ?? null, m: this.spec.measurement, f: this.spec.fields, keys });
    return createHash('sha256').update(id).digest('hex');
  }

  /** Layout: uint32 LE header length, the header (JSON), padding to 8 bytes, then per key and field `length` float64s (platform byte order). */
  private async saveSnapshot(grid: BucketGrid, loadedFrom: number, newest: number | undefined): Promise<void> {
    const path = this.snapshotPath();
    if (!path) return;
    const keys = [...grid.series.keys()];
    const length = grid.length;
    // The arrays as they are now: a later prepend replaces them (shifted), it does not change these.
    const arrays = keys.map((k) => [...grid.series.get(k)!]);
    const header: SnapshotHeader = { version: SNAPSHOT_VERSION, signature: this.signature(), origin: grid.origin, length, loadedFrom, newest: newest ?? null, keys };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const pad = (8 - ((4 + json.length) % 8)) % 8;
    const prefix = Buffer.alloc(4 + json.length + pad);
    prefix.writeUInt32LE(json.length, 0);
    json.copy(prefix, 4);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(this.opts.snapshotDir!, { recursive: true });
      const fh = await open(tmp, 'w');
      try {
        await fh.write(prefix);
        for (const fields of arrays) {
          for (const a of fields) await fh.write(new Uint8Array(a.buffer, a.byteOffset, length * 8));
        }
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    } catch (e) {
      console.error(`figures: cannot write the snapshot ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The snapshot as a grid, when there is one of this very data; else undefined. */
  private loadSnapshot(): { grid: BucketGrid; loadedFrom: number; newest: number | undefined } | undefined {
    const path = this.snapshotPath();
    if (!path || !existsSync(path)) return undefined;
    try {
      const buf = readFileSync(path);
      const n = buf.readUInt32LE(0);
      const header = JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as SnapshotHeader;
      if (header.version !== SNAPSHOT_VERSION || header.signature !== this.signature()) return undefined;
      let off = 4 + n + ((8 - ((4 + n) % 8)) % 8);
      const grid = new BucketGrid(this.spec.fields.length);
      grid.origin = header.origin;
      grid.length = grid.capacity = header.length;
      const bytes = header.length * 8;
      if (buf.length !== off + header.keys.length * this.spec.fields.length * bytes) return undefined;
      for (const key of header.keys) {
        const arrays: Float64Array[] = [];
        for (let f = 0; f < this.spec.fields.length; f++) {
          const a = new Float64Array(header.length);
          new Uint8Array(a.buffer).set(buf.subarray(off, off + bytes));
          off += bytes;
          arrays.push(a);
        }
        grid.series.set(key, arrays);
      }
      return { grid, loadedFrom: header.loadedFrom, newest: header.newest ?? undefined };
    } catch (e) {
      console.error(`figures: ignoring the unreadable snapshot ${path}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /**
   * Reads the rollups of [from, to) into the grid. `all`: one query for every series (short ranges, the
   * refresh); else queries of `seriesPerQuery` keys each, `concurrency` at a time (the long initial load).
   */
  private async read(grid: BucketGrid, from: number, to: number | undefined, progress: boolean, all = false): Promise<{ newest: number | undefined; changed: boolean }> {
    const keys = this.spec.keys();
    const chunks: Array<string[] | null> = [];
    if (all) chunks.push(null);
    else for (let i = 0; i < keys.length; i += this.opts.seriesPerQuery) chunks.push(keys.slice(i, i + this.opts.seriesPerQuery));
    let newest: number | undefined;
    let changed = false;
    let done = 0;
    let next = 0;
    const apply = (series: Series[]): void => {
      for (const s of series) {
        const key = s.tags[this.spec.keyTag];
        if (key === undefined || !this.spec.accept(key, s.tags)) continue;
        for (const row of s.values) {
          const t = row[0] as number;
          if (newest === undefined || t > newest) newest = t;
        }
        if (s.values.length === 0) continue;
        const last = s.values[s.values.length - 1][0] as number;
        const first = s.values[0][0] as number;
        // Only where there is data: a window reaching far back must not allocate years of empty buckets.
        grid.cover(first, last + BUCKET_MS);
        const arrays = grid.arrays(key);
        for (const row of s.values) {
          const i = grid.index(row[0] as number);
          // A time off the 5-minute grid is not a rollup bucket of ours.
          if (!Number.isInteger(i)) continue;
          for (let f = 0; f < arrays.length; f++) {
            const cell = row[f + 1];
            const v = typeof cell === 'number' ? cell : NaN;
            const old = arrays[f][i];
            if (old !== v && !(old !== old && v !== v)) { arrays[f][i] = v; changed = true; }
          }
        }
      }
    };
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        const { measurement, fields, keyTag, groupTags } = this.spec;
        apply(await readRollups(this.store, { measurement, fields, keyTag, groupTags, keys: chunk, from, to }));
        done += chunk ? chunk.length : keys.length;
        if (progress) this.opts.onProgress?.(this.spec.measurement, done, keys.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, chunks.length) }, worker));
    return { newest, changed };
  }

  /** Makes sure the grid holds every bucket from `from` on, reasonably fresh. */
  async ensure(from: number): Promise<BucketGrid> {
    const start = Math.floor(from / BUCKET_MS) * BUCKET_MS;
    while (this.pending) await this.pending;
    const now = Date.now();
    let job: (() => Promise<void>) | undefined;
    let kind: FiguresLoad['kind'] = 'refresh';
    if (this.loadedFrom === undefined) {
      kind = 'initial';
      job = async () => {
        const snap = this.loadSnapshot();
        if (snap) {
          // What came after the snapshot (and the hour before its newest bucket) is read now.
          const since = Math.max(snap.loadedFrom, (snap.newest ?? snap.loadedFrom) - this.opts.rereadMs);
          const { newest } = await this.read(snap.grid, since, undefined, false, now - since <= DAY_MS);
          this.grid = snap.grid;
          this.loadedFrom = snap.loadedFrom;
          this.newest = newest !== undefined && (snap.newest === undefined || newest > snap.newest) ? newest : snap.newest;
          this.refreshedAt = this.reloadedAt = Date.now();
          this.version++;
          if (start < snap.loadedFrom) {
            await this.read(this.grid, start, snap.loadedFrom, true);
            this.loadedFrom = start;
          }
          return;
        }
        const { newest } = await this.read(this.grid, start, undefined, true);
        this.loadedFrom = start;
        this.newest = newest;
        this.refreshedAt = this.reloadedAt = Date.now();
        this.version++;
        this.saving = this.saveSnapshot(this.grid, start, newest);
      };
    } else if (start < this.loadedFrom) {
      const until = this.loadedFrom;
      kind = 'extend';
      job = async () => {
        await this.read(this.grid, start, until, true);
        this.loadedFrom = start;
        this.version++;
      };
    } else if (now - this.refreshedAt >= this.opts.refreshMs) {
      const since = Math.max(this.loadedFrom, (this.newest ?? this.loadedFrom) - this.opts.rereadMs);
      job = async () => {
        const { newest, changed } = await this.read(this.grid, since, undefined, false, true);
        if (newest !== undefined && (this.newest === undefined || newest > this.newest)) this.newest = newest;
        this.refreshedAt = Date.now();
        // Derived figures stay cached until a value actually changes.
        if (changed) this.version++;
      };
    }
    if (job) {
      const started = performance.now();
      this.pending = job().finally(() => {
        this.pending = undefined;
        this.opts.onLoad?.({ measurement: this.spec.measurement, kind, seconds: (performance.now() - started) / 1000 });
      });
      await this.pending;
    }
    if (this.opts.reloadMs > 0 && now - this.reloadedAt >= this.opts.reloadMs && !this.reloading) this.reloading = this.reload();
    return this.grid;
  }

  /** Rebuilds the grid from scratch off the request path, then swaps it in. */
  private async reload(): Promise<void> {
    const from = this.loadedFrom;
    if (from === undefined) return;
    try {
      const grid = new BucketGrid(this.spec.fields.length);
      const started = Date.now();
      const rereads = this.rereads;
      const { newest } = await this.read(grid, from, undefined, false);
      this.opts.onLoad?.({ measurement: this.spec.measurement, kind: 'reload', seconds: (Date.now() - started) / 1000 });
      while (this.pending) await this.pending;
      // Extended or reread meanwhile: keep what we have, try again later.
      if (this.loadedFrom !== from || this.rereads !== rereads) return;
      this.grid = grid;
      this.newest = newest;
      this.refreshedAt = started;
      this.version++;
      this.saving = this.saveSnapshot(grid, from, newest);
    } catch (e) {
      console.error(`figures: background reload of ${this.spec.measurement} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.reloadedAt = Date.now();
      this.reloading = undefined;
    }
  }

  /**
   * Reads the buckets of [from, to) again into the grid already loaded: history written into the past after
   * the load (the demo's background backfill, newest day first) shows at once, where a refresh would not look
   * (it re-reads only the last hour) and a reload would come within the hour at best. The rank indexes assumed
   * those buckets were settled, so they go; the snapshot is saved again, since a restart from it re-reads only
   * after its newest bucket. Before the first load there is nothing to do: that load reads it all.
   */
  async reread(from: number, to: number): Promise<void> {
    while (this.pending) await this.pending;
    const loadedFrom = this.loadedFrom;
    if (loadedFrom === undefined) return;
    const start = Math.max(Math.floor(from / BUCKET_MS) * BUCKET_MS, loadedFrom);
    if (start >= to) return;
    const started = performance.now();
    this.pending = (async () => {
      this.rereads++;
      await this.read(this.grid, start, to, false, to - start <= DAY_MS);
      this.grid.indexes.clear();
      this.version++;
      await this.saving;
      this.saving = this.saveSnapshot(this.grid, loadedFrom, this.newest);
    })().finally(() => {
      this.pending = undefined;
      this.opts.onLoad?.({ measurement: this.spec.measurement, kind: 'reread', seconds: (performance.now() - started) / 1000 });
    });
    await this.pending;
  }

  /**
   * Grid index below which no refresh will rewrite a bucket: refreshes re-read from (newest − rereadMs) on,
   * and the newest bucket only moves forward.
   */
  stableCut(grid: BucketGrid): number {
    if (this.newest === undefined) return 0;
    return Math.max(0, Math.min(grid.length, Math.floor(grid.index(this.newest - this.opts.rereadMs))));
  }

  /** Figures of one field of a series over [i0, i1), through its rank index when that can answer. */
  summary(grid: BucketGrid, key: string, field: number, i0: number, i1: number, scratch: Float64Array): Summary {
    const values = grid.series.get(key)?.[field];
    if (!values) return { n: 0, mean: null, p95: null, max: null };
    const cut = this.stableCut(grid);
    const id = `${key}\u0000${field}`;
    let index = grid.indexes.get(id);
    // Rebuilt when the directly-read tail has grown past a few hours of buckets.
    if (!index || cut - index.cut > 48) {
      index = new RankIndex(values, cut);
      grid.indexes.set(id, index);
    }
    return index.summary(values, i0, i1) ?? summarise(values, i0, i1, scratch);
  }

  /** Waits for a background reload in progress (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending || this.reloading) await (this.pending ?? this.reloading);
    await this.saving;
  }
}

function direction(s: Summary, lit: number): DirectionFigures {
  return {
    meanBps: s.mean,
    p95Bps: s.p95,
    maxBps: s.max,
    meanUtilisationPct: utilisationPct(s.mean, lit),
    p95UtilisationPct: utilisationPct(s.p95, lit),
    maxUtilisationPct: utilisationPct(s.max, lit),
    samples: s.n,
  };
}

const EMPTY = new Float64Array(0);

/** Minutes since local midnight of each bucket start in a time zone, memoised (Intl is slow per call). */
class LocalClock {
  private readonly memo = new Map<number, number>();
  private readonly fmt: Intl.DateTimeFormat;
  constructor(timeZone: string) {
    this.fmt = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
  }
  minuteOfDay(t: number): number {
    let m = this.memo.get(t);
    if (m === undefined) {
      let h = 0, min = 0;
      for (const p of this.fmt.formatToParts(t)) {
        if (p.type === 'hour') h = Number(p.value);
        else if (p.type === 'minute') min = Number(p.value);
      }
      m = h * 60 + min;
      this.memo.set(t, m);
    }
    return m;
  }
}

const hhmm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** Whether a local minute of the day lies in [open, close); a close before the open spans midnight. */
export function inOpenHours(minute: number, hours: OpenHours): boolean {
  const open = hhmm(hours.open);
  const close = hhmm(hours.close);
  if (open === close) return true;
  return open < close ? minute >= open && minute < close : minute >= open || minute < close;
}

/** The window aligned to whole UTC days: from the start of `from`'s day to the start of `to`'s day. */
export function wholeDays(w: Window): Window {
  return { from: Math.floor(w.from / DAY_MS) * DAY_MS, to: Math.floor(w.to / DAY_MS) * DAY_MS };
}

/** Each UTC day of the window (a day partly inside contributes its buckets inside): max-direction p95. */
function dailyPeaks(ab: Float64Array, ba: Float64Array, grid: BucketGrid, w: Window, scratch: Float64Array): DailyPoint[] {
  const out: DailyPoint[] = [];
  const [i0, i1] = grid.range(w);
  if (i1 <= i0) return out;
  let day = Math.floor((grid.origin + i0 * BUCKET_MS) / DAY_MS) * DAY_MS;
  while (day < w.to) {
    const [d0, d1] = grid.range({ from: Math.max(day, w.from), to: Math.min(day + DAY_MS, w.to) });
    if (d1 > d0) {
      const a = ab.length ? summarise(ab, d0, d1, scratch).p95 : null;
      const b = ba.length ? summarise(ba, d0, d1, scratch).p95 : null;
      if (a !== null || b !== null) out.push({ day, p95Bps: Math.max(a ?? -Infinity, b ?? -Infinity) });
    }
    day += DAY_MS;
  }
  return out;
}

export interface FiguresImpl extends Figures {
  /** Waits for loads and background reloads in flight. */
  settle(): Promise<void>;
}

export function createFigures(cadastre: Cadastre, store: InfluxStore, options: FiguresOptions = {}): FiguresImpl {
  const opts = {
    refreshMs: options.refreshMs ?? 15_000,
    rereadMs: options.rereadMs ?? HOUR_MS,
    reloadMs: options.reloadMs ?? HOUR_MS,
    seriesPerQuery: options.seriesPerQuery ?? 25,
    concurrency: options.concurrency ?? 2,
    onProgress: options.onProgress,
    onLoad: options.onLoad,
    snapshotDir: options.snapshotDir,
  };
  const reservedNow = options.reserved;
  const segmentsById = new Map(cadastre.segments.map((s) => [s.id, s]));
  const hotspotsById = new Map(cadastre.hotspots.map((h) => [h.id, h]));
  const lengths = new Map(cadastre.segments.map((s) => [s.id, segmentLengthMetres(s)]));
  const maxLoad = cadastre.policy.maxLoad;

  // a→b is the measuring interface's out_bps, b→a its in_bps: fields in that order.
  const interfaces = new RollupCache(store, {
    measurement: M.interface5m,
    keyTag: 'segment',
    // The series of the interface measuredBy names (by ifName, ifAlias or ifIndex: each is a tag).
    groupTags: ['device', 'if_name', 'if_alias', 'if_index'],
    fields: ['out_bps', 'in_bps'],
    keys: () => cadastre.segments.map((s) => s.id),
    accept: (key, tags) => {
      const s = segmentsById.get(key);
      return s !== undefined && measuredByMatches(s.measuredBy, tags);
    },
    identity: (key) => {
      const s = segmentsById.get(key);
      if (!s) return '';
      // By ifName as before (snapshots stay valid); the other keys say which they are.
      const r = interfaceRef(s.measuredBy);
      return r.key === 'ifName' ? `${s.measuredBy.device}\u0000${r.value}` : `${s.measuredBy.device}\u0000${r.key}=${r.value}`;
    },
  }, opts);
  const hotspotCache = new RollupCache(store, {
    measurement: M.hotspot5m,
    keyTag: 'hotspot',
    groupTags: ['controller'],
    fields: ['clients'],
    keys: () => cadastre.hotspots.map((h) => h.id),
    accept: (key, tags) => hotspotsById.get(key)?.controller === tags.controller,
    identity: (key) => hotspotsById.get(key)?.controller ?? '',
  }, opts);

  const clock = new LocalClock(cadastre.policy.timeZone);
  let scratch = new Float64Array(0);
  const scratchFor = (n: number): Float64Array => {
    if (scratch.length < n) scratch = new Float64Array(n);
    return scratch;
  };

  // The last few answers, keyed by window and data version: pages ask several endpoints for one window.
  const memo = new Map<string, unknown>();
  const remember = <T>(key: string, compute: () => T): T => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit as T;
    const v = compute();
    memo.set(key, v);
    if (memo.size > 16) memo.delete(memo.keys().next().value as string);
    return v;
  };

  async function segments(w: Window): Promise<SegmentFigures[]> {
    const held = reservedNow ? await reservedNow() : undefined;
    const grid = await interfaces.ensure(w.from);
    const [i0, i1] = grid.range(w);
    // Two windows holding the same buckets have the same figures: the key is the bucket range (and the reservations).
    const key = `seg|${grid.origin}|${i0}|${i1}|${interfaces.version}`;
    const measured = remember(key, () => {
      const buf = scratchFor(i1 - i0);
      return cadastre.segments.map((s): SegmentFigures => {
        const ab = interfaces.summary(grid, s.id, 0, i0, i1, buf);
        const ba = interfaces.summary(grid, s.id, 1, i0, i1, buf);
        return applyReservations({
          id: s.id,
          owner: s.owner,
          a: s.a,
          b: s.b,
          lengthMetres: lengths.get(s.id) ?? 0,
          litCapacityBps: s.litCapacityBps,
          pairs: { ...s.pairs },
          ab: direction(ab, s.litCapacityBps),
          ba: direction(ba, s.litCapacityBps),
        }, undefined, maxLoad);
      });
    });
    if (!held || held.size === 0) return measured;
    const sig = [...held].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([id, r]) => `${id}:${r.bps}:${r.pairs}`).join(',');
    return remember(`${key}|${sig}`, () => measured.map((f) => applyReservations(f, held.get(f.id), maxLoad)));
  }

  /**
   * The fit uses whole UTC days only, so that a forecast does not move with the hour of the request: the window is
   * aligned to days, from the start of the day holding `from` to the start of the day holding `to` (that day, still
   * partial, is left out; a window ending at midnight keeps its last day). The level is read at the end of the last
   * fitted day. Any two windows whose ends fall in the same UTC day and whose starts do too give the same answer.
   */
  async function forecasts(w: Window): Promise<SegmentForecast[]> {
    const days = wholeDays(w);
    const grid = await interfaces.ensure(days.from);
    const [i0, i1] = grid.range(days);
    return remember(`fc|${grid.origin}|${i0}|${i1}|${days.from}|${days.to}|${interfaces.version}`, () => {
      const buf = scratchFor(DAY_MS / BUCKET_MS);
      return cadastre.segments.map((s): SegmentForecast => {
        const arrays = grid.series.get(s.id);
        const points = arrays && days.to > days.from ? dailyPeaks(arrays[0], arrays[1], grid, days, buf) : [];
        return { id: s.id, ...forecastCrossing(points, s.litCapacityBps * maxLoad, days.to) };
      });
    });
  }

  /** Each step of the window: the summary of each of `arrays`' buckets in it. */
  function steps(grid: BucketGrid, arrays: readonly Float64Array[] | undefined, count: number, w: Window, stepMs: number): Array<{ time: number; parts: Summary[] }> {
    const out: Array<{ time: number; parts: Summary[] }> = [];
    for (let step = Math.floor(w.from / stepMs) * stepMs; step < w.to; step += stepMs) {
      const [i0, i1] = grid.range({ from: Math.max(step, w.from), to: Math.min(step + stepMs, w.to) });
      const buf = scratchFor(i1 - i0);
      const parts = Array.from({ length: count }, (_, k) => (arrays ? summarise(arrays[k], i0, i1, buf) : summarise(EMPTY, 0, 0)));
      out.push({ time: step, parts });
    }
    return out;
  }

  async function series(id: string, w: Window, stepMs: number): Promise<SegmentSeriesPoint[] | null> {
    if (!segmentsById.has(id)) return null;
    const grid = await interfaces.ensure(w.from);
    return steps(grid, grid.series.get(id), 2, w, stepMs).map(({ time, parts: [ab, ba] }) => (
      { time, abMeanBps: ab.mean, baMeanBps: ba.mean, abMaxBps: ab.max, baMaxBps: ba.max, samples: Math.max(ab.n, ba.n) }));
  }

  async function hotspotSeries(id: string, w: Window, stepMs: number): Promise<HotspotSeriesPoint[] | null> {
    if (!hotspotsById.has(id)) return null;
    const grid = await hotspotCache.ensure(w.from);
    return steps(grid, grid.series.get(id), 1, w, stepMs).map(({ time, parts: [c] }) => (
      { time, meanClients: c.mean, maxClients: c.max, samples: c.n }));
  }

  async function hotspots(w: Window): Promise<HotspotFigures[]> {
    const grid = await hotspotCache.ensure(w.from);
    const [i0, i1] = grid.range(w);
    return remember(`hs|${grid.origin}|${i0}|${i1}|${hotspotCache.version}`, () => {
      const buf = scratchFor(i1 - i0);
      // One open-hours mask per distinct opening time over the window's buckets (local time: Intl, memoised).
      const masks = new Map<string, Uint8Array>();
      const maskOf = (hours: OpenHours): Uint8Array => {
        const key = `${hours.open}-${hours.close}`;
        let m = masks.get(key);
        if (!m) {
          m = new Uint8Array(Math.max(0, i1 - i0));
          for (let i = i0; i < i1; i++) m[i - i0] = inOpenHours(clock.minuteOfDay(grid.origin + i * BUCKET_MS), hours) ? 1 : 0;
          masks.set(key, m);
        }
        return m;
      };
      const rows = cadastre.hotspots.map((h) => {
        const open = maskOf(h.openHours ?? cadastre.policy.openHours);
        const a = grid.series.get(h.id)?.[0];
        let n = 0, active = 0, openSum = 0, openN = 0, sum = 0;
        if (a) {
          for (let i = i0; i < i1; i++) {
            const v = a[i];
            if (v !== v) continue;
            buf[n++] = v;
            sum += v;
            if (v >= 1) active++;
            if (open[i - i0] === 1) { openSum += v; openN++; }
          }
        }
        const openMean = openN > 0 ? openSum / openN : null;
        return {
          id: h.id,
          meanClients: n > 0 ? sum / n : null,
          p95Clients: n > 0 ? quickselect(buf, n, percentileRank(n) - 1) : null,
          openHoursMeanClients: openMean,
          activeShare: n > 0 ? active / n : null,
          samples: n,
          rank: 0,
          underused: openMean !== null && openMean < cadastre.policy.underuseThresholdClients,
        } satisfies HotspotFigures;
      });
      // Busiest first; hotspots without open-hours data last; ties by id so that the ranking is stable.
      const order = [...rows].sort((x, y) => {
        const a = x.openHoursMeanClients ?? -Infinity;
        const b = y.openHoursMeanClients ?? -Infinity;
        return b - a || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
      });
      order.forEach((r, i) => { r.rank = i + 1; });
      return rows;
    });
  }

  return {
    segments,
    hotspots,
    forecasts,
    series,
    hotspotSeries,
    reread: async (from, to) => { await Promise.all([interfaces.reread(from, to), hotspotCache.reread(from, to)]); },
    settle: async () => { await interfaces.settle(); await hotspotCache.settle(); },
  };
}
