// The backfill against the run's real influxd: counts, a sample against the model, rollups against the raw points.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { backfill, planBackfill, progressLine, type BackfillProgress, type BackfillResult } from '../../sim/backfill.js';
import { createTrafficModel } from '../../sim/model.js';
import { freshDatabase } from '../support/influx.js';
import { SMALL } from './helpers.js';

const END = Date.UTC(2026, 10, 18, 0, 0); // Wednesday 18 November 2026, 00:00 UTC
const START = END - 86_400_000;
const SEED = 5;

let cadastre: Cadastre;
let store: InfluxStore;
let result: BackfillResult;
const progress: BackfillProgress[] = [];

const count = async (q: string): Promise<number> => Number((await store.rows(q))[0]?.count ?? 0);

beforeAll(async () => {
  cadastre = loadCadastre(SMALL);
  // Other intervals than the default: sw-and every 5 minutes, the Aruba controller every 2 minutes.
  cadastre.devices.find((d) => d.id === 'sw-and')!.intervalSeconds = 300;
  cadastre.devices.find((d) => d.id === 'wlc-ixl')!.intervalSeconds = 120;
  store = await freshDatabase('sim_backfill');
  // The end is not on the 5-minute grid: the backfill floors it.
  result = await backfill(cadastre, store, { days: 1, end: new Date(END + 123_456), seed: SEED, batchLines: 5_000, onProgress: (p) => progress.push(p) });
});

describe('backfill', () => {
  it('writes the expected number of points per measurement', async () => {
    expect(result.startMs).toBe(START);
    expect(result.endMs).toBe(END);
    // Interfaces: 5 segments measured at 60 s (1440 polls), S-5 by sw-and at 300 s (288 polls).
    const expected = {
      interface: 5 * 1440 + 288,
      interface_5m: 6 * 288,
      hotspot: 3 * 1440 + 3 * 720,
      hotspot_5m: 6 * 288,
      poll: 7 * 1440 + 288 - 1440 + 720, // 8 devices: 6 at 60 s, sw-and at 300 s, wlc-ixl at 120 s
      // One optics reading per 5-minute bucket of each measuring port, whatever its poll interval.
      optics: 6 * 288,
      optics_5m: 6 * 288,
    };
    expect(result.byMeasurement).toEqual(expected);
    expect(result.points).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(planBackfill(cadastre, 1, END).points).toBe(result.points);
    expect(await count('SELECT count(speed_bps) FROM interface')).toBe(expected.interface);
    expect(await count('SELECT count(in_bps) FROM interface')).toBe(expected.interface);
    expect(await count('SELECT count(samples) FROM interface_5m')).toBe(expected.interface_5m);
    expect(await count('SELECT count(clients) FROM hotspot')).toBe(expected.hotspot);
    expect(await count('SELECT count(samples) FROM hotspot_5m')).toBe(expected.hotspot_5m);
    expect(await count('SELECT count(rx_dbm) FROM optics')).toBe(expected.optics);
    expect(await count('SELECT count(samples) FROM optics_5m')).toBe(expected.optics_5m);
    expect(await count(`SELECT count("values") FROM poll WHERE status = 'ok'`)).toBe(expected.poll);
    expect(progress.at(-1)).toMatchObject({ written: result.points, total: result.points });
    expect(progressLine(progress.at(-1)!)).toMatch(/100\.0% .* points, .* points\/s, ETA 0 s/);
  });

  it('a sample of interface and hotspot points equals the model', async () => {
    const model = createTrafficModel(cadastre, SEED);
    const times = [START, START + 37 * 60_000, START + 10 * 3_600_000, END - 60_000];
    for (const t of times) {
      const [row] = await store.rows(`SELECT in_bps, out_bps, oper_up, speed_bps, device, if_name FROM interface WHERE segment = 'S-1' AND time = ${t}ms`);
      expect(row).toMatchObject({
        in_bps: Number(model.octetsBetween('S-1', 'ba', t - 60_000, t)) * 8 / 60,
        out_bps: Number(model.octetsBetween('S-1', 'ab', t - 60_000, t)) * 8 / 60,
        oper_up: true, speed_bps: 1_000_000_000, device: 'sw-bxl', if_name: 'Gi0/1',
      });
      const [h] = await store.rows(`SELECT clients, "up" FROM hotspot WHERE hotspot = 'H-2' AND time = ${t}ms`);
      expect(h).toMatchObject({ clients: model.clientsAt('H-2', t), up: model.apUpAt('H-2', t) });
    }
    const t5 = START + 12 * 3_600_000; // sw-and polls every 5 minutes: octets over 300 s
    const [row] = await store.rows(`SELECT out_bps FROM interface WHERE segment = 'S-5' AND time = ${t5}ms`);
    expect(row.out_bps).toBe(Number(model.octetsBetween('S-5', 'ab', t5 - 300_000, t5)) * 8 / 300);
    const busy = await store.rows(`SELECT max(clients) FROM hotspot WHERE hotspot = 'H-1'`);
    expect(Number(busy[0].max)).toBeGreaterThan(0);
  });

  it('the 5-minute rollups are the bucket means of the raw values, with their sample counts', async () => {
    const raw = await store.rows(`SELECT mean(in_bps) AS in_bps, mean(out_bps) AS out_bps, count(in_bps) AS samples FROM interface WHERE time >= ${START}ms AND time < ${END}ms GROUP BY time(5m), segment`);
    const rolled = await store.rows('SELECT in_bps, out_bps, samples, segment FROM interface_5m');
    const key = (r: Record<string, unknown>): string => `${String(r.segment)}@${String(r.time)}`;
    const byKey = new Map(rolled.map((r) => [key(r), r]));
    const nonEmpty = raw.filter((r) => Number(r.samples) > 0);
    expect(nonEmpty).toHaveLength(rolled.length);
    for (const r of nonEmpty) {
      const b = byKey.get(key(r))!;
      expect(b.samples).toBe(r.samples);
      expect(b.in_bps as number).toBeCloseTo(r.in_bps as number, 3);
      expect(b.out_bps as number).toBeCloseTo(r.out_bps as number, 3);
    }
    expect(byKey.get(`S-5@${START}`)?.samples).toBe(1);
    expect(byKey.get(`S-1@${START}`)?.samples).toBe(5);

    const hraw = await store.rows(`SELECT mean(clients) AS clients, count(clients) AS samples FROM hotspot WHERE time >= ${START}ms AND time < ${END}ms GROUP BY time(5m), hotspot`);
    const hrolled = new Map((await store.rows('SELECT clients, samples, hotspot FROM hotspot_5m')).map((r) => [`${String(r.hotspot)}@${String(r.time)}`, r]));
    for (const r of hraw.filter((x) => Number(x.samples) > 0)) {
      const b = hrolled.get(`${String(r.hotspot)}@${String(r.time)}`)!;
      expect(b.samples).toBe(r.samples);
      expect(b.clients as number).toBeCloseTo(r.clients as number, 9);
    }
    expect(hrolled.get(`H-4@${START}`)?.samples).toBe(3); // wlc-ixl: every 2 minutes
  });
});

describe('backfill with rawDays', () => {
  it('writes raw points only for the last rawDays and the same rollups for the whole window', async () => {
    const short = await freshDatabase('sim_backfill_raw');
    const r = await backfill(cadastre, short, { days: 1, rawDays: 0.25, end: END, seed: SEED });
    const sixHours = END - 6 * 3_600_000;
    expect(r.byMeasurement).toEqual({
      interface: 5 * 360 + 72,
      interface_5m: 6 * 288,
      hotspot: 3 * 360 + 3 * 180,
      hotspot_5m: 6 * 288,
      poll: 6 * 360 + 72 + 180, // 6 devices at 60 s, sw-and at 300 s, wlc-ixl at 120 s
      optics: 6 * 72,
      optics_5m: 6 * 288,
    });
    const n = async (s: InfluxStore, q: string): Promise<number> => Number((await s.rows(q))[0]?.count ?? 0);
    expect(await n(short, `SELECT count(in_bps) FROM interface WHERE time < ${sixHours}ms`)).toBe(0);
    expect(await n(short, 'SELECT count(in_bps) FROM interface')).toBe(r.byMeasurement.interface);
    expect(await n(short, `SELECT count("values") FROM poll WHERE time < ${sixHours}ms`)).toBe(0);
    // The rollups do not depend on which raw points were kept.
    const q = 'SELECT in_bps, out_bps, samples FROM interface_5m GROUP BY segment';
    expect(await short.rows(q)).toEqual(await store.rows(q));
    const hq = 'SELECT clients, samples FROM hotspot_5m GROUP BY hotspot';
    expect(await short.rows(hq)).toEqual(await store.rows(hq));
  });

  it('refuses a negative rawDays', () => {
    expect(() => planBackfill(cadastre, 1, END, -1)).toThrow(/rawDays must be a number ≥ 0/);
  });
});
