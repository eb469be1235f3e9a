/**
 * fragmentation: heap spans pinned by few live objects. Go's GC does not move objects, so a span with
 * one live object stays in use; heap_inuse − heap_alloc (free slots inside in-use spans) then stays
 * large compared with heap_alloc.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { combine } from './context.js';
import { bytes, clamp, ev, MiB, windowOf } from './format.js';

// Size-class rounding wastes at most 12.5 % and freed slots are reused within a GC cycle, so in a
// healthy heap the unused part stays well under the allocated part at the sawtooth's peak. Unused
// bytes exceeding allocated bytes all the time (the minimum ratio) means spans are pinned.
const MIN_RATIO = 1;
const MIN_UNUSED = 16 * MiB;

/** detectFragmentation reports persistent unused space inside in-use spans. */
export function detectFragmentation(ctx: Context): Finding[] {
  const inuse = ctx.points('go_memstats_heap_inuse_bytes');
  const alloc = ctx.points('go_memstats_heap_alloc_bytes') ?? ctx.points('go_memstats_alloc_bytes');
  const unused = combine(inuse, alloc, (i, a) => i - a);
  const ratio = combine(inuse, alloc, (i, a) => (a > 0 ? (i - a) / a : 0));
  if (!unused || !ratio || unused.v.length < 6) return [];
  // "persistent": judge the recent part of the range (the last quarter, at least 5 minutes, at most
  // the later half), so a spike that has already passed does not count, and pinning that began after
  // a long clean run is not outvoted by the clean hours
  const tEnd = unused.t[unused.t.length - 1]!;
  const spanMs = tEnd - unused.t[0]!;
  const recentMs = Math.min(spanMs / 2, Math.max(5 * 60_000, spanMs / 4));
  const from = unused.t.findIndex((x) => x >= tEnd - recentMs);
  const half = Math.min(from < 0 ? 0 : from, unused.v.length - 6);
  const minUnused = Math.min(...unused.v.slice(half));
  const minRatio = Math.min(...ratio.v.slice(half));
  if (minRatio < MIN_RATIO || minUnused < MIN_UNUSED) return [];
  const objects = ctx.trendOf(ctx.points('go_memstats_heap_objects'));
  const conf = clamp(0.6 + 0.1 * Math.min(3, minRatio - 1) + (objects && objects.shape !== 'ramp' ? 0.05 : 0), 0.5, 0.92);
  const inuseNow = inuse!.v[inuse!.v.length - 1]!;
  const allocNow = alloc!.v[alloc!.v.length - 1]!;
  const evidence = [
    ev('heap_unused_min', minUnused, 'bytes', 'min over the recent part (last quarter, 5 min to half the range) of go_memstats_heap_inuse_bytes − go_memstats_heap_alloc_bytes'),
    ev('unused_to_alloc_min', minRatio, 'ratio', '(heap_inuse − heap_alloc) / heap_alloc, minimum over the recent part'),
    ev('heap_inuse_now', inuseNow, 'bytes', 'go_memstats_heap_inuse_bytes'),
    ev('heap_alloc_now', allocNow, 'bytes', 'go_memstats_heap_alloc_bytes'),
  ];
  if (objects) evidence.push(ev('heap_objects_slope', objects.slopePerHour, 'count/h', 'go_memstats_heap_objects'));
  return [
    {
      verdict: 'fragmentation',
      confidence: conf,
      window: windowOf(ctx),
      evidence,
      explanation:
        `In-use heap spans (go_memstats_heap_inuse_bytes) hold ${bytes(inuseNow)} but only ${bytes(allocNow)} of objects (go_memstats_heap_alloc_bytes); at least ${bytes(minUnused)} ` +
        `(${minRatio.toFixed(1)}× the allocated bytes) stayed unused the whole time. A few long-lived objects pin mostly-empty spans; ` +
        `the memory is not growing and not leaking, but it cannot be returned.`,
      recommendations: [
        'Find long-lived small objects allocated together with many short-lived ones of the same size (pprof -sample_index=inuse_objects) and allocate them separately or copy them out (e.g. strings.Clone of a substring, copying a small slice out of a large buffer).',
        'Avoid keeping one element of a large batch alive; keep IDs or copies instead of pointers into the batch.',
      ],
      ...(ctx.missing.length ? { missing: ctx.missing } : {}),
    },
  ];
}

/** fragmentation is the registered fragmentation detector. */
export const fragmentation: Detector = { name: 'fragmentation', detect: detectFragmentation };
