import { describe, expect, it } from 'vitest';
import { alertmanagerRoutes } from './alertmanager.js';
import { chartRoutes } from './chart.js';
import { docsRoutes } from './docs.js';
import { graphRoutes } from './graph.js';
import { ALERTMANAGER_ROUTES, CHART_ROUTES, DOCS_ROUTES, GRAPH_ROUTES, lazyRoutes, UI_ROUTES, type RouteShape } from './lazy.js';
import { Router } from './server.js';
import type { ApiRequest, Route } from './types.js';
import { uiRoutes } from './ui.js';
import { MemoryStore } from '../store/memory.js';

const shapes = (routes: readonly Route[]): RouteShape[] => routes.map((r) => ({ method: r.method, path: r.path }));
const req = (path: string, method = 'GET'): ApiRequest => ({ method, path, params: new URLSearchParams(), headers: {}, body: '' });

describe('lazy route shapes', () => {
  // The daemon registers these shapes without loading the modules: a route added to a module and
  // not to its shape list would answer 404 in the daemon although its own tests pass.
  it('match the routes each module builds', () => {
    const store = new MemoryStore({});
    const now = (): number => 0;
    expect(UI_ROUTES).toEqual(shapes(uiRoutes('test')));
    expect(DOCS_ROUTES).toEqual(shapes(docsRoutes()));
    expect(CHART_ROUTES).toEqual(shapes(chartRoutes({ store, now, windowMs: () => 3_600_000, verdictOf: () => undefined })));
    expect(GRAPH_ROUTES).toEqual(shapes(graphRoutes({ store, now, engine: () => ({ lookbackDeltaMs: 300_000, subqueryStepMs: 60_000, timeoutMs: 1000, maxSamples: 1e6 }) })));
    expect(ALERTMANAGER_ROUTES).toEqual(
      shapes(alertmanagerRoutes({ notifier: () => undefined, notifyConfig: () => undefined, now, startedAt: 0, version: 'test', resolveTimeoutMs: 300_000 })),
    );
  });
});

describe('lazyRoutes', () => {
  it('loads the module on the first request only and dispatches by method and path', async () => {
    let loads = 0;
    const routes = lazyRoutes(
      [
        { method: 'GET', path: '/a' },
        { method: 'POST', path: '/a' },
      ],
      () => {
        loads++;
        return Promise.resolve([
          { method: 'GET', path: '/a', handler: () => ({ status: 200, body: 'get' }) },
          { method: 'POST', path: '/a', handler: () => ({ status: 201, body: 'post' }) },
        ]);
      },
    );
    expect(loads).toBe(0);
    const router = new Router(routes);
    expect(await router.handle(req('/a'))).toMatchObject({ status: 200, body: 'get' });
    expect(await router.handle(req('/a', 'POST'))).toMatchObject({ status: 201, body: 'post' });
    expect(await router.handle(req('/a', 'DELETE'))).toMatchObject({ status: 405 });
    expect(loads).toBe(1);
  });

  it('retries a failed load on the next request', async () => {
    let loads = 0;
    const [route] = lazyRoutes([{ method: 'GET', path: '/x' }], () => {
      loads++;
      return loads === 1 ? Promise.reject(new Error('boom')) : Promise.resolve([{ method: 'GET', path: '/x', handler: () => ({ status: 200, body: 'ok' }) }]);
    });
    await expect(Promise.resolve(route!.handler(req('/x')))).rejects.toThrow('boom');
    expect(await route!.handler(req('/x'))).toMatchObject({ status: 200 });
    expect(loads).toBe(2);
  });

  it('fails clearly when the module does not serve a shape', async () => {
    const [route] = lazyRoutes([{ method: 'GET', path: '/gone' }], () => Promise.resolve([]));
    await expect(Promise.resolve(route!.handler(req('/gone')))).rejects.toThrow('GET /gone');
  });
});
