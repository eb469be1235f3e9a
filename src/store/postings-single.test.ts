import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byteCompare, type Labels } from '../model/labels.js';
import { compileMatcher, matchesAll, type Matcher } from '../model/matcher.js';
import { Postings } from './postings.js';

interface Item {
  readonly id: number;
  readonly labels: Labels;
}

// Values drawn from a wide pool for `pod` (mostly one series each) and a narrow one for `zone`, so
// values move between the single-series table and shared lists as series come and go.
const labelSet = fc.record(
  {
    __name__: fc.constantFrom('a', 'b'),
    pod: fc.integer({ min: 0, max: 60 }).map((i) => `p-${i}`),
    zone: fc.constantFrom('x', 'y', 'z'),
  },
  { requiredKeys: ['__name__'] },
);
const matcher: fc.Arbitrary<Matcher> = fc.oneof(
  fc.record({ name: fc.constantFrom('pod', 'zone', '__name__'), type: fc.constant('=' as const), value: fc.constantFrom('p-1', 'p-2', 'x', 'a', 'nope') }),
  fc.record({ name: fc.constantFrom('pod', 'zone'), type: fc.constant('=~' as const), value: fc.constantFrom('p-1.*', 'p-(3|4|5)', 'x|y', '.+') }),
);

describe('Postings with single-series values', () => {
  it('agrees with a scan through adds and removes, with and without labelsOf (property)', () => {
    const op = fc.oneof({ weight: 3, arbitrary: labelSet.map((l) => ({ add: l })) }, { weight: 1, arbitrary: fc.nat().map((k) => ({ del: k })) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), fc.array(fc.array(matcher, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), fc.boolean(), fc.constantFrom(3, 256), (ops, queries, own, bigList) => {
        const p = own ? new Postings<Item>((x) => x.labels, undefined, bigList) : new Postings<Item>(undefined, undefined, bigList);
        let live: Item[] = [];
        let id = 0;
        for (const o of ops) {
          if ('add' in o) {
            const it = { id: ++id, labels: o.add as Labels };
            p.add(it, it.labels);
            live.push(it);
          } else if (live.length > 0) {
            const it = live[o.del % live.length]!;
            p.remove(it, it.labels);
            live = live.filter((x) => x !== it);
          }
        }
        for (const q of queries) {
          const ms = q.map(compileMatcher);
          const want = live.filter((x) => matchesAll(x.labels, ms)).map((x) => x.id);
          const cands = p.candidates(ms) ?? live;
          const ids = cands.map((x) => x.id);
          expect([...ids].sort((a, b) => a - b)).toEqual(ids);
          expect(cands.filter((x) => matchesAll(x.labels, ms)).map((x) => x.id)).toEqual(want);
        }
        const names = [...new Set(live.flatMap((x) => Object.keys(x.labels)))].sort(byteCompare);
        expect(p.names()).toEqual(names);
        for (const n of ['pod', 'zone', '__name__']) {
          expect(p.values(n)).toEqual([...new Set(live.map((x) => x.labels[n]).filter((v) => v !== undefined))].sort(byteCompare));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Postings over a dense numbering', () => {
  it('agrees with a scan when the owner renumbers its items after removes (property)', () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: labelSet.map((l) => ({ add: l })) },
      { weight: 1, arbitrary: fc.nat().map((k) => ({ del: k })) },
      { weight: 1, arbitrary: fc.constant({ renumber: true as const }) },
    );
    fc.assert(
      // bigList 2 to 8 sends most shared lists through the Int32Array form and back.
      fc.property(fc.array(op, { maxLength: 150 }), fc.array(fc.array(matcher, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), fc.constantFrom(2, 3, 4, 8, 256), (ops, queries, bigList) => {
        // As the store does: ids are positions in `all`, removed items stay there until a renumber.
        let all: { id: number; labels: Labels; gone: boolean }[] = [];
        const p = new Postings<(typeof all)[number]>((x) => x.labels, (id) => all[id]!, bigList);
        for (const o of ops) {
          if ('add' in o) {
            const it = { id: all.length, labels: o.add as Labels, gone: false };
            all.push(it);
            p.add(it, it.labels);
          } else if ('del' in o) {
            const live = all.filter((x) => !x.gone);
            if (live.length === 0) continue;
            const it = live[o.del % live.length]!;
            p.remove(it, it.labels);
            it.gone = true;
          } else {
            const newIndex = new Int32Array(all.length).fill(-1);
            const kept = all.filter((x) => !x.gone);
            kept.forEach((x, i) => {
              newIndex[x.id] = i;
              x.id = i;
            });
            all = kept;
            p.renumber(newIndex);
          }
        }
        const live = all.filter((x) => !x.gone);
        for (const q of queries) {
          const ms = q.map(compileMatcher);
          const want = live.filter((x) => matchesAll(x.labels, ms));
          const cands = p.candidates(ms) ?? live;
          const ids = cands.map((x) => x.id);
          expect([...ids].sort((a, b) => a - b)).toEqual(ids);
          expect(cands.filter((x) => matchesAll(x.labels, ms))).toEqual(want);
        }
        for (const n of ['pod', 'zone', '__name__']) {
          expect(p.values(n)).toEqual([...new Set(live.map((x) => x.labels[n]).filter((v) => v !== undefined))].sort(byteCompare));
        }
      }),
      { numRuns: 300 },
    );
  });
});
