// Ingest: the collector's sink (collector/writer.ts: batches, the spool bookkeeping, store/influx.ts) against
// raw line-protocol batches posted to the same influxd with a bare fetch. Both write the same `interface`
// points (the collector's own line builder), each into a database of its own, and both are checked by a count.
// Run alone: `npx tsx bench/ingest.ts [points]` (a private influxd); bench/run.ts imports benchIngest().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { InfluxStore } from '../store/influx.js';
import { startInfluxd } from '../store/influxd.js';
import { countPoints } from '../store/reads.js';
import { interfaceLine, M, PRECISION } from '../store/schema.js';
import { Metrics } from '../collector/metrics.js';
import { Spool } from '../collector/spool.js';
import { Writer } from '../collector/writer.js';
import { JsonLogger } from '../common/log.js';
import { DAY_MS, MINUTE_MS } from '../common/time.js';

export interface IngestRow {
  sink: string;
  points: number;
  batchPoints: number;
  inFlight: number;
  seconds: number;
  pointsPerSecond: number;
  /** Points InfluxDB holds afterwards (count of in_bps). */
  stored: number;
}

export interface IngestBench {
  rows: IngestRow[];
  /** collector points/s ÷ raw points/s at the same batch size and one request in flight. */
  ratio: number;
}

type Log = (line: string) => void;

/** `points` interface points: 500 switches × 48 ports, one poll a minute, going back from `end`. */
export function ingestLines(points: number, end: number): string[] {
  const perPoll = 500 * 48;
  const lines: string[] = [];
  for (let k = 0; lines.length < points; k++) {
    const time = end - Math.floor(points / perPoll + 1 - k) * MINUTE_MS;
    for (let i = 0; i < perPoll && lines.length < points; i++) {
      const d = Math.floor(i / 48), p = i % 48;
      lines.push(interfaceLine({
        time: time + d * 17, device: `sw-${d}`, ifIndex: p + 1, ifName: `Gi1/0/${p + 1}`, segment: p === 0 ? `B-${d}` : undefined,
        inBps: 1e6 + ((k * 7919 + i * 104729) % 1e8), outBps: 2e6 + ((k * 104729 + i * 7919) % 1e8), operUp: true, speedBps: 1e9,
      }));
    }
  }
  return lines;
}

async function count(store: InfluxStore, after: number): Promise<number> {
  return countPoints(store, M.interface, 'in_bps', after);
}

const silent = new JsonLogger(() => undefined, 'error');

async function collectorSink(store: InfluxStore, lines: string[], first: number, batchPoints: number, dir: string): Promise<IngestRow> {
  const spool = new Spool({ dir: join(dir, 'spool'), maxBytes: 512 * 1024 * 1024 });
  const metrics = new Metrics(() => spool.bytes, () => spool.batches);
  const writer = new Writer({ store, spool, quarantineFile: join(dir, 'quarantine.lp'), metrics, log: silent, batchPoints, flushMs: 1000 });
  const t0 = performance.now();
  // As polls hand them over: 48 points (one switch) at a time.
  for (let i = 0; i < lines.length; i += 48) writer.add(lines.slice(i, i + 48), [0]);
  await writer.close();
  const seconds = (performance.now() - t0) / 1000;
  if (metrics.pointsWritten.get() !== lines.length) throw new Error(`collector sink wrote ${metrics.pointsWritten.get()} of ${lines.length} points`);
  return { sink: 'collector writer', points: lines.length, batchPoints, inFlight: 1, seconds, pointsPerSecond: lines.length / seconds, stored: await count(store, first) };
}

async function rawSink(store: InfluxStore, lines: string[], first: number, batchPoints: number, inFlight: number): Promise<IngestRow> {
  const url = `${store.config.url}/write?db=${encodeURIComponent(store.database)}&precision=${PRECISION}`;
  const bodies: string[] = [];
  for (let i = 0; i < lines.length; i += batchPoints) bodies.push(lines.slice(i, i + batchPoints).join('\n'));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    for (let b = bodies.shift(); b !== undefined; b = bodies.shift()) {
      const res = await fetch(url, { method: 'POST', body: b });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error(`raw write answered ${res.status}`);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  return { sink: 'raw fetch', points: lines.length, batchPoints, inFlight, seconds, pointsPerSecond: lines.length / seconds, stored: await count(store, first) };
}

export async function benchIngest(opts: { store: InfluxStore; points?: number; log?: Log }): Promise<IngestBench> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const points = opts.points ?? 144_000;
  const lines = ingestLines(points, Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
  const first = Math.min(...lines.slice(0, 24_000).map((l) => Number(/ (\d+)$/.exec(l)?.[1])));
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const rows: IngestRow[] = [];
  try {
    const db = async (name: string): Promise<InfluxStore> => {
      const s = opts.store.withDatabase(`${opts.store.database}_${name}`);
      await s.exec(`DROP DATABASE "${s.database}"`);
      await s.createDatabase();
      // The series exist already (as they do for a running collector): creating 24,000 series is a one-off cost.
      await s.write(lines.slice(0, 24_000).map((l) => l.replace(/ (\d+)$/, (_m, t: string) => ` ${Number(t) - DAY_MS}`)), PRECISION);
      return s;
    };
    // The writer's default batch (5,000 points, one write in flight) against the same with a bare fetch, taken
    // in turns (collector, raw, collector, raw) so that neither profits from the order; the better of each
    // pair counts. Then the fastest raw setting measured on this machine (10,000-line batches, two in flight).
    const best = (a: IngestRow, b: IngestRow): IngestRow => (a.pointsPerSecond >= b.pointsPerSecond ? a : b);
    let collector: IngestRow | undefined;
    let raw: IngestRow | undefined;
    for (let rep = 1; rep <= 2; rep++) {
      const c = await collectorSink(await db(`collector${rep}`), lines, first, 5000, join(dir, String(rep)));
      log(`bench ingest: collector writer ${Math.round(c.pointsPerSecond).toLocaleString('en')} points/s (${points.toLocaleString('en')} points, 5,000 a batch, run ${rep})`);
      const r = await rawSink(await db(`raw${rep}`), lines, first, 5000, 1);
      log(`bench ingest: raw fetch, same batches ${Math.round(r.pointsPerSecond).toLocaleString('en')} points/s (run ${rep})`);
      collector = collector ? best(collector, c) : c;
      raw = raw ? best(raw, r) : r;
    }
    rows.push(collector as IngestRow, raw as IngestRow);
    rows.push(await rawSink(await db('raw_2x10k'), lines, first, 10_000, 2));
    log(`bench ingest: raw fetch, 10,000 a batch × 2 in flight ${Math.round(rows[2].pointsPerSecond).toLocaleString('en')} points/s`);
    for (const r of rows) if (r.stored !== points) throw new Error(`${r.sink}: InfluxDB holds ${r.stored} of ${points} points`);
    return { rows, ratio: rows[0].pointsPerSecond / rows[1].pointsPerSecond };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-influx-'));
  void (async () => {
    const influxd = await startInfluxd(dir);
    try {
      const r = await benchIngest({ store: new InfluxStore({ url: influxd.url, database: 'bench', timeoutMs: 120_000 }), points: Number(process.argv[2] ?? 144_000) });
      console.log(JSON.stringify(r, null, 2));
    } finally {
      await influxd.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  })().catch((e: unknown) => { console.error(e instanceof Error ? e.stack : String(e)); process.exit(1); });
}
