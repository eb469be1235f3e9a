import { describe, expect, it } from 'vitest';
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import type { SelectHints, SeriesData, SeriesStore } from '../store/store.js';
import { diagnoseTarget } from './diagnose.js';
import { one, sliceWindow, windowFromStore } from './window.js';

/** a minimal in-test store: equality matchers only, records the hints it was given */
class ListStore implements SeriesStore {
  hints: SelectHints | undefined;
  constructor(private readonly data: SeriesData[]) {}
  append(): void {}
  select(ms: readonly Matcher[], mint: number, maxt: number, hints?: SelectHints): SeriesData[] {
    this.hints = hints;
    return this.data
      .filter((d) => ms.every((m) => (d.labels[m.name] ?? '') === m.value))
      .map((d) => {
        const idx = Array.from(d.t, (_, i) => i).filter((i) => d.t[i]! >= mint && d.t[i]! <= maxt);
        return { labels: d.labels, t: idx.map((i) => d.t[i]!), v: idx.map((i) => d.v[i]!) };
      });
  }
  labelSets(): Labels[] { return this.data.map((d) => d.labels); }
  labelNames(): string[] { return []; }
  labelValues(): string[] { return []; }
  stats() { return { series: this.data.length, samples: 0, bytes: 0 }; }
}

const T0 = 1_700_000_000_000;
const t = Array.from({ length: 400 }, (_, i) => T0 + i * 15_000);
const mk = (name: string, job: string, f: (i: number) => number): SeriesData => ({ labels: { __name__: name, job, instance: 'h:1' }, t, v: t.map((_, i) => f(i)) });

describe('windows from a store', () => {
  const store = new ListStore([
    mk('go_memstats_heap_alloc_bytes', 'api', (i) => 20e6 + (i % 4) * 5e6),
    mk('go_memstats_next_gc_bytes', 'api', () => 40e6),
    mk('container_memory_usage_bytes', 'api', () => 60e6),
    mk('go_memstats_heap_alloc_bytes', 'other', () => 1),
  ]);
  it('selects only the target and asks for min rollups', () => {
    const w = windowFromStore(store, { job: 'api', instance: 'h:1' }, T0, T0 + 3_600_000);
    expect(store.hints).toEqual({ rollup: 'min' });
    expect(w.series.get('go_memstats_heap_alloc_bytes')).toHaveLength(1);
    expect(one(w, 'container_memory_usage_bytes')!.v[0]).toBe(60e6);
    const s = sliceWindow(w, T0, T0 + 60_000);
    expect(one(s, 'go_memstats_heap_alloc_bytes')!.t).toHaveLength(5);
  });
  it('diagnoseTarget looks back from `at` and names the target', () => {
    const d = diagnoseTarget(store, { job: 'api', instance: 'h:1' }, t[t.length - 1]!, { windowMs: 3_600_000 });
    expect(d.target).toBe('api/h:1');
    expect(d.verdict).toBe('healthy');
  });
});
