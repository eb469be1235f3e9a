/**
 * window: builds a SeriesWindow from a SeriesStore or from plain series, and reads from one.
 */
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import type { SeriesData, SeriesStore } from '../store/store.js';
import type { SeriesWindow, WindowSeries } from './types.js';
import { isContainerSeries, pairContainers, sameIdentity, targetKey, type GoTarget } from './pairing.js';

/** TargetLabels identify a scrape target; its cgroup series carry the same job and instance. */
export interface TargetLabels {
  readonly job: string;
  readonly instance: string;
}

/** targetMatchers selects every series of a target: its Go metrics, cgroup and /proc series. */
export function targetMatchers(target: TargetLabels): Matcher[] {
  return [
    { name: 'job', type: '=', value: target.job },
    { name: 'instance', type: '=', value: target.instance },
  ];
}

/**
 * windowFromStore selects the target's series over [start, end]. It asks for `min` rollups where raw
 * samples have aged out: the detectors work on floors, and a bucket minimum is a floor.
 */
export function windowFromStore(store: SeriesStore, selector: TargetLabels | readonly Matcher[], start: number, end: number): SeriesWindow {
  const matchers = Array.isArray(selector) ? (selector as readonly Matcher[]) : targetMatchers(selector as TargetLabels);
  const data = store.select(matchers, start, end, { rollup: 'min' });
  const target: Record<string, string> = {};
  for (const m of matchers) if (m.type === '=') target[m.name] = m.value;
  return windowFromSeries([...data, ...pairedContainerSeries(store, data, target, start, end)], target, start, end);
}

/**
 * pairedContainerSeries finds, when the target's own series hold no container series (cAdvisor
 * scraped as its own job, a recording replayed as is), the container pairing.ts pairs with the target
 * and returns its series relabelled with the target's job and instance: the same pairing `diagnose`
 * applies to a recording and the datasource mirror applies before copying.
 */
function pairedContainerSeries(store: SeriesStore, own: readonly SeriesData[], target: Labels, start: number, end: number): SeriesData[] {
  const job = target['job'];
  const instance = target['instance'];
  if (job === undefined || instance === undefined) return [];
  if (own.some((s) => isContainerSeries(s.labels['__name__'] ?? ''))) return [];
  const goSeries = own.find((s) => s.labels['__name__']?.startsWith('go_'));
  if (!goSeries) return [];
  const containers = store.labelSets([{ name: '__name__', type: '=', value: 'container_memory_usage_bytes' }], start, end);
  if (containers.length === 0) return [];
  const targets = new Map<string, GoTarget>();
  for (const name of ['go_goroutines', 'go_memstats_heap_alloc_bytes']) {
    for (const l of store.labelSets([{ name: '__name__', type: '=', value: name }], start, end)) {
      const t = { job: l['job'] ?? '', instance: l['instance'] ?? '', labels: l };
      targets.set(targetKey(t), t);
    }
  }
  targets.set(targetKey({ job, instance }), { job, instance, labels: goSeries.labels });
  const id = pairContainers([...targets.values()], containers).get(targetKey({ job, instance }));
  if (!id) return [];
  const eq: Matcher[] = [
    { name: '__name__', type: '=~', value: 'container_.+|cgroup_.+' },
    ...Object.entries(id).map(([name, value]) => ({ name, type: '=' as const, value })),
  ];
  return store
    .select(eq, start, end, { rollup: 'min' })
    .filter((s) => sameIdentity(s.labels, id))
    .map((s) => ({ ...s, labels: { ...s.labels, job, instance } }));
}

/** windowFromSeries groups plain series by metric name, keeping only finite-time samples in [start, end]. */
export function windowFromSeries(data: readonly SeriesData[], target: Labels, start: number, end: number): SeriesWindow {
  const series = new Map<string, WindowSeries[]>();
  for (const d of data) {
    const name = d.labels['__name__'];
    if (!name) continue;
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < d.t.length; i++) {
      const ti = d.t[i]!;
      if (ti < start || ti > end) continue;
      t.push(ti);
      v.push(d.v[i]!);
    }
    if (t.length === 0) continue;
    let list = series.get(name);
    if (!list) series.set(name, (list = []));
    list.push({ labels: d.labels, t, v });
  }
  return { target, start, end, series };
}

/** pick returns the series named `name` whose labels include every pair of `match`. */
export function pick(w: SeriesWindow, name: string, match: Labels = {}): WindowSeries[] {
  const list = w.series.get(name) ?? [];
  return list.filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** one returns the first matching series (the usual case: one per target). */
export function one(w: SeriesWindow, name: string, match: Labels = {}): WindowSeries | undefined {
  return pick(w, name, match)[0];
}

/** lastValue is the newest finite value of a series. */
export function lastValue(s: WindowSeries | undefined): number | undefined {
  if (!s) return undefined;
  for (let i = s.v.length - 1; i >= 0; i--) if (Number.isFinite(s.v[i]!)) return s.v[i]!;
  return undefined;
}

/** sliceWindow cuts a window to [start, end] (used to replay a recording prefix by prefix). */
export function sliceWindow(w: SeriesWindow, start: number, end: number): SeriesWindow {
  const series = new Map<string, WindowSeries[]>();
  for (const [name, list] of w.series) {
    const out: WindowSeries[] = [];
    for (const s of list) {
      let a = 0;
      while (a < s.t.length && s.t[a]! < start) a++;
      let b = a;
      while (b < s.t.length && s.t[b]! <= end) b++;
      if (b > a) out.push({ labels: s.labels, t: s.t.slice(a, b), v: s.v.slice(a, b) });
    }
    if (out.length) series.set(name, out);
  }
  return { target: w.target, start, end, series };
}
