/**
 * check: Prometheus 2.42's static type checks (parser `checkAST`), applied to each node once its
 * children are converted, so the error points at the offending sub-expression.
 */
import type { Binary, Expr, ValueType } from './ast.js';
import { isComparison, isSetOperator } from './ast.js';
import { parseError, type ParseContext } from './parser.js';
import { documentedType, functionSignature, typeOf } from './signatures.js';

function expectType(ctx: ParseContext, at: number, e: Expr, want: ValueType, context: string): void {
  const got = typeOf(e);
  if (got !== want) throw parseError(ctx, at, `expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`);
}

/** CheckPositions are the text offsets of a node's parts, so errors point where Prometheus points. */
export interface CheckPositions {
  readonly args?: readonly number[];
  readonly lhs?: number;
  readonly op?: number;
  readonly rhs?: number;
}

/** checkExpr validates one node and returns it (set operators normalised to many-to-many). */
export function checkExpr(ctx: ParseContext, e: Expr, at: number, pos: CheckPositions = {}): Expr {
  switch (e.type) {
    case 'Call': {
      const sig = functionSignature(e.func)!;
      const n = sig.args.length;
      if (sig.variadic === 0) {
        if (n !== e.args.length) throw parseError(ctx, at, `expected ${n} argument(s) in call to "${e.func}", got ${e.args.length}`);
      } else {
        const min = n - 1;
        if (min > e.args.length) throw parseError(ctx, at, `expected at least ${min} argument(s) in call to "${e.func}", got ${e.args.length}`);
        if (sig.variadic > 0 && min + sig.variadic < e.args.length) {
          throw parseError(ctx, at, `expected at most ${min + sig.variadic} argument(s) in call to "${e.func}", got ${e.args.length}`);
        }
      }
      e.args.forEach((a, i) => expectType(ctx, pos.args?.[i] ?? at, a, sig.args[Math.min(i, n - 1)]!, `call to function "${e.func}"`));
      return e;
    }
    case 'Aggregate':
      expectType(ctx, pos.args?.[e.param ? 1 : 0] ?? at, e.expr, 'vector', 'aggregation expression');
      if (e.op === 'topk' || e.op === 'bottomk' || e.op === 'quantile') expectType(ctx, pos.args?.[0] ?? at, e.param!, 'scalar', 'aggregation parameter');
      if (e.op === 'count_values') expectType(ctx, pos.args?.[0] ?? at, e.param!, 'string', 'aggregation parameter');
      return e;
    case 'Unary': {
      const t = typeOf(e.expr);
      if (t !== 'scalar' && t !== 'vector') {
        throw parseError(ctx, at, `unary expression only allowed on expressions of type scalar or instant vector, got "${documentedType(t)}"`);
      }
      return e;
    }
    case 'Subquery': {
      const t = typeOf(e.expr);
      if (t !== 'vector') throw parseError(ctx, at, `subquery is only allowed on instant vector, got ${documentedType(t)} instead`);
      return e;
    }
    case 'Binary': return checkBinary(ctx, e, at, pos);
    default: return e;
  }
}

function checkBinary(ctx: ParseContext, e: Binary, at: number, pos: CheckPositions): Binary {
  const opAt = pos.op ?? at;
  const lt = typeOf(e.lhs);
  const rt = typeOf(e.rhs);
  const m = e.matching;
  if (e.bool && !isComparison(e.op)) throw parseError(ctx, opAt, 'bool modifier can only be used on comparison operators');
  if (isComparison(e.op) && !e.bool && lt === 'scalar' && rt === 'scalar') {
    throw parseError(ctx, opAt, 'comparisons between scalars must use BOOL modifier');
  }
  if (m.on) {
    for (const l of m.labels) {
      if (m.include.includes(l)) throw parseError(ctx, at, `label "${l}" must not occur in ON and GROUP clause at once`);
    }
  }
  if (lt !== 'scalar' && lt !== 'vector') throw parseError(ctx, pos.lhs ?? at, 'binary expression must contain only scalar and instant vector types');
  if (rt !== 'scalar' && rt !== 'vector') throw parseError(ctx, pos.rhs ?? at, 'binary expression must contain only scalar and instant vector types');
  const hasClause = m.labels.length > 0 || m.on || m.card !== 'one-to-one';
  if (lt !== 'vector' || rt !== 'vector') {
    if (hasClause && m.labels.length > 0) throw parseError(ctx, at, 'vector matching only allowed between instant vectors');
  } else if (isSetOperator(e.op)) {
    if (m.card === 'one-to-many' || m.card === 'many-to-one') throw parseError(ctx, at, `no grouping allowed for "${e.op}" operation`);
  }
  if ((lt === 'scalar' || rt === 'scalar') && isSetOperator(e.op)) {
    throw parseError(ctx, at, `set operator "${e.op}" not allowed in binary scalar expression`);
  }
  if (isSetOperator(e.op) && m.card === 'one-to-one') return { ...e, matching: { ...m, card: 'many-to-many' } };
  return e;
}
