// History backfill: N days of what the collector would have written had it polled the simulated network, from the
// same traffic model, into the measurements of store/schema.ts, plus the 5-minute rollups the API reads.
//
// Poll times sit on each device's interval grid (config/poll-interval.ts: multiples of it since the epoch)
// inside [end − days, end). A rate is the octets of the interval ending at the poll × 8 / interval seconds;
// the first poll of the window gets one too (the model knows the interval before it).
import type { Cadastre, Device } from '../config/schema.js';
import type { InfluxStore } from '../store/influx.js';
import {
  BUCKET_MS, PRECISION, hotspotBucketLineFast, hotspotLineFast, interfaceBucketLineFast, interfaceLineFast, opticsBucketLineFast,
  opticsLineFast, pollBucketLineFast, pollLineFast,
} from '../store/schema.js';
import { DAY_MS } from '../common/time.js';
import { pollIntervalMs } from '../config/poll-interval.js';
import { createTrafficModel, hashString, mix32 } from './model.js';
import { interfacesOf, vendorOf, type SimInterface } from './mibs.js';
import { downAt, type OutageSchedule } from './outages.js';
import { createOpticsModel } from './optics.js';

/**
 * The cadastre with every device's poll interval resolved (config/poll-interval.ts: device, role, policy default),
 * so that the history sits on the grid the collector will poll on and the API judges staleness by.
 */
function withPollIntervals(c: Cadastre): Cadastre {
  return { ...c, devices: c.devices.map((d) => ({ ...d, intervalSeconds: pollIntervalMs(c.policy, d) / 1000 })) };
}

export interface BackfillProgress {
  written: number;
  total: number;
  elapsedMs: number;
}

export interface BackfillOptions {
  days: number;
  /** End of the window (exclusive), epoch ms or Date; default now. Floored to the 5-minute grid. */
  end?: number | Date;
  seed?: number;
  /** Raw points (`interface`, `hotspot`, `poll`) only for the last rawDays of the window; the 5-minute rollups
   *  for all of it. Mirrors a retention policy that keeps raw points for days and rollups for months. Default: all. */
  rawDays?: number;
  onProgress?: (p: BackfillProgress) => void;
  /** Devices that do not answer (polls time out, their interfaces give no sample) and segments whose measuring
   *  interface is operationally down, in time (sim/outages.ts). Default: none. */
  outages?: Pick<OutageSchedule, 'devices' | 'segments'>;
  /** Lines per write request (default 10,000) and parallel writers (default 2): what influxd 1.6 takes best. */
  batchLines?: number;
  writers?: number;
  /** Stops between batches (npm start stopped while it writes the older days): the backfill rejects with the reason. */
  signal?: AbortSignal;
}

export interface BackfillResult {
  startMs: number;
  endMs: number;
  points: number;
  byMeasurement: Record<'interface' | 'hotspot' | 'poll' | 'interface_5m' | 'hotspot_5m' | 'poll_5m' | 'optics' | 'optics_5m', number>;
  elapsedMs: number;
}

/** One measuring interface, tagged as the simulator's agent presents it (sim/mibs.ts interfacesOf), so the
 * backfill's series are the ones the collector writes live. */
interface IfSeries { device: Device; segment: string; ifIndex: number; ifName: string; ifAlias?: string; speedBps: number }
interface HsSeries { device: Device; hotspot: string }

/** A device's interval: planBackfill and backfill resolve it on every device first (withPollIntervals). */
const intervalMsOf = (d: Device): number => {
  if (d.intervalSeconds === undefined) throw new Error(`backfill: device ${d.id} has no resolved poll interval`);
  return d.intervalSeconds * 1000;
};

/** Poll times of a device in [startMs, endMs). */
export function pollTimes(d: Device, startMs: number, endMs: number): { first: number; count: number; stepMs: number } {
  const stepMs = intervalMsOf(d);
  const first = Math.ceil(startMs / stepMs) * stepMs;
  const count = first >= endMs ? 0 : Math.ceil((endMs - first) / stepMs);
  return { first, count, stepMs };
}

/** Number of 5-minute buckets of [startMs, endMs) that hold at least one poll of the device. */
function bucketCount(d: Device, startMs: number, endMs: number): number {
  const { first, count, stepMs } = pollTimes(d, startMs, endMs);
  if (count === 0) return 0;
  const last = first + (count - 1) * stepMs;
  if (stepMs <= BUCKET_MS) return Math.floor(last / BUCKET_MS) - Math.floor(first / BUCKET_MS) + 1;
  return count; // one poll per bucket at most
}

/** Values one poll reads (what the collector's profiles fetch): if-mib 6 columns per interface + sysUpTime; wifi 4 per AP + sysUpTime. */
export function valuesPerPoll(interfaces: number, aps: number): number {
  return interfaces * 6 + aps * 4 + 1;
}

/** A plausible poll duration in ms, deterministic per device and poll. */
export function pollDurationMs(device: string, t: number, aps: number): number {
  const u = mix32(hashString(device) ^ Math.floor(t / 1000)) / 4294967296;
  return Math.round((aps > 0 ? 20 + 0.15 * aps + 60 * u : 4 + 30 * u) * 10) / 10;
}

const NO_OUTAGES: Pick<OutageSchedule, 'devices' | 'segments'> = { devices: [], segments: [] };

export function planBackfill(given: Cadastre, days: number, end: number | Date = Date.now(), rawDays = days, outages = NO_OUTAGES) {
  const cadastre = withPollIntervals(given);
  if (!Number.isFinite(days) || days <= 0) throw new Error(`backfill: days must be a positive number, got ${days}`);
  const endMs = Math.floor((typeof end === 'number' ? end : end.getTime()) / BUCKET_MS) * BUCKET_MS;
  const startMs = endMs - Math.round(days * DAY_MS);
  if (!Number.isFinite(rawDays) || rawDays < 0) throw new Error(`backfill: rawDays must be a number ≥ 0, got ${rawDays}`);
  const rawStartMs = Math.max(startMs, endMs - Math.round(rawDays * DAY_MS));
  const devices = new Map(cadastre.devices.map((d) => [d.id, d]));
  const ifaces = new Map<string, SimInterface>();
  for (const d of cadastre.devices) for (const i of interfacesOf(cadastre, d)) if (i.segment) ifaces.set(i.segment, i);
  const ifSeries: IfSeries[] = cadastre.segments.map((s) => {
    const device = devices.get(s.measuredBy.device);
    const i = ifaces.get(s.id);
    if (!device || !i) throw new Error(`backfill: segment ${s.id} is measured by unknown device ${s.measuredBy.device}`);
    return { device, segment: s.id, ifIndex: i.ifIndex, ifName: i.ifName, ifAlias: i.ifAlias, speedBps: s.litCapacityBps };
  });
  const hsSeries: HsSeries[] = [];
  for (const h of cadastre.hotspots) {
    const device = devices.get(h.controller);
    if (!device) throw new Error(`backfill: hotspot ${h.id} names unknown controller ${h.controller}`);
    if (vendorOf(device)) hsSeries.push({ device, hotspot: h.id });
  }
  const byMeasurement: BackfillResult['byMeasurement'] = { interface: 0, hotspot: 0, poll: 0, interface_5m: 0, hotspot_5m: 0, poll_5m: 0, optics: 0, optics_5m: 0 };
  for (const s of ifSeries) {
    byMeasurement.interface += pollTimes(s.device, rawStartMs, endMs).count;
    byMeasurement.interface_5m += bucketCount(s.device, startMs, endMs);
    // The collector reads optics at its first answered poll of each 5-minute bucket (OPTICS_INTERVAL_MS).
    byMeasurement.optics += bucketCount(s.device, rawStartMs, endMs);
    byMeasurement.optics_5m += bucketCount(s.device, startMs, endMs);
    // A device that does not answer gives no interface sample and no optics reading: fewer raw points, and no
    // bucket where it never answered.
    if (!outages.devices.some((o) => o.id === s.device.id)) continue;
    const { first, count, stepMs } = pollTimes(s.device, startMs, endMs);
    const answeredIn = new Set<number>();
    const polledIn = new Set<number>();
    for (let i = 0; i < count; i++) {
      const t = first + i * stepMs;
      polledIn.add(Math.floor(t / BUCKET_MS));
      if (downAt(outages.devices, s.device.id, t)) { if (t >= rawStartMs) byMeasurement.interface--; } else answeredIn.add(Math.floor(t / BUCKET_MS));
    }
    let silent = 0, silentRaw = 0;
    for (const b of polledIn) if (!answeredIn.has(b)) { silent++; if (b * BUCKET_MS >= Math.floor(rawStartMs / BUCKET_MS) * BUCKET_MS) silentRaw++; }
    byMeasurement.interface_5m -= silent;
    byMeasurement.optics_5m -= silent;
    byMeasurement.optics -= silentRaw;
  }
  for (const s of hsSeries) {
    byMeasurement.hotspot += pollTimes(s.device, rawStartMs, endMs).count;
    byMeasurement.hotspot_5m += bucketCount(s.device, startMs, endMs);
  }
  for (const d of cadastre.devices) {
    byMeasurement.poll += pollTimes(d, rawStartMs, endMs).count;
    byMeasurement.poll_5m += bucketCount(d, startMs, endMs);
  }
  const points = Object.values(byMeasurement).reduce((a, b) => a + b, 0);
  return { startMs, endMs, rawStartMs, ifSeries, hsSeries, byMeasurement, points };
}

export async function backfill(given: Cadastre, store: InfluxStore, opts: BackfillOptions): Promise<BackfillResult> {
  const cadastre = withPollIntervals(given);
  const outages = opts.outages ?? NO_OUTAGES;
  const plan = planBackfill(cadastre, opts.days, opts.end ?? Date.now(), opts.rawDays ?? opts.days, outages);
  const { startMs, endMs, rawStartMs } = plan;
  const model = createTrafficModel(cadastre, opts.seed);
  const optics = createOpticsModel(cadastre, opts.seed);
  const batchLines = opts.batchLines ?? 10_000;
  const writers = opts.writers ?? 2;
  const began = performance.now();
  let written = 0;
  let lastReport = 0;
  const report = (force = false): void => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastReport < 200)) return;
    lastReport = now;
    opts.onProgress({ written, total: plan.points, elapsedMs: now - began });
  };

  // Batches go out through a small pool of writers; generation waits when all are busy (bounded memory).
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let batch: string[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    while (inFlight.size >= writers) await Promise.race(inFlight);
    if (failure) throw failure;
    const p = store.write(lines, PRECISION).then(() => { written += lines.length; report(); }, (e: unknown) => { failure = e; })
      .finally(() => { inFlight.delete(p); });
    inFlight.add(p);
  };
  const push = (line: string): void => { batch.push(line); };
  const maybeFlush = async (): Promise<void> => {
    opts.signal?.throwIfAborted();
    if (batch.length >= batchLines) await flush();
  };

  // One UTC day at a time, series by series: each batch holds long runs of one series, which influxd packs best.
  const apsOf = new Map<string, number>();
  for (const s of plan.hsSeries) apsOf.set(s.device.id, (apsOf.get(s.device.id) ?? 0) + 1);
  const degrading = new Set([...optics.ports.values()].filter((p) => p.condition === 'degrading').map((p) => p.segment));
  const ifsOf = new Map<string, number>();
  for (const s of plan.ifSeries) ifsOf.set(s.device.id, (ifsOf.get(s.device.id) ?? 0) + 1);

  for (let chunkStart = startMs; chunkStart < endMs; chunkStart = Math.min(endMs, Math.floor(chunkStart / DAY_MS) * DAY_MS + DAY_MS)) {
    const chunkEnd = Math.min(endMs, Math.floor(chunkStart / DAY_MS) * DAY_MS + DAY_MS);
    for (const s of plan.ifSeries) {
      const { first, count, stepMs } = pollTimes(s.device, chunkStart, chunkEnd);
      const seconds = stepMs / 1000;
      let bucket = -1;
      let sumIn = 0;
      let sumOut = 0;
      let n = 0;
      let operDown = 0;
      let opticsBucket = -1;
      const deviceOutages = outages.devices.some((o) => o.id === s.device.id);
      const segmentOutages = outages.segments.some((o) => o.id === s.segment);
      const closeBucket = (): void => {
        if (n > 0) {
          push(interfaceBucketLineFast({
            time: bucket, segment: s.segment, device: s.device.id, ifIndex: s.ifIndex, ifName: s.ifName, ifAlias: s.ifAlias, inBps: sumIn / n, outBps: sumOut / n, samples: n,
            operUp: operDown * 2 <= n,
          }));
        }
        sumIn = 0; sumOut = 0; n = 0; operDown = 0;
      };
      for (let i = 0; i < count; i++) {
        const t = first + i * stepMs;
        const b = Math.floor(t / BUCKET_MS) * BUCKET_MS;
        if (b !== bucket) { closeBucket(); bucket = b; }
        if (deviceOutages && downAt(outages.devices, s.device.id, t)) continue;
        const operUp = !(segmentOutages && downAt(outages.segments, s.segment, t));
        const inBps = Number(model.octetsBetween(s.segment, 'ba', t - stepMs, t)) * 8 / seconds;
        const outBps = Number(model.octetsBetween(s.segment, 'ab', t - stepMs, t)) * 8 / seconds;
        // CRC errors of the degrading fibres (the simulated agents serve no error counters of their own ports).
        const inErrorsPs = degrading.has(s.segment) ? optics.crcErrorsPsAt(s.segment, t) : undefined;
        if (t >= rawStartMs) push(interfaceLineFast({
          time: t, device: s.device.id, ifIndex: s.ifIndex, ifName: s.ifName, ifAlias: s.ifAlias, segment: s.segment, inBps, outBps, inErrorsPs, operUp, speedBps: s.speedBps,
        }));
        if (b !== opticsBucket) {
          opticsBucket = b;
          // One optics reading per bucket, at its first answered poll: the raw point and its bucket are the same reading.
          const levels = optics.levelsAt(s.segment, t);
          if (t >= rawStartMs) push(opticsLineFast({ ...levels, time: t, device: s.device.id, ifIndex: s.ifIndex, lane: 0, ifName: s.ifName, segment: s.segment }));
          push(opticsBucketLineFast({ time: b, segment: s.segment, device: s.device.id, ifIndex: s.ifIndex, ifName: s.ifName, levels, samples: 1 }));
        }
        sumIn += inBps; sumOut += outBps; n++;
        if (!operUp) operDown++;
      }
      closeBucket();
      await maybeFlush();
    }
    for (const s of plan.hsSeries) {
      const { first, count, stepMs } = pollTimes(s.device, chunkStart, chunkEnd);
      let bucket = -1;
      let sum = 0;
      let n = 0;
      const closeBucket = (): void => {
        if (n > 0) push(hotspotBucketLineFast({ time: bucket, hotspot: s.hotspot, controller: s.device.id, clients: sum / n, samples: n }));
        sum = 0; n = 0;
      };
      for (let i = 0; i < count; i++) {
        const t = first + i * stepMs;
        const clients = model.clientsAt(s.hotspot, t);
        if (t >= rawStartMs) push(hotspotLineFast({ time: t, hotspot: s.hotspot, controller: s.device.id, clients, up: model.apUpAt(s.hotspot, t) }));
        const b = Math.floor(t / BUCKET_MS) * BUCKET_MS;
        if (b !== bucket) { closeBucket(); bucket = b; }
        sum += clients; n++;
      }
      closeBucket();
      await maybeFlush();
    }
    for (const d of cadastre.devices) {
      const { first, count, stepMs } = pollTimes(d, chunkStart, chunkEnd);
      const aps = apsOf.get(d.id) ?? 0;
      const values = valuesPerPoll(ifsOf.get(d.id) ?? 0, aps);
      const deviceOutages = outages.devices.some((o) => o.id === d.id);
      let bucket = -1;
      let polls = 0;
      let ok = 0;
      const closeBucket = (): void => {
        if (polls > 0) push(pollBucketLineFast({ time: bucket, device: d.id, polls, ok }));
        polls = 0; ok = 0;
      };
      for (let i = 0; i < count; i++) {
        const t = first + i * stepMs;
        const b = Math.floor(t / BUCKET_MS) * BUCKET_MS;
        if (b !== bucket) { closeBucket(); bucket = b; }
        const down = deviceOutages && downAt(outages.devices, d.id, t);
        polls++;
        if (!down) ok++;
        if (t < rawStartMs) continue;
        push(down
          ? pollLineFast({ time: t, device: d.id, status: 'timeout', durationMs: d.timeoutMs ?? 2000, values: 0 })
          : pollLineFast({ time: t, device: d.id, status: 'ok', durationMs: pollDurationMs(d.id, t, aps), values }));
      }
      closeBucket();
      await maybeFlush();
    }
  }
  await flush();
  await Promise.all(inFlight);
  if (failure) throw failure;
  report(true);
  return { startMs, endMs, points: plan.points, byMeasurement: plan.byMeasurement, elapsedMs: performance.now() - began };
}

/** A span of history to write: [startMs, endMs). */
export interface HistoryRange { startMs: number; endMs: number }

/**
 * [startMs, endMs) cut for a start in phases, newest first: the last `firstMs` (what the map needs at once: the
 * raw points of the last days and their rollups), then a day at a time further back. Every cut is on the 5-minute
 * grid and each device's polls sit on its own interval grid, so the pieces hold exactly the buckets, polls and
 * optics readings (the first answered poll of each bucket) that one backfill of the whole writes.
 */
export function historyChunks(startMs: number, endMs: number, firstMs: number): HistoryRange[] {
  const out: HistoryRange[] = [];
  let end = endMs;
  let cut = Math.max(startMs, Math.floor((endMs - firstMs) / BUCKET_MS) * BUCKET_MS);
  while (end > startMs) {
    if (cut >= end) cut = Math.max(startMs, end - DAY_MS);
    out.push({ startMs: cut, endMs: end });
    end = cut;
    cut = Math.max(startMs, end - DAY_MS);
  }
  return out;
}

/** backfill's options for one range of history (its end on the 5-minute grid), raw points from rawStartMs on. */
export function rangeOptions(r: HistoryRange, rawStartMs: number): Pick<BackfillOptions, 'days' | 'end' | 'rawDays'> {
  if (r.endMs % BUCKET_MS !== 0) throw new Error(`backfill: a range must end on the 5-minute grid, got ${new Date(r.endMs).toISOString()}`);
  return { days: (r.endMs - r.startMs) / DAY_MS, end: r.endMs, rawDays: Math.max(0, r.endMs - Math.max(rawStartMs, r.startMs)) / DAY_MS };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Draws the progress bar on a stream: in place on a terminal, a line every 5 s (and the last) otherwise. */
export function progressReporter(stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr): { onProgress: (p: BackfillProgress) => void; done(): void } {
  let lastLine = -Infinity;
  let doneShown = false;
  return {
    onProgress(p) {
      if (stream.isTTY) stream.write(`\r${progressLine(p)}\x1b[K`);
      else if (p.written === p.total ? !doneShown : p.elapsedMs - lastLine >= 5000) {
        lastLine = p.elapsedMs;
        doneShown = p.written === p.total;
        stream.write(`${progressLine(p)}\n`);
      }
    },
    done() { if (stream.isTTY) stream.write('\n'); },
  };
}

/** One line of the progress bar: points written, points/s, ETA. */
export function progressLine(p: BackfillProgress): string {
  const frac = p.total ? Math.min(1, p.written / p.total) : 1;
  const width = 30;
  const filled = Math.round(frac * width);
  const rate = p.elapsedMs > 0 ? p.written / (p.elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (p.total - p.written) / rate : Infinity;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(1)}% `
    + `${fmt(p.written)}/${fmt(p.total)} points, ${fmt(rate)} points/s, ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)} s` : '?'}`;
}
