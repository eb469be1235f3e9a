/**
 * postings: the inverted index, label name → value → the series carrying it (kept in ascending id
 * order), so a select on `__name__="x"` touches only x's series instead of scanning the store.
 * Short lists hold the series themselves; long lists and the single-value tables hold ids, which
 * the owner resolves (the store's ids are positions in the series list it keeps anyway: an id →
 * series map of the index's own would cost ~50 B a series). Values carried by a single series are
 * kept apart, in a table keyed by the series' own labels.
 */
import { byteCompare, type Labels } from '../model/labels.js';
import type { CompiledMatcher } from '../model/matcher.js';
import { strHash } from './identity.js';
import { ItemTable, type Dense } from './item-table.js';

/**
 * Indexed is anything the index can hold: its id orders lists (ids handed out increasing) and
 * numbers it in the single-value tables (a non-negative integer below 2^31 - 1).
 */
export interface Indexed {
  readonly id: number;
}

/**
 * Values indexes one label name. A value carried by two or more series has an id-sorted array (an
 * IdList once long) in `shared`; a value carried by one series (pod, instance, a per-series id) is
 * only its series in `single`, a table keyed by the value the series itself carries: a Map entry per
 * unique value cost ~46 B a series per such label, the table ~5-10 B, and an array per unique value
 * ~180 B.
 */
interface Values<T> {
  readonly shared: Map<string, T[] | IdList>;
  readonly single: ItemTable<T, string>;
}

/**
 * BIG_LIST is the length at which a shared list turns into an IdList, and BIG_LIST / 4 where it
 * turns back. A list of references costs 8 B an item plus the ~1.5x growth of JS arrays; ids in an
 * Int32Array cost 4 B plus an eighth, but a typed array has ~200 B of fixed cost (view, buffer,
 * backing store), which only long lists (`job`, `__name__` of a big metric) repay.
 */
const BIG_LIST = 256;

/** IdList is a long id-sorted list: the first n ids of `ids`, grown by an eighth at a time. */
class IdList {
  ids: Int32Array;
  n: number;

  constructor(items: readonly Indexed[]) {
    this.n = items.length;
    this.ids = new Int32Array(this.n + (this.n >>> 3));
    for (let i = 0; i < this.n; i++) this.ids[i] = items[i]!.id;
  }

  push(id: number): void {
    if (this.n === this.ids.length) {
      const next = new Int32Array(this.n + (this.n >>> 3) + 16);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.n++] = id;
  }

  /** remove takes `id` out; false when it is not in the list. */
  remove(id: number): boolean {
    const ids = this.ids;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.n || ids[lo] !== id) return false;
    ids.copyWithin(lo, lo + 1, this.n);
    this.n--;
    return true;
  }

  /** items resolves the ids (selects read the list once per query, so a copy is cheap next to it). */
  items<T>(at: (id: number) => T): T[] {
    const out = new Array<T>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = at(this.ids[i]!);
    return out;
  }
}

/** Postings maps every (label name, value) pair to the items carrying it. */
export class Postings<T extends Indexed> {
  private readonly byName = new Map<string, Values<T>>();
  /** labelsOf reads an item's labels back; by default add() remembers them in `remembered`. */
  private readonly labelsOf: (item: T) => Labels;
  private readonly remembered: WeakMap<T, Labels> | undefined;
  /** dense resolves ids for the single-value tables; byId backs it when no itemAt is given. */
  private readonly dense: Dense<T>;
  private byId: Map<number, T> | undefined;
  private entries = 0;
  private stringBytes = 0;

  /**
   * Postings takes `labelsOf` when items carry their labels (the store's series do), so single-series
   * values cost the index one table slot; without it the index keeps each item's labels itself.
   * `itemAt` maps an id back to its item when the owner keeps items densely by id (the store's
   * series list); without it the index keeps a map of its own. `bigList` moves the IdList
   * threshold (tests).
   */
  constructor(
    labelsOf?: (item: T) => Labels,
    itemAt?: (id: number) => T,
    private readonly bigList = BIG_LIST,
  ) {
    if (itemAt) {
      this.dense = { indexOf: (item) => item.id, at: itemAt };
    } else {
      const byId = new Map<number, T>();
      this.byId = byId;
      this.dense = { indexOf: (item) => item.id, at: (id) => this.byId!.get(id)! };
    }
    if (labelsOf) {
      this.labelsOf = labelsOf;
    } else {
      const remembered = new WeakMap<T, Labels>();
      this.remembered = remembered;
      this.labelsOf = (item) => remembered.get(item)!;
    }
  }

  /**
   * add indexes a new item; ids must be handed out in increasing order, which keeps lists sorted,
   * and an item's id may only change through renumber().
   */
  add(item: T, labels: Labels): void {
    this.remembered?.set(item, labels);
    this.byId?.set(item.id, item);
    for (const name in labels) {
      const value = labels[name]!;
      let values = this.byName.get(name);
      if (!values) {
        values = this.newValues(name);
        this.byName.set(name, values);
        this.stringBytes += name.length;
      }
      const list = values.shared.get(value);
      if (list instanceof IdList) {
        list.push(item.id);
      } else if (list !== undefined) {
        list.push(item);
        if (list.length >= this.bigList) values.shared.set(value, new IdList(list));
      } else {
        const other = values.single.get(value);
        if (other === undefined) {
          values.single.add(item);
          this.entries++;
          this.stringBytes += value.length;
        } else {
          values.single.delete(other);
          values.shared.set(value, [other, item]);
        }
      }
    }
  }

  private newValues(name: string): Values<T> {
    const labelsOf = this.labelsOf;
    const valueOf = (item: T): string => labelsOf(item)[name]!;
    return {
      shared: new Map(),
      single: new ItemTable<T, string>(this.dense, (item) => strHash(valueOf(item)), strHash, (item, v) => valueOf(item) === v),
    };
  }

  /** remove unindexes a series; empty lists and names disappear so labelValues stays truthful. */
  remove(item: T, labels: Labels): void {
    for (const name in labels) {
      const values = this.byName.get(name);
      if (values === undefined) continue;
      const value = labels[name]!;
      const list = values.shared.get(value);
      if (list instanceof IdList) {
        if (!list.remove(item.id)) continue;
        // Hysteresis: a list hovering at the threshold would otherwise convert on every add/remove.
        if (list.n < Math.max(2, this.bigList >>> 2)) {
          const items = list.items(this.dense.at);
          if (items.length === 1) {
            values.shared.delete(value);
            values.single.add(items[0]!);
          } else {
            values.shared.set(value, items);
          }
        }
      } else if (list !== undefined) {
        const i = lowerBound(list, item.id);
        if (list[i] !== item) continue;
        list.splice(i, 1);
        // Back to one series: it moves to the table (the table reads the value from its labels).
        if (list.length === 1) {
          values.shared.delete(value);
          values.single.add(list[0]!);
        }
      } else {
        if (values.single.get(value) !== item) continue;
        values.single.delete(item);
        this.entries--;
        this.stringBytes -= value.length;
      }
      if (values.shared.size === 0 && values.single.size === 0) {
        this.byName.delete(name);
        this.stringBytes -= name.length;
      }
    }
    this.remembered?.delete(item);
    this.byId?.delete(item.id);
  }

  /**
   * renumber follows the owner renumbering its items (old id → new in `newIndex`, order kept, so
   * the id-sorted lists stay sorted); items must carry their new ids already.
   */
  renumber(newIndex: Int32Array): void {
    for (const values of this.byName.values()) {
      values.single.renumber(newIndex);
      for (const list of values.shared.values()) {
        if (!(list instanceof IdList)) continue;
        for (let i = 0; i < list.n; i++) list.ids[i] = newIndex[list.ids[i]!]!;
      }
    }
    if (this.byId) this.byId = new Map([...this.byId.values()].map((x) => [x.id, x]));
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
    // Lists stay in their stored form until the end: resolving an IdList is a copy, wasted when a
    // later, shorter list wins (`{__name__="big", series="7"}`).
    let best: readonly T[] | IdList | null = null;
    let bestLen = Infinity;
    for (const m of ms) {
      if (m.type !== '=' || m.value === '') continue;
      const list = this.lookup(m.name, m.value);
      const len = list instanceof IdList ? list.n : list.length;
      if (len < bestLen) {
        best = list;
        bestLen = len;
      }
      if (bestLen === 0) return [];
    }
    for (const m of ms) {
      if (m.type !== '=~' || m.test('')) continue;
      const values = this.byName.get(m.name);
      // Filtering `best` tests the regex once per candidate; building the union tests it once per
      // value and then copies and sorts. Only worth it when there are fewer values than candidates.
      if (best !== null && (values === undefined ? 0 : values.shared.size + values.single.size) >= bestLen) continue;
      const list = this.union(m, bestLen);
      if (list !== null && list.length < bestLen) {
        best = list;
        bestLen = list.length;
      }
      if (bestLen === 0) return [];
    }
    return best instanceof IdList ? best.items(this.dense.at) : best;
  }

  private lookup(name: string, value: string): readonly T[] | IdList {
    const values = this.byName.get(name);
    if (values === undefined) return [];
    const list = values.shared.get(value);
    if (list !== undefined) return list;
    const one = values.single.get(value);
    return one === undefined ? [] : [one];
  }

  /** union lists the items of every value matching `m`, or null once it would reach `limit` items. */
  private union(m: CompiledMatcher, limit: number): readonly T[] | null {
    const values = this.byName.get(m.name);
    if (!values) return [];
    const parts: (readonly T[])[] = [];
    let n = 0;
    for (const [v, list] of values.shared) {
      if (!m.test(v)) continue;
      n += list instanceof IdList ? list.n : list.length;
      if (n >= limit) return null;
      parts.push(list instanceof IdList ? list.items(this.dense.at) : list);
    }
    const singles: T[] = [];
    const labelsOf = this.labelsOf;
    for (const item of values.single.items()) {
      if (!m.test(labelsOf(item)[m.name]!)) continue;
      if (++n >= limit) return null;
      singles.push(item);
    }
    if (singles.length === 0 && parts.length === 1) return parts[0]!;
    parts.push(singles);
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
    if (!values) return [];
    const out = [...values.shared.keys()];
    for (const item of values.single.items()) out.push(this.labelsOf(item)[name]!);
    return out.sort(byteCompare);
  }

  /**
   * bytesEstimate approximates the index's heap: ~60 bytes per shared value (map entry and array
   * header) plus 8 per item in a short list, an IdList's ids (4 B each, room included) and its
   * ~200 B of typed array, 4 per single-value table slot, ~20 per string header plus the characters
   * (V8 one-byte strings: 1 B/char).
   */
  bytesEstimate(): number {
    let b = this.byName.size * 120 + this.stringBytes + this.entries * 20;
    for (const values of this.byName.values()) {
      b += values.shared.size * 60 + values.single.capacity * 4;
      for (const list of values.shared.values()) b += list instanceof IdList ? 200 + list.ids.byteLength : list.length * 8;
    }
    return b;
  }
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
