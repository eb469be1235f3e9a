/**
 * defaults: the concrete collaborators of `runRuleTests` — the real PromQL engine over a fresh
 * MemoryStore per test group, with retention long enough that nothing of a test ages out.
 */
import { instantQuery } from '../../promql/engine/query.js';
import { parseExpr } from '../../promql/parser.js';
import { MemoryStore } from '../../store/memory.js';
import type { RunOptions } from './runner.js';
import { alertTemplateFn, checkAlertTemplate, storeTemplateQuery } from '../templates.js';

const CENTURY = 100 * 365 * 24 * 3600_000;

/** defaultRunOptions wires the real engine and store into the runner. */
export function defaultRunOptions(): RunOptions {
  return {
    instant: (store, expr, at, evalIntervalMs, seriesRank) =>
      instantQuery(store, expr, at, seriesRank ? { subqueryStepMs: evalIntervalMs, seriesRank } : { subqueryStepMs: evalIntervalMs }),
    newStore: () => new MemoryStore({ rawRetentionMs: CENTURY, staleAfterMs: CENTURY }),
    parseExpr,
    templateFor: (store) => alertTemplateFn(storeTemplateQuery(store)),
    checkTemplate: checkAlertTemplate,
  };
}
