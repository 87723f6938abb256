// The scripted month through a real influxd: raw poll and interface points written as the collector writes
// them, rolled up by store/rollup.ts, read back by store/availability.ts, computed: the same figures.
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAvailability } from '../../analytics/availability.js';
import { readAvailability } from '../../store/reads.js';
import type { InfluxStore } from '../../store/influx.js';
import { rollupRange } from '../../store/rollup.js';
import { PRECISION } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';
import { expectScenarioFigures, FROM, maintenance, observations, rawLines, TO, topology } from './scenario.js';

let store: InfluxStore;

beforeAll(async () => {
  store = await freshDatabase('availability');
  const lines = rawLines();
  for (let i = 0; i < lines.length; i += 20_000) await store.write(lines.slice(i, i + 20_000), PRECISION);
  // A day at a time, as the collector's scheduler and the backfill do.
  for (let t = FROM; t < TO; t += 86_400_000) await rollupRange(store, t, Math.min(TO, t + 86_400_000));
}, 120_000);

describe('availability through the store', () => {
  it('reads back exactly the buckets in which devices did not answer, interfaces were down, nothing was polled', async () => {
    const r = await readAvailability(store, FROM, TO);
    expect(r).toEqual(observations);
  });

  it('computes the scripted month from what the store holds: every figure and cause exact to the bucket', async () => {
    const r = await readAvailability(store, FROM, TO);
    expectScenarioFigures(computeAvailability({ ...topology, from: FROM, to: TO, maintenance, observations: r }));
  });
});
