// Losing nothing: InfluxDB stopped mid-run and restarted (same port) → every interval present exactly once;
// the collector SIGKILLed while spooling and restarted (child processes, the real CLI) → the spool is replayed
// and every interval it polled is present exactly once; SIGTERM → exit 0 with the spool drained.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import { loadCadastre } from '../../config/load.js';
import { InfluxStore } from '../../store/influx.js';
import { startInfluxd, type InfluxdHandle } from '../../store/influxd.js';
import { sleep, startSimProcess, type SimProcess } from './helpers.js';

const env = {
  IRIS_SNMP_COMMUNITY: 'iris-c0mm-dur', WIFI_SNMP_COMMUNITY: 'wifi-c0mm-dur',
  IRIS_SNMP_V3_AUTH_KEY: 'v3-auth-dur-91', IRIS_SNMP_V3_PRIV_KEY: 'v3-priv-dur-72',
};
const INTERVAL_MS = 5000;
// The suite keeps the outage short; IRISNET_OUTAGE_SECONDS=120 runs the two-minute outage.
const OUTAGE_MS = Number(process.env.IRISNET_OUTAGE_SECONDS ?? 0) * 1000 || 4 * INTERVAL_MS;
let dir: string;
let influxd: InfluxdHandle;
let sim: SimProcess;
let configDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collector-dur-'));
  influxd = await startInfluxd(join(dir, 'influx'));
  sim = await startSimProcess('test/fixtures/cadastre-small', dir, env);
  // A copy of the fixture polled every 5 s.
  configDir = join(dir, 'cadastre');
  cpSync('test/fixtures/cadastre-small', configDir, { recursive: true });
  const c = loadCadastre('test/fixtures/cadastre-small');
  writeFileSync(join(configDir, 'devices.yaml'), stringify(c.devices.map((d) => ({ ...d, intervalSeconds: INTERVAL_MS / 1000, timeoutMs: 1000, retries: 0 }))));
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  await influxd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every device's poll points: consecutive ones one interval apart (none lost), none doubled. */
async function expectEveryInterval(store: InfluxStore, from: number, to: number, devices: string[]): Promise<number> {
  const polls = await store.rows(`SELECT duration_ms, "values" FROM poll WHERE time >= ${from}ms AND time <= ${to}ms GROUP BY device, status`);
  let n = 0;
  for (const device of devices) {
    const list = polls.filter((p) => p.device === device).sort((a, b) => a.time - b.time);
    expect(list.length, device).toBeGreaterThanOrEqual(Math.floor((to - from) / INTERVAL_MS) - 1);
    expect(list.every((p) => p.status === 'ok'), device).toBe(true);
    for (let i = 1; i < list.length; i++) {
      const gap = list[i].time - list[i - 1].time;
      expect(gap, `${device} at ${new Date(list[i].time).toISOString()}`).toBeGreaterThan(INTERVAL_MS / 2);
      expect(gap, `${device} at ${new Date(list[i].time).toISOString()}`).toBeLessThan(INTERVAL_MS * 1.5);
    }
    // Interface rates: every interval after the first has one.
    const ifs = await store.rows(`SELECT in_bps, oper_up FROM interface WHERE device = '${device}' AND segment != '' AND time >= ${from}ms AND time <= ${to}ms GROUP BY if_name`);
    for (const name of new Set(ifs.map((r) => r.if_name))) {
      const series = ifs.filter((r) => r.if_name === name);
      expect(series.filter((r) => typeof r.in_bps !== 'number').length, `${device} ${String(name)}`).toBeLessThanOrEqual(1);
    }
    n += list.length;
  }
  return n;
}

describe('losing nothing', () => {
  it('InfluxDB stopped mid-run and restarted on the same port: every interval present exactly once', async () => {
    const store = new InfluxStore({ url: influxd.url, database: 'outage', timeoutMs: 5000 });
    await store.createDatabase();
    const logs: string[] = [];
    const cadastre = loadCadastre(configDir);
    const started = Date.now();
    const collector = await startCollector({
      cadastre, store, env, spoolDir: join(dir, 'spool-a'), portsFile: sim.portsFile, metricsPort: 0, flushMs: 200,
      logger: new JsonLogger((l) => logs.push(l)),
    });
    await sleep(2 * INTERVAL_MS);
    await influxd.stop();
    await sleep(OUTAGE_MS);
    const spooled = collector.spool.batches;
    influxd = await startInfluxd(influxd.dataDir, influxd.port);
    const deadline = Date.now() + 30_000;
    while (collector.spool.batches > 0 && Date.now() < deadline) await sleep(200);
    await sleep(2 * INTERVAL_MS);
    const ended = Date.now();
    await collector.stop();
    expect(spooled).toBeGreaterThan(5);
    expect(collector.spool.batches).toBe(0);
    expect(collector.metrics.writeErrors.get({ kind: 'transient' })).toBeGreaterThan(0);
    expect(collector.metrics.dropped.get()).toBe(0);
    const devices = cadastre.devices.map((d) => d.id);
    const n = await expectEveryInterval(store, started, ended, devices);
    expect(n).toBeGreaterThan(devices.length * 7);
    // The replay re-rolled the 5-minute buckets it touched.
    expect(logs.some((l) => l.includes('spool replayed'))).toBe(true);
    const buckets = await store.rows(`SELECT in_bps, samples FROM interface_5m`);
    expect(buckets.length).toBeGreaterThan(0);
  }, OUTAGE_MS + 120_000);

  it('the collector SIGKILLed while spooling, restarted: the spool is replayed; SIGTERM exits 0', async () => {
    const db = 'killed';
    const store = new InfluxStore({ url: influxd.url, database: db, timeoutMs: 5000 });
    await store.createDatabase();
    const spoolDir = join(dir, 'spool-b');
    let output = '';
    const run = (): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'collector/cli.ts', '--config', configDir, '--ports-file', sim.portsFile, '--spool-dir', spoolDir, '--metrics-port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, INFLUX_URL: influxd.url, INFLUX_DB: db },
      });
      child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
      child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
      return child;
    };
    const exited = (c: ChildProcess): Promise<number | null> => new Promise((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));
    const first = run();
    while (!output.includes('collector started')) { expect(first.exitCode).toBeNull(); await sleep(100); }
    const started = Date.now();
    await sleep(2 * INTERVAL_MS);
    await influxd.stop();
    await sleep(3 * INTERVAL_MS);
    const killedAt = Date.now();
    first.kill('SIGKILL');
    await exited(first);
    const segments = readdirSync(join(spoolDir, 'spool')).filter((f) => f.endsWith('.spool'));
    expect(segments.length).toBeGreaterThan(0);
    influxd = await startInfluxd(influxd.dataDir, influxd.port);
    const restartedAt = Date.now();
    const second = run();
    const deadline = Date.now() + 30_000;
    while (!output.includes('spool replayed') && Date.now() < deadline) await sleep(200);
    await sleep(2 * INTERVAL_MS);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    const ended = Date.now();
    expect(output, output.split('\n').filter((l) => /spool|started|stopp|error/i.test(l)).join('\n')).toContain('spool holds batches from a previous run');
    expect(existsSync(join(spoolDir, 'spool')) && readdirSync(join(spoolDir, 'spool')).filter((f) => f.endsWith('.spool'))).toEqual([]);
    const devices = loadCadastre(configDir).devices.map((d) => d.id);
    // What the first run polled (spooled, then killed) and what the second polled: all there, once.
    await expectEveryInterval(store, started, killedAt - 200, devices);
    await expectEveryInterval(store, restartedAt + INTERVAL_MS + 2000, ended, devices);
    for (const secret of Object.values(env)) expect(output).not.toContain(secret);
  }, 150_000);
});
