// Pure statistics over 5-minute averages. The rank of the 95th percentile is ⌈0.95·N⌉ (95th-percentile
// billing), computed here because InfluxQL's PERCENTILE rounds it instead.

/** 1-based rank of the p-th percentile among n values: ⌈p/100·n⌉, at least 1. */
export function percentileRank(n: number, p = 95): number {
  // p·n/100 in exact integer arithmetic when p is an integer, so that 0.95·8640 is 8208, not 8208.000000001.
  const r = Number.isInteger(p) ? Math.ceil((p * n) / 100) : Math.ceil((p / 100) * n);
  return Math.max(1, Math.min(n, r));
}

/**
 * The k-th smallest (0-based) of a[0..n) by quickselect (Hoare partition, median of three); reorders a.
 * Linear on average: 8,640 values of a 30-day window per direction and segment.
 */
export function quickselect(a: Float64Array, n: number, k: number): number {
  if (k < 0 || k >= n) throw new RangeError(`rank ${k} outside 0..${n - 1}`);
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot, so that sorted or constant input stays linear.
    let x = a[lo], y = a[mid], z = a[hi];
    if (x > y) { const t = x; x = y; y = t; }
    if (y > z) { y = z; if (x > y) y = x; }
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

export interface Summary {
  /** Number of values (5-minute buckets with a sample). */
  n: number;
  mean: number | null;
  p95: number | null;
  max: number | null;
}

/**
 * Mean, ⌈0.95·N⌉-th smallest and max of the non-NaN values of src[start..end). NaN marks a bucket without a
 * sample: it is left out, not counted as zero. `scratch` (length ≥ end − start) avoids an allocation per call.
 */
export function summarise(src: Float64Array, start: number, end: number, scratch?: Float64Array): Summary {
  const s = Math.max(0, start);
  const e = Math.min(src.length, end);
  const buf = scratch && scratch.length >= e - s ? scratch : new Float64Array(Math.max(0, e - s));
  let n = 0;
  let sum = 0;
  let max = -Infinity;
  for (let i = s; i < e; i++) {
    const v = src[i];
    if (v !== v) continue; // NaN: no sample in this bucket
    buf[n++] = v;
    sum += v;
    if (v > max) max = v;
  }
  if (n === 0) return { n: 0, mean: null, p95: null, max: null };
  return { n, mean: sum / n, p95: quickselect(buf, n, percentileRank(n) - 1), max };
}

/** Values of a plain array, same definitions (for tests and small inputs). */
export function summariseValues(values: readonly number[]): Summary {
  return summarise(Float64Array.from(values), 0, values.length);
}
