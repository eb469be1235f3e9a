/**
 * query: the engine's entry points. An instant query is a one-step evaluation; a range query runs
 * every step over data selected once, then joins each step's samples into series.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import type { Labels } from '../../model/labels.js';
import type { SeriesStore } from '../../store/store.js';
import type { Expr } from '../ast.js';
import { parseExpr } from '../parser.js';
import { typeOf } from '../signatures.js';
import { EvalContext } from './context.js';
import { evalNode } from './eval.js';
import { LabelMemo } from './label-sets.js';
import type { EngineOptions, Matrix, QueryValue, StepValue } from './types.js';

/** instantQuery evaluates `expr` at `atMs` (ms since epoch). */
export function instantQuery(store: SeriesStore, expr: Expr | string, atMs: number, opts: EngineOptions = {}): QueryValue {
  const e = typeof expr === 'string' ? parseExpr(expr) : expr;
  const ctx = new EvalContext(store, atMs, atMs, opts);
  ctx.plan(e, atMs, atMs);
  ctx.checkDeadline();
  return instantValue(evalNode(ctx, e, atMs), atMs);
}

/** instantValue turns one step's result into the API value of an instant query. */
export function instantValue(r: StepValue, atMs: number): QueryValue {
  switch (r.kind) {
    case 'scalar': return { type: 'scalar', t: atMs, v: r.v };
    case 'string': return { type: 'string', t: atMs, v: r.s };
    case 'vector': return { type: 'vector', samples: r.samples.map((s) => ({ labels: s.labels, t: atMs, v: s.v })) };
    case 'matrix':
      return {
        type: 'matrix',
        series: r.windows.map((w) => ({
          labels: w.labels,
          t: Array.from({ length: w.hi - w.lo }, (_, i) => w.t[w.lo + i]!),
          v: Array.from({ length: w.hi - w.lo }, (_, i) => w.v[w.lo + i]!),
        })),
      };
  }
}

/** rangeQuery evaluates `expr` at start, start+step, … ≤ end and returns one series per label set. */
export function rangeQuery(store: SeriesStore, expr: Expr | string, startMs: number, endMs: number, stepMs: number, opts: EngineOptions = {}): Matrix {
  const e = typeof expr === 'string' ? parseExpr(expr) : expr;
  checkRangeQuery(e, startMs, endMs, stepMs);
  const ctx = new EvalContext(store, startMs, endMs, opts);
  ctx.plan(e, startMs, endMs);
  const out = new RangeCollector();
  for (let ts = startMs; ts <= endMs; ts += stepMs) {
    ctx.checkDeadline();
    ctx.stepSamples = out.total;
    out.add(ts, evalNode(ctx, e, ts));
  }
  return out.matrix();
}

/** checkRangeQuery rejects what Prometheus rejects before evaluating a range query. */
export function checkRangeQuery(e: Expr, startMs: number, endMs: number, stepMs: number): void {
  const t = typeOf(e);
  if (t !== 'vector' && t !== 'scalar') {
    const name = t === 'matrix' ? 'range vector' : t;
    throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid expression type "${name}" for range query, must be Scalar or instant Vector`);
  }
  if (!(stepMs > 0)) throw new DaemonError(ErrorCode.PROMQL_EVAL, 'zero or negative query resolution step widths are not accepted');
  if (endMs < startMs) throw new DaemonError(ErrorCode.PROMQL_EVAL, 'end timestamp must not be before start time');
}

/** RangeCollector joins each step's samples into one series per label set. */
export class RangeCollector {
  private readonly out = new Map<string, { labels: Labels; t: number[]; v: number[] }>();
  private readonly keys = new LabelMemo(true);
  /** total counts the samples collected so far (the range query's share of maxSamples). */
  total = 0;

  add(ts: number, r: StepValue): void {
    const samples = r.kind === 'scalar' ? [{ labels: {}, v: r.v }] : r.kind === 'vector' ? r.samples : [];
    for (const s of samples) {
      const k = this.keys.keyOf(s.labels);
      let ser = this.out.get(k);
      if (!ser) {
        ser = { labels: s.labels, t: [], v: [] };
        this.out.set(k, ser);
      }
      ser.t.push(ts);
      ser.v.push(s.v);
    }
    this.total += samples.length;
  }

  matrix(): Matrix {
    return [...this.out.values()];
  }
}
