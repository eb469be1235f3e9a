/**
 * floor: the lower envelope of a gauge, as bucket minima. A Go heap saws between the live set and the
 * GC goal; the minimum over a bucket that spans several GC cycles is the post-GC floor, which is what
 * a leak raises. Sawtooth peaks say nothing about leaks, so nothing here looks at them.
 */

/** Points is a pair of parallel arrays, ascending in t (ms). */
export interface Points {
  readonly t: number[];
  readonly v: number[];
}

/**
 * bucketMin groups samples into consecutive buckets of `widthMs` (aligned to `start`) and returns one
 * point per non-empty bucket: the minimum, stamped at the bucket's centre. NaN samples are skipped.
 */
export function bucketMin(t: ArrayLike<number>, v: ArrayLike<number>, start: number, widthMs: number): Points {
  const out: Points = { t: [], v: [] };
  if (widthMs <= 0) return out;
  let cur = -1;
  let min = Infinity;
  for (let i = 0; i < t.length; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x) || t[i]! < start) continue;
    const b = Math.floor((t[i]! - start) / widthMs);
    if (b !== cur) {
      if (cur >= 0 && min < Infinity) {
        out.t.push(start + (cur + 0.5) * widthMs);
        out.v.push(min);
      }
      cur = b;
      min = x;
    } else if (x < min) min = x;
  }
  if (cur >= 0 && min < Infinity) {
    out.t.push(start + (cur + 0.5) * widthMs);
    out.v.push(min);
  }
  return out;
}

/** finite returns the samples of a series that are finite numbers and fall in [start, end]. */
export function finite(t: ArrayLike<number>, v: ArrayLike<number>, start = -Infinity, end = Infinity): Points {
  const out: Points = { t: [], v: [] };
  for (let i = 0; i < t.length; i++) {
    if (t[i]! < start || t[i]! > end || !Number.isFinite(v[i]!)) continue;
    out.t.push(t[i]!);
    out.v.push(v[i]!);
  }
  return out;
}

/** medianInterval is the typical spacing between samples (ms), robust to gaps. */
export function medianInterval(t: ArrayLike<number>): number {
  const d: number[] = [];
  for (let i = 1; i < t.length; i++) d.push(t[i]! - t[i - 1]!);
  if (d.length === 0) return NaN;
  d.sort((a, b) => a - b);
  return d[d.length >> 1]!;
}
