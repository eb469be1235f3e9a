/**
 * outbox: the last stage — turn the alerts that survived dedupe into a durable intent and hand it
 * to the Deliverer. The intent (with its notification data and chart series) is fsync'd before any
 * byte leaves, which is what makes delivery at-least-once across kill -9. Resolved alerts are kept
 * out of the message when the integration does not send resolutions, but still recorded, so the
 * log knows the group is clear (Alertmanager does the same).
 */
import { randomUUID } from 'node:crypto';
import type { ChartInput } from './chart/types.js';
import { buildNotification } from './data.js';
import { dedupeKey, integrationKey, splitByStatus } from './dedupe.js';
import type { Intent, NotifyLog } from './nflog.js';
import type { Deliverer } from './retry.js';
import type { Stage } from './stage.js';
import type { Notification } from './types.js';

/** ChartSource supplies the series behind a notification's verdict, if any. */
export type ChartSource = (n: Notification) => ChartInput | undefined | Promise<ChartInput | undefined>;

/** outboxStage writes the intent and submits it; it returns the alerts that will be sent. */
export function outboxStage(o: {
  readonly log: NotifyLog;
  readonly deliverer: Deliverer;
  readonly externalUrl: string;
  readonly chartSource?: ChartSource;
  readonly onIntent?: (i: Intent) => void;
}): Stage {
  return async (ctx, alerts) => {
    const key = integrationKey(ctx);
    const { firing, resolved } = splitByStatus(alerts);
    const toSend = ctx.integration.sendResolved ? alerts : alerts.filter((a) => a.status === 'firing');
    const maxAlerts = ctx.integration.kind === 'webhook' ? ctx.integration.maxAlerts : 0;
    const notification = buildNotification(ctx.receiver, ctx.groupKey, ctx.groupLabels, toSend, o.externalUrl, maxAlerts);
    const chart = notification.status === 'firing' && o.chartSource ? await o.chartSource(notification) : undefined;
    const intent: Intent = {
      id: randomUUID(),
      key,
      dedupeKey: dedupeKey(key, firing, resolved),
      receiver: ctx.receiver,
      integrationIndex: ctx.integrationIndex,
      createdAt: ctx.at,
      firing,
      resolved,
      notification,
      ...(chart ? { chart } : {}),
    };
    if (toSend.length === 0) {
      // Nothing to say to this integration, but the log must learn the group is clear; a Slack
      // thread of the finished incident is closed too, so the next incident starts a new message.
      void o.log.complete(intent, ctx.at);
      if (firing.length === 0 && o.log.thread(key)) o.log.setThread(key, null);
      return [];
    }
    await o.log.enqueue(intent);
    o.onIntent?.(intent);
    o.deliverer.submit(intent, ctx.at);
    return toSend;
  };
}
