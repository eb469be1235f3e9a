import { describe, expect, it } from 'vitest';
import { DaemonError } from '../../src/core/errors.js';
import { close, diff, fromOurs, fromProm, type Outcome } from './compare.js';

const series = (v: number[], key = '{a="1"}'): Outcome => ({ kind: 'series', series: [{ key, t: v.map((_, i) => i * 1000), v }] });

describe('differential comparison', () => {
  it('treats NaN as equal only to NaN and allows 1e-9 relative error', () => {
    expect(close(NaN, NaN)).toBe(true);
    expect(close(NaN, 0)).toBe(false);
    expect(close(1, 1 + 1e-12)).toBe(true);
    expect(close(1, 1 + 1e-6)).toBe(false);
    expect(close(Infinity, Infinity)).toBe(true);
    expect(close(Infinity, -Infinity)).toBe(false);
  });

  it('reports differing values, label sets, point counts and one-sided errors', () => {
    expect(diff(series([1, 2]), series([1, 2]), false)).toBeUndefined();
    expect(diff(series([1, 2]), series([1, 3]), false)).toContain('value 2 vs 3');
    expect(diff(series([1]), series([1], '{a="2"}'), false)).toContain('missing series');
    expect(diff(series([1, 2]), series([1]), false)).toContain('2 points vs 1');
    expect(diff({ kind: 'error', message: 'x' }, series([1]), false)).toContain('prometheus failed');
    expect(diff({ kind: 'error', message: 'x' }, { kind: 'error', message: 'y' }, false)).toBeUndefined();
  });

  it('checks order only when asked', () => {
    const a: Outcome = { kind: 'series', series: [{ key: 'x', t: [0], v: [1] }, { key: 'y', t: [0], v: [2] }] };
    const b: Outcome = { kind: 'series', series: [{ key: 'y', t: [0], v: [2] }, { key: 'x', t: [0], v: [1] }] };
    expect(diff(a, b, false)).toBeUndefined();
    expect(diff(a, b, true)).toContain('order differs');
  });

  it('decodes the Prometheus API and our results into one shape', () => {
    const p = fromProm({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: '1' }, value: [1.5, '+Inf'] }] } });
    expect(p).toEqual({ kind: 'series', series: [{ key: '{a="1"}', t: [1500], v: [Infinity] }] });
    const o = fromOurs(() => ({ type: 'vector', samples: [{ labels: { a: '1' }, t: 1500, v: Infinity }] }));
    expect(diff(p, o, false)).toBeUndefined();
    expect(fromOurs(() => { throw new DaemonError('PROMQL_EVAL', 'boom'); })).toEqual({ kind: 'error', message: 'PROMQL_EVAL: boom' });
  });
});
