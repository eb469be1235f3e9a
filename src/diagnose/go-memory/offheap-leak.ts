/**
 * offheap-leak: process memory grows outside everything the Go runtime accounts for (cgo, C
 * libraries, syscall.Mmap). Signal: the off-heap residual (signals.offHeapResidual) ramps while the
 * runtime's own committed memory does not explain it.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { bytes, clock, currentUsage, duration, ev, floorRise, leakConfidence, observedFloors, MiB, projection, trendEvidence, windowOf, pValue } from './format.js';
import { anonResident, goCommitted, lastOf, offHeapResidual, shmem } from './signals.js';
import { combine } from './context.js';
import { madvFreeDefault } from './version.js';

// RSS moves in pages and arenas (64 MiB heap arenas are reserved, not resident); a residual rise of
// less than 8 MiB is within thread-stack and allocator noise.
const MIN_RISE = 8 * MiB;

/** detectOffheapLeak reports an offheap_leak when anonymous memory outside the runtime, or shmem, ramps. */
export function detectOffheapLeak(ctx: Context): Finding[] {
  const anon = detectResidual(ctx);
  const shm = detectShmem(ctx);
  if (!anon && !shm) return rssOnly(ctx);
  if (anon && shm) {
    // both grow: one finding, the anonymous residual first (it is what the heap profile misses), then
    // the tmpfs part, so the two do not read as competing explanations of the same usage
    return [{ ...anon, explanation: `${anon.explanation} Besides that, ${shm.explanation.charAt(0).toLowerCase()}${shm.explanation.slice(1)}`, evidence: [...anon.evidence, ...shm.evidence], recommendations: [...shm.recommendations, ...anon.recommendations] }];
  }
  return anon ? [anon] : shm ? [shm] : [];
}

/**
 * detectShmem: files on a tmpfs (/dev/shm, an emptyDir with medium Memory) or shared anonymous
 * memory are charged to the cgroup as cache but are shmem: without swap the kernel cannot reclaim
 * them, so they walk usage to the limit like any leak, and the Go heap never shows them.
 */
function detectShmem(ctx: Context): Finding | undefined {
  const shm = shmem(ctx);
  if (!shm) return undefined;
  const tr = ctx.trendOf(shm.points);
  if (!tr || tr.shape !== 'ramp') return undefined;
  if (tr.slopePerHour < ctx.gateBytesPerHour || tr.rise < Math.max(MIN_RISE, 3 * tr.noise)) return undefined;
  const conf = leakConfidence(tr, ctx.gateBytesPerHour, ctx.missing.length ? 1 : 0);
  const usage = currentUsage(ctx);
  const proj = projection(ctx, usage, tr.slopePerHour);
  const evidence = [...trendEvidence('shmem', tr, 'bytes', shm.source)];
  const cache = lastOf(ctx.points('container_memory_cache'));
  if (cache !== undefined) evidence.push(ev('cache_now', cache, 'bytes', 'container_memory_cache'));
  if (proj?.secondsToLimit != null) evidence.push(ev('time_to_limit', proj.secondsToLimit, 'seconds', '(limit − working set) over the shmem slope'));
  return {
    verdict: 'offheap_leak',
    confidence: conf,
    window: windowOf(ctx),
    evidence,
    explanation:
      `Shared memory (shmem: files on a tmpfs such as /dev/shm, or shared anonymous mappings; ${shm.source}) ${floorRise(tr, bytes)} ` +
      `(${bytes(tr.slopePerHour)}/h, ${pValue(tr.p)}). The kernel counts it as cache${cache !== undefined ? ` (container_memory_cache is ${bytes(cache)})` : ''}, ` +
      `but it is not page cache: without swap it cannot be reclaimed, so it stays in the working set until the files are deleted. ` +
      // The time to the limit is the projection's, shown once by every message (not repeated here).
      `It is memory outside the Go heap that keeps growing.`,
    recommendations: [
      'Find what fills the tmpfs: df -h /dev/shm and du on tmpfs mounts inside the container (emptyDir with medium: Memory, /dev/shm, /run); ipcs -m for System V segments.',
      'Delete spool or temporary files once processed, bound the spool, or move it to a disk-backed volume; files on a tmpfs count against the memory limit until removed.',
    ],
    ...(proj ? { projection: proj } : {}),
    ...(ctx.missing.length ? { missing: ctx.missing } : {}),
  };
}

/** detectResidual reports growth of anonymous resident memory the Go runtime does not account for. */
function detectResidual(ctx: Context): Finding | undefined {
  const res = offHeapResidual(ctx);
  if (!res) return undefined;
  const tr = ctx.trendOf(res.points);
  if (!tr || tr.shape !== 'ramp') return undefined;
  if (tr.slopePerHour < ctx.gateBytesPerHour || tr.rise < Math.max(MIN_RISE, 3 * tr.noise)) return undefined;
  const since = (p: ReturnType<Context['points']>) => (tr.changeAt !== undefined ? ctx.trendSince(p, tr.changeAt) : ctx.trendOf(p));
  const committed = since(goCommitted(ctx));
  if (committed && committed.slopePerHour > 0.5 * tr.slopePerHour && committed.p < 0.05) return undefined;
  const released = since(ctx.points('go_memstats_heap_released_bytes'));
  // Without LazyFree, pages released with MADV_FREE still count in RSS: a residual that grows no
  // faster than heap_released is the runtime's retention, not off-heap use.
  if (!res.lazyFreeSubtracted && released && released.p < 0.05 && released.rise >= 0.7 * tr.rise) return undefined;
  let missing = ctx.missing.length ? 1 : 0;
  if (!res.lazyFreeSubtracted) missing++;
  const conf = leakConfidence(tr, ctx.gateBytesPerHour, missing) - (!res.lazyFreeSubtracted && madvFreeDefault(ctx.goVersion) ? 0.15 : 0);
  const proj = projection(ctx, currentUsage(ctx), tr.slopePerHour);
  const evidence = [...trendEvidence('offheap_residual', tr, 'bytes', res.source)];
  if (committed) evidence.push(...trendEvidence('go_committed', committed, 'bytes', 'go_memstats_sys_bytes − go_memstats_heap_released_bytes'));
  const mapped = since(ctx.points('container_memory_mapped_file'));
  if (mapped) evidence.push(ev('mapped_file_slope', mapped.slopePerHour, 'bytes/h', 'container_memory_mapped_file'));
  if (proj?.secondsToLimit != null) evidence.push(ev('time_to_limit', proj.secondsToLimit, 'seconds', '(limit − working set) over the residual slope'));
  const anonSeen = observedFloors(ctx, anonResident(ctx)?.points, tr);
  const goSeen = observedFloors(ctx, goCommitted(ctx), tr);
  const goNote =
    (anonSeen ? `: anonymous memory went from ${bytes(anonSeen.first)} to ${bytes(anonSeen.last)}` : '') +
    (goSeen ? ` while memory the Go runtime holds (go_memstats_sys_bytes − go_memstats_heap_released_bytes) went from ${bytes(goSeen.first)} to ${bytes(goSeen.last)}` : '');
  return {
      verdict: 'offheap_leak',
      confidence: Math.max(0.5, conf),
      window: windowOf(ctx),
      evidence,
      explanation:
        `Anonymous resident memory outside the Go runtime (${res.source}) grew by ${bytes(tr.floorLast - tr.floorFirst)}${tr.changeAt !== undefined ? ` since ${clock(tr.changeAt)}, after a steady run` : ` over ${duration(tr.spanMs / 1000)}`} ` +
        `(${bytes(tr.slopePerHour)}/h, ${pValue(tr.p)})${goNote}. The Go heap profile will not show it: ` +
        `it is memory from cgo/C libraries or anonymous mmap. File-backed pages (mmap'd files) are not counted here; they are reclaimable page cache.`,
      recommendations: [
        'Do not expect pprof to find this: Go heap profiles count only memory the Go allocator hands out, not cgo (C.malloc) or mmap memory. Use /proc/PID/smaps_rollup or pmap -x PID for the mappings, heaptrack or jemalloc/tcmalloc heap profiling for C allocations, or bcc memleak (eBPF) on the process.',
        'List the growing mappings: compare /proc/PID/smaps (or pmap -x PID) now and in a few minutes; anonymous regions that grow are native allocations, file-backed ones are mmap\'d files.',
        'Check cgo code and C libraries for missing frees (e.g. C.free after C.CString), and syscall.Mmap / mmap-backed stores (bbolt, badger) for mappings never unmapped.',
        'If go_threads grows too, look for goroutines locked to OS threads (runtime.LockOSThread) that never unlock.',
      ],
      ...(proj ? { projection: proj } : {}),
      ...(ctx.missing.length || !res.lazyFreeSubtracted ? { missing: [...ctx.missing, ...(res.lazyFreeSubtracted ? [] : ['process_lazyfree_bytes (smaps_rollup LazyFree)'])] } : {}),
  };
}

/** offheapLeak is the registered offheap_leak detector. */
export const offheapLeak: Detector = { name: 'offheap_leak', detect: detectOffheapLeak };

/**
 * rssOnly: with nothing but process_resident_memory_bytes (no RssAnon, no cgroup), growth outside the
 * Go runtime may be an mmap'd file being read (reclaimable) or off-heap use; it is not called a leak,
 * but it is not called healthy either: the finding says what grew and which series would tell.
 */
function rssOnly(ctx: Context): Finding[] {
  if (anonResident(ctx)) return [];
  const rss = ctx.points('process_resident_memory_bytes');
  const committed = goCommitted(ctx);
  const res = combine(rss, committed, (r, c) => r - c);
  const tr = ctx.trendOf(res);
  if (!res || !tr || tr.shape !== 'ramp') return [];
  if (tr.slopePerHour < ctx.gateBytesPerHour || tr.rise < Math.max(MIN_RISE, 3 * tr.noise)) return [];
  const seen = observedFloors(ctx, rss, tr);
  const missing = [...ctx.missing.filter((m) => !m.startsWith('anonymous memory')), 'process_rss_anon_bytes / process_rss_file_bytes (/proc/PID/status) or the cgroup series (container_memory_rss, container_memory_mapped_file)'];
  return [
    {
      verdict: 'insufficient_data',
      confidence: 0.6,
      window: windowOf(ctx),
      evidence: [...trendEvidence('rss_outside_go', tr, 'bytes', 'process_resident_memory_bytes − (go_memstats_sys_bytes − go_memstats_heap_released_bytes)')],
      explanation:
        `Resident memory outside the Go runtime is growing (${bytes(tr.slopePerHour)}/h, ${pValue(tr.p)}): process_resident_memory_bytes went from ` +
        `${bytes(seen?.first ?? tr.floorFirst)} to ${bytes(seen?.last ?? tr.floorLast)} while the Go runtime's memory did not explain it. ` +
        `RSS alone cannot tell a file read through mmap (page cache, reclaimable) from an off-heap leak (cgo, anonymous mmap): ` +
        `leaksleuth needs the anonymous/file split to decide.`,
      recommendations: [
        'Give leaksleuth the process split (a pid/pidfile cgroup target, or a cgroup path holding the one process) or the container series (cAdvisor container_memory_rss and container_memory_mapped_file).',
        'By hand: grep -E "RssAnon|RssFile|RssShmem" /proc/PID/status a few minutes apart; RssAnon growing is off-heap use, RssFile growing is a mapped file being read.',
      ],
      missing,
    },
  ];
}
