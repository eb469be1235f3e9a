/**
 * identity: finding a stored series from its labels without a key string per series. A canonical
 * key (`name{a="1",...}`) was the largest fixed cost of a series after its chunks: ~100 characters
 * plus the rope V8 leaves behind, about 150 bytes a series, a third of a byte per sample at 2 h of
 * 15 s scrapes. A 32-bit hash of the label set finds candidates; the labels themselves confirm.
 */
import type { Labels } from '../model/labels.js';
import { ItemTable, type Dense } from './item-table.js';

/** Identified is anything the map can hold: it carries its normalized labels (no empty values). */
export interface Identified {
  readonly labels: Labels;
}

/** strHash is FNV-1a over UTF-16 code units. */
export function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * labelsHash hashes a label set independently of property order, skipping empty values (absent in
 * Prometheus' model), so every spelling of one series hashes alike.
 */
export function labelsHash(l: Labels): number {
  let h = 0;
  for (const k in l) {
    const v = l[k]!;
    if (v === '') continue;
    // Each pair is mixed on its own and the pairs summed: addition does not care about order.
    let x = Math.imul(strHash(k), 0x9e3779b1) ^ strHash(v);
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    h = (h + (x ^ (x >>> 16))) | 0;
  }
  return h;
}

/** sameLabels tells whether `l` names the series whose normalized labels are `stored`. */
export function sameLabels(stored: Labels, l: Labels): boolean {
  if (stored === l) return true;
  let n = 0;
  for (const k in l) {
    const v = l[k]!;
    if (v === '') continue;
    if (stored[k] !== v) return false;
    n++;
  }
  for (const _ in stored) n--;
  return n === 0;
}

/**
 * LabelSetTable maps label sets to items, in an ItemTable keyed by labelsHash of
 * the items' labels: the Map from hash to item cost ~46 B a series, the table ~5-10 B, and
 * collisions need no side arrays (probing compares the labels themselves).
 */
export class LabelSetTable<T extends Identified> {
  private readonly table: ItemTable<T, Labels>;

  /** LabelSetTable holds items by their index in `dense` (see ItemTable). */
  constructor(dense: Dense<T>) {
    this.table = new ItemTable<T, Labels>(dense, (item) => labelsHash(item.labels), labelsHash, (item, l) => sameLabels(item.labels, l));
  }

  /** size is the number of items held. */
  get size(): number {
    return this.table.size;
  }

  /** slotBytes is the table's heap (4 B a slot), for the store's memory estimate. */
  get slotBytes(): number {
    return this.table.capacity * 4;
  }

  /** get returns the item whose labels equal `labels` (empty values ignored). */
  get(labels: Labels): T | undefined {
    return this.table.get(labels);
  }

  /** add inserts an item; the caller makes sure no item with equal labels is held. */
  add(item: T): void {
    this.table.add(item);
  }

  /** delete removes an item held by the table. */
  delete(item: T): void {
    this.table.delete(item);
  }

  /** renumber follows a renumbering of the items (old index → new; see ItemTable.renumber). */
  renumber(newIndex: Int32Array): void {
    this.table.renumber(newIndex);
  }
}
