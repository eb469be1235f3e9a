/**
 * retry: delivering queued intents without losing any. One policy decides what is retryable
 * (Alertmanager's rule: network errors, 5xx and 429 retry; other 4xx and Slack `ok:false` errors
 * such as invalid_auth are permanent). Retries use exponential backoff with jitter, or the server's
 * Retry-After when it gives one. Intents of one group+integration go out in order, and a newer
 * state supersedes an older one still waiting, so a flapping group cannot queue up stale messages.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { NotifyMetrics } from './metrics.js';
import type { Intent, NotifyLog } from './nflog.js';

/** FailureReason labels `leaksleuth_notifications_failed_total`. */
export type FailureReason = 'rateLimited' | 'serverError' | 'clientError' | 'network' | 'other';

const reasons = new WeakMap<object, FailureReason>();

/** sendFailure builds the DaemonError for a failed send, with its retry decision and reason. */
export function sendFailure(reason: FailureReason, message: string, opts: { cause?: unknown; retryAfterMs?: number } = {}): DaemonError {
  const retryable = reason === 'rateLimited' || reason === 'serverError' || reason === 'network';
  const err = new DaemonError(retryable ? ErrorCode.NOTIFY_UNAVAILABLE : ErrorCode.NOTIFY_REJECTED, message, { ...opts, retryable });
  reasons.set(err, reason);
  return err;
}

/** httpFailure applies the status-code rule to an HTTP response. */
export function httpFailure(what: string, status: number, body: string, retryAfterMs?: number): DaemonError {
  const reason: FailureReason = status === 429 ? 'rateLimited' : status >= 500 ? 'serverError' : 'clientError';
  const text = body.length > 200 ? body.slice(0, 200) + '…' : body;
  return sendFailure(reason, `${what}: HTTP ${status}${text ? ': ' + text : ''}`, retryAfterMs === undefined ? {} : { retryAfterMs });
}

/** failureReason reads the reason back; unknown errors count as retryable network trouble only if DaemonError says so. */
export function failureReason(err: unknown): FailureReason {
  return (typeof err === 'object' && err !== null && reasons.get(err)) || 'other';
}

/** parseRetryAfter reads a Retry-After header (seconds or HTTP date) into ms. */
export function parseRetryAfter(v: string | null | undefined, now: number): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** RetryPolicy bounds the backoff; random is injectable so tests are deterministic. */
export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** maxAgeMs gives up on an intent this old (default 24h) so a dead receiver cannot grow the outbox forever. */
  readonly maxAgeMs: number;
  readonly random: () => number;
}

/** DEFAULT_RETRY_POLICY starts at 1s and caps at 5 minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialMs: 1000, maxMs: 300_000, maxAgeMs: 24 * 3600_000, random: Math.random };

/** backoffDelay is "equal jitter" exponential backoff, or the server's Retry-After when given. */
export function backoffDelay(attempt: number, p: RetryPolicy, retryAfterMs?: number): number {
  // The server's word wins over our cap: retrying earlier than Retry-After only earns another 429.
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 3600_000);
  const cap = Math.min(p.maxMs, p.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + p.random() * (cap / 2));
}

function integrationId(i: Intent): string {
  return `${i.receiver}/${i.integrationIndex}`;
}

/** SendFn delivers one intent; it throws a DaemonError whose `retryable` decides what happens next. */
export type SendFn = (intent: Intent, attempt: number) => Promise<void>;

interface Lane {
  queue: Intent[];
  busy: boolean;
  timer?: TimerHandle;
  attempt: number;
}

/** Deliverer runs the intents through SendFn with retries, recording every outcome in the log. */
export class Deliverer {
  private readonly lanes = new Map<string, Lane>();
  private readonly inflight = new Set<Promise<void>>();
  /** waiting holds lanes ready to send while maxConcurrent attempts are already on the wire. */
  private readonly waiting: string[] = [];
  /** pausedUntil holds a server's Retry-After per receiver integration: one 429 pauses all its groups. */
  private readonly pausedUntil = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly o: {
      readonly log: NotifyLog;
      readonly clock: Clock;
      readonly policy: RetryPolicy;
      readonly send: SendFn;
      readonly metrics: NotifyMetrics;
      readonly logger: Logger;
      readonly integrationName: (i: Intent) => string;
      /** maxConcurrent bounds attempts on the wire, so a storm does not open a socket per group. */
      readonly maxConcurrent?: number;
    },
  ) {}

  private record(p: Promise<void>): void {
    p.catch((err: unknown) => this.o.logger.error('cannot write the notification log', { err: errorMessage(err) }));
  }

  /** submit queues an intent already written to the log; waiting older intents of its key are superseded. */
  submit(intent: Intent, at: number): void {
    let lane = this.lanes.get(intent.key);
    if (!lane) {
      lane = { queue: [], busy: false, attempt: 0 };
      this.lanes.set(intent.key, lane);
    }
    // Everything queued but not on the wire is stale now; the in-flight head (if busy) finishes.
    const keep = lane.busy ? lane.queue.slice(0, 1) : [];
    for (const old of lane.queue.slice(keep.length)) this.record(this.o.log.supersede(old.id, at));
    if (!lane.busy && lane.timer !== undefined) {
      this.o.clock.clearTimeout(lane.timer);
      delete lane.timer;
      lane.attempt = 0;
    }
    lane.queue = [...keep, intent];
    if (!lane.busy && lane.timer === undefined) this.kick(intent.key, lane);
  }

  /** idle resolves once no attempt is on the wire (scheduled retries may remain). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** pendingRetries counts lanes waiting on a backoff timer. */
  get pendingRetries(): number {
    let n = 0;
    for (const l of this.lanes.values()) if (l.timer !== undefined) n++;
    return n;
  }

  /** stop cancels retry timers; the intents stay in the log for the next start. */
  stop(): void {
    this.stopped = true;
    for (const l of this.lanes.values()) if (l.timer !== undefined) this.o.clock.clearTimeout(l.timer);
  }

  private kick(key: string, lane: Lane): void {
    if (this.stopped) return;
    const head = lane.queue[0];
    if (!head) {
      if (this.lanes.get(key) === lane) this.lanes.delete(key);
      return;
    }
    // A rate-limited integration is paused as a whole; otherwise every group would retry at once.
    const gate = this.pausedUntil.get(integrationId(head)) ?? 0;
    const now = this.o.clock.now();
    if (gate > now) {
      lane.timer = this.o.clock.setTimeout(() => {
        delete lane.timer;
        if (!lane.busy) this.kick(key, lane);
      }, gate - now);
      return;
    }
    if (this.inflight.size >= (this.o.maxConcurrent ?? 32)) {
      if (!this.waiting.includes(key)) this.waiting.push(key);
      return;
    }
    lane.busy = true;
    const p = this.attempt(head, lane).finally(() => {
      this.inflight.delete(p);
      lane.busy = false;
      if (lane.timer === undefined) this.kick(key, lane);
      // A slot is free: let the longest-waiting lane go.
      const next = this.waiting.shift();
      if (next !== undefined) {
        const l = this.lanes.get(next);
        if (l && !l.busy && l.timer === undefined) this.kick(next, l);
      }
    });
    this.inflight.add(p);
  }

  private async attempt(intent: Intent, lane: Lane): Promise<void> {
    const labels = { receiver: intent.receiver, integration: this.o.integrationName(intent) };
    this.o.metrics.sent.inc(labels);
    try {
      await this.o.send(intent, lane.attempt);
      const at = this.o.clock.now();
      this.record(this.o.log.complete(intent, at));
      this.o.metrics.latency.observe(labels, Math.max(0, at - intent.createdAt) / 1000);
      lane.queue.shift();
      lane.attempt = 0;
    } catch (err) {
      const at = this.o.clock.now();
      const reason = failureReason(err);
      this.o.metrics.failed.inc({ ...labels, reason });
      const retryable = DaemonError.is(err) ? err.retryable : false;
      const expired = at - intent.createdAt > this.o.policy.maxAgeMs;
      if (!retryable || expired || this.stopped) {
        if (this.stopped && retryable) return; // stays in the log; the next start resends it
        this.o.logger.error('notification failed permanently', { receiver: intent.receiver, groupKey: intent.notification.groupKey, reason, err: errorMessage(err), expired });
        this.record(this.o.log.fail(intent.id, at, `${reason}: ${errorMessage(err)}`));
        lane.queue.shift();
        lane.attempt = 0;
        return;
      }
      const retryAfter = DaemonError.is(err) ? err.retryAfterMs : undefined;
      const delay = backoffDelay(lane.attempt, this.o.policy, retryAfter);
      if (retryAfter !== undefined) this.pausedUntil.set(integrationId(intent), at + delay);
      lane.attempt++;
      this.o.logger.warn('notification failed, will retry', { receiver: intent.receiver, reason, err: errorMessage(err), retryInMs: delay, attempt: lane.attempt });
      lane.timer = this.o.clock.setTimeout(() => {
        delete lane.timer;
        if (!lane.busy) this.kick(intent.key, lane);
      }, delay);
    }
  }
}
