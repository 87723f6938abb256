import { describe, it, expect } from 'vitest';
import { maxGainAssignment } from '../../analytics/assignment.js';

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
}

/** The best total gain over every partial one-to-one assignment of at most k positive-gain pairs. */
function bruteForce(gain: Array<Array<number | null>>, k: number): number {
  const cols = gain[0]?.length ?? 0;
  const used = new Array<boolean>(cols).fill(false);
  const go = (r: number, left: number): number => {
    if (r === gain.length || left === 0) return 0;
    let best = go(r + 1, left); // row r stays
    for (let c = 0; c < cols; c++) {
      const g = gain[r][c];
      if (used[c] || g === null || g <= 0) continue;
      used[c] = true;
      best = Math.max(best, g + go(r + 1, left - 1));
      used[c] = false;
    }
    return best;
  };
  return go(0, k);
}

describe('max-gain assignment of at most K pairs', () => {
  it('is not the top K of the unconstrained optimum', () => {
    // Unconstrained best: r0–c1 (9) + r1–c0 (9) = 18; with K = 1 the best single pair is r0–c0 (10),
    // which the unconstrained optimum does not contain.
    const gain = [[10, 9], [9, 1]];
    expect(maxGainAssignment(gain, 2)).toEqual({ pairs: [[0, 1], [1, 0]], totalGain: 18 });
    expect(maxGainAssignment(gain, 1)).toEqual({ pairs: [[0, 0]], totalGain: 10 });
  });

  it('keeps only positive gains, never a forbidden pair, and no column twice', () => {
    const gain = [[-1, null, 0], [null, 5, 3], [null, 4, null]];
    const a = maxGainAssignment(gain, 3);
    expect(a.pairs).toEqual([[1, 2], [2, 1]]);
    expect(a.totalGain).toBe(7);
    expect(maxGainAssignment(gain, 0)).toEqual({ pairs: [], totalGain: 0 });
    expect(maxGainAssignment([], 3)).toEqual({ pairs: [], totalGain: 0 });
  });

  it('equals brute force on random small instances, K from 1 to beyond the rows', () => {
    const rnd = lcg(7);
    for (let trial = 0; trial < 400; trial++) {
      const rows = 1 + Math.floor(rnd() * 5);
      const cols = 1 + Math.floor(rnd() * 6);
      const gain = Array.from({ length: rows }, () => Array.from({ length: cols }, () => {
        const x = rnd();
        if (x < 0.2) return null;
        return Math.round((rnd() * 20 - 6) * 1000) / 1000;
      }));
      for (let k = 1; k <= rows + 1; k++) {
        const a = maxGainAssignment(gain, k);
        const best = bruteForce(gain, k);
        expect(a.totalGain).toBeCloseTo(best, 9);
        expect(maxGainAssignment(gain, k, 'heap').totalGain).toBeCloseTo(best, 9);
        expect(maxGainAssignment(gain, k, 'scan').totalGain).toBeCloseTo(best, 9);
        expect(a.pairs.length).toBeLessThanOrEqual(k);
        expect(new Set(a.pairs.map(([, c]) => c)).size).toBe(a.pairs.length);
        expect(new Set(a.pairs.map(([r]) => r)).size).toBe(a.pairs.length);
        for (const [r, c] of a.pairs) expect(gain[r][c]).toBeGreaterThan(0);
      }
    }
  });
});
