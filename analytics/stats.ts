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

/**
 * A series' figures for many windows without touching every bucket each time. Built over the stable part of
 * a series (indices below `cut`, which no refresh rewrites), it holds prefix sums and counts (means in O(1))
 * and the `top` largest values with their indices, sorted descending: the ⌈0.95·N⌉-th smallest of a window is
 * its (N − ⌈0.95·N⌉ + 1)-th largest, found by walking that short list and skipping entries outside the window,
 * merged with the few buckets from `cut` on (read directly). When the list runs out (a window far smaller than
 * the series), `summary` answers undefined and the caller computes directly. Same answers as `summarise`.
 */
export class RankIndex {
  private readonly prefixSum: Float64Array;
  private readonly prefixCount: Int32Array;
  private readonly topValues: Float64Array;
  private readonly topIndex: Int32Array;
  /** Indices below this are indexed; from it on they are read from the live array. */
  readonly cut: number;

  constructor(values: Float64Array, cut: number, topShare = 0.1) {
    const n = Math.max(0, Math.min(cut, values.length));
    this.cut = n;
    this.prefixSum = new Float64Array(n + 1);
    this.prefixCount = new Int32Array(n + 1);
    const buf = new Float64Array(n);
    let count = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v) { sum += v; buf[count++] = v; }
      this.prefixSum[i + 1] = sum;
      this.prefixCount[i + 1] = count;
    }
    const t = Math.min(count, Math.ceil(count * topShare) + 16);
    this.topValues = new Float64Array(t);
    this.topIndex = new Int32Array(t);
    if (t === 0) return;
    // The t-th largest is the threshold: every value above it is in, then values equal to it until t.
    const threshold = quickselect(buf, count, count - t);
    const picked: number[] = [];
    for (let i = 0; i < n; i++) if (values[i] > threshold) picked.push(i);
    for (let i = 0; i < n && picked.length < t; i++) if (values[i] === threshold) picked.push(i);
    picked.sort((a, b) => values[b] - values[a] || a - b);
    picked.forEach((idx, k) => { this.topIndex[k] = idx; this.topValues[k] = values[idx]; });
  }

  /** Figures of values[i0..i1); indices from `cut` on are read from `values` (the live array). */
  summary(values: Float64Array, i0: number, i1: number): Summary | undefined {
    const s = Math.max(0, i0);
    const e = Math.min(values.length, i1);
    if (e <= s) return { n: 0, mean: null, p95: null, max: null };
    // The stable part [s, c) from the prefixes (empty when the window starts at or after the cut), the tail [c, e) directly.
    const c = Math.max(s, Math.min(this.cut, e));
    const pa = Math.min(s, this.cut);
    const pb = Math.min(c, this.cut);
    let n = this.prefixCount[pb] - this.prefixCount[pa];
    let sum = this.prefixSum[pb] - this.prefixSum[pa];
    const tail: number[] = [];
    for (let i = c; i < e; i++) {
      const v = values[i];
      if (v === v) { tail.push(v); sum += v; n++; }
    }
    if (n === 0) return { n: 0, mean: null, p95: null, max: null };
    tail.sort((a, b) => b - a);
    const m = n - percentileRank(n) + 1; // the p95 is the m-th largest
    let k = 0; // entries of the top list consumed
    let j = 0; // tail entries consumed
    let found = 0;
    let max = -Infinity;
    let value = NaN;
    while (found < m) {
      // Next in-window entry of the top list.
      while (k < this.topIndex.length && (this.topIndex[k] < s || this.topIndex[k] >= c)) k++;
      const fromTop = k < this.topIndex.length ? this.topValues[k] : undefined;
      const fromTail = j < tail.length ? tail[j] : undefined;
      if (fromTop === undefined) {
        // The top list is exhausted: only safe when the stable part of the window has no value left.
        if (found + (tail.length - j) < m || this.countAbove(pa, pb, k) > 0) return undefined;
        value = tail[j++];
      } else if (fromTail !== undefined && fromTail >= fromTop) {
        value = tail[j++];
      } else {
        value = fromTop;
        k++;
      }
      if (found === 0) max = value;
      found++;
    }
    return { n, mean: sum / n, p95: value, max };
  }

  /** Whether the stable part [s, c) still holds values not yet consumed from the top list (k = consumed). */
  private countAbove(s: number, c: number, k: number): number {
    let inTop = 0;
    for (let i = 0; i < k; i++) if (this.topIndex[i] >= s && this.topIndex[i] < c) inTop++;
    return this.prefixCount[c] - this.prefixCount[s] - inTop;
  }
}
