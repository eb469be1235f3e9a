/**
 * sparkline: a one-line Unicode chart (▁▂▃▄▅▆▇█) for plain-text bodies, where an image may not show.
 */

const BARS = '▁▂▃▄▅▆▇█';

/** sparkline resamples values to `width` buckets (bucket max, so spikes survive) and draws them. */
export function sparkline(values: readonly number[], width = 24): string {
  const vs = values.filter((v) => Number.isFinite(v));
  if (vs.length === 0) return '';
  const n = Math.min(width, vs.length);
  const buckets: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * vs.length) / n);
    const to = Math.max(from + 1, Math.floor(((i + 1) * vs.length) / n));
    let m = -Infinity;
    for (let j = from; j < to; j++) m = Math.max(m, vs[j]!);
    buckets.push(m);
  }
  const lo = Math.min(...buckets);
  const hi = Math.max(...buckets);
  const span = hi - lo;
  return buckets.map((v) => BARS[span === 0 ? 3 : Math.min(7, Math.floor(((v - lo) / span) * 8))]).join('');
}
