/**
 * outgoing: the labels an alert carries once it leaves the rule engine, for every path out
 * (Alertmanager forwarding, and the route tree feeding Slack, email and webhooks). In the order
 * Prometheus' notifier uses: the alert's own labels (plus leaksleuth's `diagnosis` verdict label),
 * then `global.external_labels` for every name the alert does not set, then
 * `alerting.alert_relabel_configs`, which may rewrite or drop the alert.
 */
import type { Alert } from '../model/alert.js';
import type { Labels } from '../model/labels.js';
import { relabel, type RelabelConfig } from '../model/relabel.js';

/** withDiagnosisLabel adds the verdict as the `diagnosis` label unless the rule set one. */
export function withDiagnosisLabel(a: Alert): Labels {
  return a.diagnosis && !('diagnosis' in a.labels) ? { ...a.labels, diagnosis: a.diagnosis.verdict } : a.labels;
}

/** outgoingLabels returns the labels to send, or undefined when relabeling drops the alert. */
export function outgoingLabels(labels: Labels, external: Labels, relabels: readonly RelabelConfig[]): Labels | undefined {
  const out: Record<string, string> = {};
  // Empty values are absent labels: the external value fills them, as labels.Builder does in Prometheus.
  for (const [k, v] of Object.entries(external)) if (v !== '') out[k] = v;
  for (const [k, v] of Object.entries(labels)) if (v !== '') out[k] = v;
  return relabels.length > 0 ? relabel(out, relabels) : out;
}

/** outgoingAlerts maps a batch; dropped alerts are left out. The result's labels are final. */
export function outgoingAlerts(alerts: readonly Alert[], external: Labels, relabels: readonly RelabelConfig[]): Alert[] {
  const out: Alert[] = [];
  for (const a of alerts) {
    const labels = outgoingLabels(withDiagnosisLabel(a), external, relabels);
    if (labels && Object.keys(labels).length > 0) out.push({ ...a, labels });
  }
  return out;
}
