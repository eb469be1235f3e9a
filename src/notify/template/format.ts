/**
 * format: numbers for humans at 3 a.m. — bytes in binary units, rates, durations in words, and
 * evidence values by their declared unit — shared by every message body and the chart axes.
 */

/** humanizeBytes renders 1536 as "1.5 KiB" (binary units, as Go's runtime and cgroups count). */
export function humanizeBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  // Three significant digits, without trailing zeros: "3 GiB", "1.5 GiB", "38 MiB".
  const s = i === 0 ? String(Math.round(v)) : String(Number(v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)));
  return (n < 0 ? '-' : '') + s + ' ' + units[i];
}

/** humanizeNumber keeps small numbers exact and large ones short (12.3k, 4.5M). */
export function humanizeNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(1) + 'G';
  if (a >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (a >= 1e4) return (n / 1e3).toFixed(1) + 'k';
  if (Number.isInteger(n)) return String(n);
  return a >= 100 ? n.toFixed(0) : a >= 1 ? n.toFixed(2) : n.toPrecision(2);
}

/** humanizeDuration renders seconds as "3d 4h", "5h 12m", "42s". */
export function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  let s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 && m < 10 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

/** formatValue renders an evidence value by its unit (bytes, bytes/h, ratio, percent, count, …). */
export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'bytes':
      return humanizeBytes(value);
    case 'bytes/h':
      return `${value >= 0 ? '+' : ''}${humanizeBytes(value)}/h`;
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'percent':
      return `${value.toFixed(1)}%`;
    case 'count':
      return humanizeNumber(value);
    case 'count/h':
      return `${value >= 0 ? '+' : ''}${humanizeNumber(value)}/h`;
    case 'seconds':
      return humanizeDuration(value);
    case 'p-value':
      return value < 0.001 ? 'p < 0.001' : `p = ${value.toFixed(3)}`;
    default:
      return `${humanizeNumber(value)}${unit ? ' ' + unit : ''}`;
  }
}

/** formatTime renders ms since epoch as `2026-11-22 01:02 UTC`, unambiguous across time zones. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
