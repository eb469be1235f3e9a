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
 * The inversion holds only while GOGC paces the GC: with GOGC=off, or a goal set by GOMEMLIMIT, the goal
 * says nothing about the live heap (goalNotPaced), and the floor of heap_alloc is used instead.
 */
export function liveHeap(ctx: Context): LiveHeap | undefined {
  const live = ctx.points('go_gc_heap_live_bytes');
  if (live) return { points: live, source: 'go_gc_heap_live_bytes' };
  const alloc = ctx.points('go_memstats_heap_alloc_bytes') ?? ctx.points('go_memstats_alloc_bytes');
  const fromGoal = goalLive(ctx);
  if (fromGoal && !goalNotPaced(ctx, fromGoal.points, alloc)) return fromGoal;
  return alloc ? { points: alloc, source: 'go_memstats_heap_alloc_bytes (floor)' } : undefined;
}

/** goalLive is the live heap read off the heap goal as if GOGC paced it. */
export function goalLive(ctx: Context): LiveHeap | undefined {
  const goal = ctx.points('go_memstats_next_gc_bytes') ?? ctx.points('go_gc_heap_goal_bytes');
  if (!goal) return undefined;
  const g = ctx.gogc / 100;
  const stacks = heapGoalIncludesRoots(ctx.goVersion) ? ctx.points('go_memstats_stack_inuse_bytes') : undefined;
  const est = stacks
    ? combine(goal, stacks, (n, s) => Math.max(0, (n - g * s) / (1 + g)))
    : { t: goal.t, v: goal.v.map((n) => n / (1 + g)) };
  return est ? { points: est, source: `(go_memstats_next_gc_bytes − ${g}×stack_inuse) / ${1 + g}` } : undefined;
}

/**
 * goalNotPaced tells that the heap goal is not GOGC's: heap_alloc counts every object the last GC
 * marked (they are not swept before the next cycle), so it never drops below the live heap. When it
 * is seen well below the live heap the goal implies (under 80 %, beyond globals and rounding) in at
 * least three scrapes, the goal was set by something else: GOGC=off, a GOGC other than the one
 * assumed, or GOMEMLIMIT. go_gc_gogc_percent < 0 says so directly.
 */
export function goalNotPaced(ctx: Context, goalLivePoints: Points | undefined, alloc: Points | undefined): boolean {
  if (ctx.gogcOff) return true;
  const below = combine(alloc, goalLivePoints, (a, l) => (a < 0.8 * l ? 1 : 0));
  return below !== undefined && below.v.reduce((x, y) => x + y, 0) >= 3;
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
 * anonResident is the process's anonymous resident memory and where it came from. Only anonymous
 * pages can be off-heap use: file-backed resident pages (RssFile: the binary, mmap'd files) are page
 * cache the kernel reclaims, and process_resident_memory_bytes counts them. Preferred: RssAnon from
 * /proc; else the cgroup's anonymous memory (v1 total_rss, v2 anon), which is the process's when the
 * cgroup holds one; only then RSS, with file pages taken out (RssFile or the cgroup's mapped_file).
 * RSS alone is not used: it cannot tell an mmap'd file read from off-heap growth.
 */
export function anonResident(ctx: Context): { points: Points; source: string } | undefined {
  const anon = ctx.points('process_rss_anon_bytes');
  if (anon) return { points: anon, source: 'process_rss_anon_bytes' };
  const cg =
    ctx.points('container_memory_rss') ??
    ctx.points('cgroup_memory_stat', { field: 'total_rss' }) ??
    ctx.points('cgroup_memory_stat', { field: 'anon' });
  if (cg) return { points: cg, source: ctx.points('container_memory_rss') ? 'container_memory_rss (cgroup anonymous memory)' : 'cgroup_memory_stat anonymous memory' };
  const rss = ctx.points('process_resident_memory_bytes');
  if (!rss) return undefined;
  const file = ctx.points('process_rss_file_bytes') ?? ctx.points('container_memory_mapped_file');
  const minus = file ? combine(rss, file, (r, f) => r - f) : undefined;
  if (minus) return { points: minus, source: `process_resident_memory_bytes − ${ctx.points('process_rss_file_bytes') ? 'process_rss_file_bytes' : 'container_memory_mapped_file'}` };
  // RSS alone cannot tell a file read through mmap (reclaimable) from off-heap use: no residual
  return undefined;
}

/**
 * offHeapResidual is anonymous resident memory − LazyFree − (sys − released). LazyFree (MADV_FREE'd
 * pages still counted in RSS) is runtime retention, not off-heap use.
 */
export function offHeapResidual(ctx: Context): Residual | undefined {
  const anon = anonResident(ctx);
  const committed = goCommitted(ctx);
  if (!anon || !committed) return undefined;
  const lazy = ctx.points('process_lazyfree_bytes');
  const base = lazy ? combine(anon.points, lazy, (a, l) => a - l) : anon.points;
  const res = combine(base, committed, (a, c) => a - c);
  if (!res) return undefined;
  const src = `${anon.source}${lazy ? ' − process_lazyfree_bytes' : ''} − (go_memstats_sys_bytes − go_memstats_heap_released_bytes)`;
  return { points: res, source: src, lazyFreeSubtracted: lazy !== undefined };
}

/**
 * shmem is the cgroup's shared memory (tmpfs and /dev/shm files, shared anonymous mappings). The
 * kernel charges it as cache, but without swap it cannot be reclaimed, so it is not page cache. Read
 * from memory.stat (v1 total_shmem, v2 shmem); without it, cache minus the file LRUs (shmem sits on
 * the anon LRU) is the same quantity.
 */
export function shmem(ctx: Context): { points: Points; source: string } | undefined {
  for (const field of ['total_shmem', 'shmem']) {
    const p = ctx.points('cgroup_memory_stat', { field });
    if (p) return { points: p, source: `cgroup_memory_stat{field="${field}"}` };
  }
  const cache = ctx.points('container_memory_cache');
  const act = ctx.points('cgroup_memory_stat', { field: 'total_active_file' }) ?? ctx.points('cgroup_memory_stat', { field: 'active_file' });
  const inact = ctx.points('cgroup_memory_stat', { field: 'total_inactive_file' }) ?? ctx.points('cgroup_memory_stat', { field: 'inactive_file' });
  const files = combine(act, inact, (a, i) => a + i);
  const est = combine(cache, files, (c, f) => Math.max(0, c - f));
  return est ? { points: est, source: 'container_memory_cache − (active_file + inactive_file)' } : undefined;
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
