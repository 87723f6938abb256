// The backfill against the run's real influxd: counts, a sample against the model, rollups against the raw points.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { backfill, planBackfill, progressLine, type BackfillProgress, type BackfillResult } from '../../sim/backfill.js';
import { createTrafficModel } from '../../sim/model.js';
import { freshDatabase } from '../support/influx.js';
import { availabilityTopology, computeAvailability } from '../../analytics/availability.js';
import { readAvailability } from '../../store/reads.js';
import { demoOutages } from '../../sim/outages.js';
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
      poll_5m: 8 * 288,
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
    expect(await count('SELECT count(polls) FROM poll_5m WHERE answered = true')).toBe(expected.poll_5m);
    expect(await count('SELECT count(samples) FROM interface_5m WHERE oper_up = true')).toBe(expected.interface_5m);
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
      poll_5m: 8 * 288,
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

describe('backfill with outages', () => {
  it('writes what the collector sees of devices down and interfaces down, and availability finds each outage and its cause', async () => {
    const db = await freshDatabase('sim_backfill_outages');
    const t = (hhmm: string): number => Date.parse(`2026-11-17T${hhmm}:00Z`);
    const outages = {
      devices: [{ id: 'sw-mol', from: t('10:01') + 30_000, to: t('10:31') + 30_000, why: 'device-down' as const }],
      segments: [
        { id: 'S-6', from: t('12:00'), to: t('12:20'), why: 'segment-down' as const },
        { id: 'S-3', from: t('14:00'), to: t('15:00'), why: 'duct-cut' as const },
        { id: 'S-5', from: t('14:00'), to: t('15:00'), why: 'duct-cut' as const },
      ],
    };
    const r = await backfill(cadastre, db, { days: 1, end: END, seed: SEED, outages });
    // sw-mol misses the polls of 10:02 to 10:31 (30 of 1,440); its segment is measured at bxl, so no sample is lost.
    expect(r.byMeasurement.poll).toBe(7 * 1440 + 288 - 1440 + 720);
    expect(r.byMeasurement).toEqual({ ...planBackfill(cadastre, 1, END, 1, outages).byMeasurement });
    expect(Number((await db.rows(`SELECT count("values") FROM poll WHERE status = 'timeout'`))[0].count)).toBe(30);
    const read = await readAvailability(db, START, END);
    // 10:00 (3 of 5 polls failed) to 10:25 down; 10:30 (2 of 5 failed) answered.
    expect(read.deviceDown).toEqual({ 'sw-mol': [0, 1, 2, 3, 4, 5].map((i) => t('10:00') + i * 300_000) });
    expect(Object.keys(read.segmentDown).sort()).toEqual(['S-3', 'S-5', 'S-6']);
    const a = computeAvailability({ ...availabilityTopology(cadastre), from: START, to: END, maintenance: [], observations: read });
    const outagesOf = (id: string) => a.sites.find((x) => x.id === id)!.outages.map((o) => [new Date(o.start).toISOString().slice(11, 16), o.durationMs / 60_000, o.cause.kind, ...o.cause.segments, ...o.cause.devices]);
    expect(outagesOf('mol-hall')).toEqual([['10:00', 30, 'device-down', 'sw-mol'], ['12:00', 20, 'segment-down', 'S-6']]);
    expect(outagesOf('stg-hall')).toEqual([['14:00', 60, 'upstream', 'S-3', 'S-5']]);
    expect(outagesOf('and-hall')).toEqual([['14:00', 60, 'upstream', 'S-3', 'S-5']]);
    expect(outagesOf('sjtn-hall')).toEqual([]);
  });

  it('has a month of demo history with a few outages, one of them a duct cut that isolates several sites', () => {
    const demo = loadCadastre('config/demo');
    const end = Date.UTC(2026, 10, 30, 23);
    const o = demoOutages(demo, 2026, end - 30 * 86_400_000, end);
    expect(o.devices.length).toBeGreaterThanOrEqual(4);
    expect(o.segments.filter((s) => s.why === 'segment-down').length).toBeGreaterThanOrEqual(4);
    expect(o.maintenance.length).toBeGreaterThanOrEqual(4);
    const cuts = o.segments.filter((s) => s.why === 'duct-cut');
    expect(cuts.length).toBeGreaterThanOrEqual(2);
    const observations = {
      deviceDown: Object.fromEntries(o.devices.map((d) => [d.id, [] as number[]])),
      segmentDown: Object.fromEntries(cuts.map((s) => [s.id, [Math.floor(s.from / 300_000) * 300_000 + 300_000]])),
      noData: [],
    };
    const from = observations.segmentDown[cuts[0].id][0];
    const a = computeAvailability({ ...availabilityTopology(demo), from, to: from + 300_000, maintenance: [], observations });
    expect(a.sites.filter((x) => x.downMs > 0).length).toBeGreaterThanOrEqual(3);
  });
});

describe('backfill arguments', () => {
  it('refuses a negative rawDays', () => {
    expect(() => planBackfill(cadastre, 1, END, -1)).toThrow(/rawDays must be a number ≥ 0/);
  });
});
