import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { isStaleNaN } from '../model/sample.js';
import { MemoryStore } from '../store/memory.js';
import type { Fetcher } from './fetch.js';
import { newTargetState, scrapeTarget, targetLabelsFor } from './scrape.js';
import { buildTargets, scrapeOffsetMs } from './target.js';

const [target] = buildTargets(
  {
    jobName: 'api',
    scheme: 'http',
    metricsPath: '/metrics',
    params: {},
    intervalMs: 15_000,
    timeoutMs: 10_000,
    bodySizeLimit: 0,
    sampleLimit: 3,
    honorLabels: false,
    honorTimestamps: true,
    headers: {},
  },
  [{ targets: ['127.0.0.1:6060'], labels: { team: 'sre' }, source: 'test' }],
);

function serving(...bodies: string[]): Fetcher {
  let i = 0;
  return async () => {
    const body = bodies[Math.min(i++, bodies.length - 1)]!;
    if (body === 'DOWN') throw new DaemonError(ErrorCode.SCRAPE_NETWORK, 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6060', { retryable: true });
    return { body, contentType: 'text/plain; version=0.0.4', bytes: body.length };
  };
}

function values(store: MemoryStore, name: string): Array<[number, number]> {
  const s = store.select([{ name: '__name__', type: '=', value: name }], 0, 1e15);
  return s.length ? Array.from(s[0]!.t, (t, i) => [t, s[0]!.v[i]!]) : [];
}

describe('scrapeTarget', () => {
  it('labels samples, writes up/scrape_* and marks vanished series stale', async () => {
    const store = new MemoryStore();
    const state = newTargetState();
    const fetch = serving('a 1\nb{x="1"} 2\n', 'a 2\n');
    await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, 1000);
    const r = await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, 16_000);
    expect(r.up).toBe(true);
    expect(store.labelSets([{ name: '__name__', type: '=', value: 'a' }], 0, 1e15)).toEqual([{ __name__: 'a', instance: '127.0.0.1:6060', job: 'api', team: 'sre' }]);
    expect(values(store, 'a')).toEqual([[1000, 1], [16_000, 2]]);
    const b = values(store, 'b');
    expect(b[0]).toEqual([1000, 2]);
    expect(b[1]![0]).toBe(16_000);
    expect(isStaleNaN(b[1]![1])).toBe(true);
    expect(values(store, 'up')).toEqual([[1000, 1], [16_000, 1]]);
    expect(values(store, 'scrape_samples_scraped')).toEqual([[1000, 2], [16_000, 1]]);
    expect(values(store, 'scrape_series_added')).toEqual([[1000, 2], [16_000, 0]]);
  });

  it('marks the target down with the parse error and its line:col, and ends its series', async () => {
    const store = new MemoryStore();
    const state = newTargetState();
    const fetch = serving('a 1\n', 'a 1\nb{x="1} 2\n');
    await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, 1000);
    const r = await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, 16_000);
    expect(r.up).toBe(false);
    expect(r.error?.code).toBe(ErrorCode.EXPOSITION_PARSE);
    expect(state.health).toBe('down');
    expect(state.lastError).toMatch(/^<input>:2:\d+: /);
    expect(values(store, 'up')).toEqual([[1000, 1], [16_000, 0]]);
    expect(isStaleNaN(values(store, 'a')[1]![1])).toBe(true);
  });

  it('reports an unreachable target and recovers when it comes back', async () => {
    const store = new MemoryStore();
    const state = newTargetState();
    const fetch = serving('DOWN', 'a 1\n');
    const down = await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, 1000);
    expect(down.error?.code).toBe(ErrorCode.SCRAPE_NETWORK);
    expect(state.lastError).toContain('ECONNREFUSED');
    const up = await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, 16_000);
    expect(up.up).toBe(true);
    expect(state.lastError).toBe('');
    expect(state.failures).toBe(1);
  });

  it('writes nothing for a scrape that shutdown aborted', async () => {
    const store = new MemoryStore();
    const state = newTargetState();
    await scrapeTarget(target!, state, { fetch: serving('a 1\n'), append: store, now: () => 0 }, 1000);
    const ac = new AbortController();
    const hanging: Fetcher = (req) =>
      new Promise((_res, rej) => req.signal!.addEventListener('abort', () => rej(new DaemonError(ErrorCode.SCRAPE_NETWORK, 'aborted'))));
    const pending = scrapeTarget(target!, state, { fetch: hanging, append: store, now: () => 0, signal: ac.signal }, 16_000);
    ac.abort();
    const r = await pending;
    expect(r.aborted).toBe(true);
    expect(values(store, 'up')).toEqual([[1000, 1]]);
    expect(values(store, 'a')).toEqual([[1000, 1]]);
    expect(state.health).toBe('up');
    expect(state.scrapes).toBe(1);
  });

  it('enforces sample_limit', async () => {
    const store = new MemoryStore();
    const r = await scrapeTarget(target!, newTargetState(), { fetch: serving('a 1\nb 1\nc 1\nd 1\n'), append: store, now: () => 0 }, 1000);
    expect(r.error?.code).toBe(ErrorCode.SCRAPE_TOO_LARGE);
    expect(r.error?.message).toBe('sample limit exceeded: 4 > 3');
  });

  it('keeps target labels and moves clashing scraped ones to exported_*, unless honor_labels', () => {
    expect(targetLabelsFor({ __name__: 'x', job: 'other' }, { job: 'api' }, false)).toEqual({ __name__: 'x', job: 'api', exported_job: 'other' });
    expect(targetLabelsFor({ __name__: 'x', job: 'other' }, { job: 'api' }, true)).toEqual({ __name__: 'x', job: 'other' });
  });

  it('spreads targets over the interval by a stable offset', () => {
    const a = scrapeOffsetMs('job|http://a', 15_000);
    expect(a).toBe(scrapeOffsetMs('job|http://a', 15_000));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(15_000);
    const offsets = new Set(Array.from({ length: 50 }, (_, i) => Math.floor(scrapeOffsetMs(`job|http://t${i}`, 15_000) / 1000)));
    expect(offsets.size).toBeGreaterThan(8);
  });
});
