/**
 * self-metrics: the daemon-level metrics that belong to no single stage (config reloads, store
 * size, errors by code), on an injected registry.
 */
import { Counter, Gauge, collectDefaultMetrics, type Registry } from 'prom-client';
import type { StoreStats } from '../store/store.js';

/** DaemonMetrics are updated by the composition root. */
export interface DaemonMetrics {
  readonly reloadSuccessful: Gauge;
  readonly reloadSuccessTime: Gauge;
  readonly reloads: Counter<'result'>;
  readonly errors: Counter<'code'>;
  readonly snapshots: Counter<'result'>;
  readonly snapshotBytes: Gauge;
}

/** UNCHECKABLE_DEFAULTS are prom-client defaults dropped so /metrics passes promtool check metrics. */
export const UNCHECKABLE_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'] as const;

/**
 * createDaemonMetrics registers process metrics (prom-client defaults) and the daemon's own, with
 * store gauges read from `stats` at scrape time so they are never stale.
 */
export function createDaemonMetrics(registry: Registry, stats: () => StoreStats): DaemonMetrics {
  collectDefaultMetrics({ register: registry });
  // prom-client exports these three counts as gauges named *_total, which `promtool check metrics`
  // rejects ("non-counter metrics should not have _total suffix"). The same counts stay available,
  // split by type, as nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
  for (const name of UNCHECKABLE_DEFAULTS) registry.removeSingleMetric(name);
  const registers = [registry];
  new Gauge({ name: 'leaksleuth_store_series', help: 'Series held in the store.', registers, collect() { this.set(stats().series); } });
  new Gauge({ name: 'leaksleuth_store_samples', help: 'Samples held in the store (raw and rolled up).', registers, collect() { this.set(stats().samples); } });
  new Gauge({ name: 'leaksleuth_store_bytes', help: 'Bytes the store accounts for (chunks and index).', registers, collect() { this.set(stats().bytes); } });
  return {
    reloadSuccessful: new Gauge({ name: 'leaksleuth_config_last_reload_successful', help: 'Whether the last configuration reload attempt was successful.', registers }),
    reloadSuccessTime: new Gauge({ name: 'leaksleuth_config_last_reload_success_timestamp_seconds', help: 'Timestamp of the last successful configuration reload.', registers }),
    reloads: new Counter({ name: 'leaksleuth_config_reloads_total', help: 'Configuration reloads by result (success, failure).', labelNames: ['result'], registers }),
    errors: new Counter({ name: 'leaksleuth_errors_total', help: 'Errors reported by the daemon, by stable error code.', labelNames: ['code'], registers }),
    snapshots: new Counter({ name: 'leaksleuth_store_snapshots_total', help: 'Store snapshots written, by result.', labelNames: ['result'], registers }),
    snapshotBytes: new Gauge({ name: 'leaksleuth_store_last_snapshot_bytes', help: 'Size of the last store snapshot written.', registers }),
  };
}
