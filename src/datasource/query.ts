/**
 * query: rule evaluation in datasource mode. A rule's expression is evaluated by the remote API
 * at the rule's timestamp (as vmalert does), so its semantics are the remote server's own. The
 * series leaksleuth writes itself (diagnosis verdicts, ALERTS, recording-rule outputs) exist only
 * in the local store, so expressions that read nothing else are evaluated locally.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { parseExpr } from '../promql/parser.js';
import { exprMetricNames } from '../rules/metric-names.js';
import type { GroupDef, QueryFn, VectorSample } from '../rules/types.js';
import type { DatasourceClient } from './client.js';

/** remoteQueryFn evaluates on the datasource; like Prometheus' rule manager it wants a vector or scalar. */
export function remoteQueryFn(client: DatasourceClient): QueryFn {
  return async (expr, at): Promise<VectorSample[]> => {
    const a = await client.query(expr, at);
    if (a.type === 'vector') return a.samples;
    if (a.type === 'scalar') return [{ labels: {}, v: a.v }];
    throw new DaemonError(ErrorCode.PROMQL_EVAL, `rule result is not a vector or scalar (the datasource answered a ${a.type})`);
  };
}

/** isLocalName says whether a metric name is one only leaksleuth's own store holds. */
export type LocalNames = (name: string) => boolean;

/** where decides which side evaluates `expr`; a mix of local and remote series cannot be evaluated. */
export function placement(expr: string, isLocal: LocalNames): 'local' | 'remote' | { mixed: { local: string[]; remote: string[] } } {
  const names = new Set<string>();
  exprMetricNames(parseExpr(expr), names);
  const local = [...names].filter((n) => n !== '' && isLocal(n));
  // A selector without a fixed name ('' here) may match anything, so it goes to the datasource.
  const remote = [...names].filter((n) => n === '' || !isLocal(n));
  if (local.length === 0) return 'remote';
  if (remote.length === 0) return 'local';
  return { mixed: { local, remote } };
}

function mixMessage(mixed: { local: string[]; remote: string[] }): string {
  return `in datasource mode an expression cannot mix leaksleuth's own series (${mixed.local.join(', ')}) with the datasource's (${mixed.remote.map((n) => n || '{…}').join(', ')}); split it into two rules`;
}

/**
 * datasourceRuleIssues lists, as `file:line:col: …`, the rules that cannot run in datasource mode,
 * so `check` and a (re)load refuse them up front instead of the rule failing at every evaluation.
 */
export function datasourceRuleIssues(groups: readonly GroupDef[]): string[] {
  const recorded = new Set(groups.flatMap((g) => g.rules.filter((r) => r.kind === 'recording').map((r) => r.name)));
  const isLocal = leaksleuthLocalNames(recorded);
  const out: string[] = [];
  for (const g of groups) {
    g.rules.forEach((r, i) => {
      const p = placement(r.expr, isLocal);
      const at = r.exprAt ?? { line: r.line ?? 0, col: 1 };
      if (typeof p === 'object') out.push(`${g.file}:${at.line}:${at.col}: group "${g.name}", rule ${i + 1}, "${r.name}": ${mixMessage(p.mixed)}`);
    });
  }
  return out;
}

/** routedQueryFn sends each expression to the side that holds its series; placements are cached per expression. */
export function routedQueryFn(local: QueryFn, remote: QueryFn, isLocal: LocalNames): QueryFn {
  const cache = new Map<string, ReturnType<typeof placement>>();
  return (expr, at) => {
    let p = cache.get(expr);
    if (p === undefined) {
      p = placement(expr, isLocal);
      cache.set(expr, p);
    }
    if (p === 'local') return local(expr, at);
    if (p === 'remote') return remote(expr, at);
    return Promise.reject(new DaemonError(ErrorCode.PROMQL_EVAL, mixMessage(p.mixed)));
  };
}

/** leaksleuthLocalNames: the diagnosis series, the alert series and the outputs of loaded recording rules. */
export function leaksleuthLocalNames(recorded: ReadonlySet<string>): LocalNames {
  return (n) => n.startsWith('leaksleuth_diagnosis_') || n === 'ALERTS' || n === 'ALERTS_FOR_STATE' || recorded.has(n);
}
