import { describe, expect, it } from 'vitest';
import { DaemonError } from '../../core/errors.js';
import { formatExposition, formatSeconds, formatValue } from './format.js';
import type { FamilyMeta, ParsedSample } from './types.js';

const families = new Map<string, FamilyMeta>([
  ['req', { type: 'counter', help: 'Requests "all" \\ of\nthem', unit: '' }],
  ['mem_bytes', { type: 'gauge', unit: 'bytes' }],
  ['empty', { type: 'untyped' }],
]);
const samples: ParsedSample[] = [
  { labels: { __name__: 'req_total', path: 'a"b\\c\nd' }, value: 1, timestampMs: 1700000000001 },
  { labels: { __name__: 'mem_bytes' }, value: NaN },
  { labels: { __name__: 'other' }, value: -Infinity },
];

describe('formatExposition', () => {
  it('writes text 0.0.4 with metadata before the first sample of each family', () => {
    expect(formatExposition(samples, families, 'prometheus')).toBe(
      '# HELP req Requests "all" \\\\ of\\nthem\n# TYPE req counter\nreq_total{path="a\\"b\\\\c\\nd"} 1 1700000000001\n' +
        '# TYPE mem_bytes gauge\nmem_bytes NaN\nother -Inf\n# TYPE empty untyped\n',
    );
  });

  it('writes OpenMetrics with seconds, UNIT, unknown for untyped and # EOF', () => {
    expect(formatExposition(samples, families, 'openmetrics')).toBe(
      '# HELP req Requests \\"all\\" \\\\ of\\nthem\n# TYPE req counter\nreq_total{path="a\\"b\\\\c\\nd"} 1 1700000000.001\n' +
        '# TYPE mem_bytes gauge\n# UNIT mem_bytes bytes\nmem_bytes NaN\nother -Inf\n# TYPE empty unknown\n# EOF\n',
    );
  });

  it('refuses names the formats cannot carry', () => {
    expect(() => formatExposition([{ labels: { __name__: 'a-b' }, value: 1 }], new Map(), 'prometheus')).toThrow(DaemonError);
    expect(() => formatExposition([{ labels: { __name__: 'a', 'bad-label': 'x' }, value: 1 }], new Map(), 'prometheus')).toThrow(
      'cannot format exposition: invalid label name "bad-label"',
    );
  });
});

describe('number formatting', () => {
  it('formats values and second timestamps exactly', () => {
    expect([NaN, Infinity, -Infinity, -0, 0.1, 1e21].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '-0', '0.1', '1e+21']);
    expect([0, 1, 1000, 1001, 1500, -1500, 1700000000123].map(formatSeconds)).toEqual(['0', '0.001', '1', '1.001', '1.5', '-1.5', '1700000000.123']);
  });
});
