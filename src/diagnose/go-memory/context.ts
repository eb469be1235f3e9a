/**
 * context: prepares what every detector needs once: the current process segment (restarts, warm-up),
 * the memory limit, the GC cadence, bucket width for floors, the Go version, and floor/trend helpers.
 */
import { bucketMin, finite, medianInterval, type Points } from '../stats/floor.js';
import { currentSegment, increase, type Segment } from '../stats/segments.js';
import { lineTrend, trend, type Trend } from '../stats/trend.js';
import type { DiagnoseOptions, SeriesWindow, WindowSeries } from '../types.js';
import { lastValue, one } from '../window.js';
import { parseGoVersion, type GoVersion } from './version.js';

// limits at or above 2^62 are the kernel's "unlimited" (v1 reports PAGE_COUNTER_MAX in bytes)
const UNLIMITED = 2 ** 62;
const MIN = 60_000;

/** Context is the shared, read-only analysis state for one window. */
export interface Context {
  readonly window: SeriesWindow;
  readonly opts: Required<Omit<DiagnoseOptions, 'limitBytes'>> & { limitBytes: number | undefined };
  readonly segment: Segment;
  /** start/end of the analysed range (after warm-up and restarts). */
  readonly start: number;
  readonly end: number;
  readonly limitBytes: number | undefined;
  readonly goVersion: GoVersion | null;
  readonly goVersionText: string | undefined;
  readonly gogc: number;
  /** gogcOff is true when go_gc_gogc_percent says GOGC=off (a negative value). */
  readonly gogcOff: boolean;
  /** gcPeriodMs is the mean time between GC cycles in the analysed range, when known. */
  readonly gcPeriodMs: number | undefined;
  readonly scrapeMs: number;
  /** bucketMs is the floor bucket width. */
  readonly bucketMs: number;
  readonly hasGo: boolean;
  readonly hasCgroup: boolean;
  readonly missing: string[];
  /** series returns a metric's first matching series, restricted to the analysed range. */
  points(name: string, match?: Record<string, string>): Points | undefined;
  /** floor returns bucket minima of points. */
  floor(p: Points | undefined): Points | undefined;
  /** trendOf is trend() on floors with the context's minimum point count. */
  trendOf(p: Points | undefined): Trend | undefined;
  /**
   * trendSince is the line trend (no change-point search) of p's floors from `from` on, floored at the
   * width that span calls for: a companion series read over the same segment as a primary trend.
   */
  trendSince(p: Points | undefined, from: number): Trend | undefined;
  /** gateBytesPerHour is the leak effect-size gate for this target. */
  readonly gateBytesPerHour: number;
}

function resolveOpts(o: DiagnoseOptions): Context['opts'] {
  return {
    warmupMs: o.warmupMs ?? 90_000,
    minSpanMs: o.minSpanMs ?? 5 * MIN,
    limitBytes: o.limitBytes,
    minGrowthPctPerHour: o.minGrowthPctPerHour ?? 2,
    minGrowthBytesPerHour: o.minGrowthBytesPerHour ?? 32 * 1024 * 1024,
  };
}

function limitOf(w: SeriesWindow, override: number | undefined): number | undefined {
  if (override !== undefined && override > 0) return override;
  const cands = [lastValue(one(w, 'cgroup_memory_effective_limit_bytes')), lastValue(one(w, 'container_spec_memory_limit_bytes'))];
  const ok = cands.filter((x): x is number => x !== undefined && x > 0 && x < UNLIMITED);
  return ok.length ? Math.min(...ok) : undefined;
}

/** buildContext prepares a window for the detectors; it never throws on missing or odd input. */
export function buildContext(w: SeriesWindow, options: DiagnoseOptions = {}): Context {
  const opts = resolveOpts(options);
  const missing: string[] = [];
  const segment = currentSegment(one(w, 'process_start_time_seconds'), w.start, opts.warmupMs);
  let start = Math.min(segment.analysisStart, w.end);
  let end = w.end;
  const prev = segment.previous;
  if (end - start < opts.minSpanMs && prev) {
    // the current run is too young: analyse the run before the restart instead (often the one the
    // OOM killer ended, which is the run worth explaining)
    const pStart = Math.max(prev.start, prev.processStart + opts.warmupMs);
    if (prev.end - pStart >= opts.minSpanMs) {
      start = pStart;
      end = prev.end;
      missing.push(`the process restarted ${Math.round((w.end - segment.start) / 1000)} s ago; analysed the previous run`);
    }
  }
  const info = (w.series.get('go_info') ?? [])[0];
  const goVersionText = info?.labels['version'];
  const goVersion = parseGoVersion(goVersionText);
  const gogcS = lastValue(one(w, 'go_gc_gogc_percent'));
  const gogc = gogcS !== undefined && gogcS > 0 ? gogcS : 100;
  const gogcOff = gogcS !== undefined && gogcS < 0;
  const heap = one(w, 'go_memstats_heap_alloc_bytes') ?? one(w, 'go_memstats_alloc_bytes');
  const hasGo = heap !== undefined;
  const hasCgroup = one(w, 'container_memory_usage_bytes') !== undefined;
  if (!hasGo) missing.push('go_memstats_heap_alloc_bytes (Go runtime metrics)');
  if (!hasCgroup) missing.push('container_memory_usage_bytes (cgroup series)');
  if (!goVersion) missing.push('go_info{version}');
  if (!one(w, 'process_rss_anon_bytes') && !one(w, 'container_memory_rss') && !one(w, 'cgroup_memory_stat') && !one(w, 'process_rss_file_bytes')) {
    missing.push('anonymous memory (process_rss_anon_bytes or container_memory_rss): off-heap growth is not judged from RSS alone');
  }
  const limitBytes = limitOf(w, opts.limitBytes);
  if (limitBytes === undefined) missing.push('memory limit (container_spec_memory_limit_bytes)');

  const clip = (s: WindowSeries | undefined): Points | undefined => {
    if (!s) return undefined;
    const p = finite(s.t, s.v, start, end);
    return p.t.length ? p : undefined;
  };
  const ref = heap ?? one(w, 'container_memory_usage_bytes');
  const scrapeMs = ref ? medianInterval(ref.t) : NaN;
  const gcCount = clip(one(w, 'go_gc_duration_seconds_count'));
  let gcPeriodMs: number | undefined;
  if (gcCount && gcCount.t.length > 1) {
    const cycles = increase(gcCount.v);
    const span = gcCount.t[gcCount.t.length - 1]! - gcCount.t[0]!;
    if (cycles > 0) gcPeriodMs = span / cycles;
  }
  // a bucket must hold several GC cycles (its minimum is then a post-GC floor) and six scrapes (they
  // alias with the GC cycle, so fewer rarely catch a trough),
  // but there must be enough buckets left to test a trend: aim for at least 12 over the span
  const sMs = Number.isFinite(scrapeMs) ? scrapeMs : 15_000;
  // and more than ~150 floors add cost (the tests are O(n²)) without adding power. The same rule sizes
  // the buckets of the segment after a change point (refineAfterChange), which is shorter than the range.
  const bucketWidth = (from: number, to: number): number => {
    const span = Math.max(0, to - from);
    const w = Math.max(3 * (gcPeriodMs ?? 0), 6 * sMs, 20_000, span / 150);
    return Math.min(w, Math.max(2 * sMs, span / 12), 15 * MIN);
  };
  const bucketMs = bucketWidth(start, end);
  const gateBytesPerHour =
    limitBytes !== undefined ? (opts.minGrowthPctPerHour / 100) * limitBytes : opts.minGrowthBytesPerHour;

  const ctx: Context = {
    window: w,
    opts,
    segment,
    start,
    end,
    limitBytes,
    goVersion,
    goVersionText,
    gogc,
    gogcOff,
    gcPeriodMs,
    scrapeMs: sMs,
    bucketMs,
    hasGo,
    hasCgroup,
    missing,
    gateBytesPerHour,
    points: (name, match) => clip(one(w, name, match ?? {})),
    floor: (p) => (p ? bucketMin(p.t, p.v, start, bucketMs) : undefined),
    trendOf: (p) => {
      const f = p ? bucketMin(p.t, p.v, start, bucketMs) : undefined;
      if (!p || !f) return undefined;
      // the segment after a change point is floored at the width its own span calls for
      return trend(f.t, f.v, 6, (from) => {
        const w = bucketWidth(from, end);
        const pre = bucketMin(p.t, p.v, start, w);
        const k = pre.t.findIndex((x) => x + w / 2 > from);
        return { post: bucketMin(p.t, p.v, from, w), pre: k < 0 ? pre : { t: pre.t.slice(0, k), v: pre.v.slice(0, k) } };
      });
    },
    trendSince: (p, from) => {
      if (!p) return undefined;
      const f = bucketMin(p.t, p.v, from, bucketWidth(from, end));
      return f.t.length ? lineTrend(f.t, f.v) : undefined;
    },
  };
  return ctx;
}

/** combine aligns two point sets on equal timestamps and applies f (samples of one scrape share a time). */
export function combine(a: Points | undefined, b: Points | undefined, f: (x: number, y: number) => number): Points | undefined {
  if (!a || !b) return undefined;
  const m = new Map<number, number>();
  for (let i = 0; i < b.t.length; i++) m.set(b.t[i]!, b.v[i]!);
  const out: Points = { t: [], v: [] };
  for (let i = 0; i < a.t.length; i++) {
    const y = m.get(a.t[i]!);
    if (y === undefined) continue;
    out.t.push(a.t[i]!);
    out.v.push(f(a.v[i]!, y));
  }
  return out.t.length ? out : undefined;
}

