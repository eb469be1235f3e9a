import { describe, expect, it } from 'vitest';
import type { Alert, AlertState } from '../model/alert.js';
import { alertSeries, formatEvent, selectForSending, transition, type Candidate, type StateRule } from './state.js';

const M = 60_000;

/** step is one evaluation: which instance values the expression returned, and what we expect after. */
interface Step {
  at: number;
  results: Record<string, number>;
  expect: Record<string, AlertState>;
  error?: string;
}

function cand(inst: string, v: number): Candidate {
  return { labels: { alertname: 'A', instance: inst }, annotations: { summary: `value ${v}` }, value: v };
}

function run(rule: StateRule, steps: Step[]): Map<string, Alert> {
  let cur = new Map<string, Alert>();
  for (const s of steps) {
    const res = transition(
      cur,
      Object.entries(s.results).map(([i, v]) => cand(i, v)),
      rule,
      s.at,
    );
    expect(res.error?.message, `error at ${s.at / M}m`).toBe(s.error);
    cur = res.next;
    const got: Record<string, AlertState> = {};
    for (const a of cur.values()) got[a.labels['instance']!] = a.state;
    expect(got, `state at ${s.at / M}m`).toEqual(s.expect);
  }
  return cur;
}

const base: StateRule = { name: 'A', forMs: 0, keepFiringForMs: 0, limit: 0 };

describe('transition (table-driven, named after the path)', () => {
  const cases: Array<[string, StateRule, Step[]]> = [
    ['for0: inactive=>firing=>resolved', base, [
      { at: 0, results: { a: 1 }, expect: { a: 'firing' } },
      { at: M, results: {}, expect: { a: 'inactive' } },
    ]],
    ['pending=>firing=>resolved', { ...base, forMs: 2 * M }, [
      { at: 0, results: { a: 1 }, expect: { a: 'pending' } },
      { at: M, results: { a: 1 }, expect: { a: 'pending' } },
      { at: 2 * M, results: { a: 1 }, expect: { a: 'firing' } },
      { at: 3 * M, results: {}, expect: { a: 'inactive' } },
    ]],
    ['pending=>deleted', { ...base, forMs: 5 * M }, [
      { at: 0, results: { a: 1 }, expect: { a: 'pending' } },
      { at: M, results: {}, expect: {} },
      { at: 2 * M, results: { a: 1 }, expect: { a: 'pending' } },
    ]],
    ['pending=>firing=>keepfiring=>resolved', { ...base, forMs: M, keepFiringForMs: 2 * M }, [
      { at: 0, results: { a: 1 }, expect: { a: 'pending' } },
      { at: M, results: { a: 1 }, expect: { a: 'firing' } },
      { at: 2 * M, results: {}, expect: { a: 'firing' } },
      { at: 3 * M, results: {}, expect: { a: 'firing' } },
      { at: 4 * M, results: {}, expect: { a: 'inactive' } },
    ]],
    ['firing=>keepfiring=>firing=>keepfiring restarts', { ...base, keepFiringForMs: 2 * M }, [
      { at: 0, results: { a: 1 }, expect: { a: 'firing' } },
      { at: M, results: {}, expect: { a: 'firing' } },
      { at: 2 * M, results: { a: 1 }, expect: { a: 'firing' } },
      { at: 3 * M, results: {}, expect: { a: 'firing' } },
      { at: 4 * M, results: {}, expect: { a: 'firing' } },
      { at: 5 * M, results: {}, expect: { a: 'inactive' } },
    ]],
    ['firing=>resolved=>pending again', { ...base, forMs: M }, [
      { at: 0, results: { a: 1 }, expect: { a: 'pending' } },
      { at: M, results: { a: 1 }, expect: { a: 'firing' } },
      { at: 2 * M, results: {}, expect: { a: 'inactive' } },
      { at: 3 * M, results: { a: 1 }, expect: { a: 'pending' } },
      { at: 4 * M, results: { a: 1 }, expect: { a: 'firing' } },
    ]],
    ['resolved=>deleted after 15m retention', base, [
      { at: 0, results: { a: 1 }, expect: { a: 'firing' } },
      { at: M, results: {}, expect: { a: 'inactive' } },
      { at: 16 * M, results: {}, expect: { a: 'inactive' } },
      { at: 16 * M + 1, results: {}, expect: {} },
    ]],
    ['two series: firing + pending', { ...base, forMs: M }, [
      { at: 0, results: { a: 1 }, expect: { a: 'pending' } },
      { at: M, results: { a: 1, b: 2 }, expect: { a: 'firing', b: 'pending' } },
    ]],
    ['limit exceeded clears alerts', { ...base, limit: 1 }, [
      { at: 0, results: { a: 1 }, expect: { a: 'firing' } },
      { at: M, results: { a: 1, b: 1 }, expect: {}, error: 'exceeded limit of 1 with 2 alerts' },
    ]],
  ];
  for (const [name, rule, steps] of cases) it(name, () => void run(rule, steps));

  it('duplicate label sets fail the evaluation and keep the previous state', () => {
    const prev = run(base, [{ at: 0, results: { a: 1 }, expect: { a: 'firing' } }]);
    const res = transition(prev, [cand('x', 1), cand('x', 2)], base, M);
    expect(res.error?.message).toBe('vector contains metrics with the same labelset after applying alert labels');
    expect([...res.next.values()].map((a) => a.labels['instance'])).toEqual(['a']);
  });

  it('re-renders annotations and value each evaluation but keeps activeAt', () => {
    const rule = { ...base, forMs: 10 * M };
    const r1 = transition(new Map(), [cand('a', 1)], rule, 0);
    const r2 = transition(r1.next, [cand('a', 7)], rule, M);
    const a = [...r2.next.values()][0]!;
    expect(a.annotations).toEqual({ summary: 'value 7' });
    expect(a.value).toBe(7);
    expect(a.activeAt).toBe(0);
    expect(r1.next.get([...r1.next.keys()][0]!)!.value).toBe(1); // prev untouched
  });

  it('logs transitions with a reason', () => {
    const rule = { ...base, forMs: M };
    const r1 = transition(new Map(), [cand('a', 1)], rule, 0);
    const r2 = transition(r1.next, [cand('a', 1)], rule, M);
    expect(r1.events.map(formatEvent)).toEqual(['INACTIVE => PENDING: expression returned the series']);
    expect(r2.events.map(formatEvent)).toEqual(['PENDING => FIRING: 60s since becoming active at 1970-01-01T00:00:00.000Z']);
  });
});

describe('selectForSending', () => {
  const opts = { intervalMs: M, resendDelayMs: M };
  it('never sends pending, sends firing at start and after the resend delay strictly passed', () => {
    const rule = { ...base, forMs: M };
    let cur = transition(new Map(), [cand('a', 1)], rule, 0).next;
    let s = selectForSending(cur, 0, opts);
    expect(s.sent).toHaveLength(0);
    cur = transition(s.next, [cand('a', 1)], rule, M).next;
    s = selectForSending(cur, M, opts);
    expect(s.sent.map((a) => a.state)).toEqual(['firing']);
    expect(s.sent[0]!.validUntil).toBe(M + 4 * M);
    const sentTimes: number[] = [];
    cur = s.next;
    for (let t = 2 * M; t <= 6 * M; t += M) {
      cur = transition(cur, [cand('a', 1)], rule, t).next;
      const r = selectForSending(cur, t, opts);
      if (r.sent.length) sentTimes.push(t / M);
      cur = r.next;
    }
    // lastSentAt + 1m < t is strict: with interval == resend delay, re-sends come every 2 intervals.
    expect(sentTimes).toEqual([3, 5]);
  });

  it('sends the resolution at once and re-sends it until retention ends', () => {
    let cur = transition(new Map(), [cand('a', 1)], base, 0).next;
    cur = selectForSending(cur, 0, opts).next;
    cur = transition(cur, [], base, 30_000).next;
    let r = selectForSending(cur, 30_000, opts);
    expect(r.sent.map((a) => [a.state, a.resolvedAt])).toEqual([['inactive', 30_000]]);
    let resent = 0;
    cur = r.next;
    for (let t = 90_000; t <= 20 * M; t += M) {
      cur = transition(cur, [], base, t).next;
      r = selectForSending(cur, t, opts);
      resent += r.sent.length;
      cur = r.next;
    }
    expect(cur.size).toBe(0);
    expect(resent).toBeGreaterThanOrEqual(6);
  });

  it('validUntil uses the larger of interval and resend delay', () => {
    const cur = transition(new Map(), [cand('a', 1)], base, 0).next;
    const r = selectForSending(cur, 0, { intervalMs: 5 * M, resendDelayMs: M });
    expect(r.sent[0]!.validUntil).toBe(20 * M);
  });
});

describe('alertSeries', () => {
  it('writes ALERTS and ALERTS_FOR_STATE for pending and firing only', () => {
    let cur = transition(new Map(), [cand('a', 1)], { ...base, forMs: M }, 120_000).next;
    const s = alertSeries(cur);
    expect(s).toEqual([
      { labels: { alertname: 'A', instance: 'a', __name__: 'ALERTS', alertstate: 'pending' }, v: 1 },
      { labels: { alertname: 'A', instance: 'a', __name__: 'ALERTS_FOR_STATE' }, v: 120 },
    ]);
    cur = transition(cur, [], { ...base, forMs: M }, 180_000).next;
    expect(alertSeries(cur)).toEqual([]);
  });
});
