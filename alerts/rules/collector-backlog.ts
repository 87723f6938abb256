// collector-backlog: spool depth above the threshold, or dropped points.
import { sentence } from '../../common/i18n.js';
import { defineRule } from './rule.js';

export const collectorBacklog = defineRule({
  name: 'collector-backlog',
  evaluate(ctx) {
    const input = ctx.input.collectors;
    if (!input) return false;
    const cfg = ctx.settings();
    if (cfg.enabled) {
      for (const col of input) {
        if (col.spoolBytes === null && col.droppedPoints === null) { ctx.undecided(col.name); continue; }
        const spool = col.spoolBytes ?? 0;
        const dropped = col.droppedPoints ?? 0;
        const active = spool > cfg.spoolBytes || dropped > cfg.droppedPoints;
        const says = sentence('alert.collectorBacklog', { collector: col.name, spoolBytes: spool, batches: col.spoolBatches, thresholdBytes: cfg.spoolBytes, dropped, thresholdDropped: cfg.droppedPoints });
        ctx.observe(col.name, cfg.severity, {}, { active, heldMs: 0, forMs: cfg.for * 1000, says, value: spool });
      }
    }
    return true;
  },
});
