/**
 * notify-test: `runNotifyTest` sends one sample notification (with a sample diagnosis and chart)
 * through every integration of a receiver, once and without grouping or dedupe, so a user can
 * check the whole path — credentials, network, rendering — before a real incident does.
 */
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { renderChartPng } from './chart/png.js';
import { sparkline } from './chart/sparkline.js';
import { normalizeNotifyConfig, type RawNotifyConfig } from './config.js';
import { buildNotification, toNotifyAlert } from './data.js';
import type { ThreadRef } from './nflog.js';
import { createEmail } from './receivers/email.js';
import type { FetchLike, Integration } from './receivers/integration.js';
import { createSlack } from './receivers/slack.js';
import { createWebhook } from './receivers/webhook.js';
import { sampleAlert, sampleChart } from './sample.js';
import { buildMessage } from './template/message.js';
import { createGoTemplateRenderer } from './template/go-renderer.js';
import { renderUserText, type TemplateRenderer } from './template/user.js';
import { DaemonError, ErrorCode } from '../core/errors.js';
import type { NotifyConfig } from './types.js';

/** NotifyTestResult reports one integration's outcome. */
export interface NotifyTestResult {
  readonly integration: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly retryable?: boolean;
}

/** runNotifyTest sends the sample to each integration of `receiverName` and reports per integration. */
export async function runNotifyTest(
  config: RawNotifyConfig | NotifyConfig,
  receiverName: string,
  deps: { log: Logger; at: number; fetch?: FetchLike; slackApiUrl?: string; renderTemplate?: TemplateRenderer; baseDir?: string },
): Promise<NotifyTestResult[]> {
  const cfg = config.receivers instanceof Map ? (config as NotifyConfig) : normalizeNotifyConfig(config as RawNotifyConfig, deps.baseDir);
  const receiver = cfg.receivers.get(receiverName);
  if (!receiver) {
    throw new DaemonError(ErrorCode.USAGE, `no receiver named "${receiverName}"; configured: ${[...cfg.receivers.keys()].join(', ') || 'none'}`);
  }
  const at = deps.at;
  const alert = toNotifyAlert(sampleAlert(at))!;
  const n = buildNotification(receiver.name, `{}:{alertname="GoHeapGrowing"}/test-${at}`, { alertname: 'GoHeapGrowing' }, [alert], cfg.externalUrl);
  const chart = sampleChart(at);
  const png = renderChartPng(chart);
  const message = buildMessage(n, sparkline(chart.series[0]!.points.map((p) => p.v)));
  const threads = new Map<string, ThreadRef>();
  const store = { thread: (k: string) => threads.get(k), setThread: (k: string, r: ThreadRef | null) => void (r ? threads.set(k, r) : threads.delete(k)) };
  const results: NotifyTestResult[] = [];
  for (const [i, c] of receiver.integrations.entries()) {
    const name = `${c.kind}[${i}]`;
    let it: Integration | undefined;
    try {
      it =
        c.kind === 'slack'
          ? createSlack(c, { threads: store, log: deps.log, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}) })
          : c.kind === 'email'
            ? createEmail(c)
            : createWebhook(c, deps.fetch ? { fetch: deps.fetch } : {});
      const key = `${n.groupKey}|${receiver.name}|${name}`;
      await it.send({
        intent: { id: `test-${at}-${i}`, key, dedupeKey: `test-${at}-${i}`, receiver: receiver.name, integrationIndex: i, createdAt: at, firing: [alert.fingerprint], resolved: [], notification: n, chart },
        message,
        png,
        at,
        user: renderUserText(c, n, deps.renderTemplate ?? createGoTemplateRenderer(cfg.externalUrl)),
      });
      results.push({ integration: name, ok: true });
    } catch (err) {
      results.push({ integration: name, ok: false, error: errorMessage(err), retryable: DaemonError.is(err) && err.retryable });
    } finally {
      it?.close?.();
    }
  }
  return results;
}
