// What the fibre rules share: the ends with an rx reading and a low alarm, a segment and an end as sentences name
// them, and the observation of a segment from its sentence (a sentence of the catalogue, said in English, French and Dutch).
import type { FibreEnd } from '../../analytics/optics.js';
import { type FibreEndWords, type Sentence } from '../../common/i18n.js';
import type { RuleName, Severity } from '../../config/alert-policy.js';
import { segmentLabels, type RuleContext, type SegmentOf } from './rule.js';

/** The ends of a segment that have an rx reading and a low alarm to compare it with. */
export const measuredEnds = (f: { ends: readonly FibreEnd[] } | undefined): FibreEnd[] =>
  f?.ends.filter((e) => e.latestRxDbm !== null && e.lowAlarmDbm !== null) ?? [];

export const endWords = (e: FibreEnd): FibreEndWords => ({ end: e.end, device: e.device, ifName: e.ifName, ifIndex: e.ifIndex });

/** A segment as the sentences name it: its id and its owner's name. */
export const segmentWords = (ctx: Pick<RuleContext<RuleName>, 'owners'>, seg: SegmentOf): { segment: string; owner: string } =>
  ({ segment: seg.id, owner: ctx.owners.get(seg.owner)?.name ?? seg.owner });

/** Observes a segment from its sentence and the detail its description adds; `for` is in seconds. */
export function observeSegment<R extends RuleName>(
  ctx: RuleContext<R>, seg: SegmentOf, cfg: { severity: Severity; for: number },
  o: { active: boolean; says: Sentence; detail: Sentence; value: number | null },
): void {
  ctx.observe(seg.id, cfg.severity, segmentLabels(ctx, seg), { active: o.active, heldMs: 0, forMs: cfg.for * 1000, says: o.says, detail: o.detail, value: o.value });
}
