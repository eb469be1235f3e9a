/**
 * chart-data: the series a notification chart shows for one target and verdict, read from the
 * store. Memory verdicts show usage, working set, RSS and the Go heap against the limit, with a
 * Theil–Sen line through the heap floor (or the working set for off-heap and cache verdicts);
 * a goroutine leak shows goroutines with their fitted slope. Pure over the store.
 */
import type { Verdict } from '../model/finding.js';
import type { SeriesStore } from '../store/store.js';
import { bucketMin } from './stats/floor.js';
import { theilSen } from './stats/theil-sen.js';
import type { WindowSeries } from './types.js';
import { windowFromStore, type TargetLabels } from './window.js';

/** ChartData mirrors the notifier's chart input (structurally), so diagnose does not import notify. */
export interface ChartData {
  readonly title: string;
  readonly unit: 'bytes' | 'count';
  readonly series: ReadonlyArray<{ readonly name: string; readonly points: ReadonlyArray<{ t: number; v: number }> }>;
  readonly fit?: { readonly name: string; readonly from: { t: number; v: number }; readonly to: { t: number; v: number } };
  readonly limit?: { readonly name: string; readonly value: number };
}

const MAX_POINTS = 240;

function thin(s: WindowSeries): Array<{ t: number; v: number }> {
  const out: Array<{ t: number; v: number }> = [];
  const step = Math.max(1, Math.ceil(s.t.length / MAX_POINTS));
  for (let i = 0; i < s.t.length; i += step) if (Number.isFinite(s.v[i]!)) out.push({ t: s.t[i]!, v: s.v[i]! });
  return out;
}

/** chartData builds the chart for `target` over [at − windowMs, at]; undefined when nothing is stored. */
export function chartData(store: SeriesStore, target: TargetLabels, verdict: Verdict | undefined, at: number, windowMs: number): ChartData | undefined {
  const w = windowFromStore(store, target, at - windowMs, at);
  const first = (name: string): WindowSeries | undefined => w.series.get(name)?.find((s) => s.t.length > 0);
  const name = `${target.job}/${target.instance}`;
  if (verdict === 'goroutine_leak') {
    const g = first('go_goroutines');
    if (!g) return undefined;
    const fit = fitLine(g, at);
    return { title: `${name}: goroutines`, unit: 'count', series: [{ name: 'goroutines', points: thin(g) }], ...(fit ? { fit: { name: 'trend', ...fit } } : {}) };
  }
  const lines: Array<[string, WindowSeries | undefined]> = [
    ['usage', first('container_memory_usage_bytes')],
    ['working set', first('container_memory_working_set_bytes')],
    ['RSS', first('process_resident_memory_bytes') ?? first('container_memory_rss')],
    ['Go heap', first('go_memstats_heap_alloc_bytes')],
  ];
  const series = lines.filter((l): l is [string, WindowSeries] => !!l[1]).map(([n, s]) => ({ name: n, points: thin(s) }));
  if (series.length === 0) return undefined;
  const fitOn = verdict === 'heap_leak' ? first('go_memstats_heap_alloc_bytes') : (first('container_memory_working_set_bytes') ?? first('process_resident_memory_bytes'));
  const fit = fitOn ? fitLine(fitOn, at, true) : undefined;
  const limitS = first('cgroup_memory_effective_limit_bytes') ?? first('container_spec_memory_limit_bytes');
  const limit = limitS ? limitS.v[limitS.v.length - 1] : undefined;
  return {
    title: `${name}: memory${verdict ? ` (${verdict.replace('_', ' ')})` : ''}`,
    unit: 'bytes',
    series,
    ...(fit ? { fit: { name: verdict === 'heap_leak' ? 'heap floor trend' : 'trend', ...fit } } : {}),
    ...(limit && limit > 0 ? { limit: { name: 'limit', value: limit } } : {}),
  };
}

/** fitLine fits Theil–Sen through the series (its bucket minima when `floor`), extended to `at`. */
function fitLine(s: WindowSeries, at: number, floor = false): { from: { t: number; v: number }; to: { t: number; v: number } } | undefined {
  if (s.t.length < 4) return undefined;
  const t0 = s.t[0]!;
  const width = Math.max(60_000, Math.floor((at - t0) / 30));
  const p = floor ? bucketMin(s.t, s.v, t0, width) : { t: [...s.t], v: [...s.v] };
  if (p.t.length < 4) return undefined;
  const f = theilSen(p.t, p.v);
  if (!Number.isFinite(f.slope)) return undefined;
  const at0 = p.t[0]!;
  return { from: { t: at0, v: f.intercept + f.slope * at0 }, to: { t: at, v: f.intercept + f.slope * at } };
}
