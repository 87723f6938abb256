import { describe, expect, it } from 'vitest';
import { freshDatabase } from './support/influx.js';
import { InfluxError, InfluxStore } from '../store/influx.js';
import { M, PRECISION, interfaceLine, hotspotLine, pollLine } from '../store/schema.js';

describe('InfluxDB module against a real influxd', () => {
  it('writes points through the schema and reads them back with InfluxQL, exactly', async () => {
    const store = await freshDatabase('store');
    const t0 = Date.UTC(2026, 10, 1, 12, 0, 0);
    const lines = [
      interfaceLine({ time: t0, device: 'sw-1', ifIndex: 501, ifName: 'xe-0/0/1', segment: 'S-1', inBps: 123456789.125, outBps: 9.5e9, operUp: true, speedBps: 10_000_000_000 }),
      interfaceLine({ time: t0 + 60_000, device: 'sw-1', ifIndex: 501, ifName: 'xe-0/0/1', segment: 'S-1', operUp: false, speedBps: 10_000_000_000 }),
      hotspotLine({ time: t0, hotspot: 'H-1', controller: 'wlc-1', clients: 17, up: true }),
      pollLine({ time: t0, device: 'sw-1', status: 'ok', durationMs: 12.5, values: 96 }),
    ];
    await store.write(lines, PRECISION);
    const rows = await store.rows(`SELECT in_bps, out_bps, oper_up, speed_bps FROM ${M.interface} GROUP BY segment, device, if_name`);
    expect(rows).toEqual([
      { time: t0, segment: 'S-1', device: 'sw-1', if_name: 'xe-0/0/1', in_bps: 123456789.125, out_bps: 9.5e9, oper_up: true, speed_bps: 10_000_000_000 },
      { time: t0 + 60_000, segment: 'S-1', device: 'sw-1', if_name: 'xe-0/0/1', in_bps: null, out_bps: null, oper_up: false, speed_bps: 10_000_000_000 },
    ]);
    expect(await store.rows(`SELECT clients, up FROM ${M.hotspot} GROUP BY *`)).toEqual([
      { time: t0, hotspot: 'H-1', controller: 'wlc-1', clients: 17, up: true },
    ]);
    expect(await store.rows(`SELECT duration_ms, "values" FROM ${M.poll} GROUP BY *`)).toEqual([
      { time: t0, device: 'sw-1', status: 'ok', duration_ms: 12.5, values: 96 },
    ]);
  });

  it('surfaces InfluxDB’s own message on a rejected write, as a permanent error', async () => {
    const store = await freshDatabase('store_bad');
    await store.write('m v=1i 1000', 'ms');
    const err = await store.write('m v=1.5 2000', 'ms').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfluxError);
    expect((err as InfluxError).transient).toBe(false);
    expect((err as InfluxError).message).toMatch(/field type conflict/);
  });

  it('reports an unreachable server as a transient error naming the host', async () => {
    const store = new InfluxStore({ url: 'http://127.0.0.1:9', database: 'x', timeoutMs: 2_000 });
    const err = await store.write('m v=1 1', 'ms').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfluxError);
    expect((err as InfluxError).transient).toBe(true);
    expect((err as InfluxError).message).toMatch(/127\.0\.0\.1:9 unreachable/);
  });

  it('surfaces a query error with InfluxDB’s message', async () => {
    const store = await freshDatabase('store_q');
    await expect(store.query('SELEKT 1')).rejects.toThrow(/InfluxDB query failed.*syntax|error parsing query/);
  });
});
