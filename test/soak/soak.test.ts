// The short soak: the small cadastre polled every 3 s for 1.5 minutes while the faults of bench/soak.ts run
// (agents unreachable, reboots, 32-bit counters, influxd stopped and restarted, the collector SIGKILLed and
// restarted on its spool, malformed datagrams at its sockets, fuzzed API requests). Every interval is
// accounted for from what InfluxDB holds afterwards.
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.js';

describe('soak under faults (short)', () => {
  it('loses no interval, duplicates none, writes no spike, drops no point, and the API answers no 5xx', async () => {
    const r = await runSoak({ configDir: 'test/fixtures/cadastre-small', minutes: 1.5, intervalSeconds: 3, log: () => {} });
    const why = JSON.stringify({ faults: r.faults, explained: r.explained, losses: r.lossExamples, duplicates: r.duplicateExamples, spikes: r.spikeExamples, api: r.api.fivexxExamples }, null, 1);
    expect(r.lost, why).toBe(0);
    expect(r.duplicates, why).toBe(0);
    expect(r.spikes, why).toBe(0);
    expect(r.dropped).toBe(0);
    expect(r.quarantined).toBe(0);
    expect(r.api.fivexx, why).toBe(0);
    expect(r.api.noAnswer, why).toBe(0);
    // The faults did happen and were seen where they should be.
    expect(r.series).toBe(12); // 6 segments + 6 hotspots
    expect(r.explained['agent unreachable']).toBeGreaterThan(0);
    expect(r.explained['collector SIGKILL and restart']).toBeGreaterThan(0);
    expect(r.spoolMaxBatches).toBeGreaterThan(0);
    expect(r.malformedDatagrams).toBeGreaterThan(0);
    expect(r.collectorSockets).toBeGreaterThan(0);
    expect(r.api.requests).toBeGreaterThan(100);
    expect(r.present).toBeGreaterThan(r.expected / 2);
    // Fuzzing (windows centuries back included) does not make the API hoard memory.
    const api = r.memory.find((m) => m.process === 'api');
    expect(api?.growthMiB ?? Infinity, JSON.stringify(r.memory)).toBeLessThan(300);
  }, 360_000);
});
