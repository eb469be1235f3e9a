/**
 * stats: numeric helpers shared by aggregations and *_over_time functions, written to match
 * Prometheus 2.42 (quantile interpolation, Neumaier-compensated sums, least squares).
 */

/** quantile is Prometheus' φ-quantile with linear interpolation between closest ranks; it sorts `values`. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort((a, b) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b));
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower]! * (1 - weight) + values[upper]! * weight;
}

/** KahanSum is a Neumaier-compensated running sum. */
export class KahanSum {
  sum = 0;
  c = 0;
  /** add includes one term. */
  add(inc: number): void {
    const t = this.sum + inc;
    if (Math.abs(this.sum) >= Math.abs(inc)) this.c += this.sum - t + inc;
    else this.c += inc - t + this.sum;
    this.sum = t;
  }
  /** value is the compensated total (infinities pass through). */
  value(): number {
    if (!Number.isFinite(this.sum) && !Number.isNaN(this.sum)) return this.sum;
    return this.sum + this.c;
  }
}

/**
 * linearRegression fits v over (t - interceptT) seconds and returns [slope, intercept]. The four
 * sums are Kahan-Neumaier compensated as in Prometheus 2.42, and compensation is added back
 * unconditionally (no infinity shortcut), as there.
 */
export function linearRegression(t: ArrayLike<number>, v: ArrayLike<number>, lo: number, hi: number, interceptT: number): [number, number] {
  let n = 0;
  const sx = new KahanSum();
  const sy = new KahanSum();
  const sxy = new KahanSum();
  const sx2 = new KahanSum();
  const initY = v[lo]!;
  let constY = true;
  for (let i = lo; i < hi; i++) {
    const y = v[i]!;
    if (constY && i > lo && y !== initY) constY = false;
    n += 1;
    const x = (t[i]! - interceptT) / 1e3;
    sx.add(x);
    sy.add(y);
    sxy.add(x * y);
    sx2.add(x * x);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  const sumX = sx.sum + sx.c;
  const sumY = sy.sum + sy.c;
  const sumXY = sxy.sum + sxy.c;
  const sumX2 = sx2.sum + sx2.c;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}
