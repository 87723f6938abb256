// Delivery of the outbox: Prometheus Alertmanager (API v2, POST /api/v2/alerts) and a JSON webhook signed
// with HMAC-SHA256. Each notification is delivered once per receiver (again only if the evaluator dies between a
// receiver's answer and the state write); while a receiver is down it is retried
// with exponential backoff; a refusal that retrying cannot fix (HTTP 4xx) is recorded in state.failed.
// The webhook secret is held only in this module's closure: it is never logged nor put in an error.
import { createHmac } from 'node:crypto';
import { RULE_SUBJECT } from '../config/alert-policy.js';
import { markDelivered } from './state.js';
import { type AlertState, type Notification, type ReceiverName } from '../store/alert-state.js';

export interface Logger { log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void }

export interface DeliveryOptions {
  /** Alertmanager base URL, e.g. http://127.0.0.1:9093 */
  alertmanagerUrl?: string;
  webhook?: { url: string; secret: string };
  /** Base URL of the map for generatorURL (…#segment=S-1). */
  mapUrl?: string;
  /** First retry after baseMs, doubling up to maxMs. Defaults 1 s and 5 min. */
  backoff?: { baseMs: number; maxMs: number };
  timeoutMs?: number;
  /**
   * Alertmanager drops a firing alert once its endsAt has passed, so firing alerts are posted with
   * endsAt = now + ttl and posted again (the same alert: Alertmanager does not notify again) every ttl/2.
   * Default 1 h.
   */
  alertmanagerTtlMs?: number;
  logger?: Logger;
}

export class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function generatorUrl(mapUrl: string | undefined, n: Pick<Notification, 'rule' | 'labels'>): string {
  const base = mapUrl ?? 'http://127.0.0.1:8080/';
  const kind = RULE_SUBJECT[n.rule];
  const id = n.labels[kind];
  return id ? `${base.replace(/#.*$/, '')}#${kind}=${encodeURIComponent(id)}` : base;
}

const iso = (t: number): string => new Date(t).toISOString();

/** One Alertmanager v2 postable alert. */
export function alertmanagerAlert(n: Pick<Notification, 'rule' | 'labels' | 'annotations' | 'startsAt' | 'endsAt' | 'status'>, sentAt: number, opts: Pick<DeliveryOptions, 'mapUrl' | 'alertmanagerTtlMs'>): Record<string, unknown> {
  const endsAt = n.status === 'resolved' ? n.endsAt ?? sentAt : sentAt + (opts.alertmanagerTtlMs ?? 3_600_000);
  return {
    labels: n.labels,
    // The summary and description in the three languages of Brussels: Alertmanager templates pick summary,
    // summary_fr or summary_nl, description, description_fr or description_nl.
    annotations: {
      summary: n.annotations.summary, description: n.annotations.description,
      ...(n.annotations.summary_fr ? { summary_fr: n.annotations.summary_fr } : {}),
      ...(n.annotations.summary_nl ? { summary_nl: n.annotations.summary_nl } : {}),
      ...(n.annotations.description_fr ? { description_fr: n.annotations.description_fr } : {}),
      ...(n.annotations.description_nl ? { description_nl: n.annotations.description_nl } : {}),
    },
    startsAt: iso(n.startsAt),
    endsAt: iso(endsAt),
    generatorURL: generatorUrl(opts.mapUrl, n),
  };
}

export function webhookBody(n: Notification, mapUrl: string | undefined): string {
  return JSON.stringify({
    version: 1,
    id: n.id,
    fingerprint: n.fingerprint,
    status: n.status,
    rule: n.rule,
    labels: n.labels,
    annotations: n.annotations,
    startsAt: iso(n.startsAt),
    endsAt: n.endsAt === undefined ? null : iso(n.endsAt),
    generatorURL: generatorUrl(mapUrl, n),
  });
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, what: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    throw new DeliveryError(`${what} at ${new URL(url).host} unreachable: ${cause}`, false);
  }
  const text = (await res.text()).slice(0, 200).trim();
  if (res.ok) return;
  const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  throw new DeliveryError(`${what} at ${new URL(url).host} answered HTTP ${res.status}${text ? `: ${text}` : ''}`, permanent);
}

export class Deliverer {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly timeoutMs: number;
  private readonly send: Partial<Record<ReceiverName, (n: Notification, now: number) => Promise<void>>> = {};

  constructor(private readonly opts: DeliveryOptions) {
    this.baseMs = opts.backoff?.baseMs ?? 1000;
    this.maxMs = opts.backoff?.maxMs ?? 300_000;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    if (opts.alertmanagerUrl) {
      const url = new URL('api/v2/alerts', opts.alertmanagerUrl.endsWith('/') ? opts.alertmanagerUrl : `${opts.alertmanagerUrl}/`).toString();
      this.send.alertmanager = (n, now) => post(url, JSON.stringify([alertmanagerAlert(n, now, opts)]), {}, this.timeoutMs, 'Alertmanager');
    }
    if (opts.webhook) {
      const { url, secret } = opts.webhook;
      this.send.webhook = (n) => {
        const body = webhookBody(n, opts.mapUrl);
        return post(url, body, { 'X-Irisnet-Signature': signature(secret, body), 'X-Irisnet-Delivery': n.id }, this.timeoutMs, 'webhook');
      };
    }
  }

  receivers(): ReceiverName[] {
    return (Object.keys(this.send) as ReceiverName[]).sort();
  }

  /**
   * Sends every due notification, oldest first; a notification waits while an older one of the same alert
   * is undelivered to that receiver (so a resolution never overtakes its firing). `save` persists the state
   * after each change. Returns the number of deliveries made.
   */
  async deliverDue(state: AlertState, now: () => number, save: () => void): Promise<number> {
    let delivered = 0;
    // A receiver removed from the configuration since the notification was queued will never take it.
    for (const n of [...state.outbox]) {
      for (const r of Object.keys(n.pending) as ReceiverName[]) {
        if (this.send[r]) continue;
        state.failed = [...state.failed, { id: n.id, receiver: r, error: 'receiver no longer configured', at: now() }].slice(-500);
        markDelivered(state, n.id, r, now());
        this.opts.logger?.log('warn', 'alert dropped for a receiver that is no longer configured', { receiver: r, id: n.id });
        save();
      }
    }
    for (const receiver of this.receivers()) {
      const send = this.send[receiver];
      if (!send) continue;
      const blocked = new Set<string>();
      for (const n of [...state.outbox]) {
        const attempt = n.pending[receiver];
        if (!attempt) continue;
        if (blocked.has(n.fingerprint) || attempt.nextAttemptAt > now()) { blocked.add(n.fingerprint); continue; }
        const t = now();
        try {
          await send(n, t);
          markDelivered(state, n.id, receiver, t);
          if (receiver === 'alertmanager' && n.status === 'firing' && state.alerts[n.fingerprint]) state.alerts[n.fingerprint].alertmanagerSentAt = t;
          delivered++;
          this.opts.logger?.log('info', 'alert delivered', { receiver, id: n.id, rule: n.rule, status: n.status, attempts: attempt.attempts + 1 });
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          const permanent = e instanceof DeliveryError && e.permanent;
          if (permanent) {
            state.failed = [...state.failed, { id: n.id, receiver, error: message, at: t }].slice(-500);
            markDelivered(state, n.id, receiver, t);
            this.opts.logger?.log('error', 'alert refused by receiver; not retried', { receiver, id: n.id, error: message });
          } else {
            attempt.attempts++;
            attempt.nextAttemptAt = t + Math.min(this.maxMs, this.baseMs * 2 ** (attempt.attempts - 1));
            attempt.lastError = message;
            blocked.add(n.fingerprint);
            this.opts.logger?.log('warn', 'alert delivery failed; will retry', { receiver, id: n.id, attempts: attempt.attempts, retryInMs: attempt.nextAttemptAt - t, error: message });
          }
        }
        save();
      }
    }
    return delivered;
  }

  /** Posts firing alerts to Alertmanager again before their endsAt passes (not a notification). */
  async renew(state: AlertState, now: number, save: () => void): Promise<void> {
    const send = this.send.alertmanager;
    if (!send) return;
    const ttl = this.opts.alertmanagerTtlMs ?? 3_600_000;
    const waiting = new Set(state.outbox.filter((n) => n.pending.alertmanager).map((n) => n.fingerprint));
    for (const a of Object.values(state.alerts)) {
      if (a.status !== 'firing' || a.firingSince === undefined || a.alertmanagerSentAt === undefined || waiting.has(a.fingerprint)) continue;
      if (now - a.alertmanagerSentAt < ttl / 2) continue;
      try {
        await send({ id: '', fingerprint: a.fingerprint, rule: a.rule, status: 'firing', labels: a.labels, annotations: a.annotations, startsAt: a.firingSince, createdAt: now, pending: {}, delivered: {} }, now);
        a.alertmanagerSentAt = now;
        save();
      } catch (e) {
        this.opts.logger?.log('warn', 'alert renewal failed; retried at the next evaluation', { fingerprint: a.fingerprint, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
}
