/**
 * eval: evaluates one AST node at one time. Range queries call this once per step; selectors read
 * the data preloaded by the context, and subqueries memoise their inner steps so overlapping
 * windows of consecutive outer steps reuse the work.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { METRIC_NAME, type Labels } from '../../model/labels.js';
import type { Expr, Subquery } from '../ast.js';
import { evalAggregate } from './aggregate.js';
import { evalBinary } from './binary.js';
import type { EvalContext } from './context.js';
import { evalCall } from './functions/index.js';
import { evalMatrixSelector, evalVectorSelector } from './selectors.js';
import type { StepValue, VecSample, Window } from './types.js';

/** evalNode evaluates `e` at `ts` (ms). */
export function evalNode(ctx: EvalContext, e: Expr, ts: number): StepValue {
  switch (e.type) {
    case 'NumberLiteral': return { kind: 'scalar', v: e.value };
    case 'StringLiteral': return { kind: 'string', s: e.value };
    case 'Paren': return evalNode(ctx, e.expr, ts);
    case 'VectorSelector': return { kind: 'vector', samples: evalVectorSelector(ctx, e, ts) };
    case 'MatrixSelector': return evalMatrixSelector(ctx, e, ts);
    case 'Subquery': return evalSubquery(ctx, e, ts);
    case 'Unary': {
      const x = evalNode(ctx, e.expr, ts);
      if (e.op === '+') return x;
      if (x.kind === 'scalar') return { kind: 'scalar', v: -x.v };
      const input = asVector(x);
      const samples = input.map((s) => ({ labels: ctx.labels.dropName(s.labels), t: ts, v: -s.v }));
      assertUniqueAfterDrop(ctx, input, samples);
      return { kind: 'vector', samples };
    }
    case 'Binary': return evalBinary(ctx, e, ts);
    case 'Aggregate': return evalAggregate(ctx, e, ts);
    case 'Call': return evalCall(ctx, e, ts);
  }
}

/** asVector narrows a step value the type checker already guaranteed to be a vector. */
export function asVector(x: StepValue): VecSample[] {
  if (x.kind !== 'vector') throw new DaemonError(ErrorCode.INTERNAL, `expected instant vector, got ${x.kind}`);
  return x.samples;
}

/** asScalar narrows a step value to a number. */
export function asScalar(x: StepValue): number {
  if (x.kind !== 'scalar') throw new DaemonError(ErrorCode.INTERNAL, `expected scalar, got ${x.kind}`);
  return x.v;
}

/** assertUniqueLabels raises Prometheus' error for two output samples with one label set. */
export function assertUniqueLabels(ctx: EvalContext, samples: readonly VecSample[]): void {
  if (samples.length < 2) return;
  const seen = new Set<string>();
  for (const s of samples) {
    const k = ctx.labels.keyOf(s.labels);
    if (seen.has(k)) throw new DaemonError(ErrorCode.PROMQL_EVAL, 'vector cannot contain metrics with the same labelset');
    seen.add(k);
  }
}

/**
 * assertUniqueAfterDrop checks outputs that are inputs with `__name__` dropped (one per input, in
 * any subset). Inputs are unique label sets, so two outputs can only collide when their inputs
 * differ in the name alone: with one name among the inputs (a rule's `rate(x[5m])`) there is
 * nothing to check, and no key is built.
 */
export function assertUniqueAfterDrop(ctx: EvalContext, inputs: readonly { readonly labels: Labels }[], outputs: readonly VecSample[]): void {
  if (outputs.length < 2) return;
  const name = inputs[0]!.labels[METRIC_NAME];
  for (const s of inputs) {
    if (s.labels[METRIC_NAME] !== name) {
      assertUniqueLabels(ctx, outputs);
      return;
    }
  }
}

/**
 * evalSubquery evaluates the inner expression at every multiple of the step inside the closed
 * window [t-offset-range, t-offset], as Prometheus 2.42 aligns subquery steps to absolute time.
 */
function evalSubquery(ctx: EvalContext, sq: Subquery, ts: number): StepValue {
  const step = sq.stepMs ?? ctx.subqueryStepMs;
  const end = ctx.resolveAt(sq.at, ts) - sq.offsetMs;
  const start = end - sq.rangeMs;
  const memo = subqueryMemo(ctx, sq);
  const series = new Map<string, { labels: Labels; t: number[]; v: number[] }>();
  const first = firstSubqueryStep(start, step);
  let n = 0;
  for (let t = first; t <= end; t += step) {
    const vec = memo.get(t) ?? subqueryStep(ctx, sq, memo, t);
    for (const s of vec) {
      const k = ctx.labels.keyOf(s.labels);
      let ser = series.get(k);
      if (!ser) {
        ser = { labels: s.labels, t: [], v: [] };
        series.set(k, ser);
      }
      ser.t.push(t);
      ser.v.push(s.v);
      n++;
    }
  }
  ctx.addSamples(n);
  const windows: Window[] = [];
  for (const s of series.values()) windows.push({ labels: s.labels, t: s.t, v: s.v, lo: 0, hi: s.t.length });
  return { kind: 'matrix', windows, rangeStart: start, rangeEnd: end, rangeMs: sq.rangeMs };
}

/** subqueryMemo is the per-query cache of a subquery's inner steps. */
export function subqueryMemo(ctx: EvalContext, sq: Subquery): Map<number, VecSample[]> {
  let memo = ctx.subqueryMemo.get(sq);
  if (!memo) {
    memo = new Map();
    ctx.subqueryMemo.set(sq, memo);
  }
  return memo;
}

/** subqueryStep evaluates a subquery's inner expression at `t` and memoises it. */
export function subqueryStep(ctx: EvalContext, sq: Subquery, memo: Map<number, VecSample[]>, t: number): VecSample[] {
  ctx.checkDeadline();
  const r = evalNode(ctx, sq.expr, t);
  const vec = r.kind === 'scalar' ? [{ labels: {}, t, v: r.v }] : asVector(r);
  memo.set(t, vec);
  return vec;
}

/** firstSubqueryStep is the first multiple of `step` at or after `start` (steps align to absolute time). */
export function firstSubqueryStep(start: number, step: number): number {
  let first = Math.ceil(start / step) * step;
  if (first < start) first += step;
  return first;
}
