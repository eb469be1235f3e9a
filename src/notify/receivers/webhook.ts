/**
 * webhook: Alertmanager's webhook receiver — the version "4" JSON payload exactly (firing alerts
 * carry endsAt 0001-01-01T00:00:00Z, as Alertmanager's dispatcher zeroes it), 2xx success, 5xx and
 * 429 retried, other 4xx permanent. An Idempotency-Key header lets receivers drop the duplicate an
 * at-least-once resend after a crash can cause.
 */
import { errorMessage } from '../../core/errors.js';
import type { Labels } from '../../model/labels.js';
import { httpFailure, parseRetryAfter, sendFailure } from '../retry.js';
import type { Notification, NotifyAlert, WebhookConfig } from '../types.js';
import type { DeliveryInput, FetchLike, Integration } from './integration.js';

/** ZERO_TIME is Go's zero time.Time as JSON. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** WebhookAlert is one `alerts[]` item of the v4 payload. */
export interface WebhookAlert {
  status: string;
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** WebhookMessage is Alertmanager's webhook payload, version 4. */
export interface WebhookMessage {
  receiver: string;
  status: string;
  alerts: WebhookAlert[];
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  externalURL: string;
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
}

/** goTime renders ms like Go's RFC 3339 (nano) JSON time: trailing zeros of the fraction dropped (`.27Z`, not `.270Z`). */
export function goTime(ms: number): string {
  if (ms <= 0) return ZERO_TIME;
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** webhookAlert converts one alert. */
export function webhookAlert(a: NotifyAlert): WebhookAlert {
  return {
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: goTime(a.startsAt),
    endsAt: goTime(a.endsAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  };
}

/** webhookPayload builds the v4 message, applying max_alerts truncation. */
export function webhookPayload(n: Notification, maxAlerts: number): WebhookMessage {
  const alerts = maxAlerts > 0 ? n.alerts.slice(0, maxAlerts) : n.alerts;
  return {
    receiver: n.receiver,
    status: n.status,
    alerts: alerts.map(webhookAlert),
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: n.externalURL,
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.truncatedAlerts + (n.alerts.length - alerts.length),
  };
}

/** createWebhook builds the webhook integration for one webhook_configs entry. */
export function createWebhook(cfg: WebhookConfig, deps: { fetch?: FetchLike } = {}): Integration {
  const doFetch = deps.fetch ?? fetch;
  return {
    kind: 'webhook',
    async send(input: DeliveryInput): Promise<void> {
      let res: Response;
      try {
        res = await doFetch(cfg.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'leaksleuth',
            'idempotency-key': input.intent.dedupeKey,
            'x-leaksleuth-notification-id': input.intent.id,
          },
          body: JSON.stringify(webhookPayload(input.intent.notification, cfg.maxAlerts)),
          signal: AbortSignal.timeout(cfg.timeoutMs),
        });
      } catch (err) {
        throw sendFailure('network', `webhook: ${errorMessage(err)}`, { cause: err });
      }
      const text = await res.text().catch(() => '');
      if (res.status < 200 || res.status > 299) {
        throw httpFailure('webhook', res.status, text, parseRetryAfter(res.headers.get('retry-after'), input.at));
      }
    },
  };
}
