/**
 * theil-sen: the median of all pairwise slopes. It ignores up to ~29 % outliers, so GC sawtooth
 * residue and single bursts in a floor series do not tilt it (Sen 1968).
 */

/** median returns the middle value of a numeric array (NaN for an empty one); it does not mutate. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
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
export function theilSen(t: readonly number[], v: readonly number[], maxPairs = 200_000): TheilSen {
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
