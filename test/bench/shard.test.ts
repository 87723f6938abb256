// The shard bench's pure helpers: which tick a poll point belongs to, the per-device account of a run's polls,
// the headroom figure and the split of a cadastre over several simulator processes.
import { describe, expect, it } from 'vitest';
import { accountPolls, cleanSize, pollsPerTick, shardHeadroom, splitCadastre, summariseShard, type ShardSize } from '../../bench/shard.js';
import { syntheticCadastre } from '../../sim/scale.js';

const IV = 30_000;
const FROM = 1_800_000_000_000; // a multiple of 30 s: a grid boundary

describe('pollsPerTick', () => {
  it('assigns each point to the nearest tick phase + k × interval, counting only the measured rounds', () => {
    const phase = 12_000;
    const times = [
      FROM - IV + phase + 50, // the warm-up tick: k = -1
      FROM + phase + 40,
      FROM + IV + phase + 1_500,
      FROM + 2 * IV + phase + 30, FROM + 2 * IV + phase + 900, // two polls on one tick
      FROM + 3 * IV + phase, // after the rounds
    ];
    expect(pollsPerTick(times, phase, IV, FROM, 3)).toEqual([1, 1, 2]);
  });

  it('keeps a late point of a phase near the end of the interval on its own tick', () => {
    // Phase 29 s: the point of tick k = 0 lands 1.2 s after the window boundary, still tick 0.
    expect(pollsPerTick([FROM + 29_000 + 2_200, FROM + IV + 29_000 + 100], 29_000, IV, FROM, 2)).toEqual([1, 1]);
  });
});

describe('accountPolls', () => {
  it('counts devices polled exactly once per interval and the device-rounds missed or doubled', () => {
    const phases = new Map([['sw-0', 0], ['sw-1', 10_000], ['sw-2', 20_000]]);
    const times = new Map([
      ['sw-0', [FROM + 10, FROM + IV + 10, FROM + 2 * IV + 10]],
      ['sw-1', [FROM + 10_000 + 5, FROM + 2 * IV + 10_000 + 5, FROM + 2 * IV + 10_000 + 600]],
      // sw-2: no point at all
    ]);
    expect(accountPolls(times, phases, IV, FROM, 3)).toEqual({ devices: 3, exactlyOnce: 1, missed: 4, extra: 1, missedExamples: ['sw-1', 'sw-2'] });
  });
});

describe('shardHeadroom', () => {
  it('is the interfaces whose polls take the core budget at the measured interval and at 60 s', () => {
    expect(shardHeadroom(0.125, 30)).toEqual({ coreBudget: 0.5, interfacesAtMeasuredInterval: 120_000, interfacesAt60s: 240_000 });
    expect(shardHeadroom(0.3, 60, 0.25)).toEqual({ coreBudget: 0.25, interfacesAtMeasuredInterval: 50_000, interfacesAt60s: 50_000 });
  });
});

describe('splitCadastre', () => {
  it('deals the devices out in turn, each part with the segments its devices measure and every site', () => {
    const parts = splitCadastre(syntheticCadastre(5), 2);
    expect(parts.map((p) => p.devices.map((d) => d.id))).toEqual([['sw-0', 'sw-2', 'sw-4'], ['sw-1', 'sw-3']]);
    expect(parts.map((p) => p.segments.map((s) => s.id))).toEqual([['SEG-0', 'SEG-2', 'SEG-4'], ['SEG-1', 'SEG-3']]);
    expect(parts.map((p) => p.sites.length)).toEqual([5, 5]);
  });
});

const size = (switches: number, over: Partial<ShardSize> = {}): ShardSize => ({
  switches, interfaces: switches * 48, intervalSeconds: 60, rounds: 3, simProcesses: 1, roundSpanSeconds: 59, pollMeanMs: 20, pollMaxMs: 90,
  meanInFlight: 0.1, cpuSecondsPerRound: 0, cpuSecondsPer1000If: 0.125, cpuShare: 0, peakRssMiB: 200, pointsPerRound: switches * 49,
  storeWriteMsPerRound: 100, storeWritesPerRound: 10, pollsOk: switches * 3, pollsFailed: 0, devicesExactlyOnce: switches, roundsMissed: 0,
  roundsExtra: 0, skippedTicks: 0, spoolBatchesAtEnd: 0, spoolBytesAtEnd: 0, droppedPoints: 0, simCpuShare: [0.1], simRunQueueShare: [0.1],
  collectorRunQueueShare: 0.05, loadAverage: [1, 1], ...over,
});

describe('summariseShard', () => {
  it('gives the CPU-per-interface ratio of the largest to the smallest size and the headroom from the largest', () => {
    const r = summariseShard([size(209, { cpuSecondsPer1000If: 0.125 }), size(1042, { cpuSecondsPer1000If: 0.15, interfaces: 50_016 })]);
    expect(r.cpuPerIfRatio).toBe(1.2);
    expect(r.headroom).toEqual({ coreBudget: 0.5, interfacesAtMeasuredInterval: 200_000, interfacesAt60s: 200_000, fromInterfaces: 50_016 });
    expect(r.notes).toEqual([]);
  });

  it('gives no ratio when the largest size did not poll every device once, and the headroom from the largest clean size', () => {
    const starved = size(1042, { pollsOk: 300, pollsFailed: 2_826, devicesExactlyOnce: 0, simRunQueueShare: [0.8, 0.79], collectorRunQueueShare: 0.36, loadAverage: [12.2, 11.5] });
    expect(cleanSize(starved)).toBe(false);
    // 1 failed poll in 627 is within 1 %: still clean.
    expect(cleanSize(size(209, { pollsOk: 626, pollsFailed: 1 }))).toBe(true);
    const r = summariseShard([size(209), starved]);
    expect(r.cpuPerIfRatio).toBeNaN();
    expect(r.headroom?.fromInterfaces).toBe(10_032);
    expect(r.headroom?.interfacesAt60s).toBe(240_000);
    expect(r.notes).toHaveLength(2);
    expect(r.notes[0]).toMatch(/^at 1042 switches 2826 of 3126 polls failed .*waited for a core 80 % \+ 79 % of the time and the collector 36 %: the shared machine's CPU \(load average 12\.2 → 11\.5 on \d+ cores\)/);
    expect(r.notes[1]).toMatch(/^no CPU-per-interface ratio/);
  });
});
