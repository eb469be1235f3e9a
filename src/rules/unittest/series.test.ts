import { describe, expect, it } from 'vitest';
import { isStaleNaN } from '../../model/sample.js';
import { expandValues, loadSeries, OMITTED, parseSeriesDesc, STALE } from './series.js';

describe('expandValues', () => {
  const cases: Array<[string, Array<number | 'omit' | 'stale'>]> = [
    ['1+2x3', [1, 3, 5, 7]],
    ['10-1x2', [10, 9, 8]],
    ['-1-1x2', [-1, -2, -3]],
    ['-2+4x1', [-2, 2]],
    ['7x2', [7, 7, 7]],
    ['1 _ 3', [1, 'omit', 3]],
    ['_x3 4', ['omit', 'omit', 'omit', 4]],
    ['1 stale', [1, 'stale']],
    ['Inf -Inf', [Infinity, -Infinity]],
    ['1.5e3+0.5x1', [1500, 1500.5]],
    ['0+1e2x2', [0, 100, 200]],
    // cumulative sums as promtool: the 7th value is 0.6 here, not 6 × 0.1 = 0.6000000000000001
    ['0+0.1x8', [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7, 0.7999999999999999]],
  ];
  for (const [text, want] of cases) {
    it(text, () => {
      const got = expandValues(text).map((v) => (v === OMITTED ? 'omit' : v === STALE ? 'stale' : v));
      expect(got).toEqual(want);
    });
  }
  it('reads 0xN as a repeated zero, never as hexadecimal (as promtool does)', () => {
    expect(expandValues('0x3')).toEqual([0, 0, 0, 0]);
    expect(expandValues('0x20')).toHaveLength(21);
    expect(expandValues('0x20').every((v) => v === 0)).toBe(true);
    expect(() => expandValues('0xff')).toThrow(/invalid value "0xff"/);
  });

  it('NaN stays an ordinary NaN', () => {
    const [v] = expandValues('NaN');
    expect(typeof v === 'number' && Number.isNaN(v)).toBe(true);
  });
  it('rejects garbage', () => {
    expect(() => expandValues('1+x3')).toThrow(/invalid value "1\+x3"/);
    expect(() => expandValues('abc')).toThrow(/invalid value/);
  });
});

describe('parseSeriesDesc', () => {
  it('parses name and labels with escapes', () => {
    expect(parseSeriesDesc('up{job="a", instance="x\\"y",}')).toEqual({ __name__: 'up', job: 'a', instance: 'x"y' });
    expect(parseSeriesDesc('{__name__="m", a=\'1\'}')).toEqual({ __name__: 'm', a: '1' });
    expect(parseSeriesDesc('  go_goroutines  ')).toEqual({ __name__: 'go_goroutines' });
  });
  it('rejects malformed descriptions', () => {
    expect(() => parseSeriesDesc('up{job=a}')).toThrow(/expected quoted value/);
    expect(() => parseSeriesDesc('up{job="a"')).toThrow(/expected/);
    expect(() => parseSeriesDesc('{}')).toThrow(/no metric name/);
  });
  it('takes an empty set where promtool reads expected labels ({} of a scalar result)', () => {
    expect(parseSeriesDesc('{}', true)).toEqual({});
    expect(parseSeriesDesc(' { } ', true)).toEqual({});
  });
});

describe('loadSeries', () => {
  it('stamps values at multiples of the interval, skipping omitted ones', () => {
    const [s] = loadSeries([{ series: 'm', values: '1 _ 3' }], 30_000);
    expect(s!.t).toEqual([0, 60_000]);
    expect([...s!.v]).toEqual([1, 3]);
  });
  it('keeps the staleness marker payload', () => {
    const [s] = loadSeries([{ series: 'm', values: '1 stale' }], 1000);
    expect(isStaleNaN(s!.v[1]!)).toBe(true);
  });
});
