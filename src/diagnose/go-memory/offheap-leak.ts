/**
 * offheap-leak: process memory grows outside everything the Go runtime accounts for (cgo, C
 * libraries, syscall.Mmap). Signal: the off-heap residual (signals.offHeapResidual) ramps while the
 * runtime's own committed memory does not explain it.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { bytes, currentUsage, duration, ev, leakConfidence, MiB, projection, trendEvidence, windowOf } from './format.js';
import { goCommitted, offHeapResidual } from './signals.js';
import { madvFreeDefault } from './version.js';

// RSS moves in pages and arenas (64 MiB heap arenas are reserved, not resident); a residual rise of
// less than 8 MiB is within thread-stack and allocator noise.
const MIN_RISE = 8 * MiB;

/** detectOffheapLeak reports an offheap_leak when the residual ramps past the gate. */
export function detectOffheapLeak(ctx: Context): Finding[] {
  const res = offHeapResidual(ctx);
  if (!res) return [];
  const tr = ctx.trendOf(res.points);
  if (!tr || tr.shape !== 'ramp') return [];
  if (tr.slopePerHour < ctx.gateBytesPerHour || tr.rise < Math.max(MIN_RISE, 3 * tr.noise)) return [];
  const committed = ctx.trendOf(goCommitted(ctx));
  if (committed && committed.slopePerHour > 0.5 * tr.slopePerHour && committed.p < 0.05) return [];
  const released = ctx.trendOf(ctx.points('go_memstats_heap_released_bytes'));
  // Without LazyFree, pages released with MADV_FREE still count in RSS: a residual that grows no
  // faster than heap_released is the runtime's retention, not off-heap use.
  if (!res.lazyFreeSubtracted && released && released.p < 0.05 && released.rise >= 0.7 * tr.rise) return [];
  let missing = ctx.missing.length ? 1 : 0;
  if (!res.lazyFreeSubtracted) missing++;
  const conf = leakConfidence(tr, ctx.gateBytesPerHour, missing) - (!res.lazyFreeSubtracted && madvFreeDefault(ctx.goVersion) ? 0.15 : 0);
  const proj = projection(ctx, currentUsage(ctx), tr.slopePerHour);
  const evidence = [...trendEvidence('offheap_residual', tr, 'bytes', res.source)];
  if (committed) evidence.push(...trendEvidence('go_committed', committed, 'bytes', 'go_memstats_sys_bytes − go_memstats_heap_released_bytes'));
  const mapped = ctx.trendOf(ctx.points('container_memory_mapped_file'));
  if (mapped) evidence.push(ev('mapped_file_slope', mapped.slopePerHour, 'bytes/h', 'container_memory_mapped_file'));
  if (proj?.secondsToLimit != null) evidence.push(ev('time_to_limit', proj.secondsToLimit, 'seconds', '(limit − working set) over the residual slope'));
  const goNote = committed ? ` while memory the Go runtime holds changed by ${bytes(committed.rise)}` : '';
  return [
    {
      verdict: 'offheap_leak',
      confidence: Math.max(0.5, conf),
      window: windowOf(ctx),
      evidence,
      explanation:
        `Resident memory outside the Go runtime grew by ${bytes(tr.rise)} over ${duration(tr.spanMs / 1000)} ` +
        `(${bytes(tr.slopePerHour)}/h, p=${tr.p.toExponential(1)})${goNote}. The Go heap profile will not show it: ` +
        `it is memory from cgo/C libraries or mmap.`,
      recommendations: [
        'List the growing mappings: compare /proc/PID/smaps (or pmap -x PID) now and in a few minutes; anonymous regions that grow are native allocations, file-backed ones are mmap\'d files.',
        'Check cgo code and C libraries for missing frees (e.g. C.free after C.CString), and syscall.Mmap / mmap-backed stores (bbolt, badger) for mappings never unmapped.',
        'If go_threads grows too, look for goroutines locked to OS threads (runtime.LockOSThread) that never unlock.',
      ],
      ...(proj ? { projection: proj } : {}),
      ...(ctx.missing.length || !res.lazyFreeSubtracted ? { missing: [...ctx.missing, ...(res.lazyFreeSubtracted ? [] : ['process_lazyfree_bytes (smaps_rollup LazyFree)'])] } : {}),
    },
  ];
}

/** offheapLeak is the registered offheap_leak detector. */
export const offheapLeak: Detector = { name: 'offheap_leak', detect: detectOffheapLeak };
