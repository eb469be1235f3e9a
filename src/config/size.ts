/**
 * size: byte sizes as Prometheus writes them (`body_size_limit: 10MB`), which follow
 * alecthomas/units Base2Bytes: KB, MB, GB… are powers of 1024, like KiB, MiB, GiB.
 */

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1024,
  KiB: 1024,
  MB: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1024 ** 3,
  GiB: 1024 ** 3,
  TB: 1024 ** 4,
  TiB: 1024 ** 4,
  PB: 1024 ** 5,
  PiB: 1024 ** 5,
};

/** parseSize returns bytes for a non-negative integer or `<n><unit>`, or undefined when it is not a size. */
export function parseSize(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  const m = /^(\d+)([A-Za-z]+)?$/.exec(v.trim());
  if (!m) return undefined;
  const mult = m[2] === undefined ? 1 : UNITS[m[2]];
  if (mult === undefined) return undefined;
  const n = Number(m[1]) * mult;
  return Number.isSafeInteger(n) ? n : undefined;
}
