/**
 * trend: one verdict-free description of how a floor series moves: robust slope (Theil–Sen), its
 * significance (Mann–Kendall with Hamed–Rao), and its shape (flat, step then plateau, or ramp).
 */
import { bestStep } from './changepoint.js';
import { mannKendall } from './mann-kendall.js';
import { median, theilSen } from './theil-sen.js';

const HOUR = 3_600_000;

/** TrendShape says whether a rise keeps going (ramp) or happened once (step). */
export type TrendShape = 'flat' | 'step' | 'ramp' | 'falling';

/** Trend summarises a floor series. Rates are per hour; values are in the series' unit. */
export interface Trend {
  readonly n: number;
  readonly spanMs: number;
  readonly slopePerHour: number;
  readonly p: number;
  /** first and last are the robust line's values at the window edges. */
  readonly first: number;
  readonly last: number;
  /** rise is last − first of the robust line. */
  readonly rise: number;
  /** noise is the median absolute deviation of the residuals around the line. */
  readonly noise: number;
  readonly shape: TrendShape;
  /** postSlopePerHour is the slope after the best level shift (equal to slopePerHour for ramps without one). */
  readonly postSlopePerHour: number;
}

/** TREND_ALPHA is the two-sided significance level; see docs/diagnosis.md for why 1 %. */
export const TREND_ALPHA = 0.01;

/** trend analyses floor points; fewer than `minPoints` points always read as flat with p = 1. */
export function trend(t: readonly number[], v: readonly number[], minPoints = 6): Trend {
  const n = Math.min(t.length, v.length);
  const spanMs = n > 1 ? t[n - 1]! - t[0]! : 0;
  if (n < minPoints) {
    const m = median(v.slice(0, n));
    return { n, spanMs, slopePerHour: 0, p: 1, first: m, last: m, rise: 0, noise: 0, shape: 'flat', postSlopePerHour: 0 };
  }
  const fit = theilSen(t, v);
  const mk = mannKendall(t, v);
  const first = fit.intercept + fit.slope * t[0]!;
  const last = fit.intercept + fit.slope * t[n - 1]!;
  const noise = median(v.map((x, i) => Math.abs(x - (fit.intercept + fit.slope * t[i]!))));
  const slopePerHour = fit.slope * HOUR;
  let shape: TrendShape = 'flat';
  let postSlopePerHour = slopePerHour;
  if (mk.p < TREND_ALPHA && fit.slope !== 0) {
    shape = fit.slope > 0 ? 'ramp' : 'falling';
    const step = bestStep(t, v, Math.max(3, Math.floor(n / 6)));
    // a level shift that explains the data at least twice as well as a line is a step, unless the
    // points after the shift keep rising on their own
    if (step && step.sseStep * 2 < step.sseLine) {
      const tt = t.slice(step.split);
      const vv = v.slice(step.split);
      const post = theilSen(tt, vv);
      const postMk = mannKendall(tt, vv);
      postSlopePerHour = post.slope * HOUR;
      const stillRising = vv.length >= minPoints && postMk.p < TREND_ALPHA && post.slope > 0.5 * fit.slope;
      if (!stillRising) shape = 'step';
    }
    if (shape === 'ramp') {
      // a leak keeps growing: the most recent third must still rise. A cache or pool that filled and
      // then levelled off (warm-up longer than the warm-up skip) fails this and reads as a step.
      const k = Math.max(minPoints, Math.ceil(n / 3));
      const tt = t.slice(n - k);
      const vv = v.slice(n - k);
      const tail = theilSen(tt, vv);
      const tailMk = mannKendall(tt, vv);
      if (!(tail.slope > 0.3 * fit.slope && tailMk.p < 0.1)) shape = 'step';
    }
  }
  return { n, spanMs, slopePerHour, p: mk.p, first, last, rise: last - first, noise, shape, postSlopePerHour };
}
