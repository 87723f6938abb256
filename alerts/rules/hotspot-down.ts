// hotspot-down: the AP not up, or no data, for M of its controller's poll intervals.
import { defineRule, groupBy, formatDuration, goodBadRun } from './rule.js';

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
      const threshold = `threshold ${cfg.intervals} intervals of ${formatDuration(intervalMs)}`;
      const summary = run.active
        ? `Hotspot ${h.id} (${h.name}, ${h.commune}) ${last.up ? 'has sent no data' : 'is not up'} for ${formatDuration(run.heldMs)}, ${threshold}`
        : `Hotspot ${h.id} (${h.name}, ${h.commune}) is up with ${last.clients} clients for ${formatDuration(run.heldMs)}, ${threshold}`;
      ctx.observe(h.id, cfg.severity, { commune: h.commune, controller: h.controller }, {
        active: run.active, heldMs: run.heldMs, forMs: cfg.intervals * intervalMs, summary,
        description: `${summary}. AP ${h.apName} on controller ${h.controller}.`, value: run.heldMs / 1000,
      });
    }
    return true;
  },
});
