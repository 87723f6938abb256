// hotspot-down: the AP not up, or no data, for M of its controller's poll intervals.
import { sentence } from '../../common/i18n.js';
import { defineRule, groupBy, goodBadRun } from './rule.js';

export const hotspotDown = defineRule({
  name: 'hotspot-down',
  evaluate(ctx) {
    const input = ctx.input.hotspotPoints;
    if (!input) return false;
    const byHotspot = groupBy(input, (p) => p.hotspot);
    for (const h of ctx.cadastre.hotspots) {
      const cfg = ctx.settings(h.id);
      if (!cfg.enabled) continue;
      const intervalMs = ctx.pollIntervalMs(h.controller);
      const points = byHotspot.get(h.id) ?? [];
      const raw = goodBadRun(points.map((p) => ({ time: p.time, good: p.up })), ctx.now, intervalMs);
      // As for devices: silence before the evaluator started is not counted (its controller may not have polled yet).
      const run = raw && raw.active ? { active: true, heldMs: Math.min(raw.heldMs, Math.max(0, ctx.now - ctx.watchingSince)) } : raw;
      if (!run) { ctx.undecided(h.id); continue; }
      const last = points[points.length - 1];
      const who = { hotspot: h.id, name: h.name, commune: h.commune, heldMs: run.heldMs, intervals: cfg.intervals, intervalMs };
      const says = run.active ? sentence('alert.hotspotDown', { ...who, noData: last.up }) : sentence('alert.hotspotUp', { ...who, clients: last.clients });
      ctx.observe(h.id, cfg.severity, { commune: h.commune, controller: h.controller }, {
        active: run.active, heldMs: run.heldMs, forMs: cfg.intervals * intervalMs, says,
        detail: sentence('alert.hotspotWhere', { apName: h.apName, controller: h.controller }), value: run.heldMs / 1000,
      });
    }
    return true;
  },
});
