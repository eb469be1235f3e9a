/**
 * theil-sen: the median of all pairwise slopes. It ignores up to ~29 % outliers, so GC sawtooth
 * residue and single bursts in a floor series do not tilt it (Sen 1968).
 */

/** median returns the middle value of a numeric array (NaN for an empty one); it does not mutate. */
export function median(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  // selection instead of a full sort: the slope lists of Theil–Sen hold tens of thousands of pairs
  const a = Float64Array.from(xs);
  const m = n >> 1;
  const hi = select(a, m);
  return n % 2 === 1 ? hi : (maxBelow(a, m) + hi) / 2;
}

/** select puts the k-th smallest value at index k (Hoare quickselect, median-of-three pivot). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** maxBelow is the largest value in a[0, k) after select(a, k) partitioned around k. */
function maxBelow(a: Float64Array, k: number): number {
  let m = -Infinity;
  for (let i = 0; i < k; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/** TheilSen is a robust line: slope per unit of t and the intercept at t = 0. */
export interface TheilSen {
  readonly slope: number;
  readonly intercept: number;
}

/**
 * theilSen fits t → v robustly. Pairs with equal t are skipped. For n above `maxPairs` the pairs are
 * taken with a fixed stride, which keeps the cost bounded for long windows without randomness.
 */
export function theilSen(t: readonly number[], v: readonly number[], maxPairs = 60_000): TheilSen {
  const n = Math.min(t.length, v.length);
  if (n < 2) return { slope: 0, intercept: n === 1 ? v[0]! : NaN };
  const total = (n * (n - 1)) / 2;
  const stride = total > maxPairs ? Math.ceil(total / maxPairs) : 1;
  const slopes: number[] = [];
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      if (k++ % stride !== 0) continue;
      const dt = t[j]! - t[i]!;
      if (dt !== 0) slopes.push((v[j]! - v[i]!) / dt);
    }
  }
  const slope = slopes.length ? median(slopes) : 0;
  const intercept = median(Array.from({ length: n }, (_, i) => v[i]! - slope * t[i]!));
  return { slope, intercept };
}
