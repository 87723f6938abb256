// Fetches the evaluator's plain inputs: recent `interface_5m`, `poll` and `hotspot` points from InfluxDB,
// the forecasts and hotspot usage from the API's figures (analytics/figures.ts, the same definitions as
// /api/network/summary and /api/hotspots), and the collectors' /metrics. A source that cannot be read leaves
// its input undefined: its rules are then not evaluated and their alerts keep their state.
import type { Cadastre } from '../config/schema.js';
import type { Figures } from '../analytics/model.js';
import { influxIdent, type InfluxStore, type Row } from '../store/influx.js';
import { BUCKET_MS, M, measuredByMatches, type PollStatus } from '../store/schema.js';
import type { CollectorIn, EvalInput, FibreIn, ForecastIn, HotspotPointIn, HotspotUsageIn, LinkErrorsIn, PollIn, SegmentBucketIn } from './rules/rule.js';
import { segmentFibre } from '../analytics/optics.js';
import { readSegmentOptics } from '../store/optics.js';
import { readSegmentErrors } from '../store/interface-errors.js';
import { ruleFor } from '../config/alert-policy.js';
import { pollIntervalMsOf } from '../config/poll-interval.js';

import { DAY_MS } from '../common/time.js';

export interface CollectorSource {
  /** The label of the collector in alerts. */
  name: string;
  /** Its Prometheus /metrics URL (collector_spool_bytes, collector_spool_batches, collector_dropped_points_total). */
  metricsUrl: string;
}

export interface SourceOptions {
  cadastre: Cadastre;
  store: InfluxStore;
  /** The API's figures (shared with the API under `npm start`); forecast and underuse need them. */
  figures?: Figures;
  collectors?: readonly CollectorSource[];
  /** Forecasts and hotspot usage change slowly: recomputed at most this often (ms). Default 1 h. */
  slowEveryMs?: number;
  /** Called when a source fails (the message names the source, never a secret). */
  onError?: (source: string, error: unknown) => void;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads `name` (without labels, or summed over its label sets) from a Prometheus text exposition. */
export function promValue(text: string, name: string): number | null {
  let total: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(rest.replace(/^\{[^}]*\}/, '').trim().split(/\s+/)[0]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

export async function readCollector(c: CollectorSource, timeoutMs = 2000): Promise<CollectorIn> {
  const res = await fetch(c.metricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) { await res.arrayBuffer(); throw new Error(`collector ${c.name} /metrics answered HTTP ${res.status}`); }
  const text = await res.text();
  return {
    name: c.name,
    spoolBytes: promValue(text, 'collector_spool_bytes'),
    spoolBatches: promValue(text, 'collector_spool_batches'),
    droppedPoints: promValue(text, 'collector_dropped_points_total'),
  };
}

export class AlertSource {
  private slow?: { at: number; forecasts?: ForecastIn[]; usage?: HotspotUsageIn[] };
  private slowRefresh?: Promise<void>;
  constructor(private opts: SourceOptions) {}

  /** A reloaded cadastre (and the figures built for it): read from the next evaluation on. */
  setCadastre(cadastre: Cadastre, figures: Figures | undefined): void {
    this.opts = { ...this.opts, cadastre, figures };
    this.slow = undefined;
  }

  /** How far back the raw inputs are read: enough for every rule's `for` twice over. */
  lookbackMs(): number {
    const { cadastre } = this.opts;
    const policy = cadastre.policy.alerts;
    let ms = 10 * 60_000;
    const interval = (id: string): number => pollIntervalMsOf(cadastre, id);
    for (const d of cadastre.devices) ms = Math.max(ms, (2 * ruleFor(policy, 'device-down', d.id).intervals + 2) * interval(d.id));
    for (const h of cadastre.hotspots) ms = Math.max(ms, (2 * ruleFor(policy, 'hotspot-down', h.id).intervals + 2) * interval(h.controller));
    return ms;
  }

  private async guard<T>(name: string, f: () => Promise<T>): Promise<T | undefined> {
    try { return await f(); } catch (e) { this.opts.onError?.(name, e); return undefined; }
  }

  async read(now: number): Promise<EvalInput> {
    const { cadastre, store } = this.opts;
    const policy = cadastre.policy.alerts;
    const since = now - this.lookbackMs();
    const maxBuckets = Math.max(1, ...cadastre.segments.map((s) => ruleFor(policy, 'segment-hot', s.id).buckets));
    const bucketsFrom = Math.floor(now / BUCKET_MS) * BUCKET_MS - (maxBuckets + 3) * BUCKET_MS;
    const rows = async (q: string): Promise<Row[]> => store.rows(q);

    const [segmentBuckets, polls, hotspotPoints, collectors] = await Promise.all([
      this.guard('interface_5m', async (): Promise<SegmentBucketIn[]> => {
        const measured = new Map(cadastre.segments.map((s) => [s.id, s.measuredBy]));
        const r = await rows(`SELECT "in_bps", "out_bps" FROM ${influxIdent(M.interface5m)} WHERE time >= ${bucketsFrom}ms AND time < ${now}ms GROUP BY "segment", "device", "if_name", "if_alias", "if_index"`);
        return r.flatMap((x) => {
          const m = measured.get(String(x.segment));
          const ab = num(x.out_bps), ba = num(x.in_bps);
          if (!m || !measuredByMatches(m, x) || ab === null || ba === null) return [];
          return [{ segment: String(x.segment), time: x.time, abBps: ab, baBps: ba }];
        });
      }),
      this.guard('poll', async (): Promise<PollIn[]> => {
        const r = await rows(`SELECT "duration_ms" FROM ${influxIdent(M.poll)} WHERE time >= ${since}ms AND time <= ${now}ms GROUP BY "device", "status"`);
        return r.map((x) => ({ device: String(x.device), time: x.time, status: String(x.status) as PollStatus }));
      }),
      this.guard('hotspot', async (): Promise<HotspotPointIn[]> => {
        const r = await rows(`SELECT "up", "clients" FROM ${influxIdent(M.hotspot)} WHERE time >= ${since}ms AND time <= ${now}ms GROUP BY "hotspot"`);
        return r.map((x) => ({ hotspot: String(x.hotspot), time: x.time, up: x.up === true, clients: num(x.clients) ?? 0 }));
      }),
      this.opts.collectors?.length && policy.rules['collector-backlog'].enabled
        ? Promise.all(this.opts.collectors.map(async (c) => (await this.guard(`collector ${c.name}`, () => readCollector(c)))
          ?? { name: c.name, spoolBytes: null, spoolBatches: null, droppedPoints: null }))
        : Promise.resolve(undefined),
    ]);
    const fibreRules = (['fibre-degrading', 'fibre-dark'] as const).filter((r) => policy.rules[r].enabled);
    const fibreDays = policy.rules['fibre-degrading'].windowDays;
    const errorsMs = policy.rules['fibre-errors'].windowMinutes * 60_000;
    const [fibres, linkErrors] = await Promise.all([
      fibreRules.length
        ? this.guard('optics', async (): Promise<FibreIn[]> => [...await readSegmentOptics(store, cadastre.segments, now - fibreDays * DAY_MS, now)]
          .map(([segment, ends]) => ({ segment, ...segmentFibre(ends) })))
        : Promise.resolve([]),
      policy.rules['fibre-errors'].enabled
        ? this.guard('interface errors', async (): Promise<LinkErrorsIn[]> => [...await readSegmentErrors(store, cadastre.segments, now - errorsMs, now)]
          .map(([segment, e]) => ({ segment, inErrorsPs: e.inErrorsPs, outErrorsPs: e.outErrorsPs })))
        : Promise.resolve([]),
    ]);
    const slow = this.readSlow(now);
    return {
      now, since, cadastre, segmentBuckets, polls, hotspotPoints, collectors, fibres, linkErrors,
      forecasts: slow?.forecasts, hotspotUsage: slow?.usage,
    };
  }

  /**
   * Forecasts and hotspot usage from the figures, recomputed at most once per slowEveryMs in the background:
   * loading 30 days of rollups can take minutes on a cold cache, and must not hold up the fast rules. Until
   * the first result is in, those two rules are not evaluated (their alerts keep their state).
   */
  private readSlow(now: number): { forecasts?: ForecastIn[]; usage?: HotspotUsageIn[] } | undefined {
    if (!this.opts.figures) return undefined;
    const every = this.opts.slowEveryMs ?? 3_600_000;
    if (!this.slowRefresh && (!this.slow || now - this.slow.at >= every)) {
      this.slowRefresh = this.computeSlow(now).then((r) => {
        // A failed read is retried at the next evaluation rather than an hour later.
        if (r.forecasts && r.usage) this.slow = { at: now, ...r };
      }).catch((e: unknown) => this.opts.onError?.('forecasts and hotspot usage', e))
        .finally(() => { this.slowRefresh = undefined; });
    }
    return this.slow;
  }

  /** Waits for a background refresh of the forecast and usage inputs, if one is running (tests, bench). */
  async settle(): Promise<void> {
    await this.slowRefresh;
  }

  async computeSlow(now: number): Promise<{ forecasts?: ForecastIn[]; usage?: HotspotUsageIn[] }> {
    const { figures, cadastre } = this.opts;
    if (!figures) return {};
    const policy = cadastre.policy.alerts;
    const fcDays = policy.rules['segment-saturation-forecast'].windowDays;
    const useDays = policy.rules['hotspot-underused'].windowDays;
    const dayEnd = Math.floor(now / BUCKET_MS) * BUCKET_MS;
    const forecasts = policy.rules['segment-saturation-forecast'].enabled
      ? await this.guard('forecasts', async () => (await figures.forecasts({ from: dayEnd - fcDays * DAY_MS, to: dayEnd }))
        .map((f): ForecastIn => ({ segment: f.id, days: f.days, slopeBpsPerDay: f.slopeBpsPerDay, levelBps: f.levelBps, thresholdBps: f.thresholdBps, aboveNow: f.aboveNow, crossesAt: f.crossesAt })))
      : [];
    const usage = policy.rules['hotspot-underused'].enabled
      ? await this.guard('hotspot usage', async () => {
        const [cur, prev] = await Promise.all([
          figures.hotspots({ from: dayEnd - useDays * DAY_MS, to: dayEnd }),
          figures.hotspots({ from: dayEnd - 2 * useDays * DAY_MS, to: dayEnd - useDays * DAY_MS }),
        ]);
        const before = new Map(prev.map((h) => [h.id, h.openHoursMeanClients]));
        return cur.map((h): HotspotUsageIn => ({ hotspot: h.id, meanNow: h.openHoursMeanClients, meanPrev: before.get(h.id) ?? null }));
      })
      : [];
    return { forecasts, usage };
  }
}
