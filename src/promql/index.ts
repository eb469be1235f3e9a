/**
 * promql: public surface of the PromQL stage: parse, print, evaluate.
 */
export type * from './ast.js';
export { parseExpr } from './parser.js';
export { formatExpr } from './format.js';
export { typeOf } from './signatures.js';
export { instantQuery, rangeQuery } from './engine/query.js';
export { instantQueryAsync, rangeQueryAsync, type AsyncOptions } from './engine/query-async.js';
export { QueryGate } from './engine/gate.js';
export type { EngineOptions, Matrix, QueryValue } from './engine/types.js';
