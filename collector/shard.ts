// Sharding devices over several collectors: `--shard i/n` (1 ≤ i ≤ n) polls the devices whose stable hash
// lands in shard i. The hash is FNV-1a (32-bit) of the device id: the same on every machine and Node
// version, independent of the order of the cadastre, so adding a device moves no other device.

export interface Shard { index: number; count: number }

export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(s, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The 1-based shard a device belongs to among `count`. */
export function shardOf(deviceId: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new Error(`shard count must be a positive integer, got ${count}`);
  return (fnv1a32(deviceId) % count) + 1;
}

export function inShard(deviceId: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(deviceId, shard.count) === shard.index;
}

/** Parses "i/n" (e.g. "2/3": the second of three collectors). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--shard: expected i/n (e.g. 1/3), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new Error(`--shard: need 1 ≤ i ≤ n, got "${text}"`);
  return { index, count };
}
