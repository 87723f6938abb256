// The alert state file: the contract between the evaluator (alerts/, its only writer) and the API (a reader).
// One JSON file, replaced atomically, validated on read.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../common/fs.js';
import { z } from 'zod';
import { RuleName } from '../config/alert-policy.js';
import { parseJsonWith } from '../config/json.js';

const Labels = z.record(z.string(), z.string());
// summary_fr, summary_nl, description_fr, description_nl: the summary and the description in French and Dutch
// (Brussels is bilingual); absent in older state files.
const Annotations = z.object({
  summary: z.string(), description: z.string(),
  summary_fr: z.string().optional(), summary_nl: z.string().optional(), description_fr: z.string().optional(), description_nl: z.string().optional(),
});
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

/** Reads the state file; a missing file is an empty state, a damaged one an error naming the file. */
export function loadState(path: string): AlertState {
  if (!existsSync(path)) return emptyState();
  return parseJsonWith(AlertState, () => readFileSync(path, 'utf8'), path);
}

/** Writes the state atomically (common/fs.ts): a crash keeps the old state or the new one. */
export function saveState(path: string, state: AlertState): void {
  writeFileAtomic(path, JSON.stringify(state));
}
