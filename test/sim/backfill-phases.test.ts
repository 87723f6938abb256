// npm start's first start writes the history in phases (the last day first, then older days newest first): the
// store must end up holding exactly what one backfill of the whole window writes, point for point.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { backfill, historyChunks, planBackfill, rangeOptions, type BackfillResult } from '../../sim/backfill.js';
import { M } from '../../store/schema.js';
import { countPoints, oldestInterfaceRollup } from '../../store/reads.js';
import { freshDatabase } from '../support/influx.js';
import { SMALL } from './helpers.js';

const DAY = 86_400_000;
const MIN = 60_000;
const END = Date.UTC(2026, 10, 18, 7, 35); // not on a day boundary: the phases are days back from the end
const START = END - 2.5 * DAY;
const RAW_START = END - DAY;
const SEED = 7;

let cadastre: Cadastre;
let whole: InfluxStore;
let phased: InfluxStore;
let once: BackfillResult;
const parts: BackfillResult[] = [];
// Outages across the cuts between phases: a device down (its polls time out, its segment's interface gives no
// sample) and a segment down.
const outages = {
  devices: [
    { id: 'sw-and', from: RAW_START - 7 * MIN + 30_000, to: RAW_START + 12 * MIN, why: 'device-down' as const },
    { id: 'sw-mol', from: END - 2 * DAY - 3 * MIN, to: END - 2 * DAY + 4 * MIN + 30_000, why: 'device-down' as const },
  ],
  segments: [{ id: 'S-6', from: END - 2 * DAY - 20 * MIN, to: END - 2 * DAY + 20 * MIN, why: 'segment-down' as const }],
};
const MEASUREMENTS = Object.values(M);

beforeAll(async () => {
  cadastre = loadCadastre(SMALL);
  // Other intervals than the default, as in backfill.test.ts: every 5 minutes, every 2 minutes.
  cadastre.devices.find((d) => d.id === 'sw-and')!.intervalSeconds = 300;
  cadastre.devices.find((d) => d.id === 'wlc-ixl')!.intervalSeconds = 120;
  whole = await freshDatabase('backfill_whole');
  phased = await freshDatabase('backfill_phased');
  once = await backfill(cadastre, whole, { days: 2.5, rawDays: 1, end: END + 1_234, seed: SEED, outages });
  for (const r of historyChunks(START, END, DAY)) parts.push(await backfill(cadastre, phased, { ...rangeOptions(r, RAW_START), seed: SEED, outages }));
});

describe('backfill in phases', () => {
  it('cuts the window into the last day, then whole days back, newest first', () => {
    expect(historyChunks(START, END, DAY)).toEqual([
      { startMs: END - DAY, endMs: END }, { startMs: END - 2 * DAY, endMs: END - DAY }, { startMs: START, endMs: END - 2 * DAY },
    ]);
    // A first phase that is not a whole number of buckets is cut on the 5-minute grid below it.
    expect(historyChunks(END - DAY, END, 90_000)[0]).toEqual({ startMs: END - 5 * MIN, endMs: END });
    expect(historyChunks(START, END, 3 * DAY)).toEqual([{ startMs: START, endMs: END }]);
  });

  it('plans and writes the same points per measurement as one backfill of the whole window', async () => {
    const sum = (k: keyof BackfillResult['byMeasurement']): number => parts.reduce((n, p) => n + p.byMeasurement[k], 0);
    for (const k of Object.keys(once.byMeasurement) as Array<keyof BackfillResult['byMeasurement']>) expect(sum(k), k).toBe(once.byMeasurement[k]);
    expect(planBackfill(cadastre, 2.5, END, 1, outages).points).toBe(once.points);
    // The outages cost points (what the assertions below compare is not the trivial case).
    expect(once.byMeasurement.interface_5m).toBeLessThan(planBackfill(cadastre, 2.5, END, 1).byMeasurement.interface_5m);
    for (const m of [M.interface5m, M.hotspot5m, M.optics5m]) {
      const field = m === M.hotspot5m ? 'clients' : m === M.optics5m ? 'rx_dbm' : 'in_bps';
      expect(await countPoints(phased, m, field, START - DAY), m).toBe(await countPoints(whole, m, field, START - DAY));
    }
  });

  it('stores every point of every measurement with the same tags and values', async () => {
    for (const m of MEASUREMENTS) {
      const q = `SELECT * FROM "${m}" GROUP BY *`;
      const [a, b] = [await whole.query(q), await phased.query(q)];
      expect(a.length, m).toBeGreaterThan(0);
      expect(b, m).toEqual(a);
    }
  });

  it('finds where the history of a window begins', async () => {
    expect(await oldestInterfaceRollup(phased, START - DAY)).toBe(START);
    expect(await oldestInterfaceRollup(phased, END - DAY + 1)).toBe(END - DAY + 5 * MIN);
    expect(await oldestInterfaceRollup(phased, END)).toBeUndefined();
  });
});
