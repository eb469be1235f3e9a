/**
 * alertmanager: forwarding every alert to every configured Alertmanager's `POST /api/v2/alerts`,
 * as Prometheus does — never load-balanced, re-sent at least every resend_delay while firing,
 * endsAt = now + 4 × evaluation interval (so Alertmanager resolves the alert itself if we die),
 * and the resolution sent with its real endsAt. This bypasses the route tree on purpose: the
 * Alertmanager does its own routing.
 */
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Alert } from '../../model/alert.js';
import { labelsKey } from '../../model/labels.js';
import type { NotifyMetrics } from '../metrics.js';
import { httpFailure, failureReason, sendFailure } from '../retry.js';
import type { AlertingConfig } from '../types.js';
import { goTime } from './webhook.js';
import type { FetchLike } from './integration.js';

/** PostableAlert is one element of the API v2 request body. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/** RESOLVED_RESEND_MS keeps re-sending a resolution for 15 minutes, like Prometheus' resolvedRetention. */
export const RESOLVED_RESEND_MS = 15 * 60_000;

/**
 * toPostable converts a rule alert for the API; endsAt follows Prometheus' sendAlerts. The labels
 * are taken as they are: the notifier already applied outgoingAlerts (diagnosis label, external
 * labels, alert_relabel_configs).
 */
export function toPostable(a: Alert, at: number, evaluationInterval: number): PostableAlert {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.labels)) if (v !== '') labels[k] = v;
  const endsAt = a.state === 'inactive' ? a.resolvedAt : a.validUntil > at ? a.validUntil : at + 4 * evaluationInterval;
  return {
    labels,
    annotations: { ...a.annotations },
    startsAt: goTime(a.firedAt || a.activeAt),
    endsAt: goTime(endsAt),
    ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
  };
}

/** AlertmanagerForwarder decides which alerts are due and posts them to every Alertmanager. */
export class AlertmanagerForwarder {
  private readonly lastSent = new Map<string, { at: number; state: string }>();

  constructor(
    private readonly cfg: AlertingConfig,
    private readonly deps: { fetch?: FetchLike; log: Logger; metrics: NotifyMetrics },
  ) {}

  /** enabled tells whether any Alertmanager is configured. */
  get enabled(): boolean {
    return this.cfg.alertmanagers.some((a) => a.urls.length > 0);
  }

  /** due filters alerts to those Prometheus would send now (state change or resend_delay elapsed). */
  due(alerts: readonly Alert[], at: number): Alert[] {
    const out: Alert[] = [];
    for (const a of alerts) {
      if (a.state === 'pending') continue;
      if (a.state === 'inactive' && (a.resolvedAt === 0 || at - a.resolvedAt > RESOLVED_RESEND_MS)) continue;
      const k = labelsKey(a.labels);
      const prev = this.lastSent.get(k);
      if (prev && prev.state === a.state && at - prev.at < this.cfg.resendDelay) continue;
      out.push(a);
    }
    return out;
  }

  /** forward posts the due alerts to every Alertmanager; a failure is retried on the next cycle. */
  async forward(alerts: readonly Alert[], at: number): Promise<void> {
    if (!this.enabled) return;
    const due = this.due(alerts, at);
    if (due.length === 0) return;
    const body = JSON.stringify(due.map((a) => toPostable(a, at, this.cfg.evaluationInterval)));
    const results = await Promise.all(
      this.cfg.alertmanagers.flatMap((am) => am.urls.map((url) => this.post(url, body, am.timeoutMs))),
    );
    // An alert counts as sent once any Alertmanager took it; the cluster gossips it to the rest.
    if (results.some(Boolean)) for (const a of due) this.lastSent.set(labelsKey(a.labels), { at, state: a.state });
    for (const [k, v] of this.lastSent) if (at - v.at > RESOLVED_RESEND_MS + this.cfg.resendDelay) this.lastSent.delete(k);
  }

  private async post(url: string, body: string, timeoutMs: number): Promise<boolean> {
    const labels = { receiver: url, integration: 'alertmanager' };
    this.deps.metrics.sent.inc(labels);
    const started = performance.now();
    try {
      let res: Response;
      try {
        res = await (this.deps.fetch ?? fetch)(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'leaksleuth' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw sendFailure('network', `alertmanager ${url}: ${errorMessage(err)}`, { cause: err });
      }
      const text = await res.text().catch(() => '');
      if (res.status < 200 || res.status > 299) throw httpFailure(`alertmanager ${url}`, res.status, text);
      this.deps.metrics.latency.observe(labels, (performance.now() - started) / 1000);
      return true;
    } catch (err) {
      this.deps.metrics.failed.inc({ ...labels, reason: failureReason(err) });
      this.deps.log.warn('sending alerts to Alertmanager failed', { url, err: errorMessage(err) });
      return false;
    }
  }
}
