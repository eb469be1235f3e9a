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
  // A bucket [start, end) is stamped at `end`. Next to raw data it is used only if it ends strictly
  // before the first raw sample (no two points may share a timestamp); next to a finer tier, if it
  // ends at or before that tier's first bucket start. Each stretch is answered once, finest first.
  let limit = s.raw.count > 0 ? s.raw.mint - 1 : Infinity;
  for (const tier of s.tiers) {
    if (mint <= limit) {
      const part = tier.read(mint, Math.min(maxt, limit), rollup);
      if (part.t.length > 0) parts.push(part);
    }
    limit = Math.min(limit, tier.firstStart());
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
