// The writer's edges against a real influxd: a batch InfluxDB rejects for good is quarantined and counted
// (not retried forever); a full spool counts and logs what it drops; /metrics names every figure; the CLI
// reports every missing secret at once, naming variables, never values.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../common/log.js';
import { Metrics, serveMetrics } from '../../collector/metrics.js';
import { Spool } from '../../collector/spool.js';
import { Writer } from '../../collector/writer.js';
import { InfluxStore } from '../../store/influx.js';
import { freePort } from '../../store/influxd.js';
import { rollupRange } from '../../store/rollup.js';
import { BUCKET_MS, bucketStart, hotspotLine, interfaceLine, pollLine, PRECISION } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';

const dir = mkdtempSync(join(tmpdir(), 'collector-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writer', () => {
  it('quarantines a batch InfluxDB rejects permanently, counts it, and goes on writing', async () => {
    const store = await freshDatabase('collector_writer');
    await store.write('interface,device=x,if_name=a in_bps="not a number" 1000', 'ms');
    const logs: string[] = [];
    const metrics = new Metrics();
    const spool = new Spool({ dir: join(dir, 'q-spool'), maxBytes: 1e6 });
    const quarantineFile = join(dir, 'quarantine.lp');
    const w = new Writer({ store, spool, quarantineFile, metrics, log: new JsonLogger((l) => logs.push(l)), flushMs: 10_000 });
    w.add(['interface,device=x,if_name=a in_bps=1.5 2000', 'interface,device=x,if_name=a in_bps=2.5 3000'], [2000, 3000]);
    await w.flush();
    w.add(['poll,device=x,status=ok duration_ms=1,values=2i 4000'], [4000]);
    await w.close();
    expect(metrics.quarantined.get()).toBe(2);
    expect(metrics.writeErrors.get({ kind: 'permanent' })).toBe(1);
    expect(spool.batches).toBe(0);
    const q = readFileSync(quarantineFile, 'utf8');
    expect(q).toMatch(/^# \S+ 2 points rejected: InfluxDB write failed \(HTTP 400\): .*field type conflict/);
    expect(q).toContain('interface,device=x,if_name=a in_bps=1.5 2000\ninterface,device=x,if_name=a in_bps=2.5 3000\n');
    expect(logs.some((l) => l.includes('quarantined'))).toBe(true);
    expect((await store.rows('SELECT * FROM poll')).length).toBe(1);
  });

  it('spools while InfluxDB is unreachable; when the spool is full, counts and logs what it drops', async () => {
    const store = new InfluxStore({ url: `http://127.0.0.1:${await freePort()}`, database: 'none', timeoutMs: 2000 });
    const logs: string[] = [];
    const metrics = new Metrics();
    const line = (i: number) => `interface,device=x,if_name=a in_bps=${i} ${1000 + i}`;
    const spool = new Spool({ dir: join(dir, 'full-spool'), maxBytes: 400 });
    const w = new Writer({ store, spool, quarantineFile: join(dir, 'q2.lp'), metrics, log: new JsonLogger((l) => logs.push(l)), flushMs: 10_000 });
    for (let i = 0; i < 6; i++) { w.add([line(i)], [1000 + i]); await w.flush(); }
    await w.close();
    expect(spool.batches).toBeGreaterThan(0);
    expect(spool.batches + metrics.dropped.get()).toBe(6);
    expect(metrics.dropped.get()).toBeGreaterThan(0);
    const full = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'spool full: batch dropped');
    expect(full.length).toBe(metrics.dropped.get());
    expect(full[0]).toMatchObject({ level: 'error', points: 1, spool_max_bytes: 400 });
  });

  it('serves every figure on /metrics in the Prometheus text format', async () => {
    const m = new Metrics(() => 123, () => 4);
    m.polls.inc({ role: 'switch', status: 'ok' }, 3);
    m.pollDuration.observe(0.02);
    const { server, url } = await serveMetrics(m, 0);
    const res = await fetch(url);
    const text = await res.text();
    server.close();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('collector_polls_total{role="switch",status="ok"} 3');
    expect(text).toContain('collector_poll_duration_seconds_bucket{le="0.025"} 1');
    expect(text).toContain('collector_poll_duration_seconds_count 1');
    expect(text).toContain('collector_spool_bytes 123');
    expect(text).toContain('collector_spool_batches 4');
    for (const name of ['collector_values_read_total', 'collector_points_written_total', 'collector_write_errors_total', 'collector_dropped_points_total', 'collector_quarantined_points_total']) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
  });
});

describe('5-minute rollup', () => {
  it('counts per device the polls of each bucket and those answered (ok or empty), and the interfaces down in most samples', async () => {
    const store = await freshDatabase('collector_rollup_availability');
    const b0 = bucketStart(Date.UTC(2026, 0, 5, 11, 0, 0));
    const poll = (t: number, device: string, status: 'ok' | 'empty' | 'timeout') => pollLine({ time: b0 + t, device, status, durationMs: 5, values: 1 });
    const ifl = (t: number, operUp: boolean) => interfaceLine({ time: b0 + t, device: 'sw', ifIndex: 1, ifName: 'Gi0/1', segment: 'S-1', inBps: 1, outBps: 1, operUp, speedBps: 1e9 });
    await store.write([
      poll(10_000, 'sw', 'ok'), poll(70_000, 'sw', 'empty'), poll(130_000, 'sw', 'timeout'),
      poll(10_000, 'sw2', 'timeout'), poll(70_000, 'sw2', 'timeout'), poll(130_000, 'sw2', 'ok'),
      ifl(10_000, false), ifl(70_000, false), ifl(130_000, true),
      ifl(BUCKET_MS + 10_000, false), ifl(BUCKET_MS + 70_000, true),
    ], PRECISION);
    const r = await rollupRange(store, b0, b0 + 2 * BUCKET_MS);
    expect(r.polls).toEqual([{ time: b0, device: 'sw', polls: 3, ok: 2 }, { time: b0, device: 'sw2', polls: 3, ok: 1 }]);
    expect(r.interfaces.map((b) => b.operUp)).toEqual([false, true]); // 2 of 3 down: down; 1 of 2: up (ties count up)
    const rows = await store.rows('SELECT answered, ok, polls FROM poll_5m GROUP BY device');
    expect(rows.map((x) => [x.device, x.answered])).toEqual([['sw', true], ['sw2', false]]);
  });

  it('averages segment-mapped interfaces and hotspots per bucket, skips unmapped ones, rewrites idempotently', async () => {
    const store = await freshDatabase('collector_rollup');
    const b0 = bucketStart(Date.UTC(2026, 0, 5, 10, 0, 0));
    await store.write([
      interfaceLine({ time: b0 + 10_000, device: 'sw', ifIndex: 1, ifName: 'Gi0/1', segment: 'S-1', inBps: 100, outBps: 10, operUp: true, speedBps: 1e9 }),
      interfaceLine({ time: b0 + 70_000, device: 'sw', ifIndex: 1, ifName: 'Gi0/1', segment: 'S-1', inBps: 200, outBps: 30, operUp: true, speedBps: 1e9 }),
      interfaceLine({ time: b0 + 130_000, device: 'sw', ifIndex: 1, ifName: 'Gi0/1', segment: 'S-1', operUp: true, speedBps: 1e9 }), // no rate (reset)
      interfaceLine({ time: b0 + BUCKET_MS + 5_000, device: 'sw', ifIndex: 1, ifName: 'Gi0/1', segment: 'S-1', inBps: 600, outBps: 60, operUp: true, speedBps: 1e9 }),
      interfaceLine({ time: b0 + 20_000, device: 'sw', ifIndex: 9, ifName: 'port9', inBps: 5, outBps: 5, operUp: true, speedBps: 1e9 }),
      hotspotLine({ time: b0 + 1_000, hotspot: 'H-1', controller: 'wlc', clients: 3, up: true }),
      hotspotLine({ time: b0 + 61_000, hotspot: 'H-1', controller: 'wlc', clients: 6, up: true }),
    ], PRECISION);
    const r = await rollupRange(store, b0 + 1, b0 + BUCKET_MS + 1);
    expect(r.from).toBe(b0);
    expect(r.to).toBe(b0 + 2 * BUCKET_MS);
    expect(r.interfaces).toEqual([
      { time: b0, segment: 'S-1', device: 'sw', ifIndex: 1, ifName: 'Gi0/1', inBps: 150, outBps: 20, samples: 2, operUp: true },
      { time: b0 + BUCKET_MS, segment: 'S-1', device: 'sw', ifIndex: 1, ifName: 'Gi0/1', inBps: 600, outBps: 60, samples: 1, operUp: true },
    ]);
    expect(r.hotspots).toEqual([{ time: b0, hotspot: 'H-1', controller: 'wlc', clients: 4.5, samples: 2 }]);
    await rollupRange(store, b0, b0 + 2 * BUCKET_MS);
    const rows = await store.rows('SELECT * FROM interface_5m');
    expect(rows.map((x) => [x.time, x.in_bps, x.samples])).toEqual([[b0, 150, 2], [b0 + BUCKET_MS, 600, 1]]);
    expect(await store.rows('SELECT * FROM hotspot_5m')).toHaveLength(1);
  });

  it('rolls up only the devices of a scope (a shard), ids with regex characters and slashes matched literally', async () => {
    const store = await freshDatabase('collector_rollup_scope');
    const b0 = bucketStart(Date.UTC(2026, 0, 5, 10, 0, 0));
    const ids = ['sw.1', 'sw/2(a)', 'swx1', 'sw+3'];
    await store.write([
      ...ids.map((device, i) => interfaceLine({ time: b0 + 10_000, device, ifIndex: 1, ifName: 'Gi0/1', segment: `S-${i}`, inBps: 100 * (i + 1), outBps: 10, operUp: true, speedBps: 1e9 })),
      ...ids.map((controller, i) => hotspotLine({ time: b0 + 1_000, hotspot: `H-${i}`, controller, clients: i + 1, up: true })),
    ], PRECISION);
    const r = await rollupRange(store, b0, b0 + BUCKET_MS, { devices: ['sw.1', 'sw/2(a)', 'sw+3'] });
    expect(r.interfaces.map((b) => [b.device, b.inBps]).sort()).toEqual([['sw+3', 400], ['sw.1', 100], ['sw/2(a)', 200]]);
    expect(r.hotspots.map((b) => [b.controller, b.clients]).sort()).toEqual([['sw+3', 4], ['sw.1', 1], ['sw/2(a)', 2]]);
    expect((await store.rows('SELECT * FROM interface_5m')).map((x) => x.device).sort()).toEqual(['sw+3', 'sw.1', 'sw/2(a)']);
    // An empty shard rolls up nothing (not everything).
    const none = await rollupRange(store, b0, b0 + BUCKET_MS, { devices: [] });
    expect(none.interfaces).toEqual([]);
    expect(none.hotspots).toEqual([]);
  });
});

describe('collector CLI', () => {
  it('reports every missing secret at start, naming the variables', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'collector/cli.ts', '--config', 'test/fixtures/cadastre-small', '--spool-dir', join(dir, 'cli')], {
      encoding: 'utf8', env: { PATH: process.env.PATH, INFLUX_URL: 'http://127.0.0.1:1', IRIS_SNMP_COMMUNITY: 'present-secret-value' }, timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('collector cannot start');
    for (const v of ['IRIS_SNMP_V3_AUTH_KEY', 'WIFI_SNMP_COMMUNITY']) expect(r.stderr).toContain(v);
    expect(r.stderr).toContain('device wlc-bxl');
    expect(r.stderr).toContain('device wlc-ixl');
    expect(r.stderr).toContain('port 0 needs the device in a ports file');
    expect(r.stderr + r.stdout).not.toContain('present-secret-value');
  });

  it('rejects a bad --shard with a clear message', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'collector/cli.ts', '--config', 'test/fixtures/cadastre-small', '--shard', '3/2'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--shard: need 1 ≤ i ≤ n, got "3/2"');
  });
});
