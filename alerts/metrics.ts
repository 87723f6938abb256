// The alert evaluator's own metrics (prom-client, one Registry per evaluator): evaluation time, evaluations by
// result, alerts firing by rule. Served on loopback at /metrics when a metrics port is given (alerts/cli.ts
// --metrics-port).
import { Gauge, Histogram, Registry } from 'prom-client';
import { SyncCounter } from '../common/metrics.js';

export class AlertsMetrics {
  readonly registry = new Registry();
  readonly evaluations = new SyncCounter(this.registry, {
    name: 'alerts_evaluations_total', help: 'Evaluations of every rule, by result (ok, failed).', labelNames: ['result'],
  }, [{ result: 'ok' }, { result: 'failed' }]);
  readonly evaluationDuration = new Histogram({
    name: 'alerts_evaluation_duration_seconds', help: 'Time of one evaluation: reading the sources, evaluating the rules, saving the state, delivering what is due.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [this.registry],
  });
  readonly firing = new Gauge({ name: 'alerts_firing', help: 'Alerts firing now, by rule.', labelNames: ['rule'], registers: [this.registry] });

  /** Every rule of the policy at 0 from the start. */
  constructor(rules: Iterable<string> = []) {
    for (const rule of rules) this.firing.set({ rule }, 0);
  }

  /** Sets the firing count of every rule (those without a firing alert at 0) from the alert state. */
  setFiring(rules: Iterable<string>, alerts: Iterable<{ rule: string; status: string }>): void {
    const counts = new Map<string, number>();
    for (const rule of rules) counts.set(rule, 0);
    for (const a of alerts) if (a.status === 'firing') counts.set(a.rule, (counts.get(a.rule) ?? 0) + 1);
    for (const [rule, n] of counts) this.firing.set({ rule }, n);
  }
}
