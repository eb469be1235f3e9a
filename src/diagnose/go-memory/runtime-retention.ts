/**
 * runtime-retention: NOT a leak. The Go runtime keeps freed memory: (a) free heap spans not yet
 * scavenged after a spike (heap_idle − heap_released), or (b) pages it did release with MADV_FREE
 * (Go 1.12–1.15, or GODEBUG=madvdontneed=0) that stay in RSS until the kernel needs them.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { bytes, clamp, ev, MiB, windowOf } from './format.js';
import { goalLive, goalNotPaced, goCommitted, idleKept, lastOf, maxOf, medianOf } from './signals.js';
import { bucketMin, type Points } from '../stats/floor.js';
import { madvFreeDefault } from './version.js';
import { combine } from './context.js';
import { increase } from '../stats/segments.js';

// The scavenger's goal is to retain about 10 % over the heap goal (retainExtraPercent): in-use plus
// free-but-kept pages up to 1.1 × next_gc are the normal sawtooth's working room. Anything retained
// beyond that by more than 16 MiB (above allocator noise) and a quarter of the goal is held after a spike.
const MIN_KEPT = 16 * MiB;
const RETAIN_EXTRA = 1.1;
// Demand that returned within this long still counts as current: the runtime forces a GC every 2
// minutes, so an idle heap's goal is recomputed at least that often.
const DEMAND_MS = 2 * 60_000;

/** runningMax is, at each point, the maximum over the preceding `widthMs` (inclusive). */
function runningMax(p: Points, widthMs: number): Points {
  const v: number[] = [];
  let a = 0;
  for (let i = 0; i < p.t.length; i++) {
    while (p.t[a]! < p.t[i]! - widthMs) a++;
    let m = -Infinity;
    for (let j = a; j <= i; j++) if (p.v[j]! > m) m = p.v[j]!;
    v.push(m);
  }
  return { t: p.t, v };
}

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
  // measured against the largest goal of the last few minutes: while demand goes on (sustained churn
  // of large buffers), free spans between GCs are the working room the next burst of requests reuses;
  // memory counts as retained only once the goal has stayed below it that long (the demand is gone)
  const recentGoal = goal ? runningMax(goal, Math.max(DEMAND_MS, 2 * (ctx.gcPeriodMs ?? 0))) : undefined;
  const retained = combine(combine(inuse, kept, (i, k) => i + k), recentGoal, (r, n) => r - RETAIN_EXTRA * n);
  // the second largest excess: one scrape caught between a GC and its scavenger update is not retention
  const excess = retained ? [...retained.v].sort((a, b) => b - a)[1] ?? 0 : 0;
  let idleCase = Number.isFinite(goalMed) && excess >= Math.max(MIN_KEPT, 0.25 * goalMed);
  // cgroup v2 counts lazily freed pages in memory.stat pglazyfree (pages, 4 KiB on the platforms Go
  // containers run on); a rise there is MADV_FREE at work even without /proc access
  const pglazy = ctx.points('cgroup_memory_stat', { field: 'pglazyfree' });
  const pglazyBytes = pglazy && pglazy.v.length > 1 ? (increase(pglazy.v) * 4096) : 0;
  const lazyCase = lazyMax >= MIN_KEPT || (pglazyBytes >= MIN_KEPT && maxOf(released) >= MIN_KEPT);
  const madvGuess = !lazy && resRelMax >= 2 * MIN_KEPT;
  const config = configRetention(ctx);
  // under a goal GOGC does not set, free spans below that goal are the configuration's room, not a spike's
  if (config) idleCase = false;
  if (!idleCase && !lazyCase && !madvGuess && !config) return [];
  const evidence = [];
  if (kept) evidence.push(ev('idle_not_released_max', keptMax, 'bytes', 'max of go_memstats_heap_idle_bytes − go_memstats_heap_released_bytes'));
  if (retained) evidence.push(ev('retained_over_goal', excess, 'bytes', 'heap_inuse + heap_idle − heap_released − 1.1 × the largest next_gc of the preceding 2 min (2nd largest)'));
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
      `After a spike the heap kept up to ${bytes(keptMax)} of free spans (go_memstats_heap_idle_bytes − go_memstats_heap_released_bytes), ${bytes(excess)} more than the runtime's ` +
        `normal working room of 1.1 × the heap goal (go_memstats_next_gc_bytes, typically ${bytes(goalMed)}) even minutes after the demand fell; ` +
        `the scavenger returns it gradually, it is not live data.`,
    );
    recs.push(
      'Smooth the spike (stream large payloads instead of decoding them whole, bound batch sizes) if the peak matters.',
      'Set GOMEMLIMIT under the container limit: the runtime then returns memory eagerly when it approaches it; debug.FreeOSMemory() forces a return (costly, debugging only).',
    );
  }
  if (config) {
    evidence.push(...config.evidence);
    parts.push(config.text);
    recs.push(...config.recs);
  }
  const conf = clamp((lazyCase ? 0.88 : config ? 0.8 : madvGuess ? 0.72 : 0.7) - (ctx.missing.length ? 0.05 : 0), 0.5, 0.95);
  return [
    {
      verdict: 'runtime_retention',
      confidence: conf,
      window: windowOf(ctx),
      evidence,
      explanation: parts.join(' ') + (Number.isFinite(heapTypical) ? ` Heap objects (go_memstats_heap_alloc_bytes) are typically ${bytes(heapTypical)}. The retained memory itself is not a leak.` : ' The retained memory itself is not a leak.'),
      recommendations: recs,
      ...(ctx.missing.length ? { missing: ctx.missing } : {}),
    },
  ];
}

/** runtimeRetention is the registered runtime_retention detector. */
export const runtimeRetention: Detector = { name: 'runtime_retention', detect: detectRuntimeRetention };

/**
 * configRetention: the runtime holds memory because of how it is configured, not because of live data.
 * With GOGC=off and a GOMEMLIMIT (or a very high GOGC) the GC runs only near the goal, so garbage piles
 * up to it: heap_alloc saws between the live heap and most of the limit, with few GC cycles. The heap
 * goal is then not 2 × live (signals.goalNotPaced), and the memory kept above the live heap (the
 * runtime's committed memory minus the heap_alloc floor) is a large share of the limit (a quarter, the
 * same share page-cache uses to call usage worth a look) or, without a limit, over 64 MiB.
 */
function configRetention(ctx: Context): { evidence: Evidence[]; text: string; recs: string[] } | undefined {
  const alloc = ctx.points('go_memstats_heap_alloc_bytes') ?? ctx.points('go_memstats_alloc_bytes');
  const gl = goalLive(ctx);
  if (!alloc || !gl || !goalNotPaced(ctx, gl.points, alloc)) return undefined;
  const committed = goCommitted(ctx);
  const goal = ctx.points('go_memstats_next_gc_bytes') ?? ctx.points('go_gc_heap_goal_bytes');
  const floors = bucketMin(alloc.t, alloc.v, ctx.start, ctx.bucketMs);
  const liveFloor = floors.v.length ? Math.min(...floors.v) : NaN;
  const held = medianOf(committed);
  const above = held - liveFloor;
  const minAbove = ctx.limitBytes !== undefined ? 0.25 * ctx.limitBytes : 64 * MiB;
  if (!Number.isFinite(above) || above < Math.max(MIN_KEPT, minAbove)) return undefined;
  const gcs = ctx.points('go_gc_duration_seconds_count');
  const spanH = gcs && gcs.t.length > 1 ? (gcs.t[gcs.t.length - 1]! - gcs.t[0]!) / 3_600_000 : 0;
  const perHour = gcs && spanH > 0 ? increase(gcs.v) / spanH : undefined;
  const limitSetting = lastOf(ctx.points('go_gc_gomemlimit_bytes'));
  const goalMed = medianOf(goal);
  const allocMax = maxOf(alloc);
  const evidence: Evidence[] = [
    ev('heap_alloc_floor', liveFloor, 'bytes', 'lowest bucket minimum of go_memstats_heap_alloc_bytes'),
    ev('heap_alloc_max', allocMax, 'bytes', 'max of go_memstats_heap_alloc_bytes'),
    ev('heap_goal_median', goalMed, 'bytes', 'go_memstats_next_gc_bytes'),
    ev('runtime_held_median', held, 'bytes', 'median of go_memstats_sys_bytes − go_memstats_heap_released_bytes'),
  ];
  if (perHour !== undefined) evidence.push(ev('gc_cycles_per_hour', perHour, 'count/h', 'increase of go_gc_duration_seconds_count'));
  if (limitSetting !== undefined) evidence.push(ev('gomemlimit', limitSetting, 'bytes', 'go_gc_gomemlimit_bytes'));
  const why = ctx.gogcOff ? 'go_gc_gogc_percent says GOGC=off' : `heap_alloc (go_memstats_heap_alloc_bytes) fell to ${bytes(liveFloor)}, below the ${bytes(medianOf(gl.points))} live heap a GOGC=${ctx.gogc} goal of ${bytes(goalMed)} would imply, which cannot happen while GOGC paces the GC`;
  const text =
    `The Go runtime holds ${bytes(held)} (go_memstats_sys_bytes − go_memstats_heap_released_bytes) for a live heap of about ${bytes(liveFloor)}: ` +
    `the heap goal (go_memstats_next_gc_bytes, typically ${bytes(goalMed)}) is not set by GOGC from the live heap — ${why}. ` +
    `Garbage accumulates up to the goal (heap_alloc reached ${bytes(allocMax)})` +
    (perHour !== undefined ? ` with only ${perHour < 10 ? perHour.toFixed(1) : Math.round(perHour)} GC cycles an hour (go_gc_duration_seconds_count)` : '') +
    `, as with GOGC=off and a GOMEMLIMIT${limitSetting !== undefined ? ` (go_gc_gomemlimit_bytes = ${bytes(limitSetting)})` : ''} or a very high GOGC. ` +
    `That memory is the runtime's configuration at work, not live data.`;
  const recs = [
    'If the container also runs other processes or the service needs memory outside the Go heap, lower GOMEMLIMIT so the runtime collects earlier, or set GOGC back on (e.g. GOGC=100) and keep GOMEMLIMIT as a ceiling.',
    'If holding memory up to the limit is intended (GOGC=off to save GC CPU), alert on the live heap (go_gc_heap_live_bytes, Go ≥ 1.21, or the heap_alloc floor) rather than on usage, and keep GOMEMLIMIT a margin under the container limit.',
  ];
  return { evidence, text, recs };
}
