// fibre-errors: the measuring interface's errored packets per second (in or out) above a threshold: the CRC
// errors a failing fibre or connector raises before the link drops.
import { sentence } from '../../common/i18n.js';
import { defineRule, eachSegment } from './rule.js';
import { observeSegment, segmentWords } from './fibre.js';

export const fibreErrors = defineRule({
  name: 'fibre-errors',
  evaluate: (ctx) => eachSegment(ctx, ctx.input.linkErrors, (seg, cfg, e) => {
    const rates = [e?.inErrorsPs ?? null, e?.outErrorsPs ?? null];
    if (rates.every((r) => r === null)) { ctx.undecided(seg.id); return; }
    const worst = Math.max(...rates.map((r) => r ?? 0));
    const active = worst > cfg.thresholdPs;
    observeSegment(ctx, seg, cfg, {
      active, value: worst,
      says: sentence('alert.fibreErrors', { ...segmentWords(ctx, seg), errorsPs: worst, thresholdPs: cfg.thresholdPs, above: active }),
      detail: sentence('alert.fibreErrorsDetail', { windowMinutes: cfg.windowMinutes, inPs: rates[0], outPs: rates[1] }),
    });
  }),
});
