/**
 * config: turns the raw, schema-validated `alerting` / `route` / `receivers` / `inhibit_rules`
 * sections into the normalised NotifyConfig, applying Alertmanager's defaults (group_wait 30s,
 * group_interval 5m, repeat_interval 4h; send_resolved false for Slack and email, true for webhooks)
 * and resolving `*_file` secrets.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { parseDuration } from '../model/duration.js';
import type { Matcher } from '../model/matcher.js';
import { compileRelabelConfig, type RawRelabelConfig } from '../model/relabel.js';
import { compileLegacy, compileMatcherList, matchersString, routeMatchersString } from './matchers.js';
import type {
  AlertingConfig,
  EmailConfig,
  InhibitRule,
  IntegrationConfig,
  NotifyConfig,
  Receiver,
  Route,
  RouteOpts,
  SlackConfig,
  WebhookConfig,
} from './types.js';

type Str = Readonly<Record<string, string>>;

/** RawRoute is a `route:` node as written in YAML. */
export interface RawRoute {
  receiver?: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  matchers?: string[];
  match?: Str;
  match_re?: Str;
  continue?: boolean;
  routes?: RawRoute[];
}

/** RawReceiver is one `receivers:` entry as written in YAML. */
export interface RawReceiver {
  name: string;
  slack_configs?: Array<Record<string, unknown>>;
  email_configs?: Array<Record<string, unknown>>;
  webhook_configs?: Array<Record<string, unknown>>;
}

/** RawInhibitRule is one `inhibit_rules:` entry. */
export interface RawInhibitRule {
  source_matchers?: string[];
  target_matchers?: string[];
  source_match?: Str;
  source_match_re?: Str;
  target_match?: Str;
  target_match_re?: Str;
  equal?: string[];
}

/** RawNotifyConfig holds the notify sections of the daemon config, before normalisation. */
export interface RawNotifyConfig {
  alerting?: {
    alertmanagers?: Array<{
      static_configs?: Array<{ targets: string[] }>;
      scheme?: string;
      path_prefix?: string;
      timeout?: string;
    }>;
    resend_delay?: string;
    alert_relabel_configs?: RawRelabelConfig[];
  };
  route?: RawRoute;
  receivers?: RawReceiver[];
  inhibit_rules?: RawInhibitRule[];
  external_url?: string;
  /** external_labels is `global.external_labels`, which the daemon passes in with external_url. */
  external_labels?: Readonly<Record<string, string>>;
}

/** DEFAULT_ROUTE_OPTS are Alertmanager's defaults (dispatch/route.go). */
export const DEFAULT_ROUTE_OPTS: RouteOpts = {
  receiver: 'log',
  groupBy: [],
  groupByAll: false,
  groupWait: 30_000,
  groupInterval: 300_000,
  repeatInterval: 4 * 3600_000,
};

/** normalizeNotifyConfig validates cross-references and builds the typed config; `baseDir` anchors `*_file`. */
export function normalizeNotifyConfig(raw: RawNotifyConfig, baseDir = process.cwd()): NotifyConfig {
  const receivers = new Map<string, Receiver>();
  for (const r of raw.receivers ?? []) {
    if (receivers.has(r.name)) throw invalid(`receivers: duplicate receiver name "${r.name}"`);
    receivers.set(r.name, buildReceiver(r, baseDir));
  }
  const rawRoute = raw.route ?? {};
  if (rawRoute.matchers || rawRoute.match || rawRoute.match_re) {
    throw invalid('route: the root route must not have any matchers');
  }
  if (rawRoute.continue) throw invalid('route: cannot have continue set on the root route');
  const route = buildRoute(rawRoute, DEFAULT_ROUTE_OPTS, undefined, 'route', -1);
  checkReceivers(route, receivers, 'route');
  return {
    route,
    receivers,
    inhibitRules: (raw.inhibit_rules ?? []).map(buildInhibit),
    alerting: buildAlerting(raw.alerting),
    externalUrl: raw.external_url ?? '',
    externalLabels: { ...(raw.external_labels ?? {}) },
    alertRelabel: (raw.alerting?.alert_relabel_configs ?? []).map((rc, i) => {
      const c = compileRelabelConfig(rc);
      if ('error' in c) throw invalid(`alerting.alert_relabel_configs[${i}]${c.error.field ? `.${c.error.field}` : ''}: ${c.error.message}`);
      return c.config;
    }),
  };
}

function buildRoute(r: RawRoute, parent: RouteOpts, up: Pick<Route, 'key' | 'id' | 'legacyKey'> | undefined, path: string, index: number): Route {
  // An empty group_by inherits, as in Alertmanager (config.go only sets GroupBy for listed names).
  const listed = r.group_by && r.group_by.length > 0 ? r.group_by : undefined;
  const groupBy = listed ?? [...parent.groupBy];
  const groupByAll = listed ? listed.includes('...') : parent.groupByAll;
  if (groupByAll && groupBy.length > 1) throw invalid(`${path}.group_by: "..." must be the only element`);
  const opts: RouteOpts = {
    receiver: r.receiver ?? parent.receiver,
    groupBy: groupByAll ? [] : dedupe(groupBy),
    groupByAll,
    groupWait: dur(r.group_wait, parent.groupWait, `${path}.group_wait`),
    groupInterval: dur(r.group_interval, parent.groupInterval, `${path}.group_interval`),
    repeatInterval: dur(r.repeat_interval, parent.repeatInterval, `${path}.repeat_interval`),
  };
  if (opts.groupInterval <= 0) throw invalid(`${path}.group_interval cannot be zero`);
  if (opts.repeatInterval <= 0) throw invalid(`${path}.repeat_interval cannot be zero`);
  let matchers;
  let keyMatchers: Matcher[];
  try {
    const eq = compileLegacy(r.match, undefined);
    const re = compileLegacy(undefined, r.match_re);
    const list = compileMatcherList(r.matchers ?? []);
    matchers = [...eq, ...re, ...list];
    // Alertmanager keeps a legacy match_re value as its anchored source, and its route key shows that.
    keyMatchers = [...eq, ...re.map((m) => ({ ...m, value: `^(?:${m.value})$` })), ...list];
  } catch (err) {
    throw invalid(`${path}: ${(err as Error).message}`, err);
  }
  const own = routeMatchersString(keyMatchers);
  const key = up === undefined ? own : `${up.key}/${own}`;
  const id = up === undefined ? own : `${up.id}/${own}/${index}`;
  const legacyOwn = matchersString(matchers);
  const legacyKey = up === undefined ? legacyOwn : `${up.legacyKey}/${legacyOwn}`;
  const node = { key, id, legacyKey };
  const routes = (r.routes ?? []).map((c, i) => buildRoute(c, opts, node, `${path}.routes[${i}]`, i));
  return { opts, matchers, continue: r.continue ?? false, routes, ...node };
}

function checkReceivers(r: Route, receivers: ReadonlyMap<string, Receiver>, path: string): void {
  if (r.opts.receiver !== 'log' && !receivers.has(r.opts.receiver)) {
    throw invalid(`${path}: undefined receiver "${r.opts.receiver}" used in route`);
  }
  r.routes.forEach((c, i) => checkReceivers(c, receivers, `${path}.routes[${i}]`));
}

function buildInhibit(r: RawInhibitRule, i: number): InhibitRule {
  try {
    return {
      source: [...compileLegacy(r.source_match, r.source_match_re), ...compileMatcherList(r.source_matchers ?? [])],
      target: [...compileLegacy(r.target_match, r.target_match_re), ...compileMatcherList(r.target_matchers ?? [])],
      equal: r.equal ?? [],
    };
  } catch (err) {
    throw invalid(`inhibit_rules[${i}]: ${(err as Error).message}`, err);
  }
}

function buildReceiver(r: RawReceiver, baseDir: string): Receiver {
  const p = `receivers "${r.name}"`;
  const integrations: IntegrationConfig[] = [
    ...(r.slack_configs ?? []).map((c, i) => buildSlack(c, baseDir, `${p}.slack_configs[${i}]`)),
    ...(r.email_configs ?? []).map((c, i) => buildEmail(c, baseDir, `${p}.email_configs[${i}]`)),
    ...(r.webhook_configs ?? []).map((c, i) => buildWebhook(c, baseDir, `${p}.webhook_configs[${i}]`)),
  ];
  return { name: r.name, integrations };
}

function buildSlack(c: Record<string, unknown>, baseDir: string, path: string): SlackConfig {
  const token = secret(c, 'token', baseDir, path);
  const webhookUrl = secret(c, 'api_url', baseDir, path);
  if (!token && !webhookUrl) throw invalid(`${path}: one of token, token_file, api_url or api_url_file is required`);
  const channel = str(c.channel) ?? '';
  if (token && !channel) throw invalid(`${path}: channel is required with a Web API token`);
  return {
    kind: 'slack',
    sendResolved: bool(c.send_resolved) ?? false,
    channel,
    ...(token ? { token } : {}),
    ...(webhookUrl ? { webhookUrl } : {}),
    ...opt('slackApiUrl', str(c.slack_api_url)),
    ...opt('username', str(c.username)),
    ...opt('iconEmoji', str(c.icon_emoji)),
    ...opt('title', str(c.title)),
    ...opt('text', str(c.text)),
    timeoutMs: dur(str(c.timeout), 15_000, `${path}.timeout`),
  };
}

function buildEmail(c: Record<string, unknown>, baseDir: string, path: string): EmailConfig {
  const to = c.to;
  const toList = Array.isArray(to) ? to.map(String) : typeof to === 'string' ? to.split(',').map((s) => s.trim()) : [];
  if (toList.length === 0) throw invalid(`${path}: missing to address`);
  const from = str(c.from);
  if (!from) throw invalid(`${path}: missing from address`);
  const smarthost = str(c.smarthost) ?? '';
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(smarthost);
  if (!m) throw invalid(`${path}: smarthost must be host:port, got "${smarthost}"`);
  const tls = (c.tls_config ?? {}) as Record<string, unknown>;
  return {
    kind: 'email',
    sendResolved: bool(c.send_resolved) ?? false,
    to: toList,
    from,
    host: m[1]!,
    port: Number(m[2]),
    ...opt('hello', str(c.hello)),
    ...opt('authUsername', str(c.auth_username)),
    ...opt('authPassword', secret(c, 'auth_password', baseDir, path)),
    requireTls: bool(c.require_tls) ?? true,
    insecureSkipVerify: bool(tls.insecure_skip_verify) ?? false,
    headers: (c.headers ?? {}) as Record<string, string>,
    ...opt('html', str(c.html)),
    ...opt('text', str(c.text)),
    timeoutMs: dur(str(c.timeout), 30_000, `${path}.timeout`),
  };
}

function buildWebhook(c: Record<string, unknown>, baseDir: string, path: string): WebhookConfig {
  const url = secret(c, 'url', baseDir, path);
  if (!url) throw invalid(`${path}: one of url or url_file is required`);
  return {
    kind: 'webhook',
    sendResolved: bool(c.send_resolved) ?? true,
    url,
    maxAlerts: typeof c.max_alerts === 'number' ? c.max_alerts : 0,
    timeoutMs: dur(str(c.timeout), 10_000, `${path}.timeout`),
  };
}

function buildAlerting(a: RawNotifyConfig['alerting']): AlertingConfig {
  const alertmanagers = (a?.alertmanagers ?? []).map((am, i) => {
    const scheme = am.scheme ?? 'http';
    const prefix = (am.path_prefix ?? '/').replace(/\/+$/, '');
    const urls = (am.static_configs ?? []).flatMap((sc) => sc.targets.map((t) => `${scheme}://${t}${prefix}/api/v2/alerts`));
    return { urls, timeoutMs: dur(am.timeout, 10_000, `alerting.alertmanagers[${i}].timeout`) };
  });
  return { alertmanagers, resendDelay: notifyResendDelay({ alerting: a ?? {} }) };
}

/** DEFAULT_RESEND_DELAY is Prometheus' `--rules.alert.resend-delay` default. */
export const DEFAULT_RESEND_DELAY = 60_000;

/**
 * notifyResendDelay reads `alerting.resend_delay`. The rule engine uses it, as Prometheus does: a
 * firing alert is handed on again once it has passed since the last send, with
 * endsAt = now + 4 × max(resend_delay, group interval).
 */
export function notifyResendDelay(raw: Pick<RawNotifyConfig, 'alerting'>): number {
  return dur(raw.alerting?.resend_delay, DEFAULT_RESEND_DELAY, 'alerting.resend_delay');
}

function secret(c: Record<string, unknown>, field: string, baseDir: string, path: string): string | undefined {
  const direct = str(c[field]);
  const file = str(c[`${field}_file`]);
  if (direct && file) throw invalid(`${path}: at most one of ${field} and ${field}_file may be set`);
  if (!file) return direct;
  try {
    return readFileSync(resolve(baseDir, file), 'utf8').trim();
  } catch (err) {
    throw new DaemonError(ErrorCode.CONFIG_READ, `${path}: cannot read ${field}_file "${file}"`, { cause: err });
  }
}

function dur(v: string | undefined, dflt: number, path: string): number {
  if (v === undefined) return dflt;
  try {
    return parseDuration(v);
  } catch (err) {
    throw invalid(`${path}: ${(err as Error).message}`, err);
  }
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}
function invalid(msg: string, cause?: unknown): DaemonError {
  return new DaemonError(ErrorCode.CONFIG_INVALID, msg, { cause });
}
