// Reads of the `poll` measurement shared by the API (/api/devices) and the evaluator: the latest poll of each
// device per status, up to `now` (the status rule, analytics/device-status.ts, reduces them per device).
import type { InfluxStore } from './influx.js';
import { influxIdent } from './influx.js';
import { M, type PollStatus } from './schema.js';
import { DAY_MS } from '../common/time.js';

export const POLL_STATUSES: readonly PollStatus[] = ['ok', 'empty', 'timeout', 'auth_error', 'error'];
export const isPollStatus = (s: unknown): s is PollStatus => typeof s === 'string' && (POLL_STATUSES as readonly string[]).includes(s);

/** How far back the last polls are looked for by default: a device silent longer has no last poll. */
export const LAST_POLL_LOOKBACK_MS = 400 * DAY_MS;

export interface LastPollRow { device: string; status: PollStatus; time: number }

/** The latest poll of every device and status in (now − lookback, now], epoch ms. */
export async function readLastPolls(store: InfluxStore, now: number, lookbackMs = LAST_POLL_LOOKBACK_MS): Promise<LastPollRow[]> {
  const [series] = await store.queryAll(
    `SELECT last("duration_ms") FROM ${influxIdent(M.poll)} WHERE time > ${now - lookbackMs}ms AND time <= ${now}ms GROUP BY "device", "status"`,
  );
  const out: LastPollRow[] = [];
  for (const s of series ?? []) {
    const time = s.values[0]?.[0];
    if (s.tags.device === undefined || !isPollStatus(s.tags.status) || typeof time !== 'number') continue;
    out.push({ device: s.tags.device, status: s.tags.status, time });
  }
  return out;
}

/** Polls per device and status in [from, to) that were not `ok` (the tag filter skips the large series of
 *  successful polls altogether). */
export async function readPollCounts(store: InfluxStore, from: number, to: number): Promise<Map<string, Partial<Record<PollStatus, number>>>> {
  const [series] = await store.queryAll(
    `SELECT count("duration_ms") FROM ${influxIdent(M.poll)} WHERE "status" != 'ok' AND time >= ${from}ms AND time < ${to}ms GROUP BY "device", "status"`,
  );
  const out = new Map<string, Partial<Record<PollStatus, number>>>();
  for (const s of series ?? []) {
    if (s.tags.device === undefined || !isPollStatus(s.tags.status)) continue;
    const rec = out.get(s.tags.device) ?? {};
    rec[s.tags.status] = (rec[s.tags.status] ?? 0) + Number(s.values[0]?.[1] ?? 0);
    out.set(s.tags.device, rec);
  }
  return out;
}
