/**
 * data: converting the rule engine's alerts to Alertmanager's view (status, startsAt/endsAt,
 * fingerprint) and building the Notification for one group flush (common labels, group labels,
 * truncation), which is also the template data and, almost verbatim, the webhook payload.
 */
import type { Alert } from '../model/alert.js';
import type { Diagnosis } from '../model/finding.js';
import { LEAK_VERDICTS } from '../model/finding.js';
import type { Labels } from '../model/labels.js';
import { fingerprint } from './fingerprint.js';
import { withDiagnosisLabel } from './outgoing.js';
import type { Notification, NotifyAlert } from './types.js';

/**
 * toNotifyAlert converts a rule alert; pending alerts are not notified (as in Prometheus) and give
 * undefined. `labelsFinal` says the labels already went through outgoingAlerts (diagnosis label,
 * external labels, relabeling), so a `diagnosis` label relabeling removed is not added back.
 */
export function toNotifyAlert(a: Alert, labelsFinal = false): NotifyAlert | undefined {
  if (a.state === 'pending') return undefined;
  const resolved = a.state === 'inactive';
  if (resolved && a.resolvedAt === 0) return undefined;
  const labels = labelsFinal ? a.labels : withDiagnosisLabel(a);
  return {
    status: resolved ? 'resolved' : 'firing',
    labels,
    annotations: a.annotations,
    startsAt: a.firedAt || a.activeAt,
    endsAt: resolved ? a.resolvedAt : 0,
    generatorURL: a.generatorURL ?? '',
    fingerprint: fingerprint(labels),
    ...(a.diagnosis ? { diagnosis: a.diagnosis } : {}),
  };
}

/** commonLabels keeps the pairs every alert shares (Alertmanager's CommonLabels). */
export function commonLabels(sets: readonly Labels[]): Labels {
  if (sets.length === 0) return {};
  const out: Record<string, string> = { ...sets[0] };
  for (const s of sets.slice(1)) for (const k of Object.keys(out)) if (s[k] !== out[k]) delete out[k];
  return out;
}

/** strongestDiagnosis picks the diagnosis to headline: real leaks first, then confidence. */
export function strongestDiagnosis(alerts: readonly NotifyAlert[]): Diagnosis | undefined {
  let best: Diagnosis | undefined;
  const score = (d: Diagnosis): number => (LEAK_VERDICTS.has(d.verdict) ? 10 : d.verdict === 'healthy' || d.verdict === 'insufficient_data' ? 0 : 5) + d.confidence;
  for (const a of alerts) if (a.diagnosis && (!best || score(a.diagnosis) > score(best))) best = a.diagnosis;
  return best;
}

/**
 * alertOrder is Alertmanager's types.AlertSlice order, which webhooks (and max_alerts truncation)
 * follow: by `job`, then `instance` (an alert with the label before one without), then by label
 * set (fewer labels first, then the first differing label in name order).
 */
export function alertOrder(a: NotifyAlert, b: NotifyAlert): number {
  for (const k of ['job', 'instance']) {
    const x = a.labels[k];
    const y = b.labels[k];
    if (x === undefined && y === undefined) continue;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return labelSetCompare(a.labels, b.labels);
}

/** labelSetCompare is model.LabelSet.Before as a comparator. */
function labelSetCompare(a: Labels, b: Labels): number {
  const na = Object.keys(a).length;
  const nb = Object.keys(b).length;
  if (na !== nb) return na - nb;
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[k];
    const y = b[k];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** buildNotification assembles the data for one flush, alerts in Alertmanager's order. */
export function buildNotification(
  receiver: string,
  groupKey: string,
  groupLabels: Labels,
  alerts: readonly NotifyAlert[],
  externalURL: string,
  maxAlerts = 0,
): Notification {
  const sorted = [...alerts].sort((a, b) => alertOrder(a, b) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const kept = maxAlerts > 0 ? sorted.slice(0, maxAlerts) : sorted;
  const diagnosis = strongestDiagnosis(sorted);
  return {
    receiver,
    status: sorted.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts: kept,
    groupLabels,
    commonLabels: commonLabels(sorted.map((a) => a.labels)),
    commonAnnotations: commonLabels(sorted.map((a) => a.annotations)),
    externalURL,
    groupKey,
    truncatedAlerts: sorted.length - kept.length,
    ...(diagnosis ? { diagnosis } : {}),
  };
}
