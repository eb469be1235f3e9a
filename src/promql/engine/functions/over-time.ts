/**
 * over-time: the `*_over_time` aggregations of one series' window, with Prometheus 2.42's
 * compensated sums and its NaN ordering for min/max.
 */
import { KahanSum, quantile } from '../stats.js';
import type { Window } from '../types.js';

/** overTime evaluates `<name>_over_time` on a non-empty window. */
export function overTime(name: string, w: Window, q?: number): number {
  const { v, lo, hi } = w;
  switch (name) {
    case 'avg_over_time': {
      let mean = 0;
      let c = 0;
      let count = 0;
      for (let i = lo; i < hi; i++) {
        const x = v[i]!;
        count++;
        if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
          if (!Number.isFinite(x) && !Number.isNaN(x) && (mean > 0) === (x > 0)) continue;
          if (Number.isFinite(x)) continue;
        }
        const inc = x / count - mean / count;
        const t = mean + inc;
        if (Math.abs(mean) >= Math.abs(inc)) c += mean - t + inc;
        else c += inc - t + mean;
        mean = t;
      }
      if (!Number.isFinite(mean) && !Number.isNaN(mean)) return mean;
      return mean + c;
    }
    case 'sum_over_time': {
      const k = new KahanSum();
      for (let i = lo; i < hi; i++) k.add(v[i]!);
      return k.value();
    }
    case 'count_over_time': return hi - lo;
    case 'last_over_time': return v[hi - 1]!;
    case 'present_over_time': return 1;
    case 'max_over_time': {
      let m = v[lo]!;
      for (let i = lo; i < hi; i++) if (v[i]! > m || Number.isNaN(m)) m = v[i]!;
      return m;
    }
    case 'min_over_time': {
      let m = v[lo]!;
      for (let i = lo; i < hi; i++) if (v[i]! < m || Number.isNaN(m)) m = v[i]!;
      return m;
    }
    case 'stddev_over_time': case 'stdvar_over_time': {
      let count = 0;
      const mean = new KahanSum();
      const aux = new KahanSum();
      for (let i = lo; i < hi; i++) {
        const x = v[i]!;
        count++;
        const delta = x - (mean.sum + mean.c);
        mean.add(delta / count);
        aux.add(delta * (x - (mean.sum + mean.c)));
      }
      const variance = (aux.sum + aux.c) / count;
      return name === 'stddev_over_time' ? Math.sqrt(variance) : variance;
    }
    case 'quantile_over_time': {
      const vals: number[] = [];
      for (let i = lo; i < hi; i++) vals.push(v[i]!);
      return quantile(q ?? NaN, vals);
    }
    default: return NaN;
  }
}
