/**
 * metadata: Prometheus' `/api/v1/metadata` and `/api/v1/targets/metadata`, from the HELP, TYPE and
 * UNIT lines of each target's last payload (scrape/metadata.ts). Grafana's metric browser and query
 * builder read the first to show a metric's type and help text.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { compileMatcher, matchesAll } from '../model/matcher.js';
import { parseExpr } from '../promql/index.js';
import { metadataOf } from '../scrape/scrape.js';
import type { MetricMetadata } from '../scrape/metadata.js';
import type { TargetView } from './targets.js';
import { fail, ok, type ApiRequest, type ApiResponse, type Route } from './types.js';

/** MetadataSource lists the active targets with their scrape state. */
export interface MetadataSource {
  active(): readonly TargetView[];
}

/** intParam reads an integer parameter; absent is -1 (no limit), junk is Prometheus' message. */
function intParam(req: ApiRequest, name: string): number {
  const s = req.params.get(name);
  if (s === null || s === '') return -1;
  if (!/^[-+]?\d+$/.test(s)) throw new DaemonError(ErrorCode.USAGE, `${name} must be a number`);
  return Number(s);
}

function guarded(fn: (req: ApiRequest) => ApiResponse): (req: ApiRequest) => ApiResponse {
  return (req) => {
    try {
      return fn(req);
    } catch (err) {
      if (DaemonError.is(err)) return fail(400, 'bad_data', err.message);
      throw err;
    }
  };
}

const byFields = (a: MetricMetadata, b: MetricMetadata): number => a.type.localeCompare(b.type) || a.help.localeCompare(b.help) || a.unit.localeCompare(b.unit);

/** metadataRoutes serves both metadata endpoints over the scrape manager's targets. */
export function metadataRoutes(src: MetadataSource): Route[] {
  const metadata = guarded((req) => {
    const limit = intParam(req, 'limit');
    const perMetric = intParam(req, 'limit_per_metric');
    const metric = req.params.get('metric') ?? '';
    // One set of distinct (type, help, unit) per metric name across all targets.
    const sets = new Map<string, Map<string, MetricMetadata>>();
    for (const v of src.active()) {
      const md = metadataOf(v.state);
      const entries = metric === '' ? [...md] : md.has(metric) ? [[metric, md.get(metric)!] as const] : [];
      for (const [name, m] of entries) {
        let set = sets.get(name);
        if (perMetric > 0 && set && set.size >= perMetric) continue;
        if (!set) sets.set(name, (set = new Map()));
        set.set(`${m.type}\u0000${m.help}\u0000${m.unit}`, { type: m.type, help: m.help, unit: m.unit });
      }
    }
    const out: Record<string, MetricMetadata[]> = {};
    for (const name of [...sets.keys()].sort()) {
      if (limit >= 0 && Object.keys(out).length >= limit) break;
      out[name] = [...sets.get(name)!.values()].sort(byFields);
    }
    return ok(out);
  });

  const targetMetadata = guarded((req) => {
    const limit = intParam(req, 'limit');
    const matchTarget = req.params.get('match_target') ?? '';
    let matchers: ReturnType<typeof compileMatcher>[] = [];
    if (matchTarget !== '') {
      const e = parseExpr(matchTarget);
      if (e.type !== 'VectorSelector') throw new DaemonError(ErrorCode.USAGE, `invalid parameter "match_target": ${matchTarget} is not a series selector`);
      matchers = [...(e.name ? [{ name: '__name__', type: '=' as const, value: e.name }] : []), ...e.matchers].map(compileMatcher);
    }
    const metric = req.params.get('metric') ?? '';
    const out: Array<Record<string, unknown>> = [];
    for (const v of src.active()) {
      if (limit >= 0 && out.length >= limit) break;
      const labels = v.target.labels;
      if (matchers.length && !matchesAll(labels, matchers)) continue;
      const md = metadataOf(v.state);
      if (metric === '') {
        for (const [name, m] of md) out.push({ target: labels, metric: name, type: m.type, help: m.help, unit: m.unit });
        continue;
      }
      const m = md.get(metric);
      if (m) out.push({ target: labels, type: m.type, help: m.help, unit: m.unit });
    }
    return ok(out);
  });

  return [
    { method: 'GET', path: '/api/v1/metadata', handler: metadata },
    { method: 'GET', path: '/api/v1/targets/metadata', handler: targetMetadata },
  ];
}
