/**
 * healthy: no growth beyond the normal GC sawtooth. Reports the floor trends it checked, so "healthy"
 * comes with numbers too.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { bytes, clamp, duration, ev, windowOf } from './format.js';
import { liveHeap } from './signals.js';

/** detectHealthy describes the live-heap and usage floors; diagnose() keeps it only when nothing else fired. */
export function detectHealthy(ctx: Context): Finding[] {
  const live = liveHeap(ctx);
  const tr = live ? ctx.trendOf(live.points) : undefined;
  const usageName = ctx.points('container_memory_working_set_bytes') ? 'container_memory_working_set_bytes' : 'process_resident_memory_bytes';
  const usage = ctx.trendOf(ctx.points(usageName));
  const main = tr ?? usage;
  if (!main) return [];
  const evidence = [
    ev('floor_slope', main.slopePerHour, 'bytes/h', tr ? `Theil–Sen over bucket minima of ${live!.source}` : 'Theil–Sen over working set minima'),
    ev('floor_trend_p', main.p, 'p-value', 'Mann–Kendall (Hamed–Rao)'),
    ev('floor_now', main.floorLast, 'bytes', `median of the last three bucket minima of ${tr ? live!.source : usageName}`),
    ev('gate', ctx.gateBytesPerHour, 'bytes/h', 'leak effect-size gate'),
  ];
  if (usage && tr) evidence.push(ev('working_set_slope', usage.slopePerHour, 'bytes/h', 'container_memory_working_set_bytes minima'));
  const flatness = main.p >= 0.01 ? 1 : Math.max(0, 1 - main.slopePerHour / ctx.gateBytesPerHour);
  const coverage = Math.min(1, main.spanMs / (30 * 60_000));
  const conf = clamp(0.5 + 0.25 * flatness + 0.2 * coverage - (ctx.missing.length ? 0.1 : 0), 0.4, 0.95);
  const why =
    main.shape === 'step'
      ? `it stepped once to ${bytes(main.floorLast)} and stayed there, which is not a ramp`
      : main.p >= 0.01
        ? `no significant trend (p=${main.p.toFixed(2)})`
        : `a trend of ${bytes(main.slopePerHour)}/h, below the ${bytes(ctx.gateBytesPerHour)}/h that would matter`;
  return [
    {
      verdict: 'healthy',
      confidence: conf,
      window: windowOf(ctx),
      evidence,
      explanation:
        `Over ${duration(main.spanMs / 1000)} the ${tr ? `live heap floor (lowest values of ${live!.source})` : `floor of ${usageName}`} stayed near ${bytes(main.floorLast)}: ${why}. ` +
        `The ups and downs are the normal GC sawtooth.`,
      recommendations: ['Nothing to do. Alert on floors (min_over_time) or on this diagnosis, not on raw usage peaks.'],
      ...(ctx.missing.length ? { missing: ctx.missing } : {}),
    },
  ];
}

/** healthy is the registered healthy detector. */
export const healthy: Detector = { name: 'healthy', detect: detectHealthy };
