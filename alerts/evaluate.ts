// Rule evaluation over plain data: no I/O, no clock. alerts/source.ts fetches the inputs from InfluxDB (and the
// collector's /metrics); each rule (alerts/rules/<rule>.ts, listed in alerts/rules/index.ts) turns them into
// observations; alerts/state.ts turns the observations into pending/firing/resolved transitions.
import { createHash } from 'node:crypto';
import { ruleFor, RULE_NAMES, RULE_SUBJECT, type RuleName } from '../config/alert-policy.js';
import { pollIntervalMsOf } from '../config/poll-interval.js';
import { RULES } from './rules/index.js';
import { alertDescription, render } from '../common/i18n.js';
import type { EvalInput, EvalResult, Observation, RuleContext } from './rules/rule.js';

export type {
  CollectorIn, EvalInput, EvalResult, ForecastIn, HotspotPointIn, HotspotUsageIn, Observation, PollIn, SegmentBucketIn,
} from './rules/rule.js';
export { formatBps, formatBytes, formatDuration, goodBadRun } from './rules/rule.js';

/** Stable identity of an alert: the rule and its subject (labels like severity may change with the policy). */
export function fingerprintOf(rule: RuleName, subject: string): string {
  return createHash('sha256').update(`${rule}\u0000${RULE_SUBJECT[rule]}=${subject}`).digest('hex').slice(0, 16);
}

export function evaluate(input: EvalInput): EvalResult {
  const c = input.cadastre;
  const policy = c.policy.alerts;
  const sites = new Map(c.sites.map((s) => [s.id, s]));
  const owners = new Map(c.owners.map((o) => [o.id, o]));
  const watchingSince = input.watchingSince ?? Number.NEGATIVE_INFINITY;
  const pollIntervalMs = (deviceId: string): number => pollIntervalMsOf(c, deviceId);
  const observations: Observation[] = [];
  const evaluated: RuleName[] = [];
  for (const name of RULE_NAMES) {
    const ctx: RuleContext<typeof name> = {
      input, now: input.now, cadastre: c, watchingSince, sites, owners, pollIntervalMs,
      settings: (id) => ruleFor(policy, name, id),
      observe: (subject, severity, labels, o) => {
        observations.push({
          fingerprint: fingerprintOf(name, subject), rule: name, subject,
          labels: { alertname: name, rule: name, severity, [RULE_SUBJECT[name]]: subject, ...labels },
          summary: render(o.says, 'en'), description: alertDescription(o.says, o.detail, 'en'),
          ...o,
        });
      },
      undecided: (subject) => {
        observations.push({ fingerprint: fingerprintOf(name, subject), rule: name, subject, labels: {}, active: null, heldMs: 0, forMs: 0, summary: '', description: '', value: null });
      },
    };
    if ((RULES[name] as { evaluate(ctx: RuleContext<typeof name>): boolean }).evaluate(ctx)) evaluated.push(name);
  }
  return { observations, evaluated };
}
