/**
 * types: the diagnosis stage's inputs and the detector contract. A detector is a pure function of a
 * series window; it never reads the clock, the store or the network.
 */
import type { Finding } from '../model/finding.js';
import type { Labels } from '../model/labels.js';

/** WindowSeries is one series in a window: labels plus parallel, ascending t (ms) / v arrays. */
export interface WindowSeries {
  readonly labels: Labels;
  readonly t: readonly number[];
  readonly v: readonly number[];
}

/** SeriesWindow is a target's Go series plus its cgroup and /proc series over [start, end]. */
export interface SeriesWindow {
  /** target holds the identifying labels (job, instance). */
  readonly target: Labels;
  readonly start: number;
  readonly end: number;
  /** series maps a metric name to every series of that name. */
  readonly series: ReadonlyMap<string, readonly WindowSeries[]>;
}

/** DiagnoseOptions tune the analysis; every field has a documented default (docs/diagnosis.md). */
export interface DiagnoseOptions {
  /** warmupMs is skipped after a process start inside the window (default 90 s). */
  readonly warmupMs?: number;
  /** minSpanMs is the least analysable span after warm-up (default 5 min). */
  readonly minSpanMs?: number;
  /** limitBytes overrides the memory limit read from the cgroup series. */
  readonly limitBytes?: number;
  /** minGrowthPctPerHour is the leak gate relative to the limit (default 2 %/h). */
  readonly minGrowthPctPerHour?: number;
  /** minGrowthBytesPerHour is the leak gate when there is no limit (default 32 MiB/h). */
  readonly minGrowthBytesPerHour?: number;
}

/** Detector turns a prepared analysis context into findings. */
export interface Detector {
  readonly name: string;
  detect(ctx: import('./go-memory/context.js').Context): Finding[];
}
