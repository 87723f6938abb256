// The alert rules' settings as data: they live in the cadastre's policy (policy.yaml, `alerts:`) and are
// validated here with zod like the rest of the cadastre (config/schema.ts imports AlertPolicy from here).
// The evaluation of each rule is the alerts stage's (alerts/).
import { z } from 'zod';
import { SecretRef } from './secret-ref.js';

export const RULE_NAMES = [
  'segment-hot', 'segment-saturation-forecast', 'device-down', 'device-auth', 'hotspot-down',
  'hotspot-underused', 'collector-backlog',
] as const;
export const RuleName = z.enum(RULE_NAMES);
export type RuleName = z.infer<typeof RuleName>;

export const Severity = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** What a rule is about: the label that names the entity of an alert. */
export const RULE_SUBJECT = {
  'segment-hot': 'segment',
  'segment-saturation-forecast': 'segment',
  'device-down': 'device',
  'device-auth': 'device',
  'hotspot-down': 'hotspot',
  'hotspot-underused': 'hotspot',
  'collector-backlog': 'collector',
} as const satisfies Record<RuleName, 'segment' | 'device' | 'hotspot' | 'collector'>;

// Each rule's fields. Defaults are filled by a transform, so that a rule or an override may set any subset.
const nonNegative = () => z.number().min(0, 'must be ≥ 0');
const count = () => z.number().int('must be a whole number').min(1, 'must be ≥ 1');
const seconds = () => z.number().min(0, 'must be ≥ 0 (seconds)');

const shapes = {
  'segment-hot': {
    enabled: z.boolean(),
    severity: Severity,
    /** Share (0..1] of lit capacity a 5-minute average must exceed, in either direction. */
    threshold: z.number().gt(0, 'must be > 0').max(1, 'a share of lit capacity, ≤ 1'),
    /** Consecutive 5-minute buckets above (to fire) or below (to resolve) the threshold. */
    buckets: count(),
  },
  'segment-saturation-forecast': {
    enabled: z.boolean(),
    severity: Severity,
    /** Fire when the forecast crosses policy.maxLoad within this many days. */
    horizonDays: z.number().gt(0, 'must be > 0'),
    /** The window of daily p95 the trend is fitted on. */
    windowDays: count(),
    for: seconds(),
  },
  'device-down': {
    enabled: z.boolean(),
    severity: Severity,
    /** Poll intervals without a successful poll (to fire), or with successful polls (to resolve). */
    intervals: count(),
  },
  'device-auth': { enabled: z.boolean(), severity: Severity, for: seconds() },
  'hotspot-down': {
    enabled: z.boolean(),
    severity: Severity,
    /** Controller poll intervals with the AP not up, or without data. */
    intervals: count(),
  },
  'hotspot-underused': {
    enabled: z.boolean(),
    severity: Severity,
    windowDays: count(),
    /** Open-hours mean clients below this is under-used; null = policy.underuseThresholdClients. */
    thresholdClients: nonNegative().nullable(),
    for: seconds(),
  },
  'collector-backlog': {
    enabled: z.boolean(),
    severity: Severity,
    /** Spool depth above which the collector is behind. */
    spoolBytes: nonNegative(),
    /** Dropped points above this fire (0: any dropped point fires). */
    droppedPoints: nonNegative(),
    for: seconds(),
  },
} as const;
type Shapes = typeof shapes;
type RuleValues = { [K in keyof Shapes]: z.infer<z.ZodObject<Shapes[K]>> };

const DEFAULTS: RuleValues = {
  'segment-hot': { enabled: true, severity: 'warning', threshold: 0.8, buckets: 3 },
  'segment-saturation-forecast': { enabled: true, severity: 'info', horizonDays: 90, windowDays: 30, for: 0 },
  'device-down': { enabled: true, severity: 'critical', intervals: 3 },
  'device-auth': { enabled: true, severity: 'warning', for: 0 },
  'hotspot-down': { enabled: true, severity: 'warning', intervals: 3 },
  'hotspot-underused': { enabled: true, severity: 'info', windowDays: 30, thresholdClients: null, for: 0 },
  'collector-backlog': { enabled: true, severity: 'warning', spoolBytes: 1_000_000, droppedPoints: 0, for: 0 },
};

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
function overrideSchema<R extends RuleName>(rule: R): z.ZodType<Partial<RuleValues[R]>> {
  return z.object(shapes[rule] as z.ZodRawShape).partial().strict() as unknown as z.ZodType<Partial<RuleValues[R]>>;
}
function ruleSchema<R extends RuleName>(rule: R): z.ZodType<RuleValues[R], Partial<RuleValues[R]>> {
  return overrideSchema(rule).transform((v) => ({ ...DEFAULTS[rule], ...defined(v) })) as unknown as z.ZodType<RuleValues[R], Partial<RuleValues[R]>>;
}

export const AlertRules = z.object({
  'segment-hot': ruleSchema('segment-hot').prefault({}),
  'segment-saturation-forecast': ruleSchema('segment-saturation-forecast').prefault({}),
  'device-down': ruleSchema('device-down').prefault({}),
  'device-auth': ruleSchema('device-auth').prefault({}),
  'hotspot-down': ruleSchema('hotspot-down').prefault({}),
  'hotspot-underused': ruleSchema('hotspot-underused').prefault({}),
  'collector-backlog': ruleSchema('collector-backlog').prefault({}),
}).strict();
export type AlertRules = z.infer<typeof AlertRules>;
export type RuleConfig<R extends RuleName> = RuleValues[R];

const SegmentOverride = z.object({
  'segment-hot': overrideSchema('segment-hot').optional(),
  'segment-saturation-forecast': overrideSchema('segment-saturation-forecast').optional(),
}).strict();
const DeviceOverride = z.object({
  'device-down': overrideSchema('device-down').optional(),
  'device-auth': overrideSchema('device-auth').optional(),
}).strict();
const HotspotOverride = z.object({
  'hotspot-down': overrideSchema('hotspot-down').optional(),
  'hotspot-underused': overrideSchema('hotspot-underused').optional(),
}).strict();


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
  /** A device's poll interval when the cadastre gives none (the collector's role default). */
  defaultPollIntervalSeconds: z.number().int().min(1).default(60),
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
