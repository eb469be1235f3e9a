/**
 * templates: the rules stage's use of the Go-template engine — expanding alert labels and
 * annotations (with the Prometheus preamble and `query` bound to the rule's evaluation time) and
 * checking templates at load time so a typo fails `check rules` instead of a page at 3 a.m.
 */
import { errorMessage } from '../core/errors.js';
import type { SeriesStore } from '../store/store.js';
import { instantQuery } from '../promql/engine/query.js';
import type { EngineOptions } from '../promql/engine/types.js';
import { ALERT_TEMPLATE_PREAMBLE, compileTemplate, expandAlertTemplate, type QuerySample } from '../template/template.js';
import type { TemplateCheckFn, TemplateFn } from './types.js';

/** TemplateQuery answers a template's `query` call at the evaluation time `at`. */
export type TemplateQuery = (expr: string, at: number) => readonly QuerySample[];

/** alertTemplateFn builds the TemplateFn rules use; without `query`, templates calling it error out in the text. */
export function alertTemplateFn(query?: TemplateQuery): TemplateFn {
  return (text, data) => {
    const q = query ? (expr: string) => query(expr, data.at) : undefined;
    return expandAlertTemplate(text, data, q, data.alertName);
  };
}

/** storeTemplateQuery evaluates template queries with the PromQL engine over `store`, under the rules' limits. */
export function storeTemplateQuery(store: SeriesStore, opts: EngineOptions = {}): TemplateQuery {
  return (expr, at) => {
    const r = instantQuery(store, expr, at, opts);
    if (r.type === 'vector') return r.samples.map((s) => ({ Labels: s.labels, Value: s.v }));
    if (r.type === 'scalar') return [{ Labels: {}, Value: r.v }];
    throw new Error(`query ${JSON.stringify(expr)}: template query result is not a vector or scalar`);
  };
}

/** checkAlertTemplate parses a label/annotation template with the preamble; returns the error text or null. */
export const checkAlertTemplate: TemplateCheckFn = (text) => {
  try {
    compileTemplate('__alert_', ALERT_TEMPLATE_PREAMBLE + text);
    return null;
  } catch (err) {
    return errorMessage(err);
  }
};
