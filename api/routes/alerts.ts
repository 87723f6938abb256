// GET /api/alerts: what fires now (and what is pending) and the alerts that ended in the window, read from the
// evaluator's state file (alerts/state.ts). Operators see every alert; planners the hotspot alerts; the
// commercial and viewer roles the segment and hotspot alerts — none that name device addresses.
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiContext, AppEnv, Role } from '../context.js';
import { ApiError, requestLang, resolveWindow, WindowQuery } from '../format.js';
import type { Lang } from '../../common/i18n.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { RULE_NAMES, RULE_SUBJECT, RuleName, type RuleName as RuleNameT } from '../../config/alert-policy.js';
import { loadState, type AlertState, type Annotations } from '../../store/alert-state.js';

/** The evaluator's state file: $ALERTS_STATE, else var/alerts/state.json beside the API's data dir (var/api). */
export function alertsStatePath(ctx: Pick<ApiContext, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string {
  return env.ALERTS_STATE ?? join(dirname(ctx.dataDir), 'alerts', 'state.json');
}

/** The rules each role may see (operator: all). */
export const VISIBLE_RULES: Record<Role, readonly RuleNameT[]> = {
  operator: RULE_NAMES,
  planner: ['hotspot-down', 'hotspot-underused'],
  commercial: ['segment-hot', 'segment-saturation-forecast', 'hotspot-down', 'hotspot-underused'],
  viewer: ['segment-hot', 'segment-saturation-forecast', 'hotspot-down', 'hotspot-underused'],
};

export const AlertItem = z.object({
  fingerprint: z.string(),
  rule: RuleName,
  severity: z.string(),
  status: z.enum(['pending', 'firing', 'resolved']),
  subject: z.object({ kind: z.enum(['segment', 'device', 'hotspot', 'collector']), id: z.string() }),
  labels: z.record(z.string(), z.string()),
  /** The sentence with the figure, its unit and the threshold. */
  summary: z.string(),
  description: z.string(),
  /** ISO 8601: when it fired (pending: when the condition began). */
  startsAt: z.string(),
  endsAt: z.string().nullable(),
});
export type AlertItem = z.infer<typeof AlertItem>;

const AlertsQuery = WindowQuery.extend({
  rule: RuleName.optional(),
  severity: z.enum(['critical', 'warning', 'info']).optional(),
});

const AlertsAnswer = z.object({
  window: z.object({ from: z.string(), to: z.string() }),
  /** When the evaluator last ran (null: it has not run yet). */
  evaluatedAt: z.string().nullable(),
  firing: z.array(AlertItem),
  pending: z.array(AlertItem),
  /** Alerts resolved in the window, latest first. */
  history: z.array(AlertItem),
});

const iso = (t: number): string => new Date(t).toISOString();

export function alertItems(state: AlertState, role: Role, window: { from: number; to: number }, filter: { rule?: RuleNameT; severity?: string } = {}, lang: Lang = 'en'): z.infer<typeof AlertsAnswer> {
  // The summary and description in the reader's language when the evaluator wrote them (summary_fr,
  // description_nl…: state files of older evaluators lack them), else English.
  const said = (a: Annotations): string => (lang === 'fr' ? a.summary_fr : lang === 'nl' ? a.summary_nl : undefined) ?? a.summary;
  const told = (a: Annotations): string => (lang === 'fr' ? a.description_fr : lang === 'nl' ? a.description_nl : undefined) ?? a.description;
  const visible = new Set(VISIBLE_RULES[role]);
  const keep = (rule: RuleNameT, labels: Record<string, string>): boolean =>
    visible.has(rule) && (!filter.rule || filter.rule === rule) && (!filter.severity || labels.severity === filter.severity);
  const current = Object.values(state.alerts).filter((a) => keep(a.rule, a.labels)).map((a): AlertItem => ({
    fingerprint: a.fingerprint,
    rule: a.rule,
    severity: a.labels.severity ?? '',
    status: a.status,
    subject: { kind: RULE_SUBJECT[a.rule], id: a.subject },
    labels: a.labels,
    summary: said(a.annotations),
    description: told(a.annotations),
    startsAt: iso(a.firingSince ?? a.activeSince),
    endsAt: null,
  })).sort((x, y) => y.startsAt.localeCompare(x.startsAt));
  const history = state.history
    .filter((h) => keep(h.rule, h.labels) && h.endsAt >= window.from && h.startsAt < window.to)
    .map((h): AlertItem => ({
      fingerprint: h.fingerprint,
      rule: h.rule,
      severity: h.labels.severity ?? '',
      status: 'resolved',
      subject: { kind: RULE_SUBJECT[h.rule], id: h.subject },
      labels: h.labels,
      summary: said(h.annotations),
      description: told(h.annotations),
      startsAt: iso(h.startsAt),
      endsAt: iso(h.endsAt),
    }))
    .sort((x, y) => (y.endsAt ?? '').localeCompare(x.endsAt ?? ''));
  return {
    window: windowJson(window),
    evaluatedAt: state.updatedAt ? iso(state.updatedAt) : null,
    firing: current.filter((a) => a.status === 'firing'),
    pending: current.filter((a) => a.status === 'pending'),
    history,
  };
}

export function alertRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  r.openapi(defineRoute({
    method: 'get', path: '/alerts', roles: ['planner', 'commercial', 'viewer'], query: AlertsQuery,
    summary: 'Alerts firing and pending now, and those resolved in the window',
    description: 'Operators see every rule; planners the hotspot rules; the commercial and viewer roles the segment and hotspot rules (no device alerts, which name device addresses).',
    response: AlertsAnswer,
    errors: [503],
  }), (c) => {
    const q = c.req.valid('query');
    const w = resolveWindow(q, ctx.now());
    let state: AlertState;
    try {
      state = loadState(alertsStatePath(ctx));
    } catch (e) {
      // The message names the file and the field, no secret lives in the state file.
      throw new ApiError(503, 'alerts_unavailable', `alert state unreadable: ${e instanceof Error ? e.message : String(e)}`);
    }
    return c.json(alertItems(state, c.get('role'), w, { rule: q.rule, severity: q.severity }, requestLang(c)));
  });
  return r;
}
