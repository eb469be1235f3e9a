/**
 * goroutine-leak: goroutines that never finish. Signal: the floor of go_goroutines (its minimum over
 * a bucket removes request concurrency) ramping, with stack memory following.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { lastOf } from './signals.js';
import { bytes, clamp, currentUsage, ev, floorRise, projection, trendEvidence, windowOf, pValue } from './format.js';

// A floor that rises by fewer than this many goroutines is indistinguishable from a few long-lived
// background workers starting (tickers, pools); leaks are counted in tens to thousands.
const MIN_RISE = 10;

/** detectGoroutineLeak reports a goroutine_leak when the goroutine floor ramps. */
export function detectGoroutineLeak(ctx: Context): Finding[] {
  const g = ctx.points('go_goroutines');
  const tr = ctx.trendOf(g);
  if (!g || !tr || tr.shape !== 'ramp') return [];
  // relative gate: the floor grows by at least 10 % of its starting level per hour (doubling within ten hours), so a server whose
  // idle pool widens by a few workers is not flagged while a real leak (which never stops) is
  const base = Math.max(1, tr.floorFirst);
  if (tr.rise < Math.max(MIN_RISE, 3 * tr.noise) || tr.slopePerHour < 0.1 * base) return [];
  const since = (p: ReturnType<Context['points']>) => (tr.changeAt !== undefined ? ctx.trendSince(p, tr.changeAt) : ctx.trendOf(p));
  const stacks = since(ctx.points('go_memstats_stack_inuse_bytes'));
  const memSlope = stacks && stacks.slopePerHour > 0 ? stacks.slopePerHour : 0;
  const heapLive = since(ctx.points('go_memstats_heap_alloc_bytes'));
  const heapSlope = heapLive && heapLive.p < 0.05 && heapLive.slopePerHour > 0 ? heapLive.slopePerHour : 0;
  const totalSlope = memSlope + heapSlope;
  const sig = Math.min(1, Math.log10(0.01 / Math.max(tr.p, 1e-12)) / 3);
  const conf = clamp(0.6 + 0.25 * sig + (memSlope > 0 ? 0.1 : 0) - (ctx.missing.length ? 0.05 : 0), 0.5, 0.97);
  const proj = projection(ctx, currentUsage(ctx), totalSlope);
  const evidence = [
    ...trendEvidence('goroutines_floor', tr, 'count', 'go_goroutines'),
    ev('goroutines_now', g.v[g.v.length - 1]!, 'count', 'go_goroutines'),
  ];
  if (stacks) evidence.push(...trendEvidence('stack_inuse', stacks, 'bytes', 'go_memstats_stack_inuse_bytes'));
  if (heapSlope) evidence.push(ev('heap_alloc_floor_slope', heapSlope, 'bytes/h', 'go_memstats_heap_alloc_bytes'));
  const perG = tr.slopePerHour > 0 ? totalSlope / tr.slopePerHour : 0;
  return [
    {
      verdict: 'goroutine_leak',
      confidence: conf,
      window: windowOf(ctx),
      evidence,
      explanation:
        `The lowest goroutine count (go_goroutines) ${floorRise(tr, (x) => String(Math.round(x)))} ` +
        `(${Math.round(tr.slopePerHour)}/h, ${pValue(tr.p)}), and ${Math.round(g.v[g.v.length - 1]!)} goroutines exist now; goroutines start and never exit. ` +
        (totalSlope > 0 ? `Goroutine stacks (go_memstats_stack_inuse_bytes, ${bytes(lastOf(ctx.points('go_memstats_stack_inuse_bytes')) ?? 0)} now) and the heap they keep alive grow by ${bytes(totalSlope)}/h (about ${bytes(perG)} per goroutine).` : ''),
      recommendations: [
        'Fetch /debug/pprof/goroutine?debug=1 twice a few minutes apart; the stack whose count grows is the leak.',
        'Check that every goroutine has an exit path: a context cancel, a closed channel, or a timeout on blocking sends/receives.',
        'In tests, go.uber.org/goleak catches goroutines left behind.',
      ],
      ...(proj ? { projection: proj } : {}),
      ...(ctx.missing.length ? { missing: ctx.missing } : {}),
    },
  ];
}

/** goroutineLeak is the registered goroutine_leak detector. */
export const goroutineLeak: Detector = { name: 'goroutine_leak', detect: detectGoroutineLeak };
