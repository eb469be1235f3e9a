/**
 * ast: our own typed PromQL syntax tree. The lezer tree is converted into these plain objects once,
 * so the engine never depends on the grammar package and rules can hold parsed expressions.
 */
import type { Matcher } from '../model/matcher.js';

/** ValueType is the static type of an expression, as Prometheus' checker assigns it. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** NumberLiteral is a float constant (including Inf and NaN). */
export interface NumberLiteral {
  readonly type: 'NumberLiteral';
  readonly value: number;
}

/** StringLiteral is an unquoted string constant. */
export interface StringLiteral {
  readonly type: 'StringLiteral';
  readonly value: string;
}

/** AtModifier pins a selector to a time in ms, or to the query's start/end. */
export type AtModifier = number | 'start' | 'end';

/** VectorSelector selects an instant vector; `name` is kept apart for printing, matchers include it. */
export interface VectorSelector {
  readonly type: 'VectorSelector';
  readonly name?: string;
  readonly matchers: readonly Matcher[];
  readonly offsetMs: number;
  readonly at?: AtModifier;
}

/** MatrixSelector selects a range vector of `rangeMs` ending at each evaluation time. */
export interface MatrixSelector {
  readonly type: 'MatrixSelector';
  readonly vs: VectorSelector;
  readonly rangeMs: number;
}

/** Subquery evaluates an instant expression at a fixed step over a range. */
export interface Subquery {
  readonly type: 'Subquery';
  readonly expr: Expr;
  readonly rangeMs: number;
  /** stepMs is absent when the query's default step (the evaluation interval) applies. */
  readonly stepMs?: number;
  readonly offsetMs: number;
  readonly at?: AtModifier;
}

/** Call is a function call by name; argument types were checked by the parser. */
export interface Call {
  readonly type: 'Call';
  readonly func: string;
  readonly args: readonly Expr[];
}

/** AggregateOp lists the aggregation operators we support. */
export type AggregateOp =
  | 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar'
  | 'topk' | 'bottomk' | 'quantile' | 'count_values';

/** Aggregate is `op by|without (labels) ([param,] expr)`. */
export interface Aggregate {
  readonly type: 'Aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  readonly param?: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
}

/** BinaryOp lists arithmetic, comparison and set operators. */
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '^' | 'atan2'
  | '==' | '!=' | '>' | '<' | '>=' | '<='
  | 'and' | 'or' | 'unless';

/** Cardinality of vector matching. */
export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** VectorMatching says how two vectors' samples pair up. */
export interface VectorMatching {
  readonly card: Cardinality;
  /** on is true for `on(...)`, false for `ignoring(...)` or no clause. */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** include lists the extra labels of `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
}

/** Binary is `lhs op [bool] [on|ignoring(...)] [group_x(...)] rhs`. */
export interface Binary {
  readonly type: 'Binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly bool: boolean;
  readonly matching: VectorMatching;
}

/** Unary is `-expr` or `+expr`. */
export interface Unary {
  readonly type: 'Unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
}

/** Paren keeps explicit parentheses so formatting round-trips. */
export interface Paren {
  readonly type: 'Paren';
  readonly expr: Expr;
}

/** Expr is any PromQL expression. */
export type Expr =
  | NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | Subquery
  | Call | Aggregate | Binary | Unary | Paren;

/** isComparison tells comparison operators, which filter unless `bool` is given. */
export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

/** isSetOperator tells `and`, `or`, `unless`, which always match many-to-many. */
export function isSetOperator(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}
