/**
 * interner: the scrape loop's series cache. Targets write their series in the same order on every
 * scrape, so the n-th sample of this scrape is almost always the n-th of the last one: one native
 * compare of the raw text confirms it, with no string made, no hashing and no Labels built. Only
 * new or moved series fall back to a map keyed by the raw text, and only new ones build Labels.
 * Being keyed by raw text, a series the target respells (other spacing or label order) looks new;
 * `create` can dedupe by `labelsKey(view.labels())` where that matters.
 */
import type { SeriesView } from './types.js';

interface Slot<T> {
  text: string;
  value: T;
}

/** SeriesInterner maps each scraped series to the caller's per-series object across scrapes. */
export class SeriesInterner<T> {
  private prev: Array<Slot<T>> = [];
  private next: Array<Slot<T>> = [];
  private byText = new Map<string, T>();
  private ordinal = 0;
  private misses = 0;

  /** create builds the caller's object for a series seen for the first time (call view.labels() there). */
  constructor(private readonly create: (view: SeriesView) => T) {}

  /** begin starts a scrape. */
  begin(): void {
    this.ordinal = 0;
    this.misses = 0;
  }

  /** get returns the object for the sample the view is on, creating it for a new series. */
  get(view: SeriesView): T {
    const i = this.ordinal++;
    const p = this.prev[i];
    if (p !== undefined && view.seriesEquals(p.text)) {
      this.next[i] = p;
      return p.value;
    }
    this.misses++;
    const text = view.seriesText();
    let value = this.byText.get(text);
    if (value === undefined) {
      value = this.create(view);
      this.byText.set(text, value);
    }
    this.next[i] = { text, value };
    return value;
  }

  /**
   * end finishes a scrape and returns the objects of series that were in the previous scrape but
   * not in this one (where Prometheus would write staleness markers). Forgotten series are dropped.
   */
  end(): T[] {
    const prev = this.prev;
    const next = this.next;
    next.length = this.ordinal;
    // Swap the two arrays instead of allocating: next scrape fills what was `prev`.
    this.prev = next;
    this.next = prev;
    if (this.misses === 0 && next.length === prev.length) return [];
    const seen = new Set<T>();
    const byText = new Map<string, T>();
    for (const s of next) {
      seen.add(s.value);
      byText.set(s.text, s.value);
    }
    this.byText = byText;
    const gone: T[] = [];
    for (const s of prev) if (!seen.has(s.value)) gone.push(s.value);
    return gone;
  }
}
