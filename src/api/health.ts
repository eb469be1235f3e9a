/**
 * health: liveness, readiness and reload endpoints with Prometheus' paths and wording.
 */
import type { Route } from './types.js';

/** HealthDeps tells whether the daemon is ready and how to reload it. */
export interface HealthDeps {
  ready(): boolean;
  /** reload re-reads the config; it resolves to an error message when the new config was rejected. */
  reload(): Promise<string | null>;
}

/** healthRoutes serves /-/healthy, /-/ready and POST /-/reload. */
export function healthRoutes(d: HealthDeps): Route[] {
  return [
    { method: 'GET', path: '/-/healthy', handler: () => ({ status: 200, body: 'leaksleuth is Healthy.\n' }) },
    {
      method: 'GET',
      path: '/-/ready',
      handler: () => (d.ready() ? { status: 200, body: 'leaksleuth is Ready.\n' } : { status: 503, body: 'Service Unavailable\n' }),
    },
    {
      method: 'POST',
      path: '/-/reload',
      handler: async () => {
        const err = await d.reload();
        return err === null ? { status: 200, body: 'config reloaded\n' } : { status: 500, body: `failed to reload config: ${err}\n` };
      },
    },
  ];
}
