import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bestHinge, bestStep } from './changepoint.js';
import { bucketMin, medianInterval } from './floor.js';
import { hamedRaoFactor, mannKendall, normalCdf } from './mann-kendall.js';
import { currentSegment, increase, resets } from './segments.js';
import { median, theilSen } from './theil-sen.js';
import { trend } from './trend.js';

const MIN = 60_000;
// deterministic pseudo-random numbers so the tests never flake
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('theilSen', () => {
  it('recovers a slope despite 25 % wild outliers', () => {
    const r = rng(1);
    const t = Array.from({ length: 100 }, (_, i) => i);
    const v = t.map((x) => 3 * x + 10 + (r() < 0.25 ? 1e6 : 0));
    const f = theilSen(t, v);
    expect(f.slope).toBeCloseTo(3, 6);
    expect(f.intercept).toBeCloseTo(10, 6);
  });
  it('is zero on a constant series and handles tiny inputs', () => {
    expect(theilSen([1, 2, 3], [5, 5, 5]).slope).toBe(0);
    expect(theilSen([1], [5])).toEqual({ slope: 0, intercept: 5 });
    expect(median([])).toBeNaN();
    expect(median([3, 1, 2, 4])).toBe(2.5);
  });
  it('median by selection equals the sorted middle (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        const m = s.length >> 1;
        const want = s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
        return Math.abs(median(xs) - want) <= 1e-9 * Math.max(1, Math.abs(want));
      }),
    );
  });
  it('strided pairs still find the slope on long series', () => {
    const t = Array.from({ length: 3000 }, (_, i) => i);
    expect(theilSen(t, t.map((x) => -2 * x), 10_000).slope).toBeCloseTo(-2, 9);
  });
});

describe('mannKendall', () => {
  it('Φ matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-2.575829)).toBeCloseTo(0.005, 5);
  });
  it('finds a noisy monotone trend and no trend in white noise', () => {
    const r = rng(7);
    const t = Array.from({ length: 40 }, (_, i) => i);
    expect(mannKendall(t, t.map((x) => x + 5 * r())).p).toBeLessThan(1e-6);
    expect(mannKendall(t, t.map(() => r())).p).toBeGreaterThan(0.05);
  });
  it('Hamed–Rao widens the variance for a slow random walk (autocorrelated, no trend)', () => {
    const r = rng(3);
    let x = 0;
    const t = Array.from({ length: 60 }, (_, i) => i);
    const v = t.map(() => (x += r() - 0.5));
    expect(hamedRaoFactor(t, v)).toBeGreaterThanOrEqual(1);
    const plain = mannKendall(t, v);
    expect(plain.varianceFactor).toBeGreaterThanOrEqual(1);
  });
  it('p is always within [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 0, maxLength: 40 }), (v) => {
        const t = v.map((_, i) => i);
        const m = mannKendall(t, v);
        return m.p >= 0 && m.p <= 1;
      }),
    );
  });
});

describe('floors', () => {
  it('bucket minima remove the sawtooth peaks', () => {
    // sawtooth between 100 and 200 with period 10 samples, sampled every second
    const t = Array.from({ length: 100 }, (_, i) => i * 1000);
    const v = t.map((_, i) => 100 + (i % 10) * 10);
    const f = bucketMin(t, v, 0, 20_000);
    expect(f.v).toEqual([100, 100, 100, 100, 100]);
    expect(f.t[0]).toBe(10_000);
    expect(medianInterval(t)).toBe(1000);
  });
  it('skips NaN and samples before start', () => {
    const f = bucketMin([0, 1, 2, 3], [NaN, 5, 1, NaN], 1, 10);
    expect(f.v).toEqual([1]);
  });
});

describe('step vs ramp', () => {
  const t = Array.from({ length: 30 }, (_, i) => i * MIN);
  it('a level shift then plateau is a step, not a leak', () => {
    const v = t.map((_, i) => (i < 15 ? 100 : 300) + (i % 3));
    const tr = trend(t, v);
    // Hamed–Rao may already call it insignificant (flat); either way it is not a ramp
    expect(['step', 'flat']).toContain(tr.shape);
    expect(bestStep(t, v)!.split).toBe(15);
  });
  it('a steady rise is a ramp with the right hourly slope', () => {
    const v = t.map((x, i) => 1000 + (x / MIN) * 10 + (i % 2));
    const tr = trend(t, v);
    expect(tr.shape).toBe('ramp');
    expect(tr.slopePerHour).toBeCloseTo(600, -1);
  });
  it('a step followed by a ramp is still a ramp', () => {
    const v = t.map((x, i) => (i < 10 ? 100 : 400 + (i - 10) * 20));
    expect(trend(t, v).shape).toBe('ramp');
  });
  it('a fill that levels off (long warm-up) is not a ramp', () => {
    const v = t.map((_, i) => 100 + 300 * (1 - Math.exp(-i / 4)) + (i % 2));
    expect(trend(t, v).shape).not.toBe('ramp');
  });
  it('too few points read as flat', () => {
    expect(trend([0, 1, 2], [1, 2, 3]).shape).toBe('flat');
  });
  it('a flat noisy series is flat', () => {
    const r = rng(11);
    expect(trend(t, t.map(() => 100 + r())).shape).toBe('flat');
  });
});

describe('segments', () => {
  it('starts after the last restart plus warm-up', () => {
    const s = currentSegment({ t: [0, 10_000, 20_000, 30_000], v: [100, 100, 125, 125] }, 0, 5000);
    expect(s.restarts).toBe(1);
    expect(s.start).toBe(20_000);
    expect(s.analysisStart).toBe(130_000); // process started at 125 s + 5 s warm-up
  });
  it('no start-time series means the whole window', () => {
    expect(currentSegment(undefined, 42, 1000)).toEqual({ start: 42, analysisStart: 42, restarts: 0, processStart: undefined });
  });
  it('counter increase handles resets like PromQL', () => {
    expect(increase([1, 5, 2, 4])).toBe(4 + 2 + 2);
    expect(resets([1, 5, 2, 4, 0])).toBe(2);
  });
});

describe('bestHinge (change point by BIC)', () => {
  const t = Array.from({ length: 120 }, (_, i) => i * MIN);
  it('finds where a flat series starts to ramp, and the slopes on both sides', () => {
    const r = rng(3);
    const v = t.map((x, i) => 100 + r() + (i >= 100 ? (i - 99) * 5 : 0));
    const h = bestHinge(t, v)!;
    expect(h.deltaBic).toBeGreaterThan(0);
    expect(Math.abs(h.split - 100)).toBeLessThanOrEqual(2);
    expect(h.postSlope * MIN).toBeCloseTo(5, 0);
    expect(Math.abs(h.preSlope * MIN)).toBeLessThan(0.05);
  });
  it('prefers one line for a straight ramp or white noise (the bend must pay for its parameters)', () => {
    const r = rng(11);
    expect(bestHinge(t, t.map((_, i) => 3 * i + r()))!.deltaBic).toBeLessThan(0);
    expect(bestHinge(t, t.map(() => r()))!.deltaBic).toBeLessThan(0);
  });
  it('trend() fits only the segment after the change and says when it began', () => {
    const r = rng(5);
    const v = t.map((x, i) => 100 + r() + (i >= 100 ? (i - 99) * 5 : 0));
    const tr = trend(t, v);
    expect(tr.changeAt).toBeDefined();
    expect(tr.shape).toBe('ramp');
    expect(tr.slopePerHour).toBeCloseTo(300, -1);
    expect(tr.floorLast).toBeGreaterThan(tr.preMax!);
  });
});
