/**
 * item-table: an open-addressing hash set of items whose keys are derived from the items themselves.
 * A Map entry costs ~46 B (key, value and chain words, plus buckets and doubling slack); at 20k series
 * the store paid that three times per series for lookups whose key is already in the series' labels
 * (its label set, and its `instance` and `series` values). Here the table is one array of item
 * references with linear probing, 8 bytes a slot at a load of 3/8 to 3/4: ~10-20 B an item.
 */

/** ItemTable holds distinct items, found by a key the item carries (`matches` compares). */
export class ItemTable<T, K> {
  private slots: (T | undefined)[];
  private mask: number;
  private n = 0;

  /**
   * ItemTable needs the hash of an item and of a key to agree for matching pairs; `matches` tells
   * whether an item carries the key.
   */
  constructor(
    private readonly hashItem: (item: T) => number,
    private readonly hashKey: (key: K) => number,
    private readonly matches: (item: T, key: K) => boolean,
  ) {
    this.slots = emptySlots<T>(8);
    this.mask = 7;
  }

  /** size is the number of items held. */
  get size(): number {
    return this.n;
  }

  /** capacity is the slot count (for memory estimates). */
  get capacity(): number {
    return this.slots.length;
  }

  /** get returns the item carrying `key`, if any. */
  get(key: K): T | undefined {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = this.hashKey(key) & mask; ; i = (i + 1) & mask) {
      const x = slots[i];
      if (x === undefined) return undefined;
      if (this.matches(x, key)) return x;
    }
  }

  /** add inserts an item; the caller makes sure no item with the same key is held. */
  add(item: T): void {
    if ((this.n + 1) * 4 > this.slots.length * 3) this.resize(this.slots.length * 2);
    this.place(item);
    this.n++;
  }

  /** delete removes `item` (the same reference); false when it was not held. */
  delete(item: T): boolean {
    const slots = this.slots;
    const mask = this.mask;
    let i = this.hashItem(item) & mask;
    for (; ; i = (i + 1) & mask) {
      const x = slots[i];
      if (x === undefined) return false;
      if (x === item) break;
    }
    slots[i] = undefined;
    // Backward-shift deletion: pull later members of the probe run into the hole, so lookups never
    // need tombstones. An item may move to the hole unless its home lies cyclically in (hole, j].
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const x = slots[j];
      if (x === undefined) break;
      const home = this.hashItem(x) & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      slots[i] = x;
      slots[j] = undefined;
      i = j;
    }
    this.n--;
    // Shrink when mostly empty so a store that dropped most series gives the slots back.
    if (this.slots.length > 8 && this.n * 8 < this.slots.length) this.resize(this.slots.length / 2);
    return true;
  }

  /** items lists every held item (in slot order, i.e. unordered). */
  items(): T[] {
    const out: T[] = [];
    for (const x of this.slots) if (x !== undefined) out.push(x);
    return out;
  }

  private place(item: T): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = this.hashItem(item) & mask;
    while (slots[i] !== undefined) i = (i + 1) & mask;
    slots[i] = item;
  }

  private resize(cap: number): void {
    const old = this.slots;
    this.slots = emptySlots<T>(cap);
    this.mask = cap - 1;
    for (const x of old) if (x !== undefined) this.place(x);
  }
}

/**
 * emptySlots builds a packed array of `n` undefined: `new Array(n)` past ~100k elements gets
 * dictionary elements in V8, far larger and slower than 8 bytes a slot.
 */
function emptySlots<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
