/**
 * api: pure builders of the Prometheus `/api/v1/rules` and `/api/v1/alerts` response bodies from
 * the manager's groups, so UIs and tools that read Prometheus rule state read ours unchanged.
 * Times are RFC 3339 like Go's time.Time JSON; alert values use Go's `%e` float format.
 */
import type { Alert } from '../model/alert.js';
import type { Labels } from '../model/labels.js';
import type { RuleGroup, RuleRuntime } from './group.js';
import { ruleState } from './state.js';

/** ApiAlert is one alert as Prometheus serialises it. */
export interface ApiAlert {
  labels: Labels;
  annotations: Labels;
  state: string;
  activeAt: string;
  keepFiringSince?: string;
  value: string;
}

/** ApiRule is an alerting or recording rule entry of `/api/v1/rules`. */
export type ApiRule = Record<string, unknown> & { type: 'alerting' | 'recording'; name: string };

/** ApiGroup is one group entry of `/api/v1/rules`. */
export interface ApiGroup {
  name: string;
  file: string;
  rules: ApiRule[];
  interval: number;
  limit: number;
  evaluationTime: number;
  lastEvaluation: string;
}

/** RulesQuery filters `/api/v1/rules` like Prometheus' `type=alert|record` and name filters. */
export interface RulesQuery {
  readonly type?: 'alert' | 'record';
  readonly ruleNames?: readonly string[];
  readonly groupNames?: readonly string[];
  readonly files?: readonly string[];
  readonly excludeAlerts?: boolean;
}

/** rfc3339 renders ms like Go's RFC3339Nano: zero time as year 1, trailing fraction zeros trimmed. */
export function rfc3339(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z';
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.000Z$/, 'Z').replace(/(\.\d*?)0+Z$/, '$1Z');
}

/** goFloatE formats like Go's strconv.FormatFloat(v, 'e', -1, 64): `1e+00`, `1.5e+03`, `NaN`, `+Inf`. */
export function goFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  const sign = e < 0 ? '-' : '+';
  const abs = Math.abs(e);
  return `${mant}e${sign}${abs < 10 ? '0' + abs : abs}`;
}

function apiAlert(a: Alert): ApiAlert {
  const out: ApiAlert = { labels: a.labels, annotations: a.annotations, state: a.state, activeAt: rfc3339(a.activeAt), value: goFloatE(a.value) };
  if (a.keepFiringSince !== 0) out.keepFiringSince = rfc3339(a.keepFiringSince);
  return out;
}

function activeAlerts(r: RuleRuntime): Alert[] {
  return [...r.active.values()].filter((a) => a.state !== 'inactive');
}

function apiRule(g: RuleGroup, r: RuleRuntime, excludeAlerts: boolean): ApiRule {
  const common = {
    name: r.def.name,
    query: r.def.expr,
    labels: { ...g.def.labels, ...r.def.labels },
    health: r.health,
    ...(r.lastError ? { lastError: r.lastError } : {}),
    evaluationTime: r.evaluationTimeMs / 1000,
    lastEvaluation: rfc3339(r.lastEvaluation),
  };
  if (r.def.kind === 'recording') return { ...common, type: 'recording' };
  return {
    state: ruleState(r.active),
    ...common,
    duration: r.def.forMs / 1000,
    keepFiringFor: r.def.keepFiringForMs / 1000,
    annotations: r.def.annotations,
    ...(excludeAlerts ? {} : { alerts: activeAlerts(r).map(apiAlert) }),
    type: 'alerting',
  };
}

/** buildRulesResponse renders `/api/v1/rules` for the given groups and filters. */
export function buildRulesResponse(groups: readonly RuleGroup[], q: RulesQuery = {}): { status: 'success'; data: { groups: ApiGroup[] } } {
  const out: ApiGroup[] = [];
  for (const g of groups) {
    if (q.groupNames?.length && !q.groupNames.includes(g.def.name)) continue;
    if (q.files?.length && !q.files.includes(g.def.file)) continue;
    const rules: ApiRule[] = [];
    for (const r of g.rules) {
      if (q.type === 'alert' && r.def.kind !== 'alerting') continue;
      if (q.type === 'record' && r.def.kind !== 'recording') continue;
      if (q.ruleNames?.length && !q.ruleNames.includes(r.def.name)) continue;
      rules.push(apiRule(g, r, q.excludeAlerts ?? false));
    }
    // Prometheus drops groups left empty by a filter, but keeps empty groups when none is given.
    if (rules.length === 0 && (q.type || q.ruleNames?.length)) continue;
    out.push({
      name: g.def.name,
      file: g.def.file,
      rules,
      interval: g.def.intervalMs / 1000,
      limit: g.def.limit,
      evaluationTime: g.evaluationTimeMs / 1000,
      lastEvaluation: rfc3339(g.lastEvaluation),
    });
  }
  return { status: 'success', data: { groups: out } };
}

/** buildAlertsResponse renders `/api/v1/alerts`: every pending or firing alert of every rule. */
export function buildAlertsResponse(groups: readonly RuleGroup[], decorate: (a: Alert) => Alert = (a) => a): { status: 'success'; data: { alerts: ApiAlert[] } } {
  const alerts: ApiAlert[] = [];
  for (const g of groups) for (const r of g.rules) for (const a of activeAlerts(r)) alerts.push(apiAlert(decorate(a)));
  return { status: 'success', data: { alerts } };
}
