/**
 * metrics: the notify stage's own series, registered on the injected prom-client Registry (never
 * the global one), named like Alertmanager's `alertmanager_notifications_*` with our prefix.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

/** NotifyMetrics are the counters and histogram every delivery updates. */
export interface NotifyMetrics {
  readonly sent: Counter<'receiver' | 'integration'>;
  readonly failed: Counter<'receiver' | 'integration' | 'reason'>;
  readonly latency: Histogram<'receiver' | 'integration'>;
}

/** LATENCY_BUCKETS reach 5 minutes, because users asked Alertmanager for more than 20 s (issue #3999). */
export const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60, 300];

/** createNotifyMetrics registers (or reuses, when a notifier is rebuilt on reload) the metrics. */
export function createNotifyMetrics(registry: Registry): NotifyMetrics {
  const existing = (name: string): unknown => registry.getSingleMetric(name);
  const sent =
    (existing('leaksleuth_notifications_total') as Counter<'receiver' | 'integration'> | undefined) ??
    new Counter({
      name: 'leaksleuth_notifications_total',
      help: 'Notification attempts, per receiver and integration.',
      labelNames: ['receiver', 'integration'] as const,
      registers: [registry],
    });
  const failed =
    (existing('leaksleuth_notifications_failed_total') as Counter<'receiver' | 'integration' | 'reason'> | undefined) ??
    new Counter({
      name: 'leaksleuth_notifications_failed_total',
      help: 'Failed notification attempts, by reason (rateLimited, serverError, clientError, network, other).',
      labelNames: ['receiver', 'integration', 'reason'] as const,
      registers: [registry],
    });
  const latency =
    (existing('leaksleuth_notification_latency_seconds') as Histogram<'receiver' | 'integration'> | undefined) ??
    new Histogram({
      name: 'leaksleuth_notification_latency_seconds',
      help: 'Time from a notification being queued to its successful delivery.',
      labelNames: ['receiver', 'integration'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  return { sent, failed, latency };
}
