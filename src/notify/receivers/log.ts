/**
 * log: the receiver of last resort. With no receiver configured, notifications are written to the
 * daemon log (docs/notifications.md), so a bare install still shows what would have been sent.
 */
import type { Logger } from '../../core/log.js';
import { plainText } from '../template/message.js';
import type { Integration } from './integration.js';

/** createLogIntegration writes each notification as one structured log record. */
export function createLogIntegration(log: Logger): Integration {
  return {
    kind: 'webhook',
    async send(input) {
      log.info('notification', {
        receiver: input.intent.receiver,
        groupKey: input.intent.notification.groupKey,
        status: input.message.status,
        text: plainText(input.message),
      });
    },
  };
}
