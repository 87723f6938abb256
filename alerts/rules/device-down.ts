// device-down: no successful poll for `intervals` of the device's poll intervals, by the device status rule
// shared with /api/devices (analytics/device-status.ts): silence counts from the last success or the start.
import { deviceStatus, lastPolls } from '../../analytics/device-status.js';
import { defineRule, goodBadRun } from './rule.js';
import { sentence } from '../../common/i18n.js';
import { devicesWithPolls } from './device.js';

export const deviceDown = defineRule({
  name: 'device-down',
  evaluate(ctx) {
    const input = ctx.input.polls;
    if (!input) return false;
    const lastByDevice = lastPolls(input);
    for (const { device: d, polls, labels, where } of devicesWithPolls(ctx, input)) {
      const down = ctx.settings(d.id);
      if (!down.enabled) continue;
      const intervalMs = ctx.pollIntervalMs(d.id);
      const raw = goodBadRun(polls.map((p) => ({ time: p.time, good: p.status === 'ok' })), ctx.now, intervalMs);
      if (!raw) { ctx.undecided(d.id); continue; }
      // It fires (held for `intervals` intervals) exactly when the device status rule says down.
      const status = deviceStatus({ ...(lastByDevice.get(d.id) ?? { last: null, lastOk: null }), intervalMs, now: ctx.now, watchingSince: ctx.watchingSince, intervals: down.intervals });
      const run = raw.active ? { active: true, heldMs: Math.min(raw.heldMs, status.silentMs) } : raw;
      const last = polls[polls.length - 1];
      const failed = polls.filter((p) => p.status !== 'ok' && ctx.now - p.time < run.heldMs).length;
      const says = run.active
        ? sentence('alert.deviceDown', { device: d.id, heldMs: run.heldMs, failed, lastStatus: ctx.now - last.time >= 2 * intervalMs ? null : last.status, intervals: down.intervals, intervalMs })
        : sentence('alert.deviceUp', { device: d.id, heldMs: run.heldMs, intervals: down.intervals, intervalMs });
      ctx.observe(d.id, down.severity, labels, {
        active: run.active, heldMs: run.heldMs, forMs: down.intervals * intervalMs, says, detail: where, value: run.heldMs / 1000,
      });
    }
    return true;
  },
});
