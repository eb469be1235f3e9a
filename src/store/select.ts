/**
 * select: reading one series for a query. Without a rollup hint only raw samples come back; with one,
 * raw samples where they still exist and, before them, finer tiers before coarser ones, so each
 * stretch of time is answered once at the best resolution held.
 */
import type { MemSeries } from './series.js';
import type { Rollup } from './store.js';

/** readSeries returns the samples of `s` in [mint, maxt], stitched from rollups when asked. */
export function readSeries(s: MemSeries, mint: number, maxt: number, rollup: Rollup | undefined): { t: Float64Array; v: Float64Array } {
  const raw = s.raw.read(mint, maxt);
  if (rollup === undefined || s.tiers.length === 0) return { t: raw.t, v: raw.v[0]! };
  const parts: { t: Float64Array; v: Float64Array }[] = [{ t: raw.t, v: raw.v[0]! }];
  // A bucket [start, end) is used only if it ends at or before where finer data begins: the first
  // raw sample for the finest tier, then the first bucket start of the tier just finer.
  let boundary = s.raw.mint;
  for (const tier of s.tiers) {
    if (mint <= boundary) {
      const part = tier.read(mint, Math.min(maxt, boundary), rollup);
      if (part.t.length > 0) parts.push(part);
    }
    boundary = Math.min(boundary, tier.firstStart());
  }
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.t.length;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let at = 0;
  for (let i = parts.length - 1; i >= 0; i--) {
    t.set(parts[i]!.t, at);
    v.set(parts[i]!.v, at);
    at += parts[i]!.t.length;
  }
  return { t, v };
}
