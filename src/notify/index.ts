/**
 * index: the notify stage's public entry. `createNotifier` wires route → group → inhibit → silence →
 * dedupe → outbox/retry → receivers over one data dir, replays intents left by a previous run, and
 * forwards alerts to configured Alertmanagers. Everything time-related runs on the injected Clock.
 */
import type { Labels } from '../model/labels.js';
import type { Registry } from 'prom-client';
import type { Clock } from '../core/clock.js';
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Alert } from '../model/alert.js';
import { renderChartPng } from './chart/png.js';
import { sparkline } from './chart/sparkline.js';
import { normalizeNotifyConfig, type RawNotifyConfig } from './config.js';
import { toNotifyAlert } from './data.js';
import { outgoingAlerts } from './outgoing.js';
import { AlertStore } from './alert-store.js';
import { matchRoutes } from './route.js';
import { dedupeStage } from './dedupe.js';
import { DEFAULT_RESOLVE_TIMEOUT, Dispatcher, type GroupSnapshot } from './group.js';
import { Inhibitor } from './inhibit.js';
import { createNotifyMetrics } from './metrics.js';
import { acquireDataDirLock } from './lock.js';
import { NotifyLog, type Intent } from './nflog.js';
import { outboxStage, type ChartSource } from './outbox.js';
import { AlertmanagerForwarder } from './receivers/alertmanager.js';
import { createEmail } from './receivers/email.js';
import type { FetchLike, Integration } from './receivers/integration.js';
import { createLogIntegration } from './receivers/log.js';
import { createSlack } from './receivers/slack.js';
import { createWebhook } from './receivers/webhook.js';
import { DEFAULT_RETRY_POLICY, Deliverer, sendFailure, type RetryPolicy } from './retry.js';
import { SilenceStore } from './silence.js';
import { muteStage, runStages, type Stage, type StageContext } from './stage.js';
import { buildMessage } from './template/message.js';
import { createGoTemplateRenderer, validateUserTemplates } from './template/go-renderer.js';
import { renderUserText, type TemplateRenderer } from './template/user.js';
import type { IntegrationConfig, NotifyAlert, NotifyConfig } from './types.js';

export type { RawNotifyConfig } from './config.js';
export type { NotifyConfig, Notification, NotifyAlert } from './types.js';
export type { ChartSource } from './outbox.js';
export type { ChartInput } from './chart/types.js';
export type { TemplateRenderer } from './template/user.js';
export type { GettableSilence, PostableSilence } from './silence.js';
export { SilenceStore } from './silence.js';
export { normalizeNotifyConfig, notifyResendDelay } from './config.js';
export { parseMatchers } from './matchers.js';
export { runNotifyTest, type NotifyTestResult } from './notify-test.js';
export { createGoTemplateRenderer } from './template/go-renderer.js';
export { renderChartPng } from './chart/png.js';
export { sparkline } from './chart/sparkline.js';
export { sampleAlert, sampleChart, sampleDiagnosis } from './sample.js';
export type { Stage, StageContext } from './stage.js';
export type { GroupSnapshot } from './group.js';
export type { Intent } from './nflog.js';
export type { StoredAlert } from './alert-store.js';

/** AlertView is one alert as Alertmanager's `GET /api/v2/alerts` shows it. */
export interface AlertView {
  readonly alert: NotifyAlert;
  readonly endsAt: number;
  readonly updatedAt: number;
  readonly receivers: readonly string[];
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

/** NotifierDeps are the collaborators the notifier receives; it builds nothing global. */
export interface NotifierDeps {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly registry: Registry;
  readonly fetch?: FetchLike;
  /** slackApiUrl overrides https://slack.com/api/ for every Slack config (tests, proxies). */
  readonly slackApiUrl?: string;
  readonly chartSource?: ChartSource;
  readonly renderTemplate?: TemplateRenderer;
  readonly retryPolicy?: Partial<RetryPolicy>;
  /** baseDir resolves relative `*_file` paths (the config file's directory). */
  readonly baseDir?: string;
}

/** Notifier is what the daemon calls after every rule evaluation. */
export interface Notifier {
  /** send hands the rules' current alerts to routing and to the Alertmanagers. */
  send(alerts: readonly Alert[], at: number): Promise<void>;
  readonly silences: SilenceStore;
  /** suppressed says why an alert with these labels is held back now: the silences matching it, and whether an inhibit rule mutes it. */
  suppressed(labels: Labels, at: number): { readonly silencedBy: readonly string[]; readonly inhibited: boolean };
  /**
   * receive takes alerts posted to `/api/v2/alerts`, as Alertmanager does: they are routed, grouped,
   * inhibited and silenced like the rules' own alerts and delivered to this daemon's receivers, but
   * not forwarded to the configured Alertmanagers (the poster chose its Alertmanager; forwarding
   * could loop back) and not written to the rule engine's ALERTS.
   */
  receive(alerts: ReadonlyArray<{ alert: NotifyAlert; expiresAt: number }>, at: number): void;
  /** alerts lists the active alerts (rules' and posted) with their receivers and mute state. */
  alerts(at: number): AlertView[];
  /** receivers names every receiver of the config, in config order. */
  receivers(): string[];
  /** groups lists the live aggregation groups. */
  groups(): GroupSnapshot[];
  /** pending lists intents not delivered yet (waiting or retrying). */
  pending(): Intent[];
  /** flush waits until running group flushes and sends have finished (retry timers may remain). */
  flush(): Promise<void>;
  /** stop cancels timers, waits for in-flight work and closes files; undelivered intents stay on disk. */
  stop(): Promise<void>;
}

const LOG_INTEGRATION: IntegrationConfig = { kind: 'webhook', sendResolved: true, url: 'log:', maxAlerts: 0, timeoutMs: 1000 };
const COMPACT_EVERY = 5000;

/** createNotifier builds the notify pipeline over `deps.dataDir`. */
export function createNotifier(config: RawNotifyConfig | NotifyConfig, deps: NotifierDeps): Notifier {
  const cfg = isNormalized(config) ? config : normalizeNotifyConfig(config, deps.baseDir);
  validateUserTemplates(cfg.receivers.values());
  const log = deps.log.child({ component: 'notify' });
  const metrics = createNotifyMetrics(deps.registry);
  const release = acquireDataDirLock(deps.dataDir);
  let nflog: NotifyLog;
  try {
    nflog = new NotifyLog(deps.dataDir);
  } catch (err) {
    release();
    throw err;
  }
  if (nflog.tornRecords > 0) log.warn('notification log had a torn last record (crash mid-write); it was dropped', { count: nflog.tornRecords });
  const silences = new SilenceStore(deps.dataDir);
  const inhibitor = new Inhibitor(cfg.inhibitRules);
  const integrations = new Map<string, Integration>();
  const renderTemplate = deps.renderTemplate ?? createGoTemplateRenderer(cfg.externalUrl);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retryPolicy };

  const integrationConfigs = (receiver: string): readonly IntegrationConfig[] =>
    receiver === 'log' && !cfg.receivers.has('log') ? [LOG_INTEGRATION] : (cfg.receivers.get(receiver)?.integrations ?? []);

  const integrationFor = (receiver: string, idx: number): Integration | undefined => {
    const k = `${receiver}/${idx}`;
    let it = integrations.get(k);
    if (it) return it;
    const c = integrationConfigs(receiver)[idx];
    if (!c) return undefined;
    if (c === LOG_INTEGRATION) it = createLogIntegration(log);
    else if (c.kind === 'slack') it = createSlack(c, { threads: nflog, log, ...opt('fetch', deps.fetch), ...opt('slackApiUrl', deps.slackApiUrl) });
    else if (c.kind === 'email') it = createEmail(c);
    else it = createWebhook(c, opt('fetch', deps.fetch));
    integrations.set(k, it);
    return it;
  };

  const sendIntent = async (intent: Intent): Promise<void> => {
    const it = integrationFor(intent.receiver, intent.integrationIndex);
    const c = integrationConfigs(intent.receiver)[intent.integrationIndex];
    if (!it || !c) throw sendFailure('other', `receiver "${intent.receiver}" integration ${intent.integrationIndex} no longer exists`);
    let png: Buffer | undefined;
    let spark = '';
    if (intent.chart) {
      spark = sparkline(intent.chart.series[0]?.points.map((p) => p.v) ?? []);
      try {
        png = renderChartPng(intent.chart);
      } catch (err) {
        log.warn('chart rendering failed; sending without it', { err: errorMessage(err) });
      }
    }
    const n = intent.notification;
    let user = {};
    try {
      user = renderUserText(c, n, renderTemplate);
    } catch (err) {
      // A broken user template must not swallow the alert: fall back to the default message.
      log.error('user template failed; using the default message', { receiver: intent.receiver, err: errorMessage(err) });
    }
    await it.send({ intent, message: buildMessage(n, spark), png, at: deps.clock.now(), user });
  };

  const deliverer = new Deliverer({
    log: nflog,
    clock: deps.clock,
    policy,
    send: sendIntent,
    metrics,
    logger: log,
    integrationName: (i) => (integrationConfigs(i.receiver)[i.integrationIndex] === LOG_INTEGRATION ? 'log' : (integrationConfigs(i.receiver)[i.integrationIndex]?.kind ?? 'unknown')),
  });

  const stages: Stage[] = [
    muteStage(inhibitor),
    muteStage(silences),
    dedupeStage(nflog),
    outboxStage({ log: nflog, deliverer, externalUrl: cfg.externalUrl, ...opt('chartSource', deps.chartSource) }),
  ];

  const dispatcher = new Dispatcher({
    route: cfg.route,
    clock: deps.clock,
    onError: (err, key) => log.error('group flush failed', { groupKey: key, err: errorMessage(err) }),
    flush: async (g, at) => {
      const receiver = g.route.opts.receiver;
      const list = integrationConfigs(receiver);
      await Promise.all(
        list.map((integration, integrationIndex) => {
          const ctx: StageContext = { at, groupKey: g.key, legacyGroupKey: g.legacyKey, groupLabels: g.labels, receiver, integration, integrationIndex, repeatInterval: g.route.opts.repeatInterval };
          return runStages(stages, ctx, g.alerts);
        }),
      );
      if (nflog.appendedSinceCompaction > COMPACT_EVERY) nflog.compact(at);
    },
  });

  const forwarder = new AlertmanagerForwarder(cfg.alerting, { log, metrics, ...opt('fetch', deps.fetch) });

  // Intents a previous run queued but never finished go out first, in their original order.
  for (const intent of nflog.pending().sort((a, b) => a.createdAt - b.createdAt)) deliverer.submit(intent, deps.clock.now());

  let stopped = false;
  const forwards = new Set<Promise<void>>();
  const known = new AlertStore();
  const admit = (na: NotifyAlert, expiresAt: number, at: number): void => {
    inhibitor.observe(na, expiresAt);
    dispatcher.insert(na, expiresAt, at);
    known.put(na, expiresAt, at);
  };
  return {
    silences,
    suppressed: (labels, at) => ({ silencedBy: silences.silencedBy(labels, at), inhibited: inhibitor.mutes(labels, at) }),
    async send(alerts, at) {
      if (stopped) throw new DaemonError(ErrorCode.NOTIFY_UNAVAILABLE, 'notifier is stopped');
      inhibitor.prune(at);
      // External labels and alert_relabel_configs apply to every path out, the route tree included.
      const outgoing = outgoingAlerts(alerts, cfg.externalLabels, cfg.alertRelabel);
      for (const a of outgoing) {
        const na = toNotifyAlert(a, true);
        if (!na) continue;
        admit(na, a.validUntil > at ? a.validUntil : at + DEFAULT_RESOLVE_TIMEOUT, at);
      }
      if (forwarder.enabled) {
        const p = forwarder.forward(outgoing, at);
        forwards.add(p);
        void p.finally(() => forwards.delete(p));
      }
    },
    receive(alerts, at) {
      if (stopped) throw new DaemonError(ErrorCode.NOTIFY_UNAVAILABLE, 'notifier is stopped');
      inhibitor.prune(at);
      for (const { alert, expiresAt } of alerts) admit(alert, expiresAt, at);
    },
    alerts(at) {
      return known.active(at).map((s) => {
        const by = inhibitor.inhibitedBy(s.alert.labels, at);
        return {
          alert: s.alert,
          endsAt: AlertStore.endsAt(s),
          updatedAt: s.updatedAt,
          receivers: [...new Set(matchRoutes(cfg.route, s.alert.labels).map((r) => r.opts.receiver))],
          silencedBy: silences.silencedBy(s.alert.labels, at),
          inhibitedBy: by === undefined ? [] : [by],
        };
      });
    },
    receivers: () => [...new Set([...cfg.receivers.keys(), cfg.route.opts.receiver])],
    groups: () => dispatcher.snapshot(),
    pending: () => nflog.pending(),
    async flush() {
      do {
        await dispatcher.idle();
        await Promise.allSettled([...forwards]);
        await deliverer.idle();
      } while (forwards.size > 0);
    },
    async stop() {
      stopped = true;
      dispatcher.stop();
      await dispatcher.idle();
      deliverer.stop();
      await deliverer.idle();
      await Promise.allSettled([...forwards]);
      for (const it of integrations.values()) it.close?.();
      nflog.close();
      release();
    },
  };
}

function isNormalized(c: RawNotifyConfig | NotifyConfig): c is NotifyConfig {
  return (c as NotifyConfig).receivers instanceof Map;
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}
