/**
 * options: what a MemoryStore keeps and for how long. Validated once here (parse at the edge), then
 * trusted by the store.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import type { Labels } from '../model/labels.js';

/** RollupTierOptions describes one downsampled tier: bucket width and how long buckets are kept. */
export interface RollupTierOptions {
  readonly intervalMs: number;
  readonly retentionMs: number;
}

/** StoreOptions configures a MemoryStore; every field has a default. */
export interface StoreOptions {
  /** rawRetentionMs keeps raw samples this long before they move into rollups (default 3h). */
  readonly rawRetentionMs?: number;
  /** rollupIntervals are the downsampled tiers, finest first (default historyTiers(14d): 5m for 24h, 1h for 14d). */
  readonly rollupIntervals?: readonly RollupTierOptions[];
  /** staleAfterMs drops a series with no sample for this long (default raw retention + 15m). */
  readonly staleAfterMs?: number;
  /** maxSeries caps the number of series; a new series beyond it is rejected (default 1,000,000). */
  readonly maxSeries?: number;
  /** retain filters series at creation: false means the series is not stored (default: keep all). */
  readonly retain?: (labels: Labels) => boolean;
  /** samplesPerChunk closes a compressed chunk after this many samples (default 120). */
  readonly samplesPerChunk?: number;
}

/** ResolvedStoreOptions are StoreOptions with defaults applied and values checked. */
export interface ResolvedStoreOptions {
  readonly rawRetentionMs: number;
  readonly rollupIntervals: readonly RollupTierOptions[];
  readonly staleAfterMs: number;
  readonly maxSeries: number;
  readonly retain: ((labels: Labels) => boolean) | undefined;
  readonly samplesPerChunk: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * historyTiers are the downsampled tiers for `storage.history_retention`: 5m buckets for the first
 * day, then 1h buckets for the rest. A bucket keeps five columns (min, max, sum, count, last), so
 * it costs about what five raw samples cost: 1m buckets over 15 s scrapes saved nothing over raw
 * data (measured: 179 MiB at 12 h for 20k series, bench/footprint.bench.mjs history). Leak trends
 * over hours and days need no finer grain, and the diagnosis' default 6 h window reads raw samples
 * for the last 3 h (the raw window) and 5m buckets before.
 */
export function historyTiers(historyMs: number): readonly RollupTierOptions[] {
  const day = 24 * HOUR;
  const tiers: RollupTierOptions[] = [];
  if (historyMs >= 5 * MINUTE) tiers.push(Object.freeze({ intervalMs: 5 * MINUTE, retentionMs: Math.min(historyMs, day) }));
  if (historyMs > day) tiers.push(Object.freeze({ intervalMs: HOUR, retentionMs: historyMs }));
  return Object.freeze(tiers);
}

/** DEFAULT_ROLLUPS are the tiers of the default history_retention, 14 days. */
export const DEFAULT_ROLLUPS: readonly RollupTierOptions[] = historyTiers(14 * 24 * HOUR);

function positiveInt(name: string, v: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(v) || v <= 0 || v > max) {
    throw new DaemonError(ErrorCode.CONFIG_INVALID, `store: ${name} must be a positive integer up to ${max}, got ${v}`);
  }
  return v;
}

/** resolveStoreOptions applies defaults and throws CONFIG_INVALID on nonsense values. */
export function resolveStoreOptions(o: StoreOptions = {}): ResolvedStoreOptions {
  const rawRetentionMs = positiveInt('rawRetentionMs', o.rawRetentionMs ?? 3 * HOUR);
  const tiers = (o.rollupIntervals ?? DEFAULT_ROLLUPS).map((t, i) => {
    const intervalMs = positiveInt(`rollupIntervals[${i}].intervalMs`, t.intervalMs);
    const retentionMs = positiveInt(`rollupIntervals[${i}].retentionMs`, t.retentionMs);
    if (retentionMs < intervalMs) {
      throw new DaemonError(ErrorCode.CONFIG_INVALID, `store: rollupIntervals[${i}] keeps less than one bucket`);
    }
    return Object.freeze({ intervalMs, retentionMs });
  });
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.intervalMs <= tiers[i - 1]!.intervalMs) {
      throw new DaemonError(ErrorCode.CONFIG_INVALID, 'store: rollupIntervals must be listed finest first, widths strictly growing');
    }
  }
  if (tiers.length > 8) throw new DaemonError(ErrorCode.CONFIG_INVALID, 'store: at most 8 rollup tiers');
  return Object.freeze({
    rawRetentionMs,
    rollupIntervals: Object.freeze(tiers),
    staleAfterMs: positiveInt('staleAfterMs', o.staleAfterMs ?? rawRetentionMs + 15 * MINUTE),
    maxSeries: positiveInt('maxSeries', o.maxSeries ?? 1_000_000),
    retain: o.retain,
    samplesPerChunk: positiveInt('samplesPerChunk', o.samplesPerChunk ?? 120, 4096),
  });
}

/**
 * retainMetrics builds a `retain` filter from the metric names rules and detectors reference, plus
 * name prefixes (e.g. `go_memstats_`) for detectors that read a family.
 */
export function retainMetrics(names: Iterable<string>, prefixes: readonly string[] = []): (labels: Labels) => boolean {
  const set = new Set(names);
  return (labels) => {
    const name = labels['__name__'] ?? '';
    if (set.has(name)) return true;
    for (const p of prefixes) if (name.startsWith(p)) return true;
    return false;
  };
}
