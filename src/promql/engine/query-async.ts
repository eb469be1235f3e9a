/**
 * query-async: the query API's entry points. They give the same answers as instantQuery and
 * rangeQuery but never hold the event loop for long: evaluation is cut into pieces (each selector's
 * selection, each inner step of a subquery, each step of a range query), and after every piece
 * that ends a slice of `sliceMs` the query pauses through the shared QueryGate, so scrapes, rules
 * and notifications run in between. The timeout is checked after every piece and every pause,
 * so a query past `timeoutMs` stops within about one slice (plus the piece it is in).
 *
 * Rules keep the synchronous entry points: a rule group's evaluation order and timing are
 * observable (and compared with Prometheus), and a rule cannot be left half-evaluated.
 */
import type { SeriesStore } from '../../store/store.js';
import type { Expr, Subquery, VectorSelector } from '../ast.js';
import { parseExpr } from '../parser.js';
import { EvalContext } from './context.js';
import { evalNode, firstSubqueryStep, subqueryMemo, subqueryStep } from './eval.js';
import { sharedGate, type QueryGate } from './gate.js';
import { checkRangeQuery, instantValue, RangeCollector } from './query.js';
import type { EngineOptions, Matrix, QueryValue } from './types.js';

/** AsyncOptions adds the slicing knobs to the engine's limits. */
export interface AsyncOptions extends EngineOptions {
  /** sliceMs is how long one query may run before giving the event loop a turn (default 10). */
  sliceMs?: number;
  /** gate is the turn-taking lock; the daemon's query API shares one (the default). */
  gate?: QueryGate;
}

const DEFAULT_SLICE_MS = 10;

/** instantQueryAsync is instantQuery in slices. */
export async function instantQueryAsync(store: SeriesStore, expr: Expr | string, atMs: number, opts: AsyncOptions = {}): Promise<QueryValue> {
  const e = typeof expr === 'string' ? parseExpr(expr) : expr;
  const ctx = new EvalContext(store, atMs, atMs, opts);
  ctx.plan(e, atMs, atMs);
  const run = new Slicer(ctx, opts);
  await run.start();
  try {
    await run.prepare(e, [atMs]);
    return instantValue(evalNode(ctx, e, atMs), atMs);
  } finally {
    run.stop();
  }
}

/** rangeQueryAsync is rangeQuery in slices. */
export async function rangeQueryAsync(
  store: SeriesStore, expr: Expr | string, startMs: number, endMs: number, stepMs: number, opts: AsyncOptions = {},
): Promise<Matrix> {
  const e = typeof expr === 'string' ? parseExpr(expr) : expr;
  checkRangeQuery(e, startMs, endMs, stepMs);
  const ctx = new EvalContext(store, startMs, endMs, opts);
  ctx.plan(e, startMs, endMs);
  const run = new Slicer(ctx, opts);
  await run.start();
  try {
    const times: number[] = [];
    for (let ts = startMs; ts <= endMs; ts += stepMs) times.push(ts);
    await run.prepare(e, times);
    const out = new RangeCollector();
    for (const ts of times) {
      ctx.stepSamples = out.total;
      out.add(ts, evalNode(ctx, e, ts));
      await run.tick();
    }
    return out.matrix();
  } finally {
    run.stop();
  }
}

/** Slicer holds the gate for one query and pauses once a slice is used up. */
class Slicer {
  private readonly gate: QueryGate;
  private readonly sliceMs: number;
  private sliceStart = 0;

  constructor(private readonly ctx: EvalContext, opts: AsyncOptions) {
    this.gate = opts.gate ?? sharedGate;
    this.sliceMs = opts.sliceMs ?? DEFAULT_SLICE_MS;
  }

  async start(): Promise<void> {
    await this.gate.enter();
    this.sliceStart = performance.now();
    try {
      this.ctx.checkDeadline();
    } catch (err) {
      this.gate.leave();
      throw err;
    }
  }

  stop(): void {
    this.gate.leave();
  }

  /** tick ends a piece of work: pause if the slice is used up, and stop on timeout. */
  async tick(): Promise<void> {
    if (performance.now() - this.sliceStart >= this.sliceMs) {
      await this.gate.pause();
      this.sliceStart = performance.now();
    }
    this.ctx.checkDeadline();
  }

  /**
   * prepare does the work a step would otherwise do in one go: it selects every selector's data,
   * then evaluates every subquery's inner steps (the deepest subqueries first, so an outer one finds
   * its inner ones memoised), each as its own piece. `times` are the root's evaluation times.
   */
  async prepare(e: Expr, times: readonly number[]): Promise<void> {
    for (const vs of selectors(e)) {
      this.ctx.series(vs);
      await this.tick();
    }
    const subqueries: Array<{ sq: Subquery; inner: number[] }> = [];
    collectSubqueries(this.ctx, e, times, subqueries);
    for (let i = subqueries.length - 1; i >= 0; i--) {
      const { sq, inner } = subqueries[i]!;
      const memo = subqueryMemo(this.ctx, sq);
      for (const t of inner) {
        if (!memo.has(t)) {
          // Each inner step counts its own samples against max_samples, as it would inside one outer step.
          this.ctx.stepSamples = 0;
          subqueryStep(this.ctx, sq, memo, t);
        }
        await this.tick();
      }
    }
    this.ctx.stepSamples = 0;
  }
}

function selectors(e: Expr, out: VectorSelector[] = []): VectorSelector[] {
  switch (e.type) {
    case 'VectorSelector': out.push(e); break;
    case 'MatrixSelector': out.push(e.vs); break;
    case 'Subquery': case 'Unary': case 'Paren': selectors(e.expr, out); break;
    case 'Call': for (const a of e.args) selectors(a, out); break;
    case 'Aggregate': selectors(e.expr, out); if (e.param) selectors(e.param, out); break;
    case 'Binary': selectors(e.lhs, out); selectors(e.rhs, out); break;
    default: break;
  }
  return out;
}

/**
 * collectSubqueries lists each subquery (parents before children) with the exact inner times it
 * will be asked for when its parent is evaluated at `times`: the aligned steps in the union of its
 * windows. Windows are merged first, so a range query with many outer steps costs one pass.
 */
function collectSubqueries(ctx: EvalContext, e: Expr, times: readonly number[], out: Array<{ sq: Subquery; inner: number[] }>): void {
  switch (e.type) {
    case 'Subquery': {
      const inner = innerTimes(ctx, e, times);
      out.push({ sq: e, inner });
      collectSubqueries(ctx, e.expr, inner, out);
      return;
    }
    case 'MatrixSelector': case 'VectorSelector': case 'NumberLiteral': case 'StringLiteral': return;
    case 'Unary': case 'Paren': collectSubqueries(ctx, e.expr, times, out); return;
    case 'Call': for (const a of e.args) collectSubqueries(ctx, a, times, out); return;
    case 'Aggregate':
      collectSubqueries(ctx, e.expr, times, out);
      if (e.param) collectSubqueries(ctx, e.param, times, out);
      return;
    case 'Binary': collectSubqueries(ctx, e.lhs, times, out); collectSubqueries(ctx, e.rhs, times, out); return;
  }
}

function innerTimes(ctx: EvalContext, sq: Subquery, times: readonly number[]): number[] {
  const step = sq.stepMs ?? ctx.subqueryStepMs;
  // Each outer time t reads the closed window [end-range, end] with end = at(t) - offset.
  const windows = times.map((t) => ctx.resolveAt(sq.at, t) - sq.offsetMs).sort((a, b) => a - b);
  const out: number[] = [];
  let lo = NaN;
  let hi = NaN;
  const flush = (): void => {
    for (let t = firstSubqueryStep(lo, step); t <= hi; t += step) out.push(t);
  };
  for (const end of windows) {
    const start = end - sq.rangeMs;
    if (Number.isNaN(lo)) [lo, hi] = [start, end];
    else if (start <= hi) hi = Math.max(hi, end);
    else {
      flush();
      [lo, hi] = [start, end];
    }
  }
  if (!Number.isNaN(lo)) flush();
  return out;
}
