/**
 * attach: joins a diagnosis to an alert. The verdict becomes a `diagnosis` label (so routes and
 * inhibit rules can match it) and the primary finding's explanation and advice become annotations
 * (so receivers that know nothing of leaksleuth, like a plain webhook or Alertmanager, still carry
 * them). The full diagnosis rides along for receivers that render it. The label may be an earlier
 * verdict than the annotations: the label is part of the alert's identity and routing, so it keeps
 * the verdict of the first notification, while the annotations tell the current one.
 */
import type { Alert } from '../model/alert.js';
import type { Diagnosis } from '../model/finding.js';

/** DIAGNOSIS_LABEL is the label that carries the verdict id on alerts. */
export const DIAGNOSIS_LABEL = 'diagnosis';

/**
 * attachDiagnosis returns the alert with the diagnosis label, annotations and object added;
 * `routingVerdict` (default: d's verdict) is the label value, `diagnosis_verdict` the current one.
 */
export function attachDiagnosis(alert: Alert, d: Diagnosis, routingVerdict: string = d.verdict): Alert {
  const primary = d.findings.find((f) => f.verdict === d.verdict) ?? d.findings[0];
  const annotations: Record<string, string> = { ...alert.annotations };
  annotations['diagnosis_verdict'] = d.verdict;
  annotations['diagnosis_confidence'] = d.confidence.toFixed(2);
  if (primary) {
    annotations['diagnosis_explanation'] ??= primary.explanation;
    if (primary.recommendations.length) annotations['diagnosis_recommendations'] ??= primary.recommendations.map((r) => `- ${r}`).join('\n');
    // where pprof found the growth, one line per place, for receivers that only pass annotations on
    if (primary.where?.length) annotations['diagnosis_where'] ??= primary.where.map((w) => w.text).join('\n');
    const s = primary.projection?.secondsToLimit;
    if (s != null) annotations['diagnosis_time_to_limit'] = `${Math.round(s)}s`;
  }
  return { ...alert, labels: { ...alert.labels, [DIAGNOSIS_LABEL]: routingVerdict }, annotations, diagnosis: d };
}

/** diagnosisKey identifies one alert instance across evaluations (labels and start), for sticky verdicts. */
export function diagnosisKey(alert: Alert, labelsKey: (l: Alert['labels']) => string): string {
  return labelsKey(alert.labels) + '@' + alert.activeAt;
}
