/**
 * alertmanager: forwarding alerts to every configured Alertmanager's `POST /api/v2/alerts`, as
 * Prometheus does — never load-balanced, and not queued: the rule engine decides what is due (a
 * state change, or resend_delay passed since the last send; resolutions for 15 minutes) and stamps
 * validUntil = now + 4 × max(resend_delay, group interval), which is sent as endsAt so Alertmanager
 * resolves the alert itself if we die. A failed post is not retried; the next resend carries it.
 * This bypasses the route tree on purpose: the Alertmanager does its own routing.
 */
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Alert } from '../../model/alert.js';
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

/**
 * toPostable converts a rule alert for the API; endsAt follows Prometheus' sendAlerts (resolvedAt,
 * else validUntil). An alert without validUntil (not from the rule engine) gets 4 × resend_delay.
 * The labels are taken as they are: the notifier already applied outgoingAlerts (diagnosis label,
 * external labels, alert_relabel_configs).
 */
export function toPostable(a: Alert, at: number, resendDelay: number): PostableAlert {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.labels)) if (v !== '') labels[k] = v;
  const endsAt = a.state === 'inactive' ? a.resolvedAt : a.validUntil > at ? a.validUntil : at + 4 * resendDelay;
  return {
    labels,
    annotations: { ...a.annotations },
    startsAt: goTime(a.firedAt || a.activeAt),
    endsAt: goTime(endsAt),
    ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
  };
}

/** AlertmanagerForwarder posts the alerts it is handed to every Alertmanager. */
export class AlertmanagerForwarder {
  constructor(
    private readonly cfg: AlertingConfig,
    private readonly deps: { fetch?: FetchLike; log: Logger; metrics: NotifyMetrics },
  ) {}

  /** enabled tells whether any Alertmanager is configured. */
  get enabled(): boolean {
    return this.cfg.alertmanagers.some((a) => a.urls.length > 0);
  }

  /** forward posts the alerts Prometheus would send (not pending, not never-fired) to every Alertmanager. */
  async forward(alerts: readonly Alert[], at: number): Promise<void> {
    if (!this.enabled) return;
    const due = alerts.filter((a) => a.state !== 'pending' && !(a.state === 'inactive' && a.resolvedAt === 0));
    if (due.length === 0) return;
    const body = JSON.stringify(due.map((a) => toPostable(a, at, this.cfg.resendDelay)));
    await Promise.all(this.cfg.alertmanagers.flatMap((am) => am.urls.map((url) => this.post(url, body, am.timeoutMs))));
  }

  private async post(url: string, body: string, timeoutMs: number): Promise<void> {
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
    } catch (err) {
      this.deps.metrics.failed.inc({ ...labels, reason: failureReason(err) });
      this.deps.log.warn('sending alerts to Alertmanager failed', { url, err: errorMessage(err) });
    }
  }
}
