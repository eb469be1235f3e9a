/**
 * array-store: a small, real SeriesStore for PromQL tests: one sorted array pair per series,
 * honouring matchers and the [mint, maxt] window. Not tuned; MemoryStore is the production store.
 */
import { labelsKey, type Labels } from '../../model/labels.js';
import { compileMatcher, matchesAll, type Matcher } from '../../model/matcher.js';
import type { SeriesData, SeriesStore, StoreStats } from '../../store/store.js';

/**
 * Entry holds one series. Values live in a Float64Array because V8 may canonicalise NaN payloads
 * when a plain array changes element kind, which would turn a staleness marker into a plain NaN.
 */
interface Entry { labels: Labels; t: number[]; v: Float64Array }

function grow(v: Float64Array, need: number): Float64Array {
  if (need <= v.length) return v;
  const next = new Float64Array(Math.max(16, v.length * 2, need));
  next.set(v);
  return next;
}

/** ArrayStore keeps every sample in plain arrays, sorted by time per series. */
export class ArrayStore implements SeriesStore {
  private readonly series = new Map<string, Entry>();

  /** append adds one sample; out-of-order samples are inserted in place, same-time samples replaced. */
  append(labels: Labels, t: number, v: number): void {
    const key = labelsKey(labels);
    let e = this.series.get(key);
    if (!e) {
      const clean: Record<string, string> = {};
      for (const k in labels) if (labels[k] !== '') clean[k] = labels[k]!;
      e = { labels: Object.freeze(clean), t: [], v: new Float64Array(16) };
      this.series.set(key, e);
    }
    const n = e.t.length;
    if (n === 0 || e.t[n - 1]! < t) {
      e.v = grow(e.v, n + 1);
      e.t.push(t);
      e.v[n] = v;
      return;
    }
    let i = n;
    while (i > 0 && e.t[i - 1]! > t) i--;
    if (i > 0 && e.t[i - 1] === t) {
      e.v[i - 1] = v;
      return;
    }
    e.v = grow(e.v, n + 1);
    e.v.copyWithin(i + 1, i, n);
    e.v[i] = v;
    e.t.splice(i, 0, t);
  }

  select(matchers: readonly Matcher[], mint: number, maxt: number): SeriesData[] {
    const ms = matchers.map(compileMatcher);
    const out: SeriesData[] = [];
    for (const e of this.series.values()) {
      if (!matchesAll(e.labels, ms)) continue;
      let lo = 0;
      while (lo < e.t.length && e.t[lo]! < mint) lo++;
      let hi = lo;
      while (hi < e.t.length && e.t[hi]! <= maxt) hi++;
      if (hi > lo) out.push({ labels: e.labels, t: e.t.slice(lo, hi), v: e.v.slice(lo, hi) });
    }
    return out;
  }

  labelSets(matchers: readonly Matcher[], mint: number, maxt: number): Labels[] {
    return this.select(matchers, mint, maxt).map((s) => s.labels);
  }

  labelNames(): string[] {
    const names = new Set<string>();
    for (const e of this.series.values()) for (const k in e.labels) names.add(k);
    return [...names].sort();
  }

  labelValues(name: string): string[] {
    const vals = new Set<string>();
    for (const e of this.series.values()) if (e.labels[name] !== undefined) vals.add(e.labels[name]);
    return [...vals].sort();
  }

  stats(): StoreStats {
    let samples = 0;
    for (const e of this.series.values()) samples += e.t.length;
    return { series: this.series.size, samples, bytes: samples * 16 };
  }

  /** clear drops every series (the script `clear` command). */
  clear(): void {
    this.series.clear();
  }
}
