// The alert rules' settings as data: they live in the cadastre's policy (policy.yaml, `alerts:`) and are
// validated here with zod like the rest of the cadastre (config/schema.ts imports AlertPolicy from here).
// The evaluation of each rule is the alerts stage's (alerts/).
import { z } from 'zod';
import { SecretRef } from './secret-ref.js';

export const Severity = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** What a rule is about: the label that names the entity of an alert. */
export type SubjectKind = 'segment' | 'device' | 'hotspot' | 'collector';

// Each rule's fields. Defaults are filled by a transform, so that a rule or an override may set any subset.
const nonNegative = () => z.number().min(0, 'must be ≥ 0');
const count = () => z.number().int('must be a whole number').min(1, 'must be ≥ 1');
const seconds = () => z.number().min(0, 'must be ≥ 0 (seconds)');
const common = { enabled: z.boolean(), severity: Severity };

/**
 * Every rule's settings, once: its subject, its fields (zod) and their defaults. Names, subjects, the `rules:`
 * schema and the per-subject `overrides:` schemas below are derived from this table, so a new rule is one entry
 * here plus its module in alerts/rules/ (its evaluation) and one entry in alerts/rules/index.ts.
 */
const spec = <K extends SubjectKind, S extends z.ZodRawShape>(subject: K, shape: S, defaults: z.infer<z.ZodObject<S & typeof common>>) =>
  ({ subject, shape: { ...common, ...shape } as S & typeof common, defaults });

const SPECS = {
  'segment-hot': spec('segment', {
    /** Share (0..1] of lit capacity a 5-minute average must exceed, in either direction. */
    threshold: z.number().gt(0, 'must be > 0').max(1, 'a share of lit capacity, ≤ 1'),
    /** Consecutive 5-minute buckets above (to fire) or below (to resolve) the threshold. */
    buckets: count(),
  }, { enabled: true, severity: 'warning', threshold: 0.8, buckets: 3 }),
  'segment-saturation-forecast': spec('segment', {
    /** Fire when the forecast crosses policy.maxLoad within this many days. */
    horizonDays: z.number().gt(0, 'must be > 0'),
    /** The window of daily p95 the trend is fitted on. */
    windowDays: count(),
    for: seconds(),
  }, { enabled: true, severity: 'info', horizonDays: 90, windowDays: 30, for: 0 }),
  'device-down': spec('device', {
    /** Poll intervals without a successful poll (to fire), or with successful polls (to resolve). */
    intervals: count(),
  }, { enabled: true, severity: 'critical', intervals: 3 }),
  'device-auth': spec('device', { for: seconds() }, { enabled: true, severity: 'warning', for: 0 }),
  'hotspot-down': spec('hotspot', {
    /** Controller poll intervals with the AP not up, or without data. */
    intervals: count(),
  }, { enabled: true, severity: 'warning', intervals: 3 }),
  'hotspot-underused': spec('hotspot', {
    windowDays: count(),
    /** Open-hours mean clients below this is under-used; null = policy.underuseThresholdClients. */
    thresholdClients: nonNegative().nullable(),
    for: seconds(),
  }, { enabled: true, severity: 'info', windowDays: 30, thresholdClients: null, for: 0 }),
  'collector-backlog': spec('collector', {
    /** Spool depth above which the collector is behind. */
    spoolBytes: nonNegative(),
    /** Dropped points above this fire (0: any dropped point fires). */
    droppedPoints: nonNegative(),
    for: seconds(),
  }, { enabled: true, severity: 'warning', spoolBytes: 1_000_000, droppedPoints: 0, for: 0 }),
};
type Specs = typeof SPECS;
type RuleValues = { [K in keyof Specs]: Specs[K]['defaults'] };

export const RULE_NAMES = Object.keys(SPECS) as (keyof Specs)[];
export const RuleName = z.enum(RULE_NAMES as [keyof Specs, ...(keyof Specs)[]]);
export type RuleName = z.infer<typeof RuleName>;

/** What each rule is about. */
export const RULE_SUBJECT = Object.fromEntries(RULE_NAMES.map((r) => [r, SPECS[r].subject])) as { [K in RuleName]: Specs[K]['subject'] };

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
function overrideSchema<R extends RuleName>(rule: R): z.ZodType<Partial<RuleValues[R]>> {
  return z.object(SPECS[rule].shape as z.ZodRawShape).partial().strict() as unknown as z.ZodType<Partial<RuleValues[R]>>;
}
function ruleSchema<R extends RuleName>(rule: R): z.ZodType<RuleValues[R], Partial<RuleValues[R]>> {
  return overrideSchema(rule).transform((v) => ({ ...SPECS[rule].defaults, ...defined(v) })) as unknown as z.ZodType<RuleValues[R], Partial<RuleValues[R]>>;
}

export const AlertRules = z.object(
  Object.fromEntries(RULE_NAMES.map((r) => [r, ruleSchema(r).prefault({})])) as unknown as { [K in RuleName]: z.ZodPrefault<z.ZodType<RuleValues[K], Partial<RuleValues[K]>>> },
).strict();
export type AlertRules = z.infer<typeof AlertRules>;
export type RuleConfig<R extends RuleName> = RuleValues[R];

/** The overrides of the rules about one kind of subject (a segment's, a device's, a hotspot's). */
const overridesOf = (kind: SubjectKind) => z.object(
  Object.fromEntries(RULE_NAMES.filter((r) => SPECS[r].subject === kind).map((r) => [r, overrideSchema(r).optional()])),
).strict();
const SegmentOverride = overridesOf('segment');
const DeviceOverride = overridesOf('device');
const HotspotOverride = overridesOf('hotspot');


export const AlertReceivers = z.object({
  /** Alertmanager base URL (…/api/v2/alerts is appended). */
  alertmanager: z.object({ url: z.string().url() }).strict().optional(),
  /** A JSON webhook signed with HMAC-SHA256 of the body (header X-Irisnet-Signature: sha256=<hex>). */
  webhook: z.object({ url: z.string().url(), secret: SecretRef }).strict().optional(),
}).strict();
export type AlertReceivers = z.infer<typeof AlertReceivers>;

export const AlertPolicy = z.object({
  /** Evaluation interval: the evaluator ticks on this grid (multiples of it since the epoch). */
  intervalSeconds: z.number().int().min(1).max(3600).default(60),
  /**
   * Superseded by policy.pollIntervals.seconds (config/poll-interval.ts); when set, it is the default poll
   * interval for devices whose role has none, for the collector and the evaluator alike.
   */
  defaultPollIntervalSeconds: z.number().int().min(1).optional(),
  rules: AlertRules.prefault({}),
  overrides: z.object({
    segments: z.record(z.string(), SegmentOverride).default({}),
    devices: z.record(z.string(), DeviceOverride).default({}),
    hotspots: z.record(z.string(), HotspotOverride).default({}),
  }).strict().prefault({}),
  receivers: AlertReceivers.prefault({}),
  /** Base URL of the map, for generatorURL links (…/?segment=ID). */
  mapUrl: z.string().url().optional(),
  /** How long resolved alerts stay in the history (GET /api/alerts). */
  historyDays: z.number().int().min(1).default(30),
}).strict();
export type AlertPolicy = z.infer<typeof AlertPolicy>;
export type AlertPolicyInput = z.input<typeof AlertPolicy>;

export const DEFAULT_ALERT_POLICY: AlertPolicy = AlertPolicy.parse({});

type SubjectOf<R extends RuleName> = (typeof RULE_SUBJECT)[R];
const overrideKey = { segment: 'segments', device: 'devices', hotspot: 'hotspots' } as const;

/** The settings of `rule` for one segment/device/hotspot: the rule's defaults with the entity's override on top. */
export function ruleFor<R extends RuleName>(policy: AlertPolicy, rule: R, id?: string): RuleConfig<R> {
  const base = policy.rules[rule];
  const subject: SubjectOf<R> = RULE_SUBJECT[rule];
  if (id === undefined || subject === 'collector') return base;
  const table = policy.overrides[overrideKey[subject as 'segment' | 'device' | 'hotspot']] as Record<string, Record<string, object | undefined>>;
  const o = table[id]?.[rule];
  if (!o) return base;
  return { ...base, ...defined(o) } as RuleConfig<R>;
}
