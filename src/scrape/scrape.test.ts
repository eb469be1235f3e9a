import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { labelsKey, type Labels } from '../model/labels.js';
import { isStaleNaN, STALE_NAN } from '../model/sample.js';
import { MemoryStore } from '../store/memory.js';
import { parseExposition } from './exposition/parse.js';
import type { Fetcher } from './fetch.js';
import { newTargetState, reportSeries, scrapeTarget, targetLabelsFor } from './scrape.js';
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
    labelLimit: 0,
    labelNameLengthLimit: 0,
    labelValueLengthLimit: 0,
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
    expect(r.error?.message).toBe('sample limit exceeded (limit: 3)');
    // Nothing of the failed scrape is stored but the report series.
    expect(values(store, 'a')).toEqual([]);
    expect(values(store, 'up')).toEqual([[1000, 0]]);
  });

  it('stops parsing at sample_limit: the cache never holds more than the limit', async () => {
    const state = newTargetState();
    const body = Array.from({ length: 5000 }, (_, i) => `m{i="${i}"} 1`).join('\n') + '\n';
    const r = await scrapeTarget(target!, state, { fetch: serving(body), append: new MemoryStore(), now: () => 0 }, 1000);
    expect(r.error?.code).toBe(ErrorCode.SCRAPE_TOO_LARGE);
    expect(state.cache).toBeUndefined();
    expect(state.lastError).toContain('sample limit exceeded');
  });

  it('enforces the label limits with Prometheus\' messages, counting the target labels', async () => {
    const limited = { ...target!, labelLimit: 4, labelNameLengthLimit: 10, labelValueLengthLimit: 14 };
    const scrape = async (body: string) => {
      const store = new MemoryStore();
      const st = newTargetState();
      const r = await scrapeTarget(limited, st, { fetch: serving(body), append: store, now: () => 0 }, 1000);
      return { r, store, st };
    };
    // job, instance, team come from the target: 3 + __name__ = 4 is at the limit.
    expect((await scrape('a 1\n')).st.lastError).toBe('');
    const tooMany = await scrape('a{x="1"} 1\n');
    expect(tooMany.r.error?.code).toBe(ErrorCode.SCRAPE_LABEL_LIMIT);
    expect(tooMany.st.lastError).toBe('label_limit exceeded (metric: a, number of labels: 5, limit: 4)');
    expect(values(tooMany.store, 'up')).toEqual([[1000, 0]]);
    // honor_labels false: a scraped `job` becomes exported_job, one label more than the target's.
    const longName = await scrape('a{exported_x="1"} 1\n');
    expect(longName.st.lastError).toMatch(/^label_limit exceeded/);
    const byName = await scrape('abcdefghijklmno 1\n');
    expect(byName.st.lastError).toBe('label_value_length_limit exceeded (metric: abcdefghijklmno, label name: __name__, value: "abcdefghijklmno", length: 15, limit: 14)');
    // Lengths are UTF-8 bytes, as Go's len(): 8 characters, 16 bytes.
    expect((await scrape('b{l="éééééééé"} 1\n')).st.lastError).toMatch(/^label_limit/);
    const lim2 = { ...limited, labelLimit: 0 };
    const st2 = newTargetState();
    await scrapeTarget(lim2, st2, { fetch: serving('b{l="éééééééé"} 1\n'), append: new MemoryStore(), now: () => 0 }, 1000);
    expect(st2.lastError).toBe('label_value_length_limit exceeded (metric: b, label name: l, value: "éééééééé", length: 16, limit: 14)');
    // A name over label_name_length_limit.
    await scrapeTarget(lim2, st2, { fetch: serving('b{a_long_name="1"} 1\n'), append: new MemoryStore(), now: () => 0 }, 2000);
    expect(st2.lastError).toBe('label_name_length_limit exceeded (metric: b, label name: a_long_name, length: 11, limit: 10)');
    // Limits changed on reload re-check series the cache already holds.
    const st3 = newTargetState();
    await scrapeTarget(lim2, st3, { fetch: serving('b{l="x"} 1\n'), append: new MemoryStore(), now: () => 0 }, 1000);
    expect(st3.health).toBe('up');
    await scrapeTarget({ ...lim2, labelLimit: 3 }, st3, { fetch: serving('b{l="x"} 1\n'), append: new MemoryStore(), now: () => 0 }, 2000);
    expect(st3.lastError).toMatch(/^label_limit exceeded \(metric: b, number of labels: 5, limit: 3\)/);
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

  it('appends the same frozen labels object while a series stays, and ends it when it goes', async () => {
    const seen: Labels[] = [];
    const store = new MemoryStore();
    const append = { append: (l: Labels, t: number, v: number) => (l['__name__'] === 'a' && seen.push(l), store.append(l, t, v)) };
    const state = newTargetState();
    const fetch = serving('a{x="1"} 1\nb 1\n', 'a{x="1"} 2\nb 2\n', 'a{x="1"} 3\nb 3\n', 'b 4\n');
    for (const at of [1000, 2000, 3000, 4000]) await scrapeTarget(target!, state, { fetch, append, now: () => 0 }, at);
    expect(seen.length).toBe(4);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen.every((l) => l === seen[0])).toBe(true);
    const a = values(store, 'a');
    expect(a.slice(0, 3)).toEqual([[1000, 1], [2000, 2], [3000, 3]]);
    expect(a[3]![0]).toBe(4000);
    expect(isStaleNaN(a[3]![1])).toBe(true);
    expect(values(store, 'scrape_series_added')).toEqual([[1000, 2], [2000, 0], [3000, 0], [4000, 0]]);
  });

  it('treats two spellings of one series as one series', async () => {
    const store = new MemoryStore();
    const state = newTargetState();
    const fetch = serving('a{x="1",y="2"} 1\na{y="2",x="1"} 1\n', 'a{y="2", x="1"} 2\n', 'a{x="1",y="2"} 3\n');
    for (const at of [1000, 2000, 3000]) await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, at);
    expect(values(store, 'a')).toEqual([[1000, 1], [2000, 2], [3000, 3]]);
    expect(values(store, 'scrape_series_added')).toEqual([[1000, 2], [2000, 0], [3000, 0]]);
  });

  it('ends a series that goes while another is spelled two ways (as many texts as series last time)', async () => {
    // Two texts of c and one of a make three cache entries for two series; then the two texts of c
    // alone are two entries, as many as series last time: a gone and must get its stale marker.
    const store = new MemoryStore();
    const state = newTargetState();
    const fetch = serving('c{x="1",y="2"} 1\nc{y="2",x="1"} 1\na 1\n', 'c{x="1",y="2"} 2\nc{y="2",x="1"} 2\n', 'c{x="1",y="2"} 3\nc{y="2",x="1"} 3\n');
    for (const at of [1000, 2000, 3000]) await scrapeTarget(target!, state, { fetch, append: store, now: () => 0 }, at);
    const a = values(store, 'a');
    expect(a.length).toBe(2);
    expect(a[0]).toEqual([1000, 1]);
    expect(isStaleNaN(a[1]![1])).toBe(true);
    expect(values(store, 'c').map(([t]) => t)).toEqual([1000, 2000, 3000]);
    expect(values(store, 'scrape_series_added')).toEqual([[1000, 3], [2000, 0], [3000, 0]]);
  });

  it('writes what the uncached scrape loop wrote, scrape after scrape', async () => {
    // reference is the scrape loop as it was before the scrape cache: parse everything, label
    // every sample, staleness by labelsKey. Both must make the same appends.
    const [t] = buildTargets(
      { jobName: 'api', scheme: 'http', metricsPath: '/metrics', params: {}, intervalMs: 15_000, timeoutMs: 10_000, bodySizeLimit: 0, sampleLimit: 9, labelLimit: 0, labelNameLengthLimit: 0, labelValueLengthLimit: 0, honorLabels: false, honorTimestamps: true, headers: {} },
      [{ targets: ['127.0.0.1:6060'], labels: { team: 'sre' }, source: 'test' }],
    );
    type Call = [string, number, number | 'stale'];
    const record = (calls: Call[]) => ({ append: (l: Labels, at: number, v: number) => void calls.push([labelsKey(l), at, isStaleNaN(v) ? 'stale' : v]) });
    function reference(last: Map<string, Labels>, body: string, at: number, calls: Call[]): Map<string, Labels> {
      const app = record(calls);
      let up = true;
      let n = 0;
      let added = 0;
      let next = new Map<string, Labels>();
      try {
        if (body === 'DOWN') throw new Error('down');
        const parsed = parseExposition(body, 'prometheus');
        if (parsed.samples.length > t!.sampleLimit) throw new Error('limit');
        for (const s of parsed.samples) {
          const labels = targetLabelsFor(s.labels, t!.labels, false);
          const key = labelsKey(labels);
          if (!last.has(key)) added++;
          next.set(key, labels);
          app.append(labels, s.timestampMs ?? at, s.value);
        }
        for (const [key, l] of last) if (!next.has(key)) app.append(l, at, STALE_NAN);
        n = parsed.samples.length;
      } catch {
        for (const l of last.values()) app.append(l, at, STALE_NAN);
        next = new Map();
        up = false;
      }
      for (const s of reportSeries(t!.labels, { up, durationMs: 0, samples: n, bytes: 0 }, added)) app.append(s.labels, at, s.value);
      return next;
    }
    // Stale markers of different series may come in another order; everything else must match.
    const canon = (calls: Call[]) => [calls.filter((c) => c[2] !== 'stale'), calls.filter((c) => c[2] === 'stale').sort()];
    const lines = fc.constantFrom(
      'a 1', 'a 2', 'b{x="1"} 3', 'b{x="1",y=""} 4', 'b{ x="1" } 5', 'c{x="1",y="2"} 6', 'c{y="2",x="1"} 7', 'd{job="other"} 8',
      'e{v="sp ace } #"} 9', 'f 1 1700000000000', 'g NaN', 'h{x="bad} 1', '# HELP a A.', '# TYPE a gauge', 'i +Inf',
    );
    const body = fc.oneof({ weight: 8, arbitrary: fc.array(lines, { maxLength: 10 }).map((ls) => ls.join('\n') + '\n') }, fc.constant('DOWN'));
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 2, maxLength: 8 }), async (bodies) => {
        const state = newTargetState();
        const fetch = serving(...bodies);
        let last = new Map<string, Labels>();
        for (const [i, b] of bodies.entries()) {
          const at = (i + 1) * 1000;
          const got: Call[] = [];
          const want: Call[] = [];
          await scrapeTarget(t!, state, { fetch, append: record(got), now: () => 0 }, at);
          last = reference(last, b, at, want);
          expect(canon(got)).toEqual(canon(want));
        }
      }),
      { numRuns: 300 },
    );
  });
});

