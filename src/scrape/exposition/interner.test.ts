import { describe, expect, it } from 'vitest';
import { SeriesInterner } from './interner.js';
import { scanExposition } from './scanner.js';
import type { SeriesView } from './types.js';

interface Series {
  labels: Record<string, string>;
  values: number[];
}

function scrapeInto(interner: SeriesInterner<Series>, text: string): Series[] {
  interner.begin();
  scanExposition(text, 'prometheus', {
    sample: (view, value) => interner.get(view).values.push(value),
    meta: () => {},
  });
  return interner.end();
}

describe('SeriesInterner', () => {
  it('builds labels once per series and reports series that vanished', () => {
    let created = 0;
    const interner = new SeriesInterner<Series>((view: SeriesView) => {
      created++;
      return { labels: view.labels(), values: [] };
    });
    expect(scrapeInto(interner, 'a{x="1"} 1\na{x="2"} 2\nb 3\n')).toEqual([]);
    expect(created).toBe(3);
    // Same series in the same order: every lookup is the by-position compare.
    expect(scrapeInto(interner, 'a{x="1"} 10\na{x="2"} 20\nb 30\n')).toEqual([]);
    expect(created).toBe(3);
    // Reordered plus one new and one gone.
    const gone = scrapeInto(interner, 'b 300\na{x="1"} 100\nc 5\n');
    expect(created).toBe(4);
    expect(gone.map((s) => s.labels)).toEqual([{ __name__: 'a', x: '2' }]);
    const again = scrapeInto(interner, 'b 3000\na{x="1"} 1000\nc 50\n');
    expect(again).toEqual([]);
    expect(created).toBe(4);
  });

  it('keeps the values in scrape order per series', () => {
    const all: Series[] = [];
    const interner = new SeriesInterner<Series>((view) => {
      const s = { labels: view.labels(), values: [] as number[] };
      all.push(s);
      return s;
    });
    for (let i = 0; i < 3; i++) scrapeInto(interner, `up ${i}\nmem{k="v \\"q\\""} ${i * 2}\n`);
    expect(all).toEqual([
      { labels: { __name__: 'up' }, values: [0, 1, 2] },
      { labels: { __name__: 'mem', k: 'v "q"' }, values: [0, 2, 4] },
    ]);
  });
});
