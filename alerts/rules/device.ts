// What the two device rules share: a device's polls in time order, and the labels and place of its alerts.
import type { PollIn, RuleContext } from './rule.js';
import { groupBy } from './rule.js';
import type { RuleName } from '../../config/alert-policy.js';
import { sentence, type Sentence } from '../../common/i18n.js';

export interface DeviceView {
  device: RuleContext<RuleName>['cadastre']['devices'][number];
  /** Its polls in the lookback, oldest first. */
  polls: PollIn[];
  labels: Record<string, string>;
  /** Role, site and address, for the description (operators only). */
  where: Sentence;
}

export function devicesWithPolls(ctx: RuleContext<RuleName>, polls: readonly PollIn[]): DeviceView[] {
  const byDevice = groupBy(polls, (p) => p.device);
  return ctx.cadastre.devices.map((d) => {
    const site = ctx.sites.get(d.site);
    const labels: Record<string, string> = { site: d.site };
    if (site) labels.commune = site.commune;
    return { device: d, polls: byDevice.get(d.id) ?? [], labels, where: sentence('alert.deviceWhere', { role: d.role, site: site?.name ?? d.site, target: d.target }) };
  });
}
