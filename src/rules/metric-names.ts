/**
 * metric-names: which metric names a set of rule groups reads and writes, so the store can keep
 * only those series by default. A selector without a fixed name (e.g. `{job="api"}` or
 * `{__name__=~"go_.*"}`) yields '' to mean "any name may be needed".
 */
import type { Expr } from '../promql/ast.js';
import { parseExpr } from '../promql/parser.js';
import type { GroupDef } from './types.js';

/** exprMetricNames adds every metric name an expression selects to `out`. */
export function exprMetricNames(e: Expr, out: Set<string>): void {
  switch (e.type) {
    case 'VectorSelector': {
      const eq = e.matchers.find((m) => m.name === '__name__' && m.type === '=');
      out.add(e.name ?? eq?.value ?? '');
      return;
    }
    case 'MatrixSelector':
      return exprMetricNames(e.vs, out);
    case 'Subquery':
    case 'Unary':
    case 'Paren':
      return exprMetricNames(e.expr, out);
    case 'Call':
      for (const a of e.args) exprMetricNames(a, out);
      return;
    case 'Aggregate':
      exprMetricNames(e.expr, out);
      if (e.param) exprMetricNames(e.param, out);
      return;
    case 'Binary':
      exprMetricNames(e.lhs, out);
      exprMetricNames(e.rhs, out);
      return;
    case 'NumberLiteral':
    case 'StringLiteral':
      return;
  }
}

/** collectMetricNames lists what the groups read plus what they write (recording rules, ALERTS). */
export function collectMetricNames(groups: readonly GroupDef[]): Set<string> {
  const out = new Set<string>(['ALERTS', 'ALERTS_FOR_STATE']);
  for (const g of groups) {
    for (const r of g.rules) {
      exprMetricNames(parseExpr(r.expr), out);
      if (r.kind === 'recording') out.add(r.name);
    }
  }
  return out;
}
