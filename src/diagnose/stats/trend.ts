/**
 * trend: one verdict-free description of how a floor series moves: robust slope (Theil–Sen), its
 * significance (Mann–Kendall with Hamed–Rao), and its shape (flat, step then plateau, or ramp).
 */
import { bestHinge, bestStep } from './changepoint.js';
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
  /** floorFirst/floorLast are observed floor values (median of the first / last three points), not the line's. */
  readonly floorFirst: number;
  readonly floorLast: number;
  /**
   * changeAt is set when a change point split the series and the trend describes only the points from
   * it on (a ramp that began after a steady run); everything above then refers to that segment.
   */
  readonly changeAt?: number;
  /** preSlopePerHour is the slope before the change point, when there is one. */
  readonly preSlopePerHour?: number;
  /** preMax is the highest floor before the change point, when there is one. */
  readonly preMax?: number;
}

/** TREND_ALPHA is the two-sided significance level; see docs/diagnosis.md for why 1 %. */
export const TREND_ALPHA = 0.01;

/** observedEnds are the medians of the first and last three values: what the series showed, not a fit. */
function observedEnds(v: readonly number[], n: number): { floorFirst: number; floorLast: number } {
  const k = Math.min(3, n);
  return { floorFirst: median(v.slice(0, k)), floorLast: median(v.slice(n - k, n)) };
}

/**
 * Refloor returns the floors of the raw series from `from` on (`post`) at the resolution that span
 * calls for, and the floors before `from` (`pre`) at that same resolution, so the two compare like
 * with like (minima over shorter buckets sit higher).
 */
export type Refloor = (from: number) => { readonly post: Floors; readonly pre: Floors } | undefined;

/** Floors are bucket minima: parallel t (ms) and v arrays. */
export interface Floors {
  readonly t: number[];
  readonly v: number[];
}

/** MIN_SEGMENT_MS is the shortest ramp after a change point that may stand for the whole window. */
export const MIN_SEGMENT_MS = 5 * 60_000;

/**
 * trend analyses floor points. A leak that starts after a long steady run is diluted by a line fitted
 * over the whole window (hours flat, minutes rising), so a change point is looked for first
 * (changepoint.bestHinge, chosen over one line by BIC); when the series bends upwards there, the
 * points after it form a ramp of at least MIN_SEGMENT_MS, and their floor has left the range of
 * everything before, the trend of that segment is returned with `changeAt` set. Otherwise the
 * whole series is described. Fewer than `minPoints` points always read as flat with p = 1.
 */
export function trend(t: readonly number[], v: readonly number[], minPoints = 6, refloor?: Refloor): Trend {
  const whole = lineTrend(t, v, minPoints);
  const cut = changeSplit(t, v, minPoints);
  if (cut === undefined) return whole;
  // over a long window the floors are minutes wide: ten minutes of a new ramp are a few points, too
  // few to test, while the same minutes floored at their own resolution are tens
  const fine = refloor?.(t[cut]!);
  if (fine && fine.post.t.length > t.length - cut && fine.pre.v.length > 0) {
    return afterChange(whole, lineTrend(fine.post.t, fine.post.v, minPoints), t[cut]!, fine.pre.t, fine.pre.v) ?? whole;
  }
  return afterChange(whole, lineTrend(t.slice(cut), v.slice(cut), minPoints), t[cut]!, t.slice(0, cut), v.slice(0, cut)) ?? whole;
}

/** changeSplit is the index where a significant upward bend starts, if bestHinge finds one. */
export function changeSplit(t: readonly number[], v: readonly number[], minPoints = 6): number | undefined {
  const n = Math.min(t.length, v.length);
  const h = bestHinge(t, v, Math.max(4, Math.floor(n / 10)), 3);
  if (!h || h.deltaBic <= 0 || h.postSlope <= Math.max(0, h.preSlope)) return undefined;
  const cut = h.split - 1;
  return n - cut >= Math.min(3, minPoints) ? cut : undefined;
}

/**
 * afterChange decides whether the segment after a change point speaks for the window: it must be a
 * ramp lasting MIN_SEGMENT_MS whose newest floor is above every floor before the change (a load wave
 * or a burst comes back to levels seen before; a leak does not).
 */
export function afterChange(whole: Trend, post: Trend, changeAt: number, preT: readonly number[], preV: readonly number[]): Trend | undefined {
  if (post.shape !== 'ramp' || post.spanMs < MIN_SEGMENT_MS || preV.length === 0) return undefined;
  const preMax = Math.max(...preV);
  if (!(post.floorLast > preMax)) return undefined;
  if (whole.shape === 'ramp' && whole.slopePerHour >= post.slopePerHour) return undefined;
  return { ...post, changeAt, preSlopePerHour: theilSen(preT, preV).slope * HOUR, preMax };
}

/** lineTrend describes the whole series with one robust line (no change point). */
export function lineTrend(t: readonly number[], v: readonly number[], minPoints = 6): Trend {
  const n = Math.min(t.length, v.length);
  const spanMs = n > 1 ? t[n - 1]! - t[0]! : 0;
  if (n < minPoints) {
    const m = median(v.slice(0, n));
    return { n, spanMs, slopePerHour: 0, p: 1, first: m, last: m, rise: 0, noise: 0, shape: 'flat', postSlopePerHour: 0, ...observedEnds(v, n) };
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
  return { n, spanMs, slopePerHour, p: mk.p, first, last, rise: last - first, noise, shape, postSlopePerHour, ...observedEnds(v, n) };
}
