/**
 * item-table: an open-addressing hash set of items whose keys are derived from the items themselves.
 * A Map entry costs ~46 B (key, value and chain words, plus buckets and doubling slack); at 20k series
 * the store paid that three times per series for lookups whose key is already in the series' labels
 * (its label set, and its `instance` and `series` values). Here the table is one Int32Array of the
 * items' dense indexes (see Dense) with linear probing, 4 bytes a slot at a load of 3/8 to 3/4:
 * ~5-10 B an item. Slots of item references were 8 bytes; the store numbers its series densely
 * anyway (their position in its creation-ordered list), so the index costs nothing extra.
 */

/**
 * Dense numbers the items a table may hold: indexOf gives each held item its own integer in
 * [0, 2^31 - 2], and at(indexOf(x)) is x for as long as x is held. Tables resolve indexes (to hash
 * and compare items) only inside get, add, delete and items.
 */
export interface Dense<T> {
  indexOf(item: T): number;
  at(index: number): T;
}

/** ItemTable holds distinct items, found by a key the item carries (`matches` compares). */
export class ItemTable<T, K> {
  /** slots hold index + 1 of an item, 0 for an empty slot (what a fresh Int32Array holds). */
  private slots: Int32Array;
  private mask: number;
  private n = 0;

  /**
   * ItemTable needs the hash of an item and of a key to agree for matching pairs; `matches` tells
   * whether an item carries the key.
   */
  constructor(
    private readonly dense: Dense<T>,
    private readonly hashItem: (item: T) => number,
    private readonly hashKey: (key: K) => number,
    private readonly matches: (item: T, key: K) => boolean,
  ) {
    this.slots = new Int32Array(8);
    this.mask = 7;
  }

  /** size is the number of items held. */
  get size(): number {
    return this.n;
  }

  /** capacity is the slot count (for memory estimates: 4 B a slot). */
  get capacity(): number {
    return this.slots.length;
  }

  /** get returns the item carrying `key`, if any. */
  get(key: K): T | undefined {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = this.hashKey(key) & mask; ; i = (i + 1) & mask) {
      const h = slots[i]!;
      if (h === 0) return undefined;
      const x = this.dense.at(h - 1);
      if (this.matches(x, key)) return x;
    }
  }

  /** add inserts an item; the caller makes sure no item with the same key is held. */
  add(item: T): void {
    if ((this.n + 1) * 4 > this.slots.length * 3) this.resize(this.slots.length * 2);
    this.place(this.hashItem(item), this.dense.indexOf(item) + 1);
    this.n++;
  }

  /** delete removes `item` (the item with its index); false when it was not held. */
  delete(item: T): boolean {
    const slots = this.slots;
    const mask = this.mask;
    const want = this.dense.indexOf(item) + 1;
    let i = this.hashItem(item) & mask;
    for (; ; i = (i + 1) & mask) {
      const h = slots[i]!;
      if (h === 0) return false;
      if (h === want) break;
    }
    slots[i] = 0;
    // Backward-shift deletion: pull later members of the probe run into the hole, so lookups never
    // need tombstones. An item may move to the hole unless its home lies cyclically in (hole, j].
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const h = slots[j]!;
      if (h === 0) break;
      const home = this.hashItem(this.dense.at(h - 1)) & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      slots[i] = h;
      slots[j] = 0;
      i = j;
    }
    this.n--;
    // Shrink when mostly empty so a store that dropped most series gives the slots back.
    if (this.slots.length > 8 && this.n * 8 < this.slots.length) this.resize(this.slots.length / 2);
    return true;
  }

  /**
   * renumber rewrites every held index through `newIndex` (old index → new), after the owner of the
   * numbering moved its items. Slots stay where they are: they depend on the items' keys alone.
   */
  renumber(newIndex: Int32Array): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) slots[i] = newIndex[slots[i]! - 1]! + 1;
  }

  /** items lists every held item (in slot order, i.e. unordered). */
  items(): T[] {
    const out: T[] = [];
    for (const h of this.slots) if (h !== 0) out.push(this.dense.at(h - 1));
    return out;
  }

  private place(hash: number, h: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = h;
  }

  private resize(cap: number): void {
    const old = this.slots;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (const h of old) if (h !== 0) this.place(this.hashItem(this.dense.at(h - 1)), h);
  }
}
