// Collector per shard: the real collector (collector/cli.ts → startCollector, as `npm run collector` runs it)
// polling ~10,000 and ~50,000 interfaces (209 and 1,042 simulated 48-port switches, sim/scale.ts's synthetic
// cadastre) over several rounds on its own schedule (phases spread over the interval), writing to a real influxd.
// Processes: the simulator (sim/cli.ts, one or more, each its own share of the agents), the collector (its own
// pid: its CPU and peak RSS are its own), influxd (the bench's). Per size:
//   - CPU per round: utime + stime of the collector process over each measured interval (grid-aligned windows);
//   - peak RSS: VmHWM of the collector process;
//   - points per round, spool backlog, skipped ticks: the collector's /metrics;
//   - store write time: influxd's own account (/debug/vars httpd writeReqDurationNs) over the measured rounds;
//   - every poll: the `poll` points in the store, each assigned to its device's tick (phase + k × interval).
// The first interval is a warm-up (first counter samples, no rates), not measured.
// Run alone: `npx tsx bench/shard.ts [switches…] [--interval S] [--rounds N] [--sim-processes N]` (starts its own influxd).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Cadastre } from '../config/schema.js';
import { spreadPhases } from '../collector/scheduler.js';
import { InfluxStore } from '../store/influx.js';
import { countPoints, rawPolls } from '../store/reads.js';
import { M } from '../store/schema.js';
import { freePort, startInfluxd } from '../store/influxd.js';
import { syntheticCadastre } from '../sim/scale.js';
import { procCpu, residentBytes, startSimChild, stopChild, writeCadastre, type SimChild } from './polling.js';
import { scrapeMetrics, tsChild, waitHttp } from './soak.js';

type Log = (line: string) => void;

const COMMUNITY = 'shard-bench';
const CORES = cpus().length;
const PORTS_PER_SWITCH = 48;

export interface ShardSize {
  switches: number;
  /** Interface points with a rate (in_bps) per round in the store: every interface of every device when all goes well. */
  interfaces: number;
  intervalSeconds: number;
  rounds: number;
  simProcesses: number;
  /** First poll start → last poll end of a round (median), s: below the interval = the round fits. */
  roundSpanSeconds: number;
  /** Mean and slowest poll duration (first request → last response), ms. */
  pollMeanMs: number;
  pollMaxMs: number;
  /** Sum of the poll durations of a round ÷ the interval: polls in flight on average (the limit is 64). */
  meanInFlight: number;
  cpuSecondsPerRound: number;
  cpuSecondsPer1000If: number;
  /** CPU seconds per round ÷ interval: the share of one core (and of the interval) the collector used. */
  cpuShare: number;
  peakRssMiB: number;
  pointsPerRound: number;
  /** influxd's time in write requests per round (ms) and the number of write requests per round. */
  storeWriteMsPerRound: number;
  storeWritesPerRound: number;
  pollsOk: number;
  pollsFailed: number;
  /** Devices with exactly one poll point in each measured interval, of `switches`. */
  devicesExactlyOnce: number;
  /** Device-rounds with no poll, and with more than one. */
  roundsMissed: number;
  roundsExtra: number;
  skippedTicks: number;
  spoolBatchesAtEnd: number;
  spoolBytesAtEnd: number;
  droppedPoints: number;
  /** Simulator CPU over the measured rounds ÷ their wall time, per simulator process (1.0 = one core busy). */
  simCpuShare: number[];
  /**
   * Time the main thread spent runnable but waiting for a core (/proc/PID/schedstat) ÷ wall time, over the
   * measured rounds: the simulators' and the collector's. Well above 0 = the machine, not the process, was short.
   */
  simRunQueueShare: number[];
  collectorRunQueueShare: number;
  /** The machine's 1-minute load average at the start and at the end of the measured rounds. */
  loadAverage: [number, number];
}

export interface ShardHeadroom {
  /** Interfaces one shard holds with the collector at `coreBudget` of a core, at the measured interval and at 60 s. */
  coreBudget: number;
  interfacesAtMeasuredInterval: number;
  interfacesAt60s: number;
  /** The size (interfaces) whose CPU per interface it is computed from: the largest that polled cleanly. */
  fromInterfaces?: number;
}

export interface ShardBench {
  sizes: ShardSize[];
  /** CPU per interface at the largest size ÷ at the smallest: ~1 when the cost grows linearly. */
  cpuPerIfRatio: number;
  /** From the largest size that polled cleanly (cleanSize). */
  headroom?: ShardHeadroom;
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Pure helpers.

/**
 * How many poll points fall on each of a device's `rounds` ticks from `from` (a grid boundary, ms): a point
 * belongs to the tick from + phase + k × interval it is nearest to (its time is when the agent answered, a
 * little after the tick). Points nearer a tick outside the rounds are not counted.
 */
export function pollsPerTick(times: readonly number[], phaseMs: number, intervalMs: number, from: number, rounds: number): number[] {
  const counts = new Array<number>(rounds).fill(0);
  for (const t of times) {
    const k = Math.round((t - from - phaseMs) / intervalMs);
    if (k >= 0 && k < rounds) counts[k]++;
  }
  return counts;
}

export interface PollAccount { devices: number; exactlyOnce: number; missed: number; extra: number; missedExamples: string[] }

/** Every device's poll points against its ticks: devices polled exactly once per interval, device-rounds missed or doubled. */
export function accountPolls(times: ReadonlyMap<string, readonly number[]>, phases: ReadonlyMap<string, number>, intervalMs: number, from: number, rounds: number): PollAccount {
  const out: PollAccount = { devices: phases.size, exactlyOnce: 0, missed: 0, extra: 0, missedExamples: [] };
  for (const [device, phase] of phases) {
    const counts = pollsPerTick(times.get(device) ?? [], phase, intervalMs, from, rounds);
    if (counts.every((c) => c === 1)) out.exactlyOnce++;
    const missed = counts.filter((c) => c === 0).length;
    out.missed += missed;
    out.extra += counts.reduce((a, c) => a + Math.max(0, c - 1), 0);
    if (missed && out.missedExamples.length < 5) out.missedExamples.push(device);
  }
  return out;
}

/** Interfaces one shard holds with the collector at `coreBudget` of a core, from the CPU cost per 1,000 interfaces per poll. */
export function shardHeadroom(cpuSecondsPer1000If: number, intervalSeconds: number, coreBudget = 0.5): ShardHeadroom {
  const at = (iv: number): number => Math.floor((coreBudget * iv * 1000) / cpuSecondsPer1000If);
  return { coreBudget, interfacesAtMeasuredInterval: at(intervalSeconds), interfacesAt60s: at(60) };
}

/** The devices of a cadastre split into `parts` cadastres (every site kept; each part its devices and the segments they measure). */
export function splitCadastre(c: Cadastre, parts: number): Cadastre[] {
  return Array.from({ length: parts }, (_, p) => {
    const devices = c.devices.filter((_d, i) => i % parts === p);
    const ids = new Set(devices.map((d) => d.id));
    return { ...c, devices, segments: c.segments.filter((s) => ids.has(s.measuredBy.device)) };
  });
}

// ---------------------------------------------------------------------------------------------------------

const sleepUntil = async (t: number): Promise<void> => { while (Date.now() < t) await new Promise((r) => setTimeout(r, Math.min(1000, t - Date.now()))); };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Seconds the process's main thread has run, and waited runnable for a core (/proc/PID/schedstat). */
function schedstat(pid: number): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
  return { run: run / 1e9, wait: wait / 1e9 };
}

const peakRssBytes = (pid: number): number => residentBytes(readFileSync(`/proc/${pid}/status`, 'utf8')).hwm;

/** influxd's write requests and their total duration so far (its /debug/vars "httpd" statistics). */
async function influxdWrites(url: string): Promise<{ requests: number; ns: number }> {
  const res = await fetch(`${url}/debug/vars`);
  const vars = await res.json() as Record<string, { name?: string; values?: Record<string, number> }>;
  const httpd = Object.values(vars).find((v) => v?.name === 'httpd');
  if (!httpd?.values) throw new Error('influxd /debug/vars has no httpd statistics');
  return { requests: httpd.values.writeReq ?? 0, ns: httpd.values.writeReqDurationNs ?? 0 };
}

interface SizeOptions { influxUrl: string; switches: number; intervalSeconds: number; rounds: number; simProcesses: number; dir: string; log: Log }

async function benchSize(o: SizeOptions): Promise<ShardSize> {
  const { switches, intervalSeconds, rounds, log } = o;
  const iv = intervalSeconds * 1000;
  const label = `shard ${switches} × ${PORTS_PER_SWITCH}-port`;
  const cdir = join(o.dir, `switches-${switches}`);
  const cadastre = writeCadastre(cdir, syntheticCadastre(switches));
  const env = { SCALE_COMMUNITY: COMMUNITY };
  const sims: SimChild[] = [];
  let collector: ChildProcess | undefined;
  try {
    // The simulator(s): each its own directory, cadastre share and ports file; the collector reads one ports file.
    const parts = o.simProcesses > 1 ? splitCadastre(cadastre, o.simProcesses) : [cadastre];
    const ports: Record<string, number> = {};
    // Started side by side (each takes seconds to bind its agents); every one started is stopped in `finally`.
    const started = await Promise.allSettled(parts.map(async (part, p) => {
      const pdir = parts.length > 1 ? join(cdir, `sim-${p}`) : cdir;
      if (parts.length > 1) writeCadastre(pdir, part);
      const sim = await startSimChild(pdir, { padPorts: PORTS_PER_SWITCH, env, log: (l) => log(`${label}: sim ${p + 1}/${parts.length}: ${l.trim()}`) });
      sims.push(sim);
      return sim;
    }));
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    for (const sim of sims) Object.assign(ports, sim.ports);
    const portsFile = join(cdir, 'collector-ports.json');
    writeFileSync(portsFile, `${JSON.stringify(ports)}\n`);

    const database = `shard_${switches}`;
    const metricsPort = await freePort();
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    collector = tsChild('collector/cli.ts', ['--config', cdir, '--ports-file', portsFile, '--spool-dir', join(cdir, 'spool'),
      '--metrics-port', String(metricsPort), '--interval', `switch=${intervalSeconds}`], { ...env, INFLUX_URL: o.influxUrl, INFLUX_DB: database }, join(cdir, 'collector.log'));
    await waitHttp(metricsUrl, 120_000, collector);
    const pid = collector.pid as number;
    const store = new InfluxStore({ url: o.influxUrl, database, timeoutMs: 120_000 });

    // Grid-aligned windows: the collector's ticks are at phase + k × interval (epoch-based), so [B, B + interval)
    // holds exactly one tick of every device. The first whole interval is the warm-up.
    const warmup = Math.ceil(Date.now() / iv) * iv;
    const from = warmup + iv;
    log(`${label}: collector pid ${pid} polling every ${intervalSeconds} s; warm-up interval from ${new Date(warmup).toISOString()}, then ${rounds} measured rounds (${Math.ceil((from + rounds * iv - Date.now()) / 1000)} s)`);
    await sleepUntil(from);
    const simCpu = (): number[] => sims.map((s) => procCpu(s.pid));
    const sim0 = simCpu();
    const simWait0 = sims.map((x) => schedstat(x.pid).wait);
    const collectorWait0 = schedstat(pid).wait;
    const load0 = loadavg()[0];
    let cpuPrev = procCpu(pid);
    let m0 = await scrapeMetrics(metricsUrl) ?? {};
    const w0 = await influxdWrites(o.influxUrl);
    const cpuRounds: number[] = [];
    const pointRounds: number[] = [];
    for (let k = 1; k <= rounds; k++) {
      await sleepUntil(from + k * iv);
      const cpu = procCpu(pid);
      const m = await scrapeMetrics(metricsUrl) ?? {};
      cpuRounds.push(cpu - cpuPrev);
      pointRounds.push((m.collector_points_written_total ?? 0) - (m0.collector_points_written_total ?? 0));
      log(`${label}: round ${k}/${rounds}: collector CPU ${(cpu - cpuPrev).toFixed(2)} s, ${pointRounds[k - 1]} points written, `
        + `polls so far ${m.collector_polls_total ?? 0}, spool ${m.collector_spool_batches ?? 0} batches, RSS peak ${(peakRssBytes(pid) / 2 ** 20).toFixed(0)} MiB`);
      cpuPrev = cpu;
      m0 = m;
    }
    const to = from + rounds * iv;
    const simShare = simCpu().map((c, i) => (c - sim0[i]) / (rounds * intervalSeconds));
    const simWait = sims.map((x, i) => (schedstat(x.pid).wait - simWait0[i]) / (rounds * intervalSeconds));
    const collectorWait = (schedstat(pid).wait - collectorWait0) / (rounds * intervalSeconds);
    // The last round's polls and the writer's last batch (flushed within a second or two).
    await new Promise((r) => setTimeout(r, Math.min(iv / 2, 5000)));
    const w1 = await influxdWrites(o.influxUrl);
    const mEnd = await scrapeMetrics(metricsUrl) ?? {};
    const peakRss = peakRssBytes(pid);

    // Every poll of the measured rounds, from the store (half an interval either side: a tick's point is near it).
    const series = await rawPolls(store, from - iv / 2, to + iv / 2);
    const times = new Map<string, number[]>();
    const durations: number[][] = Array.from({ length: rounds }, () => []);
    const spans = Array.from({ length: rounds }, () => ({ first: Infinity, last: -Infinity }));
    const phases = spreadPhases(cadastre.devices.map((d) => d.id), iv);
    let ok = 0, failed = 0;
    for (const s of series) {
      const device = s.tags?.device ?? '';
      const phase = phases.get(device) ?? 0;
      const ti = s.columns.indexOf('time'), di = s.columns.indexOf('duration_ms'), si = s.columns.indexOf('status');
      const list: number[] = [];
      for (const row of s.values) {
        const t = typeof row[ti] === 'number' ? row[ti] as number : Date.parse(String(row[ti]));
        const k = Math.round((t - from - phase) / iv);
        list.push(t);
        if (k < 0 || k >= rounds) continue;
        const d = Number(row[di]);
        durations[k].push(d);
        spans[k].first = Math.min(spans[k].first, t);
        spans[k].last = Math.max(spans[k].last, t + d);
        if (row[si] === 'ok') ok++; else failed++;
      }
      times.set(device, list);
    }
    const account = accountPolls(times, phases, iv, from, rounds);
    const allDurations = durations.flat();
    // Interfaces that got a rate (in_bps) per round: every interface of every device, when all goes well.
    const interfaces = Math.round(await countPoints(store, M.interface, 'in_bps', from, to) / rounds);
    const cpuSecondsPerRound = cpuRounds.reduce((a, b) => a + b, 0) / rounds;
    const result: ShardSize = {
      switches, interfaces, intervalSeconds, rounds, simProcesses: sims.length,
      roundSpanSeconds: median(spans.map((s) => (s.last - s.first) / 1000)),
      pollMeanMs: allDurations.reduce((a, b) => a + b, 0) / Math.max(1, allDurations.length),
      pollMaxMs: Math.max(...allDurations),
      meanInFlight: median(durations.map((ds) => ds.reduce((a, b) => a + b, 0) / iv)),
      cpuSecondsPerRound, cpuSecondsPer1000If: (cpuSecondsPerRound / interfaces) * 1000, cpuShare: cpuSecondsPerRound / intervalSeconds,
      peakRssMiB: peakRss / 2 ** 20,
      pointsPerRound: pointRounds.reduce((a, b) => a + b, 0) / rounds,
      storeWriteMsPerRound: (w1.ns - w0.ns) / 1e6 / rounds, storeWritesPerRound: (w1.requests - w0.requests) / rounds,
      pollsOk: ok, pollsFailed: failed,
      devicesExactlyOnce: account.exactlyOnce, roundsMissed: account.missed, roundsExtra: account.extra,
      skippedTicks: mEnd.collector_polls_skipped_total ?? 0,
      spoolBatchesAtEnd: mEnd.collector_spool_batches ?? NaN, spoolBytesAtEnd: mEnd.collector_spool_bytes ?? NaN,
      droppedPoints: mEnd.collector_dropped_points_total ?? 0,
      simCpuShare: simShare, simRunQueueShare: simWait, collectorRunQueueShare: collectorWait,
      loadAverage: [load0, loadavg()[0]],
    };
    log(`${label}: ${result.devicesExactlyOnce}/${switches} devices polled exactly once per interval`
      + (account.missed ? ` (${account.missed} device-rounds missed, e.g. ${account.missedExamples.join(', ')})` : '')
      + `, polls ok ${ok} / failed ${failed}, CPU ${cpuSecondsPerRound.toFixed(2)} s/round (${(result.cpuShare * 100).toFixed(1)} % of the interval), `
      + `${result.cpuSecondsPer1000If.toFixed(3)} CPU s per 1,000 if, peak RSS ${result.peakRssMiB.toFixed(0)} MiB, store writes ${result.storeWriteMsPerRound.toFixed(0)} ms/round, `
      + `spool ${result.spoolBatchesAtEnd} batches, simulator CPU ${simShare.map((x) => `${(x * 100).toFixed(0)} %`).join(' + ')}, `
      + `waiting for a core: simulator ${simWait.map((x) => `${(x * 100).toFixed(0)} %`).join(' + ')}, collector ${(collectorWait * 100).toFixed(0)} %; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
    return result;
  } finally {
    if (collector) await stopChild(collector);
    for (const s of sims) await s.stop();
  }
}

export interface ShardOptions {
  influxUrl: string;
  /** Switches (48 ports each) per size; default 209 and 1,042 (~10,000 and ~50,000 interfaces). */
  sizes?: number[];
  intervalSeconds?: number;
  rounds?: number;
  /**
   * Simulator processes for a size (default: 1 up to 500 switches, else 2). A poll of a 48-port switch costs the
   * simulator ~25 ms of CPU: 1,042 switches a minute are ~45 % of a core, more than one process gets on a busy machine.
   */
  simProcesses?: (switches: number) => number;
  log?: Log;
}

export async function benchShard(opts: ShardOptions): Promise<ShardBench> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const sizes = opts.sizes ?? [209, 1042];
  const intervalSeconds = opts.intervalSeconds ?? 60;
  const rounds = opts.rounds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'bench-shard-'));
  mkdirSync(dir, { recursive: true });
  const out: ShardSize[] = [];
  const notes: string[] = [];
  try {
    for (const switches of sizes) {
      out.push(await benchSize({ influxUrl: opts.influxUrl, switches, intervalSeconds, rounds, simProcesses: opts.simProcesses?.(switches) ?? (switches > 500 ? 2 : 1), dir, log }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return summariseShard(out);
}

/** A size whose figures say what the collector costs: every device polled once per interval, at most 1 % of polls failed. */
export const cleanSize = (s: ShardSize): boolean => s.devicesExactlyOnce === s.switches && s.pollsFailed <= 0.01 * (s.pollsOk + s.pollsFailed);

/** The ratio 50k ÷ 10k of the CPU per interface, the headroom and the notes, from the sizes measured (smallest first). */
export function summariseShard(sizes: ShardSize[]): ShardBench {
  const notes: string[] = [];
  for (const s of sizes) {
    if (s.simCpuShare.some((x) => x > 0.8)) notes.push(`at ${s.switches} switches a simulator process used ≥ 80 % of a core: the agents, not the collector, may set the poll durations`);
    if (s.pollsFailed) {
      const starved = s.simRunQueueShare.some((x) => x > 0.25) || s.collectorRunQueueShare > 0.25;
      notes.push(`at ${s.switches} switches ${s.pollsFailed} of ${s.pollsOk + s.pollsFailed} polls failed (no answer within the collector's 2 s timeout and 1 retry)`
        + (starved ? `; the simulator process(es) waited for a core ${s.simRunQueueShare.map((x) => `${(x * 100).toFixed(0)} %`).join(' + ')} of the time and the collector ${(s.collectorRunQueueShare * 100).toFixed(0)} %: the shared machine's CPU (load average ${s.loadAverage.map((x) => x.toFixed(1)).join(' → ')} on ${CORES} cores), not the collector's own cost, was the limit` : ''));
    }
  }
  const clean = sizes.filter(cleanSize);
  const small = clean[0];
  const large = clean[clean.length - 1];
  const both = clean.length > 1 && sizes.length > 1 && large === sizes[sizes.length - 1] && small === sizes[0];
  if (sizes.length > 1 && !both) notes.push('no CPU-per-interface ratio: not every size polled every device once per interval with at most 1 % of polls failed');
  return {
    sizes,
    cpuPerIfRatio: both ? large.cpuSecondsPer1000If / small.cpuSecondsPer1000If : NaN,
    headroom: large ? { ...shardHeadroom(large.cpuSecondsPer1000If, large.intervalSeconds), fromInterfaces: large.interfaces } : undefined,
    notes,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { interval: { type: 'string', default: '60' }, rounds: { type: 'string', default: '3' }, 'sim-processes': { type: 'string' } } });
  const sizes = positionals.map(Number).filter((n) => n > 0);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-shard-influx-'));
  void (async () => {
    const influxd = await startInfluxd(dataDir);
    try {
      const r = await benchShard({ influxUrl: influxd.url, sizes: sizes.length ? sizes : undefined, intervalSeconds: Number(values.interval), rounds: Number(values.rounds), simProcesses: values['sim-processes'] ? () => Number(values['sim-processes']) : undefined });
      console.log(JSON.stringify(r, null, 2));
    } finally {
      await influxd.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  })().catch((e: unknown) => { console.error(e instanceof Error ? e.stack : String(e)); process.exit(1); });
}
