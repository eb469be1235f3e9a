import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { ArrayStore } from '../testing/array-store.js';
import { QueryGate } from './gate.js';
import { instantQueryAsync, rangeQueryAsync } from './query-async.js';
import { instantQuery, rangeQuery } from './query.js';

function store(series = 20, minutes = 120): ArrayStore {
  const s = new ArrayStore();
  for (let i = 0; i < series; i++) {
    for (let t = 0; t <= minutes * 60_000; t += 15_000) s.append({ __name__: 'm', i: String(i), j: String(i % 3) }, t, (i + 1) * t / 1000 + (t % 7));
  }
  return s;
}

async function error(p: Promise<unknown>): Promise<DaemonError> {
  try {
    await p;
  } catch (err) {
    if (DaemonError.is(err)) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('instantQueryAsync / rangeQueryAsync', () => {
  const s = store();
  const queries = [
    'sum by (j) (rate(m[5m]))', 'max_over_time(m[10m:1m])', 'avg_over_time(sum by (j) (m)[30m:45s] offset 5m)',
    'max_over_time(rate(m[5m])[20m:2m]) - min_over_time(deriv(m[10m])[15m:])', 'max_over_time(max_over_time(m[5m:30s])[20m:2m])',
    'sum(m @ 3600) + count_over_time(m[7m:] @ end())', 'topk(2, m) or vector(1)', '1 + 2', 'm[5m]', '"s"',
  ];

  it('gives the same answers as the synchronous entry points, subqueries included', async () => {
    for (const q of queries) {
      for (const at of [600_000, 3_601_000, 7_200_000]) {
        expect(await instantQueryAsync(s, q, at, { sliceMs: 0 }), `${q} @${at}`).toEqual(instantQuery(s, q, at));
      }
      if (q === 'm[5m]' || q === '"s"') continue;
      for (const [a, b, step] of [[0, 7_200_000, 60_000], [1_800_000, 3_600_000, 7_000], [0, 7_200_000, 1_800_000]] as const) {
        expect(await rangeQueryAsync(s, q, a, b, step, { sliceMs: 0 }), `${q} ${a}..${b}/${step}`).toEqual(rangeQuery(s, q, a, b, step));
      }
    }
  });

  it('keeps the event loop turning while a long range query runs', async () => {
    const big = store(400, 180);
    const q = 'max_over_time(sum by (j) (rate(m[5m]))[10m:2s])';
    const t0 = performance.now();
    rangeQuery(big, q, 0, 10_800_000, 15_000);
    const syncMs = performance.now() - t0;
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 1);
    try {
      await rangeQueryAsync(big, q, 0, 10_800_000, 15_000, { sliceMs: 5, gate: new QueryGate() });
    } finally {
      clearInterval(timer);
    }
    // Synchronously the query holds the loop for its whole run; sliced, a timer waits about one slice.
    expect(syncMs).toBeGreaterThan(150);
    expect(maxGap).toBeLessThan(Math.max(50, syncMs / 3));
  });

  it('stops at the timeout with Prometheus wording, and at max samples', async () => {
    const big = store(400, 180);
    const slow = 'max_over_time(sum by (j) (rate(m[5m]))[10m:15s])';
    const e = await error(rangeQueryAsync(big, slow, 0, 10_800_000, 15_000, { timeoutMs: 50 }));
    expect(e.code).toBe(ErrorCode.QUERY_TIMEOUT);
    expect(e.message).toBe('query timed out in expression evaluation');
    const m = await error(instantQueryAsync(big, 'm[1h]', 3_600_000, { maxSamples: 1000 }));
    expect(m.code).toBe(ErrorCode.QUERY_TOO_MANY_SAMPLES);
    expect(m.message).toBe('query processing would load too many samples into memory in query execution');
    const ac = new AbortController();
    ac.abort();
    expect((await error(instantQueryAsync(big, 'm', 0, { signal: ac.signal }))).message).toBe('query was canceled in expression evaluation');
  });

  it('lets queries take turns through the gate, first come first served', async () => {
    const gate = new QueryGate();
    const big = store(100, 120);
    const order: string[] = [];
    const run = (name: string): Promise<void> =>
      rangeQueryAsync(big, 'sum(rate(m[5m]))', 0, 7_200_000, 15_000, { gate, sliceMs: 1 }).then(() => void order.push(name));
    await Promise.all([run('a'), run('b'), run('c')]);
    expect(order.sort()).toEqual(['a', 'b', 'c']);
    expect(gate.queued).toBe(0);
    // The gate is free again: a new query enters at once.
    await gate.enter();
    gate.leave();
  });
});
