// Counters to rates: pure functions, no I/O.
//
// Which Δt: the poll timestamps — the collector's clock (epoch ms) at the midpoint between sending the request
// that read the counters and receiving its answer (the best estimate of when the agent read them, off by at
// most half a round trip; rows on a later page of a long table are read a round trip later in every poll
// alike, so that offset cancels in Δt). It is also the timestamp written with the point. Why not sysUpTime:
// it ticks in centiseconds (0.5 % of a 2 s interval), many agents update it apart from the interface
// counters (which the ASIC copies out every few seconds anyway), and a rate must integrate back to the
// octets between two *written* timestamps, so that mean(rate) × Δt over any range of points equals the
// traffic. sysUpTime is used only to recognise an agent restart.
//
// 32-bit counters: a Counter32 wraps at 2^32 octets (34 s at 1 Gbit/s). One wrap per interval is
// unwrapped. Whether it wrapped more than once cannot be known from two samples, so when the interface's
// speed says that more than 2^32 octets could have passed in Δt, the interval yields no rate (reason
// `ambiguous`) rather than a guess: poll faster, or get the device to serve ifXTable's HC counters.

export const WRAP32 = 1n << 32n;
/** sysUpTime is in hundredths of a second. */
const CS = 10;

export interface CounterSample {
  /** Epoch ms of the response that carried the value. */
  time: number;
  value: bigint;
  /** From the SNMP type: Counter64 → 64, Counter32 → 32. */
  bits: 32 | 64;
  /** sysUpTime (centiseconds) read in the same poll, when the agent serves it. */
  uptimeCs?: number;
}

export type RateOutcome =
  | { bps: number; octets: bigint; wrapped: boolean }
  | { bps?: undefined; reason: 'first' | 'reset' | 'ambiguous' | 'type-change' | 'no-time' };

/** Slack on the link speed when deciding that a wrap cannot explain a decrease (speeds are nominal). */
export const SPEED_SLACK = 1.05;

/** True when the agent restarted between the two samples. */
export function agentRestarted(prev: { time: number; uptimeCs?: number }, cur: { time: number; uptimeCs?: number }): boolean {
  if (prev.uptimeCs === undefined || cur.uptimeCs === undefined) return false;
  if (cur.uptimeCs < prev.uptimeCs) return true; // also a sysUpTime wrap (every 497 days): one interval lost
  // Uptime shorter than the time since the previous poll: it restarted after that poll, even if it has
  // already counted past the old uptime. 1 s (or 5 % of Δt) absorbs clock and tick granularity.
  const elapsed = cur.time - prev.time;
  return cur.uptimeCs * CS + Math.max(1000, elapsed * 0.05) < elapsed;
}

/**
 * The rate between two samples of one counter, or why there is none. `speedBps` (the interface's nominal
 * speed, 0 or undefined when unknown) is used only to judge 32-bit wraps.
 */
export function counterRate(prev: CounterSample | undefined, cur: CounterSample, speedBps?: number): RateOutcome {
  if (!prev) return { reason: 'first' };
  const dtMs = cur.time - prev.time;
  if (dtMs <= 0) return { reason: 'no-time' };
  if (prev.bits !== cur.bits) return { reason: 'type-change' };
  if (agentRestarted(prev, cur)) return { reason: 'reset' };
  let octets = cur.value - prev.value;
  let wrapped = false;
  if (cur.bits === 64) {
    if (octets < 0n) return { reason: 'reset' };
  } else {
    const speed = speedBps && speedBps > 0 ? speedBps : undefined;
    if (speed !== undefined && (speed * SPEED_SLACK * dtMs) / 8000 >= Number(WRAP32)) return { reason: 'ambiguous' };
    if (octets < 0n) {
      octets += WRAP32;
      wrapped = true;
      // A decrease a single wrap can't explain (more octets than the link could carry): a reset.
      if (speed !== undefined && (Number(octets) * 8000) / dtMs > speed * SPEED_SLACK) return { reason: 'reset' };
    }
  }
  return { bps: (Number(octets) * 8000) / dtMs, octets, wrapped };
}

/** Keeps the previous sample per key (device/interface/direction) and turns each new one into a rate. */
export class RateTracker {
  private readonly last = new Map<string, CounterSample>();

  update(key: string, cur: CounterSample, speedBps?: number): RateOutcome {
    const out = counterRate(this.last.get(key), cur, speedBps);
    this.last.set(key, cur);
    return out;
  }

  forget(key: string): void { this.last.delete(key); }

  get size(): number { return this.last.size; }
}

/** Counter64 arrives as a big-endian Buffer, Counter32 as a number: both as BigInt, exactly. */
export function counterValue(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'bigint') return value;
  if (Buffer.isBuffer(value) && value.length <= 8) {
    let v = 0n;
    for (const b of value) v = (v << 8n) | BigInt(b);
    return v;
  }
  return undefined;
}
