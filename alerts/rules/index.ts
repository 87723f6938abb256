// The one list of alert rules. A rule is its module here (its evaluation) and its entry in config/alert-policy.ts
// (its settings' schema, defaults and subject, which config:check validates without importing this stage).
import type { RuleName } from '../../config/alert-policy.js';
import type { AlertRule } from './rule.js';
import { segmentHot } from './segment-hot.js';
import { segmentSaturationForecast } from './segment-saturation-forecast.js';
import { deviceDown } from './device-down.js';
import { deviceAuth } from './device-auth.js';
import { hotspotDown } from './hotspot-down.js';
import { hotspotUnderused } from './hotspot-underused.js';
import { collectorBacklog } from './collector-backlog.js';

export const RULES: { [R in RuleName]: AlertRule<R> } = {
  'segment-hot': segmentHot,
  'segment-saturation-forecast': segmentSaturationForecast,
  'device-down': deviceDown,
  'device-auth': deviceAuth,
  'hotspot-down': hotspotDown,
  'hotspot-underused': hotspotUnderused,
  'collector-backlog': collectorBacklog,
};
