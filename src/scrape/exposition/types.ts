/**
 * types: what the exposition parser hands to the rest of the scrape stage. Samples are flat (a
 * histogram is its `_bucket`/`_sum`/`_count` series), as Prometheus itself stores them.
 */
import type { Labels } from '../../model/labels.js';

/** ExpositionFormat names the two wire formats a target may answer with. */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

/** MetricType is every family type either format can declare (`untyped` is text-only, the rest OpenMetrics). */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'untyped'
  | 'unknown'
  | 'info'
  | 'stateset'
  | 'gaugehistogram';

/** FamilyMeta is what the `# TYPE`, `# HELP` and `# UNIT` lines said about one family. */
export interface FamilyMeta {
  type: MetricType;
  help?: string;
  unit?: string;
}

/** ParsedSample is one sample line; `labels` includes `__name__`, `timestampMs` is absent when the line had none. */
export interface ParsedSample {
  labels: Labels;
  value: number;
  timestampMs?: number;
}

/** ParseResult is a whole payload: samples in input order, families keyed by the name in their metadata lines. */
export interface ParseResult {
  samples: ParsedSample[];
  families: Map<string, FamilyMeta>;
}

/** MetaKind says which metadata line a `meta` callback came from. */
export type MetaKind = 'help' | 'type' | 'unit';

/**
 * SeriesView is the scanner's window onto the sample line it is reporting. It is only valid during
 * the `sample` callback: it lets a hot loop intern by the raw text and build Labels only when new.
 */
export interface SeriesView {
  /** seriesText is the raw input from the metric name through the closing brace (or the name alone). */
  seriesText(): string;
  /** seriesEquals tells whether the raw series text equals `s`, without making a string. */
  seriesEquals(s: string): boolean;
  /** metricName is the sample's metric name. */
  metricName(): string;
  /** labels builds the label set (with `__name__`), unescaping values. */
  labels(): Record<string, string>;
  /** fail throws an EXPOSITION_PARSE error located at the start of this sample line. */
  fail(message: string): never;
}

/** ExpositionSink receives the scanner's output in input order. */
export interface ExpositionSink {
  /** sample is called once per sample line. */
  sample(view: SeriesView, value: number, timestampMs: number | undefined): void;
  /** meta is called once per HELP/TYPE/UNIT line with the unescaped text. */
  meta(family: string, kind: MetaKind, text: string): void;
}
