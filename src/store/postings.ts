/**
 * postings: the inverted index, label name → value → the series carrying it (kept in ascending id
 * order), so a select on `__name__="x"` touches only x's series instead of scanning the store.
 * Lists hold the series themselves rather than ids: an id → series map would cost ~50 B a series.
 * Values carried by a single series are kept apart, in a table keyed by the series' own labels.
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
 * Values indexes one label name. A value carried by two or more series has an id-sorted array in
 * `shared`; a value carried by one series (pod, instance, a per-series id) is only its series in
 * `single`, a table keyed by the value the series itself carries: a Map entry per unique value cost
 * ~46 B a series per such label, the table ~10-20 B, and an array per unique value ~180 B.
 */
interface Values<T> {
  readonly shared: Map<string, T[]>;
  readonly single: ItemTable<T, string>;
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
  private ids = 0;
  private stringBytes = 0;

  /**
   * Postings takes `labelsOf` when items carry their labels (the store's series do), so single-series
   * values cost the index one table slot; without it the index keeps each item's labels itself.
   * `itemAt` maps an id back to its item when the owner keeps items densely by id (the store's
   * series list); without it the index keeps a map of its own.
   */
  constructor(labelsOf?: (item: T) => Labels, itemAt?: (id: number) => T) {
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

  /** add indexes a new item; ids must be handed out in increasing order, which keeps lists sorted. */
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
      if (list !== undefined) {
        list.push(item);
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
      this.ids++;
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
      if (list !== undefined) {
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
      this.ids--;
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
    for (const values of this.byName.values()) values.single.renumber(newIndex);
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
    let best: readonly T[] | null = null;
    for (const m of ms) {
      if (m.type !== '=' || m.value === '') continue;
      const list = this.lookup(m.name, m.value);
      if (best === null || list.length < best.length) best = list;
      if (best.length === 0) return best;
    }
    for (const m of ms) {
      if (m.type !== '=~' || m.test('')) continue;
      const values = this.byName.get(m.name);
      // Filtering `best` tests the regex once per candidate; building the union tests it once per
      // value and then copies and sorts. Only worth it when there are fewer values than candidates.
      if (best !== null && (values === undefined ? 0 : values.shared.size + values.single.size) >= best.length) continue;
      const list = this.union(m, best === null ? Infinity : best.length);
      if (list !== null && (best === null || list.length < best.length)) best = list;
      if (best !== null && best.length === 0) return best;
    }
    return best;
  }

  private lookup(name: string, value: string): readonly T[] {
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
      n += list.length;
      if (n >= limit) return null;
      parts.push(list);
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
   * header) plus 8 per item in its list, 4 per single-value table slot, ~20 per string header plus
   * the characters (V8 one-byte strings: 1 B/char).
   */
  bytesEstimate(): number {
    let b = this.byName.size * 120 + this.stringBytes + this.entries * 20;
    let singles = 0;
    for (const values of this.byName.values()) {
      b += values.shared.size * 60 + values.single.capacity * 4;
      singles += values.single.size;
    }
    return b + (this.ids - singles) * 8;
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
