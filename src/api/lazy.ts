/**
 * lazy: routes whose module is imported on the first request instead of at start. The web UI,
 * the docs, the chart, the graph page and the Alertmanager API are rarely hit on an agent beside
 * a few services, and each keeps its code (and module-level tables) in the heap once loaded.
 */
import type { Route } from './types.js';

/** RouteShape is the method and path of a route, known without loading its module. */
export type RouteShape = Pick<Route, 'method' | 'path'>;

/**
 * lazyRoutes returns routes with the given shapes whose handlers import the module (`load`) on the
 * first request and dispatch to the route of the same method and path it builds. A failed load is
 * retried on the next request. `load` is called at most once per lazyRoutes call while it succeeds.
 */
export function lazyRoutes(shapes: readonly RouteShape[], load: () => Promise<readonly Route[]>): Route[] {
  let loading: Promise<readonly Route[]> | undefined;
  const routes = (): Promise<readonly Route[]> => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
  return shapes.map(({ method, path }) => ({
    method,
    path,
    handler: async (req) => {
      const route = (await routes()).find((r) => r.method === method && r.path === path);
      if (!route) throw new Error(`lazy route ${method} ${path} is not served by its module`);
      return route.handler(req);
    },
  }));
}

/** UI_ROUTES are the shapes of ui.ts' uiRoutes. */
export const UI_ROUTES: readonly RouteShape[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/ui/app.js' },
  { method: 'GET', path: '/ui/style.css' },
  { method: 'GET', path: '/ui/*' },
];

/** DOCS_ROUTES are the shapes of docs.ts' docsRoutes. */
export const DOCS_ROUTES: readonly RouteShape[] = [{ method: 'GET', path: '/docs/*' }];

/** CHART_ROUTES are the shapes of chart.ts' chartRoutes. */
export const CHART_ROUTES: readonly RouteShape[] = [{ method: 'GET', path: '/api/v1/chart.svg' }];

/** GRAPH_ROUTES are the shapes of graph.ts' graphRoutes. */
export const GRAPH_ROUTES: readonly RouteShape[] = [{ method: 'GET', path: '/graph' }];

/** ALERTMANAGER_ROUTES are the shapes of alertmanager.ts' alertmanagerRoutes. */
export const ALERTMANAGER_ROUTES: readonly RouteShape[] = [
  { method: 'GET', path: '/api/v2/alerts' },
  { method: 'POST', path: '/api/v2/alerts' },
  { method: 'GET', path: '/api/v2/alerts/groups' },
  { method: 'GET', path: '/api/v2/receivers' },
  { method: 'GET', path: '/api/v2/status' },
];
