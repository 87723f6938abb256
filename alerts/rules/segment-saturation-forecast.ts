// segment-saturation-forecast: the trend of daily p95 reaches maxLoad within the horizon.
import { sentence } from '../../common/i18n.js';
import { defineRule, segmentLabels, DAY_MS } from './rule.js';

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
      const who = { segment: seg.id, owner: ctx.owners.get(seg.owner)?.name ?? seg.owner, capacityBps: seg.litCapacityBps, maxLoad: ctx.cadastre.policy.maxLoad };
      const says = active
        ? f.aboveNow || (f.crossesAt !== null && f.crossesAt <= ctx.now)
          ? sentence('alert.forecastAbove', { ...who, levelShare: f.levelBps / seg.litCapacityBps })
          : sentence('alert.forecastCrossing', { ...who, crossesAt: f.crossesAt ?? ctx.now, horizonDays: cfg.horizonDays })
        : sentence('alert.forecastClear', { ...who, levelShare: f.levelBps / seg.litCapacityBps, horizonDays: cfg.horizonDays });
      ctx.observe(seg.id, cfg.severity, segmentLabels(ctx, seg), {
        active, heldMs: 0, forMs: cfg.for * 1000, says,
        ...(f.slopeBpsPerDay === null ? {} : { detail: sentence('alert.forecastTrend', { slopeBpsPerDay: f.slopeBpsPerDay, days: f.days }) }),
        value: f.crossesAt === null ? null : (f.crossesAt - ctx.now) / DAY_MS,
      });
    }
    return true;
  },
});
