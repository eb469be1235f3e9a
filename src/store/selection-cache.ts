/**
 * selection-cache: which series a selector's matchers picked, remembered between evaluations. A
 * rule group asks the same selectors every interval while the set of series rarely changes, and
 * finding them (postings lookup, then every matcher on every candidate) was a third of a rule
 * cycle at 200k series. An entry is keyed by the matchers array itself (a parsed expression's, so it
 * lives as long as the rule's AST and goes with it) and is valid while no series of its metric name
 * (or, for a selector without a name equality, no series at all) was created or dropped since.
 */
import { labelsSortKey, METRIC_NAME, type Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';

interface Entry<T> {
  /** gen and epoch are the counters the entry was built under. */
  readonly gen: number;
  readonly epoch: number;
  /** series in creation order. */
  readonly series: readonly T[];
  /** sorted holds the same series in label order, built on first request. */
  sorted: readonly T[] | undefined;
}

/**
 * NAME_LIMIT bounds the per-name counters. A store sees a few thousand metric names; a target that
 * invents names without end would grow the map, so past the limit it starts over and every entry
 * is rebuilt once.
 */
const NAME_LIMIT = 100_000;

/** SelectionCache remembers matcher results per matchers array, invalidated by series changes. */
export class SelectionCache<T extends { readonly labels: Labels }> {
  private readonly entries = new WeakMap<readonly Matcher[], Entry<T>>();
  private readonly byName = new Map<string, number>();
  /** epoch counts every creation and drop; selectors without a name equality follow it. */
  private epoch = 0;
  /** gen changes when the per-name counters start over, which invalidates every entry. */
  private gen = 0;

  /** changed records that a series with these labels was created or dropped. */
  changed(labels: Labels): void {
    this.epoch++;
    const name = labels[METRIC_NAME];
    if (name === undefined) return;
    if (this.byName.size >= NAME_LIMIT && !this.byName.has(name)) {
      this.byName.clear();
      this.gen++;
    }
    this.byName.set(name, (this.byName.get(name) ?? 0) + 1);
  }

  /** invalidateAll makes every entry stale (for changes that are not one series' creation or drop). */
  invalidateAll(): void {
    this.epoch++;
    this.byName.clear();
    this.gen++;
  }

  /**
   * get returns the series `matchers` select, from the cache while valid, else from `compute`
   * (which must return creation order); with `sorted` the series come in label order.
   */
  get(matchers: readonly Matcher[], sorted: boolean, compute: () => T[]): readonly T[] {
    const epoch = this.epochOf(matchers);
    let e = this.entries.get(matchers);
    if (e === undefined || e.gen !== this.gen || e.epoch !== epoch) {
      e = { gen: this.gen, epoch, series: compute(), sorted: undefined };
      this.entries.set(matchers, e);
    }
    if (!sorted) return e.series;
    e.sorted ??= sortByLabels(e.series);
    return e.sorted;
  }

  private epochOf(matchers: readonly Matcher[]): number {
    for (const m of matchers) {
      if (m.name === METRIC_NAME && m.type === '=') return this.byName.get(m.value) ?? 0;
    }
    return this.epoch;
  }
}

/** sortByLabels orders series as Prometheus' labels.Compare does, with keys that live only here. */
function sortByLabels<T extends { readonly labels: Labels }>(series: readonly T[]): T[] {
  const keys = series.map((s) => labelsSortKey(s.labels));
  const order = Array.from(series, (_, i) => i);
  order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  return order.map((i) => series[i]!);
}
