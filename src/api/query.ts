/**
 * query: Prometheus' query API (`/api/v1/query`, `query_range`, `series`, `labels`,
 * `label/<name>/values`, plus the status endpoints Grafana probes), so Grafana can add leaksleuth
 * as a Prometheus data source and scripts written for Prometheus keep working.
 */
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import { compileMatcher, matchesAll, type Matcher } from '../model/matcher.js';
import type { Labels } from '../model/labels.js';
import { parseDuration } from '../model/duration.js';
import type { SeriesStore } from '../store/store.js';
import { prettyExpr } from '../promql/format.js';
import { instantQueryAsync, parseExpr, rangeQueryAsync, type AsyncOptions, type Expr, type QueryValue } from '../promql/index.js';
import { fail, ok, type ApiRequest, type ApiResponse, type Route } from './types.js';
import { formatSampleValue } from './format.js';

/** QueryDeps are what the query API reads. */
export interface QueryDeps {
  readonly store: SeriesStore;
  readonly now: () => number;
  /** engine gives the limits of one query (query.timeout, query.max_samples) and the gate it shares. */
  readonly engine: () => AsyncOptions;
  readonly version: string;
}

const MIN_TIME = -9223372036854.775; // Prometheus' minTime in seconds
const MAX_TIME = 9223372036854.775;

/** parseTimeParam reads an RFC 3339 or Unix-seconds time into ms, like Prometheus' parseTime. */
export function parseTimeParam(s: string | null, dflt: number, name: string): number {
  if (s === null || s === '') return dflt;
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  // Worded as Prometheus words it, the parameter named twice.
  if (Number.isNaN(t)) throw new DaemonError(ErrorCode.USAGE, `invalid parameter "${name}": Invalid time value for '${name}': cannot parse "${s}" to a valid timestamp`);
  return t;
}

/** parseStepParam reads a step as float seconds or a duration (`15s`) into ms. */
export function parseStepParam(s: string | null, name: string): number {
  if (s === null || s === '') throw new DaemonError(ErrorCode.USAGE, `invalid parameter "${name}": cannot parse "" to a valid duration`);
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  try {
    return parseDuration(s);
  } catch {
    throw new DaemonError(ErrorCode.USAGE, `invalid parameter "${name}": cannot parse "${s}" to a valid duration`);
  }
}

/** valueJSON renders an engine value in the API's resultType/result shape. */
export function valueJSON(v: QueryValue): { resultType: string; result: unknown } {
  const pair = (t: number, x: number): [number, string] => [t / 1000, formatSampleValue(x)];
  switch (v.type) {
    case 'vector':
      return { resultType: 'vector', result: v.samples.map((s) => ({ metric: s.labels, value: pair(s.t, s.v) })) };
    case 'scalar':
      return { resultType: 'scalar', result: pair(v.t, v.v) };
    case 'string':
      return { resultType: 'string', result: [v.t / 1000, v.v] };
    case 'matrix':
      return { resultType: 'matrix', result: v.series.map((s) => ({ metric: s.labels, values: Array.from(s.t, (t, i) => pair(t, s.v[i]!)) })) };
  }
}

/**
 * errorResponse maps engine errors to Prometheus' status codes and error types. A parse error of the
 * `param` parameter reads as Prometheus words it: `invalid parameter "query": 1:5: parse error: …`.
 */
export function errorResponse(err: unknown, param?: string): ApiResponse {
  if (DaemonError.is(err)) {
    switch (err.code) {
      case ErrorCode.PROMQL_PARSE:
        if (param) return fail(400, 'bad_data', `invalid parameter "${param}": ${err.message}`);
        return fail(400, 'bad_data', err.message);
      case ErrorCode.PROMQL_UNSUPPORTED:
      case ErrorCode.USAGE:
        return fail(400, 'bad_data', err.located());
      case ErrorCode.QUERY_TIMEOUT:
        return fail(503, 'timeout', err.message);
      case ErrorCode.QUERY_TOO_MANY_SAMPLES:
      case ErrorCode.PROMQL_EVAL:
        return fail(422, 'execution', err.message);
    }
  }
  return fail(500, 'internal', errorMessage(err));
}

/** selectorMatchers parses each `match[]` into matchers (it must be a plain vector selector). */
export function selectorMatchers(req: ApiRequest): Matcher[][] {
  const all = req.params.getAll('match[]');
  return all.map((m) => {
    const e = parseExpr(m);
    if (e.type !== 'VectorSelector') throw new DaemonError(ErrorCode.USAGE, `invalid parameter "match[]": ${m} is not a series selector`);
    return e.name ? [{ name: '__name__', type: '=' as const, value: e.name }, ...e.matchers] : [...e.matchers];
  });
}

function wrap(fn: (req: ApiRequest) => ApiResponse | Promise<ApiResponse>, param?: string): (req: ApiRequest) => Promise<ApiResponse> {
  return async (req) => {
    try {
      return await fn(req);
    } catch (err) {
      return errorResponse(err, param);
    }
  };
}

/** compareLabels orders label sets as Prometheus' labels.Compare: name by name, then value, then length. */
export function compareLabels(a: Labels, b: Labels): number {
  const ea = Object.entries(a).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const eb = Object.entries(b).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
    const [na, va] = ea[i]!;
    const [nb, vb] = eb[i]!;
    if (na !== nb) return na < nb ? -1 : 1;
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ea.length - eb.length;
}


/** hasSelector tells whether an expression reads any series (Prometheus' ExtractSelectors is non-empty). */
function hasSelector(e: Expr): boolean {
  if (e.type === 'VectorSelector' || e.type === 'MatrixSelector') return true;
  return Object.values(e).some((v) => (Array.isArray(v) ? v.some((x) => isExpr(x) && hasSelector(x)) : isExpr(v) && hasSelector(v)));
}

function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** limits applies a request's `timeout` parameter; like Prometheus, it can shorten `query.timeout` but not extend it. */
function limits(d: QueryDeps, req: ApiRequest): AsyncOptions {
  const opts = d.engine();
  const timeout = req.params.get('timeout');
  if (!timeout) return opts;
  const ms = parseStepParam(timeout, 'timeout');
  return { ...opts, timeoutMs: Math.min(ms, opts.timeoutMs ?? Infinity) };
}

/** queryRoutes serves the query API over `deps.store`. GET and POST (form) are both accepted. */
export function queryRoutes(d: QueryDeps): Route[] {
  const instant = wrap(async (req) => {
    // An empty query is the parser's "no expression found in input", as in Prometheus.
    const q = req.params.get('query') ?? '';
    const at = parseTimeParam(req.params.get('time'), d.now(), 'time');
    return ok(valueJSON(await instantQueryAsync(d.store, q, at, limits(d, req))));
  }, 'query');
  const range = wrap(async (req) => {
    const q = req.params.get('query') ?? '';
    const start = parseTimeParam(req.params.get('start'), NaN, 'start');
    const end = parseTimeParam(req.params.get('end'), NaN, 'end');
    if (Number.isNaN(start)) return fail(400, 'bad_data', 'invalid parameter "start": cannot parse "" to a valid timestamp');
    if (Number.isNaN(end)) return fail(400, 'bad_data', 'invalid parameter "end": cannot parse "" to a valid timestamp');
    if (end < start) return fail(400, 'bad_data', 'invalid parameter "end": end timestamp must not be before start time');
    const step = parseStepParam(req.params.get('step'), 'step');
    if (step <= 0) return fail(400, 'bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
    if ((end - start) / step > 11000) return fail(400, 'bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    const m = await rangeQueryAsync(d.store, q, start, end, step, limits(d, req));
    return ok(valueJSON({ type: 'matrix', series: m }));
    // Prometheus words a range query's parse error bare, an instant query's as an invalid parameter.
  });
  const series = wrap((req) => {
    const sets = selectorMatchers(req);
    if (sets.length === 0) return fail(400, 'bad_data', 'no match[] parameter provided');
    const start = parseTimeParam(req.params.get('start'), MIN_TIME * 1000, 'start');
    const end = parseTimeParam(req.params.get('end'), MAX_TIME * 1000, 'end');
    const seen = new Map<string, Labels>();
    for (const ms of sets) for (const l of d.store.labelSets(ms, start, end)) seen.set(JSON.stringify(Object.entries(l).sort()), l);
    // Prometheus merges several match[] sets in label order; one set comes sorted the same way.
    return ok([...seen.values()].sort(compareLabels));
  });
  const exemplars = wrap((req) => {
    const start = parseTimeParam(req.params.get('start'), MIN_TIME * 1000, 'start');
    const end = parseTimeParam(req.params.get('end'), MAX_TIME * 1000, 'end');
    if (end < start) return fail(400, 'bad_data', 'end timestamp must not be before start timestamp');
    const e = parseExpr(req.params.get('query') ?? '');
    // leaksleuth stores no exemplars: a query with selectors finds none (Prometheus answers [] then);
    // one without selectors gets Prometheus' empty 204, its handler returning before it looks.
    return hasSelector(e) ? ok([]) : { status: 204, body: '' };
  });
  const formatQuery = wrap((req) => {
    const e = parseExpr(req.params.get('query') ?? '');
    return ok(prettyExpr(e));
  }, 'query');
  const labels = wrap((req) => {
    const sets = selectorMatchers(req);
    if (sets.length === 0) return ok(d.store.labelNames().sort());
    const names = new Set<string>();
    const start = parseTimeParam(req.params.get('start'), MIN_TIME * 1000, 'start');
    const end = parseTimeParam(req.params.get('end'), MAX_TIME * 1000, 'end');
    for (const ms of sets) for (const l of d.store.labelSets(ms, start, end)) for (const k of Object.keys(l)) names.add(k);
    return ok([...names].sort());
  });
  const values = wrap((req) => {
    const name = decodeURIComponent(req.path.slice('/api/v1/label/'.length, -'/values'.length));
    const sets = selectorMatchers(req);
    if (sets.length === 0) return ok(d.store.labelValues(name).sort());
    const out = new Set<string>();
    for (const ms of sets) {
      const cm = ms.map(compileMatcher);
      for (const l of d.store.labelSets(ms, MIN_TIME * 1000, MAX_TIME * 1000)) if (matchesAll(l, cm) && l[name]) out.add(l[name]);
    }
    return ok([...out].sort());
  });
  const valuesRoute = (req: ApiRequest): ApiResponse | Promise<ApiResponse> =>
    req.path.endsWith('/values') ? values(req) : fail(404, 'not_found', `no route for ${req.path}`);
  return [
    { method: 'GET', path: '/api/v1/query', handler: instant },
    { method: 'POST', path: '/api/v1/query', handler: instant },
    { method: 'GET', path: '/api/v1/query_range', handler: range },
    { method: 'POST', path: '/api/v1/query_range', handler: range },
    { method: 'GET', path: '/api/v1/series', handler: series },
    { method: 'POST', path: '/api/v1/series', handler: series },
    { method: 'GET', path: '/api/v1/labels', handler: labels },
    { method: 'POST', path: '/api/v1/labels', handler: labels },
    { method: 'GET', path: '/api/v1/label/*', handler: valuesRoute },
    { method: 'GET', path: '/api/v1/query_exemplars', handler: exemplars },
    { method: 'POST', path: '/api/v1/query_exemplars', handler: exemplars },
    { method: 'GET', path: '/api/v1/format_query', handler: formatQuery },
    { method: 'POST', path: '/api/v1/format_query', handler: formatQuery },
    {
      method: 'GET',
      path: '/api/v1/status/buildinfo',
      handler: () => ok({ version: d.version, revision: '', branch: '', buildUser: '', buildDate: '', goVersion: process.version }),
    },
  ];
}
