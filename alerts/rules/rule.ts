// What every alert rule module (alerts/rules/<rule>.ts) works with: the evaluator's plain inputs, the
// observation a rule yields per subject, the context it evaluates in, and the helpers the rules share
// (formatting figures with their units, runs of good and bad samples).
//
// Each rule yields, per subject (segment, device, hotspot, collector), an observation: is the condition
// active now, and for how long the data says the current condition (active or clear) has held. A rule's
// `for` is then compared with that duration by the state machine, so a restart of the evaluator does not
// restart the clocks: they come from the data.
import type { Cadastre, Owner, Site } from '../../config/schema.js';
import type { PollStatus } from '../../store/schema.js';
import type { RuleConfig, RuleName, Severity } from '../../config/alert-policy.js';
import type { Forecast } from '../../analytics/forecast.js';
import type { SegmentFibre } from '../../analytics/optics.js';
import { DAY_MS } from '../../common/time.js';
import { formatBps, formatPercent, isoDay } from '../../common/units.js';
import { formatBytes, formatDuration, type Sentence } from '../../common/i18n.js';

// The one formatter of bit rates and days (common/units.ts), and the one day length, for the rules.
export { DAY_MS, formatBps, isoDay };

/** A segment's 5-minute averages (interface_5m): a→b is the measuring interface's out_bps, b→a its in_bps. */
export interface SegmentBucketIn { segment: string; time: number; abBps: number; baBps: number }
export interface PollIn { device: string; time: number; status: PollStatus }
export interface HotspotPointIn { hotspot: string; time: number; up: boolean; clients: number }
/** Open-hours mean clients over the rule's window ending now, and over the window before it. */
export interface HotspotUsageIn { hotspot: string; meanNow: number | null; meanPrev: number | null }
/** The forecast of analytics/forecast.ts for one segment. */
export type ForecastIn = { segment: string } & Forecast;
/** A segment's fibre health (analytics/optics.ts) over the fibre-degrading window. */
export type FibreIn = { segment: string } & SegmentFibre;
/** The measuring interface's errored packets per second over the fibre-errors window; null: no such counter. */
export interface LinkErrorsIn { segment: string; inErrorsPs: number | null; outErrorsPs: number | null }
/** What a collector's /metrics (or status file) says; null figures when it could not be read. */
export interface CollectorIn { name: string; spoolBytes: number | null; spoolBatches: number | null; droppedPoints: number | null }

export interface EvalInput {
  /** Evaluation time, epoch ms (a tick of the interval grid). */
  now: number;
  /** Start of the lookback the raw inputs cover (polls, hotspot points). */
  since: number;
  /**
   * When the evaluator started (epoch ms): silence before it does not count towards device-down and hotspot-down
   * (analytics/device-status.ts), so no device alert fires before its first poll was due plus its intervals.
   * Absent: the whole lookback counts.
   */
  watchingSince?: number;
  cadastre: Pick<Cadastre, 'segments' | 'devices' | 'hotspots' | 'sites' | 'owners' | 'policy'>;
  // An absent input means its source could not be read: its rules are not evaluated (their alerts hold).
  segmentBuckets?: readonly SegmentBucketIn[];
  forecasts?: readonly ForecastIn[];
  polls?: readonly PollIn[];
  hotspotPoints?: readonly HotspotPointIn[];
  hotspotUsage?: readonly HotspotUsageIn[];
  collectors?: readonly CollectorIn[];
  fibres?: readonly FibreIn[];
  linkErrors?: readonly LinkErrorsIn[];
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
  /** The sentence: figure, unit, threshold (English). */
  summary: string;
  /** The same sentence as values, rendered in French and Dutch for the annotations summary_fr, summary_nl. */
  says?: Sentence;
  /** The summary and more detail (for operators; may name device addresses), English. */
  description: string;
  /** The detail as values: the description in French and Dutch (description_fr, description_nl) is said from says and it. */
  detail?: Sentence;
  value: number | null;
}

export interface EvalResult {
  observations: Observation[];
  /** Rules whose inputs were present: an alert of such a rule without an observation is resolved. */
  evaluated: RuleName[];
}

// ---- formatting: figures carry units ----

// One implementation of each, in the catalogue (common/i18n.ts); English here.
export { formatBytes, formatDuration };
export const pct = (share: number): string => formatPercent(share * 100);

// ---- helpers ----

export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
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

// ---- the rule contract ----

/**
 * An observation as a rule states it, its words as sentences of the catalogue (common/i18n.ts): the evaluator adds
 * the fingerprint, the rule, the standard labels, and the English summary and description said from them.
 */
export type ObservationBody = Omit<Observation, 'fingerprint' | 'rule' | 'subject' | 'labels' | 'summary' | 'description' | 'says'> & { says: Sentence };

export interface RuleContext<R extends RuleName> {
  input: EvalInput;
  now: number;
  cadastre: EvalInput['cadastre'];
  /** Silence before this (epoch ms) does not count (analytics/device-status.ts); -Infinity when absent. */
  watchingSince: number;
  /** The rule's settings, with the subject's override on top when `id` is given (config/alert-policy.ts). */
  settings(id?: string): RuleConfig<R>;
  /** A device's poll interval (config/poll-interval.ts). */
  pollIntervalMs(deviceId: string): number;
  sites: ReadonlyMap<string, Site>;
  owners: ReadonlyMap<string, Owner>;
  /** Records the observation of one subject; `labels` are the rule's own (commune, owner…). */
  observe(subject: string, severity: Severity, labels: Record<string, string>, o: ObservationBody): void;
  /** No data to decide: the alert, if any, keeps its state (only a disabled rule or a removed subject resolves it). */
  undecided(subject: string): void;
}

/**
 * One alert rule: its name (its settings, defaults and subject are config/alert-policy.ts's entry of that name)
 * and its evaluation. `evaluate` returns false when the input it reads is absent (its source could not be read):
 * the rule is then not evaluated and its alerts keep their state.
 */
export interface AlertRule<R extends RuleName = RuleName> {
  name: R;
  evaluate(ctx: RuleContext<R>): boolean;
}

export const defineRule = <R extends RuleName>(rule: AlertRule<R>): AlertRule<R> => rule;

export type SegmentOf = EvalInput['cadastre']['segments'][number];
/** The labels of a segment's alerts. */
export function segmentLabels(ctx: Pick<RuleContext<RuleName>, 'sites'>, seg: SegmentOf): Record<string, string> {
  const l: Record<string, string> = { owner: seg.owner };
  const commune = ctx.sites.get(seg.a)?.commune;
  if (commune) l.commune = commune;
  return l;
}
export const segmentName = (ctx: Pick<RuleContext<RuleName>, 'owners'>, seg: SegmentOf): string => `Segment ${seg.id} (${ctx.owners.get(seg.owner)?.name ?? seg.owner})`;

/**
 * The loop of a rule over segments reading an input keyed by segment: each enabled segment with its settings and
 * its entry (undefined when the input has none). False, without visiting, when the input is absent.
 */
export function eachSegment<R extends RuleName, T extends { segment: string }>(
  ctx: RuleContext<R>, input: readonly T[] | undefined, visit: (seg: SegmentOf, cfg: RuleConfig<R>, entry: T | undefined) => void,
): boolean {
  if (!input) return false;
  const bySegment = new Map(input.map((x) => [x.segment, x]));
  for (const seg of ctx.cadastre.segments) {
    const cfg = ctx.settings(seg.id);
    if (cfg.enabled) visit(seg, cfg, bySegment.get(seg.id));
  }
  return true;
}
