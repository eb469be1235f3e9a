import { describe, expect, it } from 'vitest';
import { parseExpr } from '../promql/parser.js';
import { exprMetricNames } from './metric-names.js';

describe('exprMetricNames', () => {
  const names = (q: string): string[] => {
    const s = new Set<string>();
    exprMetricNames(parseExpr(q), s);
    return [...s].sort();
  };
  it('finds names inside functions, aggregations, binaries and subqueries', () => {
    expect(names('sum by (job) (rate(a_total[5m])) / on(job) group_left b + max_over_time(c[1h:1m]) > bool 3')).toEqual(['a_total', 'b', 'c']);
    expect(names('topk(3, d) unless absent(e{x="1"})')).toEqual(['d', 'e']);
  });
  it('marks nameless selectors as needing every name', () => {
    expect(names('{job="api"}')).toEqual(['']);
    expect(names('{__name__=~"go_.*"}')).toEqual(['']);
    expect(names('{__name__="go_goroutines"}')).toEqual(['go_goroutines']);
  });
});
