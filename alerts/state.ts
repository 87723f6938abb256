// The alert state machine (pure); its file is store/alert-state.ts.
//
//   (none) --active--> pending --active for `for`--> firing --clear for `for`--> resolved (history)
//                      pending --clear--> (none, nothing notified)
//
// A firing or resolved transition appends one notification per receiver to the outbox in the same atomic
// write as the state change, so a crash can neither lose a transition nor make it twice: after a restart
// the outbox is delivered, and the alert is still firing (not fired again).
import type { RuleName } from '../config/alert-policy.js';
import { alertDescription, render, sentence, type Lang } from '../common/i18n.js';
import { type AlertEntry, type AlertState, type Annotations, type Notification, type ReceiverName } from '../store/alert-state.js';
import type { EvalResult, Observation } from './evaluate.js';

export interface Transition {
  fingerprint: string;
  rule: RuleName;
  status: 'firing' | 'resolved';
  at: number;
  startsAt: number;
}

const SENT_KEEP = 2_000;
const HISTORY_KEEP = 10_000;

export function notificationId(fingerprint: string, startsAt: number, status: 'firing' | 'resolved'): string {
  return `${fingerprint}:${startsAt}:${status}`;
}

export interface StepOptions {
  receivers: readonly ReceiverName[];
  /** Resolved alerts older than this leave the history. */
  historyMs: number;
}

/**
 * One evaluation: observations in, new state and transitions out. Pure (the input state is not changed).
 * Alerts of an evaluated rule without an observation (rule disabled, subject removed) resolve at once;
 * alerts of a rule whose data could not be read, or whose observation is undecided, keep their state.
 */
export function step(prev: AlertState, result: EvalResult, now: number, opts: StepOptions): { state: AlertState; transitions: Transition[] } {
  const state: AlertState = structuredClone(prev);
  const transitions: Transition[] = [];
  const seen = new Set<string>();

  const enqueue = (e: { fingerprint: string; rule: RuleName; labels: Record<string, string>; annotations: Annotations }, status: 'firing' | 'resolved', startsAt: number, endsAt?: number): void => {
    transitions.push({ fingerprint: e.fingerprint, rule: e.rule, status, at: now, startsAt });
    const id = notificationId(e.fingerprint, startsAt, status);
    if (opts.receivers.length === 0 || state.sent.includes(id) || state.outbox.some((n) => n.id === id)) return;
    const pending: Notification['pending'] = {};
    for (const r of opts.receivers) pending[r] = { attempts: 0, nextAttemptAt: now };
    state.outbox.push({
      id, fingerprint: e.fingerprint, rule: e.rule, status, labels: e.labels, annotations: e.annotations,
      startsAt, endsAt, createdAt: now, pending, delivered: {},
    });
  };
  const resolve = (a: AlertEntry, annotations: Annotations): void => {
    const startsAt = a.firingSince ?? a.activeSince;
    delete state.alerts[a.fingerprint];
    const entry = { ...a, annotations };
    state.history.push({ fingerprint: a.fingerprint, rule: a.rule, subject: a.subject, labels: a.labels, annotations, startsAt, endsAt: now });
    enqueue(entry, 'resolved', startsAt, now);
  };

  for (const o of result.observations) {
    seen.add(o.fingerprint);
    const existing = state.alerts[o.fingerprint];
    if (o.active === null) continue;
    const annotations: Annotations = {
      summary: o.summary, description: o.description,
      ...(o.says ? {
        summary_fr: render(o.says, 'fr'), summary_nl: render(o.says, 'nl'),
        description_fr: alertDescription(o.says, o.detail, 'fr'), description_nl: alertDescription(o.says, o.detail, 'nl'),
      } : {}),
    };
    if (o.active) {
      const activeSince = Math.min(existing?.activeSince ?? now, now - o.heldMs);
      if (!existing || existing.status === 'pending') {
        const fire = now - activeSince >= o.forMs;
        // Labels are frozen when the alert fires so that its resolution names the same Alertmanager alert.
        const entry: AlertEntry = {
          fingerprint: o.fingerprint, rule: o.rule, subject: o.subject, labels: o.labels, annotations,
          status: fire ? 'firing' : 'pending', activeSince, value: o.value, lastEvaluated: now,
          ...(fire ? { firingSince: now } : {}),
        };
        state.alerts[o.fingerprint] = entry;
        if (fire) enqueue(entry, 'firing', now);
      } else {
        state.alerts[o.fingerprint] = { ...existing, annotations, clearSince: undefined, value: o.value, lastEvaluated: now };
      }
    } else if (existing) {
      if (existing.status === 'pending') { delete state.alerts[o.fingerprint]; continue; }
      const clearSince = Math.min(existing.clearSince ?? now, now - o.heldMs);
      if (now - clearSince >= o.forMs) resolve(existing, annotations);
      else state.alerts[o.fingerprint] = { ...existing, clearSince, value: o.value, lastEvaluated: now };
    }
  }

  const evaluated = new Set(result.evaluated);
  for (const a of Object.values(state.alerts)) {
    if (seen.has(a.fingerprint) || !evaluated.has(a.rule)) continue;
    if (a.status === 'pending') delete state.alerts[a.fingerprint];
    else resolve(a, noLongerEvaluated(a.annotations));
  }

  state.history = state.history.filter((h) => now - h.endsAt <= opts.historyMs).slice(-HISTORY_KEEP);
  state.updatedAt = now;
  return { state, transitions };
}

/** The annotations of an alert resolved because its rule is disabled or its subject removed: each summary says so. */
function noLongerEvaluated(a: Annotations): Annotations {
  const why = (lang: Lang): string => ` (${render(sentence('alert.noLongerEvaluated', {}), lang)})`;
  return {
    ...a, summary: `${a.summary}${why('en')}`,
    ...(a.summary_fr ? { summary_fr: `${a.summary_fr}${why('fr')}` } : {}),
    ...(a.summary_nl ? { summary_nl: `${a.summary_nl}${why('nl')}` } : {}),
  };
}

/** Marks a notification delivered to a receiver; drops it from the outbox once every receiver has it. */
export function markDelivered(state: AlertState, id: string, receiver: ReceiverName, at: number): void {
  const n = state.outbox.find((x) => x.id === id);
  if (!n) return;
  delete n.pending[receiver];
  n.delivered[receiver] = at;
  if (Object.keys(n.pending).length === 0) {
    state.outbox = state.outbox.filter((x) => x.id !== id);
    state.sent = [...state.sent, id].slice(-SENT_KEEP);
  }
}

export type { Observation };
