/**
 * series: one stored series: its identity, its raw chunk list and its rollup tiers. Tiers are created
 * on the first compaction that feeds them, so a series that never ages out pays nothing for them.
 */
import type { Labels } from '../model/labels.js';
import type { ByteArena } from './arena.js';
import { ChunkList, type ChunkListState } from './chunks.js';
import { RollupTier } from './rollup.js';
import type { RollupTierOptions } from './options.js';

/**
 * labelsObjectBytes is the heap of a frozen labels record: a header plus one slot per label. The
 * strings are counted by the postings, once per distinct value.
 */
function labelsObjectBytes(l: Labels): number {
  let n = 0;
  for (const _ in l) n++;
  return 24 + 8 * n;
}

/**
 * SERIES_OVERHEAD_BYTES estimates the fixed heap cost of a series outside its chunk bytes, labels
 * record, postings, encoder registers and label-set table slot (the store counts those from their
 * arrays): this object with its chunk list's fields (11 of them, 112 B in a heap snapshot). Chunk bytes live in the
 * store's shared arena (no typed array per series). Checked against a heap snapshot and the heap
 * delta of bench/store.bench.mjs (node 20, 5 labels per series).
 */
export const SERIES_OVERHEAD_BYTES = 112;

const noTiers: readonly RollupTier[] = Object.freeze([]);

/**
 * MemSeries is the store's record for one series. It is its own raw chunk list (a one-column,
 * packing ChunkList in the store's arena) rather than holding one: a second object per series cost
 * its header and a pointer, ~40 bytes, and a pointer chase on every append and read.
 */
export class MemSeries extends ChunkList {
  /** id is the series' position in the store's creation-ordered list (changes when others are dropped). */
  id: number;
  private labelSet: Labels;
  tiers: readonly RollupTier[] = noTiers;
  /**
   * dropped marks a series removed by compaction, so cached references stop accepting samples. Its
   * raw list is released then, which already says so (a field of its own cost 8 B a series).
   */
  get dropped(): boolean {
    return this.released;
  }

  /** MemSeries makes an empty series, or one holding `state` (a raw list exported by state()). */
  constructor(id: number, labels: Labels, samplesPerChunk: number, arena: ByteArena, state?: ChunkListState) {
    // A restored series keeps the chunk size it was written with, as a rehomed list did.
    super(1, state ? state.samplesPerChunk : samplesPerChunk, state ? ChunkList.roomFor(state) : 32, arena, true);
    this.id = id;
    this.labelSet = labels;
    if (state) this.restore(state);
  }

  /** labels is the series' normalized, frozen label set. */
  get labels(): Labels {
    return this.labelSet;
  }

  /** relabel swaps in an equal frozen record (the caller checks equality), keeping the index valid. */
  relabel(labels: Labels): void {
    this.labelSet = labels;
  }

  /** raw is the series' raw chunk list, i.e. the series itself. */
  get raw(): ChunkList {
    return this;
  }

  /** feed folds raw samples leaving the raw window into every tier. */
  feed(t: Float64Array, v: Float64Array, tiers: readonly RollupTierOptions[], samplesPerChunk: number, arena?: ByteArena): void {
    if (tiers.length === 0) return;
    if (this.tiers.length === 0) this.tiers = tiers.map((o) => new RollupTier(o.intervalMs, samplesPerChunk, undefined, arena));
    for (const tier of this.tiers) for (let i = 0; i < t.length; i++) tier.add(t[i]!, v[i]!);
  }

  /**
   * rehomeTiers moves tiers rebuilt from a snapshot (each in a private buffer) into the shared
   * rollup arena, as the raw list is moved into the raw arena.
   */
  rehomeTiers(arena: ByteArena): void {
    this.tiers = this.tiers.map((tier) => {
      const st = tier.state();
      const moved = new RollupTier(st.intervalMs, st.buckets.samplesPerChunk, ChunkList.fromState(st.buckets, arena));
      Object.assign(moved.open, st.open);
      return moved;
    });
  }

  /** releaseAll gives the raw list's and every tier's bytes back to their arenas. */
  releaseAll(): void {
    this.raw.release();
    for (const tier of this.tiers) tier.buckets.release();
  }

  /** seriesBytes is the series' own estimate of its memory: chunks, rollups and fixed overhead. */
  seriesBytes(): number {
    let b = SERIES_OVERHEAD_BYTES + labelsObjectBytes(this.labels) + super.byteSize;
    for (const tier of this.tiers) b += 200 + tier.buckets.byteSize;
    return b;
  }

  /** mint is the oldest time the series covers, rollups included. */
  seriesMint(): number {
    let m = super.mint;
    for (const tier of this.tiers) m = Math.min(m, tier.firstStart());
    return m;
  }
}
