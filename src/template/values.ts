/**
 * values: how Go values look inside the template engine. JS numbers are Go float64 (Prometheus'
 * `$value` is a float64), bigints are Go ints (template literals like `3`, `len`, range indexes),
 * and GoTime/GoDuration stand for time.Time and time.Duration so they print the way Go prints them.
 */

/** GoTime is a time.Time in UTC with nanosecond precision (ms since epoch plus extra nanoseconds). */
export class GoTime {
  constructor(
    readonly unixNanos: bigint,
  ) {}

  /** fromSeconds converts a float Unix timestamp, as Prometheus' toTime/humanizeTimestamp do. */
  static fromSeconds(v: number): GoTime {
    // Go computes int64(v*1e9): go through the float product, then truncate.
    return new GoTime(BigInt(Math.trunc(v * 1e9)));
  }

  /** toString renders Go's time.Time.String() for UTC: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
  toString(): string {
    const ns = this.unixNanos;
    let secs = ns / 1_000_000_000n;
    let frac = ns % 1_000_000_000n;
    if (frac < 0n) {
      frac += 1_000_000_000n;
      secs -= 1n;
    }
    const d = new Date(Number(secs) * 1000);
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    let s = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    if (frac !== 0n) s += '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
    return s + ' +0000 UTC';
  }
}

/** GoDuration is a time.Duration in nanoseconds; toString matches Go's Duration.String (`1h1m1s`, `1.5s`, `2ms`). */
export class GoDuration {
  constructor(readonly nanos: bigint) {}

  toString(): string {
    let n = this.nanos;
    if (n === 0n) return '0s';
    const neg = n < 0n;
    if (neg) n = -n;
    let out: string;
    if (n < 1_000_000_000n) {
      // Sub-second durations use the largest unit that keeps a non-zero integer part.
      const [unit, size] = n < 1000n ? ['ns', 1n] : n < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
      out = fracString(n, size) + unit;
    } else {
      const h = n / 3_600_000_000_000n;
      const m = (n / 60_000_000_000n) % 60n;
      const s = fracString(n % 60_000_000_000n, 1_000_000_000n) + 's';
      out = h > 0n ? `${h}h${m}m${s}` : m > 0n ? `${m}m${s}` : s;
    }
    return (neg ? '-' : '') + out;
  }
}

function fracString(n: bigint, unit: bigint): string {
  const whole = n / unit;
  const rest = n % unit;
  if (rest === 0n) return whole.toString();
  const width = unit.toString().length - 1;
  return `${whole}.${rest.toString().padStart(width, '0').replace(/0+$/, '')}`;
}

/** isTruthy is Go template truth: false, 0, nil and empty strings, lists and maps are false. */
export function isTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof GoTime || v instanceof GoDuration) return true;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** goTypeName names a value's Go type for error messages like `%!d(string=x)`. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoTime) return 'time.Time';
  if (v instanceof GoDuration) return 'time.Duration';
  return 'map[string]interface {}';
}

/** mapEntries lists a map-like value's entries sorted by key, the order Go's fmt and range use. */
export function mapEntries(v: object): Array<[string, unknown]> {
  const entries: Array<[string, unknown]> = v instanceof Map ? [...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]) : Object.entries(v);
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
