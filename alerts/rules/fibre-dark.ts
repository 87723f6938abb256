// fibre-dark: an end's latest rx power is below the low alarm its transceiver reports (a lost link, a cut fibre).
import { sentence } from '../../common/i18n.js';
import { defineRule, eachSegment } from './rule.js';
import { endWords, measuredEnds, observeSegment, segmentWords } from './fibre.js';

export const fibreDark = defineRule({
  name: 'fibre-dark',
  evaluate: (ctx) => eachSegment(ctx, ctx.input.fibres, (seg, cfg, f) => {
    const measured = measuredEnds(f);
    if (!measured.length) { ctx.undecided(seg.id); return; }
    const dark = measured.filter((e) => e.dark);
    const e = dark[0] ?? measured[0];
    const says = dark.length
      ? sentence('alert.fibreDark', { ...segmentWords(ctx, seg), end: endWords(e), rxDbm: e.latestRxDbm as number, lowAlarmDbm: e.lowAlarmDbm as number })
      : sentence('alert.fibreLit', { ...segmentWords(ctx, seg), ends: measured.length });
    observeSegment(ctx, seg, cfg, {
      active: dark.length > 0, says, value: e.latestRxDbm,
      detail: sentence('alert.fibreReading', { latestAt: e.latestAt }),
    });
  }),
});
