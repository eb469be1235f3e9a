import { describe, expect, it } from 'vitest';
import { docsRoutes } from './docs.js';
import type { ApiRequest } from './types.js';

const get = (path: string): ApiRequest => ({ method: 'GET', path, params: new URLSearchParams(), headers: {}, body: '' });

describe('docs routes', () => {
  const [route] = docsRoutes();
  it('serves the repository docs the rule pack links to', async () => {
    const r = await route!.handler(get('/docs/diagnosis.md'));
    expect(r.status).toBe(200);
    expect(r.headers?.['content-type']).toBe('text/markdown; charset=utf-8');
    expect(String(r.body)).toMatch(/^# /);
  });
  it('serves nothing outside docs/', async () => {
    for (const p of ['/docs/../package.json', '/docs/%2e%2e/package.json', '/docs/.hidden.md', '/docs/sub/x.md', '/docs/nope.md']) {
      expect((await route!.handler(get(p))).status, p).toBe(404);
    }
  });
});
