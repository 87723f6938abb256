// SIGHUP to a running collector process (collector/cli.ts) whose cadastre changed: one device removed, one added.
// The unchanged devices lose no interval and keep their rate state (every poll after their first has a rate);
// the added device is polled, the removed one no longer. A cadastre that does not load is refused and the
// collector polls on with the previous one.
import { cpSync, appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { stopProcess } from '../../store/influxd.js';
import { freshDatabase } from '../support/influx.js';
import { sleep, spawnCollector, startSimProcess, type CollectorProcess, type SimProcess } from './helpers.js';

const SNMP_ENV = {
  IRIS_SNMP_COMMUNITY: 'iris-reload-c0mm', WIFI_SNMP_COMMUNITY: 'wifi-reload-c0mm',
  IRIS_SNMP_V3_AUTH_KEY: 'v3-auth-reload-1', IRIS_SNMP_V3_PRIV_KEY: 'v3-priv-reload-1',
};
const INTERVAL_S = 5;
const INTERVAL_MS = INTERVAL_S * 1000;
const REMOVED = 'sw-mol';
const ADDED = 'sw-new';

let dir: string;
let configDir: string;
let before: Cadastre;
let store: InfluxStore;
let sim: SimProcess;
let collector: CollectorProcess;
let started = 0;
let tReload = 0;
let tBad = 0;
let tEnd = 0;

const logged = (msg: string): Record<string, unknown>[] => collector.logs.filter((l) => l.msg === msg);
async function until(what: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await sleep(100);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collector-reload-'));
  configDir = join(dir, 'cadastre');
  cpSync('test/fixtures/cadastre-small', configDir, { recursive: true });
  appendFileSync(join(configDir, 'policy.yaml'), `pollIntervals: { seconds: ${INTERVAL_S} }\n`);
  before = loadCadastre(configDir);
  store = await freshDatabase('collector_reload');
  sim = await startSimProcess(configDir, dir, SNMP_ENV);
  started = Date.now();
  collector = await spawnCollector(['--config', configDir, '--ports-file', sim.portsFile, '--spool-dir', join(dir, 'spool'), '--metrics-port', '0', '--log-level', 'debug'],
    { ...SNMP_ENV, INFLUX_URL: store.config.url, INFLUX_DB: store.database });
  await sleep(3 * INTERVAL_MS);
  // The new device answers on sw-stg's simulated agent (the simulator serves the cadastre it started with).
  const devicesFile = join(configDir, 'devices.yaml');
  const lines = readFileSync(devicesFile, 'utf8').split('\n').filter((l) => !l.startsWith(`- { id: ${REMOVED},`));
  lines.push(`- { id: ${ADDED}, site: stg-hall, role: switch, target: "127.0.0.1:${sim.ports['sw-stg']}", profile: if-mib, snmp: { version: v2c, community: { env: IRIS_SNMP_COMMUNITY } } }`);
  writeFileSync(devicesFile, `${lines.join('\n')}\n`);
  tReload = Date.now();
  collector.child.kill('SIGHUP');
  await until(() => logged('collector reloaded').length > 0, 10_000);
  await sleep(3 * INTERVAL_MS);
  // A broken cadastre: refused, the collector polls on.
  writeFileSync(devicesFile, `${lines.join('\n')}\n- { id: broken, site: nowhere }\n`);
  tBad = Date.now();
  collector.child.kill('SIGHUP');
  await until(() => logged('reload refused: the cadastre does not load; polling goes on with the previous one').length > 0, 10_000);
  await sleep(2 * INTERVAL_MS);
  tEnd = Date.now();
  await stopProcess(collector.child);
}, 120_000);

afterAll(async () => {
  if (collector?.child.exitCode === null) await stopProcess(collector.child);
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SIGHUP reloads the collector\'s cadastre', () => {
  it('reports what changed: one device added, one removed, the others untouched', () => {
    expect(logged('collector reloaded')).toHaveLength(1);
    expect(logged('collector reloaded')[0]).toMatchObject({ added: [ADDED], removed: [REMOVED], changed: [], unchanged: before.devices.length - 1, devices: before.devices.length });
  });

  it('loses no interval of an unchanged device, and keeps its rate state across the reload', async () => {
    const polls = await store.rows(`SELECT duration_ms FROM poll WHERE time >= ${started}ms GROUP BY device, status`);
    const rates = await store.rows(`SELECT in_bps FROM interface WHERE time >= ${started}ms AND segment != '' GROUP BY device, if_name`);
    for (const d of before.devices.filter((x) => x.id !== REMOVED)) {
      const times = polls.filter((p) => p.device === d.id).map((p) => p.time).sort((a, b) => a - b);
      expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
      expect(polls.filter((p) => p.device === d.id).every((p) => p.status === 'ok'), d.id).toBe(true);
      expect(times[0]).toBeLessThan(tReload);
      expect(times[times.length - 1]).toBeGreaterThan(tBad + INTERVAL_MS);
      const first = times[0];
      const slots = times.map((t) => Math.floor((t - first + INTERVAL_MS / 2) / INTERVAL_MS));
      expect(slots, `${d.id}: ${times.map((t) => t - first).join(', ')} ms after its first poll`).toEqual(slots.map((_, i) => i));
      // A rate needs the previous poll's counters: only the very first poll of each interface has none.
      for (const ifName of new Set(rates.filter((r) => r.device === d.id).map((r) => r.if_name))) {
        const list = rates.filter((r) => r.device === d.id && r.if_name === ifName).sort((a, b) => a.time - b.time);
        expect(list.slice(1).every((r) => typeof r.in_bps === 'number'), `${d.id} ${String(ifName)}`).toBe(true);
        expect(list.length).toBeGreaterThanOrEqual(slots.length - 1);
      }
    }
  });

  it('polls the added device from the reload on, and the removed one no longer', async () => {
    const polls = await store.rows(`SELECT duration_ms FROM poll WHERE time >= ${started}ms GROUP BY device, status`);
    const added = polls.filter((p) => p.device === ADDED);
    expect(added.length).toBeGreaterThanOrEqual(4);
    expect(added.every((p) => p.status === 'ok' && p.time > tReload)).toBe(true);
    const removed = polls.filter((p) => p.device === REMOVED);
    expect(removed.filter((p) => p.time < tReload).length).toBeGreaterThanOrEqual(2);
    // A poll already running when the signal came may finish; none starts after.
    expect(removed.filter((p) => p.time > tReload + 2000)).toEqual([]);
  });

  it('refuses a cadastre that does not load, naming the problem, and polls on', async () => {
    const refused = logged('reload refused: the cadastre does not load; polling goes on with the previous one');
    expect(refused).toHaveLength(1);
    expect(String(refused[0].error)).toMatch(/devices\.yaml/);
    const polls = await store.rows(`SELECT duration_ms FROM poll WHERE time > ${tBad + INTERVAL_MS}ms AND time < ${tEnd}ms GROUP BY device`);
    expect(new Set(polls.map((p) => p.device))).toEqual(new Set(before.devices.filter((d) => d.id !== REMOVED).map((d) => d.id).concat(ADDED)));
  });
});
