import { describe, expect, it } from 'vitest';
import { agentRestarted, counterRate, counterValue, RateTracker, WRAP32 } from '../../collector/rates.js';

const s = (time: number, value: bigint, bits: 32 | 64 = 64, uptimeCs?: number) => ({ time, value, bits, uptimeCs });

describe('counterRate', () => {
  it('first sample yields no rate', () => {
    expect(counterRate(undefined, s(0, 5n))).toEqual({ reason: 'first' });
  });

  it('rate = Δoctets × 8 / Δt over the poll timestamps', () => {
    const r = counterRate(s(1_000, 1_000n, 64, 100), s(6_000, 626_000n, 64, 600));
    expect(r.bps).toBe(1_000_000); // 625,000 octets × 8 / 5 s
  });

  it('keeps 64-bit counters exact past 2^53', () => {
    const big = (1n << 60n) + 12345n;
    const r = counterRate(s(0, big, 64, 0), s(1000, big + 1_000_000n, 64, 100));
    expect(r.bps).toBe(8_000_000);
    if (r.bps !== undefined) expect(r.octets).toBe(1_000_000n);
  });

  it('a 64-bit decrease is a reset: no rate, never a spike', () => {
    expect(counterRate(s(0, 10_000n, 64, 0), s(1000, 10n, 64, 100))).toEqual({ reason: 'reset' });
  });

  it('sysUpTime going backwards is a reset even if the counter grew', () => {
    expect(counterRate(s(0, 100n, 64, 50_000), s(60_000, 9_000n, 64, 300))).toEqual({ reason: 'reset' });
  });

  it('an uptime shorter than the time since the last poll is a restart in between', () => {
    expect(agentRestarted({ time: 0, uptimeCs: 1000 }, { time: 60_000, uptimeCs: 3000 })).toBe(true);
    expect(agentRestarted({ time: 0, uptimeCs: 1000 }, { time: 60_000, uptimeCs: 7000 })).toBe(false);
  });

  it('unwraps one 32-bit wrap', () => {
    const prev = WRAP32 - 1000n;
    const r = counterRate(s(0, prev, 32, 0), s(1000, 500n, 32, 100), 100e6);
    expect(r.bps).toBe(1500 * 8);
    if (r.bps !== undefined) expect(r.wrapped).toBe(true);
  });

  it('a 32-bit decrease more than the link could carry is a reset', () => {
    // 2^32 - 4e9 + 10 octets in 5 s = ~470 Mbit/s on a 100 Mbit/s link: no wrap explains it.
    expect(counterRate(s(0, 4_000_000_000n, 32, 0), s(5000, 10n, 32, 500), 100e6)).toEqual({ reason: 'reset' });
  });

  it('a 32-bit counter that could wrap more than once per interval yields no rate', () => {
    // 10 Gbit/s × 60 s = 75 GB ≫ 2^32 octets.
    expect(counterRate(s(0, 1n, 32, 0), s(60_000, 2n, 32, 6000), 10e9)).toEqual({ reason: 'ambiguous' });
    // 100 Mbit/s × 60 s = 750 MB < 2^32: fine.
    expect(counterRate(s(0, 1n, 32, 0), s(60_000, 750_000_001n, 32, 6000), 100e6).bps).toBe(100e6);
  });

  it('a change of counter width (HC appeared/disappeared) yields no rate', () => {
    expect(counterRate(s(0, 1n, 64), s(1000, 2n, 32))).toEqual({ reason: 'type-change' });
  });

  it('the tracker keeps one history per key', () => {
    const t = new RateTracker();
    expect(t.update('a', s(0, 0n)).bps).toBeUndefined();
    expect(t.update('b', s(0, 0n)).bps).toBeUndefined();
    expect(t.update('a', s(1000, 125n)).bps).toBe(1000);
  });
});

describe('counterValue', () => {
  it('reads Counter64 Buffers and Counter32 numbers as BigInt', () => {
    expect(counterValue(Buffer.from([0x00, 0x20, 0, 0, 0, 0, 0, 1]))).toBe((1n << 53n) + 1n);
    expect(counterValue(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe((1n << 64n) - 1n);
    expect(counterValue(4294967295)).toBe(4294967295n);
    expect(counterValue('x')).toBeUndefined();
  });
});
