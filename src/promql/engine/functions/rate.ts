/**
 * rate: counter and gauge change functions over a window, as Prometheus 2.42 computes them:
 * rate/increase/delta extrapolate to the window edges (and not below a counter's zero),
 * irate/idelta use the last two samples, deriv/predict_linear use least squares.
 */
import { linearRegression } from '../stats.js';
import type { Window } from '../types.js';

/** extrapolatedRate implements rate (counter, perSecond), increase (counter) and delta (gauge). */
export function extrapolatedRate(w: Window, rangeStart: number, rangeEnd: number, rangeMs: number, isCounter: boolean, isRate: boolean): number | undefined {
  const { t, v, lo, hi } = w;
  const n = hi - lo;
  if (n < 2) return undefined;
  let result = v[hi - 1]! - v[lo]!;
  if (isCounter) {
    let prev = v[lo]!;
    for (let i = lo + 1; i < hi; i++) {
      const cur = v[i]!;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  const firstT = t[lo]!;
  const lastT = t[hi - 1]!;
  let durationToStart = (firstT - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avgBetween = sampledInterval / (n - 1);
  if (isCounter && result > 0 && v[lo]! >= 0) {
    // A counter cannot go below zero, so do not extrapolate past the point where it would.
    const durationToZero = sampledInterval * (v[lo]! / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = avgBetween * 1.1;
  let interval = sampledInterval;
  interval += durationToStart < threshold ? durationToStart : avgBetween / 2;
  interval += durationToEnd < threshold ? durationToEnd : avgBetween / 2;
  let factor = interval / sampledInterval;
  if (isRate) factor /= rangeMs / 1000;
  return result * factor;
}

/** instantValue implements irate (isRate) and idelta from the last two samples. */
export function instantValue(w: Window, isRate: boolean): number | undefined {
  const { t, v, hi } = w;
  if (hi - w.lo < 2) return undefined;
  const last = v[hi - 1]!;
  const prev = v[hi - 2]!;
  let result = isRate && last < prev ? last : last - prev;
  const dt = t[hi - 1]! - t[hi - 2]!;
  if (dt === 0) return undefined;
  if (isRate) result /= dt / 1000;
  return result;
}

/** deriv is the per-second least-squares slope. */
export function deriv(w: Window): number | undefined {
  if (w.hi - w.lo < 2) return undefined;
  return linearRegression(w.t, w.v, w.lo, w.hi, w.t[w.lo]!)[0];
}

/** predictLinear extrapolates the least-squares line `seconds` past the evaluation time. */
export function predictLinear(w: Window, ts: number, seconds: number): number | undefined {
  if (w.hi - w.lo < 2) return undefined;
  const [slope, intercept] = linearRegression(w.t, w.v, w.lo, w.hi, ts);
  return slope * seconds + intercept;
}

/** resets counts decreases between consecutive samples. */
export function resets(w: Window): number {
  let n = 0;
  for (let i = w.lo + 1; i < w.hi; i++) if (w.v[i]! < w.v[i - 1]!) n++;
  return n;
}

/** changes counts value changes between consecutive samples (NaN to NaN is no change). */
export function changes(w: Window): number {
  let n = 0;
  for (let i = w.lo + 1; i < w.hi; i++) {
    const a = w.v[i - 1]!;
    const b = w.v[i]!;
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++;
  }
  return n;
}

/** holtWinters is double exponential smoothing with smoothing factor sf and trend factor tf. */
export function holtWinters(w: Window, sf: number, tf: number): number | undefined {
  const { v, lo, hi } = w;
  if (hi - lo < 2) return undefined;
  let s0 = 0;
  let s1 = v[lo]!;
  let b = v[lo + 1]! - v[lo]!;
  for (let i = 1; i < hi - lo; i++) {
    const x = sf * v[lo + i]!;
    if (i - 1 !== 0) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}
