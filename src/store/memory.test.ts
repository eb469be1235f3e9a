import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { labelsKey, type Labels } from '../model/labels.js';
import { MemoryStore } from './memory.js';
import { retainMetrics } from './options.js';
import { runStoreContract } from './contract.test-suite.js';
import { isStaleNaN, STALE_NAN as STALE } from '../model/sample.js';

runStoreContract(() => new MemoryStore());
runStoreContract(() => new MemoryStore({ samplesPerChunk: 7 }));

const MIN = 60_000;
const HOUR = 60 * MIN;
const name = (n: string) => [{ name: '__name__', type: '=' as const, value: n }];

describe('MemoryStore compaction and rollups', () => {
  it('moves aged raw chunks into 1m buckets stamped at bucket end, raw kept after', () => {
    const s = new MemoryStore({ rawRetentionMs: HOUR, rollupIntervals: [{ intervalMs: MIN, retentionMs: 24 * HOUR }], samplesPerChunk: 8 });
    const l = { __name__: 'heap' };
    // 15 s scrapes for 2 h: values 0,1,2,... so each minute holds 4 consecutive integers.
    for (let i = 0; i < 480; i++) s.append(l, i * 15_000, i);
    const r = s.compact(2 * HOUR);
    expect(r.rolledUpSamples).toBeGreaterThan(200);
    const raw = s.select(name('heap'), 0, Infinity)[0]!;
    const firstRaw = raw.t[0]!;
    expect(firstRaw).toBeGreaterThanOrEqual(HOUR - 8 * 15_000);
    expect(s.stats().samples).toBe(raw.t.length);

    const avg = s.select(name('heap'), 0, Infinity, { rollup: 'avg' })[0]!;
    // Buckets first (ending at 1m, 2m, …), all before the first raw sample, then raw unchanged.
    expect(avg.t[0]).toBe(MIN);
    expect(avg.v[0]).toBe(1.5); // (0+1+2+3)/4
    const cut = Array.from(avg.t).indexOf(firstRaw);
    expect(Array.from(avg.t).slice(cut)).toEqual(Array.from(raw.t));
    for (let i = 1; i < avg.t.length; i++) expect(avg.t[i]!).toBeGreaterThan(avg.t[i - 1]!);
    for (let i = 0; i < cut; i++) expect(avg.t[i]! % MIN).toBe(0);

    const at = (kind: 'min' | 'max' | 'last') => s.select(name('heap'), 2 * MIN, 2 * MIN, { rollup: kind })[0]!.v[0];
    expect(at('min')).toBe(4);
    expect(at('max')).toBe(7);
    expect(at('last')).toBe(7);
    // Without the hint only raw samples come back.
    expect(s.select(name('heap'), 0, 10 * MIN)).toEqual([]);
  });

  it('answers from the coarse tier where the fine tier has expired', () => {
    const s = new MemoryStore({
      rawRetentionMs: HOUR,
      staleAfterMs: 48 * HOUR,
      rollupIntervals: [
        { intervalMs: MIN, retentionMs: 2 * HOUR },
        { intervalMs: 10 * MIN, retentionMs: 48 * HOUR },
      ],
      samplesPerChunk: 30,
    });
    const l = { __name__: 'rss' };
    for (let i = 0; i <= 24 * 60; i++) {
      s.append(l, i * MIN, i);
      if (i % 30 === 0) s.compact(i * MIN);
    }
    const d = s.select(name('rss'), 0, Infinity, { rollup: 'max' })[0]!;
    const t = Array.from(d.t);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
    // Early history is in 10 m buckets, the last hours in 1 m buckets, then raw.
    expect(t[0]).toBe(10 * MIN);
    expect(d.v[0]).toBe(9);
    const steps = t.slice(1).map((x, i) => x - t[i]!);
    expect(steps.filter((x) => x === 10 * MIN).length).toBeGreaterThan(100);
    expect(steps.filter((x) => x === MIN).length).toBeGreaterThan(100);
    expect(t[t.length - 1]).toBe(24 * 60 * MIN);
    expect(s.stats().rollupBuckets).toBeGreaterThan(200);
  });

  it('skips staleness markers in rollups', () => {
    const s = new MemoryStore({ rawRetentionMs: MIN, rollupIntervals: [{ intervalMs: MIN, retentionMs: HOUR }], samplesPerChunk: 2 });
    const l = { __name__: 'm' };
    s.append(l, 0, 4);
    s.append(l, 10_000, STALE);
    s.append(l, 60_000, 1);
    s.append(l, 70_000, 2);
    s.append(l, 200_000, 3);
    s.append(l, 210_000, 3);
    s.compact(200_000);
    const d = s.select(name('m'), 0, Infinity, { rollup: 'last' })[0]!;
    expect(Array.from(d.t)).toEqual([60_000, 120_000, 200_000, 210_000]);
    expect(Array.from(d.v)).toEqual([4, 2, 3, 3]);
  });

  it('drops series silent past staleAfterMs and forgets their labels', () => {
    const s = new MemoryStore({ rawRetentionMs: HOUR, staleAfterMs: 2 * HOUR });
    const gone = { __name__: 'm', pod: 'old' };
    s.append(gone, 0, 1);
    s.append({ __name__: 'm', pod: 'new' }, 3 * HOUR, 1);
    expect(s.compact(3 * HOUR).droppedSeries).toBe(1);
    expect(s.labelValues('pod')).toEqual(['new']);
    expect(s.stats()).toMatchObject({ series: 1, samples: 1, droppedSeries: 1 });
    // The same labels object comes back: a fresh series, not the dropped one.
    expect(s.append(gone, 3 * HOUR + 1, 2)).toBe(true);
    expect(s.select([{ name: 'pod', type: '=', value: 'old' }], 0, Infinity)[0]!.t).toEqual(new Float64Array([3 * HOUR + 1]));
  });

  it('refuses new series past maxSeries without throwing, keeps serving old ones', () => {
    const s = new MemoryStore({ maxSeries: 2 });
    s.append({ __name__: 'a' }, 1, 1);
    s.append({ __name__: 'b' }, 1, 1);
    expect(s.append({ __name__: 'c' }, 1, 1)).toBe(false);
    expect(s.append({ __name__: 'c' }, 2, 1)).toBe(false);
    expect(s.append({ __name__: 'a' }, 2, 2)).toBe(true);
    expect(s.stats()).toMatchObject({ series: 2, rejectedLimit: 2, rejectedBudget: 0 });
  });

  it('asks the admission gate before a new series only; existing series keep appending', () => {
    const s = new MemoryStore();
    let open = true;
    s.setAdmission(() => open);
    expect(s.append({ __name__: 'a' }, 1, 1)).toBe(true);
    open = false;
    expect(s.append({ __name__: 'b' }, 1, 1)).toBe(false);
    expect(s.append({ __name__: 'a' }, 2, 2)).toBe(true);
    open = true;
    expect(s.append({ __name__: 'b' }, 3, 1)).toBe(true);
    expect(s.stats()).toMatchObject({ series: 2, rejectedBudget: 1, rejectedLimit: 0 });
  });

  it('stores only retained series and counts the rest', () => {
    const s = new MemoryStore({ retain: retainMetrics(['go_goroutines'], ['go_memstats_']) });
    expect(s.append({ __name__: 'go_goroutines' }, 1, 1)).toBe(true);
    expect(s.append({ __name__: 'go_memstats_heap_alloc_bytes' }, 1, 1)).toBe(true);
    expect(s.append({ __name__: 'http_requests_total' }, 1, 1)).toBe(false);
    expect(s.stats()).toMatchObject({ series: 2, filtered: 1 });
    expect(s.labelValues('__name__')).toEqual(['go_goroutines', 'go_memstats_heap_alloc_bytes']);
  });

  it('does not trust a mutable labels object reused for different series', () => {
    const s = new MemoryStore();
    const l: Record<string, string> = { __name__: 'a' };
    s.append(l, 1, 1);
    l['__name__'] = 'b';
    s.append(l, 1, 2);
    expect(s.labelValues('__name__')).toEqual(['a', 'b']);
    expect(s.select(name('b'), 0, 10)[0]!.v[0]).toBe(2);
    // And the stored identity does not change with it.
    expect(s.select(name('a'), 0, 10)[0]!.labels).toEqual({ __name__: 'a' });
  });

  it('counts each kind of refused sample', () => {
    const s = new MemoryStore();
    const l = { __name__: 'm' };
    expect(s.append(l, 10, 1)).toBe(true);
    expect(s.append(l, 10, 1)).toBe(false);
    expect(s.append(l, 5, 1)).toBe(false);
    expect(s.append(l, 11.5, 1)).toBe(false);
    expect(s.append(l, NaN, 1)).toBe(false);
    expect(s.stats()).toMatchObject({ samples: 1, rejectedDuplicate: 1, rejectedOutOfOrder: 1, rejectedInvalid: 2 });
  });

  it('accounts bytes that grow with data and shrink after compaction', () => {
    const s = new MemoryStore({ rawRetentionMs: HOUR, rollupIntervals: [] });
    for (let j = 0; j < 50; j++) for (let i = 0; i < 480; i++) s.append({ __name__: "m", j: String(j) }, i * 15_000, 1000 + i * 3 + (i % 2));
    const before = s.stats();
    expect(before.samples).toBe(24_000);
    // 480 samples per series: chunk bytes ~1.4 B/sample plus the fixed per-series and index cost.
    expect(before.bytes / before.samples).toBeLessThan(3.5);
    s.compact(2 * HOUR);
    const after = s.stats();
    expect(after.samples).toBeLessThan(before.samples / 2 + 50 * 120);
    // Half-emptied buffers are kept for the appends to come; mostly empty ones are shrunk.
    expect(after.bytes).toBeLessThanOrEqual(before.bytes);
    s.compact(3 * HOUR);
    expect(s.stats().samples).toBe(0);
    // What is left is the fixed per-series cost: identity, index entry, empty buffer.
    expect(s.stats().bytes).toBeLessThan(after.bytes);
    expect(s.stats().bytes).toBeLessThan(50 * 900);
  });

  it('rejects nonsense options with CONFIG_INVALID', () => {
    expect(() => new MemoryStore({ rawRetentionMs: -1 })).toThrow(/rawRetentionMs/);
    expect(() => new MemoryStore({ rollupIntervals: [{ intervalMs: 600_000, retentionMs: 1e9 }, { intervalMs: 60_000, retentionMs: 1e9 }] })).toThrow(/finest first/);
    expect(() => new MemoryStore({ samplesPerChunk: 10_000 })).toThrow(/samplesPerChunk/);
  });
});

describe('MemoryStore append identity', () => {
  // append() guesses the next series from the order the last appends came in and confirms the guess
  // by the identity of the frozen labels object; everything else goes through the label-set table.
  // Whatever objects arrive in whatever order, with drops renumbering the series in between, the
  // store must hold exactly what a plain map of label sets would.
  const POOL = 6;
  const base = (k: number): Record<string, string> => ({ __name__: `m${k % 3}`, k: String(k) });
  const kinds = ['shared', 'frozenCopy', 'copy', 'mutable', 'withEmpty'] as const;
  const op = fc.oneof(
    { weight: 8, arbitrary: fc.record({ k: fc.integer({ min: 0, max: POOL - 1 }), kind: fc.constantFrom(...kinds), gap: fc.integer({ min: 0, max: 3 }) }) },
    { weight: 1, arbitrary: fc.constant({ compact: true as const }) },
  );

  it('lands every sample in its own series across orders, object kinds and drops (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const s = new MemoryStore({ rawRetentionMs: 1e12, staleAfterMs: 8, rollupIntervals: [] });
        const shared = Array.from({ length: POOL }, (_, k) => Object.freeze(base(k)));
        const mutable: Record<string, string> = {};
        // The oracle: series by key, in creation order, with their accepted samples.
        const model = new Map<string, { labels: Labels; t: number[]; v: number[] }>();
        let now = 0;
        for (const o of ops) {
          if ('compact' in o) {
            s.compact(now);
            for (const [key, m] of model) if (m.t[m.t.length - 1]! < now - 8) model.delete(key);
            continue;
          }
          now += o.gap;
          const want = base(o.k);
          let l: Labels;
          if (o.kind === 'shared') l = shared[o.k]!;
          else if (o.kind === 'frozenCopy') l = Object.freeze({ ...want });
          else if (o.kind === 'copy') l = { ...want };
          else if (o.kind === 'withEmpty') l = Object.freeze({ ...want, gone: '' });
          else {
            for (const key of Object.keys(mutable)) delete mutable[key];
            Object.assign(mutable, want);
            l = mutable;
          }
          const key = labelsKey(want);
          let m = model.get(key);
          const v = ops.length * now + o.k;
          const ok = m === undefined || m.t[m.t.length - 1]! < now;
          expect(s.append(l, now, v)).toBe(ok);
          if (!ok) continue;
          if (m === undefined) model.set(key, (m = { labels: want, t: [], v: [] }));
          m.t.push(now);
          m.v.push(v);
        }
        const got = s.select([{ name: '__name__', type: '=~', value: '.+' }], -Infinity, Infinity);
        // Creation order, as select promises, and exactly the oracle's samples.
        expect(got.map((d) => ({ labels: { ...d.labels }, t: Array.from(d.t), v: Array.from(d.v) }))).toEqual([...model.values()]);
        expect(s.stats().series).toBe(model.size);
        for (let k = 0; k < POOL; k++) {
          const one = s.select([{ name: 'k', type: '=', value: String(k) }], -Infinity, Infinity);
          expect(one.map((d) => d.labels['k'])).toEqual(model.has(labelsKey(base(k))) ? [String(k)] : []);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the stored labels frozen and equal when a source brings its own record', () => {
    const s = new MemoryStore();
    s.append({ __name__: 'a', x: '1' }, 1, 1);
    const mine = Object.freeze({ __name__: 'a', x: '1' });
    s.append(mine, 2, 2);
    s.append(mine, 3, 3);
    const [d] = s.select(name('a'), 0, 10);
    expect(Object.isFrozen(d!.labels)).toBe(true);
    expect(d!.labels).toEqual({ __name__: 'a', x: '1' });
    expect(Array.from(d!.v)).toEqual([1, 2, 3]);
    expect(s.seriesCount).toBe(1);
  });
});

describe('historyTiers', () => {
  it('5m buckets for the first day, hourly after it, nothing finer than the retention allows', async () => {
    const { historyTiers } = await import('./options.js');
    const M = 60_000;
    expect(historyTiers(14 * 24 * 60 * M)).toEqual([{ intervalMs: 5 * M, retentionMs: 24 * 60 * M }, { intervalMs: 60 * M, retentionMs: 14 * 24 * 60 * M }]);
    expect(historyTiers(6 * 60 * M)).toEqual([{ intervalMs: 5 * M, retentionMs: 6 * 60 * M }]);
    expect(historyTiers(M)).toEqual([]);
    // Every tier set it makes is one the store accepts.
    for (const h of [5 * M, 3 * 60 * M, 24 * 60 * M, 25 * 60 * M, 400 * 24 * 60 * M]) expect(() => new MemoryStore({ rollupIntervals: historyTiers(h) })).not.toThrow();
  });
});

describe('rollup tiers in the shared arena', () => {
  it('fold, survive a snapshot round trip, and give their bytes back when the series is dropped', async () => {
    const { decodeSnapshot, encodeSnapshot } = await import('./snapshot-codec.js');
    const M = 60_000;
    const opts = { rawRetentionMs: 10 * M, staleAfterMs: 60 * M, rollupIntervals: [{ intervalMs: 5 * M, retentionMs: 24 * 60 * M }], samplesPerChunk: 8 };
    const s = new MemoryStore(opts);
    const labels = Array.from({ length: 50 }, (_, i) => Object.freeze({ __name__: 'm', i: String(i) }));
    for (let t = 15_000; t <= 40 * M; t += 15_000) for (const l of labels) s.append(l, t, t / 15_000 + Number(l.i));
    s.compact(40 * M);
    const want = s.select([{ name: 'i', type: '=', value: '7' }], 0, 40 * M, { rollup: 'max' })[0]!;
    expect(want.t.length).toBeGreaterThan(40);
    const b = decodeSnapshot(encodeSnapshot(s), opts);
    const got = b.select([{ name: 'i', type: '=', value: '7' }], 0, 40 * M, { rollup: 'max' })[0]!;
    expect(Array.from(got.t)).toEqual(Array.from(want.t));
    expect(Array.from(got.v)).toEqual(Array.from(want.v));
    // The restored store keeps folding into its (rehomed) tiers.
    for (let t = 40 * M + 15_000; t <= 50 * M; t += 15_000) for (const l of labels) b.append(l, t, 1);
    b.compact(50 * M);
    expect(b.select([{ name: 'i', type: '=', value: '7' }], 0, 50 * M, { rollup: 'last' })[0]!.t.length).toBeGreaterThan(got.t.length);
    // Everything goes stale: series and their tiers are dropped, and new ones still work.
    expect(b.compact(200 * M).droppedSeries).toBe(50);
    for (const l of labels) b.append(l, 200 * M + 1, 1);
    expect(b.stats().series).toBe(50);
  });
});

describe('MemoryStore select with the latest hint', () => {
  it('returns each series\' newest sample in range, the same as the last of a full read', () => {
    const value = fc.oneof(fc.integer({ min: -1e6, max: 1e9 }), fc.double({ noNaN: true }), fc.constant(NaN), fc.constant(STALE));
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 1, max: 10_000 }), value), { maxLength: 300 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.option(fc.integer({ min: 0, max: 4_000_000 })),
        (series, a, b, compactAt) => {
          const s = new MemoryStore({ samplesPerChunk: 16, rawRetentionMs: 600_000, staleAfterMs: 1e12 });
          series.forEach((steps, i) => {
            const l = Object.freeze({ __name__: 'm', i: String(i) });
            let t = 0;
            for (const [dt, v] of steps) s.append(l, (t += dt), v);
          });
          if (compactAt !== null) s.compact(compactAt);
          const [mint, maxt] = a <= b ? [a, b] : [b, a];
          const ms = [{ name: '__name__', type: '=' as const, value: 'm' }];
          const full = s.select(ms, mint, maxt);
          const latest = s.select(ms, mint, maxt, { latest: true });
          expect(latest.map((d) => d.labels.i)).toEqual(full.map((d) => d.labels.i));
          latest.forEach((d, k) => {
            const f = full[k]!;
            expect(d.t.length).toBe(1);
            expect(d.t[0]).toBe(f.t[f.t.length - 1]);
            const want = f.v[f.v.length - 1]!;
            const got = d.v[0]!;
            // NaN payloads matter: a staleness marker must stay one.
            expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))).toBe(true);
            expect(isStaleNaN(got)).toBe(isStaleNaN(want));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns nothing for a series whose raw samples were all compacted away', () => {
    const s = new MemoryStore({ samplesPerChunk: 16, rawRetentionMs: 60_000, staleAfterMs: 1e12 });
    const l = Object.freeze({ __name__: 'm' });
    for (let i = 1; i <= 16; i++) s.append(l, i * 1000, i);
    s.compact(200_000);
    const ms = [{ name: '__name__', type: '=' as const, value: 'm' }];
    expect(s.select(ms, 0, 300_000)).toEqual([]);
    expect(s.select(ms, 0, 300_000, { latest: true })).toEqual([]);
  });
});
