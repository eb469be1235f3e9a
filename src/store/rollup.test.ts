import { describe, expect, it } from 'vitest';
import { STALE_NAN } from '../model/sample.js';
import { RollupTier } from './rollup.js';

describe('RollupTier', () => {
  it('aligns buckets to the epoch, stamps them at their end and reduces each kind', () => {
    const tier = new RollupTier(60_000, 120);
    // Two samples in [-60s, 0), three in [0, 60s), one in [120s, 180s).
    for (const [t, v] of [[-30_000, 5], [-1, 7], [0, 1], [20_000, 3], [59_999, 2], [130_000, 9]] as const) tier.add(t, v);
    tier.closeBefore(180_000);
    const read = (k: 'min' | 'max' | 'avg' | 'last') => Array.from(tier.read(-Infinity, Infinity, k).v);
    expect(Array.from(tier.read(-Infinity, Infinity, 'avg').t)).toEqual([0, 60_000, 180_000]);
    expect(read('min')).toEqual([5, 1, 9]);
    expect(read('max')).toEqual([7, 3, 9]);
    expect(read('avg')).toEqual([6, 2, 9]);
    expect(read('last')).toEqual([7, 2, 9]);
    expect(tier.firstStart()).toBe(-60_000);
  });

  it('keeps the open bucket until a later sample or closeBefore says it is complete', () => {
    const tier = new RollupTier(60_000, 120);
    tier.add(1000, 1);
    tier.closeBefore(59_999);
    expect(tier.buckets.count).toBe(0);
    tier.closeBefore(60_000);
    expect(tier.buckets.count).toBe(1);
  });

  it('ignores staleness markers and lets NaN through sum like avg_over_time', () => {
    const tier = new RollupTier(10, 120);
    tier.add(1, 4);
    tier.add(2, STALE_NAN);
    tier.add(3, NaN);
    tier.add(4, 2);
    tier.add(11, STALE_NAN);
    tier.closeBefore(20);
    expect(tier.buckets.count).toBe(1);
    expect(Array.from(tier.read(0, 100, 'min').v)).toEqual([2]);
    expect(Array.from(tier.read(0, 100, 'max').v)).toEqual([4]);
    expect(Number.isNaN(tier.read(0, 100, 'avg').v[0])).toBe(true);
  });

  it('expires whole bucket chunks older than the cutoff', () => {
    const tier = new RollupTier(1000, 10);
    for (let t = 0; t < 100_000; t += 500) tier.add(t, t);
    expect(tier.expire(50_000)).toBe(40);
    expect(tier.firstStart()).toBe(40_000);
  });
});
