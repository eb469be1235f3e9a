import { describe, expect, it } from 'vitest';
import { DaemonError } from '../../core/errors.js';
import { STALE_NAN } from '../../model/sample.js';
import { ArrayStore } from '../testing/array-store.js';
import { instantQuery, rangeQuery } from './query.js';

function store(): ArrayStore {
  const s = new ArrayStore();
  for (let i = 0; i <= 20; i++) {
    s.append({ __name__: 'c', job: 'a' }, i * 15_000, i * 10);
    s.append({ __name__: 'c', job: 'b' }, i * 15_000, i);
  }
  return s;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (DaemonError.is(err)) return err.code;
    throw err;
  }
  return 'no error';
}

describe('instantQuery', () => {
  it('returns each value type with the evaluation time', () => {
    const s = store();
    expect(instantQuery(s, '1 + 1', 60_000)).toEqual({ type: 'scalar', t: 60_000, v: 2 });
    expect(instantQuery(s, '"x"', 60_000)).toEqual({ type: 'string', t: 60_000, v: 'x' });
    const v = instantQuery(s, 'c{job="a"}', 61_000);
    expect(v).toEqual({ type: 'vector', samples: [{ labels: { __name__: 'c', job: 'a' }, t: 61_000, v: 40 }] });
    const m = instantQuery(s, 'c{job="b"}[30s]', 60_000);
    expect(m).toEqual({ type: 'matrix', series: [{ labels: { __name__: 'c', job: 'b' }, t: [30_000, 45_000, 60_000], v: [2, 3, 4] }] });
  });

  it('accepts a parsed expression as well as text', async () => {
    const { parseExpr } = await import('../parser.js');
    expect(instantQuery(store(), parseExpr('sum(c)'), 300_000)).toEqual({ type: 'vector', samples: [{ labels: {}, t: 300_000, v: 220 }] });
  });

  it('ends a series at a stale marker and honours the lookback delta option', () => {
    const s = new ArrayStore();
    s.append({ __name__: 'g' }, 0, 1);
    s.append({ __name__: 'g' }, 60_000, STALE_NAN);
    expect(instantQuery(s, 'g', 30_000)).toMatchObject({ samples: [{ v: 1 }] });
    expect(instantQuery(s, 'g', 61_000)).toEqual({ type: 'vector', samples: [] });
    expect(instantQuery(s, 'g', 50_000, { lookbackDeltaMs: 10_000 })).toEqual({ type: 'vector', samples: [] });
    expect(instantQuery(s, 'count_over_time(g[5m])', 120_000)).toMatchObject({ samples: [{ v: 1 }] });
  });

  it('raises the limit, timeout and evaluation errors with stable codes', () => {
    const s = store();
    expect(code(() => instantQuery(s, 'c[5m]', 300_000, { maxSamples: 10 }))).toBe('QUERY_TOO_MANY_SAMPLES');
    expect(code(() => instantQuery(s, 'c[5m]', 300_000, { maxSamples: 100 }))).toBe('no error');
    const ac = new AbortController();
    ac.abort();
    expect(code(() => instantQuery(s, 'c', 0, { signal: ac.signal }))).toBe('QUERY_TIMEOUT');
    expect(code(() => rangeQuery(s, 'c', 0, 3600_000, 1, { timeoutMs: 0 }))).toBe('QUERY_TIMEOUT');
    expect(code(() => instantQuery(s, 'c + on() c', 60_000))).toBe('PROMQL_EVAL');
    expect(code(() => instantQuery(s, 'label_replace(c, "job", "x", "job", ".*")', 60_000))).toBe('PROMQL_EVAL');
    expect(code(() => instantQuery(s, 'rate(c', 60_000))).toBe('PROMQL_PARSE');
  });

  it('words many-to-many errors like Prometheus', () => {
    expect(() => instantQuery(store(), 'c * on() group_left c', 60_000)).toThrow(
      /found duplicate series for the match group \{\} on the right hand-side of the operation: .*many-to-many matching not allowed/,
    );
  });
});

describe('rangeQuery', () => {
  it('evaluates every step and joins samples into series', () => {
    const r = rangeQuery(store(), 'c{job="b"} * 2', 0, 60_000, 30_000);
    expect(r).toEqual([{ labels: { job: 'b' }, t: [0, 30_000, 60_000], v: [0, 4, 8] }]);
  });

  it('returns scalars as one series without labels', () => {
    expect(rangeQuery(store(), 'time()', 0, 2000, 1000)).toEqual([{ labels: {}, t: [0, 1000, 2000], v: [0, 1, 2] }]);
  });

  it('rejects range vectors and bad steps', () => {
    expect(() => rangeQuery(store(), 'c[1m]', 0, 1, 1)).toThrow('invalid expression type "range vector" for range query');
    expect(code(() => rangeQuery(store(), 'c', 0, 1, 0))).toBe('PROMQL_EVAL');
    expect(code(() => rangeQuery(store(), 'c', 10, 1, 1))).toBe('PROMQL_EVAL');
  });

  it('aligns subquery steps to absolute time and resolves @ start()/end()', () => {
    const s = store();
    const r = rangeQuery(s, 'count_over_time(c{job="a"}[1m:20s])', 70_000, 70_000, 1000);
    // Steps at 20s, 40s, 60s lie in [10s, 70s].
    expect(r[0]!.v).toEqual([3]);
    const at = rangeQuery(s, 'c{job="a"} @ end()', 0, 60_000, 30_000);
    expect(at[0]!.v).toEqual([40, 40, 40]);
  });

  it('selects each selector once per query', () => {
    const s = store();
    let selects = 0;
    const counting = Object.assign(Object.create(s) as ArrayStore, {
      select: (...args: Parameters<ArrayStore['select']>) => {
        selects++;
        return s.select(...args);
      },
    });
    rangeQuery(counting, 'rate(c[1m]) + on(job) c', 0, 300_000, 15_000);
    expect(selects).toBe(2);
  });
});
