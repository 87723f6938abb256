// fibre-dark: an end's latest rx power is below the low alarm its transceiver reports (a lost link, a cut fibre).
import { defineRule, segmentLabels, segmentName } from './rule.js';
import { dbm, endName } from './fibre.js';

export const fibreDark = defineRule({
  name: 'fibre-dark',
  evaluate(ctx) {
    const input = ctx.input.fibres;
    if (!input) return false;
    const bySegment = new Map(input.map((f) => [f.segment, f]));
    for (const seg of ctx.cadastre.segments) {
      const cfg = ctx.settings(seg.id);
      if (!cfg.enabled) continue;
      const measured = bySegment.get(seg.id)?.ends.filter((e) => e.latestRxDbm !== null && e.lowAlarmDbm !== null) ?? [];
      if (!measured.length) { ctx.undecided(seg.id); continue; }
      const dark = measured.filter((e) => e.dark);
      const e = dark[0] ?? measured[0];
      const summary = dark.length
        ? `${segmentName(ctx, seg)} ${endName(e)} rx ${dbm(e.latestRxDbm)}, below its low alarm ${dbm(e.lowAlarmDbm)}`
        : `${segmentName(ctx, seg)} rx above the low alarm at ${measured.length === 1 ? 'its measured end' : 'both ends'}`;
      ctx.observe(seg.id, cfg.severity, segmentLabels(ctx, seg), {
        active: dark.length > 0, heldMs: 0, forMs: cfg.for * 1000, summary,
        description: `${summary}. Latest reading ${e.latestAt === null ? '—' : new Date(e.latestAt).toISOString()}.`,
        value: e.latestRxDbm,
      });
    }
    return true;
  },
});
