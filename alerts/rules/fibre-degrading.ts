// fibre-degrading: an end's rx power is falling towards its receiver's low alarm and the fitted trend reaches it
// within the horizon (analytics/optics.ts: a significant fall only).
import { defineRule, DAY_MS, isoDay, segmentLabels, segmentName } from './rule.js';
import { dbm, endName } from './fibre.js';

export const fibreDegrading = defineRule({
  name: 'fibre-degrading',
  evaluate(ctx) {
    const input = ctx.input.fibres;
    if (!input) return false;
    const bySegment = new Map(input.map((f) => [f.segment, f]));
    for (const seg of ctx.cadastre.segments) {
      const cfg = ctx.settings(seg.id);
      if (!cfg.enabled) continue;
      const f = bySegment.get(seg.id);
      const measured = f?.ends.filter((e) => e.latestRxDbm !== null && e.lowAlarmDbm !== null) ?? [];
      if (!measured.length) { ctx.undecided(seg.id); continue; }
      const limit = ctx.now + cfg.horizonDays * DAY_MS;
      const soonest = measured.filter((e) => e.crossesAt !== null).sort((a, b) => (a.crossesAt as number) - (b.crossesAt as number))[0];
      const active = soonest !== undefined && (soonest.crossesAt as number) <= limit;
      const e = soonest ?? measured[0];
      const trend = e.trendDbPerWeek === null ? 'no trend' : `trend ${e.trendDbPerWeek >= 0 ? '+' : ''}${e.trendDbPerWeek.toFixed(2)} dB/week`;
      const summary = active
        ? `${segmentName(ctx, seg)} ${endName(e)} rx ${dbm(e.latestRxDbm)} forecast to reach its low alarm ${dbm(e.lowAlarmDbm)} on ${isoDay(e.crossesAt as number)}, within ${cfg.horizonDays} days`
        : `${segmentName(ctx, seg)} rx not forecast to reach its low alarm within ${cfg.horizonDays} days`;
      ctx.observe(seg.id, cfg.severity, segmentLabels(ctx, seg), {
        active, heldMs: 0, forMs: cfg.for * 1000, summary,
        description: `${summary}: ${endName(e)} at ${dbm(e.latestRxDbm)}, margin ${e.marginDb === null ? '—' : `${e.marginDb.toFixed(2)} dB`}, ${trend} over ${cfg.windowDays} days.`,
        value: soonest ? ((soonest.crossesAt as number) - ctx.now) / DAY_MS : null,
      });
    }
    return true;
  },
});
