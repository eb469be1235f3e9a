/**
 * selectors: instant and range selection at one evaluation time, Prometheus 2.42 semantics: an
 * instant selector takes the newest sample in [t-lookback, t] unless it is a stale marker; a range
 * selector takes the samples in the closed window [t-range, t], stale markers removed.
 */
import { isStaleNaN } from '../../model/sample.js';
import type { MatrixSelector, VectorSelector } from '../ast.js';
import { cleanOf, lowerBound, upperBound, type EvalContext } from './context.js';
import type { StepValue, VecSample, Window } from './types.js';

/** evalVectorSelector returns the instant vector of a selector at `ts`; `t` is each sample's own time. */
export function evalVectorSelector(ctx: EvalContext, vs: VectorSelector, ts: number): VecSample[] {
  const ref = ctx.resolveAt(vs.at, ts) - vs.offsetMs;
  const min = ref - ctx.lookbackMs;
  const out: VecSample[] = [];
  for (const s of ctx.series(vs)) {
    const i = upperBound(s.t, ref) - 1;
    if (i < 0) continue;
    const t = s.t[i]!;
    if (t < min) continue;
    const v = s.v[i]!;
    if (isStaleNaN(v)) continue;
    out.push({ labels: s.labels, t, v });
  }
  ctx.addSamples(out.length);
  return out;
}

/** evalMatrixSelector returns the windows of a range selector at `ts` (series with no samples are left out). */
export function evalMatrixSelector(ctx: EvalContext, ms: MatrixSelector, ts: number): StepValue {
  const vs = ms.vs;
  const end = ctx.resolveAt(vs.at, ts) - vs.offsetMs;
  const start = end - ms.rangeMs;
  const windows: Window[] = [];
  let n = 0;
  for (const s of ctx.series(vs)) {
    const c = cleanOf(s);
    const lo = lowerBound(c.t, start);
    const hi = upperBound(c.t, end, lo);
    if (hi <= lo) continue;
    n += hi - lo;
    windows.push({ labels: s.labels, t: c.t, v: c.v, lo, hi });
  }
  ctx.addSamples(n);
  return { kind: 'matrix', windows, rangeStart: start, rangeEnd: end, rangeMs: ms.rangeMs };
}
