// device-auth: the device's last poll ended in auth_error (it refuses our SNMP credentials).
import { sentence } from '../../common/i18n.js';
import { defineRule } from './rule.js';
import { devicesWithPolls } from './device.js';

export const deviceAuth = defineRule({
  name: 'device-auth',
  evaluate(ctx) {
    const input = ctx.input.polls;
    if (!input) return false;
    for (const { device: d, polls, labels, where } of devicesWithPolls(ctx, input)) {
      const auth = ctx.settings(d.id);
      if (!auth.enabled) continue;
      const last = polls[polls.length - 1];
      if (!last) { ctx.undecided(d.id); continue; }
      const active = last.status === 'auth_error';
      let i = polls.length - 1;
      while (i > 0 && (polls[i - 1].status === 'auth_error') === active) i--;
      const heldMs = ctx.now - polls[i].time;
      const says = active ? sentence('alert.deviceAuth', { device: d.id, heldMs }) : sentence('alert.deviceAuthOk', { device: d.id, lastStatus: last.status });
      ctx.observe(d.id, auth.severity, labels, { active, heldMs, forMs: auth.for * 1000, says, detail: where, value: heldMs / 1000 });
    }
    return true;
  },
});
