/**
 * format: canonical PromQL printing of our AST, close to Prometheus' `String()` output, used in API
 * output, error messages and round-trip tests.
 */
import { formatDuration } from '../model/duration.js';
import { METRIC_NAME } from '../model/labels.js';
import type { AtModifier, Expr, VectorSelector } from './ast.js';
import { quoteString } from './strings.js';

/** formatNumber prints a float like Go's FormatFloat(v, 'f', -1, 64) for ordinary values. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  // Go's %v of a float64: the shortest digits, in exponent form when the exponent is below -4 or
  // at least 6 (so 1e+06, 1.5e-05, but 100000 and 0.0001), the exponent with at least two digits.
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

function formatAt(at: AtModifier | undefined): string {
  if (at === undefined) return '';
  if (at === 'start') return ' @ start()';
  if (at === 'end') return ' @ end()';
  return ' @ ' + (at / 1000).toFixed(3);
}

function formatOffset(ms: number): string {
  if (ms === 0) return '';
  return ms < 0 ? ' offset -' + formatDuration(-ms) : ' offset ' + formatDuration(ms);
}

function formatSelectorBody(vs: VectorSelector): string {
  const ms = vs.matchers.filter((m) => !(vs.name !== undefined && m.name === METRIC_NAME && m.type === '=' && m.value === vs.name));
  // As Prometheus prints a selector: matchers sorted as text and joined by "," alone.
  const inner = ms.map((m) => `${m.name}${m.type}${quoteString(m.value)}`).sort().join(',');
  return (vs.name ?? '') + (ms.length > 0 || vs.name === undefined ? `{${inner}}` : '');
}

function grouping(kw: string, labels: readonly string[]): string {
  return `${kw} (${labels.join(', ')})`;
}

/** formatExpr renders an expression as canonical PromQL text. */
export function formatExpr(e: Expr): string {
  switch (e.type) {
    case 'NumberLiteral': return formatNumber(e.value);
    case 'StringLiteral': return quoteString(e.value);
    case 'VectorSelector': return formatSelectorBody(e) + formatOffset(e.offsetMs) + formatAt(e.at);
    case 'MatrixSelector':
      return `${formatSelectorBody(e.vs)}[${formatDuration(e.rangeMs)}]` + formatOffset(e.vs.offsetMs) + formatAt(e.vs.at);
    case 'Subquery': {
      const step = e.stepMs === undefined ? '' : formatDuration(e.stepMs);
      return `${formatExpr(e.expr)}[${formatDuration(e.rangeMs)}:${step}]` + formatOffset(e.offsetMs) + formatAt(e.at);
    }
    case 'Call': return `${e.func}(${e.args.map(formatExpr).join(', ')})`;
    case 'Aggregate': {
      let head: string = e.op;
      if (e.without) head += ' ' + grouping('without', e.grouping) + ' ';
      else if (e.grouping.length > 0) head += ' ' + grouping('by', e.grouping) + ' ';
      const args = e.param ? `${formatExpr(e.param)}, ${formatExpr(e.expr)}` : formatExpr(e.expr);
      return `${head}(${args})`;
    }
    case 'Binary': {
      let lhs = formatExpr(e.lhs);
      // A signed literal before `^` would read back as a sign over the power (`+Inf ^ x` is `+(Inf ^ x)`).
      if (e.op === '^' && e.lhs.type === 'NumberLiteral' && /^[+-]/.test(lhs)) lhs = `(${lhs})`;
      return `${lhs} ${e.op}${binaryModifier(e)} ${formatExpr(e.rhs)}`;
    }
    case 'Unary': return `${e.op}${formatExpr(e.expr)}`;
    case 'Paren': return `(${formatExpr(e.expr)})`;
  }
}

/** binaryModifier is what follows a binary operator: ` bool`, ` on (x)`/` ignoring (x)`, ` group_left (y)`. */
function binaryModifier(e: Extract<Expr, { type: 'Binary' }>): string {
  const m = e.matching;
  let mod = e.bool ? ' bool' : '';
  // Spaced as Prometheus prints them: `on (x) group_left (y)`.
  if (m.on || m.labels.length > 0) mod += ' ' + (m.on ? 'on' : 'ignoring') + ` (${m.labels.join(', ')})`;
  if (m.card === 'many-to-one') mod += ` group_left (${m.include.join(', ')})`;
  if (m.card === 'one-to-many') mod += ` group_right (${m.include.join(', ')})`;
  return mod;
}

/** PRETTY_LINE is the line length past which prettyExpr breaks a node up, as Prometheus' printer does. */
export const PRETTY_LINE = 100;

/**
 * prettyExpr prints an expression the way Prometheus' /api/v1/format_query does: a node whose
 * one-line form fits in 100 characters stays on one line (indented two spaces per level); a longer
 * aggregation, call or parenthesis puts its arguments on their own lines, and a longer binary
 * expression puts its operator on a line between its operands.
 */
export function prettyExpr(e: Expr, level = 0): string {
  const ind = '  '.repeat(level);
  const flat = formatExpr(e);
  if (flat.length <= PRETTY_LINE) return ind + flat;
  switch (e.type) {
    case 'Aggregate': {
      let head: string = e.op;
      if (e.without) head += ' ' + grouping('without', e.grouping) + ' ';
      else if (e.grouping.length > 0) head += ' ' + grouping('by', e.grouping) + ' ';
      const param = e.param ? prettyExpr(e.param, level + 1) + ',\n' : '';
      return `${ind}${head}(\n${param}${prettyExpr(e.expr, level + 1)}\n${ind})`;
    }
    case 'Binary':
      return `${prettyExpr(e.lhs, level + 1)}\n${ind}${e.op}${binaryModifier(e)}\n${prettyExpr(e.rhs, level + 1)}`;
    case 'Call':
      return `${ind}${e.func}(\n${e.args.map((a) => prettyExpr(a, level + 1)).join(',\n')}\n${ind})`;
    case 'Paren':
      return `${ind}(\n${prettyExpr(e.expr, level + 1)}\n${ind})`;
    case 'Subquery': {
      const step = e.stepMs === undefined ? '' : formatDuration(e.stepMs);
      return `${prettyExpr(e.expr, level)}[${formatDuration(e.rangeMs)}:${step}]` + formatOffset(e.offsetMs) + formatAt(e.at);
    }
    case 'Unary':
      return `${ind}${e.op}${prettyExpr(e.expr, level).trimStart()}`;
    default:
      return ind + flat;
  }
}
