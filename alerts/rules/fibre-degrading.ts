// fibre-degrading: an end's rx power is falling towards its receiver's low alarm and the fitted trend reaches it
// within the horizon (analytics/optics.ts: a significant fall only).
import { sentence } from '../../common/i18n.js';
import { defineRule, DAY_MS, eachSegment } from './rule.js';
import { endWords, measuredEnds, observeSegment, segmentWords } from './fibre.js';

export const fibreDegrading = defineRule({
  name: 'fibre-degrading',
  evaluate: (ctx) => eachSegment(ctx, ctx.input.fibres, (seg, cfg, f) => {
    const measured = measuredEnds(f);
    if (!measured.length) { ctx.undecided(seg.id); return; }
    const limit = ctx.now + cfg.horizonDays * DAY_MS;
    const soonest = measured.filter((e) => e.crossesAt !== null).sort((a, b) => (a.crossesAt as number) - (b.crossesAt as number))[0];
    const active = soonest !== undefined && (soonest.crossesAt as number) <= limit;
    const e = soonest ?? measured[0];
    const says = active
      ? sentence('alert.fibreDegrading', {
        ...segmentWords(ctx, seg), end: endWords(e), rxDbm: e.latestRxDbm as number, lowAlarmDbm: e.lowAlarmDbm as number,
        crossesAt: e.crossesAt as number, horizonDays: cfg.horizonDays,
      })
      : sentence('alert.fibreSteady', { ...segmentWords(ctx, seg), horizonDays: cfg.horizonDays });
    observeSegment(ctx, seg, cfg, {
      active, says, value: soonest ? ((soonest.crossesAt as number) - ctx.now) / DAY_MS : null,
      detail: sentence('alert.fibreDegradingDetail', { end: endWords(e), rxDbm: e.latestRxDbm as number, marginDb: e.marginDb, trendDbPerWeek: e.trendDbPerWeek, windowDays: cfg.windowDays }),
    });
  }),
});
