/**
 * arena: one set of large slabs holding the chunk bytes of many ChunkLists. A Uint8Array per series
 * costs ~250 bytes of heap and allocator overhead before its first byte of data (the view, the
 * ArrayBuffer, the backing store record); at 20k series that was more than a third of the store.
 *
 * Regions are bump-allocated and never reused in place: a list that outgrows its region moves to a
 * new one, and a list that drops its oldest chunks gives up the front of its region. The bytes left
 * behind are counted as garbage, and once garbage passes a thirty-second of the live bytes (and a
 * kilobyte worth) the arena compacts: every tenant is copied into fresh slabs and told where it now
 * lives. Garbage is resident until then, on average half the threshold: at a sixteenth that was
 * 0.04 B/sample at 20k series and up to 0.08 just before a compaction, which put the store bench
 * over 2 B/sample at some points of a chunk cycle. Compacting twice as often cost ~30 % of the
 * append rate (1.3-1.8 M samples/s remain, against the ~40 k/s that 200 targets of 1,000 series
 * at 5 s ingest). A garbage-first scheme (evacuating mostly empty slabs) does not help here:
 * regions move often and from everywhere, so garbage spreads evenly over the slabs.
 * Fresh slabs are zeroed, which the bit writer relies on (it ORs into bytes it expects to be zero).
 */

/** ArenaTenant is a holder of one region (a ChunkList); the arena moves it when compacting. */
export interface ArenaTenant {
  /** regionBase is the region's first byte in its slab. */
  readonly regionBase: number;
  /** regionBytes is the region's capacity. */
  readonly regionBytes: number;
  /** liveBytes is how much of the region, from its start, holds data and must be copied. */
  readonly liveBytes: number;
  /** regionBuf is the slab the region lives in. */
  readonly regionBuf: Uint8Array;
  /** relocate tells the tenant that its bytes now start at `base` in `buf`, with `cap` bytes of room. */
  relocate(buf: Uint8Array, base: number, cap: number): void;
}

/**
 * ByteArena hands out regions of shared slabs; slabBytes 0 makes a private arena of exact-size slabs.
 * Slabs start small and grow with the live bytes (an eighth of them, up to slabBytes), so a store
 * with a few series does not hold a mostly empty megabyte.
 */
export class ByteArena {
  private readonly slabBytes: number;
  private static readonly MIN_SLAB = 4096;
  private cur = new Uint8Array(0);
  private top = 0;
  private tenants: (ArenaTenant | undefined)[] = [];
  private freeSlots: number[] = [];
  /** live is the capacity of every region handed out and not yet given back. */
  private live = 0;
  /** garbage counts bytes given back, plus slab tails skipped when a region did not fit. */
  private garbage = 0;
  private slabTotal = 0;
  /**
   * regs holds each tenant's encoder registers, regsPerTenant numbers from slot * regsPerTenant: one
   * typed array for all series instead of a JS array (and boxed numbers) in every ChunkList.
   */
  regs: Float64Array;
  readonly regsPerTenant: number;
  /** buf and base are where the last alloc() put its region (read right after calling it). */
  buf = this.cur;
  base = 0;

  constructor(slabBytes = 1 << 20, regsPerTenant = 16) {
    this.slabBytes = slabBytes;
    this.regsPerTenant = regsPerTenant;
    this.regs = new Float64Array(slabBytes === 0 ? regsPerTenant : regsPerTenant * 64);
  }

  /** byteSize is the memory held in slabs, garbage and unused tails included. */
  get byteSize(): number {
    return this.slabTotal;
  }

  /** wasteBytes is slab memory not inside any live region (garbage and the current slab's free tail). */
  get wasteBytes(): number {
    return this.slabTotal - this.live;
  }

  /** register records a tenant so compaction can move it; returns its slot for unregister(). */
  register(t: ArenaTenant): number {
    let slot = this.freeSlots.pop();
    if (slot !== undefined) {
      this.tenants[slot] = t;
    } else {
      this.tenants.push(t);
      slot = this.tenants.length - 1;
    }
    const end = (slot + 1) * this.regsPerTenant;
    if (end > this.regs.length) {
      // Grow by an eighth, not by doubling: the registers of 20k series are 1.4 MB, and a doubled
      // array left up to half of that (~45 B a series on average) allocated and unused.
      const next = new Float64Array(Math.max(end, this.regs.length + (this.regs.length >>> 3), this.regsPerTenant * 64));
      next.set(this.regs);
      this.regs = next;
    }
    this.regs.fill(0, end - this.regsPerTenant, end);
    return slot;
  }

  /** unregister forgets a tenant and turns its region into garbage. */
  unregister(slot: number, regionBytes: number): void {
    if (this.tenants[slot] === undefined) return;
    this.tenants[slot] = undefined;
    this.freeSlots.push(slot);
    this.release(regionBytes);
  }

  /** alloc reserves `bytes` zeroed bytes; the region is at this.buf from this.base. */
  alloc(bytes: number): void {
    if (this.top + bytes > this.cur.length) {
      this.garbage += this.cur.length - this.top;
      const size = this.slabBytes === 0 ? bytes : Math.max(Math.min(this.slabBytes, Math.max(ByteArena.MIN_SLAB, this.live >>> 3)), bytes);
      this.cur = new Uint8Array(size);
      this.top = 0;
      // A private arena forgets its old slab: the tenant's next region replaces it entirely.
      this.slabTotal = this.slabBytes === 0 ? size : this.slabTotal + size;
      if (this.slabBytes === 0) this.garbage = 0;
    }
    this.buf = this.cur;
    this.base = this.top;
    this.top += bytes;
    this.live += bytes;
  }

  /**
   * extend grows a region in place when it is the last one carved from the current slab and the
   * slab has room; true when it did.
   */
  extend(buf: Uint8Array, end: number, extra: number): boolean {
    if (buf !== this.cur || end !== this.top || this.top + extra > this.cur.length) return false;
    this.top += extra;
    this.live += extra;
    return true;
  }

  /**
   * shrink gives back the last `bytes` of a region ending at `end` in `buf`, whose tenant already
   * records the smaller capacity. The newest region of the current slab lowers the bump pointer (its
   * tail is zeroed again, as alloc promises zeroed bytes); any other tail becomes garbage.
   */
  shrink(buf: Uint8Array, end: number, bytes: number): void {
    if (bytes <= 0) return;
    if (buf === this.cur && end === this.top) {
      this.top -= bytes;
      this.live -= bytes;
      this.cur.fill(0, this.top, end);
      return;
    }
    this.release(bytes);
  }

  /** release gives back `bytes` of a region (a moved region, or the front of one); may compact. */
  release(bytes: number): void {
    this.live -= bytes;
    this.garbage += bytes;
    if (this.slabBytes > 0 && this.garbage > 1024 && this.garbage * 32 > this.live) this.compact();
  }

  /** compact copies every tenant into fresh slabs, leaving the garbage to the GC. */
  compact(): void {
    this.cur = new Uint8Array(0);
    this.top = 0;
    this.live = 0;
    this.garbage = 0;
    this.slabTotal = 0;
    for (const t of this.tenants) {
      if (t === undefined) continue;
      const cap = t.regionBytes;
      const from = t.regionBase;
      const src = t.regionBuf;
      this.alloc(cap);
      this.buf.set(src.subarray(from, from + t.liveBytes), this.base);
      t.relocate(this.buf, this.base, cap);
    }
    // Skipped slab tails during the copy are not garbage anyone can give back; start the count over.
    this.garbage = 0;
  }
}
