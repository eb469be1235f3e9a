/**
 * chart types: the plain data a chart is drawn from — named series of (t, v) points, an optional
 * fitted line and an optional limit. Kept free of rendering so it can sit in the durable outbox.
 */

/** ChartPoint is one value at one time (ms since epoch). */
export interface ChartPoint {
  readonly t: number;
  readonly v: number;
}

/** ChartSeries is one named line. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

/** ChartInput is everything needed to draw one chart. */
export interface ChartInput {
  readonly title: string;
  /** unit decides tick formatting: bytes get KiB/MiB/GiB, count stays plain. */
  readonly unit: 'bytes' | 'count' | 'seconds' | 'ratio';
  readonly series: readonly ChartSeries[];
  /** fit is a straight line (e.g. Theil–Sen) drawn dashed, possibly projected past the data. */
  readonly fit?: { readonly name: string; readonly from: ChartPoint; readonly to: ChartPoint };
  /** limit is a horizontal line such as the cgroup memory limit. */
  readonly limit?: { readonly name: string; readonly value: number };
}
