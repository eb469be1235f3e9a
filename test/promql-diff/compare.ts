/**
 * compare: normalises query results from Prometheus' HTTP API and from our engine into one shape
 * and compares them: same label sets, same timestamps, values within 1e-9 relative, NaN = NaN,
 * and errors where Prometheus errors.
 */
import { DaemonError } from '../../src/core/errors.js';
import { labelsKey, type Labels } from '../../src/model/labels.js';
import type { Matrix, QueryValue } from '../../src/promql/index.js';
import type { PromResponse } from './prometheus.js';

/** Outcome is a result reduced to what both sides can be compared on. */
export type Outcome =
  | { kind: 'error'; message: string }
  | { kind: 'scalar'; v: number }
  | { kind: 'string'; v: string }
  | { kind: 'series'; series: Array<{ key: string; t: number[]; v: number[] }> };

function num(s: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  return Number(s);
}

type PromPoint = [number, string];
interface PromSeries { metric: Labels; value?: PromPoint; values?: PromPoint[] }

/** fromProm converts an API response. */
export function fromProm(r: PromResponse): Outcome {
  if (r.status === 'error') return { kind: 'error', message: `${r.errorType}: ${r.error}` };
  const { resultType, result } = r.data;
  if (resultType === 'scalar') return { kind: 'scalar', v: num((result as PromPoint)[1]) };
  if (resultType === 'string') return { kind: 'string', v: (result as PromPoint)[1] };
  const series = (result as PromSeries[]).map((s) => {
    const pts = s.values ?? (s.value ? [s.value] : []);
    return { key: labelsKey(s.metric), t: pts.map((p) => Math.round(p[0] * 1000)), v: pts.map((p) => num(p[1])) };
  });
  return { kind: 'series', series };
}

/** fromOurs runs one of our queries and converts its result or error. */
export function fromOurs(run: () => QueryValue | Matrix): Outcome {
  let r: QueryValue | Matrix;
  try {
    r = run();
  } catch (err) {
    if (DaemonError.is(err)) return { kind: 'error', message: `${err.code}: ${err.message}` };
    throw err;
  }
  if (Array.isArray(r)) return { kind: 'series', series: r.map((s) => ({ key: labelsKey(s.labels), t: s.t, v: s.v })) };
  switch (r.type) {
    case 'scalar': return { kind: 'scalar', v: r.v };
    case 'string': return { kind: 'string', v: r.v };
    case 'vector': return { kind: 'series', series: r.samples.map((s) => ({ key: labelsKey(s.labels), t: [s.t], v: [s.v] })) };
    case 'matrix': return { kind: 'series', series: r.series.map((s) => ({ key: labelsKey(s.labels), t: s.t, v: s.v })) };
  }
}

/** close is the value comparison: NaN = NaN, infinities exact, otherwise 1e-9 relative (1e-12 absolute near zero). */
export function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const d = Math.abs(a - b);
  return d <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || d < 1e-12;
}

/** diff returns a description of the first difference, or undefined when the outcomes agree. */
export function diff(prom: Outcome, ours: Outcome, ordered: boolean): string | undefined {
  if (prom.kind === 'error' || ours.kind === 'error') {
    if (prom.kind === 'error' && ours.kind === 'error') return undefined;
    return prom.kind === 'error' ? `prometheus failed (${prom.message}), we did not` : `we failed (${(ours as { message: string }).message}), prometheus did not`;
  }
  if (prom.kind !== ours.kind) return `result kind ${prom.kind} vs ${ours.kind}`;
  if (prom.kind === 'scalar' && ours.kind === 'scalar') return close(prom.v, ours.v) ? undefined : `scalar ${prom.v} vs ${ours.v}`;
  if (prom.kind === 'string' && ours.kind === 'string') return prom.v === ours.v ? undefined : `string ${prom.v} vs ${ours.v}`;
  if (prom.kind !== 'series' || ours.kind !== 'series') return 'unreachable';
  const mine = new Map(ours.series.map((s) => [s.key, s]));
  if (mine.size !== ours.series.length) return 'our result has duplicate label sets';
  if (prom.series.length !== ours.series.length) {
    const pk = new Set(prom.series.map((s) => s.key));
    const extra = ours.series.filter((s) => !pk.has(s.key)).map((s) => s.key);
    const missing = prom.series.filter((s) => !mine.has(s.key)).map((s) => s.key);
    return `${prom.series.length} series vs ${ours.series.length}; missing ${missing.slice(0, 3).join(' ')} extra ${extra.slice(0, 3).join(' ')}`;
  }
  if (ordered) {
    const pv = prom.series.map((s) => s.v[0]!);
    const ov = ours.series.map((s) => s.v[0]!);
    if (pv.some((v, i) => !close(v, ov[i]!))) return `order differs: ${pv.slice(0, 5).join(',')} vs ${ov.slice(0, 5).join(',')}`;
  }
  for (const p of prom.series) {
    const o = mine.get(p.key);
    if (!o) return `missing series ${p.key}`;
    if (p.t.length !== o.t.length) return `${p.key}: ${p.t.length} points vs ${o.t.length}`;
    for (let i = 0; i < p.t.length; i++) {
      if (p.t[i] !== o.t[i]) return `${p.key}: point ${i} at ${p.t[i]} vs ${o.t[i]}`;
      if (!close(p.v[i]!, o.v[i]!)) return `${p.key}: at ${p.t[i]} value ${p.v[i]} vs ${o.v[i]}`;
    }
  }
  return undefined;
}
