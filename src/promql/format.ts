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
  const inner = ms.map((m) => `${m.name}${m.type}${quoteString(m.value)}`).join(', ');
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
      const m = e.matching;
      let mod = e.bool ? ' bool' : '';
      if (m.on || m.labels.length > 0) mod += ' ' + (m.on ? 'on' : 'ignoring') + `(${m.labels.join(', ')})`;
      if (m.card === 'many-to-one') mod += ` group_left(${m.include.join(', ')})`;
      if (m.card === 'one-to-many') mod += ` group_right(${m.include.join(', ')})`;
      let lhs = formatExpr(e.lhs);
      // A signed literal before `^` would read back as a sign over the power (`+Inf ^ x` is `+(Inf ^ x)`).
      if (e.op === '^' && e.lhs.type === 'NumberLiteral' && /^[+-]/.test(lhs)) lhs = `(${lhs})`;
      return `${lhs} ${e.op}${mod} ${formatExpr(e.rhs)}`;
    }
    case 'Unary': return `${e.op}${formatExpr(e.expr)}`;
    case 'Paren': return `(${formatExpr(e.expr)})`;
  }
}
