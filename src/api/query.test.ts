import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import { queryRoutes } from './query.js';
import type { ApiRequest, ApiResponse, Route } from './types.js';

const T = 1_700_000_000_000;

function api(routes: Route[]): (path: string, params: Record<string, string>) => Promise<ApiResponse> {
  return async (path, params) => {
    const route = routes.find((r) => r.method === 'GET' && r.path === path)!;
    const req: ApiRequest = { method: 'GET', path, params: new URLSearchParams(params), headers: {}, body: '' };
    return route.handler(req);
  };
}

function fixture(): MemoryStore {
  const store = new MemoryStore();
  for (const group of ['production', 'PROD-eu', 'staging']) store.append({ __name__: 'app_up', group }, T, 1);
  store.append({ __name__: 'app_up', group: 'a'.repeat(33) + 'b' }, T, 1);
  return store;
}

describe('/api/v1/query with RE2 matchers', () => {
  const get = api(queryRoutes({ store: fixture(), now: () => T, engine: () => ({}), version: 'test' }));
  type Vec = { data: { result: Array<{ metric: Record<string, string> }> } };

  it('accepts (?i) and (?i:…) and matches case-insensitively', async () => {
    for (const q of ['app_up{group=~"(?i)PRO.*"}', 'app_up{group=~"(?i:PRO).*"}']) {
      const r = await get('/api/v1/query', { query: q, time: String(T / 1000) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect((r.body as Vec).data.result.map((s) => s.metric['group']).sort()).toEqual(['PROD-eu', 'production']);
    }
  });

  it('answers a nested quantifier against a 34-character value (exponential for a backtracking engine)', async () => {
    const r = await get('/api/v1/query', { query: 'app_up{group=~"(a+)+"}', time: String(T / 1000) });
    expect((r.body as Vec).data.result).toEqual([]);
    const hit = await get('/api/v1/query', { query: 'app_up{group=~"(a+)+b"}', time: String(T / 1000) });
    expect((hit.body as Vec).data.result).toHaveLength(1);
  });

  it('rejects a regex Go rejects as bad_data with the matcher position', async () => {
    const r = await get('/api/v1/query', { query: 'app_up{group=~"(?<=a)b"}', time: String(T / 1000) });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect((r.body as { error: string }).error).toContain('1:8: parse error: invalid regular expression "(?<=a)b": error parsing regexp: ');
  });
});

describe('/api/v1/query limits (query.timeout, query.max_samples)', () => {
  const store = new MemoryStore();
  for (let i = 0; i < 200; i++) for (let t = T - 3_600_000; t <= T; t += 15_000) store.append({ __name__: 'load', i: String(i) }, t, t / 1000 + i);
  const slow = { query: 'max_over_time(sum(rate(load[5m]))[30m:15s])', start: String((T - 3_600_000) / 1000), end: String(T / 1000), step: '15' };

  it('answers a timeout with Prometheus error shape (503, errorType timeout)', async () => {
    const get = api(queryRoutes({ store, now: () => T, engine: () => ({ timeoutMs: 20 }), version: 'test' }));
    const r = await get('/api/v1/query_range', slow);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' });
  });

  it('lets the timeout parameter shorten the configured timeout but not extend it', async () => {
    const get = api(queryRoutes({ store, now: () => T, engine: () => ({ timeoutMs: 20 }), version: 'test' }));
    expect((await get('/api/v1/query_range', { ...slow, timeout: '10m' })).status).toBe(503);
    const roomy = api(queryRoutes({ store, now: () => T, engine: () => ({ timeoutMs: 120_000 }), version: 'test' }));
    expect((await roomy('/api/v1/query_range', { ...slow, timeout: '0.01' })).status).toBe(503);
    expect((await roomy('/api/v1/query_range', slow)).status).toBe(200);
  });

  it('answers too many samples with Prometheus error shape (422, errorType execution)', async () => {
    const get = api(queryRoutes({ store, now: () => T, engine: () => ({ maxSamples: 1000 }), version: 'test' }));
    const r = await get('/api/v1/query', { query: 'load[1h]', time: String(T / 1000) });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory in query execution' });
  });
});
