// Fibre health through the API, against a real influxd:
// 1. The simulator's history (backfill of cadastre-small): the forecast of a degrading port equals the model's
//    ground-truth crossing date within one day; a healthy port has none; the lost link is dark.
// 2. Points written by the test (one rx reading per 5-minute bucket, rolled up by the real rollup): trend, margin
//    and crossing date recomputed here from the raw points, the plain way, equal the API's figures.
import { beforeAll, describe, expect, it } from 'vitest';
import { createFigures } from '../../analytics/figures.js';
import { createApp } from '../../api/app.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import type { ApiContext } from '../../api/context.js';
import { loadCadastre } from '../../config/load.js';
import { backfill } from '../../sim/backfill.js';
import { createOpticsModel, SIM_THRESHOLDS } from '../../sim/optics.js';
import { rollupRange } from '../../store/rollup.js';
import { AlertSource } from '../../alerts/source.js';
import { evaluate } from '../../alerts/evaluate.js';
import { render } from '../../common/i18n.js';
import { opticsLine } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';
import { TOKEN_ENTRIES, auth, rng } from '../api/support.js';

const FIXTURE = 'test/fixtures/cadastre-small';
const DAY = 86_400_000;
const SEED = 1;
const cadastre = loadCadastre(FIXTURE);
const model = createOpticsModel(cadastre, SEED);
const byCondition = (c: string): string[] => [...model.ports.values()].filter((p) => p.condition === c).map((p) => p.segment);

// The first day from 2026-06-01 at which a degrading port has been falling for the whole 30-day window.
const WINDOW = 30 * DAY;
function pickEnd(): { end: number; segment: string } {
  for (let end = Date.UTC(2026, 5, 1); end < Date.UTC(2027, 5, 1); end += DAY) {
    for (const segment of byCondition('degrading')) {
      const f = model.fallAt(segment, end);
      if (f && f.since <= end - WINDOW - DAY && f.repairAt > end) return { end, segment };
    }
  }
  throw new Error('no degrading port falls for a whole window');
}
const { end: END, segment: DEGRADING } = pickEnd();

type Fibre = { status: string; crossesAt: string | null; ends: Array<{ end: string; device: string; latestRxDbm: number | null; marginDb: number | null; trendDbPerWeek: number | null; crossesAt: string | null; dark: boolean; status: string; lowAlarmDbm: number | null; points: number }> };
type Answer = { fibre: Fibre; series: Array<{ end: string; points: Array<{ time: string; rxDbm: number }> }>; errors: { inErrorsPs: number | null } | null };

function appOn(store: Awaited<ReturnType<typeof freshDatabase>>, now: number): ReturnType<typeof createApp> {
  const ctx: ApiContext = { cadastre, configDir: FIXTURE, store, dataDir: '/tmp', records: new SqliteRecords(':memory:'), now: () => now, figures: createFigures(cadastre, store, { refreshMs: 0, reloadMs: 0 }) };
  return createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
}

describe('fibre health of the simulated network (backfill → influxd → API)', () => {
  let app: ReturnType<typeof createApp>;
  let simStore: Awaited<ReturnType<typeof freshDatabase>>;
  const q = `from=${new Date(END - WINDOW).toISOString()}&to=${new Date(END).toISOString()}`;
  const optics = async (id: string): Promise<Answer> => {
    const res = await app.request(`/api/segments/${id}/optics?${q}`, { headers: auth('viewer') });
    expect(res.status).toBe(200);
    return res.json() as Promise<Answer>;
  };
  beforeAll(async () => {
    simStore = await freshDatabase('optics_sim');
    await backfill(cadastre, simStore, { days: 31, rawDays: 1, end: END, seed: SEED });
    app = appOn(simStore, END);
  }, 240_000);

  it('the simulator has healthy, degrading and lost ports', () => {
    expect(byCondition('lost').length).toBe(1);
    expect(byCondition('degrading').length).toBe(3);
    expect(byCondition('healthy').length).toBe(2);
  });

  it('a degrading port: the forecast crossing equals the ground truth within one day, with rising errors', async () => {
    const truth = model.fallAt(DEGRADING, END)!;
    const body = await optics(DEGRADING);
    const a = body.fibre.ends.find((e) => e.end === 'a')!;
    expect(a.status).toBe('degrading');
    expect(a.crossesAt).not.toBeNull();
    const error = Math.abs(Date.parse(a.crossesAt!) - truth.crossesAt);
    expect(error).toBeLessThan(DAY);
    // The trend is the model's rate (dB/day × 7) within 1 %.
    expect(Math.abs(a.trendDbPerWeek! / (truth.dbPerDay * 7) - 1)).toBeLessThan(0.01);
    expect(a.lowAlarmDbm).toBe(SIM_THRESHOLDS.rxLowAlarm);
    expect(body.fibre.crossesAt).toBe(a.crossesAt);
    // Errors beside it: the model's CRC errors at the window's last hour are positive when the margin is under 6 dB.
    const margin = model.trueRxAt(DEGRADING, END) - (SIM_THRESHOLDS.rxLowAlarm as number);
    if (margin < 6) expect(body.errors?.inErrorsPs).toBeGreaterThan(0);
  });

  it('a healthy port has no forecast', async () => {
    for (const id of byCondition('healthy')) {
      const a = (await optics(id)).fibre.ends.find((e) => e.end === 'a')!;
      expect(a.crossesAt, id).toBeNull();
      expect(a.status, id).toBe('ok');
      expect(Math.abs(a.trendDbPerWeek!), id).toBeLessThan(0.05);
    }
  });

  it('the lost link is dark: rx at the floor, below the alarm, no forecast', async () => {
    const [id] = byCondition('lost');
    const a = (await optics(id)).fibre.ends.find((e) => e.end === 'a')!;
    expect(a).toMatchObject({ latestRxDbm: -40, dark: true, status: 'dark', crossesAt: null });
    expect(a.marginDb).toBeCloseTo(-40 - (SIM_THRESHOLDS.rxLowAlarm as number), 9);
  });

  it('the segment list carries each segment\'s fibre status, in JSON and CSV', async () => {
    const res = await app.request(`/api/segments?${q}`, { headers: auth('viewer') });
    const body = await res.json() as { items: Array<{ id: string; fibre: Fibre | null }> };
    const status = Object.fromEntries(body.items.map((i) => [i.id, i.fibre?.status]));
    expect(status[byCondition('lost')[0]]).toBe('dark');
    expect(status[DEGRADING]).toBe('degrading');
    for (const id of byCondition('healthy')) expect(status[id]).toBe('ok');
    const csv = await (await app.request(`/api/segments?${q}&format=csv`, { headers: auth('viewer') })).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    const cols = header.split(',');
    const row = rows.find((r) => r.startsWith(`${DEGRADING},`))!.split(',');
    expect(row[cols.indexOf('fibre_status')]).toBe('degrading');
    expect(row[cols.indexOf('a_crosses_at')]).toBe(body.items.find((i) => i.id === DEGRADING)!.fibre!.ends[0].crossesAt);
  });

  it('alerts: the lost link raises fibre-dark, the degrading ports fibre-degrading, errors above the threshold fibre-errors', async () => {
    const c = structuredClone(cadastre);
    c.policy.alerts.rules['fibre-degrading'].horizonDays = 365;
    // The errors threshold: half the largest mean of the model's CRC errors over the rule's last 15 minutes.
    const meanErrors = (seg: string): number => {
      const ts = Array.from({ length: 15 }, (_, k) => END - (15 - k) * 60_000);
      return ts.reduce((a, t) => a + (model.ports.get(seg)!.condition === 'degrading' ? model.crcErrorsPsAt(seg, t) : 0), 0) / ts.length;
    };
    const maxErrors = Math.max(...c.segments.map((s) => meanErrors(s.id)));
    expect(maxErrors).toBeGreaterThan(0);
    c.policy.alerts.rules['fibre-errors'].thresholdPs = maxErrors / 2;
    const input = await new AlertSource({ cadastre: c, store: simStore }).read(END);
    const obs = evaluate(input).observations;
    const active = (rule: string): string[] => obs.filter((o) => o.rule === rule && o.active).map((o) => o.subject).sort();
    expect(active('fibre-dark')).toEqual(byCondition('lost'));
    const dark = obs.find((o) => o.rule === 'fibre-dark' && o.active)!;
    expect(dark.summary).toMatch(/rx -40\.00 dBm, below its low alarm -14\.10 dBm/);
    // The same sentence for summary_fr and summary_nl, figures in the locale.
    expect(render(dark.says!, 'fr')).toMatch(/puissance reçue -40,00 dBm, sous son alarme basse de -14,10 dBm$/);
    expect(render(dark.says!, 'nl')).toMatch(/ontvangen vermogen -40,00 dBm, onder zijn lage alarm van -14,10 dBm$/);
    for (const rule of ['fibre-degrading', 'fibre-errors']) {
      const decided = obs.filter((x) => x.rule === rule && x.active !== null);
      expect(decided.length, rule).toBeGreaterThan(0);
      for (const o of decided) expect(o.summary).toBe(render(o.says!, 'en'));
    }
    expect(dark.labels.severity).toBe('critical');
    // Every port falling for the whole window is forecast within the year (the others are in their steady days).
    const falling = byCondition('degrading').filter((s) => { const f = model.fallAt(s, END); return f && f.since <= END - WINDOW; });
    expect(falling).toContain(DEGRADING);
    for (const s of falling) expect(active('fibre-degrading'), s).toContain(s);
    for (const s of [...byCondition('healthy'), ...byCondition('lost')]) expect(active('fibre-degrading')).not.toContain(s);
    expect(active('fibre-errors')).toEqual(c.segments.map((s) => s.id).filter((id) => meanErrors(id) > maxErrors / 2).sort());
  });

  it('404 for an unknown segment; 400 for a bad window', async () => {
    expect((await app.request(`/api/segments/NOPE/optics?${q}`, { headers: auth('viewer') })).status).toBe(404);
    const bad = await app.request(`/api/segments/${DEGRADING}/optics?from=yesterday`, { headers: auth('viewer') });
    expect(bad.status).toBe(400);
  });
});

describe('trend, margin and crossing recomputed from the raw points equal the API\'s', () => {
  // S-1 is measured by sw-bxl ifIndex 2 (Gi0/1). rx falls 0.4 dB/week from -7 dBm with ±0.15 dB noise.
  const TO = Date.UTC(2026, 9, 1);
  const FROM = TO - 21 * DAY;
  const STEP = 5 * 60_000;
  const FIT = 2 * 3_600_000;
  const points: Array<{ time: number; rx: number }> = [];
  const r = rng(20);
  // Bucket-aligned readings (one per 5-minute bucket), the last 20 minutes not yet rolled up.
  for (let t = FROM; t < TO; t += STEP) points.push({ time: t, rx: Math.round((-7 - 0.4 * (t - FROM) / (7 * DAY) + (r() - 0.5) * 0.3) * 1000) / 1000 });
  let body: Answer;
  beforeAll(async () => {
    const store = await freshDatabase('optics_recompute');
    await store.write(points.map((p) => opticsLine({ time: p.time, device: 'sw-bxl', ifIndex: 2, lane: 0, ifName: 'Gi0/1', segment: 'S-1', rx: p.rx, rxLowAlarm: -14.1, rxLowWarn: -12.1, tx: -2 })), 'ms');
    await rollupRange(store, FROM, TO - 20 * 60_000);
    const res = await appOn(store, TO).request(`/api/segments/S-1/optics?from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`, { headers: auth('operator') });
    expect(res.status).toBe(200);
    body = await res.json() as Answer;
  }, 120_000);

  it('the same figures, computed the plain way', () => {
    // 2-hour means of the rolled-up part (x = the step's start), then the raw readings after it.
    const rolledUntil = TO - 20 * 60_000;
    const groups = new Map<number, number[]>();
    for (const p of points.filter((x) => x.time < rolledUntil)) {
      const k = Math.floor(p.time / FIT) * FIT;
      groups.set(k, [...(groups.get(k) ?? []), p.rx]);
    }
    const xy = [...groups].map(([t, v]) => [t, v.reduce((a, b) => a + b, 0) / v.length] as const)
      .concat(points.filter((x) => x.time >= rolledUntil).map((p) => [p.time, p.rx] as const));
    const n = xy.length;
    const xs = xy.map(([t]) => t / DAY), ys = xy.map(([, y]) => y);
    const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const intercept = my - slope * mx;
    const latest = points[points.length - 1].rx;
    const crossing = Math.round(((-14.1 - intercept) / slope) * DAY);

    const a = body.fibre.ends.find((e) => e.end === 'a')!;
    expect(body.series[0].points.length).toBe(n);
    expect(a.points).toBe(n);
    expect(a.latestRxDbm).toBe(latest);
    expect(a.marginDb).toBeCloseTo(latest + 14.1, 9);
    expect(a.trendDbPerWeek).toBeCloseTo(slope * 7, 9);
    expect(Date.parse(a.crossesAt!)).toBe(Math.floor(crossing)); // ISO has whole milliseconds
    // And the line is the one written: -0.4 dB/week.
    expect(a.trendDbPerWeek).toBeCloseTo(-0.4, 1);
  });
});

describe('both ends: the far end (farEnd) beside the measuring port', () => {
  it('answers end a and end b, the segment status the worse end\'s', async () => {
    const c = structuredClone(cadastre);
    const s1 = c.segments.find((s) => s.id === 'S-1')!;
    s1.farEnd = { device: 'sw-sjtn', ifName: 'Te0/9' };
    const TO = Date.UTC(2026, 9, 1), DAYS = 3;
    const store = await freshDatabase('optics_far_end');
    const lines: string[] = [];
    for (let t = TO - DAYS * DAY; t < TO; t += 300_000) {
      lines.push(opticsLine({ time: t, device: 'sw-bxl', ifIndex: 2, lane: 0, ifName: 'Gi0/1', segment: 'S-1', rx: -6, rxLowAlarm: -14.1, rxLowWarn: -12.1 }));
      lines.push(opticsLine({ time: t, device: 'sw-sjtn', ifIndex: 9, lane: 0, ifName: 'Te0/9', segment: 'S-1', rx: -12.5, rxLowAlarm: -14.1, rxLowWarn: -12.1 }));
    }
    await store.write(lines, 'ms');
    await rollupRange(store, TO - DAYS * DAY, TO);
    const ctx: ApiContext = { cadastre: c, configDir: FIXTURE, store, dataDir: '/tmp', records: new SqliteRecords(':memory:'), now: () => TO, figures: createFigures(c, store, { refreshMs: 0, reloadMs: 0 }) };
    const app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
    const res = await app.request(`/api/segments/S-1/optics?from=${new Date(TO - DAYS * DAY).toISOString()}&to=${new Date(TO).toISOString()}`, { headers: auth('planner') });
    const body = await res.json() as Answer;
    expect(body.fibre.ends.map((e) => [e.end, e.device, e.latestRxDbm, e.status])).toEqual([['a', 'sw-bxl', -6, 'ok'], ['b', 'sw-sjtn', -12.5, 'warning']]);
    expect(body.fibre.status).toBe('warning');
    expect(body.fibre.ends[1].marginDb).toBeCloseTo(1.6, 9);
  });
});

describe('the segment list reuses a window\'s fibre health for a minute', () => {
  it('answers the first reading within the minute; the segment\'s own optics answer at once', async () => {
    const TO = Date.UTC(2026, 9, 1), DAYS = 2;
    const store = await freshDatabase('optics_reuse');
    const reading = (t: number, rx: number): string => opticsLine({ time: t, device: 'sw-bxl', ifIndex: 2, lane: 0, ifName: 'Gi0/1', segment: 'S-1', rx, rxLowAlarm: -14.1, rxLowWarn: -12.1 });
    const lines: string[] = [];
    for (let t = TO - DAYS * DAY; t < TO - 3_600_000; t += 300_000) lines.push(reading(t, -6));
    await store.write(lines, 'ms');
    const app = appOn(store, TO);
    const q = `from=${new Date(TO - DAYS * DAY).toISOString()}&to=${new Date(TO).toISOString()}`;
    const statusOf = async (): Promise<string | undefined> => {
      const body = await (await app.request(`/api/segments?${q}`, { headers: auth('viewer') })).json() as { items: Array<{ id: string; fibre: Fibre | null }> };
      return body.items.find((i) => i.id === 'S-1')?.fibre?.status;
    };
    expect(await statusOf()).toBe('ok');
    // The link goes dark in the last hour of the window.
    await store.write([reading(TO - 1_800_000, -40)], 'ms');
    const own = await (await app.request(`/api/segments/S-1/optics?${q}`, { headers: auth('viewer') })).json() as Answer;
    expect(own.fibre.status).toBe('dark');
    // Read again within the minute: the list still says what it read first.
    expect(await statusOf()).toBe('ok');
  });
});
