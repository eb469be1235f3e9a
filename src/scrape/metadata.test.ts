import { describe, expect, it } from 'vitest';
import { ScrapeCache } from './exposition/scrape-cache.js';
import { familyMetadata } from './metadata.js';

describe('family metadata from the scrape cache', () => {
  it('keeps one entry per family from the comment lines of the last payload, escapes resolved', () => {
    const cache = new ScrapeCache(() => 0);
    const text = '# HELP a_total A \\\\ counter\\nwith newline.\n# TYPE a_total counter\na_total 1\n# TYPE b untyped\nb 2\n# HELP c only help\nc 3\n';
    cache.scan(text, 'prometheus');
    // The second scan of the same payload takes the fast path; the metadata is still all there.
    cache.scan(text, 'prometheus');
    expect(Object.fromEntries(familyMetadata(cache.leadTexts()))).toEqual({
      a_total: { type: 'counter', help: 'A \\ counter\nwith newline.', unit: '' },
      b: { type: 'unknown', help: '', unit: '' },
      c: { type: 'unknown', help: 'only help', unit: '' },
    });
  });

  it('reads UNIT from OpenMetrics and forgets families that left the payload', () => {
    const cache = new ScrapeCache(() => 0);
    cache.scan('# TYPE x_seconds gauge\n# UNIT x_seconds seconds\n# HELP x_seconds X.\nx_seconds 1\n# TYPE y gauge\ny 1\n# EOF\n', 'openmetrics');
    expect(familyMetadata(cache.leadTexts()).get('x_seconds')).toEqual({ type: 'gauge', help: 'X.', unit: 'seconds' });
    cache.scan('# TYPE x_seconds gauge\n# UNIT x_seconds seconds\n# HELP x_seconds X.\nx_seconds 2\n# EOF\n', 'openmetrics');
    expect([...familyMetadata(cache.leadTexts()).keys()]).toEqual(['x_seconds']);
  });
});
