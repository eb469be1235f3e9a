/**
 * parser: PromQL text → our typed AST. Syntax comes from @prometheus-io/lezer-promql; this file walks
 * its tree, rejects what Prometheus 2.42 rejects (with its wording) and what we do not evaluate.
 */
import { parser as lezer } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { compileAnchored, regexError } from '../core/re2.js';
import { METRIC_NAME } from '../model/labels.js';
import type { Matcher, MatchType } from '../model/matcher.js';
import type { AggregateOp, AtModifier, BinaryOp, Cardinality, Expr, VectorMatching, VectorSelector } from './ast.js';
import { checkExpr, type CheckPositions } from './check.js';
import { parseDurationLiteral, parseNumberLiteral } from './literals.js';
import { functionSignature, UNSUPPORTED_FUNCTIONS } from './signatures.js';
import { unquoteString } from './strings.js';

/** ParseContext carries the source text so errors can point at line and column. */
export interface ParseContext {
  readonly text: string;
  /** renamed holds offsets of function names swapped for the grammar (see aliasFunctions). */
  readonly renamed?: ReadonlyMap<number, string>;
  /** numbers holds offsets of number literals rewritten for the grammar, with their original text. */
  readonly numbers?: ReadonlyMap<number, string>;
}

/**
 * FUNCTION_ALIASES maps 2.42 function names the 3.x grammar no longer knows to same-length names it
 * does, so offsets stay valid; the original name is restored when the call is converted.
 */
const FUNCTION_ALIASES: Readonly<Record<string, string>> = { holt_winters: 'day_of_month' };

/** aliasFunctions swaps aliased function names outside string literals and records where. */
function aliasFunctions(text: string): { text: string; renamed: Map<number, string>; numbers: Map<number, string> } {
  const renamed = new Map<number, string>();
  const numbers = new Map<number, string>();
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && quote !== '`') { out += text[++i] ?? ''; continue; }
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') { quote = c; out += c; continue; }
    if (c === '#') { const nl = text.indexOf('\n', i); const end = nl < 0 ? text.length : nl; out += text.slice(i, end); i = end - 1; continue; }
    const m = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(text.slice(i));
    if (m && (i === 0 || !/[A-Za-z0-9_:]/.test(text[i - 1]!))) {
      const alias = FUNCTION_ALIASES[m[0]];
      if (alias !== undefined && /^\s*\(/.test(text.slice(i + m[0].length))) {
        renamed.set(i, m[0]);
        out += alias;
      } else out += m[0];
      i += m[0].length - 1;
      continue;
    }
    const num = NUMBER_TOKEN.exec(text.slice(i));
    if (num && (i === 0 || !/[A-Za-z0-9_:.]/.test(text[i - 1]!))) {
      const tok = num[0];
      if (!LEZER_NUMBER.test(tok) && !/[A-Za-z0-9_]/.test(text[i + tok.length] ?? '')) {
        // Same length keeps every later offset valid; the original text is parsed on conversion.
        numbers.set(i, tok);
        out += '0' + ' '.repeat(tok.length - 1);
      } else out += tok;
      i += tok.length - 1;
      continue;
    }
    out += c;
  }
  return { text: out, renamed, numbers };
}

/**
 * NUMBER_TOKEN is what Prometheus 2.42's lexer scans as a number (scanNumber): digits (hex after
 * 0x/0X), an optional fraction that may be empty (`2.`), an optional exponent. lezer-promql rejects
 * some of these (`2.`, `1./6.`, `0X1F`), so they are swapped for a plain `0` of the same length.
 */
const NUMBER_TOKEN = /^(?:0[xX][0-9a-fA-F]*(?:\.[0-9a-fA-F]*)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d*)?/;
/** LEZER_NUMBER is the subset the grammar reads as it is. */
const LEZER_NUMBER = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;

/** positionAt converts a character offset to a 1-based line and column. */
export function positionAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; col = 1; } else col++;
  }
  return { line, col };
}

/** parseError builds the PROMQL_PARSE error at an offset. */
export function parseError(ctx: ParseContext, offset: number, msg: string, code: 'PROMQL_PARSE' | 'PROMQL_UNSUPPORTED' = 'PROMQL_PARSE'): DaemonError {
  const pos = positionAt(ctx.text, offset);
  return new DaemonError(ErrorCode[code], `${pos.line}:${pos.col}: parse error: ${msg}`, { position: pos });
}

const AGG_OPS: ReadonlySet<string> = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values']);

const BIN_OPS: Record<string, BinaryOp> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^', Atan2: 'atan2', Eql: '==', Neq: '!=', Gtr: '>', Lss: '<',
  Gte: '>=', Lte: '<=', And: 'and', Or: 'or', Unless: 'unless',
};

/** parseExpr parses and type-checks one PromQL expression. */
export function parseExpr(text: string): Expr {
  const aliased = aliasFunctions(text);
  const ctx: ParseContext = { text, renamed: aliased.renamed, numbers: aliased.numbers };
  if (text.trim() === '') throw parseError(ctx, 0, 'no expression found in input');
  checkNesting(ctx);
  try {
    const tree = lezer.parse(aliased.text);
    reportSyntaxErrors(ctx, tree.topNode);
    const first = tree.topNode.firstChild;
    if (!first) throw parseError(ctx, 0, 'no expression found in input');
    const e = convert(ctx, first);
    if (binaryDepth(e) > MAX_BINARY_DEPTH) {
      throw parseError(ctx, 0, `expression too long: more than ${MAX_BINARY_DEPTH} binary operators nested in one another`);
    }
    return e;
  } catch (err) {
    // A very long operator chain (`a + a + …`, thousands of terms) nests as deep as it is long.
    if (err instanceof RangeError) throw parseError(ctx, 0, 'expression too deeply nested to parse');
    throw err;
  }
}

/**
 * MAX_BINARY_DEPTH bounds chains like `a - b - c …`. The grammar gives up on such chains somewhere
 * between ~170 and ~650 operators depending on the operands and even the spacing, so a query could
 * parse while its own printed form did not (found by fuzzing); below the lowest limit seen, the
 * answer no longer depends on how the query is written.
 */
const MAX_BINARY_DEPTH = 128;

function binaryDepth(e: Expr): number {
  switch (e.type) {
    case 'Binary': return 1 + Math.max(binaryDepth(e.lhs), binaryDepth(e.rhs));
    case 'Paren': case 'Unary': return binaryDepth(e.expr);
    default: return 0;
  }
}

/** MAX_NESTING bounds bracket depth: far above what queries use, far below what the recursive passes can take. */
const MAX_NESTING = 200;

/**
 * checkNesting rejects bracket nesting deeper than MAX_NESTING in one linear scan, before the
 * grammar runs: deep nesting made parsing take seconds (the grammar's error recovery) or overflow
 * the stack (the conversion), found by fuzzing.
 */
function checkNesting(ctx: ParseContext): void {
  const t = ctx.text;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < t.length && t[i] !== c; i++) if (t[i] === '\\' && c !== '`') i++;
    } else if (c === '#') {
      while (i < t.length && t[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_NESTING) throw parseError(ctx, i, `expression nested too deeply (more than ${MAX_NESTING} levels of brackets)`);
    } else if (c === ')' || c === ']' || c === '}') depth--;
  }
}

function text(ctx: ParseContext, n: SyntaxNode): string {
  return ctx.text.slice(n.from, n.to);
}

/** numberText is a number node's original text, also where aliasFunctions rewrote it. */
function numberText(ctx: ParseContext, n: SyntaxNode): string {
  return ctx.numbers?.get(n.from) ?? text(ctx, n);
}

function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function reportSyntaxErrors(ctx: ParseContext, top: SyntaxNode): void {
  let err: SyntaxNode | null = null;
  top.cursor().iterate((n) => {
    if (err) return false;
    if (n.type.isError) { err = n.node; return false; }
    return true;
  });
  if (!err) return;
  const e: SyntaxNode = err;
  // A name directly followed by "(" is a call of a function the grammar does not know.
  const before = ctx.text.slice(0, e.from);
  const fn = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(before);
  if (fn && ctx.text.slice(e.from).trimStart().startsWith('(')) {
    const name = fn[1]!;
    if (UNSUPPORTED_FUNCTIONS.has(name)) throw parseError(ctx, fn.index, `function "${name}" is not supported`, 'PROMQL_UNSUPPORTED');
    if (!AGG_OPS.has(name)) throw parseError(ctx, fn.index, `unknown function with name "${name}"`);
  }
  const rest = ctx.text.slice(e.from).trimStart();
  if (rest === '') throw parseError(ctx, e.from, endOfInputMessage(ctx.text));
  const tok = /^(?:[A-Za-z_:][A-Za-z0-9_:]*|\d[\w.]*|"(?:[^"\\]|\\.)*"?|\S)/.exec(rest)![0];
  throw parseError(ctx, e.from + (ctx.text.slice(e.from).length - rest.length), `unexpected ${JSON.stringify(tok)}`);
}

/** endOfInputMessage words a truncated expression the way Prometheus' lexer does. */
function endOfInputMessage(text: string): string {
  const open: string[] = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') open.push(c);
    else if (c === ')' || c === '}' || c === ']') open.pop();
  }
  if (quote) return 'unterminated quoted string';
  const last = open[open.length - 1];
  if (last === '(') return 'unclosed left parenthesis';
  if (last === '{') return 'unexpected end of input inside braces';
  if (last === '[') return 'unexpected end of input inside brackets';
  return 'unexpected end of input';
}

function unsupported(ctx: ParseContext, n: SyntaxNode, what: string): DaemonError {
  return parseError(ctx, n.from, `${what} is not supported`, 'PROMQL_UNSUPPORTED');
}

function convert(ctx: ParseContext, n: SyntaxNode): Expr {
  const e = convertNode(ctx, n);
  return checkExpr(ctx, e, n.from, positionsOf(n));
}

/** positionsOf finds where the parts of a call, aggregation or binary start, for error positions. */
function positionsOf(n: SyntaxNode): CheckPositions {
  const cs = kids(n);
  if (n.name === 'FunctionCall' || n.name === 'AggregateExpr') {
    const body = cs.find((c) => c.name === 'FunctionCallBody');
    return { args: body ? kids(body).map((c) => c.from) : [] };
  }
  if (n.name === 'BinaryExpr') return { lhs: cs[0]!.from, op: cs[1]!.from, rhs: cs[cs.length - 1]!.from };
  return {};
}

function convertNode(ctx: ParseContext, n: SyntaxNode): Expr {
  switch (n.name) {
    case 'NumberDurationLiteral': return { type: 'NumberLiteral', value: parseNumberLiteral(ctx, n.from, numberText(ctx, n)) };
    case 'StringLiteral': return { type: 'StringLiteral', value: stringValue(ctx, n) };
    case 'ParenExpr': return { type: 'Paren', expr: convert(ctx, kids(n)[0]!) };
    case 'VectorSelector': return vectorSelector(ctx, n);
    case 'MatrixSelector': return matrixSelector(ctx, n);
    case 'SubqueryExpr': return subquery(ctx, n);
    case 'OffsetExpr': return offsetExpr(ctx, n);
    case 'StepInvariantExpr': return atExpr(ctx, n);
    case 'UnaryExpr': {
      const [op, e] = kids(n);
      const sign = text(ctx, op!) === '-' ? '-' : '+';
      const inner = convert(ctx, e!);
      // Prometheus folds a sign into a number literal (`+Inf` is the literal +Inf, `- -1` is 1), so the
      // printed `+Inf` parses back to the same literal instead of gaining a `+` per round trip.
      if (inner.type === 'NumberLiteral') return { type: 'NumberLiteral', value: sign === '-' ? -inner.value : inner.value };
      return { type: 'Unary', op: sign, expr: inner };
    }
    case 'FunctionCall': return call(ctx, n);
    case 'AggregateExpr': return aggregate(ctx, n);
    case 'BinaryExpr': return binary(ctx, n);
    default: return unsupportedNode(ctx, n);
  }
}

function unsupportedNode(ctx: ParseContext, n: SyntaxNode): never {
  throw unsupported(ctx, n, `expression "${text(ctx, n)}"`);
}

function stringValue(ctx: ParseContext, n: SyntaxNode): string {
  const r = unquoteString(text(ctx, n));
  if ('error' in r) throw parseError(ctx, n.from, r.error);
  return r.value;
}

function vectorSelector(ctx: ParseContext, n: SyntaxNode): VectorSelector {
  let name: string | undefined;
  const matchers: Matcher[] = [];
  for (const c of kids(n)) {
    if (c.name === 'Identifier') name = text(ctx, c);
    else if (c.name === 'LabelMatchers') {
      for (const lm of kids(c)) {
        if (lm.name !== 'UnquotedLabelMatcher') throw unsupported(ctx, lm, 'quoted (UTF-8) label names are');
        const [ln, op, val] = kids(lm);
        const m: Matcher = { name: text(ctx, ln!), type: text(ctx, op!) as MatchType, value: stringValue(ctx, val!) };
        // Reported at the matcher, as Prometheus does, so a long selector points at the bad regex.
        const why = m.type === '=~' || m.type === '!~' ? regexError(m.value) : undefined;
        if (why !== undefined) throw parseError(ctx, lm.from, why);
        matchers.push(m);
      }
    }
  }
  if (name !== undefined) {
    for (const m of matchers) {
      if (m.name === METRIC_NAME) throw parseError(ctx, n.from, `metric name must not be set twice: "${name}" or "${m.value}"`);
    }
    matchers.unshift({ name: METRIC_NAME, type: '=', value: name });
  }
  const nonEmpty = matchers.some((m) => !matchesEmpty(m));
  if (!nonEmpty) throw parseError(ctx, n.from, 'vector selector must contain at least one non-empty matcher');
  return name === undefined ? { type: 'VectorSelector', matchers, offsetMs: 0 } : { type: 'VectorSelector', name, matchers, offsetMs: 0 };
}

function matchesEmpty(m: Matcher): boolean {
  switch (m.type) {
    case '=': return m.value === '';
    case '!=': return m.value !== '';
    case '=~': return compileAnchored(m.value).test('');
    case '!~': return !compileAnchored(m.value).test('');
  }
}

function durationOf(ctx: ParseContext, n: SyntaxNode): number {
  const inner = n.name === 'NumberDurationLiteralInDurationContext' ? n : kids(n).length === 1 ? kids(n)[0]! : null;
  if (!inner || inner.name !== 'NumberDurationLiteralInDurationContext') throw unsupported(ctx, n, 'duration arithmetic');
  return parseDurationLiteral(ctx, inner.from, numberText(ctx, inner));
}

function matrixSelector(ctx: ParseContext, n: SyntaxNode): Expr {
  const [inner, dur] = kids(n);
  const rangeMs = durationOf(ctx, dur!);
  return pushDown(ctx, n.from, convert(ctx, inner!), (e) => {
    if (e.type !== 'VectorSelector') throw parseError(ctx, inner!.from, 'ranges only allowed for vector selectors');
    if (e.offsetMs !== 0) throw parseError(ctx, inner!.from, 'no offset modifiers allowed before range');
    if (e.at !== undefined) throw parseError(ctx, inner!.from, 'no @ modifiers allowed before range');
    return { type: 'MatrixSelector', vs: e, rangeMs };
  });
}

function subquery(ctx: ParseContext, n: SyntaxNode): Expr {
  const [inner, range, step] = kids(n);
  const rangeMs = durationOf(ctx, range!);
  const stepMs = step ? durationOf(ctx, step) : undefined;
  return pushDown(ctx, n.from, convert(ctx, inner!), (expr) => {
    const sq: Expr = stepMs === undefined
      ? { type: 'Subquery', expr, rangeMs, offsetMs: 0 }
      : { type: 'Subquery', expr, rangeMs, stepMs, offsetMs: 0 };
    return checkExpr(ctx, sq, n.from);
  });
}

function offsetExpr(ctx: ParseContext, n: SyntaxNode): Expr {
  const [inner, , durNode] = kids(n);
  let sign = 1;
  let d: SyntaxNode = durNode!;
  while (d.name === 'OffsetDurationExpr' && d.firstChild?.name === 'UnaryOp') {
    if (text(ctx, d.firstChild) === '-') sign = -sign;
    d = d.firstChild.nextSibling!;
  }
  const ms = sign * durationOf(ctx, d);
  return pushDown(ctx, n.from, convert(ctx, inner!), (e) => withOffset(ctx, n, e, ms));
}

/**
 * pushDown applies a postfix (`[range]`, `[range:step]`, `offset`, `@`) to the rightmost operand:
 * `a > b offset 5m` means `a > (b offset 5m)` in Prometheus, while the grammar hands us
 * `(a > b) offset 5m`. Rebuilt operators are checked again, since an operand's type may change.
 */
function pushDown(ctx: ParseContext, at: number, e: Expr, apply: (e: Expr) => Expr): Expr {
  if (e.type === 'Binary') return checkExpr(ctx, { ...e, rhs: pushDown(ctx, at, e.rhs, apply) }, at);
  if (e.type === 'Unary') return checkExpr(ctx, { ...e, expr: pushDown(ctx, at, e.expr, apply) }, at);
  return apply(e);
}

function withOffset(ctx: ParseContext, n: SyntaxNode, e: Expr, ms: number): Expr {
  const modify = (x: { offsetMs: number }): void => {
    if (x.offsetMs !== 0) throw parseError(ctx, n.from, 'offset may not be set multiple times');
  };
  switch (e.type) {
    case 'VectorSelector': modify(e); return { ...e, offsetMs: ms };
    case 'MatrixSelector': modify(e.vs); return { ...e, vs: { ...e.vs, offsetMs: ms } };
    case 'Subquery': modify(e); return { ...e, offsetMs: ms };
    default: throw parseError(ctx, n.from, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
  }
}

function atExpr(ctx: ParseContext, n: SyntaxNode): Expr {
  const [inner, , val] = kids(n);
  let at: AtModifier;
  if (val!.name === 'AtModifierPreprocessors') at = text(ctx, val!).startsWith('start') ? 'start' : 'end';
  else {
    const secs = parseNumberLiteral(ctx, val!.from, numberText(ctx, val!));
    if (!Number.isFinite(secs)) throw parseError(ctx, val!.from, `timestamp out of bounds for @ modifier: ${secs}`);
    at = Math.round(secs * 1000);
  }
  return pushDown(ctx, n.from, convert(ctx, inner!), (e) => withAt(ctx, n, e, at));
}

function withAt(ctx: ParseContext, n: SyntaxNode, e: Expr, at: AtModifier): Expr {
  const dup = (): DaemonError => parseError(ctx, n.from, '@ <timestamp> may not be set multiple times');
  switch (e.type) {
    case 'VectorSelector': if (e.at !== undefined) throw dup(); return { ...e, at };
    case 'MatrixSelector': if (e.vs.at !== undefined) throw dup(); return { ...e, vs: { ...e.vs, at } };
    case 'Subquery': if (e.at !== undefined) throw dup(); return { ...e, at };
    default: throw parseError(ctx, n.from, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
  }
}

function callArgs(ctx: ParseContext, body: SyntaxNode): Expr[] {
  return kids(body).map((c) => convert(ctx, c));
}

function call(ctx: ParseContext, n: SyntaxNode): Expr {
  const [id, body] = kids(n);
  const func = ctx.renamed?.get(id!.from) ?? text(ctx, id!);
  if (!functionSignature(func)) {
    if (UNSUPPORTED_FUNCTIONS.has(func)) throw unsupported(ctx, id!, `function "${func}"`);
    throw parseError(ctx, id!.from, `unknown function with name "${func}"`);
  }
  return { type: 'Call', func, args: callArgs(ctx, body!) };
}

function groupingLabels(ctx: ParseContext, n: SyntaxNode): string[] {
  return kids(n).map((c) => {
    if (c.name !== 'LabelName') throw unsupported(ctx, c, 'quoted (UTF-8) label names are');
    return text(ctx, c);
  });
}

function aggregate(ctx: ParseContext, n: SyntaxNode): Expr {
  let op = '';
  let grouping: string[] = [];
  let without = false;
  let args: Expr[] = [];
  for (const c of kids(n)) {
    if (c.name === 'AggregateOp') op = text(ctx, c).toLowerCase();
    else if (c.name === 'AggregateModifier') {
      const [kw, labels] = kids(c);
      without = kw!.name === 'Without';
      grouping = groupingLabels(ctx, labels!);
    } else if (c.name === 'FunctionCallBody') args = callArgs(ctx, c);
  }
  if (!AGG_OPS.has(op)) throw unsupported(ctx, n, `aggregation "${op}"`);
  const withParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
  if (args.length === 0) throw parseError(ctx, n.from, 'no arguments for aggregate expression provided');
  const want = withParam ? 2 : 1;
  if (args.length !== want) {
    throw parseError(ctx, n.from, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`);
  }
  const base = { type: 'Aggregate' as const, op: op as AggregateOp, grouping, without };
  return withParam ? { ...base, param: args[0]!, expr: args[1]! } : { ...base, expr: args[0]! };
}

function binary(ctx: ParseContext, n: SyntaxNode): Expr {
  const cs = kids(n);
  const lhs = convert(ctx, cs[0]!);
  const rhs = convert(ctx, cs[cs.length - 1]!);
  const opNode = cs[1]!;
  const op = BIN_OPS[opNode.name];
  if (!op) throw unsupported(ctx, opNode, `operator "${text(ctx, opNode)}"`);
  let bool = false;
  let card: Cardinality = 'one-to-one';
  let on = false;
  let labels: string[] = [];
  let include: string[] = [];
  for (const c of cs.slice(2, -1)) {
    if (c.name === 'BoolModifier') bool = true;
    else if (c.name === 'MatchingModifierClause') {
      for (const m of kids(c)) {
        if (m.name === 'On') on = true;
        else if (m.name === 'GroupLeft') card = 'many-to-one';
        else if (m.name === 'GroupRight') card = 'one-to-many';
        else if (m.name === 'GroupingLabels') {
          if (m.prevSibling?.name === 'GroupLeft' || m.prevSibling?.name === 'GroupRight') include = groupingLabels(ctx, m);
          else labels = groupingLabels(ctx, m);
        }
      }
    } else throw unsupported(ctx, c, `binary modifier "${text(ctx, c)}"`);
  }
  const matching: VectorMatching = { card, on, labels, include };
  // The grammar reads `-2 ^ 2` as (-2)^2, but a sign binds looser than `^` in Prometheus: -(2^2).
  const first = cs[0]!;
  const sign = text(ctx, first).trimStart()[0];
  if (op === '^' && first.name === 'NumberDurationLiteral' && (sign === '-' || sign === '+') && lhs.type === 'NumberLiteral') {
    const inner: Expr = { type: 'Binary', op, lhs: { type: 'NumberLiteral', value: Math.abs(lhs.value) }, rhs, bool, matching };
    return { type: 'Unary', op: sign, expr: checkExpr(ctx, inner, n.from, positionsOf(n)) };
  }
  return { type: 'Binary', op, lhs, rhs, bool, matching };
}
