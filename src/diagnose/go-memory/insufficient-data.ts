/**
 * insufficient-data: says what is missing when the window cannot support a verdict: too short after
 * warm-up and restarts, too few samples, or no Go and no cgroup series at all.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { duration, ev, windowOf } from './format.js';

/** MIN_SAMPLES is the least number of scrapes in the analysed range (a trend needs several floors). */
export const MIN_SAMPLES = 12;

/** detectInsufficientData returns one finding when no other detector should run. */
export function detectInsufficientData(ctx: Context): Finding[] {
  const reasons: string[] = [];
  const span = ctx.end - ctx.start;
  if (!ctx.hasGo && !ctx.hasCgroup) reasons.push('no Go runtime series and no cgroup series for this target');
  if (span < ctx.opts.minSpanMs) {
    reasons.push(`only ${duration(span / 1000)} of data after warm-up/restart; need ${duration(ctx.opts.minSpanMs / 1000)}`);
  }
  const ref = ctx.points('go_memstats_heap_alloc_bytes') ?? ctx.points('container_memory_usage_bytes');
  const n = ref ? ref.t.length : 0;
  if (n < MIN_SAMPLES) reasons.push(`only ${n} samples in the analysed range; need ${MIN_SAMPLES}`);
  if (reasons.length === 0) return [];
  return [
    {
      verdict: 'insufficient_data',
      confidence: 0.9,
      window: windowOf(ctx),
      evidence: [ev('analysed_span', span / 1000, 'seconds', 'window after warm-up and restarts'), ev('samples', n, 'count', 'heap_alloc or usage samples'), ev('restarts', ctx.segment.restarts, 'count', 'process_start_time_seconds changes')],
      explanation: `Not enough data to diagnose: ${reasons.join('; ')}.`,
      recommendations: ['Wait for more samples, or widen the diagnosis window (diagnose: { window: 6h }).', 'Check that the target exposes client_golang metrics and that its cgroup is read (job and instance labels must match).'],
      missing: [...reasons, ...ctx.missing],
    },
  ];
}

/** insufficientData is the registered insufficient_data detector. */
export const insufficientData: Detector = { name: 'insufficient_data', detect: detectInsufficientData };
