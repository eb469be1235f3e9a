import { describe, expect, it } from 'vitest';
import type { Matcher } from '../model/matcher.js';
import { MemoryStore } from './memory.js';

const eq = (name: string, value: string): Matcher => ({ name, type: '=', value });
const names = (store: MemoryStore, ms: readonly Matcher[], labelOrder = false): string[] =>
  store.select(ms, 0, 10_000, { labelOrder }).map((d) => `${d.labels.__name__}/${d.labels.i}`);

describe('MemoryStore selection cache', () => {
  it('sees a series created after the selector was first answered', () => {
    const s = new MemoryStore();
    s.append(Object.freeze({ __name__: 'a', i: '1' }), 1000, 1);
    const ms = [eq('__name__', 'a')];
    expect(names(s, ms)).toEqual(['a/1']);
    s.append(Object.freeze({ __name__: 'a', i: '2' }), 1000, 1);
    expect(names(s, ms)).toEqual(['a/1', 'a/2']);
  });

  it('forgets a series that compaction dropped', () => {
    const s = new MemoryStore({ staleAfterMs: 60_000 });
    s.append(Object.freeze({ __name__: 'a', i: '1' }), 1000, 1);
    s.append(Object.freeze({ __name__: 'a', i: '2' }), 100_000, 1);
    const ms = [eq('__name__', 'a')];
    expect(s.select(ms, 0, 200_000).map((d) => d.labels.i)).toEqual(['1', '2']);
    s.compact(120_000);
    expect(s.select(ms, 0, 200_000).map((d) => d.labels.i)).toEqual(['2']);
  });

  it('keys a selector without a name on every change, and one with a name on its own name only', () => {
    const s = new MemoryStore();
    s.append(Object.freeze({ __name__: 'a', i: '1', job: 'j' }), 1000, 1);
    const byJob = [eq('job', 'j')];
    const byName = [eq('__name__', 'a'), eq('job', 'j')];
    expect(names(s, byJob)).toEqual(['a/1']);
    expect(names(s, byName)).toEqual(['a/1']);
    s.append(Object.freeze({ __name__: 'b', i: '1', job: 'j' }), 1000, 1);
    expect(names(s, byJob)).toEqual(['a/1', 'b/1']);
    expect(names(s, byName)).toEqual(['a/1']);
  });

  it('returns label order when asked, creation order otherwise', () => {
    const s = new MemoryStore();
    for (const i of ['3', '1', '2']) s.append(Object.freeze({ __name__: 'a', i }), 1000, 1);
    const ms = [eq('__name__', 'a')];
    expect(names(s, ms)).toEqual(['a/3', 'a/1', 'a/2']);
    expect(names(s, ms, true)).toEqual(['a/1', 'a/2', 'a/3']);
    s.append(Object.freeze({ __name__: 'a', i: '0' }), 1000, 1);
    expect(names(s, ms, true)).toEqual(['a/0', 'a/1', 'a/2', 'a/3']);
  });

  it('orders by label pairs as Prometheus does: a shorter set first, names before values', () => {
    const s = new MemoryStore();
    s.append(Object.freeze({ __name__: 'a', i: '1', z: 'x' }), 1000, 1);
    s.append(Object.freeze({ __name__: 'a', i: '1' }), 1000, 1);
    s.append(Object.freeze({ __name__: 'a', h: '9' }), 1000, 1);
    const got = s.select([eq('__name__', 'a')], 0, 10_000, { labelOrder: true }).map((d) => JSON.stringify(d.labels));
    expect(got).toEqual([JSON.stringify({ __name__: 'a', h: '9' }), JSON.stringify({ __name__: 'a', i: '1' }), JSON.stringify({ __name__: 'a', i: '1', z: 'x' })]);
  });
});
