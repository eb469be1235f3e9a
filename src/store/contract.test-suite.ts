/**
 * contract.test-suite: the behaviour every SeriesStore must show, run against each implementation
 * (hono's shared router suite habit). Call runStoreContract from an implementation's test file.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import { STALE_NAN, isStaleNaN } from '../model/sample.js';
import type { SeriesStore } from './store.js';

const dv = new DataView(new ArrayBuffer(8));
function bits(v: number): bigint {
  dv.setFloat64(0, v);
  return dv.getBigUint64(0);
}

function eq(name: string, value: string): Matcher {
  return { name, type: '=', value };
}

function byName(store: SeriesStore, name: string, mint = -Infinity, maxt = Infinity) {
  return store.select([eq('__name__', name)], mint, maxt);
}

/** runStoreContract registers the shared SeriesStore tests; makeStore must return an empty store. */
export function runStoreContract(makeStore: () => SeriesStore): void {
  describe('SeriesStore contract', () => {
    it('returns appended samples in time order within an inclusive range', () => {
      const s = makeStore();
      const l = { __name__: 'go_goroutines', job: 'api' };
      for (let i = 0; i < 300; i++) s.append(l, 1_000_000 + i * 15_000, i * 1.5);
      const all = byName(s, 'go_goroutines');
      expect(all).toHaveLength(1);
      expect(all[0]!.labels).toEqual(l);
      expect(all[0]!.t.length).toBe(300);
      const part = byName(s, 'go_goroutines', 1_000_000 + 10 * 15_000, 1_000_000 + 12 * 15_000);
      expect(Array.from(part[0]!.t)).toEqual([1_150_000, 1_165_000, 1_180_000]);
      expect(Array.from(part[0]!.v)).toEqual([15, 16.5, 18]);
    });

    it('selects with all four matcher types, a missing label reading as empty', () => {
      const s = makeStore();
      s.append({ __name__: 'm', pod: 'a-1', zone: 'x' }, 1000, 1);
      s.append({ __name__: 'm', pod: 'a-2' }, 1000, 2);
      s.append({ __name__: 'm', pod: 'b-1', zone: 'y' }, 1000, 3);
      s.append({ __name__: 'other', pod: 'a-1' }, 1000, 4);
      const vals = (ms: Matcher[]) => s.select(ms, 0, 2000).map((d) => d.v[0]).sort();
      expect(vals([eq('__name__', 'm')])).toEqual([1, 2, 3]);
      expect(vals([eq('__name__', 'm'), { name: 'pod', type: '=~', value: 'a-.*' }])).toEqual([1, 2]);
      expect(vals([eq('__name__', 'm'), { name: 'pod', type: '!~', value: 'a-.*' }])).toEqual([3]);
      expect(vals([eq('__name__', 'm'), { name: 'zone', type: '!=', value: 'x' }])).toEqual([2, 3]);
      expect(vals([eq('__name__', 'm'), eq('zone', '')])).toEqual([2]);
      expect(vals([{ name: 'pod', type: '=~', value: 'a-1' }])).toEqual([1, 4]);
      expect(vals([{ name: '__name__', type: '=~', value: 'm|other' }, eq('pod', 'a-1')])).toEqual([1, 4]);
      expect(vals([eq('__name__', 'absent')])).toEqual([]);
    });

    it('treats empty label values as absent: same series, dropped from labels', () => {
      const s = makeStore();
      s.append({ __name__: 'm', a: '1', b: '' }, 1000, 1);
      s.append({ __name__: 'm', a: '1' }, 2000, 2);
      const got = byName(s, 'm');
      expect(got).toHaveLength(1);
      expect(got[0]!.labels).toEqual({ __name__: 'm', a: '1' });
      expect(Array.from(got[0]!.v)).toEqual([1, 2]);
    });

    it('omits series with no samples in the range', () => {
      const s = makeStore();
      s.append({ __name__: 'm', i: '1' }, 1000, 1);
      s.append({ __name__: 'm', i: '2' }, 5000, 2);
      expect(byName(s, 'm', 4000, 6000).map((d) => d.labels['i'])).toEqual(['2']);
    });

    it('refuses out-of-order and duplicate timestamps without losing earlier samples', () => {
      const s = makeStore();
      const l = { __name__: 'm' };
      s.append(l, 2000, 2);
      s.append(l, 1000, 1);
      s.append(l, 2000, 9);
      s.append(l, 3000, 3);
      const got = byName(s, 'm')[0]!;
      expect(Array.from(got.t)).toEqual([2000, 3000]);
      expect(Array.from(got.v)).toEqual([2, 3]);
    });

    it('keeps staleness markers and special floats bit-exact', () => {
      const s = makeStore();
      const l = { __name__: 'm' };
      const values = [1, STALE_NAN, NaN, Infinity, -Infinity, -0, 5e-324, 2];
      values.forEach((v, i) => s.append(l, (i + 1) * 1000, v));
      const got = byName(s, 'm')[0]!;
      expect(Array.from(got.v, bits)).toEqual(values.map(bits));
      expect(isStaleNaN(got.v[1]!)).toBe(true);
      expect(isStaleNaN(got.v[2]!)).toBe(false);
    });

    it('lists label names, values and label sets sorted', () => {
      const s = makeStore();
      s.append({ __name__: 'b', job: 'y' }, 1000, 1);
      s.append({ __name__: 'a', job: 'x', zone: 'z' }, 5000, 1);
      expect(s.labelNames()).toEqual(['__name__', 'job', 'zone']);
      expect(s.labelValues('job')).toEqual(['x', 'y']);
      expect(s.labelValues('nope')).toEqual([]);
      expect(s.labelSets([{ name: 'job', type: '=~', value: '.+' }], 0, 10_000)).toEqual([
        { __name__: 'a', job: 'x', zone: 'z' },
        { __name__: 'b', job: 'y' },
      ]);
      expect(s.labelSets([{ name: 'job', type: '=~', value: '.+' }], 2000, 10_000)).toEqual([{ __name__: 'a', job: 'x', zone: 'z' }]);
    });

    it('counts series and samples in stats', () => {
      const s = makeStore();
      for (let i = 0; i < 10; i++) for (let j = 0; j < 5; j++) s.append({ __name__: 'm', i: String(i) }, j * 1000, j);
      const st = s.stats();
      expect(st.series).toBe(10);
      expect(st.samples).toBe(50);
      expect(st.bytes).toBeGreaterThan(0);
    });

    it('returns exactly what was accepted, for random appends across series (property)', () => {
      const op = fc.record({
        series: fc.integer({ min: 0, max: 4 }),
        t: fc.integer({ min: 0, max: 5_000_000 }),
        v: fc.oneof(fc.double(), fc.constant(STALE_NAN), fc.integer()),
      });
      fc.assert(
        fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 5_000_000 }), (ops, a, b) => {
          const s = makeStore();
          const model = new Map<number, { t: number[]; v: bigint[] }>();
          for (const o of ops) {
            const labels: Labels = { __name__: 'prop', s: String(o.series) };
            s.append(labels, o.t, o.v);
            const m = model.get(o.series) ?? { t: [], v: [] };
            model.set(o.series, m);
            if (m.t.length === 0 || o.t > m.t[m.t.length - 1]!) {
              m.t.push(o.t);
              m.v.push(bits(o.v));
            }
          }
          const [mint, maxt] = a <= b ? [a, b] : [b, a];
          const got = new Map(byName(s, 'prop', mint, maxt).map((d) => [Number(d.labels['s']), d]));
          for (const [id, m] of model) {
            const idx = m.t.flatMap((t, i) => (t >= mint && t <= maxt ? [i] : []));
            const d = got.get(id);
            if (idx.length === 0) {
              expect(d).toBeUndefined();
              continue;
            }
            expect(Array.from(d!.t)).toEqual(idx.map((i) => m.t[i]));
            expect(Array.from(d!.v, bits)).toEqual(idx.map((i) => m.v[i]));
          }
        }),
        { numRuns: 150 },
      );
    });
  });
}
