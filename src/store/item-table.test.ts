import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { labelsKey, type Labels } from '../model/labels.js';
import { LabelSetTable } from './identity.js';
import { ItemTable } from './item-table.js';

interface Item {
  readonly key: number;
}

// A hash with few distinct values forces long probe runs, wrap-around at the table's end and
// backward shifts across them: the paths a good hash rarely takes.
const weak = (k: number): number => (k % 5) * 3 + (k > 40 ? 7 : 0);

describe('ItemTable', () => {
  it('agrees with a Map through adds, deletes, growth and shrinking (property)', () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 80 }).map((k) => ({ add: k })) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 80 }).map((k) => ({ del: k })) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.boolean(), (ops, weakHash) => {
        const h = weakHash ? weak : (k: number) => Math.imul(k, 0x9e3779b1);
        const model = new Map<number, Item>();
        // Items are numbered by key (mirrored once renumbered), resolved through the model.
        let flipped = false;
        const index = (k: number): number => (flipped ? 80 - k : k);
        const dense = { indexOf: (x: Item) => index(x.key), at: (i: number) => model.get(index(i))! };
        const t = new ItemTable<Item, number>(dense, (x) => h(x.key), h, (x, k) => x.key === k);
        for (const o of ops) {
          if ('add' in o) {
            if (model.has(o.add)) continue;
            const x = { key: o.add };
            t.add(x);
            model.set(o.add, x);
          } else {
            const x = model.get(o.del);
            expect(t.delete(x ?? { key: o.del })).toBe(x !== undefined);
            model.delete(o.del);
          }
          expect(t.size).toBe(model.size);
        }
        for (let k = 0; k <= 80; k++) expect(t.get(k)).toBe(model.get(k));
        expect(new Set(t.items())).toEqual(new Set(model.values()));
        expect(t.capacity).toBeGreaterThanOrEqual(t.size + 1);
        // After a renumbering the same items are found, and deletes still find their slots.
        flipped = true;
        t.renumber(Int32Array.from({ length: 81 }, (_, i) => 80 - i));
        for (let k = 0; k <= 80; k++) expect(t.get(k)).toBe(model.get(k));
        expect(new Set(t.items())).toEqual(new Set(model.values()));
        for (const [k, x] of [...model].filter(([k]) => k % 3 === 0)) {
          expect(t.delete(x)).toBe(true);
          model.delete(k);
        }
        for (let k = 0; k <= 80; k++) expect(t.get(k)).toBe(model.get(k));
        expect(t.size).toBe(model.size);
      }),
      { numRuns: 300 },
    );
  });
});

const labelSet = fc.dictionary(fc.constantFrom('__name__', 'job', 'instance', 'pod'), fc.constantFrom('', 'a', 'b', 'api', 'x"y'), { maxKeys: 4 });

function normalized(l: Labels): Labels {
  return Object.fromEntries(Object.entries(l).filter(([, v]) => v !== ''));
}

describe('LabelSetTable', () => {
  it('maps every distinct label set to its own item and forgets deleted ones (property)', () => {
    fc.assert(
      fc.property(fc.array(labelSet, { maxLength: 80 }), (sets) => {
        const all: { labels: Labels; i: number }[] = [];
        const m = new LabelSetTable<{ labels: Labels; i: number }>({ indexOf: (x) => x.i, at: (i) => all[i]! });
        const byKey = new Map<string, { labels: Labels; i: number }>();
        for (const l of sets) {
          const k = labelsKey(l);
          if (byKey.has(k)) {
            expect(m.get(l)).toBe(byKey.get(k));
            continue;
          }
          expect(m.get(l)).toBeUndefined();
          const item = { labels: normalized(l), i: all.length };
          all.push(item);
          m.add(item);
          byKey.set(k, item);
        }
        expect(m.size).toBe(byKey.size);
        const items = [...byKey.values()];
        for (const it of items.filter((_, i) => i % 2 === 0)) m.delete(it);
        items.forEach((it, i) => expect(m.get(it.labels)).toBe(i % 2 === 0 ? undefined : it));
        expect(m.size).toBe(items.length >> 1);
      }),
      { numRuns: 200 },
    );
  });
});
