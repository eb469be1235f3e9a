/**
 * alerting: turns an alerting rule's query result into state-machine candidates — alert labels
 * are the sample's labels without `__name__`, then group labels, then the rule's (templated)
 * labels, then `alertname`; annotations are templated on every evaluation (Prometheus rules/alerting.go).
 */
import type { Labels } from '../model/labels.js';
import type { Candidate } from './state.js';
import type { AlertingRuleDef, TemplateData, TemplateFn, VectorSample } from './types.js';

/** TemplateContext is what every template of a group shares. */
export interface TemplateContext {
  readonly expand?: TemplateFn;
  readonly externalLabels: Labels;
  readonly externalURL: string;
}

async function render(text: string, data: TemplateData, ctx: TemplateContext): Promise<string> {
  if (!ctx.expand || !text.includes('{{')) return text;
  return ctx.expand(text, data);
}

/** buildCandidates applies labels and annotations to each sample of the rule's result. */
export async function buildCandidates(
  rule: AlertingRuleDef,
  groupLabels: Labels,
  samples: readonly VectorSample[],
  ctx: TemplateContext,
  at: number,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const s of samples) {
    const data: TemplateData = { labels: s.labels, externalLabels: ctx.externalLabels, externalURL: ctx.externalURL, value: s.v, at, alertName: rule.name };
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) if (k !== '__name__') labels[k] = v;
    for (const [k, v] of Object.entries(groupLabels)) labels[k] = v;
    for (const [k, v] of Object.entries(rule.labels)) labels[k] = await render(v, data, ctx);
    labels['alertname'] = rule.name;
    // An empty value removes a label, as Go's labels.Builder does.
    for (const k of Object.keys(labels)) if (labels[k] === '') delete labels[k];
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(rule.annotations)) annotations[k] = await render(v, data, ctx);
    out.push({ labels, annotations, value: s.v });
  }
  return out;
}

/** generatorURL links an alert back to its expression, like Prometheus' `/graph?g0.expr=…&g0.tab=1`. */
export function generatorURL(externalURL: string, expr: string): string {
  return `${externalURL.replace(/\/$/, '')}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
}
