/**
 * context: state of one query evaluation: the preloaded selections (each selector hits the store
 * once per query, over the union of every time it will be evaluated at), limits and subquery memo.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { labelsSortKey, type Labels } from '../../model/labels.js';
import { isStaleNaN } from '../../model/sample.js';
import type { SeriesStore } from '../../store/store.js';
import type { AtModifier, Expr, Subquery, VectorSelector } from '../ast.js';
import { LabelMemo } from './label-sets.js';
import type { EngineOptions, VecSample } from './types.js';

/** Selected is one series of a selector's preloaded data, with stale markers kept and a stale-free copy. */
export interface Selected {
  readonly labels: Labels;
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
  /** clean holds samples without stale markers, built on first use by range selectors. */
  clean?: { t: ArrayLike<number>; v: ArrayLike<number> };
}

/** EvalContext is shared by every node of one query evaluation. */
export class EvalContext {
  readonly lookbackMs: number;
  readonly maxSamples: number;
  readonly subqueryStepMs: number;
  private readonly seriesRank: EngineOptions['seriesRank'];
  private readonly deadline: number;
  private readonly signal: AbortSignal | undefined;
  private readonly selections = new Map<VectorSelector, Selected[]>();
  private readonly ranges = new Map<VectorSelector, [number, number]>();
  /** latestOnly holds the instant selectors evaluated at a single time. */
  private readonly latestOnly = new Set<VectorSelector>();
  /** subqueryMemo caches inner results of a subquery per inner evaluation time. */
  readonly subqueryMemo = new Map<Subquery, Map<number, VecSample[]>>();
  /** labels derives keys and name-less label sets, kept for this query when it has several steps. */
  readonly labels: LabelMemo;
  /** stepSamples counts samples touched at the current step, for maxSamples. */
  stepSamples = 0;

  constructor(
    private readonly store: SeriesStore,
    readonly startMs: number,
    readonly endMs: number,
    opts: EngineOptions,
  ) {
    this.lookbackMs = opts.lookbackDeltaMs ?? 5 * 60_000;
    this.maxSamples = opts.maxSamples ?? 50e6;
    this.subqueryStepMs = opts.subqueryStepMs ?? 60_000;
    // Timeouts need wall time by nature; everything else in evaluation uses the given timestamps.
    this.deadline = opts.timeoutMs === undefined ? Infinity : performance.now() + opts.timeoutMs;
    this.signal = opts.signal;
    this.seriesRank = opts.seriesRank;
    this.labels = new LabelMemo(endMs > startMs);
  }

  /** resolveAt turns an @ modifier into a timestamp, or returns the evaluation time. */
  resolveAt(at: AtModifier | undefined, ts: number): number {
    if (at === undefined) return ts;
    if (at === 'start') return this.startMs;
    if (at === 'end') return this.endMs;
    return at;
  }

  /** plan walks the expression and records the time span each selector will be read over. */
  plan(e: Expr, start: number, end: number): void {
    switch (e.type) {
      case 'VectorSelector': this.extend(e, start, end, this.lookbackMs, true); return;
      case 'MatrixSelector': this.extend(e.vs, start, end, e.rangeMs, false); return;
      case 'Subquery': {
        this.labels.keep = true;
        const s = e.at === undefined ? start : this.resolveAt(e.at, start);
        const en = e.at === undefined ? end : s;
        this.plan(e.expr, s - e.offsetMs - e.rangeMs, en - e.offsetMs);
        return;
      }
      case 'Call': for (const a of e.args) this.plan(a, start, end); return;
      case 'Aggregate': this.plan(e.expr, start, end); if (e.param) this.plan(e.param, start, end); return;
      case 'Binary': this.plan(e.lhs, start, end); this.plan(e.rhs, start, end); return;
      case 'Unary': case 'Paren': this.plan(e.expr, start, end); return;
      default: return;
    }
  }

  private extend(vs: VectorSelector, start: number, end: number, back: number, instant: boolean): void {
    const s = vs.at === undefined ? start : this.resolveAt(vs.at, start);
    const en = vs.at === undefined ? end : s;
    const mint = s - vs.offsetMs - back;
    const maxt = en - vs.offsetMs;
    const cur = this.ranges.get(vs);
    this.ranges.set(vs, cur ? [Math.min(cur[0], mint), Math.max(cur[1], maxt)] : [mint, maxt]);
    // An instant selector read at one time needs only each series' newest sample up to it.
    if (instant && s === en && cur === undefined) this.latestOnly.add(vs);
    else this.latestOnly.delete(vs);
  }

  /** series returns the preloaded series of a selector, selecting from the store on first use. */
  series(vs: VectorSelector): Selected[] {
    let sel = this.selections.get(vs);
    if (sel === undefined) {
      const r = this.ranges.get(vs);
      if (!r) throw new DaemonError(ErrorCode.INTERNAL, 'selector was not planned before evaluation');
      const rankOf = this.seriesRank;
      const latest = this.latestOnly.has(vs);
      // A store that keeps its selections in label order saves sorting them again every query. The
      // copy stays either way: cleanOf caches on it, and a store may hand out the same objects twice.
      if (rankOf === undefined && this.store.sortsSelections === true) {
        sel = this.store.select(vs.matchers, r[0], r[1], { labelOrder: true, latest }).map((s) => ({ labels: s.labels, t: s.t, v: s.v }));
      } else {
        const found = this.store.select(vs.matchers, r[0], r[1], { latest });
        // Sort positions by key rather than wrapping every series in a keyed object first. The keys
        // live for this query only: kept per label object, they cost more heap than the store.
        const keys = found.map((s) => labelsSortKey(s.labels));
        const order = Array.from(found, (_, i) => i);
        const ranks = rankOf ? found.map((s) => rankOf(s.labels) ?? Infinity) : undefined;
        order.sort((a, b) => {
          if (ranks && ranks[a] !== ranks[b]) return ranks[a]! - ranks[b]!;
          return keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0;
        });
        sel = order.map((i) => {
          const s = found[i]!;
          return { labels: s.labels, t: s.t, v: s.v };
        });
      }
      this.selections.set(vs, sel);
    }
    return sel;
  }

  /** addSamples counts samples against maxSamples. */
  addSamples(n: number): void {
    this.stepSamples += n;
    if (this.stepSamples > this.maxSamples) {
      throw new DaemonError(ErrorCode.QUERY_TOO_MANY_SAMPLES, 'query processing would load too many samples into memory in query execution');
    }
  }

  /** checkDeadline throws QUERY_TIMEOUT once the timeout passed or the signal aborted. */
  checkDeadline(): void {
    if (this.signal?.aborted) throw new DaemonError(ErrorCode.QUERY_TIMEOUT, 'query was canceled in expression evaluation', { cause: this.signal.reason });
    if (this.deadline !== Infinity && performance.now() > this.deadline) {
      throw new DaemonError(ErrorCode.QUERY_TIMEOUT, 'query timed out in expression evaluation');
    }
  }
}

/** cleanOf returns the series without stale markers (range selectors never see them). */
export function cleanOf(s: Selected): { t: ArrayLike<number>; v: ArrayLike<number> } {
  if (s.clean) return s.clean;
  let stale = 0;
  for (let i = 0; i < s.v.length; i++) if (isStaleNaN(s.v[i]!)) stale++;
  if (stale === 0) {
    s.clean = { t: s.t, v: s.v };
    return s.clean;
  }
  const t = new Float64Array(s.t.length - stale);
  const v = new Float64Array(s.t.length - stale);
  let j = 0;
  for (let i = 0; i < s.v.length; i++) {
    const x = s.v[i]!;
    if (isStaleNaN(x)) continue;
    t[j] = s.t[i]!;
    v[j++] = x;
  }
  s.clean = { t, v };
  return s.clean;
}

/** lowerBound is the first index whose t is >= x (t ascending). */
export function lowerBound(t: ArrayLike<number>, x: number, lo = 0, hi = t.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** upperBound is the first index whose t is > x (t ascending). */
export function upperBound(t: ArrayLike<number>, x: number, lo = 0, hi = t.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
