// Three collector shards (collector/cli.ts processes, `--shard i/3`, as the systemd template runs them) on the
// simulated network, with the evaluator watching all three shards' metrics: every device is polled by exactly one
// shard, once per interval; each shard rolls up its own devices only, so no bucket is rolled twice; a shard cut off
// from InfluxDB and then stopped leaves its devices stale, which raises device-down; its restart replays its spool,
// and every poll it made lands in InfluxDB exactly once.
import type { ChildProcess } from 'node:child_process';
import { cpSync, appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlerts, type AlertsHandle } from '../../alerts/index.js';
import { fingerprintOf } from '../../alerts/evaluate.js';
import type { Transition } from '../../alerts/state.js';
import { shardOf } from '../../collector/shard.js';
import { JsonLogger } from '../../common/log.js';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { freePort, stopProcess } from '../../store/influxd.js';
import { computeRollup } from '../../store/rollup.js';
import { freshDatabase } from '../support/influx.js';
import { sleep, spawnCollector, startSimProcess, type SimProcess } from './helpers.js';

const SNMP_ENV = {
  IRIS_SNMP_COMMUNITY: 'iris-shard-c0mm', WIFI_SNMP_COMMUNITY: 'wifi-shard-c0mm',
  IRIS_SNMP_V3_AUTH_KEY: 'v3-auth-shard-1', IRIS_SNMP_V3_PRIV_KEY: 'v3-priv-shard-1',
};
const N = 3;
const INTERVAL_S = 5; // the policy's shortest
const INTERVAL_MS = INTERVAL_S * 1000;
/** The shard cut off from InfluxDB, stopped and restarted (it holds four of the eight devices). */
const K = 3;

interface Shard { index: number; port: number; spoolDir: string; runs: ChildProcess[]; logs: Record<string, unknown>[] }

/** A TCP relay to influxd that can be cut (refuses and drops connections) and restored. */
async function relay(target: URL): Promise<{ url: string; cut(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const port = await freePort();
  const listen = (): Promise<void> => new Promise((res) => {
    server = createServer((c) => {
      const u = connect(Number(target.port), target.hostname);
      sockets.add(c); sockets.add(u);
      c.pipe(u); u.pipe(c);
      const end = (): void => { c.destroy(); u.destroy(); sockets.delete(c); sockets.delete(u); };
      c.on('error', end); u.on('error', end); c.on('close', end); u.on('close', end);
    });
    server.listen(port, '127.0.0.1', () => res());
  });
  const cut = (): Promise<void> => new Promise((res) => {
    for (const s of sockets) s.destroy();
    if (server) server.close(() => res()); else res();
    server = undefined;
  });
  await listen();
  return { url: `http://127.0.0.1:${port}`, cut, close: cut };
}

let dir: string;
let configDir: string;
let cadastre: Cadastre;
let store: InfluxStore;
let sim: SimProcess;
let alerts: AlertsHandle;
let cutOff: Awaited<ReturnType<typeof relay>>;
const shards: Shard[] = [];
const transitions: Transition[] = [];
const owner = new Map<string, number>();
let started = 0;
let tCut = 0;
let tStop = 0;
let tRestart = 0;
let tEnd = 0;
let metricsBeforeStop = '';

async function startShard(s: Shard, influxUrl: string): Promise<void> {
  const run = s.runs.length + 1;
  // Each run's lines carry its number (1: the first start, 2: the restart).
  const p = await spawnCollector(['--config', configDir, '--ports-file', sim.portsFile, '--shard', `${s.index}/${N}`, '--spool-dir', s.spoolDir,
    '--metrics-port', String(s.port), '--log-level', 'debug'], { ...SNMP_ENV, INFLUX_URL: influxUrl, INFLUX_DB: store.database }, (l) => s.logs.push({ ...l, run }));
  s.runs.push(p.child);
}

const polls = (s: Shard, run?: number): { device: string; time: number }[] => s.logs
  .filter((l) => (l.msg === 'poll' || l.msg === 'poll failed') && typeof l.point_time === 'number' && (run === undefined || l.run === run))
  .map((l) => ({ device: l.device as string, time: l.point_time as number }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collector-shards-'));
  configDir = join(dir, 'cadastre');
  cpSync('test/fixtures/cadastre-small', configDir, { recursive: true });
  appendFileSync(join(configDir, 'policy.yaml'), `pollIntervals: { seconds: ${INTERVAL_S} }\n`);
  cadastre = loadCadastre(configDir);
  for (const d of cadastre.devices) owner.set(d.id, shardOf(d.id, N));
  store = await freshDatabase('collector_shards');
  sim = await startSimProcess(configDir, dir, SNMP_ENV);
  cutOff = await relay(new URL(store.config.url));
  for (let i = 1; i <= N; i++) shards.push({ index: i, port: await freePort(), spoolDir: join(dir, `collector-${i}-${N}`), runs: [], logs: [] });
  started = Date.now();
  await Promise.all(shards.map((s) => startShard(s, s.index === K ? cutOff.url : store.config.url)));
  alerts = await startAlerts({
    cadastre, store, statePath: join(dir, 'alerts', 'state.json'), intervalMs: 1000, watchingSince: started,
    collectors: shards.map((s) => ({ name: `shard-${s.index}`, metricsUrl: `http://127.0.0.1:${s.port}/metrics` })),
    logger: new JsonLogger(() => undefined, 'error'),
    onEvaluation: (e) => transitions.push(...e.transitions),
  });
  await sleep(4 * INTERVAL_MS);
  // Shard K loses InfluxDB: it keeps polling into its spool; then it is stopped (SIGTERM, as systemd does).
  tCut = Date.now();
  await cutOff.cut();
  await sleep(2 * INTERVAL_MS);
  metricsBeforeStop = await (await fetch(`http://127.0.0.1:${shards[K - 1].port}/metrics`)).text();
  tStop = Date.now();
  await stopProcess(shards[K - 1].runs[0]);
  // Silent for more than 3 intervals since its last point that reached InfluxDB: down.
  const deadline = Date.now() + 8 * INTERVAL_MS;
  while (Date.now() < deadline && !transitions.some((t) => t.rule === 'device-down' && t.status === 'firing')) await sleep(500);
  await sleep(2000);
  // Restarted with InfluxDB reachable: it replays its spool, then polls on.
  tRestart = Date.now();
  await startShard(shards[K - 1], store.config.url);
  await sleep(4 * INTERVAL_MS);
  tEnd = Date.now();
  await alerts.stop();
  for (const s of shards) await stopProcess(s.runs[s.runs.length - 1]);
}, 170_000);

afterAll(async () => {
  await alerts?.stop();
  for (const s of shards) for (const c of s.runs) if (c.exitCode === null) await stopProcess(c);
  await cutOff?.close();
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('three collector shards on the simulated network', () => {
  it('splits the devices: each polled by its own shard only', () => {
    expect(new Set(owner.values())).toEqual(new Set([1, 2, 3]));
    for (const s of shards) {
      const polled = new Set(polls(s).map((p) => p.device));
      const own = cadastre.devices.filter((d) => owner.get(d.id) === s.index).map((d) => d.id);
      expect([...polled].sort(), `shard ${s.index}`).toEqual(own.sort());
      const started = s.logs.find((l) => l.msg === 'collector started');
      expect(started).toMatchObject({ devices: own.length, of: cadastre.devices.length, shard: `${s.index}/${N}` });
    }
  });

  it('polls every device exactly once per interval (poll points per device per interval in InfluxDB)', async () => {
    const rows = await store.rows(`SELECT duration_ms FROM poll WHERE time >= ${started}ms GROUP BY device`);
    for (const d of cadastre.devices) {
      const times = rows.filter((r) => r.device === d.id).map((r) => r.time).sort((a, b) => a - b);
      const runs = owner.get(d.id) === K
        // Shard K's two runs, each on its own schedule: nothing is polled between them.
        ? [times.filter((t) => t < tStop), times.filter((t) => t > tRestart)]
        : [times];
      if (owner.get(d.id) === K) expect(times.filter((t) => t >= tStop && t <= tRestart), d.id).toEqual([]);
      for (const list of runs) {
        expect(list.length, d.id).toBeGreaterThanOrEqual(3);
        // One point in each interval from the first to the last: no tick lost, none doubled (a second shard
        // polling the device would put a second point in some interval).
        const first = list[0];
        const slots = list.map((t) => Math.floor((t - first + INTERVAL_MS / 2) / INTERVAL_MS));
        expect(slots, `${d.id}: ${list.map((t) => t - first).join(', ')} ms after its first poll`).toEqual(slots.map((_, i) => i));
      }
    }
  });

  it('rolls up each shard\'s own devices only: the shards\' rollups are disjoint and together the whole', async () => {
    const key = (b: { time: number; device?: string; controller?: string; segment?: string; hotspot?: string; ifName?: string }): string =>
      `${b.time}|${b.device ?? b.controller}|${b.segment ?? b.hotspot}|${b.ifName ?? ''}`;
    const whole = await computeRollup(store, started, tEnd);
    expect(whole.interfaces.length).toBeGreaterThan(0);
    expect(whole.hotspots.length).toBeGreaterThan(0);
    const seen = new Map<string, number>();
    for (const s of shards) {
      const own = cadastre.devices.filter((d) => owner.get(d.id) === s.index).map((d) => d.id);
      const part = await computeRollup(store, started, tEnd, { devices: own });
      for (const b of part.interfaces) expect(own).toContain(b.device);
      for (const b of part.hotspots) expect(own).toContain(b.controller);
      for (const b of [...part.interfaces, ...part.hotspots]) seen.set(key(b), (seen.get(key(b)) ?? 0) + 1);
    }
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect([...seen.keys()].sort()).toEqual([...whole.interfaces, ...whole.hotspots].map(key).sort());
    // The restarted shard re-rolled the range it replayed: its own buckets, none of the other shards'.
    const replayed = shards[K - 1].logs.find((l) => l.run === 2 && l.msg === 'spool replayed');
    expect(replayed).toBeDefined();
    const rolled = shards[K - 1].logs.find((l) => l.run === 2 && l.msg === 'rollup written');
    expect(rolled).toBeDefined();
    const r = rolled as { from: string; to: string; interface_buckets: number; hotspot_buckets: number };
    const range = [Date.parse(r.from), Date.parse(r.to)] as const;
    const ownK = cadastre.devices.filter((d) => owner.get(d.id) === K).map((d) => d.id);
    const expected = await computeRollup(store, range[0], range[1], { devices: ownK });
    expect(r.interface_buckets).toBe(expected.interfaces.length);
    expect(r.hotspot_buckets).toBe(expected.hotspots.length);
    const all = await computeRollup(store, range[0], range[1]);
    expect(all.interfaces.length).toBeGreaterThan(expected.interfaces.length);
    // In the store, every series has one point per bucket.
    const rows = await store.rows(`SELECT count("in_bps") AS n FROM interface_5m WHERE time >= ${whole.from}ms AND time < ${whole.to}ms GROUP BY time(5m), "segment", "device", "if_name" fill(none)`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.n === 1)).toBe(true);
  });

  it('a stopped shard\'s devices go down in the evaluator; the others stay up', () => {
    const fired = new Set(transitions.filter((t) => t.rule === 'device-down' && t.status === 'firing').map((t) => t.fingerprint));
    for (const d of cadastre.devices) {
      const fp = fingerprintOf('device-down', d.id);
      if (owner.get(d.id) === K) expect(fired.has(fp), `${d.id} (shard ${K})`).toBe(true);
      else expect(fired.has(fp), `${d.id} (shard ${owner.get(d.id)})`).toBe(false);
    }
    for (const t of transitions.filter((x) => x.rule === 'device-down' && x.status === 'firing')) expect(t.at).toBeGreaterThan(tCut);
  });

  it('the restart replays the spool: every poll the shard made while cut off or before its stop lands exactly once', async () => {
    // While cut off, shard K's writes failed into its spool (its metrics said so before the stop).
    expect(Number(/^collector_spool_batches (\d+)$/m.exec(metricsBeforeStop)?.[1])).toBeGreaterThan(0);
    const ownK = cadastre.devices.filter((d) => owner.get(d.id) === K).map((d) => d.id);
    const made = polls(shards[K - 1]);
    const cutPolls = made.filter((p) => p.time > tCut + 100 && p.time < tStop);
    expect(cutPolls.length).toBeGreaterThanOrEqual(ownK.length);
    const rows = await store.rows(`SELECT duration_ms FROM poll WHERE time >= ${started}ms GROUP BY device`);
    const inStore = rows.filter((r) => ownK.includes(r.device as string)).map((r) => `${r.device}@${r.time}`).sort();
    expect(inStore).toEqual(made.map((p) => `${p.device}@${p.time}`).sort());
    expect(new Set(inStore).size).toBe(inStore.length);
    // Interface points too: each of the cut-off period's polls of a measuring interface is there once.
    const ifRows = await store.rows(`SELECT oper_up FROM interface WHERE time > ${tCut}ms AND time < ${tStop}ms AND segment != '' GROUP BY device, if_name`);
    for (const p of cutPolls.filter((x) => cadastre.segments.some((s) => s.measuredBy.device === x.device))) {
      expect(ifRows.filter((r) => r.device === p.device && r.time === p.time).length, `${p.device}@${p.time}`).toBeGreaterThanOrEqual(1);
    }
  });
});
