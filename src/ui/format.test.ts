import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../model/finding.js';
import {
  asList,
  formatAgo,
  formatConfidence,
  formatEvidence,
  healthTone,
  humanBytes,
  humanCount,
  humanDuration,
  pick,
  verdictText,
  verdictTone,
} from './format.js';

describe('humanBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [7 * 1024 * 1024, '7.00 MiB'],
    [400 * 1024 * 1024, '400 MiB'],
    [3 * 1024 ** 3, '3.00 GiB'],
    [1_288_490_188, '1.20 GiB'],
    [-52_428_800, '-50.0 MiB'],
    [NaN, 'NaN'],
  ])('%s bytes → %s', (n, s) => expect(humanBytes(n)).toBe(s));

  it('always lands between 1 and 1024 of its unit', () => {
    fc.assert(
      fc.property(fc.double({ min: 1024, max: 2 ** 60, noNaN: true }), (n) => {
        const [num] = humanBytes(n).split(' ') as [string];
        return Number(num) >= 1 && Number(num) <= 1024;
      }),
    );
  });
});

describe('humanDuration', () => {
  it.each([
    [null, '—'],
    [Infinity, '—'],
    [0, '0s'],
    [0.039, '39ms'],
    [0.0072, '7.2ms'],
    [1, '1s'],
    [1.5, '1.5s'],
    [42, '42s'],
    [90, '1m 30s'],
    [12_000, '3h 20m'],
    [3600, '1h'],
    [86_400 * 2 + 3600 * 4 + 59, '2d 4h'],
    [-90, '-1m 30s'],
  ])('%s s → %s', (s, out) => expect(humanDuration(s)).toBe(out));
});

describe('formatEvidence', () => {
  it.each([
    [52_428_800, 'bytes/h', '50.0 MiB/h'],
    [2048, 'bytes', '2.00 KiB'],
    [12_000, 'seconds', '3h 20m'],
    [0.425, 'ratio', '0.42 (42.5 %)'],
    [37.5, 'percent', '37.5 %'],
    [12_345, 'count', '12,345'],
    [120.5, 'count/h', '120.5/h'],
    [0.00002, 'p-value', '2.0e-5'],
    [0.04, 'p-value', '0.04'],
    [3, 'widgets', '3.00 widgets'],
  ])('%s %s → %s', (v, unit, out) => expect(formatEvidence(v, unit)).toBe(out));
});

describe('humanCount and formatConfidence', () => {
  it('groups thousands and trims decimals', () => {
    expect(humanCount(1_234_567)).toBe('1,234,567');
    expect(humanCount(-1234.5)).toBe('-1,234.5');
    expect(humanCount(0.125)).toBe('0.13');
  });
  it('clamps confidence to 0–100 %', () => {
    expect(formatConfidence(0.914)).toBe('91 %');
    expect(formatConfidence(1.4)).toBe('100 %');
    expect(formatConfidence(NaN)).toBe('—');
  });
});

describe('tones', () => {
  it('colours real leaks red, look-alikes amber, healthy green, no data grey', () => {
    const tones = Object.fromEntries(VERDICTS.map((v) => [v, verdictTone(v)]));
    expect(tones).toEqual({
      heap_leak: 'bad',
      goroutine_leak: 'bad',
      offheap_leak: 'bad',
      page_cache: 'warn',
      runtime_retention: 'warn',
      fragmentation: 'warn',
      healthy: 'good',
      insufficient_data: 'none',
    });
    expect(verdictTone('something_new')).toBe('none');
  });
  it('gives every verdict a readable name and says which are not leaks', () => {
    for (const v of VERDICTS) expect(verdictText(v)).not.toContain('_');
    expect(verdictText('page_cache')).toContain('not a leak');
    expect(verdictText('mystery')).toBe('mystery');
  });
  it('maps health and alert states', () => {
    expect([healthTone('up'), healthTone('down'), healthTone('unknown'), healthTone('firing'), healthTone('pending'), healthTone('ok'), healthTone('err')]).toEqual([
      'good',
      'bad',
      'none',
      'bad',
      'warn',
      'good',
      'bad',
    ]);
  });
});

describe('formatAgo, pick, asList', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('reads RFC 3339 and Go zero time', () => {
    expect(formatAgo('2026-01-01T11:58:30Z', now)).toBe('1m 30s ago');
    expect(formatAgo('2026-01-01T12:00:00.400Z', now)).toBe('just now');
    expect(formatAgo('0001-01-01T00:00:00Z', now)).toBe('never');
    expect(formatAgo(undefined, now)).toBe('never');
    expect(formatAgo('yesterday-ish', now)).toBe('yesterday-ish');
  });
  it('walks odd JSON without throwing', () => {
    expect(pick({ data: { alerts: [1] } }, 'data', 'alerts')).toEqual([1]);
    expect(pick({ data: [1] }, 'data', 'alerts')).toBeUndefined();
    expect(pick(null, 'data')).toBeUndefined();
    expect(pick('text', 'data')).toBeUndefined();
    expect(asList({ not: 'a list' })).toEqual([]);
    expect(asList([1, 2])).toEqual([1, 2]);
  });
});
