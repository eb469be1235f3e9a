/**
 * rollup: one downsampled tier of one series. Raw samples that age out of the raw window are folded
 * into fixed, epoch-aligned buckets (min, max, sum, count, last); finished buckets are stored
 * compressed with the same chunk code as raw data, five columns sharing one timestamp stream.
 */
import { isStaleNaN } from '../model/sample.js';
import type { Rollup } from './store.js';
import type { ByteArena } from './arena.js';
import { ChunkList, type ChunkListState } from './chunks.js';

/** ROLLUP_COLUMNS is the order of a bucket's stored columns. */
export const ROLLUP_COLUMNS = ['min', 'max', 'sum', 'count', 'last'] as const;

// ROW is the scratch row flush() hands to the chunk writer, which copies it at once: one for all tiers.
const ROW = new Float64Array(5);

/** OpenBucket is the bucket still being filled; start is NaN when there is none. */
export interface OpenBucket {
  start: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
}

/** RollupTier holds the finished buckets (stamped at bucket end) and the open one. */
export class RollupTier {
  readonly intervalMs: number;
  readonly buckets: ChunkList;
  readonly open: OpenBucket = { start: NaN, min: 0, max: 0, sum: 0, count: 0, last: 0 };

  /**
   * With `arena` the buckets live in the store's shared rollup arena: a list of its own held a
   * private arena (slab, register array) per tier, ~2.5 KB a series that outweighed the buckets.
   */
  constructor(intervalMs: number, samplesPerChunk: number, buckets?: ChunkList, arena?: ByteArena) {
    this.intervalMs = intervalMs;
    this.buckets = buckets ?? new ChunkList(5, samplesPerChunk, 16, arena);
  }

  /**
   * add folds one sample in. Staleness markers are skipped: they end a series, they are not a value.
   * NaN values follow PromQL's *_over_time: min/max ignore them unless nothing else is there.
   */
  add(t: number, v: number): void {
    if (isStaleNaN(v)) return;
    const start = t - mod(t, this.intervalMs);
    const b = this.open;
    if (b.start !== start) {
      this.flush();
      b.start = start;
      b.min = v;
      b.max = v;
      b.sum = v;
      b.count = 1;
      b.last = v;
      return;
    }
    if (v < b.min || b.min !== b.min) b.min = v;
    if (v > b.max || b.max !== b.max) b.max = v;
    b.sum += v;
    b.count++;
    b.last = v;
  }

  /**
   * closeBefore stores the open bucket once no future sample can land in it (every sample still to
   * come is at or after `next`), so the bucket next to the raw window is not held back.
   */
  closeBefore(next: number): void {
    if (this.open.start + this.intervalMs <= next) this.flush();
  }

  /** flush stores the open bucket; called when a later bucket starts. */
  private flush(): void {
    const b = this.open;
    if (b.start !== b.start) return;
    const r = ROW;
    r[0] = b.min;
    r[1] = b.max;
    r[2] = b.sum;
    r[3] = b.count;
    r[4] = b.last;
    this.buckets.appendRow(b.start + this.intervalMs, r);
    b.start = NaN;
  }

  /** expire drops stored bucket chunks entirely older than `cutoff`. */
  expire(cutoff: number): number {
    return this.buckets.dropBefore(cutoff);
  }

  /** firstStart is where this tier's stored coverage begins (Infinity when it has none). */
  firstStart(): number {
    const m = this.buckets.mint;
    return m === Infinity ? Infinity : m - this.intervalMs;
  }

  /** read returns stored buckets with end stamp in [mint, maxt], reduced to one value each. */
  read(mint: number, maxt: number, kind: Rollup): { t: Float64Array; v: Float64Array } {
    const { t, v } = this.buckets.read(mint, maxt);
    const out = new Float64Array(t.length);
    const [min, max, sum, count, last] = v as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < t.length; i++) {
      out[i] = kind === 'min' ? min[i]! : kind === 'max' ? max[i]! : kind === 'last' ? last[i]! : sum[i]! / count[i]!;
    }
    return { t, v: out };
  }

  /** state exports the tier for a snapshot. */
  state(): { intervalMs: number; open: OpenBucket; buckets: ChunkListState } {
    return { intervalMs: this.intervalMs, open: { ...this.open }, buckets: this.buckets.state() };
  }
}

function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}
