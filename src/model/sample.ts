/**
 * sample: values and the staleness marker. Prometheus marks a series stale with one specific NaN
 * (bits 0x7ff0000000000002). V8 quiets NaNs stored in plain arrays (0x7ff8000000000002), so we use
 * the quiet form as canonical and recognise both by their payload.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** STALE_NAN is the value appended to a series that disappeared from its target. */
export const STALE_NAN: number = (() => {
  u32[0] = 2; // low word (little-endian)
  u32[1] = 0x7ff80000;
  return f64[0]!;
})();

/** isStaleNaN tells a staleness marker apart from an ordinary NaN sample. */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  f64[0] = v;
  return u32[0] === 2 && (u32[1]! & 0x7ff7ffff) === 0x7ff00000;
}

/** Sample is one value of one series at one time (ms since epoch). */
export interface Sample {
  readonly t: number;
  readonly v: number;
}
