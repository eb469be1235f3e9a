import { describe, expect, it } from 'vitest';
import { ScrapeCache } from './scrape-cache.js';
import { StringPool } from './string-pool.js';

describe('StringPool', () => {
  it('gives every caller the first copy of a string, equal to it', () => {
    const pool = new StringPool();
    const payload = 'x go_goroutines 12\n';
    const a = pool.intern(payload.slice(2, 15));
    expect(a).toBe('go_goroutines');
    expect(pool.intern('go_goroutines')).toBe(a);
    expect(pool.intern(String.fromCharCode(50, 48, 48))).toBe('200');
    expect(pool.size).toBe(2);
    expect(pool.copied).toBe(2);
  });

  it('holds at most two generations, by count and by characters, and keeps what is still asked for', () => {
    const pool = new StringPool(4, 40, 16);
    for (let i = 0; i < 1000; i++) {
      pool.intern(`s${i}`);
      expect(pool.size).toBeLessThanOrEqual(8);
    }
    const chars = new StringPool(100, 40, 16);
    for (let i = 0; i < 100; i++) chars.intern(`${i}`.padStart(10, 'x'));
    // 40 characters a generation: 4 strings of 10 in each of the two.
    expect(chars.size).toBeLessThanOrEqual(8);
    // A string from the old generation moves to the young one: asked for again, it survives a turn.
    const keep = new StringPool(2, 1000, 16);
    keep.intern('a');
    keep.intern('b');
    keep.intern('c'); // a, b old; c young
    keep.intern('a'); // a moves to young: young {c, a}
    keep.intern('d'); // turn: old {c, a}, young {d}
    expect(keep.size).toBe(3);
    keep.intern('e');
    keep.intern('f'); // turn: old {d, e}, young {f}: a and c gone
    expect(keep.size).toBe(3);
  });

  it('copies but does not pool strings longer than its limit', () => {
    const pool = new StringPool(4, 1000, 8);
    expect(pool.intern('longer than eight')).toBe('longer than eight');
    expect(pool.size).toBe(0);
  });

  it('lets the caches of targets that send the same payload share their texts', () => {
    const pool = new StringPool();
    const body = '# HELP a_total A.\n# TYPE a_total counter\na_total{code="200"} 1\nb 2\n';
    const one = new ScrapeCache(() => ({}), pool);
    const two = new ScrapeCache(() => ({}), pool);
    one.scan(body, 'prometheus');
    const copied = pool.copied;
    two.scan(body.replace(' 1\n', ' 5\n'), 'prometheus');
    expect(two.values.slice(0, two.count)).toEqual([5, 2]);
    expect(two.leadTexts()).toEqual(['# HELP a_total A.\n# TYPE a_total counter\n', '']);
    // a_total{code="200"}, b, the lead of a_total and its two comment lines: five strings for both caches.
    expect(pool.size).toBe(5);
    expect(pool.copied).toBe(copied);
  });
});
