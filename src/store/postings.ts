/**
 * postings: the inverted index, label name → value → the series carrying it (kept in ascending id
 * order), so a select on `__name__="x"` touches only x's series instead of scanning the store.
 * Lists hold the series themselves rather than ids: an id → series map would cost ~50 B a series.
 */
import { byteCompare, type Labels } from '../model/labels.js';
import type { CompiledMatcher } from '../model/matcher.js';

/** Indexed is anything the index can hold: it needs a stable, increasing id. */
export interface Indexed {
  readonly id: number;
}

/**
 * List is an id-sorted list; a value carried by one series (pod, instance) is stored as the bare
 * item, since an array per unique value costs ~180 bytes of heap per series.
 */
type List<T> = T | T[];

/** Postings maps every (label name, value) pair to the items carrying it. */
export class Postings<T extends Indexed> {
  private readonly byName = new Map<string, Map<string, List<T>>>();
  private entries = 0;
  private ids = 0;
  private stringBytes = 0;

  /** add indexes a new item; ids must be handed out in increasing order, which keeps lists sorted. */
  add(item: T, labels: Labels): void {
    for (const name in labels) {
      const value = labels[name]!;
      let values = this.byName.get(name);
      if (!values) {
        values = new Map();
        this.byName.set(name, values);
        this.stringBytes += name.length;
      }
      const list = values.get(value);
      if (list === undefined) {
        values.set(value, item);
        this.entries++;
        this.stringBytes += value.length;
      } else if (!Array.isArray(list)) {
        values.set(value, [list, item]);
      } else {
        list.push(item);
      }
      this.ids++;
    }
  }

  /** remove unindexes a series; empty lists and names disappear so labelValues stays truthful. */
  remove(item: T, labels: Labels): void {
    for (const name in labels) {
      const values = this.byName.get(name);
      const value = labels[name]!;
      const list = values?.get(value);
      if (values === undefined || list === undefined) continue;
      if (!Array.isArray(list)) {
        if (list !== item) continue;
        values.delete(value);
        this.entries--;
        this.stringBytes -= value.length;
      } else {
        const i = lowerBound(list, item.id);
        if (list[i] !== item) continue;
        list.splice(i, 1);
        if (list.length === 1) values.set(value, list[0]!);
      }
      this.ids--;
      if (values.size === 0) {
        this.byName.delete(name);
        this.stringBytes -= name.length;
      }
    }
  }

  /**
   * candidates narrows a select to an id-sorted list using the most selective matcher the index can
   * answer (equality, or a regex that cannot match the empty string). null means "scan everything".
   * The caller still checks every matcher on every candidate.
   */
  candidates(ms: readonly CompiledMatcher[]): readonly T[] | null {
    // Equalities first: they cost one lookup, and a short list from them makes most regex unions
    // pointless to build (a rule like `m{job="x", instance=~"a.*"}` spent a quarter of its time
    // sorting the union of every matching instance before picking job's 1k series anyway).
    let best: readonly T[] | null = null;
    for (const m of ms) {
      if (m.type !== '=' || m.value === '') continue;
      const list = asArray(this.byName.get(m.name)?.get(m.value));
      if (best === null || list.length < best.length) best = list;
      if (best.length === 0) return best;
    }
    for (const m of ms) {
      if (m.type !== '=~' || m.test('')) continue;
      const values = this.byName.get(m.name);
      // Filtering `best` tests the regex once per candidate; building the union tests it once per
      // value and then copies and sorts. Only worth it when there are fewer values than candidates.
      if (best !== null && (values === undefined ? 0 : values.size) >= best.length) continue;
      const list = this.union(m, best === null ? Infinity : best.length);
      if (list !== null && (best === null || list.length < best.length)) best = list;
      if (best !== null && best.length === 0) return best;
    }
    return best;
  }

  /** union lists the items of every value matching `m`, or null once it would reach `limit` items. */
  private union(m: CompiledMatcher, limit: number): readonly T[] | null {
    const values = this.byName.get(m.name);
    if (!values) return [];
    const parts: (readonly T[])[] = [];
    let n = 0;
    for (const [v, list] of values) {
      if (!m.test(v)) continue;
      const a = asArray(list);
      n += a.length;
      if (n >= limit) return null;
      parts.push(a);
    }
    if (parts.length === 1) return parts[0]!;
    const out = parts.flat();
    return out.sort((a, b) => a.id - b.id);
  }

  /** names lists every label name in use, sorted. */
  names(): string[] {
    return [...this.byName.keys()].sort(byteCompare);
  }

  /** values lists every value of one label name, sorted. */
  values(name: string): string[] {
    const values = this.byName.get(name);
    return values ? [...values.keys()].sort(byteCompare) : [];
  }

  /**
   * bytesEstimate approximates the index's heap: ~40 bytes per map entry (hash slot, key, value),
   * 8 per id slot, ~20 per string header plus the characters (V8 one-byte strings: 1 B/char).
   */
  bytesEstimate(): number {
    return this.byName.size * 120 + this.entries * 60 + this.ids * 8 + this.stringBytes;
  }
}

function asArray<T>(list: List<T> | undefined): readonly T[] {
  return list === undefined ? [] : Array.isArray(list) ? list : [list];
}

function lowerBound(list: readonly Indexed[], id: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
