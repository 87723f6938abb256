// The figures read model when history arrives after its first load, as `npm start`'s background backfill writes
// it (newest day first): reread(from, to) of the older days gives exactly the figures of a fresh load, and the
// snapshot it saves gives them to a restart too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { backfill } from '../../sim/backfill.js';
import { createFigures, type FiguresImpl, type FiguresLoad } from '../../analytics/figures.js';
import type { Window } from '../../analytics/model.js';
import { BUCKET_MS } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 18, 7, 35); // not on a day boundary: the days of the backfill are relative to it
const SEED = 11;
const W: Window = { from: END - 3 * DAY, to: END };

let cadastre: Cadastre;
let store: InfluxStore;
const dirs: string[] = [];
const snapshotDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'irisnet-reread-')); dirs.push(d); return d; };
const figuresOf = (dir?: string, onLoad?: (e: FiguresLoad) => void): FiguresImpl => createFigures(cadastre, store, { reloadMs: 0, snapshotDir: dir, onLoad });

/** Everything a figures page shows over the window. */
async function everything(f: FiguresImpl): Promise<unknown> {
  return {
    segments: await f.segments(W),
    hotspots: await f.hotspots(W),
    forecasts: await f.forecasts(W),
    series: await Promise.all(cadastre.segments.map((s) => f.series(s.id, W, 3_600_000))),
    hotspotSeries: await Promise.all(cadastre.hotspots.map((h) => f.hotspotSeries(h.id, W, 3_600_000))),
  };
}

const samples = async (f: FiguresImpl): Promise<number> => (await f.segments(W)).reduce((n, s) => n + s.ab.samples, 0);

beforeAll(async () => {
  cadastre = loadCadastre('test/fixtures/cadastre-small');
  store = await freshDatabase('figures_reread');
  // The last day first, as npm start's first phase writes it.
  await backfill(cadastre, store, { days: 1, end: END, rawDays: 0, seed: SEED });
});

afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('figures reread', () => {
  it('after older days are written, reread gives the figures of a fresh load exactly, and saves them in the snapshot', async () => {
    const dir = snapshotDir();
    const kinds: string[] = [];
    const live = figuresOf(dir, (e) => kinds.push(e.kind));
    const lastDay = await everything(live);
    // 6 segments measured, the last day only: 288 buckets each.
    expect(await samples(live)).toBe(6 * 288);

    // The older days arrive, newest first; each shows once reread.
    await backfill(cadastre, store, { days: 1, end: END - DAY, rawDays: 0, seed: SEED });
    expect(await samples(live)).toBe(6 * 288); // not seen without a reread: the refresh looks at the last hour only
    await live.reread(END - 2 * DAY, END - DAY);
    expect(await samples(live)).toBe(6 * 2 * 288);
    await backfill(cadastre, store, { days: 1, end: END - 2 * DAY, rawDays: 0, seed: SEED });
    await live.reread(END - 3 * DAY, END - 2 * DAY);
    expect(await samples(live)).toBe(6 * 3 * 288);
    expect(kinds.filter((k) => k === 'reread').length).toBe(4); // two measurements, twice

    const fresh = figuresOf();
    const all = await everything(fresh);
    expect(await everything(live)).toEqual(all);
    expect(all).not.toEqual(lastDay);

    // A restart reads the snapshot reread saved (and the last hour after its newest bucket), not the store's history.
    await live.settle();
    const restarted = figuresOf(dir);
    expect(await everything(restarted)).toEqual(all);
  });

  it('a reread before the first load does nothing: the load reads it all', async () => {
    const f = figuresOf();
    await f.reread(W.from, W.to);
    expect(await samples(f)).toBe(6 * 3 * 288);
    // Buckets outside what was loaded are not read either (the window loaded starts at W.from).
    await f.reread(W.from - 10 * DAY, W.from - BUCKET_MS);
    expect(await samples(f)).toBe(6 * 3 * 288);
  });
});
