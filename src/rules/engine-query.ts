/**
 * engine-query: the daemon's QueryFn over the local store — the PromQL engine evaluated at the
 * rule's timestamp, scalars turned into one label-less sample (Prometheus EngineQueryFunc). Rule
 * texts are parsed once and the AST kept, so selectors stay the same objects between evaluations.
 */
import { instantQuery } from '../promql/engine/query.js';
import { ExprCache } from '../promql/expr-cache.js';
import type { EngineOptions } from '../promql/engine/types.js';
import type { SeriesStore } from '../store/store.js';
import { queryFnFor } from './unittest/runner.js';
import type { QueryFn } from './types.js';

/** engineQueryFn builds a QueryFn evaluating against `store` with the given engine limits. */
export function engineQueryFn(store: SeriesStore, opts: EngineOptions = {}): QueryFn {
  // One cache per QueryFn: a reload builds a new QueryFn, and the old rules' ASTs go with the old one.
  const exprs = new ExprCache();
  return queryFnFor(store, (s, expr, at) => instantQuery(s, exprs.get(expr), at, opts), opts.subqueryStepMs ?? 60_000);
}
