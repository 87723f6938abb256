// Forecasts and roadworks opportunities do not move with the hour of the request (issue 23): the daily p95s are
// fitted over whole UTC days only. A real influxd holds 45 days of a segment whose traffic peaks in the evening and
// grows day on day (a partial evening-only or morning-only day has a very different p95), and the API is asked
// with its default rolling window at several times of one UTC day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadCadastre } from '../../config/load.js';
import { createApp } from '../../api/app.js';
import type { ApiContext, AppEnv } from '../../api/context.js';
import { createFigures, type FiguresImpl } from '../../analytics/figures.js';
import { interfaceBucketLine, BUCKET_MS } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';
import { auth, TOKEN_ENTRIES } from '../api/support.js';
import { importWorksites } from '../../works/import.js';
import { SqliteRecords } from '../../store/records-sqlite.js';

const FIXTURE = 'test/fixtures/works-net';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const TODAY = Date.UTC(2026, 10, 20);
const FROM = TODAY - 45 * DAY;
const TIMES = [0, 4 * HOUR, 12 * HOUR, 20 * HOUR, 23 * HOUR + 55 * 60_000].map((t) => TODAY + t);

let app: Hono<AppEnv>;
let figures: FiguresImpl;
let dir: string;
let now = TODAY;

/** 5-minute average at t: 3.75 Gbit/s + 50 Mbit/s per day, scaled by the hour (a third of it at night, all of it 18–22 h). */
function hotBps(t: number): number {
  const k = Math.floor((t - FROM) / DAY);
  const hour = new Date(t).getUTCHours();
  const shape = hour >= 18 && hour < 22 ? 1 : hour >= 8 && hour < 18 ? 0.6 : 1 / 3;
  return (3.75e9 + k * 5e7) * shape;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whole-days-'));
  cpSync(FIXTURE, dir, { recursive: true });
  await importWorksites(join(FIXTURE, 'osiris-sample.geojson'), { configDir: dir });
  const cadastre = loadCadastre(dir);
  const store = await freshDatabase('whole_days');
  const lines: string[] = [];
  // Up to the last request time: today's buckets exist but only the whole days before today are fitted.
  for (let t = FROM; t < TODAY + DAY - BUCKET_MS; t += BUCKET_MS) {
    lines.push(interfaceBucketLine({ time: t, segment: 'hot', device: 'sw-a', ifName: 'ge-1', outBps: hotBps(t), inBps: 1e9, samples: 5 }));
    lines.push(interfaceBucketLine({ time: t, segment: 'cool', device: 'sw-b', ifName: 'ge-1', outBps: 1e9 + (t % DAY) / DAY * 5e8, inBps: 1e9, samples: 5 }));
  }
  await store.write(lines);
  figures = createFigures(cadastre, store, { reloadMs: 0 });
  const ctx: ApiContext = { cadastre, configDir: dir, store, figures, dataDir: dir, records: new SqliteRecords(':memory:'), now: () => now };
  app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 1000 } });
});

afterAll(async () => {
  await figures?.settle();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Summary { forecasts: Array<{ id: string; days: number; slopeBpsPerDay: number | null; levelBps: number | null; aboveNow: boolean; crossesAt: string | null }> }
interface Opportunities { items: Array<{ kind: string; worksite: { id: string }; crossingDate?: string | null; marginDays?: number; sentence: string }> }

describe('forecasts over whole UTC days', () => {
  it('the same forecasts and opportunities at 00:00, 04:00, 12:00, 20:00 and 23:55 of one day', async () => {
    const answers: Array<{ forecasts: Summary['forecasts']; opportunities: Opportunities['items']; alertInput: unknown }> = [];
    for (const t of TIMES) {
      now = t;
      const s = await app.request('/api/network/summary', { headers: auth('operator') });
      expect(s.status).toBe(200);
      const o = await app.request('/api/opportunities', { headers: auth('planner') });
      expect(o.status).toBe(200);
      // The evaluator's input: a window of whole 5-minute buckets ending before now (alerts/source.ts).
      const end = Math.floor(t / BUCKET_MS) * BUCKET_MS;
      const alertInput = await figures.forecasts({ from: end - 30 * DAY, to: end });
      answers.push({ forecasts: ((await s.json()) as Summary).forecasts, opportunities: ((await o.json()) as Opportunities).items, alertInput });
    }
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);

    // And the answer is the one of the 30 whole days before today: day k of the data (k = 15..44, from 6 Oct) peaks
    // at exactly 3.75 + 0.05·k Gbit/s, read at the end of day 44 (3.75 + 0.05 × 44.5), and reaches 7 Gbit/s (70 % of
    // 10) in the middle of day 65 (10 Dec).
    const hot = answers[0].forecasts.find((f) => f.id === 'hot')!;
    expect(hot.days).toBe(30);
    expect(hot.slopeBpsPerDay).toBeCloseTo(5e7, 0);
    expect(hot.levelBps).toBeCloseTo(3.75e9 + 44.5 * 5e7, 0);
    expect(hot.aboveNow).toBe(false);
    expect(hot.crossesAt).toBe('2026-12-10T12:00:00.000Z');
    expect(answers[0].opportunities.map((x) => `${x.kind}:${x.worksite.id}`)).toEqual(['capacity:7001', 'reach:7003']);
    expect(answers[0].opportunities[0].crossingDate).toBe('2026-12-10');
  });
});
