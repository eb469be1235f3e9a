/**
 * histogram: histogram_quantile over classic `le` buckets, as Prometheus 2.42 does it: buckets
 * sorted by bound, duplicates coalesced, counts forced monotonic, linear interpolation inside the
 * bucket, +Inf bucket required.
 */
import { METRIC_NAME, type Labels } from '../../../model/labels.js';
import type { VecSample } from '../types.js';

interface Bucket { upper: number; count: number }

/** parseGoFloat parses a bucket bound the way Go's strconv.ParseFloat accepts it. */
function parseGoFloat(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.toLowerCase();
  if (t === '+inf' || t === 'inf' || t === '+infinity' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan') return NaN;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s) && !/^[+-]?0x[0-9a-f]+(\.[0-9a-f]*)?(p[+-]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

/** bucketQuantile computes the q-quantile from cumulative buckets. */
export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upper - b.upper);
  if (sorted[sorted.length - 1]!.upper !== Infinity) return NaN;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else buckets.push({ ...b });
  }
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  let hi = buckets.length - 1;
  while (b < hi) {
    const mid = (b + hi) >>> 1;
    if (buckets[mid]!.count >= rank) hi = mid;
    else b = mid + 1;
  }
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upper;
  if (b === 0 && buckets[0]!.upper <= 0) return buckets[0]!.upper;
  let start = 0;
  const end = buckets[b]!.upper;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upper;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (end - start) * (rank / count);
}

/** histogramQuantile groups samples by labels other than `le` and computes one quantile per group. */
export function histogramQuantile(q: number, vec: VecSample[], ts: number): VecSample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of vec) {
    const upper = parseGoFloat(s.labels['le']);
    if (upper === undefined) continue;
    let key = '';
    for (const k of Object.keys(s.labels).sort()) if (k !== 'le' && s.labels[k] !== '') key += k + '\xfe' + s.labels[k] + '\xff';
    let g = groups.get(key);
    if (!g) {
      const labels: Record<string, string> = {};
      for (const k in s.labels) if (k !== 'le' && k !== METRIC_NAME) labels[k] = s.labels[k]!;
      g = { labels, buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upper, count: s.v });
  }
  const out: VecSample[] = [];
  for (const g of groups.values()) out.push({ labels: g.labels, t: ts, v: bucketQuantile(q, g.buckets) });
  return out;
}
