/**
 * binary: arithmetic, comparison and set operators between scalars and vectors, following
 * Prometheus 2.42's VectorBinop/VectorscalarBinop (including which operators drop the metric name
 * and its many-to-many error wording).
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { formatLabels, METRIC_NAME, type Labels } from '../../model/labels.js';
import { isComparison, type Binary, type BinaryOp, type VectorMatching } from '../ast.js';
import type { EvalContext } from './context.js';
import { goAtan2, goPow } from './functions/gomath.js';
import { asScalar, asVector, assertUniqueAfterDrop, assertUniqueLabels, evalNode } from './eval.js';
import type { StepValue, VecSample } from './types.js';

export { goPow };

/** applyOp computes `lhs op rhs`; `keep` is false when a comparison filters the element out. */
function applyOp(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+': return [l + r, true];
    case '-': return [l - r, true];
    case '*': return [l * r, true];
    case '/': return [l / r, true];
    case '%': return [l % r, true];
    case '^': return [goPow(l, r), true];
    case 'atan2': return [goAtan2(l, r), true];
    case '==': return [l, l === r];
    case '!=': return [l, l !== r];
    case '>': return [l, l > r];
    case '<': return [l, l < r];
    case '>=': return [l, l >= r];
    case '<=': return [l, l <= r];
    default: throw new DaemonError(ErrorCode.INTERNAL, `operator ${op} is not arithmetic`);
  }
}

/** dropsName tells the operators whose result loses `__name__` (atan2 keeps it in 2.42). */
function dropsName(op: BinaryOp): boolean {
  return op === '+' || op === '-' || op === '*' || op === '/' || op === '%' || op === '^';
}

/** evalBinary evaluates a binary expression at `ts`. */
export function evalBinary(ctx: EvalContext, e: Binary, ts: number): StepValue {
  const l = evalNode(ctx, e.lhs, ts);
  const r = evalNode(ctx, e.rhs, ts);
  if (l.kind === 'scalar' && r.kind === 'scalar') {
    const [v, keep] = applyOp(e.op, l.v, r.v);
    return { kind: 'scalar', v: isComparison(e.op) ? (keep ? 1 : 0) : v };
  }
  // Prometheus checks every output for two samples with one label set. Inputs are unique, so only
  // outputs whose labels were rebuilt can collide: a vector/scalar result that dropped the name,
  // and vector/vector results. Set operations return input samples whose sets cannot coincide.
  let out: VecSample[];
  if (l.kind === 'scalar' || r.kind === 'scalar') {
    const input = asVector(l.kind === 'scalar' ? r : l);
    out = l.kind === 'scalar' ? vectorScalar(ctx, e, input, l.v, true, ts) : vectorScalar(ctx, e, input, asScalar(r), false, ts);
    if (dropsName(e.op) || e.bool) assertUniqueAfterDrop(ctx, input, out);
  } else if (e.op === 'and' || e.op === 'or' || e.op === 'unless') {
    out = setOp(ctx, e.op, e.matching, asVector(l), asVector(r), ts);
  } else {
    out = vectorVector(ctx, e, asVector(l), asVector(r), ts);
    assertUniqueLabels(ctx, out);
  }
  return { kind: 'vector', samples: out };
}

function vectorScalar(ctx: EvalContext, e: Binary, vec: VecSample[], scalar: number, swap: boolean, ts: number): VecSample[] {
  const out: VecSample[] = [];
  const drop = dropsName(e.op) || e.bool;
  for (const s of vec) {
    const lv = swap ? scalar : s.v;
    const rv = swap ? s.v : scalar;
    let [value, keep] = applyOp(e.op, lv, rv);
    // With the scalar on the left of a comparison the vector's value is still the result.
    if (isComparison(e.op) && swap) value = rv;
    if (e.bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (keep) out.push({ labels: drop ? ctx.labels.dropName(s.labels) : s.labels, t: ts, v: value });
  }
  return out;
}

function setOp(ctx: EvalContext, op: 'and' | 'or' | 'unless', m: VectorMatching, lhs: VecSample[], rhs: VecSample[], ts: number): VecSample[] {
  const sig = ctx.labels.signature(m.on, m.labels);
  const stamp = (s: VecSample): VecSample => ({ labels: s.labels, t: ts, v: s.v });
  if (op === 'or') {
    const left = new Set(lhs.map((s) => sig(s.labels)));
    return [...lhs.map(stamp), ...rhs.filter((s) => !left.has(sig(s.labels))).map(stamp)];
  }
  const right = new Set(rhs.map((s) => sig(s.labels)));
  const want = op === 'and';
  return lhs.filter((s) => right.has(sig(s.labels)) === want).map(stamp);
}

function matchLabels(l: Labels, m: VectorMatching): Labels {
  const out: Record<string, string> = {};
  for (const k in l) {
    const listed = m.labels.includes(k);
    if (m.on ? listed : !listed && k !== METRIC_NAME) out[k] = l[k]!;
  }
  return out;
}

function resultLabels(ls: Labels, rs: Labels, e: Binary): Labels {
  const m = e.matching;
  const out: Record<string, string> = { ...ls };
  if (dropsName(e.op)) delete out[METRIC_NAME];
  if (m.card === 'one-to-one') {
    for (const k of Object.keys(out)) {
      const listed = m.labels.includes(k);
      if (m.on ? !listed : listed) delete out[k];
    }
  }
  for (const k of m.include) {
    const v = rs[k];
    if (v !== undefined && v !== '') out[k] = v;
    else delete out[k];
  }
  return out;
}

function vectorVector(ctx: EvalContext, e: Binary, lhsIn: VecSample[], rhsIn: VecSample[], ts: number): VecSample[] {
  const m = e.matching;
  const sig = ctx.labels.signature(m.on, m.labels);
  const swap = m.card === 'one-to-many';
  const lhs = swap ? rhsIn : lhsIn;
  const rhs = swap ? lhsIn : rhsIn;
  const right = new Map<string, VecSample>();
  for (const rs of rhs) {
    const k = sig(rs.labels);
    const dup = right.get(k);
    if (dup) {
      throw new DaemonError(ErrorCode.PROMQL_EVAL,
        `found duplicate series for the match group ${formatLabels(matchLabels(rs.labels, m))} on the ${swap ? 'left' : 'right'} hand-side of the operation: ` +
        `[${formatLabels(rs.labels)}, ${formatLabels(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`);
    }
    right.set(k, rs);
  }
  const matched = new Map<string, Set<string> | null>();
  const out: VecSample[] = [];
  for (const ls of lhs) {
    const k = sig(ls.labels);
    const rs = right.get(k);
    if (!rs) continue;
    const res = swap ? applyOp(e.op, rs.v, ls.v) : applyOp(e.op, ls.v, rs.v);
    let value = res[0];
    const keep = res[1];
    if (e.bool) value = keep ? 1 : 0;
    else if (!keep) continue;
    let labels = resultLabels(ls.labels, rs.labels, e);
    if (e.bool) labels = ctx.labels.dropName(labels);
    const seen = matched.get(k);
    if (m.card === 'one-to-one') {
      if (seen !== undefined) {
        throw new DaemonError(ErrorCode.PROMQL_EVAL, 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      }
      matched.set(k, null);
    } else {
      const lk = ctx.labels.keyOf(labels);
      if (seen === undefined || seen === null) matched.set(k, new Set([lk]));
      else if (seen.has(lk)) throw new DaemonError(ErrorCode.PROMQL_EVAL, 'multiple matches for labels: grouping labels must ensure unique matches');
      else seen.add(lk);
    }
    out.push({ labels, t: ts, v: value });
  }
  return out;
}
