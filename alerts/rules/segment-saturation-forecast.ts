// segment-saturation-forecast: the trend of daily p95 reaches maxLoad within the horizon.
import { defineRule, formatBps, pct, isoDay, segmentLabels, segmentName, DAY_MS } from './rule.js';

export const segmentSaturationForecast = defineRule({
  name: 'segment-saturation-forecast',
  evaluate(ctx) {
    const input = ctx.input.forecasts;
    if (!input) return false;
    const bySegment = new Map(input.map((f) => [f.segment, f]));
    for (const seg of ctx.cadastre.segments) {
      const cfg = ctx.settings(seg.id);
      const f = bySegment.get(seg.id);
      if (!cfg.enabled) continue;
      if (!f || f.levelBps === null) { ctx.undecided(seg.id); continue; }
      const limit = ctx.now + cfg.horizonDays * DAY_MS;
      const active = f.aboveNow || (f.crossesAt !== null && f.crossesAt <= limit);
      const maxLoad = pct(ctx.cadastre.policy.maxLoad);
      const trend = f.slopeBpsPerDay === null ? '' : ` (daily p95 trend ${f.slopeBpsPerDay >= 0 ? '+' : ''}${formatBps(f.slopeBpsPerDay)} per day over ${f.days} days)`;
      const summary = active
        ? f.aboveNow || (f.crossesAt !== null && f.crossesAt <= ctx.now)
          ? `${segmentName(ctx, seg)} p95 trend at ${pct(f.levelBps / seg.litCapacityBps)} of ${formatBps(seg.litCapacityBps)}, already above maxLoad ${maxLoad}`
          : `${segmentName(ctx, seg)} forecast to reach maxLoad ${maxLoad} of ${formatBps(seg.litCapacityBps)} on ${isoDay(f.crossesAt ?? ctx.now)}, within ${cfg.horizonDays} days`
        : `${segmentName(ctx, seg)} p95 trend at ${pct(f.levelBps / seg.litCapacityBps)} of ${formatBps(seg.litCapacityBps)}, not reaching maxLoad ${maxLoad} within ${cfg.horizonDays} days`;
      ctx.observe(seg.id, cfg.severity, segmentLabels(ctx, seg), {
        active, heldMs: 0, forMs: cfg.for * 1000, summary, description: `${summary}${trend}.`,
        value: f.crossesAt === null ? null : (f.crossesAt - ctx.now) / DAY_MS,
      });
    }
    return true;
  },
});
