/**
 * runtime-retention: NOT a leak. The Go runtime keeps freed memory: (a) free heap spans not yet
 * scavenged after a spike (heap_idle − heap_released), or (b) pages it did release with MADV_FREE
 * (Go 1.12–1.15, or GODEBUG=madvdontneed=0) that stay in RSS until the kernel needs them.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { bytes, clamp, ev, MiB, windowOf } from './format.js';
import { goCommitted, idleKept, lastOf, maxOf, medianOf } from './signals.js';
import { madvFreeDefault } from './version.js';
import { combine } from './context.js';
import { increase } from '../stats/segments.js';

// The scavenger's goal is to retain about 10 % over the heap goal (retainExtraPercent): in-use plus
// free-but-kept pages up to 1.1 × next_gc are the normal sawtooth's working room. Anything retained
// beyond that by more than 16 MiB (above allocator noise) and a quarter of the goal is held after a spike.
const MIN_KEPT = 16 * MiB;
const RETAIN_EXTRA = 1.1;

/** detectRuntimeRetention reports retained free memory after spikes or under MADV_FREE. */
export function detectRuntimeRetention(ctx: Context): Finding[] {
  const goal = ctx.points('go_memstats_next_gc_bytes') ?? ctx.points('go_gc_heap_goal_bytes');
  const goalMed = medianOf(goal);
  const kept = idleKept(ctx);
  const keptMax = maxOf(kept);
  const released = ctx.points('go_memstats_heap_released_bytes');
  const lazy = ctx.points('process_lazyfree_bytes');
  const lazyMax = maxOf(lazy);
  const rss = ctx.points('process_rss_anon_bytes') ?? ctx.points('process_resident_memory_bytes');
  const committed = goCommitted(ctx);
  // resident beyond what the runtime holds, compared with what it released: MADV_FREE without LazyFree
  const residentReleased = combine(combine(rss, committed, (a, c) => a - c), released, (x, r) => Math.min(Math.max(0, x), r));
  const resRelMax = lazy ? 0 : maxOf(residentReleased);
  const inuse = ctx.points('go_memstats_heap_inuse_bytes');
  const retained = combine(combine(inuse, kept, (i, k) => i + k), goal, (r, n) => r - RETAIN_EXTRA * n);
  // the second largest excess: one scrape caught between a GC and its scavenger update is not retention
  const excess = retained ? [...retained.v].sort((a, b) => b - a)[1] ?? 0 : 0;
  const idleCase = Number.isFinite(goalMed) && excess >= Math.max(MIN_KEPT, 0.25 * goalMed);
  // cgroup v2 counts lazily freed pages in memory.stat pglazyfree (pages, 4 KiB on the platforms Go
  // containers run on); a rise there is MADV_FREE at work even without /proc access
  const pglazy = ctx.points('cgroup_memory_stat', { field: 'pglazyfree' });
  const pglazyBytes = pglazy && pglazy.v.length > 1 ? (increase(pglazy.v) * 4096) : 0;
  const lazyCase = lazyMax >= MIN_KEPT || (pglazyBytes >= MIN_KEPT && maxOf(released) >= MIN_KEPT);
  const madvGuess = !lazy && resRelMax >= 2 * MIN_KEPT;
  if (!idleCase && !lazyCase && !madvGuess) return [];
  const evidence = [];
  if (kept) evidence.push(ev('idle_not_released_max', keptMax, 'bytes', 'max of go_memstats_heap_idle_bytes − go_memstats_heap_released_bytes'));
  if (retained) evidence.push(ev('retained_over_goal', excess, 'bytes', 'heap_inuse + heap_idle − heap_released − 1.1 × next_gc (2nd largest)'));
  if (Number.isFinite(goalMed)) evidence.push(ev('heap_goal_median', goalMed, 'bytes', 'go_memstats_next_gc_bytes'));
  const relMax = maxOf(released);
  if (released) evidence.push(ev('heap_released_max', relMax, 'bytes', 'max of go_memstats_heap_released_bytes'));
  if (lazy) evidence.push(ev('lazyfree_max', lazyMax, 'bytes', 'process_lazyfree_bytes (smaps_rollup LazyFree)'));
  if (pglazyBytes > 0) evidence.push(ev('pglazyfree_increase', pglazyBytes, 'bytes', 'increase of cgroup_memory_stat{field="pglazyfree"} × 4 KiB'));
  if (madvGuess) evidence.push(ev('resident_but_released_max', resRelMax, 'bytes', 'min(RSS − (sys − released), released)'));
  const rssNow = lastOf(rss);
  if (rssNow !== undefined) evidence.push(ev('rss_now', rssNow, 'bytes', ctx.points('process_rss_anon_bytes') ? 'process_rss_anon_bytes' : 'process_resident_memory_bytes'));
  const heapTypical = medianOf(ctx.points('go_memstats_heap_alloc_bytes'));
  const parts: string[] = [];
  const recs: string[] = [];
  if (lazyCase || madvGuess) {
    const amount = lazyCase ? Math.max(lazyMax, pglazyBytes) : resRelMax;
    parts.push(
      `The runtime released up to ${bytes(Math.max(relMax, amount))} to the OS, but ${bytes(amount)} of it is still counted in RSS ` +
        `because it was released with MADV_FREE: the kernel takes those pages back only under memory pressure` +
        (lazyCase ? ' (LazyFree in smaps_rollup).' : '.'),
    );
    recs.push(
      madvFreeDefault(ctx.goVersion)
        ? `This binary is ${ctx.goVersionText}: Go 1.12–1.15 use MADV_FREE by default. Set \`GODEBUG=madvdontneed=1\` or upgrade to Go ≥ 1.16.`
        : 'Remove `GODEBUG=madvdontneed=0` (Go ≥ 1.16 uses MADV_DONTNEED by default), or set `GODEBUG=madvdontneed=1`.',
      'Judge memory by container_memory_working_set_bytes (MADV_FREE pages sit on the inactive file LRU and are subtracted there) or by go_memstats_heap_inuse_bytes, not by RSS.',
    );
  }
  if (idleCase) {
    parts.push(
      `After a spike the heap kept up to ${bytes(keptMax)} of free spans (heap_idle − heap_released), ${bytes(excess)} more than the runtime's ` +
        `normal working room of 1.1 × the heap goal (typically ${bytes(goalMed)}); ` +
        `the scavenger returns it gradually, it is not live data.`,
    );
    recs.push(
      'Smooth the spike (stream large payloads instead of decoding them whole, bound batch sizes) if the peak matters.',
      'Set GOMEMLIMIT under the container limit: the runtime then returns memory eagerly when it approaches it; debug.FreeOSMemory() forces a return (costly, debugging only).',
    );
  }
  const conf = clamp((lazyCase ? 0.88 : madvGuess ? 0.72 : 0.7) - (ctx.missing.length ? 0.05 : 0), 0.5, 0.95);
  return [
    {
      verdict: 'runtime_retention',
      confidence: conf,
      window: windowOf(ctx),
      evidence,
      explanation: parts.join(' ') + (Number.isFinite(heapTypical) ? ` Heap objects are typically ${bytes(heapTypical)}. This is not a leak.` : ' This is not a leak.'),
      recommendations: recs,
      ...(ctx.missing.length ? { missing: ctx.missing } : {}),
    },
  ];
}

/** runtimeRetention is the registered runtime_retention detector. */
export const runtimeRetention: Detector = { name: 'runtime_retention', detect: detectRuntimeRetention };
