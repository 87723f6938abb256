// A device's status, decided once for the API (/api/devices, hence the map) and the evaluator (device-down,
// hotspot-down): from its last polls and its own poll interval, on one clock (`now`), never from the end of a
// query window. Pure: plain data in and out.
//
// Silence counts from the last successful poll, or from when we started watching (`watchingSince`: the
// process start) if that is later: a device cannot be blamed for polls that nobody was there to make. So after a
// start no device is down before its first poll was due (within one interval) plus the grace that follows.
import type { PollStatus } from '../store/schema.js';

/** A device is down when it has had no successful poll for more than this many of its intervals. */
export const DOWN_INTERVALS = 3;

export interface LastPolls {
  /** The latest poll, whatever its status (null: none known). */
  last: { time: number; status: PollStatus } | null;
  /** The latest poll the device answered (ok or empty), epoch ms (null: none known). */
  lastOk: number | null;
}

export interface StatusInput extends LastPolls {
  intervalMs: number;
  now: number;
  /** When the watcher (API, evaluator) started, epoch ms; silence before it is not counted. */
  watchingSince: number;
  /** Intervals without a successful poll that make a device down (default DOWN_INTERVALS). */
  intervals?: number;
}

export type DeviceState = 'up' | 'down' | 'waiting';

export interface DeviceStatus {
  /** up: a successful poll within the limit; down: none for longer; waiting: none since the start, limit not yet reached. */
  state: DeviceState;
  /** How long the device has been silent as counted (ms, ≥ 0): since its last success or the start, whichever is later. */
  silentMs: number;
  /** The silence after which it is down (ms). */
  limitMs: number;
}

export function deviceStatus(i: StatusInput): DeviceStatus {
  const limitMs = (i.intervals ?? DOWN_INTERVALS) * i.intervalMs;
  const since = Math.max(i.lastOk ?? Number.NEGATIVE_INFINITY, i.watchingSince);
  const silentMs = Math.max(0, i.now - since);
  if (silentMs > limitMs) return { state: 'down', silentMs, limitMs };
  const okSinceStart = i.lastOk !== null && i.lastOk >= i.watchingSince;
  // A success before the start that is still within the limit counts as up: the device answered recently.
  return { state: okSinceStart || (i.lastOk !== null && i.now - i.lastOk <= limitMs) ? 'up' : 'waiting', silentMs, limitMs };
}

/** The last poll and last success per device from a list of polls (any order). */
export function lastPolls(polls: Iterable<{ device: string; time: number; status: PollStatus }>): Map<string, LastPolls> {
  const out = new Map<string, LastPolls>();
  for (const p of polls) {
    const rec = out.get(p.device) ?? { last: null, lastOk: null };
    if (!rec.last || p.time > rec.last.time) rec.last = { time: p.time, status: p.status };
    // An empty poll is an answer too: the device is seen, its table is what is missing.
    if ((p.status === 'ok' || p.status === 'empty') && (rec.lastOk === null || p.time > rec.lastOk)) rec.lastOk = p.time;
    out.set(p.device, rec);
  }
  return out;
}
