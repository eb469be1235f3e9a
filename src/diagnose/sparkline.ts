/**
 * sparkline: a one-line Unicode chart (▁▂▃▄▅▆▇█) of a series, resampled to a fixed width by bucket
 * means, for chat messages and terminals.
 */

const BARS = '▁▂▃▄▅▆▇█';

/** sparkline draws `v` in `width` characters; a flat or empty series draws a flat line. */
export function sparkline(v: readonly number[], width = 40): string {
  const xs = v.filter((x) => Number.isFinite(x));
  if (xs.length === 0) return '';
  const w = Math.max(1, Math.min(width, xs.length));
  const cols: number[] = [];
  for (let c = 0; c < w; c++) {
    const a = Math.floor((c * xs.length) / w);
    const b = Math.max(a + 1, Math.floor(((c + 1) * xs.length) / w));
    let s = 0;
    for (let i = a; i < b; i++) s += xs[i]!;
    cols.push(s / (b - a));
  }
  const lo = Math.min(...cols);
  const hi = Math.max(...cols);
  if (hi === lo) return BARS[0]!.repeat(w);
  return cols.map((x) => BARS[Math.min(7, Math.floor(((x - lo) / (hi - lo)) * 8))]!).join('');
}
