// The alert state machine (pure) and its persistence (one JSON file, replaced atomically).
//
//   (none) --active--> pending --active for `for`--> firing --clear for `for`--> resolved (history)
//                      pending --clear--> (none, nothing notified)
//
// A firing or resolved transition appends one notification per receiver to the outbox in the same atomic
// write as the state change, so a crash can neither lose a transition nor make it twice: after a restart
// the outbox is delivered, and the alert is still firing (not fired again).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { RuleName } from './rules.js';
import type { EvalResult, Observation } from './evaluate.js';

const Labels = z.record(z.string(), z.string());
const Annotations = z.object({ summary: z.string(), description: z.string() });
export type Annotations = z.infer<typeof Annotations>;

export const AlertEntry = z.object({
  fingerprint: z.string(),
  rule: RuleName,
  subject: z.string(),
  labels: Labels,
  annotations: Annotations,
  status: z.enum(['pending', 'firing']),
  /** When the condition became active (data time when known), epoch ms. */
  activeSince: z.number(),
  /** When it fired: Alertmanager's startsAt. */
  firingSince: z.number().optional(),
  /** While firing: since when the condition is clear. */
  clearSince: z.number().optional(),
  value: z.number().nullable(),
  lastEvaluated: z.number(),
  /** When Alertmanager last accepted this firing alert (renewals are due from it). */
  alertmanagerSentAt: z.number().optional(),
});
export type AlertEntry = z.infer<typeof AlertEntry>;

export const HistoryEntry = z.object({
  fingerprint: z.string(),
  rule: RuleName,
  subject: z.string(),
  labels: Labels,
  annotations: Annotations,
  startsAt: z.number(),
  endsAt: z.number(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ReceiverName = z.enum(['alertmanager', 'webhook']);
export type ReceiverName = z.infer<typeof ReceiverName>;

const Attempt = z.object({ attempts: z.number().int(), nextAttemptAt: z.number(), lastError: z.string().optional() });

export const Notification = z.object({
  /** Idempotency key: one per transition. */
  id: z.string(),
  fingerprint: z.string(),
  rule: RuleName,
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Annotations,
  startsAt: z.number(),
  endsAt: z.number().optional(),
  createdAt: z.number(),
  /** Receivers still to deliver to. */
  pending: z.partialRecord(ReceiverName, Attempt),
  /** Receivers delivered to, and when. */
  delivered: z.partialRecord(ReceiverName, z.number()),
});
export type Notification = z.infer<typeof Notification>;

export const AlertState = z.object({
  version: z.literal(1),
  updatedAt: z.number(),
  alerts: z.record(z.string(), AlertEntry),
  outbox: z.array(Notification),
  history: z.array(HistoryEntry),
  /** Ids of the last notifications fully delivered (a guard against enqueueing one twice). */
  sent: z.array(z.string()),
  /** Notifications given up on (a receiver refused them as malformed), for operators to look at. */
  failed: z.array(z.object({ id: z.string(), receiver: ReceiverName, error: z.string(), at: z.number() })),
});
export type AlertState = z.infer<typeof AlertState>;

export const emptyState = (): AlertState => ({ version: 1, updatedAt: 0, alerts: {}, outbox: [], history: [], sent: [], failed: [] });

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
    const annotations = { summary: o.summary, description: o.description };
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
    else resolve(a, { summary: `${a.annotations.summary} (no longer evaluated: rule disabled or subject removed)`, description: a.annotations.description });
  }

  state.history = state.history.filter((h) => now - h.endsAt <= opts.historyMs).slice(-HISTORY_KEEP);
  state.updatedAt = now;
  return { state, transitions };
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

// ---- persistence ----

/** Reads the state file; a missing file is an empty state, a damaged one an error naming the file. */
export function loadState(path: string): AlertState {
  if (!existsSync(path)) return emptyState();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = AlertState.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${path}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

/** Writes the state atomically: a temporary file, fsync, rename over the old one, fsync of the directory. */
export function saveState(path: string, state: AlertState): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dfd = openSync(dir, 'r');
  try { fsyncSync(dfd); } finally { closeSync(dfd); }
}

export type { Observation };
