// hotspot-underused: under-used over the last window, and not over the window before (newly).
import { sentence } from '../../common/i18n.js';
import { defineRule } from './rule.js';

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
      const says = sentence('alert.hotspotUnderused', { hotspot: h.id, name: h.name, commune: h.commune, meanNow: u.meanNow, meanPrev: u.meanPrev, windowDays: cfg.windowDays, threshold });
      ctx.observe(h.id, cfg.severity, { commune: h.commune, controller: h.controller }, { active, heldMs: 0, forMs: cfg.for * 1000, says, value: u.meanNow });
    }
    return true;
  },
});
