// Rule evaluation over plain data: no I/O, no clock. alerts/source.ts fetches the inputs from InfluxDB (and the
// collector's /metrics); alerts/state.ts turns the observations into pending/firing/resolved transitions.
//
// Each rule yields, per subject (segment, device, hotspot, collector), an observation: is the condition
// active now, and for how long the data says the current condition (active or clear) has held. A rule's
// `for` is then compared with that duration by the state machine, so a restart of the evaluator does not
// restart the clocks: they come from the data.
import { createHash } from 'node:crypto';
import type { Cadastre } from '../config/schema.js';
import type { PollStatus } from '../store/schema.js';
import { BUCKET_MS } from '../store/schema.js';
import { ruleFor, RULE_SUBJECT, type RuleName, type Severity } from '../config/alert-policy.js';
import type { Forecast } from '../analytics/forecast.js';
import { formatBps, formatPercent, isoDay } from '../common/units.js';

const DAY_MS = 86_400_000;

/** A segment's 5-minute averages (interface_5m): a→b is the measuring interface's out_bps, b→a its in_bps. */
export interface SegmentBucketIn { segment: string; time: number; abBps: number; baBps: number }
export interface PollIn { device: string; time: number; status: PollStatus }
export interface HotspotPointIn { hotspot: string; time: number; up: boolean; clients: number }
/** Open-hours mean clients over the rule's window ending now, and over the window before it. */
export interface HotspotUsageIn { hotspot: string; meanNow: number | null; meanPrev: number | null }
/** The forecast of analytics/forecast.ts for one segment. */
export type ForecastIn = { segment: string } & Forecast;
/** What a collector's /metrics (or status file) says; null figures when it could not be read. */
export interface CollectorIn { name: string; spoolBytes: number | null; spoolBatches: number | null; droppedPoints: number | null }

export interface EvalInput {
  /** Evaluation time, epoch ms (a tick of the interval grid). */
  now: number;
  /** Start of the lookback the raw inputs cover (polls, hotspot points). */
  since: number;
  cadastre: Pick<Cadastre, 'segments' | 'devices' | 'hotspots' | 'sites' | 'owners' | 'policy'>;
  // An absent input means its source could not be read: its rules are not evaluated (their alerts hold).
  segmentBuckets?: readonly SegmentBucketIn[];
  forecasts?: readonly ForecastIn[];
  polls?: readonly PollIn[];
  hotspotPoints?: readonly HotspotPointIn[];
  hotspotUsage?: readonly HotspotUsageIn[];
  collectors?: readonly CollectorIn[];
}

export interface Observation {
  fingerprint: string;
  rule: RuleName;
  /** The subject's id (segment, device, hotspot or collector name). */
  subject: string;
  labels: Record<string, string>;
  /** null: no data to decide — the alert keeps its state. */
  active: boolean | null;
  /** How long the current condition (active or clear) has held according to the data; 0 when unknown. */
  heldMs: number;
  /** The rule's `for`: active this long to fire, clear this long to resolve. */
  forMs: number;
  /** The sentence: figure, unit, threshold. */
  summary: string;
  /** More detail (for operators; may name device addresses). */
  description: string;
  value: number | null;
}

export interface EvalResult {
  observations: Observation[];
  /** Rules whose inputs were present: an alert of such a rule without an observation is resolved. */
  evaluated: RuleName[];
}

/** Stable identity of an alert: the rule and its subject (labels like severity may change with the policy). */
export function fingerprintOf(rule: RuleName, subject: string): string {
  return createHash('sha256').update(`${rule}\u0000${RULE_SUBJECT[rule]}=${subject}`).digest('hex').slice(0, 16);
}

// ---- formatting: figures carry units ----

export { formatBps };
export function formatBytes(b: number): string {
  const units: [number, string][] = [[1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']];
  for (const [f, u] of units) if (Math.abs(b) >= f) return `${trim(b / f)} ${u}`;
  return `${Math.round(b)} B`;
}
function trim(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60), rm = m % 60;
  if (h < 48) return rm ? `${h} h ${rm} min` : `${h} h`;
  return `${Math.round(h / 24)} d`;
}
const pct = (share: number): string => formatPercent(share * 100);

// ---- helpers ----

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it); else m.set(k, [it]);
  }
  for (const list of m.values()) (list as { time: number }[]).sort((a, b) => a.time - b.time);
  return m;
}

interface Timed { time: number; good: boolean }
/**
 * A subject polled every `intervalMs`: it is bad now when its last sample is bad or is older than two
 * intervals (a whole interval without data). Bad: held since the last good sample (or one interval before
 * the first sample seen). Good: held since the start of the current run of good samples without a gap.
 */
export function goodBadRun(samples: readonly Timed[], now: number, intervalMs: number): { active: boolean; heldMs: number } | null {
  const latest = samples[samples.length - 1];
  if (!latest) return null;
  const stale = now - latest.time >= 2 * intervalMs;
  if (latest.good && !stale) {
    let i = samples.length - 1;
    while (i > 0 && samples[i - 1].good && samples[i].time - samples[i - 1].time < 2 * intervalMs) i--;
    return { active: false, heldMs: now - samples[i].time };
  }
  let lastGood: Timed | undefined;
  for (let i = samples.length - 1; i >= 0; i--) if (samples[i].good) { lastGood = samples[i]; break; }
  return { active: true, heldMs: lastGood ? now - lastGood.time : now - samples[0].time + intervalMs };
}

// ---- the rules ----

export function evaluate(input: EvalInput): EvalResult {
  const { now, cadastre: c } = input;
  const policy = c.policy.alerts;
  const sites = new Map(c.sites.map((s) => [s.id, s]));
  const owners = new Map(c.owners.map((o) => [o.id, o]));
  const devices = new Map(c.devices.map((d) => [d.id, d]));
  const out: Observation[] = [];
  const evaluated: RuleName[] = [];
  const obs = (rule: RuleName, subject: string, severity: Severity, extra: Record<string, string>, o: Omit<Observation, 'fingerprint' | 'rule' | 'subject' | 'labels'>): void => {
    out.push({
      fingerprint: fingerprintOf(rule, subject), rule, subject,
      labels: { alertname: rule, rule, severity, [RULE_SUBJECT[rule]]: subject, ...extra },
      ...o,
    });
  };
  /** No data to decide: the alert, if any, keeps its state (only a disabled rule or a removed subject resolves it). */
  const undecided = (rule: RuleName, subject: string): void => {
    out.push({ fingerprint: fingerprintOf(rule, subject), rule, subject, labels: {}, active: null, heldMs: 0, forMs: 0, summary: '', description: '', value: null });
  };
  const pollIntervalMs = (deviceId: string): number =>
    (devices.get(deviceId)?.intervalSeconds ?? policy.defaultPollIntervalSeconds) * 1000;

  const segmentLabels = (seg: Cadastre['segments'][number]): Record<string, string> => {
    const l: Record<string, string> = { owner: seg.owner };
    const commune = sites.get(seg.a)?.commune;
    if (commune) l.commune = commune;
    return l;
  };
  const segmentName = (seg: Cadastre['segments'][number]): string => `Segment ${seg.id} (${owners.get(seg.owner)?.name ?? seg.owner})`;

  // segment-hot: the latest complete 5-minute buckets against a share of lit capacity, either direction.
  if (input.segmentBuckets) {
    evaluated.push('segment-hot');
    const bySegment = groupBy(input.segmentBuckets.filter((b) => b.time + BUCKET_MS <= now), (b) => b.segment);
    for (const seg of c.segments) {
      const cfg = ruleFor(policy, 'segment-hot', seg.id);
      if (!cfg.enabled) continue;
      const buckets = bySegment.get(seg.id) ?? [];
      const latest = buckets[buckets.length - 1];
      // The rollup of the last bucket may land a little late: one missing bucket is not yet "no data".
      const lastComplete = Math.floor(now / BUCKET_MS) * BUCKET_MS - BUCKET_MS;
      if (!latest || latest.time < lastComplete - BUCKET_MS) { undecided('segment-hot', seg.id); continue; }
      const cap = seg.litCapacityBps;
      const hot = (b: SegmentBucketIn): boolean => Math.max(b.abBps, b.baBps) / cap > cfg.threshold;
      const state = hot(latest);
      let run = 1;
      for (let i = buckets.length - 1; i > 0 && buckets[i].time - buckets[i - 1].time === BUCKET_MS && hot(buckets[i - 1]) === state; i--) run++;
      const ab = latest.abBps >= latest.baBps;
      const share = (ab ? latest.abBps : latest.baBps) / cap;
      const dir = ab ? 'a→b' : 'b→a';
      const heldMs = run * BUCKET_MS;
      const summary = state
        ? `${segmentName(seg)} ${dir} at ${pct(share)} of ${formatBps(cap)} for ${formatDuration(heldMs)}, threshold ${pct(cfg.threshold)}`
        : `${segmentName(seg)} ${dir} at ${pct(share)} of ${formatBps(cap)}, under the ${pct(cfg.threshold)} threshold for ${formatDuration(heldMs)}`;
      obs('segment-hot', seg.id, cfg.severity, segmentLabels(seg), {
        active: state, heldMs, forMs: cfg.buckets * BUCKET_MS, summary,
        description: `${summary}. 5-minute average of ${formatBps(ab ? latest.abBps : latest.baBps)} in the bucket starting ${new Date(latest.time).toISOString()} (a→b ${formatBps(latest.abBps)}, b→a ${formatBps(latest.baBps)}); fires after ${cfg.buckets} consecutive buckets above, resolves after ${cfg.buckets} below.`,
        value: share,
      });
    }
  }

  // segment-saturation-forecast: the trend of daily p95 reaches maxLoad within the horizon.
  if (input.forecasts) {
    evaluated.push('segment-saturation-forecast');
    const bySegment = new Map(input.forecasts.map((f) => [f.segment, f]));
    for (const seg of c.segments) {
      const cfg = ruleFor(policy, 'segment-saturation-forecast', seg.id);
      const f = bySegment.get(seg.id);
      if (!cfg.enabled) continue;
      if (!f || f.levelBps === null) { undecided('segment-saturation-forecast', seg.id); continue; }
      const limit = now + cfg.horizonDays * DAY_MS;
      const active = f.aboveNow || (f.crossesAt !== null && f.crossesAt <= limit);
      const maxLoad = pct(c.policy.maxLoad);
      const trend = f.slopeBpsPerDay === null ? '' : ` (daily p95 trend ${f.slopeBpsPerDay >= 0 ? '+' : ''}${formatBps(f.slopeBpsPerDay)} per day over ${f.days} days)`;
      const summary = active
        ? f.aboveNow || (f.crossesAt !== null && f.crossesAt <= now)
          ? `${segmentName(seg)} p95 trend at ${pct(f.levelBps / seg.litCapacityBps)} of ${formatBps(seg.litCapacityBps)}, already above maxLoad ${maxLoad}`
          : `${segmentName(seg)} forecast to reach maxLoad ${maxLoad} of ${formatBps(seg.litCapacityBps)} on ${isoDay(f.crossesAt ?? now)}, within ${cfg.horizonDays} days`
        : `${segmentName(seg)} p95 trend at ${pct(f.levelBps / seg.litCapacityBps)} of ${formatBps(seg.litCapacityBps)}, not reaching maxLoad ${maxLoad} within ${cfg.horizonDays} days`;
      obs('segment-saturation-forecast', seg.id, cfg.severity, segmentLabels(seg), {
        active, heldMs: 0, forMs: cfg.for * 1000, summary, description: `${summary}${trend}.`,
        value: f.crossesAt === null ? null : (f.crossesAt - now) / DAY_MS,
      });
    }
  }

  // device-down and device-auth, from the `poll` points.
  if (input.polls) {
    evaluated.push('device-down', 'device-auth');
    const byDevice = groupBy(input.polls, (p) => p.device);
    for (const d of c.devices) {
      const polls = byDevice.get(d.id) ?? [];
      const site = sites.get(d.site);
      const labels: Record<string, string> = { site: d.site };
      if (site) labels.commune = site.commune;
      const where = `${d.role} at ${site?.name ?? d.site}, ${d.target}`;
      const intervalMs = pollIntervalMs(d.id);

      const down = ruleFor(policy, 'device-down', d.id);
      const run = down.enabled ? goodBadRun(polls.map((p) => ({ time: p.time, good: p.status === 'ok' })), now, intervalMs) : null;
      if (run) {
        const last = polls[polls.length - 1];
        const failed = polls.filter((p) => p.status !== 'ok' && now - p.time < run.heldMs).length;
        const threshold = `threshold ${down.intervals} intervals of ${formatDuration(intervalMs)}`;
        const summary = run.active
          ? `Device ${d.id} has had no successful poll for ${formatDuration(run.heldMs)} (${failed} failed, last ${now - last.time >= 2 * intervalMs ? 'no data' : last.status}), ${threshold}`
          : `Device ${d.id} answers again: successful polls for ${formatDuration(run.heldMs)}, ${threshold}`;
        obs('device-down', d.id, down.severity, labels, {
          active: run.active, heldMs: run.heldMs, forMs: down.intervals * intervalMs, summary,
          description: `${summary}. ${where}.`, value: run.heldMs / 1000,
        });
      } else if (down.enabled) undecided('device-down', d.id);

      const auth = ruleFor(policy, 'device-auth', d.id);
      const last = polls[polls.length - 1];
      if (auth.enabled && last) {
        const active = last.status === 'auth_error';
        let i = polls.length - 1;
        while (i > 0 && (polls[i - 1].status === 'auth_error') === active) i--;
        const heldMs = now - polls[i].time;
        const summary = active
          ? `Device ${d.id} refuses our SNMP credentials (auth_error) for ${formatDuration(heldMs)}`
          : `Device ${d.id} accepts our SNMP credentials again (last poll ${last.status})`;
        obs('device-auth', d.id, auth.severity, labels, {
          active, heldMs, forMs: auth.for * 1000, summary, description: `${summary}. ${where}.`, value: heldMs / 1000,
        });
      } else if (auth.enabled) undecided('device-auth', d.id);
    }
  }

  // hotspot-down: the AP not up, or no data, for M of its controller's poll intervals.
  if (input.hotspotPoints) {
    evaluated.push('hotspot-down');
    const byHotspot = groupBy(input.hotspotPoints, (p) => p.hotspot);
    for (const h of c.hotspots) {
      const cfg = ruleFor(policy, 'hotspot-down', h.id);
      if (!cfg.enabled) continue;
      const intervalMs = pollIntervalMs(h.controller);
      const points = byHotspot.get(h.id) ?? [];
      const run = goodBadRun(points.map((p) => ({ time: p.time, good: p.up })), now, intervalMs);
      if (!run) { undecided('hotspot-down', h.id); continue; }
      const last = points[points.length - 1];
      const threshold = `threshold ${cfg.intervals} intervals of ${formatDuration(intervalMs)}`;
      const summary = run.active
        ? `Hotspot ${h.id} (${h.name}, ${h.commune}) ${last.up ? 'has sent no data' : 'is not up'} for ${formatDuration(run.heldMs)}, ${threshold}`
        : `Hotspot ${h.id} (${h.name}, ${h.commune}) is up with ${last.clients} clients for ${formatDuration(run.heldMs)}, ${threshold}`;
      obs('hotspot-down', h.id, cfg.severity, { commune: h.commune, controller: h.controller }, {
        active: run.active, heldMs: run.heldMs, forMs: cfg.intervals * intervalMs, summary,
        description: `${summary}. AP ${h.apName} on controller ${h.controller}.`, value: run.heldMs / 1000,
      });
    }
  }

  // hotspot-underused: under-used over the last window, and not over the window before (newly).
  if (input.hotspotUsage) {
    evaluated.push('hotspot-underused');
    const byHotspot = new Map(input.hotspotUsage.map((u) => [u.hotspot, u]));
    for (const h of c.hotspots) {
      const cfg = ruleFor(policy, 'hotspot-underused', h.id);
      const u = byHotspot.get(h.id);
      if (!cfg.enabled) continue;
      if (!u || u.meanNow === null) { undecided('hotspot-underused', h.id); continue; }
      const threshold = cfg.thresholdClients ?? c.policy.underuseThresholdClients;
      const active = u.meanNow < threshold && u.meanPrev !== null && u.meanPrev >= threshold;
      const prev = u.meanPrev === null ? 'no data' : `${trim(u.meanPrev)} clients`;
      const summary = `Hotspot ${h.id} (${h.name}, ${h.commune}) averaged ${trim(u.meanNow)} clients in open hours over the last ${cfg.windowDays} days (the ${cfg.windowDays} days before: ${prev}), threshold ${trim(threshold)} clients`;
      obs('hotspot-underused', h.id, cfg.severity, { commune: h.commune, controller: h.controller }, {
        active, heldMs: 0, forMs: cfg.for * 1000, summary, description: `${summary}.`, value: u.meanNow,
      });
    }
  }

  // collector-backlog: spool depth above the threshold, or dropped points.
  if (input.collectors) {
    evaluated.push('collector-backlog');
    const cfg = policy.rules['collector-backlog'];
    if (cfg.enabled) {
      for (const col of input.collectors) {
        if (col.spoolBytes === null && col.droppedPoints === null) { undecided('collector-backlog', col.name); continue; }
        const spool = col.spoolBytes ?? 0;
        const dropped = col.droppedPoints ?? 0;
        const active = spool > cfg.spoolBytes || dropped > cfg.droppedPoints;
        const batches = col.spoolBatches === null ? '' : ` (${col.spoolBatches} batches)`;
        const summary = `Collector ${col.name} spool at ${formatBytes(spool)}${batches}, threshold ${formatBytes(cfg.spoolBytes)}; ${dropped} points dropped, threshold ${cfg.droppedPoints}`;
        obs('collector-backlog', col.name, cfg.severity, {}, {
          active, heldMs: 0, forMs: cfg.for * 1000, summary, description: `${summary}.`, value: spool,
        });
      }
    }
  }

  return { observations: out, evaluated };
}
