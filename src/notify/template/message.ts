/**
 * message: the receiver-neutral content of a default notification, written to be read at 3 a.m.:
 * what state, what kind of memory growth (the verdict, in words), the numbers that prove it, what
 * to do, and when the limit is reached. Slack, email and the log renderers all start from this.
 */
import type { Diagnosis, Finding, Verdict } from '../../model/finding.js';
import { LEAK_VERDICTS } from '../../model/finding.js';
import type { Labels } from '../../model/labels.js';
import type { Notification } from '../types.js';
import { formatTime, formatValue, humanizeBytes, humanizeDuration } from './format.js';

/** VERDICT_TITLES says in words what each stable verdict id means for the person paged. */
export const VERDICT_TITLES: Readonly<Record<Verdict, string>> = {
  heap_leak: 'Real leak: the live Go heap keeps growing',
  goroutine_leak: 'Real leak: goroutines are piling up',
  offheap_leak: 'Real leak: memory outside the Go heap (cgo, mmap) keeps growing',
  page_cache: 'Not a leak: page cache is charged to the container',
  runtime_retention: 'Not a leak: the Go runtime is holding memory it already freed',
  fragmentation: 'Heap fragmentation: spans pinned by few live objects',
  healthy: 'No leak: only the normal GC sawtooth',
  insufficient_data: 'Cannot tell yet: not enough data to diagnose',
};

/** MessageAlert is one alert line. */
export interface MessageAlert {
  readonly status: 'firing' | 'resolved';
  readonly title: string;
  readonly summary: string;
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly since: string;
  readonly generatorURL: string;
}

/** Message is what a default notification says, before any receiver-specific markup. */
export interface Message {
  readonly status: 'firing' | 'resolved';
  readonly firingCount: number;
  readonly resolvedCount: number;
  readonly severity: string;
  /** color is the severity colour (green once resolved), used by Slack attachments and email. */
  readonly color: string;
  readonly alertname: string;
  /** target is the instance/pod/job the alert is about, for titles. */
  readonly target: string;
  readonly headline: string;
  readonly summary: string;
  readonly verdict?: { readonly id: Verdict; readonly title: string; readonly confidence: number; readonly isLeak: boolean };
  readonly explanation: string;
  readonly evidence: ReadonlyArray<{ readonly name: string; readonly value: string; readonly source: string }>;
  readonly recommendations: readonly string[];
  /** where: what pprof blames (function, file:line, growth), or why the profiles could not be had. */
  readonly where: readonly string[];
  readonly projection: string;
  readonly alerts: readonly MessageAlert[];
  readonly truncated: number;
  readonly links: ReadonlyArray<{ readonly text: string; readonly url: string }>;
  readonly sparkline: string;
}

const COLORS: Record<string, string> = { critical: '#D00000', page: '#D00000', error: '#D00000', warning: '#E69F00', info: '#0072B2' };
/** RESOLVED_COLOR is Slack's green. */
export const RESOLVED_COLOR = '#2EB67D';

/** buildMessage turns a Notification into the default message content. */
export function buildMessage(n: Notification, sparkline = ''): Message {
  const firing = n.alerts.filter((a) => a.status === 'firing');
  const first = firing[0] ?? n.alerts[0];
  const labels = n.commonLabels;
  const severity = labels.severity ?? first?.labels.severity ?? 'warning';
  const alertname = labels.alertname ?? first?.labels.alertname ?? 'alert';
  const d = n.diagnosis;
  const primary = d?.findings.find((f) => f.verdict === d.verdict) ?? d?.findings[0];
  const where = target(labels) || (first ? target(first.labels) : '');
  const verdictPart = d ? ` · ${d.verdict}` : '';
  const headline =
    n.status === 'resolved'
      ? `RESOLVED · ${alertname}${where ? ` on ${where}` : ''}${verdictPart}`
      : `${severity.toUpperCase()} · ${alertname}${where ? ` on ${where}` : ''}${verdictPart}${firing.length > 1 ? ` (${firing.length} alerts)` : ''}`;
  const summary = n.commonAnnotations.summary ?? first?.annotations.summary ?? n.commonAnnotations.description ?? '';
  const projection = primary?.projection
    ? primary.projection.secondsToLimit === null
      ? `Limit ${humanizeBytes(primary.projection.limitBytes)}: not reached at the current trend.`
      : `Reaches the ${humanizeBytes(primary.projection.limitBytes)} limit in about ${humanizeDuration(primary.projection.secondsToLimit)}.`
    : '';
  const links: Array<{ text: string; url: string }> = [];
  if (first?.generatorURL) links.push({ text: 'Rule expression', url: first.generatorURL });
  const runbook = n.commonAnnotations.runbook_url ?? first?.annotations.runbook_url;
  if (runbook) links.push({ text: 'Runbook', url: runbook });
  const dashboard = n.commonAnnotations.dashboard_url ?? first?.annotations.dashboard_url;
  if (dashboard) links.push({ text: 'Dashboard', url: dashboard });
  if (n.externalURL) links.push({ text: 'leaksleuth', url: n.externalURL });
  return {
    status: n.status,
    firingCount: firing.length,
    resolvedCount: n.alerts.length - firing.length,
    severity,
    color: n.status === 'resolved' ? RESOLVED_COLOR : (COLORS[severity.toLowerCase()] ?? COLORS.warning!),
    alertname,
    target: where,
    headline,
    summary,
    ...(d ? { verdict: { id: d.verdict, title: VERDICT_TITLES[d.verdict], confidence: d.confidence, isLeak: LEAK_VERDICTS.has(d.verdict) } } : {}),
    explanation: primary?.explanation ?? '',
    // time_to_limit is the projection line already: one figure, one rounding per message.
    evidence: (primary?.evidence ?? []).filter((e) => !(projection && e.name === 'time_to_limit')).slice(0, 8).map((e) => ({ name: e.name, value: formatValue(e.value, e.unit), source: e.source })),
    recommendations: primary?.recommendations ?? [],
    where: whereLines(d, primary),
    projection,
    alerts: n.alerts.slice(0, 20).map((a) => ({
      status: a.status,
      title: `${a.labels.alertname ?? alertname}${target(a.labels) ? ' on ' + target(a.labels) : ''}`,
      summary: a.annotations.summary ?? '',
      labels: Object.entries(a.labels).filter(([k]) => k !== 'alertname').sort(([x], [y]) => (x < y ? -1 : 1)),
      since: a.status === 'firing' ? `firing since ${formatTime(a.startsAt)}` : `resolved at ${formatTime(a.endsAt)}`,
      generatorURL: a.generatorURL,
    })),
    truncated: n.truncatedAlerts + Math.max(0, n.alerts.length - 20),
    links,
    sparkline,
  };
}

/** whereLines: the primary finding's pprof lines; for a leak without them, why pprof could not say. */
function whereLines(d: Diagnosis | undefined, primary: Finding | undefined): string[] {
  if (primary?.where?.length) return primary.where.map((w) => w.text);
  if (d?.pprof?.errors.length && primary && LEAK_VERDICTS.has(primary.verdict)) return d.pprof.errors.map((e) => `pprof unavailable: ${e}`);
  return [];
}

/** subjectLine is the email subject / notification title: status, count, verdict and where. */
export function subjectLine(m: Message): string {
  const count = m.status === 'firing' ? m.firingCount : m.resolvedCount;
  const verdict = m.verdict ? `${m.verdict.id} · ` : '';
  return `[${m.status.toUpperCase()}:${count}] ${verdict}${m.alertname}${m.target ? ' on ' + m.target : ''}`;
}

/** plainText renders the message for text bodies and the log receiver. */
export function plainText(m: Message): string {
  const out: string[] = [m.headline];
  if (m.verdict) out.push(`${m.verdict.title} (confidence ${Math.round(m.verdict.confidence * 100)}%)`);
  if (m.summary) out.push('', m.summary);
  if (m.explanation) out.push('', m.explanation);
  if (m.sparkline) out.push('', `trend ${m.sparkline}`);
  if (m.projection) out.push(m.projection);
  if (m.evidence.length) out.push('', 'Evidence:', ...m.evidence.map((e) => `  ${e.name}: ${e.value}   (${e.source})`));
  if (m.where.length) out.push('', 'Where (pprof):', ...m.where.map((w) => `  - ${w}`));
  if (m.recommendations.length) out.push('', 'What to do:', ...m.recommendations.map((r, i) => `  ${i + 1}. ${r}`));
  out.push('', 'Alerts:');
  for (const a of m.alerts) {
    out.push(`  [${a.status}] ${a.title} — ${a.since}`);
    if (a.summary) out.push(`    ${a.summary}`);
    out.push(`    ${a.labels.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  }
  if (m.truncated > 0) out.push(`  … and ${m.truncated} more`);
  if (m.links.length) out.push('', ...m.links.map((l) => `${l.text}: ${l.url}`));
  return out.join('\n');
}

function target(l: Labels): string {
  return l.instance ?? l.pod ?? l.container ?? l.job ?? '';
}
