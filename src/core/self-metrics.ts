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
  // stats() walks every series; the three gauges below share one walk per scrape of /metrics.
  let memo: { at: number; s: StoreStats } | undefined;
  const statsOnce = (): StoreStats => {
    const now = Date.now();
    if (memo === undefined || now - memo.at > 1000) memo = { at: now, s: stats() };
    return memo.s;
  };
  new Gauge({ name: 'leaksleuth_store_series', help: 'Series held in the store.', registers, collect() { this.set(statsOnce().series); } });
  new Gauge({ name: 'leaksleuth_store_samples', help: 'Samples held in the store (raw and rolled up).', registers, collect() { this.set(statsOnce().samples); } });
  new Gauge({ name: 'leaksleuth_store_bytes', help: 'Bytes the store accounts for (chunks and index).', registers, collect() { this.set(statsOnce().bytes); } });
  return {
    reloadSuccessful: new Gauge({ name: 'leaksleuth_config_last_reload_successful', help: 'Whether the last configuration reload attempt was successful.', registers }),
    reloadSuccessTime: new Gauge({ name: 'leaksleuth_config_last_reload_success_timestamp_seconds', help: 'Timestamp of the last successful configuration reload.', registers }),
    reloads: new Counter({ name: 'leaksleuth_config_reloads_total', help: 'Configuration reloads by result (success, failure).', labelNames: ['result'], registers }),
    errors: new Counter({ name: 'leaksleuth_errors_total', help: 'Errors reported by the daemon, by stable error code.', labelNames: ['code'], registers }),
    snapshots: new Counter({ name: 'leaksleuth_store_snapshots_total', help: 'Store snapshots written, by result.', labelNames: ['result'], registers }),
    snapshotBytes: new Gauge({ name: 'leaksleuth_store_last_snapshot_bytes', help: 'Size of the last store snapshot written.', registers }),
  };
}

/** MemoryLimitSources are what the memory-bound metrics read at scrape time. */
export interface MemoryLimitSources {
  readonly refusals: () => { maxSeries: number; memoryBudget: number };
  readonly budget: () => number;
  readonly exceeded: () => boolean;
}

/**
 * createMemoryLimitMetrics registers the metrics that tell monitoring the daemon is refusing data to
 * protect itself: new series refused by `max_series` or by the memory budget, the budget in force
 * and whether it is exceeded now.
 */
export function createMemoryLimitMetrics(registry: Registry, src: MemoryLimitSources): void {
  const registers = [registry];
  new Counter({
    name: 'leaksleuth_store_refused_series_samples_total',
    help: 'Samples of new series the store refused, by reason (max_series, memory_budget).',
    labelNames: ['reason'],
    registers,
    collect() {
      const r = src.refusals();
      this.reset();
      this.inc({ reason: 'max_series' }, r.maxSeries);
      this.inc({ reason: 'memory_budget' }, r.memoryBudget);
    },
  });
  new Gauge({ name: 'leaksleuth_memory_budget_bytes', help: 'Resident memory past which new series are refused (0: no budget).', registers, collect() { this.set(src.budget()); } });
  new Gauge({ name: 'leaksleuth_memory_budget_exceeded', help: '1 while resident memory is over the budget and new series are refused.', registers, collect() { this.set(src.exceeded() ? 1 : 0); } });
}
