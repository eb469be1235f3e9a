/**
 * slack: Slack delivery through the official @slack/web-api client (bot token, `slackApiUrl`
 * configurable) or an incoming-webhook URL. With a token, the first notification of a group is a
 * channel message whose `ts` is kept; repeats and the resolution are thread replies, the original is
 * updated (chat.update) to show the resolution, and the chart is uploaded into the thread with
 * files.uploadV2 (the method @slack/web-api 8 provides). The client's own retries are off: our
 * Deliverer owns retries so every attempt is counted and survives restarts.
 */
import type { Logger as SlackLogger, WebAPICallResult, WebClient } from '@slack/web-api';
import { slackApi } from './lazy.js';
import type { Logger } from '../../core/log.js';
import { errorMessage } from '../../core/errors.js';
import { httpFailure, parseRetryAfter, sendFailure } from '../retry.js';
import type { SlackConfig } from '../types.js';
import type { DeliveryInput, FetchLike, Integration, ThreadStore } from './integration.js';
import { slackMessage, slackReply, type SlackPayload } from './slack-blocks.js';

/** RETRYABLE_SLACK_ERRORS are `ok:false` errors that mean "try again later"; all others are permanent. */
export const RETRYABLE_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** createSlack builds the Slack integration for one slack_configs entry. */
export function createSlack(
  cfg: SlackConfig,
  deps: { threads: ThreadStore; log: Logger; fetch?: FetchLike; slackApiUrl?: string },
): Integration {
  const apiUrl = cfg.slackApiUrl ?? deps.slackApiUrl;
  const client = cfg.token
    ? new (slackApi().WebClient)(cfg.token, {
        ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : apiUrl + '/' } : {}),
        retryConfig: { retries: 0 },
        logger: slackLogger(deps.log),
        rejectRateLimitedCalls: true,
        timeout: cfg.timeoutMs,
        ...(deps.fetch ? { fetch: deps.fetch as never } : {}),
      })
    : undefined;
  const doFetch = deps.fetch ?? fetch;
  const extras = { ...(cfg.username ? { username: cfg.username } : {}), ...(cfg.iconEmoji ? { icon_emoji: cfg.iconEmoji } : {}) };

  async function viaWebhook(input: DeliveryInput): Promise<void> {
    const body = slackMessage(input.message, input.user);
    let res: Response;
    try {
      res = await doFetch(cfg.webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, ...(cfg.channel ? { channel: cfg.channel } : {}), ...extras }),
        signal: AbortSignal.timeout(cfg.timeoutMs),
      });
    } catch (err) {
      throw sendFailure('network', `slack webhook: ${errorMessage(err)}`, { cause: err });
    }
    const text = await res.text().catch(() => '');
    if (res.status !== 200) throw httpFailure('slack webhook', res.status, text, parseRetryAfter(res.headers.get('retry-after'), input.at));
  }

  async function call<T extends WebAPICallResult>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw mapSlackError(what, err);
    }
  }

  async function viaApi(input: DeliveryInput): Promise<void> {
    const c = client!;
    const key = input.intent.key;
    const thread = deps.threads.thread(key);
    const full: SlackPayload = slackMessage(input.message, input.user);
    if (!thread) {
      if (input.message.status === 'resolved') {
        // The firing message was never posted (or its thread was cleared): post the resolution on its own.
        await call('chat.postMessage', () => c.chat.postMessage({ channel: cfg.channel, ...full, ...extras }));
        return;
      }
      const res = await call('chat.postMessage', () => c.chat.postMessage({ channel: cfg.channel, ...full, ...extras }));
      const ref = { channel: res.channel ?? cfg.channel, ts: res.ts ?? '' };
      deps.threads.setThread(key, ref);
      if (input.png) await uploadChart(c, ref, input);
      return;
    }
    try {
      await call('chat.postMessage', () => c.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, ...slackReply(input.message), ...extras }));
    } catch (err) {
      if (!isGoneThread(err)) throw err;
      // Someone deleted the original message: start over with a fresh top-level message.
      deps.threads.setThread(key, null);
      return viaApi(input);
    }
    try {
      await call('chat.update', () => c.chat.update({ channel: thread.channel, ts: thread.ts, ...full }));
    } catch (err) {
      // The reply above is the notification; refreshing the original is cosmetic, and retrying the
      // whole delivery for it would post the reply twice.
      deps.log.warn('slack chat.update of the original message failed', { err: errorMessage(err), channel: thread.channel });
    }
    if (input.message.status === 'resolved') deps.threads.setThread(key, null);
  }

  async function uploadChart(c: WebClient, ref: { channel: string; ts: string }, input: DeliveryInput): Promise<void> {
    try {
      await c.filesUploadV2({
        channel_id: ref.channel,
        thread_ts: ref.ts,
        file: input.png!,
        filename: 'leaksleuth-chart.png',
        title: input.message.verdict?.title ?? input.message.alertname,
        alt_text: `Chart for ${input.message.alertname}`,
      });
    } catch (err) {
      // The alert itself is delivered; a failed chart must not make us post the whole message twice.
      deps.log.warn('slack chart upload failed', { err: errorMessage(err), channel: ref.channel });
    }
  }

  return {
    kind: 'slack',
    send: (input) => (client ? viaApi(input) : viaWebhook(input)),
  };
}

/**
 * slackLogger routes the client's own chatter into our structured log at debug level: its warnings
 * repeat failures the Deliverer already logs once, with the retry decision attached.
 */
function slackLogger(log: Logger): SlackLogger {
  const { LogLevel } = slackApi();
  let level = LogLevel.DEBUG;
  const write = (...msg: unknown[]): void => log.debug('slack client', { msg: msg.map(String).join(' ') });
  return {
    debug: write,
    info: write,
    warn: write,
    error: write,
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

function isGoneThread(err: unknown): boolean {
  const cause = (err as { cause?: { data?: { error?: string } } }).cause;
  const code = cause?.data?.error;
  return code === 'thread_not_found' || code === 'message_not_found';
}

/** mapSlackError applies our retry rule to the @slack/web-api error classes. */
export function mapSlackError(what: string, err: unknown): Error {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; body?: unknown; data?: { error?: string } };
  switch (e.code) {
    case slackApi().ErrorCode.RateLimitedError:
      return sendFailure('rateLimited', `slack ${what}: rate limited`, { cause: err, retryAfterMs: (e.retryAfter ?? 1) * 1000 });
    case slackApi().ErrorCode.HTTPError:
      return httpFailure(`slack ${what}`, e.statusCode ?? 0, typeof e.body === 'string' ? e.body : '');
    case slackApi().ErrorCode.RequestError:
      return sendFailure('network', `slack ${what}: ${errorMessage(err)}`, { cause: err });
    case slackApi().ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return RETRYABLE_SLACK_ERRORS.has(code)
        ? sendFailure('serverError', `slack ${what}: ${code}`, { cause: err })
        : sendFailure('clientError', `slack ${what}: ${code}`, { cause: err });
    }
    default:
      return sendFailure('other', `slack ${what}: ${errorMessage(err)}`, { cause: err });
  }
}
