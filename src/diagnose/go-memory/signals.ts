/**
 * signals: derived series the detectors share: the live-heap estimate, the off-heap residual, and
 * the runtime's free-but-kept memory.
 */
import type { Points } from '../stats/floor.js';
import { combine, type Context } from './context.js';
import { heapGoalIncludesRoots } from './version.js';

/** LiveHeap is the best available live-heap series and where it came from. */
export interface LiveHeap {
  readonly points: Points;
  readonly source: string;
}

/**
 * liveHeap prefers go_gc_heap_live_bytes (Go ≥ 1.21, opt-in); else inverts the heap goal: next_gc is
 * set once per GC to live + GOGC% × (live + roots), so live ≈ (next_gc − g·stacks) / (1 + g); else the
 * floor of heap_alloc. The goal is a step function updated at each GC, so it needs no GC-aligned scrapes.
 */
export function liveHeap(ctx: Context): LiveHeap | undefined {
  const live = ctx.points('go_gc_heap_live_bytes');
  if (live) return { points: live, source: 'go_gc_heap_live_bytes' };
  const goal = ctx.points('go_memstats_next_gc_bytes') ?? ctx.points('go_gc_heap_goal_bytes');
  if (goal) {
    const g = ctx.gogc / 100;
    const stacks = heapGoalIncludesRoots(ctx.goVersion) ? ctx.points('go_memstats_stack_inuse_bytes') : undefined;
    const est = stacks
      ? combine(goal, stacks, (n, s) => Math.max(0, (n - g * s) / (1 + g)))
      : { t: goal.t, v: goal.v.map((n) => n / (1 + g)) };
    if (est) return { points: est, source: `(go_memstats_next_gc_bytes − ${g}×stack_inuse) / ${1 + g}` };
  }
  const alloc = ctx.points('go_memstats_heap_alloc_bytes') ?? ctx.points('go_memstats_alloc_bytes');
  return alloc ? { points: alloc, source: 'go_memstats_heap_alloc_bytes (floor)' } : undefined;
}

/** goCommitted is sys − heap_released: memory the Go runtime holds and has not handed back. */
export function goCommitted(ctx: Context): Points | undefined {
  return combine(ctx.points('go_memstats_sys_bytes'), ctx.points('go_memstats_heap_released_bytes'), (s, r) => s - r);
}

/** Residual is the process memory the Go runtime does not account for. */
export interface Residual {
  readonly points: Points;
  readonly source: string;
  readonly lazyFreeSubtracted: boolean;
}

/**
 * offHeapResidual is (RssAnon or RSS) − LazyFree − (sys − released). RssAnon leaves out the binary's
 * file pages; LazyFree (MADV_FREE'd pages still counted in RSS) is runtime retention, not off-heap use.
 */
export function offHeapResidual(ctx: Context): Residual | undefined {
  const anon = ctx.points('process_rss_anon_bytes');
  const rss = anon ?? ctx.points('process_resident_memory_bytes');
  const committed = goCommitted(ctx);
  if (!rss || !committed) return undefined;
  const lazy = ctx.points('process_lazyfree_bytes');
  const base = lazy ? combine(rss, lazy, (a, l) => a - l) : rss;
  const res = combine(base, committed, (a, c) => a - c);
  if (!res) return undefined;
  const src = `${anon ? 'process_rss_anon_bytes' : 'process_resident_memory_bytes'}${lazy ? ' − process_lazyfree_bytes' : ''} − (go_memstats_sys_bytes − go_memstats_heap_released_bytes)`;
  return { points: res, source: src, lazyFreeSubtracted: lazy !== undefined };
}

/** idleKept is heap_idle − heap_released: free heap pages still backed by memory (runtime/metrics heap/free). */
export function idleKept(ctx: Context): Points | undefined {
  return combine(ctx.points('go_memstats_heap_idle_bytes'), ctx.points('go_memstats_heap_released_bytes'), (i, r) => i - r);
}

/** maxOf returns the largest value of a point set (or 0). */
export function maxOf(p: Points | undefined): number {
  return p && p.v.length ? Math.max(...p.v) : 0;
}

/** lastOf returns the newest value of a point set. */
export function lastOf(p: Points | undefined): number | undefined {
  return p && p.v.length ? p.v[p.v.length - 1] : undefined;
}

/** medianOf returns the median of a point set's values. */
export function medianOf(p: Points | undefined): number {
  if (!p || !p.v.length) return NaN;
  const s = [...p.v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
