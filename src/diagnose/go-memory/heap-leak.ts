/**
 * heap-leak: the live heap's floor keeps rising. Signal: the live-heap estimate (signals.liveHeap),
 * confirmed by the floor of heap_alloc; a ramp explained by a goroutine leak is left to that detector.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { bytes, currentUsage, ev, floorRise, leakConfidence, MiB, projection, trendEvidence, windowOf, pValue } from './format.js';
import { liveHeap } from './signals.js';

// Below the GC's minimum heap goal (4 MiB × GOGC/100) heap changes are GC noise; a leak must add more.
const MIN_RISE = 4 * MiB;
// Bytes per goroutine above which heap growth is more than what leaked goroutines keep alive.
const PER_GOROUTINE_BUDGET = 64 * 1024;

/** detectHeapLeak reports a heap_leak when the live-heap floor ramps past the effect-size gate. */
export function detectHeapLeak(ctx: Context): Finding[] {
  const live = liveHeap(ctx);
  if (!live) return [];
  const tr = ctx.trendOf(live.points);
  if (!tr || tr.shape !== 'ramp') return [];
  if (tr.slopePerHour < ctx.gateBytesPerHour || tr.rise < Math.max(MIN_RISE, 3 * tr.noise)) return [];
  const alloc = ctx.points('go_memstats_heap_alloc_bytes') ?? ctx.points('go_memstats_alloc_bytes');
  // read over the same segment as the live heap (after its change point, if it has one)
  const trAlloc = tr.changeAt !== undefined ? ctx.trendSince(alloc, tr.changeAt) : ctx.trendOf(alloc);
  // the heap_alloc floor must move the same way (the goal alone can be lifted by stacks or a GOGC
  // change); its floors alias with the GC cycle at coarse scrapes, so only its direction is required
  if (trAlloc && live.source !== 'go_memstats_heap_alloc_bytes (floor)' && !(trAlloc.slopePerHour > 0.25 * tr.slopePerHour)) return [];
  const goroutines = ctx.points('go_goroutines');
  const trG = tr.changeAt !== undefined ? ctx.trendSince(goroutines, tr.changeAt) : ctx.trendOf(goroutines);
  let missing = ctx.missing.length ? 1 : 0;
  if (trG && trG.shape === 'ramp' && trG.slopePerHour > 0) {
    const perG = tr.slopePerHour / trG.slopePerHour;
    if (perG < PER_GOROUTINE_BUDGET) return []; // goroutine-leak explains it
  }
  if (!trAlloc) missing++;
  const conf = leakConfidence(tr, ctx.gateBytesPerHour, missing);
  const usage = currentUsage(ctx);
  const proj = projection(ctx, usage, tr.slopePerHour);
  const evidence = [
    ...trendEvidence('live_heap', tr, 'bytes', live.source),
    ev('live_heap_now', tr.floorLast, 'bytes', `median of the last three bucket minima of ${live.source}`),
    ev('gate', ctx.gateBytesPerHour, 'bytes/h', ctx.limitBytes ? `${ctx.opts.minGrowthPctPerHour}% of the memory limit per hour` : 'absolute gate without a limit'),
  ];
  if (trAlloc) evidence.push(...trendEvidence('heap_alloc_floor', trAlloc, 'bytes', 'go_memstats_heap_alloc_bytes'));
  if (proj?.secondsToLimit != null) evidence.push(ev('time_to_limit', proj.secondsToLimit, 'seconds', '(limit − working set) over the live-heap slope'));
  // The time to the limit is the finding's projection, which every renderer shows once; it is not
  // repeated in the explanation, so a message never carries two roundings of one figure.
  return [
    {
      verdict: 'heap_leak',
      confidence: conf,
      window: windowOf(ctx),
      evidence,
      explanation:
        `The live Go heap after GC (lowest values of ${live.source}) ${floorRise(tr, bytes)} ` +
        `(${bytes(tr.slopePerHour)}/h, ${pValue(tr.p)}), a steady ramp rather than a one-off step` +
        (trAlloc ? `; the floor of go_memstats_heap_alloc_bytes went from ${bytes(trAlloc.floorFirst)} to ${bytes(trAlloc.floorLast)}` : '') +
        `; ` +
        `the GC cannot free it, so something still references it.`,
      recommendations: [
        `Take two heap profiles some minutes apart (\`curl -s ${instanceBase(ctx)}/debug/pprof/heap > a.pb.gz\`, later the same into b.pb.gz) and compare them: \`go tool pprof -diff_base a.pb.gz b.pb.gz -sample_index=inuse_space\``,
        'Look for caches, maps or slices that only grow (missing eviction, TTL or size bound) at the top growing call sites.',
        'Until fixed, a restart resets the heap; set GOMEMLIMIT a little under the container limit so the GC works harder before the OOM killer does.',
      ],
      ...(proj ? { projection: proj } : {}),
      ...(ctx.missing.length ? { missing: ctx.missing } : {}),
    },
  ];
}

/**
 * instanceBase is the target's URL as the advice names it: `http://` and the instance label when it is a
 * host:port; the daemon and the CLI replace the `http://HOST` placeholder left otherwise with the
 * scrape target's real address.
 */
function instanceBase(ctx: Context): string {
  const inst = ctx.window.target['instance'] ?? '';
  return /^[\w.-]+:\d+$/.test(inst) || /^\[[0-9a-fA-F:]+\]:\d+$/.test(inst) ? `http://${inst}` : 'http://HOST';
}

/** heapLeak is the registered heap_leak detector. */
export const heapLeak: Detector = { name: 'heap_leak', detect: detectHeapLeak };
