import { describe, expect, it } from 'vitest';
import { fnv1a32, inShard, parseShard, shardOf } from '../../collector/shard.js';
import { loadCadastre } from '../../config/load.js';

describe('--shard i/n', () => {
  const ids = [...Array.from({ length: 500 }, (_, i) => `sw-${i}`), ...loadCadastre('test/fixtures/cadastre-small').devices.map((d) => d.id)];

  it('puts every device in exactly one of n shards', () => {
    for (const n of [1, 2, 3, 7]) {
      for (const id of ids) {
        const owners = Array.from({ length: n }, (_, k) => k + 1).filter((i) => inShard(id, { index: i, count: n }));
        expect(owners, `${id} over ${n}`).toHaveLength(1);
      }
    }
  });

  it('is a stable hash (same answer everywhere) that spreads devices', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    const counts = [0, 0, 0];
    for (let i = 0; i < 500; i++) counts[shardOf(`sw-${i}`, 3) - 1]++;
    for (const c of counts) expect(c).toBeGreaterThan(130);
  });

  it('parses i/n and rejects nonsense with a clear message', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('0/3')).toThrow(/1 ≤ i ≤ n/);
    expect(() => parseShard('4/3')).toThrow(/1 ≤ i ≤ n/);
    expect(() => parseShard('two')).toThrow(/expected i\/n/);
  });
});
