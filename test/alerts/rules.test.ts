import { describe, it, expect } from 'vitest';
import { AlertPolicy, ruleFor, DEFAULT_ALERT_POLICY } from '../../config/alert-policy.js';

describe('alert policy', () => {
  it('fills every default', () => {
    expect(DEFAULT_ALERT_POLICY.rules['segment-hot']).toEqual({ enabled: true, severity: 'warning', threshold: 0.8, buckets: 3 });
    expect(DEFAULT_ALERT_POLICY.rules['device-down'].intervals).toBe(3);
    expect(DEFAULT_ALERT_POLICY.rules['segment-saturation-forecast'].horizonDays).toBe(90);
    expect(DEFAULT_ALERT_POLICY.intervalSeconds).toBe(60);
  });
  it('merges a rule setting and a per-segment override over the defaults', () => {
    const p = AlertPolicy.parse({
      rules: { 'segment-hot': { buckets: 2 } },
      overrides: { segments: { 'S-1': { 'segment-hot': { threshold: 0.9 } } }, devices: { 'D-1': { 'device-down': { enabled: false } } } },
    });
    expect(ruleFor(p, 'segment-hot', 'S-1')).toEqual({ enabled: true, severity: 'warning', threshold: 0.9, buckets: 2 });
    expect(ruleFor(p, 'segment-hot', 'S-2')).toEqual({ enabled: true, severity: 'warning', threshold: 0.8, buckets: 2 });
    expect(ruleFor(p, 'device-down', 'D-1').enabled).toBe(false);
    expect(ruleFor(p, 'device-down', 'D-2').enabled).toBe(true);
  });
  it('refuses negative thresholds and unknown fields, naming the field', () => {
    const r = AlertPolicy.safeParse({ rules: { 'collector-backlog': { spoolBytes: -1 } }, overrides: { segments: { 'S-1': { 'segment-hot': { treshold: 0.9 } } } } });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('rules.collector-backlog.spoolBytes');
    expect(paths).toContain('overrides.segments.S-1.segment-hot');
  });
});
