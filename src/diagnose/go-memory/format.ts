/**
 * format: shared wording for findings: byte and duration formatting, confidence, projection.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import { TREND_ALPHA, type Trend } from '../stats/trend.js';
import type { Context } from './context.js';
import { bucketMin, type Points } from '../stats/floor.js';
import { median } from '../stats/theil-sen.js';

/** MiB is 2^20 bytes. */
export const MiB = 1024 * 1024;

/** bytes renders a byte count the way humans read dashboards (1.5 GiB, 20 MiB, 512 KiB). */
export function bytes(n: number): string {
  const a = Math.abs(n);
  if (a >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(2)} GiB`;
  if (a >= 10 * MiB) return `${(n / MiB).toFixed(0)} MiB`;
  if (a >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (a >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n.toFixed(0)} B`;
}

/** duration renders seconds as `3h20m` / `12m` / `45s`. */
export function duration(sec: number): string {
  if (!Number.isFinite(sec)) return 'never';
  if (sec >= 86_400) return `${(sec / 86_400).toFixed(1)}d`;
  if (sec >= 3600) return `${Math.floor(sec / 3600)}h${Math.round((sec % 3600) / 60)}m`;
  if (sec >= 60) return `${Math.round(sec / 60)}m`;
  return `${Math.round(sec)}s`;
}

/** ev builds one evidence entry. */
export function ev(name: string, value: number, unit: string, source: string): Evidence {
  return { name, value: Number.isFinite(value) ? value : 0, unit, source };
}

/** trendEvidence lists a trend's slope, p-value, rise and point count under one prefix. */
export function trendEvidence(prefix: string, t: Trend, unit: string, source: string): Evidence[] {
  return [
    ev(`${prefix}_slope`, t.slopePerHour, `${unit}/h`, `Theil–Sen over bucket minima of ${source}`),
    ev(`${prefix}_trend_p`, t.p, 'p-value', `Mann–Kendall (Hamed–Rao) over bucket minima of ${source}`),
    ev(`${prefix}_rise`, t.rise, unit, `robust line, first to last bucket of ${source}`),
    ev(`${prefix}_floor_first`, t.floorFirst, unit, `median of the first three bucket minima of ${source}`),
    ev(`${prefix}_floor_last`, t.floorLast, unit, `median of the last three bucket minima of ${source}`),
    ev(`${prefix}_points`, t.n, 'count', `bucket minima of ${source}`),
    ...changeEvidence(prefix, t, source),
  ];
}

/**
 * leakConfidence grows with significance (p below the 1 % level) and with effect size (slope over the
 * gate); missing inputs take some off. It stays in [0.5, 0.98] for findings that passed the gates.
 */
export function leakConfidence(t: Trend, gate: number, missing: number): number {
  const sig = Math.min(1, Math.log10(TREND_ALPHA / Math.max(t.p, 1e-12)) / 3);
  const size = Math.min(1, Math.max(0, t.slopePerHour / gate - 1) / 4);
  return clamp(0.55 + 0.22 * sig + 0.21 * size - 0.05 * missing, 0.5, 0.98);
}

/** clamp bounds x to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** projection says when memory reaches the limit at `slopePerHour`, from the newest usage value. */
export function projection(ctx: Context, current: number | undefined, slopePerHour: number): Finding['projection'] {
  if (ctx.limitBytes === undefined) return undefined;
  if (current === undefined || slopePerHour <= 0) return { limitBytes: ctx.limitBytes, secondsToLimit: null };
  return { limitBytes: ctx.limitBytes, secondsToLimit: Math.max(0, ((ctx.limitBytes - current) / slopePerHour) * 3600) };
}

/**
 * currentUsage is the memory that counts against the limit and cannot simply be reclaimed: the working
 * set (usage − inactive file), else RSS, else raw usage. Raw usage includes page cache, which the
 * kernel drops at the limit, so projecting from it would say "limit reached" when it is not.
 */
export function currentUsage(ctx: Context): number | undefined {
  const u = ctx.points('container_memory_working_set_bytes') ?? ctx.points('process_resident_memory_bytes') ?? ctx.points('container_memory_usage_bytes');
  return u ? u.v[u.v.length - 1] : undefined;
}

/** windowOf is the analysed range of a context. */
export function windowOf(ctx: Context): Finding['window'] {
  return { start: ctx.start, end: ctx.end };
}

/** clock renders a time as HH:MM UTC (explanations quote when a change began). */
export function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/**
 * floorRise says how a floor moved in observed values (medians of the first and last bucket minima of
 * the fitted range, never the ends of a fitted line, which can sit below zero), and, when a change point
 * split the window, since when it has been rising and how flat it was before.
 */
export function floorRise(t: Trend, fmt: (x: number) => string): string {
  const since = t.changeAt !== undefined
    ? ` since ${clock(t.changeAt)}, when it turned upwards after a steady run (${fmt(t.preSlopePerHour ?? 0)}/h before, never above ${fmt(t.preMax ?? t.floorFirst)})`
    : ` over ${duration(t.spanMs / 1000)}`;
  return `went from ${fmt(t.floorFirst)} to ${fmt(t.floorLast)}${since}`;
}

/** changeEvidence records the change point a trend was fitted after, if any. */
export function changeEvidence(prefix: string, t: Trend, source: string): Evidence[] {
  if (t.changeAt === undefined) return [];
  return [
    ev(`${prefix}_change_point`, t.changeAt / 1000, 'unix seconds', `two-segment fit (BIC) over bucket minima of ${source}`),
    ev(`${prefix}_slope_before_change`, t.preSlopePerHour ?? 0, 'per hour', `Theil–Sen over bucket minima of ${source} before the change point`),
  ];
}

/**
 * observedFloors are the observed floor values (medians of the first and last three bucket minima) of
 * another series over the same range as trend `t` (after its change point, if it has one), so a
 * derived series' rise can be told in the series it is computed from.
 */
export function observedFloors(ctx: Context, p: Points | undefined, t: Trend): { first: number; last: number } | undefined {
  if (!p) return undefined;
  const from = t.changeAt ?? ctx.start;
  const f = bucketMin(p.t, p.v, from, ctx.bucketMs);
  if (!f.v.length) return undefined;
  const k = Math.min(3, f.v.length);
  return { first: median(f.v.slice(0, k)), last: median(f.v.slice(f.v.length - k)) };
}

/** pValue renders a p-value; below what the normal approximation resolves it says so instead of p=0. */
export function pValue(p: number): string {
  return p < 1e-12 ? 'p<1e-12' : `p=${p.toExponential(1)}`;
}
