/**
 * series: one stored series: its identity, its raw chunk list and its rollup tiers. Tiers are created
 * on the first compaction that feeds them, so a series that never ages out pays nothing for them.
 */
import type { Labels } from '../model/labels.js';
import { ChunkList } from './chunks.js';
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
 * record and postings: this object (64 B), the ChunkList (112 B), its encoder registers in the
 * arena (9 doubles, plus growth room), the identity map entry and the frozen-labels cache entry.
 * Chunk bytes live in the store's shared arena (no typed array per series). Calibrated against a
 * heap snapshot and the heap delta of bench/store.bench.mjs (node 20, 5 labels per series).
 */
export const SERIES_OVERHEAD_BYTES = 340;

const noTiers: readonly RollupTier[] = Object.freeze([]);

/** MemSeries is the store's record for one series. */
export class MemSeries {
  readonly id: number;
  readonly labels: Labels;
  readonly raw: ChunkList;
  tiers: readonly RollupTier[] = noTiers;
  /** dropped marks a series removed by compaction, so cached references stop accepting samples. */
  dropped = false;

  constructor(id: number, labels: Labels, raw: ChunkList) {
    this.id = id;
    this.labels = labels;
    this.raw = raw;
  }

  /** feed folds raw samples leaving the raw window into every tier. */
  feed(t: Float64Array, v: Float64Array, tiers: readonly RollupTierOptions[], samplesPerChunk: number): void {
    if (tiers.length === 0) return;
    if (this.tiers.length === 0) this.tiers = tiers.map((o) => new RollupTier(o.intervalMs, samplesPerChunk));
    for (const tier of this.tiers) for (let i = 0; i < t.length; i++) tier.add(t[i]!, v[i]!);
  }

  /** byteSize is the series' own estimate of its memory. */
  byteSize(): number {
    let b = SERIES_OVERHEAD_BYTES + labelsObjectBytes(this.labels) + this.raw.byteSize;
    for (const tier of this.tiers) b += 200 + tier.buckets.byteSize;
    return b;
  }

  /** mint is the oldest time the series covers, rollups included. */
  mint(): number {
    let m = this.raw.mint;
    for (const tier of this.tiers) m = Math.min(m, tier.firstStart());
    return m;
  }
}
