/**
 * metrics: what an operator needs to see of datasource mode on /metrics: how many queries went to
 * the API, how they ended, and how long they took (rule evaluation in this mode is only as fast as
 * the API).
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { DaemonError } from '../core/errors.js';
import type { DatasourceClient } from './client.js';

/** DatasourceMetrics count and time the queries sent to the datasource. */
export interface DatasourceMetrics {
  readonly queries: Counter<'result'>;
  readonly duration: Histogram;
}

/** createDatasourceMetrics registers the metrics once per registry. */
export function createDatasourceMetrics(registry: Registry): DatasourceMetrics {
  const registers = [registry];
  return {
    queries: new Counter({
      name: 'leaksleuth_datasource_queries_total',
      help: 'Queries sent to the datasource, by result (success, unavailable: network/timeout/5xx/429, refused: the API rejected the query).',
      labelNames: ['result'],
      registers,
    }),
    duration: new Histogram({
      name: 'leaksleuth_datasource_query_duration_seconds',
      help: 'Time from sending a query to the datasource to its decoded answer.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}

/** instrumented counts and times every query of `client`. */
export function instrumented(client: DatasourceClient, m: DatasourceMetrics, now: () => number = () => performance.now()): DatasourceClient {
  return {
    query: async (expr, at, signal) => {
      const started = now();
      try {
        const a = await client.query(expr, at, signal);
        m.queries.inc({ result: 'success' });
        return a;
      } catch (err) {
        m.queries.inc({ result: DaemonError.is(err) && err.code === 'DATASOURCE_QUERY' ? 'refused' : 'unavailable' });
        throw err;
      } finally {
        m.duration.observe((now() - started) / 1000);
      }
    },
  };
}
