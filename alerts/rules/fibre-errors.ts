// fibre-errors: the measuring interface's errored packets per second (in or out) above a threshold: the CRC
// errors a failing fibre or connector raises before the link drops.
import { defineRule, segmentLabels, segmentName, trim } from './rule.js';

export const fibreErrors = defineRule({
  name: 'fibre-errors',
  evaluate(ctx) {
    const input = ctx.input.linkErrors;
    if (!input) return false;
    const bySegment = new Map(input.map((e) => [e.segment, e]));
    for (const seg of ctx.cadastre.segments) {
      const cfg = ctx.settings(seg.id);
      if (!cfg.enabled) continue;
      const e = bySegment.get(seg.id);
      const rates = [e?.inErrorsPs ?? null, e?.outErrorsPs ?? null];
      if (rates.every((r) => r === null)) { ctx.undecided(seg.id); continue; }
      const worst = Math.max(...rates.map((r) => r ?? 0));
      const active = worst > cfg.thresholdPs;
      const fmt = (r: number | null): string => (r === null ? '—' : `${trim(r)} errors/s`);
      const summary = `${segmentName(ctx, seg)} ${active ? 'errors at' : 'errors under the threshold:'} ${fmt(worst)}${active ? `, above ${trim(cfg.thresholdPs)} errors/s` : ''}`;
      ctx.observe(seg.id, cfg.severity, segmentLabels(ctx, seg), {
        active, heldMs: 0, forMs: cfg.for * 1000, summary,
        description: `${summary}. Mean over the last ${cfg.windowMinutes} min: in ${fmt(rates[0])}, out ${fmt(rates[1])}.`,
        value: worst,
      });
    }
    return true;
  },
});
