import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import { chartRoutes } from './chart.js';
import type { ApiRequest } from './types.js';

const req = (q: string): ApiRequest => ({ method: 'GET', path: '/api/v1/chart.svg', params: new URLSearchParams(q), headers: {}, body: '' });

describe('chart.svg', () => {
  const store = new MemoryStore();
  const t0 = Date.parse('2026-01-01T10:00:00Z');
  for (let i = 0; i < 60; i++) {
    store.append({ __name__: 'container_memory_usage_bytes', job: 'api', instance: 'a:1', id: '/x' }, t0 + i * 15_000, 100e6 + i * 1e6);
    store.append({ __name__: 'go_memstats_heap_alloc_bytes', job: 'api', instance: 'a:1' }, t0 + i * 15_000, 50e6 + i * 1e6);
  }
  const [route] = chartRoutes({ store, now: () => t0 + 60 * 15_000, windowMs: () => 3_600_000, verdictOf: () => 'heap_leak' });

  it('draws the notification chart of a target as SVG', async () => {
    const r = await route!.handler(req('job=api&instance=a:1'));
    expect(r.status).toBe(200);
    expect(r.headers?.['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(String(r.body)).toMatch(/^<svg /);
    expect(String(r.body)).toContain('Go heap');
  });

  it('is 404 for a target with nothing stored and 400 without job and instance', async () => {
    expect((await route!.handler(req('job=api&instance=b:2'))).status).toBe(404);
    expect((await route!.handler(req('job=api'))).status).toBe(400);
  });
});
