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

/** HingeFit is the best continuous two-segment line: one slope before `split`, another from it on. */
export interface HingeFit {
  /** index of the first point after the change. */
  readonly split: number;
  /** tau is the change time (the time of point `split`). */
  readonly tau: number;
  readonly preSlope: number;
  readonly postSlope: number;
  readonly sseHinge: number;
  readonly sseLine: number;
  /** deltaBic is BIC(line) − BIC(hinge); positive means the hinge is the better model after its penalty. */
  readonly deltaBic: number;
}

/** solve3 solves a symmetric 3×3 system by Cramer's rule; null when it is singular. */
function solve3(m: readonly number[][], r: readonly number[]): number[] | null {
  const det = (a: readonly number[][]): number =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const d = det(m);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12) return null;
  return [0, 1, 2].map((c) => det(m.map((row, i) => row.map((x, j) => (j === c ? r[i]! : x)))) / d);
}

/**
 * bestHinge fits v = a + b·t + c·max(0, t − τ) for every τ at a point with at least `minBefore` points
 * before it and `minAfter` from it on, and keeps the τ with the least squared error. The model is
 * chosen over one straight line by BIC (n·ln(SSE) + k·ln(n)): the hinge spends two more parameters
 * (c and τ), so it must cut the error by more than a factor n^(2/n), which no threshold fitted to a
 * recording decides. A leak that starts after a long steady run is exactly this shape: flat, then a
 * ramp that starts where the line bends.
 */
export function bestHinge(t: readonly number[], v: readonly number[], minBefore = 4, minAfter = 3): HingeFit | null {
  const n = Math.min(t.length, v.length);
  if (n < minBefore + minAfter || n < 6) return null;
  // hours from the first point keep the normal equations well conditioned
  const x = Array.from({ length: n }, (_, i) => (t[i]! - t[0]!) / 3_600_000);
  const sseLine = olsSse(x, v.slice(0, n));
  let best: HingeFit | null = null;
  for (let k = minBefore; k <= n - minAfter; k++) {
    const tau = x[k - 1]!; // the bend sits at the last point before the change, so the ramp starts there
    let s11 = 0, s12 = 0, s13 = 0, s22 = 0, s23 = 0, s33 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (let i = 0; i < n; i++) {
      const a = x[i]!;
      const h = Math.max(0, a - tau);
      const y = v[i]!;
      s11 += 1; s12 += a; s13 += h; s22 += a * a; s23 += a * h; s33 += h * h;
      r1 += y; r2 += a * y; r3 += h * y;
    }
    const sol = solve3([[s11, s12, s13], [s12, s22, s23], [s13, s23, s33]], [r1, r2, r3]);
    if (!sol) continue;
    const [p0, p1, p2] = sol as [number, number, number];
    let sse = 0;
    for (let i = 0; i < n; i++) sse += (v[i]! - (p0 + p1 * x[i]! + p2 * Math.max(0, x[i]! - tau))) ** 2;
    if (!best || sse < best.sseHinge) {
      best = { split: k, tau: t[k - 1]!, preSlope: p1 / 3_600_000, postSlope: (p1 + p2) / 3_600_000, sseHinge: sse, sseLine, deltaBic: 0 };
    }
  }
  if (!best) return null;
  const tiny = 1e-12 * Math.max(1, ...v.slice(0, n).map((y) => y * y));
  const deltaBic = n * Math.log((sseLine + tiny) / (best.sseHinge + tiny)) - 2 * Math.log(n);
  return { ...best, deltaBic };
}
