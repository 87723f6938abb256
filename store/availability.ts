// The reads availability needs, from the 5-minute rollups (raw points age out long before a month is reported):
// the buckets in which a device did not answer (`poll_5m`), the buckets in which a segment's measuring interface
// was operationally down (`interface_5m`), and the buckets with no poll at all. Only the exceptions are read, so a
// month of the whole network is a few small answers, not millions of rows.
import { influxIdent, type InfluxStore } from './influx.js';
import { BUCKET_MS, M } from './schema.js';

export interface AvailabilityReadout {
  /** Per device: bucket starts (epoch ms, ascending) in which it did not answer. */
  deviceDown: Record<string, number[]>;
  /** Per segment: bucket starts in which its measuring interface was operationally down. */
  segmentDown: Record<string, number[]>;
  /** Bucket starts in [from, to) with no poll of any device. */
  noData: number[];
}

/** Reads [from, to) (bucket-aligned, epoch ms). */
export async function readAvailability(store: InfluxStore, from: number, to: number): Promise<AvailabilityReadout> {
  const range = `time >= ${from}ms AND time < ${to}ms`;
  const [down, oper, coverage] = await store.queryAll([
    `SELECT "answered" FROM ${influxIdent(M.poll5m)} WHERE ${range} AND "answered" = false GROUP BY "device"`,
    `SELECT "oper_up" FROM ${influxIdent(M.interface5m)} WHERE ${range} AND "oper_up" = false GROUP BY "segment"`,
    `SELECT count("polls") AS n FROM ${influxIdent(M.poll5m)} WHERE ${range} GROUP BY time(5m) fill(0)`,
  ].join('; '));
  const byTag = (series: typeof down | undefined, tag: string): Record<string, number[]> => {
    const out: Record<string, number[]> = {};
    for (const s of series ?? []) {
      const id = s.tags[tag];
      if (!id) continue;
      const times = (out[id] ??= []);
      for (const v of s.values) times.push(v[0] as number);
    }
    for (const times of Object.values(out)) times.sort((a, b) => a - b);
    return out;
  };
  // GROUP BY time() with fill(0) answers every bucket of the range; the query's first bucket may start before
  // `from` when `from` is not aligned, so buckets are taken from the answer, not assumed.
  const present = new Set<number>();
  for (const s of coverage ?? []) for (const v of s.values) if ((v[1] as number) > 0) present.add(v[0] as number);
  const noData: number[] = [];
  for (let t = from; t < to; t += BUCKET_MS) if (!present.has(t)) noData.push(t);
  return { deviceDown: byTag(down, 'device'), segmentDown: byTag(oper, 'segment'), noData };
}
