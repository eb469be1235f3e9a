/**
 * aggregate: `sum avg min max count group stddev stdvar topk bottomk quantile count_values` with
 * by/without, using Prometheus 2.42's incremental formulas so results agree to the last bits, and
 * its heap discipline for topk/bottomk so ties keep the same elements.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { METRIC_NAME, type Labels } from '../../model/labels.js';
import type { Aggregate } from '../ast.js';
import type { EvalContext } from './context.js';
import { asScalar, asVector, evalNode } from './eval.js';
import { formatFloat } from './label-sets.js';
import { quantile } from './stats.js';
import type { StepValue, VecSample } from './types.js';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  heap: VecSample[];
  values: number[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;


function groupLabels(l: Labels, grouping: readonly string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  if (without) {
    for (const k in l) if (k !== METRIC_NAME && !grouping.includes(k)) out[k] = l[k]!;
  } else {
    for (const k of grouping) if (l[k] !== undefined && l[k] !== '') out[k] = l[k]!;
  }
  return out;
}

/** heapLess is Prometheus' vectorByValueHeap order (NaN lowest); `reverse` gives the bottomk order. */
function heapLess(a: number, b: number, reverse: boolean): boolean {
  if (Number.isNaN(a) && !Number.isNaN(b)) return true;
  return reverse ? a > b : a < b;
}

function heapUp(h: VecSample[], j: number, rev: boolean): void {
  while (j > 0) {
    const i = (j - 1) >> 1;
    if (i === j || !heapLess(h[j]!.v, h[i]!.v, rev)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    j = i;
  }
}

function heapDown(h: VecSample[], i0: number, rev: boolean, n: number): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n || j1 < 0) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && heapLess(h[j2]!.v, h[j1]!.v, rev)) j = j2;
    if (!heapLess(h[j]!.v, h[i]!.v, rev)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    i = j;
  }
  return i > i0;
}

/** evalAggregate evaluates an aggregation at `ts`. */
export function evalAggregate(ctx: EvalContext, e: Aggregate, ts: number): StepValue {
  const vec = asVector(evalNode(ctx, e.expr, ts));
  const param = e.param ? evalNode(ctx, e.param, ts) : undefined;
  let grouping = e.grouping;
  let k = 0;
  let valueLabel = '';
  if (e.op === 'topk' || e.op === 'bottomk') {
    const f = asScalar(param!);
    if (!Number.isFinite(f) || Math.abs(f) >= 2 ** 63) throw new DaemonError(ErrorCode.PROMQL_EVAL, `Scalar value ${formatFloat(f)} overflows int64`);
    k = Math.trunc(f);
    if (k < 1) return { kind: 'vector', samples: [] };
  }
  if (e.op === 'count_values') {
    valueLabel = param!.kind === 'string' ? param!.s : '';
    if (!LABEL_NAME.test(valueLabel)) throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid label name "${valueLabel}"`);
    if (!e.without) grouping = [...grouping, valueLabel];
  }
  // The grouping key is the matching signature Prometheus uses: by → only these labels, without → all others but the name.
  const groupKey = ctx.labels.signature(!e.without, grouping);
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  const rev = e.op === 'bottomk';
  for (const s of vec) {
    let labels = s.labels;
    if (e.op === 'count_values') labels = { ...labels, [valueLabel]: formatFloat(s.v) };
    const key = groupKey(labels);
    let g = groups.get(key);
    if (!g) {
      g = { labels: groupLabels(labels, grouping, e.without), value: s.v, mean: s.v, count: 1, heap: [], values: [] };
      groups.set(key, g);
      order.push(g);
      if (e.op === 'stddev' || e.op === 'stdvar') g.value = 0;
      if (e.op === 'count' || e.op === 'group' || e.op === 'count_values') g.value = 1;
      if (e.op === 'topk' || e.op === 'bottomk') g.heap.push({ labels: s.labels, t: ts, v: s.v });
      if (e.op === 'quantile') g.values.push(s.v);
      continue;
    }
    accumulate(e.op, g, s, k, rev, ts);
  }
  const out: VecSample[] = [];
  for (const g of order) {
    switch (e.op) {
      case 'avg': out.push({ labels: g.labels, t: ts, v: g.mean }); break;
      case 'stddev': out.push({ labels: g.labels, t: ts, v: Math.sqrt(g.value / g.count) }); break;
      case 'stdvar': out.push({ labels: g.labels, t: ts, v: g.value / g.count }); break;
      case 'quantile': out.push({ labels: g.labels, t: ts, v: quantile(asScalar(param!), g.values) }); break;
      case 'topk': case 'bottomk': {
        const sorted = [...g.heap].sort((a, b) => (heapLess(a.v, b.v, rev) ? 1 : heapLess(b.v, a.v, rev) ? -1 : 0));
        out.push(...sorted);
        break;
      }
      default: out.push({ labels: g.labels, t: ts, v: g.value });
    }
  }
  return { kind: 'vector', samples: out };
}

function accumulate(op: Aggregate['op'], g: Group, s: VecSample, k: number, rev: boolean, ts: number): void {
  const v = s.v;
  switch (op) {
    case 'sum': g.value += v; return;
    case 'avg': {
      g.count++;
      if (!Number.isFinite(g.mean) && !Number.isNaN(g.mean)) {
        if (!Number.isFinite(v) && !Number.isNaN(v) && (g.mean > 0) === (v > 0)) return;
        if (Number.isFinite(v)) return;
      }
      g.mean += v / g.count - g.mean / g.count;
      return;
    }
    case 'max': if (g.value < v || Number.isNaN(g.value)) g.value = v; return;
    case 'min': if (g.value > v || Number.isNaN(g.value)) g.value = v; return;
    case 'count': case 'count_values': g.value++; return;
    case 'group': return;
    case 'stddev': case 'stdvar': {
      g.count++;
      const delta = v - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (v - g.mean);
      return;
    }
    case 'topk': case 'bottomk': {
      // Same sequence as 2.42 (condition, then heap.Pop + heap.Push), so ties evict the same element.
      const h = g.heap;
      const top = h[0]!.v;
      const better = rev ? top > v : top < v;
      if (h.length < k || better || Number.isNaN(top)) {
        if (h.length === k) {
          if (k === 1) {
            h[0] = { labels: s.labels, t: ts, v };
            return;
          }
          const last = h.length - 1;
          [h[0], h[last]] = [h[last]!, h[0]!];
          heapDown(h, 0, rev, last);
          h.pop();
        }
        h.push({ labels: s.labels, t: ts, v });
        heapUp(h, h.length - 1, rev);
      }
      return;
    }
    case 'quantile': g.values.push(v); return;
  }
}
