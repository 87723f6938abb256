// Hotspot usage figures from 5-minute client averages (the hotspot_5m rollup). Pure: api/figures.ts reads
// the buckets and calls hotspotFigures. Definitions (issue #6):
// - mean = mean of the 5-minute averages; p95 = the ⌈0.95·N⌉-th smallest of them (N = buckets with a
//   sample; buckets without one are left out, as for segments);
// - open-hours mean = mean of the averages whose bucket START lies in the open hours, in the policy's
//   time zone (Europe/Brussels) local time, every day: open ≤ local time < close. A hotspot's own
//   openHours override the policy's. close < open wraps past midnight; open = close means never open;
//   "24:00" as close means end of day;
// - active share = the share of the N buckets whose average is ≥ 1 client;
// - rank by open-hours mean, 1 = busiest (ties by id; hotspots with no open-hours bucket rank last);
// - underused = an open-hours mean below the policy threshold (a hotspot without any open-hours sample is
//   not called underused: there is nothing to judge it on).
import type { Hotspot, OpenHours, Policy } from '../../config/schema.js';
import type { HotspotFigures, Window } from '../context.js';

export interface ClientBucket {
  /** Bucket start, epoch ms. */
  time: number;
  /** Mean associated clients in the bucket. */
  clients: number;
}

/** The ⌈q·N⌉-th smallest value (1-based), or null for no values. */
export function percentileCeil(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil(q * sorted.length - 1e-9));
  return sorted[Math.min(rank, sorted.length) - 1];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of local time from UTC at instant t, in minutes (Intl; exact for every IANA zone). */
export function utcOffsetMinutes(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
}

const QUARTER_MS = 15 * 60_000;

/**
 * Local minute of the day (0..1439) of instant t. Offsets change only on quarter-hour UTC instants in
 * every real zone, so one Intl call per quarter hour is cached and reused for the buckets inside it.
 */
export class LocalClock {
  private offsets = new Map<number, number>();
  constructor(readonly timeZone: string) {
    formatter(timeZone); // throws RangeError now for an unknown zone
  }

  minuteOfDay(t: number): number {
    const q = Math.floor(t / QUARTER_MS);
    let off = this.offsets.get(q);
    if (off === undefined) {
      off = utcOffsetMinutes(q * QUARTER_MS, this.timeZone);
      this.offsets.set(q, off);
    }
    const m = Math.floor(t / 60_000) + off;
    return ((m % 1440) + 1440) % 1440;
  }
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpenAt(minuteOfDay: number, hours: OpenHours): boolean {
  const open = minutes(hours.open), close = minutes(hours.close);
  if (open === close) return false;
  if (open < close) return minuteOfDay >= open && minuteOfDay < close;
  return minuteOfDay >= open || minuteOfDay < close;
}

export type HotspotPolicy = Pick<Policy, 'timeZone' | 'openHours' | 'underuseThresholdClients'>;

/**
 * Figures for every hotspot of the cadastre (a hotspot with no bucket gets nulls and samples 0).
 * `buckets` maps a hotspot id to its 5-minute averages; with a window, buckets outside [from, to) are ignored.
 */
export function hotspotFigures(
  hotspots: ReadonlyArray<Pick<Hotspot, 'id' | 'openHours'>>,
  buckets: ReadonlyMap<string, readonly ClientBucket[]>,
  policy: HotspotPolicy,
  window?: Window,
): HotspotFigures[] {
  const clock = new LocalClock(policy.timeZone);
  const rows = hotspots.map((h) => {
    const hours = h.openHours ?? policy.openHours;
    const all = (buckets.get(h.id) ?? []).filter((b) => !window || (b.time >= window.from && b.time < window.to));
    let sum = 0, openSum = 0, openN = 0, active = 0;
    const values: number[] = [];
    for (const b of all) {
      sum += b.clients;
      values.push(b.clients);
      if (b.clients >= 1) active++;
      if (isOpenAt(clock.minuteOfDay(b.time), hours)) { openSum += b.clients; openN++; }
    }
    const n = all.length;
    return {
      id: h.id,
      meanClients: n ? sum / n : null,
      p95Clients: percentileCeil(values, 0.95),
      openHoursMeanClients: openN ? openSum / openN : null,
      activeShare: n ? active / n : null,
      samples: n,
      rank: 0,
      underused: openN > 0 && openSum / openN < policy.underuseThresholdClients,
    } satisfies HotspotFigures;
  });
  const order = [...rows].sort((x, y) => {
    const a = x.openHoursMeanClients, b = y.openHoursMeanClients;
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else if (a !== b) return b - a;
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
  order.forEach((r, i) => { r.rank = i + 1; });
  return rows;
}
