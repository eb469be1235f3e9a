/**
 * format: sample values as Prometheus' API prints them (Go's strconv.FormatFloat(v, 'f', -1, 64)):
 * the shortest decimal that round-trips, never in exponent notation, with NaN, +Inf and -Inf.
 */

/** formatSampleValue renders one value for the JSON API. */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  if (!s.includes('e')) return s;
  return expandExponent(s);
}

/** expandExponent rewrites JS's shortest `1.5e-7` form into plain digits without losing digits. */
function expandExponent(s: string): string {
  const neg = s.startsWith('-');
  const [mant, expStr] = (neg ? s.slice(1) : s).split('e') as [string, string];
  const exp = Number(expStr);
  const [intPart, frac = ''] = mant.split('.') as [string, string?];
  const digits = intPart + frac;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + out;
}
