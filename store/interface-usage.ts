// The 5-minute averages of one interface's rates, read from the raw `interface` measurement: what a circuit's
// 95th-percentile billing counts. The rollups cover only segment-mapped interfaces, so a customer-facing
// interface is read raw (keep the raw points at least a month and a day: see the README's retention advice).
import { influxIdent, influxString, type InfluxStore } from './influx.js';
import { M } from './schema.js';

export interface UsageBucket {
  /** Bucket start, epoch ms (5-minute UTC buckets). */
  time: number;
  /** Mean of the bucket's in_bps / out_bps points; null when the bucket has none for that field. */
  inBps: number | null;
  outBps: number | null;
}

/** The buckets of [fromMs, toMs) (5-minute aligned) that hold at least one point of the interface. */
export async function interfaceBuckets(store: InfluxStore, device: string, ifName: string, fromMs: number, toMs: number): Promise<UsageBucket[]> {
  const q = `SELECT mean("in_bps") AS in_bps, mean("out_bps") AS out_bps FROM ${influxIdent(M.interface)} `
    + `WHERE "device" = ${influxString(device)} AND "if_name" = ${influxString(ifName)} AND time >= ${fromMs}ms AND time < ${toMs}ms `
    + 'GROUP BY time(5m) fill(none)';
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return (await store.rows(q)).map((r) => ({ time: r.time, inBps: num(r.in_bps), outBps: num(r.out_bps) }));
}
