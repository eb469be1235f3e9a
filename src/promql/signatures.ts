/**
 * signatures: argument and return types of every function we evaluate, mirroring Prometheus 2.42's
 * function table, so the parser can reject bad calls with Prometheus' wording before evaluation.
 */
import type { Expr, ValueType } from './ast.js';

/** FunctionSignature describes one function: argument types, optional trailing args, return type. */
export interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** variadic: 0 fixed arity, n>0 up to n optional repeats of the last arg, -1 unlimited. */
  readonly variadic: number;
  readonly returns: ValueType;
}

const v = 'vector' as const;
const m = 'matrix' as const;
const s = 'scalar' as const;
const str = 'string' as const;

const sig = (args: ValueType[], returns: ValueType, variadic = 0): FunctionSignature => ({ args, returns, variadic });

const table: Record<string, FunctionSignature> = {};
for (const f of ['abs', 'ceil', 'floor', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'acos', 'acosh', 'asin',
  'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'deg', 'rad', 'timestamp', 'sort', 'sort_desc',
  'absent']) table[f] = sig([v], v);
for (const f of ['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'resets', 'changes', 'avg_over_time',
  'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'stddev_over_time', 'stdvar_over_time',
  'last_over_time', 'present_over_time', 'absent_over_time']) table[f] = sig([m], v);
for (const f of ['day_of_month', 'day_of_week', 'day_of_year', 'hour', 'minute', 'month', 'year', 'days_in_month']) {
  table[f] = sig([v], v, 1);
}
table['round'] = sig([v, s], v, 1);
table['clamp'] = sig([v, s, s], v);
table['clamp_min'] = sig([v, s], v);
table['clamp_max'] = sig([v, s], v);
table['quantile_over_time'] = sig([s, m], v);
table['predict_linear'] = sig([m, s], v);
table['holt_winters'] = sig([m, s, s], v);
table['time'] = sig([], s);
table['pi'] = sig([], s);
table['vector'] = sig([s], v);
table['scalar'] = sig([v], s);
table['label_replace'] = sig([v, str, str, str, str], v);
table['label_join'] = sig([v, str, str, str], v, -1);
table['histogram_quantile'] = sig([s, v], v);

/** UNSUPPORTED_FUNCTIONS are known PromQL functions we deliberately do not evaluate (native histograms, 3.x). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'histogram_count', 'histogram_sum', 'histogram_fraction', 'histogram_stddev', 'histogram_stdvar', 'histogram_avg',
  'histogram_quantiles', 'mad_over_time', 'first_over_time', 'ts_of_first_over_time', 'ts_of_max_over_time',
  'ts_of_min_over_time', 'ts_of_last_over_time', 'double_exponential_smoothing', 'info', 'sort_by_label',
  'sort_by_label_desc', 'limitk', 'limit_ratio', 'start', 'end', 'range', 'step', 'start_timestamp',
]);

/** functionSignature returns the signature of a supported function, or undefined. */
export function functionSignature(name: string): FunctionSignature | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** typeOf is the static type of an expression (Prometheus `Expr.Type()`). */
export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'NumberLiteral': return 'scalar';
    case 'StringLiteral': return 'string';
    case 'VectorSelector': return 'vector';
    case 'MatrixSelector': return 'matrix';
    case 'Subquery': return 'matrix';
    case 'Call': return functionSignature(e.func)?.returns ?? 'vector';
    case 'Aggregate': return 'vector';
    case 'Binary': return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'Unary': return typeOf(e.expr);
    case 'Paren': return typeOf(e.expr);
  }
}

/** documentedType renders a value type the way Prometheus error messages name it. */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector': return 'instant vector';
    case 'matrix': return 'range vector';
    default: return t;
  }
}
