/**
 * store: the series store interface. Scrape and cgroup sources append; the PromQL engine, the
 * detectors and the API read. This file holds only the interface (vmalert/Prometheus habit: one
 * short file per stage boundary); `memory.ts` implements it.
 */
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';

/** SeriesData is one selected series: parallel arrays of timestamps (ms, ascending) and values. */
export interface SeriesData {
  readonly labels: Labels;
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

/** Resolution selects raw samples or a downsampled rollup. */
export type Rollup = 'min' | 'max' | 'avg' | 'last';

/** SelectHints narrow a select; the store may return more than asked, never less. */
export interface SelectHints {
  /**
   * rollup asks for downsampled history where raw samples have been aged out. With no rollup only
   * raw samples are returned. The rolled-up value of a bucket is stamped at the bucket's end.
   */
  readonly rollup?: Rollup;
  /**
   * labelOrder asks for the series in Prometheus' label order (labels.Compare). Only a store whose
   * `sortsSelections` is true honours it; others return their own order.
   */
  readonly labelOrder?: boolean;
  /**
   * latest says only each series' newest sample in [mint, maxt] will be read (an instant selector
   * evaluated at one time); the store may return just that sample. Ignored with a rollup.
   */
  readonly latest?: boolean;
}

/** Appender receives samples; `v` may be STALE_NAN (model/sample.ts) to end a series. */
export interface Appender {
  append(labels: Labels, t: number, v: number): void;
}

/** StoreStats reports size for self-metrics and benchmarks. */
export interface StoreStats {
  readonly series: number;
  readonly samples: number;
  /** bytes is the store's own estimate of the memory its data holds. */
  readonly bytes: number;
}

/** SeriesStore is what every reader sees. Reads never block appends for long. */
export interface SeriesStore extends Appender {
  /** select returns every series matching all matchers with its samples in [mint, maxt]. */
  select(matchers: readonly Matcher[], mint: number, maxt: number, hints?: SelectHints): SeriesData[];
  /** sortsSelections says select returns label order when `hints.labelOrder` is set. */
  readonly sortsSelections?: boolean;
  /** labelSets lists matching series' labels that have samples in [mint, maxt] (for /api/v1/series). */
  labelSets(matchers: readonly Matcher[], mint: number, maxt: number): Labels[];
  labelNames(): string[];
  labelValues(name: string): string[];
  stats(): StoreStats;
}
