// hotspot-underused: under-used over the last window, and not over the window before (newly).
import { defineRule, trim } from './rule.js';

export const hotspotUnderused = defineRule({
  name: 'hotspot-underused',
  evaluate(ctx) {
    const input = ctx.input.hotspotUsage;
    if (!input) return false;
    const byHotspot = new Map(input.map((u) => [u.hotspot, u]));
    for (const h of ctx.cadastre.hotspots) {
      const cfg = ctx.settings(h.id);
      const u = byHotspot.get(h.id);
      if (!cfg.enabled) continue;
      if (!u || u.meanNow === null) { ctx.undecided(h.id); continue; }
      const threshold = cfg.thresholdClients ?? ctx.cadastre.policy.underuseThresholdClients;
      const active = u.meanNow < threshold && u.meanPrev !== null && u.meanPrev >= threshold;
      const prev = u.meanPrev === null ? 'no data' : `${trim(u.meanPrev)} clients`;
      const summary = `Hotspot ${h.id} (${h.name}, ${h.commune}) averaged ${trim(u.meanNow)} clients in open hours over the last ${cfg.windowDays} days (the ${cfg.windowDays} days before: ${prev}), threshold ${trim(threshold)} clients`;
      ctx.observe(h.id, cfg.severity, { commune: h.commune, controller: h.controller }, {
        active, heldMs: 0, forMs: cfg.for * 1000, summary, description: `${summary}.`, value: u.meanNow,
      });
    }
    return true;
  },
});
