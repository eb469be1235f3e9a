/**
 * functions: dispatch of PromQL function calls at one evaluation time. Range-vector functions run
 * once per window; everything else works on the evaluated instant vectors and scalars.
 */
import { DaemonError, ErrorCode } from '../../../core/errors.js';
import { METRIC_NAME, type Labels } from '../../../model/labels.js';
import type { Call, Expr } from '../../ast.js';
import type { EvalContext } from '../context.js';
import { asScalar, asVector, assertUniqueAfterDrop, assertUniqueLabels, evalNode } from '../eval.js';
import type { StepValue, VecSample } from '../types.js';
import { histogramQuantile } from './histogram.js';
import { labelJoin, labelReplace } from './label.js';
import { roundTo, simpleMath } from './math.js';
import { overTime } from './over-time.js';
import { changes, deriv, extrapolatedRate, holtWinters, instantValue, predictLinear, resets } from './rate.js';
import { dateFunctions } from './time.js';

/** absentLabels derives absent()'s output labels from the equality matchers of a selector argument. */
function absentLabels(arg: Expr): Labels {
  const vs = arg.type === 'VectorSelector' ? arg : arg.type === 'MatrixSelector' ? arg.vs : undefined;
  if (!vs) return {};
  const out: Record<string, string> = {};
  const drop: string[] = [];
  for (const m of vs.matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !(m.name in out)) out[m.name] = m.value;
    else drop.push(m.name);
  }
  for (const n of drop) delete out[n];
  for (const k of Object.keys(out)) if (out[k] === '') delete out[k];
  return out;
}

function str(ctx: EvalContext, e: Expr, ts: number): string {
  const x = evalNode(ctx, e, ts);
  return x.kind === 'string' ? x.s : '';
}

function vec(samples: VecSample[]): StepValue {
  return { kind: 'vector', samples };
}

function rangeFunction(ctx: EvalContext, e: Call, ts: number): StepValue {
  const f = e.func;
  const mIdx = f === 'quantile_over_time' ? 1 : 0;
  const m = evalNode(ctx, e.args[mIdx]!, ts);
  if (m.kind !== 'matrix') throw new DaemonError(ErrorCode.INTERNAL, `expected range vector in ${f}`);
  if (f === 'absent_over_time') {
    return vec(m.windows.length === 0 ? [{ labels: absentLabels(e.args[0]!), t: ts, v: 1 }] : []);
  }
  const s1 = e.args.length > 1 && mIdx === 0 ? asScalar(evalNode(ctx, e.args[1]!, ts)) : NaN;
  const s2 = e.args.length > 2 ? asScalar(evalNode(ctx, e.args[2]!, ts)) : NaN;
  const q = mIdx === 1 ? asScalar(evalNode(ctx, e.args[0]!, ts)) : NaN;
  if (f === 'holt_winters') {
    if (!(s1 > 0 && s1 < 1)) throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid smoothing factor. Expected: 0 < sf < 1, got: ${s1.toFixed(6)}`);
    if (!(s2 > 0 && s2 < 1)) throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid trend factor. Expected: 0 < tf < 1, got: ${s2.toFixed(6)}`);
  }
  const out: VecSample[] = [];
  for (const w of m.windows) {
    let v: number | undefined;
    switch (f) {
      case 'rate': v = extrapolatedRate(w, m.rangeStart, m.rangeEnd, m.rangeMs, true, true); break;
      case 'increase': v = extrapolatedRate(w, m.rangeStart, m.rangeEnd, m.rangeMs, true, false); break;
      case 'delta': v = extrapolatedRate(w, m.rangeStart, m.rangeEnd, m.rangeMs, false, false); break;
      case 'irate': v = instantValue(w, true); break;
      case 'idelta': v = instantValue(w, false); break;
      case 'deriv': v = deriv(w); break;
      case 'predict_linear': v = predictLinear(w, ts, s1); break;
      case 'resets': v = resets(w); break;
      case 'changes': v = changes(w); break;
      case 'holt_winters': v = holtWinters(w, s1, s2); break;
      default: v = overTime(f, w, q);
    }
    if (v === undefined) continue;
    out.push({ labels: f === 'last_over_time' ? w.labels : ctx.labels.dropName(w.labels), t: ts, v });
  }
  // last_over_time keeps each input's labels, so its output is as unique as its input.
  if (f !== 'last_over_time') assertUniqueAfterDrop(ctx, m.windows, out);
  return vec(out);
}

const RANGE_FUNCTIONS: ReadonlySet<string> = new Set(['rate', 'increase', 'delta', 'irate', 'idelta', 'deriv', 'predict_linear',
  'resets', 'changes', 'holt_winters', 'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time',
  'stddev_over_time', 'stdvar_over_time', 'last_over_time', 'present_over_time', 'quantile_over_time', 'absent_over_time']);

/** evalCall evaluates a function call at `ts`. */
export function evalCall(ctx: EvalContext, e: Call, ts: number): StepValue {
  if (RANGE_FUNCTIONS.has(e.func)) return rangeFunction(ctx, e, ts);
  const out = instantFunction(ctx, e, ts);
  // Prometheus checks every step's output of a function for duplicate label sets.
  if (out.kind === 'vector') assertUniqueLabels(ctx, out.samples);
  return out;
}

function instantFunction(ctx: EvalContext, e: Call, ts: number): StepValue {
  const f = e.func;
  const arg = (i: number): StepValue => evalNode(ctx, e.args[i]!, ts);
  const mapVec = (fn: (x: number) => number): StepValue =>
    vec(asVector(arg(0)).map((s) => ({ labels: ctx.labels.dropName(s.labels), t: ts, v: fn(s.v) })));
  const math = simpleMath[f];
  if (math) return mapVec(math);
  const date = dateFunctions[f];
  if (date) {
    if (e.args.length === 0) return vec([{ labels: {}, t: ts, v: date(ts / 1000) }]);
    return mapVec(date);
  }
  switch (f) {
    case 'time': return { kind: 'scalar', v: ts / 1000 };
    case 'pi': return { kind: 'scalar', v: Math.PI };
    case 'vector': return vec([{ labels: {}, t: ts, v: asScalar(arg(0)) }]);
    case 'scalar': {
      const v = asVector(arg(0));
      return { kind: 'scalar', v: v.length === 1 ? v[0]!.v : NaN };
    }
    case 'round': {
      const to = e.args.length > 1 ? asScalar(arg(1)) : 1;
      return mapVec((x) => roundTo(x, to));
    }
    case 'clamp': {
      const input = asVector(arg(0));
      const min = asScalar(arg(1));
      const max = asScalar(arg(2));
      if (max < min) return vec([]);
      return vec(input.map((s) => ({ labels: ctx.labels.dropName(s.labels), t: ts, v: Math.max(min, Math.min(max, s.v)) })));
    }
    case 'clamp_min': {
      const input = asVector(arg(0));
      const min = asScalar(arg(1));
      return vec(input.map((s) => ({ labels: ctx.labels.dropName(s.labels), t: ts, v: Math.max(min, s.v) })));
    }
    case 'clamp_max': {
      const input = asVector(arg(0));
      const max = asScalar(arg(1));
      return vec(input.map((s) => ({ labels: ctx.labels.dropName(s.labels), t: ts, v: Math.min(max, s.v) })));
    }
    case 'timestamp': {
      // A (parenthesised) selector reports each sample's own time; anything else was evaluated at ts.
      let inner = e.args[0]!;
      while (inner.type === 'Paren') inner = inner.expr;
      const direct = inner.type === 'VectorSelector';
      return vec(asVector(arg(0)).map((s) => ({ labels: ctx.labels.dropName(s.labels), t: ts, v: (direct ? s.t : ts) / 1000 })));
    }
    case 'absent': {
      const v = asVector(arg(0));
      return vec(v.length === 0 ? [{ labels: absentLabels(e.args[0]!), t: ts, v: 1 }] : []);
    }
    case 'sort': case 'sort_desc': {
      const v = asVector(arg(0)).map((s) => ({ labels: s.labels, t: ts, v: s.v }));
      const desc = f === 'sort_desc';
      v.sort((a, b) => {
        const an = Number.isNaN(a.v);
        const bn = Number.isNaN(b.v);
        if (an || bn) return an === bn ? 0 : an ? 1 : -1;
        return desc ? b.v - a.v : a.v - b.v;
      });
      return vec(v);
    }
    case 'label_replace':
      return vec(labelReplace(asVector(arg(0)), str(ctx, e.args[1]!, ts), str(ctx, e.args[2]!, ts), str(ctx, e.args[3]!, ts), str(ctx, e.args[4]!, ts)));
    case 'label_join':
      return vec(labelJoin(asVector(arg(0)), str(ctx, e.args[1]!, ts), str(ctx, e.args[2]!, ts), e.args.slice(3).map((a) => str(ctx, a, ts))));
    case 'histogram_quantile': return vec(histogramQuantile(asScalar(arg(0)), asVector(arg(1)), ts));
    default: throw new DaemonError(ErrorCode.PROMQL_UNSUPPORTED, `function "${f}" is not supported`);
  }
}
