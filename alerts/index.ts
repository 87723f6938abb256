// The alert evaluator as a library: `startAlerts(options)` evaluates every rule on the interval grid,
// persists the state and delivers the outbox; `npm start` runs it in-process, alerts/cli.ts as a service.
import type { Cadastre } from '../config/schema.js';
import type { Figures } from '../analytics/model.js';
import type { InfluxStore } from '../store/influx.js';
import { JsonLogger, type Logger } from '../common/log.js';
import { Deliverer, type DeliveryOptions } from './deliver.js';
import { evaluate, type EvalResult } from './evaluate.js';
import { AlertSource, type CollectorSource } from './source.js';
import { step, type Transition } from './state.js';
import { loadState, saveState, type AlertState } from '../store/alert-state.js';
import { serveMetrics } from '../common/metrics.js';
import { AlertsMetrics } from './metrics.js';
import { DAY_MS, MINUTE_MS } from '../common/time.js';

export interface AlertsOptions {
  cadastre: Cadastre;
  store: InfluxStore;
  /** The state file (e.g. var/alerts/state.json); written atomically after every change. */
  statePath: string;
  /** The API's figures, shared under `npm start`; without them the forecast and underuse rules are not evaluated. */
  figures?: Figures;
  collectors?: readonly CollectorSource[];
  /** Overrides policy.alerts.receivers.alertmanager.url. */
  alertmanagerUrl?: string;
  /** Overrides policy.alerts.receivers.webhook (the secret itself, not its variable name). */
  webhook?: { url: string; secret: string };
  /** Where policy.alerts.receivers.webhook.secret.env is looked up. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Overrides policy.alerts.mapUrl. */
  mapUrl?: string;
  /** Overrides policy.alerts.intervalSeconds (tests use short ones). */
  intervalMs?: number;
  /** How often the outbox is looked at for due retries. Default 1 s. */
  deliverEveryMs?: number;
  backoff?: DeliveryOptions['backoff'];
  alertmanagerTtlMs?: number;
  slowEveryMs?: number;
  logger?: Logger;
  /** Serve the evaluator's /metrics, /health/live and /health/ready on 127.0.0.1:metricsPort (0 = any free port);
   *  unset: not served. */
  metricsPort?: number;
  now?: () => number;
  /**
   * Since when the network is watched (epoch ms; default: now at start). Silence before it does not count
   * towards device-down and hotspot-down: `npm start` passes the collector's start.
   */
  watchingSince?: number;
  /** After each evaluation (tests, progress lines). */
  onEvaluation?: (e: { at: number; transitions: Transition[]; result: EvalResult; state: AlertState }) => void;
}

export interface AlertsHandle {
  statePath: string;
  intervalMs: number;
  receivers: string[];
  metrics: AlertsMetrics;
  /** Where the metrics are served (when a metrics port was given). */
  metricsUrl?: string;
  /** The health endpoints' base URL (…/health/live, …/health/ready), when a metrics port was given. */
  healthUrl?: string;
  state(): AlertState;
  /** Evaluates at `at` (default: now) out of schedule; serialised with the scheduled work. */
  evaluateNow(at?: number): Promise<Transition[]>;
  /** Delivers what is due now. */
  deliverNow(): Promise<number>;
  /**
   * Evaluates with a new cadastre from the next evaluation on: devices, segments, hotspots and the rules' policy
   * (thresholds, intervals, per-subject overrides). The evaluation interval and the receivers stay as started.
   */
  reload(cadastre: Cadastre, figures?: Figures): Promise<void>;
  stop(): Promise<void>;
}

export class AlertsConfigError extends Error {
  constructor(message: string) { super(message); this.name = 'AlertsConfigError'; }
}

export async function startAlerts(opts: AlertsOptions): Promise<AlertsHandle> {
  const policy = opts.cadastre.policy.alerts;
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? new JsonLogger();
  const intervalMs = opts.intervalMs ?? policy.intervalSeconds * 1000;
  const watchingSince = opts.watchingSince ?? now();

  let webhook = opts.webhook;
  if (!webhook && policy.receivers.webhook) {
    const ref = policy.receivers.webhook.secret.env;
    const secret = (opts.env ?? process.env)[ref];
    if (!secret) throw new AlertsConfigError(`policy.yaml: alerts.receivers.webhook.secret: environment variable ${ref} is not set`);
    webhook = { url: policy.receivers.webhook.url, secret };
  }
  if (webhook) logger.addSecret(webhook.secret);
  const deliverer = new Deliverer({
    alertmanagerUrl: opts.alertmanagerUrl ?? policy.receivers.alertmanager?.url,
    webhook,
    mapUrl: opts.mapUrl ?? policy.mapUrl,
    backoff: opts.backoff,
    alertmanagerTtlMs: opts.alertmanagerTtlMs,
    logger,
  });
  const receivers = deliverer.receivers();
  const source = new AlertSource({
    cadastre: opts.cadastre, store: opts.store, figures: opts.figures, collectors: opts.collectors,
    slowEveryMs: opts.slowEveryMs,
    onError: (src, e) => logger.log('warn', 'alert source unreadable; its rules keep their state', { source: src, error: e instanceof Error ? e.message : String(e) }),
  });

  let state = loadState(opts.statePath);
  let historyMs = policy.historyDays * DAY_MS;
  const save = (): void => saveState(opts.statePath, state);
  if (state.outbox.length) logger.log('info', 'alerts: undelivered notifications from the last run', { count: state.outbox.length });

  // One thing at a time: evaluations and deliveries change the same state.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = chain.then(f);
    chain = p.catch(() => undefined);
    return p;
  };

  const deliver = (): Promise<number> => serial(async () => {
    if (!state.outbox.length) return 0;
    return deliverer.deliverDue(state, now, save);
  });

  const ruleNames = Object.keys(policy.rules);
  const metrics = new AlertsMetrics(ruleNames);

  // Readiness: the last evaluation completed, and recently (within two intervals and a minute).
  let lastEvaluatedAt: number | undefined;
  let lastError: string | undefined;
  const evaluateAt = (at: number): Promise<Transition[]> => serial(async () => {
    const started = performance.now();
    try {
      const transitions = await evaluateOnce(at);
      metrics.evaluations.inc({ result: 'ok' });
      lastEvaluatedAt = Date.now();
      lastError = undefined;
      return transitions;
    } catch (e) {
      metrics.evaluations.inc({ result: 'failed' });
      lastError = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      metrics.evaluationDuration.observe((performance.now() - started) / 1000);
      metrics.setFiring(ruleNames, Object.values(state.alerts));
    }
  });
  const evaluateOnce = async (at: number): Promise<Transition[]> => {
    const input = await source.read(at);
    const result = evaluate({ ...input, watchingSince });
    const next = step(state, result, at, { receivers, historyMs });
    state = next.state;
    save();
    for (const t of next.transitions) {
      logger.log('info', `alert ${t.status}`, { rule: t.rule, fingerprint: t.fingerprint, summary: state.alerts[t.fingerprint]?.annotations.summary ?? state.history[state.history.length - 1]?.annotations.summary });
    }
    opts.onEvaluation?.({ at, transitions: next.transitions, result, state });
    if (state.outbox.length) await deliverer.deliverDue(state, now, save);
    await deliverer.renew(state, now(), save);
    return next.transitions;
  };

  let stopped = false;
  let tickTimer: NodeJS.Timeout | undefined;
  const scheduleTick = (): void => {
    if (stopped) return;
    const t = now();
    const next = Math.floor(t / intervalMs) * intervalMs + intervalMs;
    tickTimer = setTimeout(() => {
      void evaluateAt(next).catch((e: unknown) => logger.log('error', 'alert evaluation failed', { error: e instanceof Error ? e.message : String(e) }))
        .finally(scheduleTick);
    }, Math.max(0, next - t));
  };
  const deliverTimer = setInterval(() => { void deliver().catch(() => undefined); }, opts.deliverEveryMs ?? 1000);

  // What a crash left undelivered goes out first; the first evaluation is at the latest grid tick.
  await deliver().catch(() => undefined);
  await evaluateAt(Math.floor(now() / intervalMs) * intervalMs).catch((e: unknown) => logger.log('error', 'alert evaluation failed', { error: e instanceof Error ? e.message : String(e) }));
  scheduleTick();
  const metricsServer = opts.metricsPort === undefined ? undefined : await serveMetrics(metrics.registry, opts.metricsPort, () => ({
    ready: lastError === undefined && lastEvaluatedAt !== undefined && Date.now() - lastEvaluatedAt <= 2 * intervalMs + MINUTE_MS,
    last_evaluation: lastEvaluatedAt === undefined ? null : new Date(lastEvaluatedAt).toISOString(),
    error: lastError,
  }));
  logger.log('info', 'alerts started', { intervalMs, receivers, statePath: opts.statePath, metrics: metricsServer?.url, rules: Object.entries(policy.rules).filter(([, r]) => r.enabled).map(([k]) => k) });

  return {
    statePath: opts.statePath,
    intervalMs,
    receivers,
    metrics,
    metricsUrl: metricsServer?.url,
    healthUrl: metricsServer?.url.replace(/\/metrics$/, '/health'),
    state: () => state,
    evaluateNow: (at) => evaluateAt(at ?? now()),
    deliverNow: deliver,
    // Between two evaluations (on the serial chain), so that one evaluation never mixes two policies.
    reload: (cadastre, figures) => serial(async () => {
      source.setCadastre(cadastre, figures);
      historyMs = cadastre.policy.alerts.historyDays * DAY_MS;
      logger.log('info', 'alerts reloaded', { devices: cadastre.devices.length, segments: cadastre.segments.length, hotspots: cadastre.hotspots.length, rules: Object.entries(cadastre.policy.alerts.rules).filter(([, r]) => r.enabled).map(([k]) => k) });
    }),
    async stop() {
      stopped = true;
      if (tickTimer) clearTimeout(tickTimer);
      clearInterval(deliverTimer);
      await chain;
      await new Promise<void>((r) => (metricsServer ? metricsServer.server.close(() => r()) : r()));
    },
  };
}

export type { CollectorSource } from './source.js';
