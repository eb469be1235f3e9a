/**
 * integration: the port every receiver implements — deliver one queued intent, throwing a
 * DaemonError (built by retry.ts) whose `retryable` flag is the whole retry contract.
 */
import type { Message } from '../template/message.js';
import type { Intent, ThreadRef } from '../nflog.js';
import type { IntegrationConfig } from '../types.js';

/** UserText is what user templates produced for this notification (absent fields use defaults). */
export interface UserText {
  readonly title?: string;
  readonly text?: string;
  readonly html?: string;
  readonly subject?: string;
}

/** DeliveryInput is everything an integration needs for one attempt. */
export interface DeliveryInput {
  readonly intent: Intent;
  readonly message: Message;
  readonly png: Buffer | undefined;
  readonly at: number;
  readonly user: UserText;
}

/** Integration sends notifications of one configured kind. */
export interface Integration {
  readonly kind: IntegrationConfig['kind'];
  send(input: DeliveryInput): Promise<void>;
  close?(): void;
}

/** ThreadStore persists the Slack message a group's follow-ups reply to. */
export interface ThreadStore {
  thread(key: string): ThreadRef | undefined;
  setThread(key: string, ref: ThreadRef | null): void;
}

/** FetchLike is the subset of fetch the HTTP integrations use (injectable for tests). */
export type FetchLike = typeof fetch;
