// The collector as a library: `startCollector(options)` polls the cadastre's devices (or one shard of them)
// and writes to InfluxDB; `npm start` runs it in-process, collector/cli.ts as a service.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Cadastre, Device, DeviceRole } from '../config/schema.js';
import { missingSecrets, resolveSnmp } from '../config/secrets.js';
import { pollIntervalMs } from '../config/poll-interval.js';
import type { InfluxStore } from '../store/influx.js';
import { RollupScheduler } from '../store/rollup.js';
import { hotspotLine, interfaceHasFields, interfaceLine, opticsLine, pollLine } from '../store/schema.js';
import { DevicePoller, type DeviceMaps, type PollOutcome } from './device.js';
import { JsonLogger, type Logger } from '../common/log.js';
import { Metrics, serveMetrics } from './metrics.js';
import { loadProfiles, PROFILES_DIR, type Profile } from '../config/profile.js';
import { Scheduler, spreadPhases, type Task } from './scheduler.js';
import { inShard, type Shard } from './shard.js';
import type { SnmpTarget } from '../common/snmp.js';
import { Spool } from './spool.js';
import { Writer } from './writer.js';

/** The shortest interval a device with fast 32-bit counters is moved to (s): a 10 Gbit/s Counter32 wraps in 3.4 s. */
const MIN_SAFE_INTERVAL_S = 1;

export const DEFAULTS = {
  timeoutMs: 2000,
  retries: 1,
  concurrency: 64,
  spoolMaxBytes: 512 * 1024 * 1024,
  metricsPort: 9310,
} as const;

export interface CollectorOptions {
  cadastre: Cadastre;
  store: InfluxStore;
  spoolDir: string;
  env?: NodeJS.ProcessEnv;
  /** JSON { "<device id>": port } written by the simulator; overrides the port of `host:0` targets. */
  portsFile?: string;
  shard?: Shard;
  /**
   * Overrides of policy.pollIntervals.byRole (seconds) for this collector; a device's intervalSeconds still wins.
   * The API and the evaluator do not see them: declare lasting intervals in the policy.
   */
  intervalsByRole?: Partial<Record<DeviceRole, number>>;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  spoolMaxBytes?: number;
  /** Loopback port for /metrics; 0 = any free port; null = no server. */
  metricsPort?: number | null;
  profilesDir?: string;
  logger?: Logger;
  /** Maintain the 5-minute rollup (default true). */
  rollup?: boolean;
  rollupGraceMs?: number;
  batchPoints?: number;
  flushMs?: number;
}

export interface DeviceStatus {
  device: string;
  /** Empty tables and segment problems of the last poll (to log each change once). */
  emptyTables?: string;
  segmentProblems?: string;
  /** The interval the device is polled at (s): the configured one, or shorter for its 32-bit counters. */
  intervalSeconds?: number;
  /** Why intervalSeconds is shorter than configured. */
  intervalReason?: string;
  /** Interfaces already warned about (32-bit counters that can wrap more than once per interval). */
  warned32?: Set<number>;
  lastStatus?: PollOutcome['status'];
  lastPollAt?: number;
  polls: number;
}

export interface ReloadResult { added: string[]; removed: string[]; changed: string[]; unchanged: number }

export interface CollectorHandle {
  /** The devices polled now (a reload changes them). */
  readonly devices: string[];
  metrics: Metrics;
  metricsUrl?: string;
  spool: Spool;
  /** Per-device counts and last status, for a status line. */
  status(): { devices: number; polls: Record<string, number>; pointsWritten: number; spoolBatches: number; spoolBytes: number; dropped: number; perDevice: DeviceStatus[] };
  /** Writes what is buffered (tests, status). */
  flush(): Promise<void>;
  /**
   * Takes a new cadastre (and re-reads the profiles): devices added start polling, removed ones stop, changed ones
   * (definition, profile, measured segments, hotspots or interval) restart with fresh rate state; unchanged devices
   * keep their poller, rate state and schedule, so none of their polls is lost. Throws CollectorConfigError (and
   * changes nothing) when the new configuration cannot be polled.
   */
  reload(cadastre: Cadastre): Promise<ReloadResult>;
  /** Stops polling, flushes (spooling what InfluxDB cannot take) and closes everything. */
  stop(): Promise<void>;
}

export class CollectorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`collector cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CollectorConfigError';
  }
}

const PortsFile = z.record(z.string(), z.number().int().min(1).max(65535));

export function readPortsFile(file: string): Map<string, number> {
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (e) {
    throw new CollectorConfigError([`${file}: cannot read the ports file: ${e instanceof Error ? e.message : String(e)}`]);
  }
  const r = PortsFile.safeParse(raw);
  if (!r.success) throw new CollectorConfigError(r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  return new Map(Object.entries(r.data));
}

function splitTarget(target: string): { host: string; port: number } {
  const i = target.lastIndexOf(':');
  return { host: target.slice(0, i), port: Number(target.slice(i + 1)) };
}

export async function startCollector(opts: CollectorOptions): Promise<CollectorHandle> {
  const env = opts.env ?? process.env;
  const logger = opts.logger ?? new JsonLogger();
  const profilesDir = opts.profilesDir ?? PROFILES_DIR;
  let cadastre = opts.cadastre;
  let ports = new Map<string, number>();
  let portsMtime = 0;

  /** This collector's devices of `c` with `p`, or every problem that keeps them from being polled, at once. */
  const check = (c: Cadastre, withPorts: boolean): { devices: Device[]; profiles: Map<string, Profile>; problems: string[] } => {
    const devices = c.devices.filter((d) => inShard(d.id, opts.shard));
    const problems: string[] = [];
    let profiles = new Map<string, Profile>();
    try { profiles = loadProfiles(profilesDir); } catch (e) { problems.push(e instanceof Error ? e.message : String(e)); }
    for (const d of devices) if (profiles.size && d.profile !== undefined && !profiles.has(d.profile)) problems.push(`devices.yaml: [${d.id}].profile: unknown profile "${d.profile}" (have: ${[...profiles.keys()].join(', ')})`);
    for (const e of missingSecrets(devices, env)) problems.push(e.message);
    if (withPorts && opts.portsFile) {
      try { ports = readPortsFile(opts.portsFile); portsMtime = statSync(opts.portsFile).mtimeMs; } catch (e) { problems.push(e instanceof Error ? e.message : String(e)); }
    }
    for (const d of devices) {
      const { port } = splitTarget(d.target);
      if (port === 0 && !ports.has(d.id)) problems.push(`devices.yaml: [${d.id}].target: port 0 needs the device in a ports file (--ports-file)${opts.portsFile ? `; ${opts.portsFile} has no entry for it` : ''}`);
    }
    return { devices, profiles, problems };
  };
  const first = check(cadastre, true);
  if (first.problems.length) throw new CollectorConfigError(first.problems);
  let devices = first.devices;
  let profiles = first.profiles;

  const addSecrets = (list: readonly Device[]): void => {
    for (const d of list) {
      const c = resolveSnmp(d, env);
      if (c.version === 'v2c') logger.addSecret(c.community); else { logger.addSecret(c.authKey); logger.addSecret(c.privKey); }
    }
  };
  addSecrets(devices);

  const targetOf = (d: Device): SnmpTarget => {
    const { host, port } = splitTarget(d.target);
    return {
      device: d.id, host, port: port === 0 ? (ports.get(d.id) ?? 0) : port, credentials: resolveSnmp(d, env),
      timeoutMs: d.timeoutMs ?? opts.timeoutMs ?? DEFAULTS.timeoutMs, retries: d.retries ?? opts.retries ?? DEFAULTS.retries,
    };
  };
  const mapsOf = (d: Device): DeviceMaps => ({
    segments: new Map(cadastre.segments.filter((s) => s.measuredBy.device === d.id).map((s) => [s.id, s.measuredBy])),
    farEnds: new Map(cadastre.segments.flatMap((s) => (s.farEnd?.device === d.id ? [[s.id, s.farEnd] as const] : []))),
    hotspots: new Map(cadastre.hotspots.filter((h) => h.controller === d.id).map((h) => [h.apName, h.id])),
  });

  mkdirSync(opts.spoolDir, { recursive: true });
  const spool = new Spool({ dir: join(opts.spoolDir, 'spool'), maxBytes: opts.spoolMaxBytes ?? DEFAULTS.spoolMaxBytes });
  const metrics = new Metrics(() => spool.bytes, () => spool.batches);
  const rollupScope = (): string[] | undefined => (opts.shard ? devices.map((d) => d.id) : undefined);
  const rollup = opts.rollup === false ? undefined : new RollupScheduler({
    store: opts.store,
    // A shard rolls up its own devices only; a lone collector everything (as `npm start`'s backfill expects).
    devices: rollupScope(),
    graceMs: opts.rollupGraceMs,
    onResult: (r) => {
      metrics.rollups.inc({}, r.interfaces.length + r.hotspots.length + r.polls.length);
      logger.log('debug', 'rollup written', { from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(), interface_buckets: r.interfaces.length, hotspot_buckets: r.hotspots.length });
    },
    onError: (e) => logger.log('warn', 'rollup failed; the next run retries it', { error: e instanceof Error ? e.message : String(e) }),
  });
  const writer = new Writer({
    store: opts.store, spool, quarantineFile: join(opts.spoolDir, 'quarantine.lp'), metrics, log: logger,
    batchPoints: opts.batchPoints, flushMs: opts.flushMs,
    onReplayed: (min, max) => { void rollup?.range(min, max + 1); },
  });

  const pollers = new Map<string, DevicePoller>();
  const status = new Map<string, DeviceStatus>();
  const newPoller = (d: Device): DevicePoller => new DevicePoller(d, d.profile === undefined ? undefined : profiles.get(d.profile), targetOf(d), mapsOf(d), profiles);
  for (const d of devices) {
    pollers.set(d.id, newPoller(d));
    status.set(d.id, { device: d.id, polls: 0 });
  }

  const reloadPorts = (): void => {
    if (!opts.portsFile || !existsSync(opts.portsFile)) return;
    const m = statSync(opts.portsFile).mtimeMs;
    if (m === portsMtime) return;
    portsMtime = m;
    try { ports = readPortsFile(opts.portsFile); } catch (e) { logger.log('warn', 'ports file unreadable; keeping the previous ports', { error: e instanceof Error ? e.message : String(e) }); return; }
    for (const d of devices) {
      const p = pollers.get(d.id);
      const t = targetOf(d);
      if (p && t.port !== p.target.port) { p.retarget(t); logger.log('info', 'device port changed', { device: d.id, port: t.port }); }
    }
  };

  // The cadastre's interval (config/poll-interval.ts); --interval ROLE=S overrides a role's for this collector only.
  const policyOf = (c: Cadastre): Cadastre['policy'] => ({ ...c.policy, pollIntervals: { ...c.policy.pollIntervals, byRole: { ...c.policy.pollIntervals.byRole, ...opts.intervalsByRole } } });
  let policy = policyOf(cadastre);
  const intervalOf = (d: Device): number => pollIntervalMs(policy, d);
  const byInterval = new Map<number, string[]>();
  for (const d of devices) {
    const list = byInterval.get(intervalOf(d));
    if (list) list.push(d.id); else byInterval.set(intervalOf(d), [d.id]);
  }
  const phases = new Map<string, number>();
  for (const [iv, ids] of byInterval) for (const [id, ph] of spreadPhases(ids, iv)) phases.set(id, ph);

  const taskOf = new Map<string, Task>();
  const taskFor = (d: Device): Task => ({
    id: d.id, intervalMs: intervalOf(d), phaseMs: phases.get(d.id) ?? 0,
    run: async () => {
      reloadPorts();
      const poller = pollers.get(d.id) as DevicePoller;
      const o = await poller.poll();
      metrics.polls.inc({ role: d.role, status: o.status });
      metrics.pollDuration.observe(o.durationMs / 1000);
      metrics.values.inc({}, o.values);
      if (o.rediscovered) {
        metrics.rediscoveries.inc({ device: d.id });
        logger.log('info', 'SNMPv3 engine re-discovered (agent restarted?)', { device: d.id, status: o.status });
      }
      for (const [reason, n] of Object.entries(o.noRate)) metrics.noRate.inc({ reason }, n);
      const lines = [...o.interfaces.filter(interfaceHasFields).map(interfaceLine), ...o.optics.map(opticsLine), ...o.hotspots.map(hotspotLine), pollLine(poller.pollSample(o))];
      writer.add(lines, [o.time]);
      const st = status.get(d.id) as DeviceStatus;
      const changed = st.lastStatus !== o.status;
      st.lastStatus = o.status; st.lastPollAt = o.time; st.polls++;
      const fields = { device: d.id, status: o.status, duration_ms: o.durationMs, values: o.values, requests: o.requests, rtt_ms: o.rttMs, point_time: o.time, ...(o.counterBits.length ? { counter_bits: o.counterBits.sort().join('+') } : {}), ...(o.error ? { error: o.error } : {}) };
      const task = taskOf.get(d.id) as Task;
      st.intervalSeconds ??= task.intervalMs / 1000;
      // 32-bit counters that can wrap more than once per interval never give a rate: warn once per interface,
      // and poll the device at an interval they cannot (whole seconds, at least MIN_SAFE_INTERVAL_S).
      const risky = o.wrap32.filter((w) => w.safeMs <= task.intervalMs);
      for (const w of risky) {
        st.warned32 ??= new Set();
        if (st.warned32.has(w.ifIndex)) continue;
        st.warned32.add(w.ifIndex);
        logger.log('warn', '32-bit counter can wrap more than once per interval at this speed', {
          device: d.id, if_index: w.ifIndex, if_name: w.ifName, speed_bps: w.speedBps, interval_s: task.intervalMs / 1000, safe_interval_s: Math.floor(w.safeMs / 1000),
        });
      }
      if (risky.length) {
        const safeS = Math.max(MIN_SAFE_INTERVAL_S, Math.floor((Math.min(...risky.map((w) => w.safeMs)) - 1) / 1000));
        if (safeS * 1000 < task.intervalMs) {
          const from = task.intervalMs / 1000;
          task.intervalMs = safeS * 1000;
          st.intervalSeconds = safeS;
          st.intervalReason = `32-bit counters of ${risky.length} interface(s) wrap more than once in ${from} s`;
          logger.log('warn', 'device polled at a safe interval for its 32-bit counters', { device: d.id, from_s: from, to_s: safeS, interfaces: risky.length });
        }
      }
      for (const t of o.emptyTables) metrics.emptyTables.inc({ profile: poller.profileName ?? '', table: t });
      // Logged once per device (again only after it changed): an empty table stays empty poll after poll.
      const empty = o.emptyTables.join(',');
      if (empty && empty !== st.emptyTables) logger.log('warn', 'poll read no row of a table the profile needs', { device: d.id, profile: poller.profileName, tables: o.emptyTables });
      st.emptyTables = empty;
      if (o.opticsError) logger.log('warn', 'optics walk failed: interface points kept, DOM read again at the next poll', { device: d.id, error: o.opticsError });
      const segProblems = o.segmentProblems.join('\n');
      if (segProblems && segProblems !== st.segmentProblems) {
        for (const p of o.segmentProblems) logger.log('error', 'measuring interface not found: the segment gets no data (fix segments.yaml measuredBy)', { device: d.id, problem: p });
      }
      st.segmentProblems = segProblems;
      if (o.status === 'empty') logger.log(changed ? 'info' : 'debug', 'poll', fields);
      else if (o.status !== 'ok') logger.log('warn', 'poll failed', fields);
      else logger.log(changed ? 'info' : 'debug', 'poll', fields);
      if (o.unmappedAps.length && changed) logger.log('info', 'controller reports APs no hotspot claims', { device: d.id, aps: o.unmappedAps.slice(0, 20), count: o.unmappedAps.length });
      if (o.noRate.ambiguous && changed) logger.log('warn', '32-bit counters may wrap more than once per interval: no rate; poll faster or use HC counters', { device: d.id });
    },
  });
  const tasks = devices.map(taskFor);
  for (const t of tasks) taskOf.set(t.id, t);
  const scheduler = new Scheduler(tasks, opts.concurrency ?? DEFAULTS.concurrency, (id) => {
    metrics.skipped.inc({ device: id });
    logger.log('warn', 'tick skipped: previous poll still running', { device: id });
  });

  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  const mp = opts.metricsPort === undefined ? DEFAULTS.metricsPort : opts.metricsPort;
  // Ready while polling: from the scheduler's start until stop() begins. A store outage does not make it
  // unready (points go to the spool, which the readiness answer shows).
  let polling = false;
  if (mp !== null) metricsServer = await serveMetrics(metrics, mp, () => ({ ready: polling, devices: devices.length, spool_batches: spool.batches }));

  scheduler.start();
  polling = true;
  rollup?.start();
  logger.log('info', 'collector started', {
    devices: devices.length, of: opts.cadastre.devices.length, shard: opts.shard ? `${opts.shard.index}/${opts.shard.count}` : undefined,
    metrics: metricsServer?.url, spool_batches: spool.batches,
  });

  // What makes a device's poller: its definition, its profile (all of them when it is detected), what it
  // measures and its interval. Equal keys before and after a reload: the device is untouched.
  const keyOf = (d: Device): string => {
    const m = mapsOf(d);
    return JSON.stringify([d, d.profile === undefined ? [...profiles] : profiles.get(d.profile), [...m.segments], [...m.hotspots], intervalOf(d)]);
  };
  let reloading: Promise<unknown> = Promise.resolve();
  const reload = async (next: Cadastre): Promise<ReloadResult> => {
    reloadPorts();
    const r = check(next, false);
    if (r.problems.length) throw new CollectorConfigError(r.problems);
    const before = new Map(devices.map((d) => [d.id, keyOf(d)]));
    cadastre = next; profiles = r.profiles; policy = policyOf(next);
    const after = new Map(r.devices.map((d) => [d.id, keyOf(d)]));
    const removed = [...before.keys()].filter((id) => !after.has(id));
    const changed = [...before.keys()].filter((id) => after.has(id) && after.get(id) !== before.get(id));
    const added = [...after.keys()].filter((id) => !before.has(id));
    for (const id of [...removed, ...changed]) {
      await scheduler.remove(id);
      pollers.get(id)?.close();
      pollers.delete(id);
      taskOf.delete(id);
      if (removed.includes(id)) status.delete(id);
    }
    devices = r.devices;
    const fresh = devices.filter((d) => added.includes(d.id) || changed.includes(d.id));
    addSecrets(fresh);
    // New devices take the phases an even spread of their interval's devices gives them; the others keep theirs.
    for (const d of fresh) {
      const iv = intervalOf(d);
      phases.set(d.id, spreadPhases(devices.filter((x) => intervalOf(x) === iv).map((x) => x.id), iv).get(d.id) ?? 0);
      pollers.set(d.id, newPoller(d));
      status.set(d.id, { device: d.id, polls: 0 });
      const t = taskFor(d);
      taskOf.set(d.id, t);
      scheduler.add(t);
    }
    rollup?.setDevices(rollupScope());
    const result = { added, removed, changed, unchanged: devices.length - added.length - changed.length };
    logger.log('info', 'collector reloaded', { devices: devices.length, of: next.devices.length, ...result });
    return result;
  };

  let stopping: Promise<void> | undefined;
  return {
    get devices() { return devices.map((d) => d.id); },
    metrics,
    metricsUrl: metricsServer?.url,
    spool,
    status() {
      const polls: Record<string, number> = {};
      for (const { labels, value } of metrics.polls.entries()) if (labels.status && value > 0) polls[labels.status] = (polls[labels.status] ?? 0) + value;
      return {
        devices: devices.length, polls, pointsWritten: metrics.pointsWritten.get(), spoolBatches: spool.batches, spoolBytes: spool.bytes,
        dropped: metrics.dropped.get(), perDevice: [...status.values()].map(({ warned32: _w, ...s }) => ({ ...s })),
      };
    },
    flush: () => writer.flush(),
    reload(next) {
      // One reload at a time (two quick SIGHUPs apply in order).
      const p = reloading.then(() => reload(next));
      reloading = p.catch(() => undefined);
      return p;
    },
    stop() {
      polling = false;
      stopping ??= (async () => {
        await scheduler.stop();
        await writer.close();
        await rollup?.stop();
        for (const p of pollers.values()) p.close();
        await new Promise<void>((r) => (metricsServer ? metricsServer.server.close(() => r()) : r()));
        logger.log('info', 'collector stopped', { spool_batches: spool.batches, points_written: metrics.pointsWritten.get() });
      })();
      return stopping;
    },
  };
}
