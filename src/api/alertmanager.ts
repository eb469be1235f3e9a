/**
 * alertmanager: the rest of Alertmanager's API v2 on the daemon, so `amtool` and anything written
 * for Alertmanager work against it — `GET/POST /api/v2/alerts`, `/api/v2/alerts/groups`,
 * `/api/v2/status` and `/api/v2/receivers` (silences are in alerts.ts). Shapes, defaults and error
 * bodies follow Alertmanager 0.25: a 400 body is a JSON string, a malformed body a
 * `{code, message}` object. Validation is pure; the notifier does the routing.
 */
import { dump } from 'js-yaml';
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import { Secret } from '../config/secret.js';
import type { Labels } from '../model/labels.js';
import { compileMatcher, matchesAll, type CompiledMatcher } from '../model/matcher.js';
import { fingerprint } from '../notify/fingerprint.js';
import type { AlertView, GroupSnapshot, NotifyAlert } from '../notify/index.js';
import { parseMatchers } from '../notify/matchers.js';
import type { ApiRequest, ApiResponse, Route } from './types.js';

/** AlertmanagerApi is what the routes need from the notifier (undefined while it is not running). */
export interface AlertmanagerApi {
  receive(alerts: ReadonlyArray<{ alert: NotifyAlert; expiresAt: number }>, at: number): void;
  alerts(at: number): AlertView[];
  groups(): GroupSnapshot[];
  receivers(): string[];
}

/** AlertmanagerDeps wire the routes. */
export interface AlertmanagerDeps {
  readonly notifier: () => AlertmanagerApi | undefined;
  /** notifyConfig is the notify sections as written in the config file (route, receivers, …). */
  readonly notifyConfig: () => unknown;
  readonly now: () => number;
  /** startedAt is when the daemon started (Alertmanager's `uptime` is that instant). */
  readonly startedAt: number;
  readonly version: string;
  /** resolveTimeoutMs is how long a posted alert without endsAt stays firing (Alertmanager's resolve_timeout). */
  readonly resolveTimeoutMs: number;
}

/** PostableAlert is one element of a `POST /api/v2/alerts` body. */
interface PostableAlert {
  labels?: unknown;
  annotations?: unknown;
  startsAt?: unknown;
  endsAt?: unknown;
  generatorURL?: unknown;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** amString answers with a JSON string body, as Alertmanager's handlers do for their own errors (Go's encoder ends it with a newline). */
export function amString(status: number, msg: string): ApiResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(msg) + '\n' };
}

/** amCode answers with go-swagger's `{code, message}` body (malformed requests). */
export function amCode(status: number, code: number, message: string): ApiResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, message }) + '\n' };
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  for (const x of Object.values(v as Record<string, unknown>)) if (typeof x !== 'string') return undefined;
  return v as Record<string, string>;
}

function parseTime(v: unknown, field: string): number {
  if (v === undefined || v === null || v === '' || v === '0001-01-01T00:00:00.000Z' || v === '0001-01-01T00:00:00Z') return 0;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new DaemonError(ErrorCode.USAGE, `${field} ${JSON.stringify(v)} is not a date-time`);
  return t;
}

/** PostResult is what a post accepted and the validation errors of what it refused. */
export interface PostResult {
  readonly accepted: Array<{ alert: NotifyAlert; expiresAt: number }>;
  readonly errors: string[];
}

/**
 * parsePostedAlerts validates a `POST /api/v2/alerts` body at `at` the way Alertmanager does: a
 * missing startsAt is now (or endsAt when only that is given), a missing endsAt means firing until
 * resolve_timeout passes without a re-send, empty label values are dropped, and an endsAt not after
 * `at` is a resolve. Valid alerts are accepted even when others are refused. A body that is not a
 * JSON array throws (the caller answers 400 with the parse error).
 */
export function parsePostedAlerts(body: string, at: number, resolveTimeoutMs: number): PostResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new DaemonError(ErrorCode.USAGE, `parsing alerts body from "" failed, because ${errorMessage(err)}`, { cause: err });
  }
  if (!Array.isArray(parsed)) throw new DaemonError(ErrorCode.USAGE, 'parsing alerts body from "" failed, because the body is not a JSON array of alerts');
  const accepted: PostResult['accepted'][number][] = [];
  const errors: string[] = [];
  for (const raw of parsed as unknown[]) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DaemonError(ErrorCode.USAGE, 'parsing alerts body from "" failed, because an alert is not a JSON object');
    const p = raw as PostableAlert;
    const labelsIn = stringMap(p.labels);
    const annotations = stringMap(p.annotations);
    if (!labelsIn) throw new DaemonError(ErrorCode.USAGE, 'parsing alerts body from "" failed, because labels must map names to strings');
    if (!annotations) throw new DaemonError(ErrorCode.USAGE, 'parsing alerts body from "" failed, because annotations must map names to strings');
    let startsAt: number;
    let endsAt: number;
    try {
      startsAt = parseTime(p.startsAt, 'startsAt');
      endsAt = parseTime(p.endsAt, 'endsAt');
    } catch (err) {
      throw new DaemonError(ErrorCode.USAGE, `parsing alerts body from "" failed, because ${errorMessage(err)}`, { cause: err });
    }
    if (startsAt === 0) startsAt = endsAt === 0 ? at : endsAt;
    const timeout = endsAt === 0;
    if (timeout) endsAt = at + resolveTimeoutMs;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(labelsIn)) if (v !== '') labels[k] = v;
    const badLabel = Object.keys(labels).find((k) => !LABEL_NAME.test(k));
    const badAnnotation = Object.keys(annotations).find((k) => !LABEL_NAME.test(k));
    if (endsAt < startsAt) errors.push('start time must be before end time');
    else if (badLabel !== undefined) errors.push(`invalid label set: invalid name ${JSON.stringify(badLabel)}`);
    else if (Object.keys(labels).length === 0) errors.push('at least one label pair required');
    else if (badAnnotation !== undefined) errors.push(`invalid annotations: invalid name ${JSON.stringify(badAnnotation)}`);
    else {
      const resolved = endsAt <= at;
      const alert: NotifyAlert = {
        status: resolved ? 'resolved' : 'firing',
        labels,
        annotations,
        startsAt,
        endsAt: resolved ? endsAt : 0,
        generatorURL: typeof p.generatorURL === 'string' ? p.generatorURL : '',
        fingerprint: fingerprint(labels),
      };
      accepted.push({ alert, expiresAt: endsAt });
    }
  }
  return { accepted, errors };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** gettableAlert renders an alert in Alertmanager's `GettableAlert` shape and key order. */
export function gettableAlert(v: AlertView): Record<string, unknown> {
  const suppressed = v.silencedBy.length > 0 || v.inhibitedBy.length > 0;
  return {
    annotations: v.alert.annotations,
    endsAt: iso(v.endsAt),
    fingerprint: v.alert.fingerprint,
    receivers: v.receivers.map((name) => ({ name })),
    startsAt: iso(v.alert.startsAt),
    status: { inhibitedBy: v.inhibitedBy, silencedBy: v.silencedBy, state: suppressed ? 'suppressed' : 'active' },
    updatedAt: iso(v.updatedAt),
    generatorURL: v.alert.generatorURL,
    labels: v.alert.labels,
  };
}

/** AlertFilter is the query of `GET /api/v2/alerts` and `/alerts/groups`. */
interface AlertFilter {
  readonly matchers: readonly CompiledMatcher[];
  readonly active: boolean;
  readonly silenced: boolean;
  readonly inhibited: boolean;
  readonly receiver: RegExp | undefined;
}

function boolParam(req: ApiRequest, name: string): boolean {
  const v = req.params.get(name);
  if (v === null || v === '') return true;
  if (v === 'true' || v === 'false') return v === 'true';
  throw amCode(400, 602, `${name} in query must be of type boolean: ${JSON.stringify(v)}`);
}

function alertFilter(req: ApiRequest): AlertFilter {
  const matchers: CompiledMatcher[] = [];
  for (const f of req.params.getAll('filter')) {
    try {
      matchers.push(...parseMatchers(f).map(compileMatcher));
    } catch {
      throw amString(400, `bad matcher format: ${f}`);
    }
  }
  const r = req.params.get('receiver');
  let receiver: RegExp | undefined;
  if (r) {
    try {
      receiver = new RegExp(`^(?:${r})$`);
    } catch (err) {
      throw amString(400, `failed to parse receiver param: ${errorMessage(err)}`);
    }
  }
  return { matchers, active: boolParam(req, 'active'), silenced: boolParam(req, 'silenced'), inhibited: boolParam(req, 'inhibited'), receiver };
}

function keep(f: AlertFilter, v: AlertView): boolean {
  if (f.receiver && !v.receivers.some((r) => f.receiver!.test(r))) return false;
  if (!matchesAll(v.alert.labels, f.matchers)) return false;
  const silenced = v.silencedBy.length > 0;
  const inhibited = v.inhibitedBy.length > 0;
  if (!f.active && !silenced && !inhibited) return false;
  if (!f.silenced && silenced) return false;
  if (!f.inhibited && inhibited) return false;
  return true;
}

const SECRET_KEY = /(password|secret|token|credentials|api_key|api_url|routing_key|service_key)$/;

/** redact replaces secret values the way Alertmanager prints them (`<secret>`), keeping `*_file` paths. */
export function redact(v: unknown, key = ''): unknown {
  if (v instanceof Secret) return '<secret>';
  if (Array.isArray(v)) return v.map((x) => redact(x));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = redact(x, k);
    return out;
  }
  if (typeof v === 'string' && SECRET_KEY.test(key) && v !== '') return '<secret>';
  return v;
}

/** alertmanagerRoutes serves the Alertmanager v2 endpoints besides silences. */
export function alertmanagerRoutes(d: AlertmanagerDeps): Route[] {
  const withNotifier = (fn: (n: AlertmanagerApi, req: ApiRequest) => ApiResponse) => (req: ApiRequest): ApiResponse => {
    const n = d.notifier();
    if (!n) return amString(503, 'notifier not running');
    try {
      return fn(n, req);
    } catch (err) {
      if (typeof err === 'object' && err !== null && 'status' in err && 'body' in err) return err as ApiResponse;
      return amString(500, errorMessage(err));
    }
  };
  const json = (body: unknown): ApiResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return [
    {
      method: 'GET',
      path: '/api/v2/alerts',
      handler: withNotifier((n, req) => {
        const f = alertFilter(req);
        return json(n.alerts(d.now()).filter((v) => keep(f, v)).map(gettableAlert));
      }),
    },
    {
      method: 'POST',
      path: '/api/v2/alerts',
      handler: withNotifier((n, req) => {
        const at = d.now();
        let r: PostResult;
        try {
          r = parsePostedAlerts(req.body, at, d.resolveTimeoutMs);
        } catch (err) {
          return amCode(400, 400, errorMessage(err));
        }
        if (r.accepted.length) n.receive(r.accepted, at);
        return r.errors.length ? amString(400, r.errors.join('; ')) : { status: 200, body: '' };
      }),
    },
    {
      method: 'GET',
      path: '/api/v2/alerts/groups',
      handler: withNotifier((n, req) => {
        const f = alertFilter(req);
        const views = new Map(n.alerts(d.now()).map((v) => [v.alert.fingerprint, v]));
        const out = n
          .groups()
          .map((g) => ({
            alerts: g.alerts.map((a) => views.get(a.fingerprint)).filter((v): v is AlertView => v !== undefined && keep(f, v)).map(gettableAlert),
            labels: g.labels as Labels,
            receiver: { name: g.receiver },
          }))
          .filter((g) => g.alerts.length > 0 && (!f.receiver || f.receiver.test(g.receiver.name)))
          .sort((a, b) => a.receiver.name.localeCompare(b.receiver.name) || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
        return json(out);
      }),
    },
    { method: 'GET', path: '/api/v2/receivers', handler: withNotifier((n) => json(n.receivers().map((name) => ({ name })))) },
    {
      method: 'GET',
      path: '/api/v2/status',
      handler: () =>
        json({
          cluster: { peers: [], status: 'disabled' },
          config: { original: dump(redact(d.notifyConfig()) ?? {}, { noRefs: true }) },
          uptime: iso(d.startedAt),
          versionInfo: { branch: '', buildDate: '', buildUser: '', goVersion: process.version, revision: '', version: d.version },
        }),
    },
  ];
}
