/**
 * alerts: the rule and alert APIs in Prometheus' shapes (`/api/v1/rules`, `/api/v1/alerts`), the
 * diagnoses behind them (`/api/v1/diagnoses`), and Alertmanager's v2 silence API so amtool-style
 * tooling and `leaksleuth silence` work against the daemon.
 */
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import type { Alert } from '../model/alert.js';
import type { Diagnosis } from '../model/finding.js';
import { compileMatcher } from '../model/matcher.js';
import type { PostableSilence, SilenceStore } from '../notify/index.js';
import { parseMatchers } from '../notify/matchers.js';
import { buildAlertsResponse, buildRulesResponse, type RulesQuery } from '../rules/index.js';
import type { RuleGroup } from '../rules/group.js';
import { fail, ok, type ApiRequest, type ApiResponse, type Route } from './types.js';
import { amCode, amString } from './alertmanager.js';

/** AlertsDeps are the read-only views the routes need. */
export interface AlertsDeps {
  readonly groups: () => readonly RuleGroup[];
  readonly diagnoses: () => readonly Diagnosis[];
  readonly silences: () => SilenceStore | undefined;
  readonly now: () => number;
  /** sentWith puts back on an alert the diagnosis it was sent with (the `diagnosis` label and annotations). */
  readonly sentWith?: (a: Alert) => Alert;
  /** suppressed says which silences match an alert's labels and whether an inhibit rule mutes it. */
  readonly suppressed?: (labels: Readonly<Record<string, string>>) => { readonly silencedBy: readonly string[]; readonly inhibited: boolean } | undefined;
}

/**
 * withSuppression adds a `suppressed` object (an extension, like Alertmanager's status) to each
 * alert that a silence or an inhibit rule holds back, so the page can show it as such.
 */
function withSuppression(body: ReturnType<typeof buildAlertsResponse>, d: AlertsDeps): object {
  if (!d.suppressed) return body;
  const alerts = body.data.alerts.map((a) => {
    const s = d.suppressed!(a.labels);
    return s && (s.silencedBy.length > 0 || s.inhibited) ? { ...a, suppressed: { silencedBy: s.silencedBy, inhibited: s.inhibited } } : a;
  });
  return { ...body, data: { ...body.data, alerts } };
}

function rulesQuery(req: ApiRequest): RulesQuery {
  const type = req.params.get('type');
  const q: { -readonly [K in keyof RulesQuery]: RulesQuery[K] } = {};
  if (type === 'alert' || type === 'record') q.type = type;
  else if (type) throw new DaemonError(ErrorCode.USAGE, `invalid parameter "type": must be "alert" or "record", got "${type}"`);
  if (req.params.getAll('rule_name[]').length) q.ruleNames = req.params.getAll('rule_name[]');
  if (req.params.getAll('rule_group[]').length) q.groupNames = req.params.getAll('rule_group[]');
  if (req.params.getAll('file[]').length) q.files = req.params.getAll('file[]');
  if (req.params.get('exclude_alerts') === 'true') q.excludeAlerts = true;
  return q;
}

/** silenceError answers as Alertmanager 0.25 does: a JSON string body, 404 for an unknown id. */
function silenceError(err: unknown): ApiResponse {
  const msg = errorMessage(err);
  return amString(/not found/i.test(msg) ? 404 : 400, msg);
}

/** alertsRoutes serves rules, alerts, diagnoses and silences. */
export function alertsRoutes(d: AlertsDeps): Route[] {
  const silences = (fn: (s: SilenceStore) => ApiResponse): ApiResponse => {
    const s = d.silences();
    if (!s) return amString(503, 'notifier not running');
    try {
      return fn(s);
    } catch (err) {
      return silenceError(err);
    }
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/rules',
      handler: (req) => {
        try {
          return { status: 200, body: buildRulesResponse(d.groups(), rulesQuery(req)) };
        } catch (err) {
          return fail(400, 'bad_data', errorMessage(err));
        }
      },
    },
    { method: 'GET', path: '/api/v1/alerts', handler: () => ({ status: 200, body: withSuppression(buildAlertsResponse(d.groups(), d.sentWith), d) }) },
    { method: 'GET', path: '/api/v1/diagnoses', handler: () => ok({ diagnoses: d.diagnoses() }) },
    {
      method: 'GET',
      path: '/api/v2/silences',
      handler: (req) =>
        silences((s) => {
          const filter = req.params.getAll('filter').flatMap((f) => {
            try {
              return parseMatchers(f);
            } catch {
              // Alertmanager's wording, which amtool prints as the reason.
              throw new DaemonError(ErrorCode.USAGE, `bad matcher format: ${f}`);
            }
          }).map(compileMatcher);
          return { status: 200, body: s.list(d.now(), filter) };
        }),
    },
    {
      method: 'POST',
      path: '/api/v2/silences',
      handler: (req) =>
        silences((s) => {
          let body: PostableSilence;
          try {
            body = JSON.parse(req.body) as PostableSilence;
          } catch (err) {
            return amCode(400, 400, `parsing body body from "" failed, because ${errorMessage(err)}`);
          }
          return { status: 200, body: s.create(body, d.now()) };
        }),
    },
    {
      method: 'GET',
      path: '/api/v2/silence/*',
      handler: (req) =>
        silences((s) => {
          try {
            return { status: 200, body: s.get(decodeURIComponent(req.path.slice('/api/v2/silence/'.length)), d.now()) };
          } catch {
            // Alertmanager 0.25 answers an unknown id with an empty 404.
            return { status: 404, body: '' };
          }
        }),
    },
    {
      method: 'DELETE',
      path: '/api/v2/silence/*',
      handler: (req) =>
        silences((s) => {
          const id = decodeURIComponent(req.path.slice('/api/v2/silence/'.length));
          // Alertmanager 0.25 answers an unknown id with 500 "silence not found" and expiring an
          // expired silence with 200; amtool prints the former as the reason.
          try {
            s.get(id, d.now());
          } catch {
            return amString(500, 'silence not found');
          }
          if (s.get(id, d.now()).status.state !== 'expired') s.expire(id, d.now());
          return { status: 200, body: '' };
        }),
    },
  ];
}
