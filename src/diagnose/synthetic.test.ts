/**
 * Detector tests on synthetic windows built from the mechanisms (sawtooth between live and goal, a
 * rising floor, cache steps), plus robustness: odd or missing input never throws.
 */
import { describe, expect, it } from 'vitest';
import type { SeriesData } from '../store/store.js';
import { diagnose } from './diagnose.js';
import { exitCodeFor, renderText, toJson } from './report.js';
import { diagnosisSeries } from './series.js';
import { sparkline } from './sparkline.js';
import { windowFromSeries } from './window.js';

const MiB = 1024 * 1024;
const T0 = 1_700_000_000_000;
const STEP = 10_000;
const target = { job: 'svc', instance: '127.0.0.1:1' };

type Gen = (i: number, tMin: number) => number;
function window(minutes: number, gens: Record<string, Gen>) {
  const n = (minutes * 60_000) / STEP;
  const data: SeriesData[] = Object.entries(gens).map(([key, f]) => {
    const [name, field] = key.split('#');
    const t = Array.from({ length: n }, (_, i) => T0 + i * STEP);
    return { labels: { __name__: name!, ...target, ...(field ? { field } : {}) }, t, v: t.map((_, i) => f(i, (i * STEP) / 60_000)) };
  });
  return windowFromSeries(data, target, T0, T0 + (n - 1) * STEP);
}

// a heap whose live set is live(t): alloc saws from live to 2×live every 6 samples (GOGC=100)
function goHeap(live: (m: number) => number, extra: Record<string, Gen> = {}): Record<string, Gen> {
  return {
    go_memstats_heap_alloc_bytes: (i, m) => live(m) * (1 + (i % 6) / 6),
    go_memstats_next_gc_bytes: (_i, m) => 2 * live(m),
    go_memstats_heap_inuse_bytes: (i, m) => live(m) * (1.1 + (i % 6) / 6),
    go_memstats_heap_idle_bytes: () => 8 * MiB,
    go_memstats_heap_released_bytes: () => 6 * MiB,
    go_memstats_sys_bytes: (_i, m) => 3 * live(m) + 20 * MiB,
    go_memstats_stack_inuse_bytes: () => 512 * 1024,
    go_goroutines: (i) => 10 + (i % 3),
    go_gc_duration_seconds_count: (i) => Math.floor(i / 6),
    process_resident_memory_bytes: (_i, m) => 2.2 * live(m) + 10 * MiB,
    container_memory_usage_bytes: (_i, m) => 2.3 * live(m) + 12 * MiB,
    container_memory_cache: () => 2 * MiB,
    container_memory_rss: (_i, m) => 2.2 * live(m) + 10 * MiB,
    container_spec_memory_limit_bytes: () => 512 * MiB,
    ...extra,
  };
}

describe('synthetic windows', () => {
  it('a flat sawtooth is healthy', () => {
    const d = diagnose(window(30, goHeap(() => 20 * MiB)));
    expect(d.verdict).toBe('healthy');
    expect(exitCodeFor(d)).toBe(0);
  });
  it('a rising post-GC floor is a heap leak with a projection', () => {
    const d = diagnose(window(30, goHeap((m) => 20 * MiB + m * 2 * MiB)));
    expect(d.verdict).toBe('heap_leak');
    const f = d.findings[0]!;
    expect(f.projection?.limitBytes).toBe(512 * MiB);
    expect(f.projection?.secondsToLimit).toBeGreaterThan(0);
    expect(f.explanation).toMatch(/live Go heap/);
    expect(exitCodeFor(d)).toBe(2);
  });
  it('usage rising only by file cache is page_cache, never a leak', () => {
    const d = diagnose(
      window(30, goHeap(() => 20 * MiB, {
        container_memory_cache: (_i, m) => (m > 10 ? 200 * MiB : 2 * MiB),
        container_memory_usage_bytes: (_i, m) => 58 * MiB + (m > 10 ? 200 * MiB : 2 * MiB),
      })),
    );
    expect(d.verdict).toBe('page_cache');
    expect(d.findings.some((f) => f.verdict === 'heap_leak')).toBe(false);
  });
  it('goroutines that never exit are a goroutine leak', () => {
    const d = diagnose(window(30, goHeap(() => 20 * MiB, { go_goroutines: (i) => 10 + i * 2 + (i % 3) })));
    expect(d.verdict).toBe('goroutine_leak');
  });
  it('a short window is insufficient_data and says why', () => {
    const d = diagnose(window(3, goHeap(() => 20 * MiB)));
    expect(d.verdict).toBe('insufficient_data');
    expect(d.findings[0]!.missing!.join(' ')).toMatch(/need/);
  });
  it('garbage input never throws', () => {
    const w = window(20, { go_memstats_heap_alloc_bytes: () => NaN, container_memory_usage_bytes: (i) => (i % 2 ? Infinity : -1), process_start_time_seconds: () => NaN });
    expect(() => diagnose(w)).not.toThrow();
    expect(() => diagnose(windowFromSeries([], {}, T0, T0 + 3_600_000))).not.toThrow();
    expect(diagnose(windowFromSeries([], {}, T0, T0 + 3_600_000)).verdict).toBe('insufficient_data');
  });
  it('a restart inside the window restarts the analysis', () => {
    const w = window(30, goHeap((m) => 20 * MiB + (m % 15) * 3 * MiB, { process_start_time_seconds: (_i, m) => (m < 15 ? T0 / 1000 - 60 : T0 / 1000 + 900) }));
    const d = diagnose(w);
    expect(d.findings[0]!.window.start).toBeGreaterThanOrEqual(T0 + 15 * 60_000);
  });
});

describe('outputs', () => {
  const d = diagnose(window(30, goHeap((m) => 20 * MiB + m * 2 * MiB)));
  it('diagnosisSeries has one verdict sample per id and marks the primary', () => {
    const s = diagnosisSeries(d, target, T0);
    const verdicts = s.filter((x) => x.labels['__name__'] === 'leaksleuth_diagnosis_verdict');
    expect(verdicts).toHaveLength(8);
    const primary = verdicts.find((x) => x.labels['primary'] === 'true')!;
    expect(primary.labels['verdict']).toBe('heap_leak');
    expect(primary.value).toBe(d.confidence);
    expect(s.find((x) => x.labels['__name__'] === 'leaksleuth_diagnosis_growth_bytes_per_hour')!.value).toBeGreaterThan(100 * MiB);
    expect(s.find((x) => x.labels['__name__'] === 'leaksleuth_diagnosis_leak')!.value).toBe(1);
  });
  it('JSON form follows the documented schema', () => {
    const j = toJson(d);
    expect(j).toMatchObject({ schema: 1, verdict: 'heap_leak', leak: true, target: 'svc/127.0.0.1:1' });
    expect(j.findings[0]).toHaveProperty('projection.limitBytes', 512 * MiB);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
  it('the text report has a headline, sparklines and advice', () => {
    const txt = renderText(d, window(30, goHeap((m) => 20 * MiB + m * 2 * MiB)));
    expect(txt).toMatch(/^svc\/127\.0\.0\.1:1: heap_leak \(LEAK/);
    expect(txt).toMatch(/heap alloc\s+[▁▂▃▄▅▆▇█]+/);
    expect(txt).toMatch(/what to do:/);
  });
  it('sparkline scales to its range', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });
});

describe('a change after a long steady run (6 h window)', () => {
  // 6 h of a flat sawtooth with a little floor noise, then something starts at minute 340
  const noise = (i: number): number => ((i * 7919) % 13) * 0.05 * MiB;
  const ONSET = 340;
  it('a leak that starts late is flagged within 10 minutes, with the slope of the segment after the change', () => {
    const rate = 4 * MiB; // per minute, a quadrupled live heap within 15 minutes
    const w = window(ONSET + 10, goHeap((m) => 20 * MiB + Math.max(0, m - ONSET) * rate, { go_memstats_heap_alloc_bytes: (i, m) => (20 * MiB + Math.max(0, m - ONSET) * rate) * (1 + (i % 6) / 6) + noise(i) }));
    const d = diagnose(w);
    expect(d.verdict, d.findings[0]!.explanation).toBe('heap_leak');
    const slope = d.findings[0]!.evidence.find((e) => e.name === 'live_heap_slope')!.value;
    expect(slope).toBeGreaterThan(0.7 * rate * 60);
    expect(d.findings[0]!.evidence.some((e) => e.name === 'live_heap_change_point')).toBe(true);
    expect(d.findings[0]!.explanation).toMatch(/turned upwards after a steady run/);
  });
  it('a load wave (6 min period) that starts late is never a leak, at any prefix', () => {
    const wave = (m: number): number => 20 * MiB + (m > ONSET - 40 ? 25 * MiB * (1 - Math.cos((2 * Math.PI * (m - ONSET + 40)) / 6)) : 0);
    const full = window(ONSET + 20, goHeap(wave));
    for (let end = T0 + (ONSET - 40) * 60_000; end <= full.end; end += 60_000) {
      const d = diagnose({ ...full, end, series: new Map([...full.series].map(([k, l]) => [k, l.map((s) => ({ ...s, t: s.t.filter((t) => t <= end), v: s.v.filter((_, i) => s.t[i]! <= end) }))])) });
      expect(d.verdict === 'heap_leak', `${d.verdict} at minute ${(end - T0) / 60_000}`).toBe(false);
    }
  });
  it('a one-off step (a cache filled once) after hours is not a leak', () => {
    const step = (m: number): number => 20 * MiB + (m > ONSET ? Math.min(m - ONSET, 3) * 20 * MiB : 0);
    const d = diagnose(window(ONSET + 15, goHeap(step)));
    expect(d.verdict).not.toBe('heap_leak');
  });
});
