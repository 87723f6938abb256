// A device's poll interval, declared once in the cadastre: the device's own `intervalSeconds`, else its role's
// `policy.pollIntervals.byRole`, else `policy.pollIntervals.seconds`. The collector polls on it, and the API's
// stale flag, the device status (analytics/device-status.ts) and the evaluator's device-down and hotspot-down
// rules judge silence against it, so they cannot disagree.
import type { Device, Policy } from './schema.js';

export type PollIntervalPolicy = Pick<Policy, 'pollIntervals'> & { alerts: { defaultPollIntervalSeconds?: number } };

/** The poll interval of `device`, in milliseconds. */
export function pollIntervalMs(policy: PollIntervalPolicy, device: Pick<Device, 'role' | 'intervalSeconds'>): number {
  const seconds = device.intervalSeconds
    ?? policy.pollIntervals.byRole[device.role]
    // Policies written before pollIntervals existed set the default under alerts:; it still counts.
    ?? policy.alerts.defaultPollIntervalSeconds
    ?? policy.pollIntervals.seconds;
  return seconds * 1000;
}

/** The interval of the device with id `id` (a hotspot's controller), or the default when the id is unknown. */
export function pollIntervalMsOf(cadastre: { policy: PollIntervalPolicy; devices: readonly Pick<Device, 'id' | 'role' | 'intervalSeconds'>[] }, id: string): number {
  const d = cadastre.devices.find((x) => x.id === id);
  return d ? pollIntervalMs(cadastre.policy, d) : (cadastre.policy.alerts.defaultPollIntervalSeconds ?? cadastre.policy.pollIntervals.seconds) * 1000;
}
