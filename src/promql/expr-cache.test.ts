import { describe, expect, it } from 'vitest';
import { ExprCache } from './expr-cache.js';

describe('ExprCache', () => {
  it('returns the same AST for the same text, a new one for another text', () => {
    const c = new ExprCache();
    const a = c.get('rate(x[1m]) > 1');
    expect(c.get('rate(x[1m]) > 1')).toBe(a);
    expect(c.get('rate(x[5m]) > 1')).not.toBe(a);
    expect(c.size).toBe(2);
  });

  it('forgets the oldest text past its limit', () => {
    const c = new ExprCache(2);
    const a = c.get('a');
    c.get('b');
    c.get('c');
    expect(c.size).toBe(2);
    expect(c.get('a')).not.toBe(a);
  });

  it('keeps no failed parse and throws the parser error each time', () => {
    const c = new ExprCache();
    expect(() => c.get('sum(')).toThrow(/unclosed|unexpected/);
    expect(() => c.get('sum(')).toThrow(/unclosed|unexpected/);
    expect(c.size).toBe(0);
  });
});
