import { describe, expect, it } from 'vitest';
import { compileMatcher, type Matcher } from '../model/matcher.js';
import { Postings } from './postings.js';

const c = (ms: Matcher[]) => ms.map(compileMatcher);
const item = (id: number) => ({ id });
const ids = (xs: readonly { id: number }[] | null) => (xs === null ? null : xs.map((x) => x.id));

describe('Postings', () => {
  function build(): Postings<{ id: number }> {
    const p = new Postings<{ id: number }>();
    for (let i = 1; i <= 1000; i++) p.add(item(i), { __name__: i <= 10 ? 'rare' : 'common', pod: `p-${i}`, zone: i % 2 ? 'a' : 'b' });
    return p;
  }

  it('answers __name__ equality with just that metric\'s ids', () => {
    const p = build();
    expect(ids(p.candidates(c([{ name: '__name__', type: '=', value: 'rare' }])))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ids(p.candidates(c([{ name: '__name__', type: '=', value: 'nope' }])))).toEqual([]);
  });

  it('picks the most selective matcher and single-series values', () => {
    const p = build();
    expect(ids(p.candidates(c([{ name: 'zone', type: '=', value: 'a' }, { name: 'pod', type: '=', value: 'p-7' }])))).toEqual([7]);
  });

  it('unions regex values in id order, and scans only when it must', () => {
    const p = build();
    expect(ids(p.candidates(c([{ name: 'pod', type: '=~', value: 'p-(3|12|1)' }])))).toEqual([1, 3, 12]);
    // These can match series without the label, so the index cannot narrow them.
    expect(ids(p.candidates(c([{ name: 'pod', type: '=~', value: 'x|' }])))).toBeNull();
    expect(ids(p.candidates(c([{ name: 'pod', type: '!=', value: 'p-1' }])))).toBeNull();
  });

  it('keeps an equality list over a regex union that would be larger, in any matcher order', () => {
    const p = build();
    const rare = { name: '__name__', type: '=' as const, value: 'rare' };
    const manyPods = { name: 'pod', type: '=~' as const, value: 'p-.*' };
    expect(ids(p.candidates(c([manyPods, rare])))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ids(p.candidates(c([rare, manyPods])))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // A regex over few values still wins against a longer equality list...
    const common = { name: '__name__', type: '=' as const, value: 'common' };
    const odd = ids(p.candidates(c([common, { name: 'zone', type: '=~', value: 'a' }])))!;
    expect(odd.length).toBe(500);
    expect(odd.every((i) => i % 2 === 1)).toBe(true);
    // ...but one over more values than there are candidates is left to the per-candidate check.
    expect(ids(p.candidates(c([{ name: 'pod', type: '=~', value: 'p-(5|50)' }, { name: 'zone', type: '=', value: 'a' }])))!.length).toBe(500);
    expect(ids(p.candidates(c([{ name: 'pod', type: '=~', value: 'p-(5|50)' }])))).toEqual([5, 50]);
  });

  it('forgets removed series, empty values and empty names', () => {
    const p = new Postings<{ id: number }>();
    const [one, two, three] = [item(1), item(2), item(3)];
    p.add(one, { __name__: 'm', pod: 'a' });
    p.add(two, { __name__: 'm', pod: 'b', only: 'x' });
    p.add(three, { __name__: 'm', pod: 'b' });
    const before = p.bytesEstimate();
    p.remove(two, { __name__: 'm', pod: 'b', only: 'x' });
    expect(p.names()).toEqual(['__name__', 'pod']);
    expect(p.values('pod')).toEqual(['a', 'b']);
    expect(ids(p.candidates(c([{ name: 'pod', type: '=', value: 'b' }])))).toEqual([3]);
    p.remove(three, { __name__: 'm', pod: 'b' });
    expect(p.values('pod')).toEqual(['a']);
    expect(ids(p.candidates(c([{ name: '__name__', type: '=', value: 'm' }])))).toEqual([1]);
    expect(p.bytesEstimate()).toBeLessThan(before);
  });
});
