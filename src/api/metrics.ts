/**
 * metrics: GET /metrics serves the daemon's own prom-client registry.
 */
import type { Registry } from 'prom-client';
import type { Route } from './types.js';

/** metricsRoutes exposes `registry` in the Prometheus text format. */
export function metricsRoutes(registry: Registry): Route[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      handler: async () => ({ status: 200, headers: { 'content-type': registry.contentType }, body: await registry.metrics() }),
    },
  ];
}
