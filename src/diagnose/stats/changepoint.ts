/**
 * changepoint: tells a step (then plateau) from a ramp. A page-cache fill, a burst or a one-off
 * allocation raise a floor once and stay; a leak keeps raising it. We fit the best single split with
 * a constant level on each side and compare with one straight line (both by squared error).
 */

/** StepFit is the best single level shift. */
export interface StepFit {
  /** index of the first point after the shift. */
  readonly split: number;
  readonly before: number;
  readonly after: number;
  readonly sseStep: number;
  readonly sseLine: number;
}

function mean(xs: readonly number[], a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += xs[i]!;
  return s / (b - a);
}

/** olsSse returns the squared error of the least-squares line through the points. */
export function olsSse(t: readonly number[], v: readonly number[]): number {
  const n = v.length;
  if (n < 3) return 0;
  const mt = mean(t, 0, n);
  const mv = mean(v, 0, n);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (t[i]! - mt) * (v[i]! - mv);
    sxx += (t[i]! - mt) ** 2;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (v[i]! - (mv + b * (t[i]! - mt))) ** 2;
  return sse;
}

/** bestStep finds the split (at least `minSide` points per side) minimising the two-level error. */
export function bestStep(t: readonly number[], v: readonly number[], minSide = 3): StepFit | null {
  const n = v.length;
  if (n < 2 * minSide) return null;
  const pre = [0];
  const pre2 = [0];
  for (let i = 0; i < n; i++) {
    pre.push(pre[i]! + v[i]!);
    pre2.push(pre2[i]! + v[i]! * v[i]!);
  }
  const sse = (a: number, b: number): number => {
    const s = pre[b]! - pre[a]!;
    return pre2[b]! - pre2[a]! - (s * s) / (b - a);
  };
  let best: StepFit | null = null;
  const sseLine = olsSse(t, v);
  for (let k = minSide; k <= n - minSide; k++) {
    const e = Math.max(0, sse(0, k) + sse(k, n));
    if (!best || e < best.sseStep) {
      best = { split: k, before: mean(v, 0, k), after: mean(v, k, n), sseStep: e, sseLine };
    }
  }
  return best;
}
