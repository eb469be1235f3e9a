/**
 * format: pure formatters the status page uses to humanise numbers. They run in the browser (the
 * bundle ships their source, see bundle.ts) and in Node tests, so they use only the language itself.
 * Bundle rule: a function here may call other functions of this file by name, nothing else.
 */

/** Tone is the colour family of a status badge; the page always pairs it with text. */
export type Tone = 'bad' | 'warn' | 'good' | 'none';

/** significant rounds to about three significant digits, the precision an SRE reads at a glance. */
export function significant(x: number): string {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 0.01) return x.toFixed(2);
  return x.toPrecision(2);
}

/** humanBytes renders a byte count in IEC units (KiB, MiB, GiB…), as the kernel and Go report memory. */
export function humanBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const sign = n < 0 ? '-' : '';
  return i === 0 ? `${sign}${Math.round(v)} B` : `${sign}${significant(v)} ${units[i]}`;
}

/** humanDuration renders seconds as the two largest units ("3h 20m"); null or non-finite means unknown. */
export function humanDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 0) return '-' + humanDuration(-seconds);
  // Sub-minute values keep one decimal only while it still matters (1.5s, 7.2ms; not 39.0ms).
  const short = (v: number): string => (v >= 10 || Number.isInteger(v) ? String(Math.round(v)) : v >= 1 ? v.toFixed(1) : significant(v));
  if (seconds < 1) return seconds === 0 ? '0s' : `${short(seconds * 1000)}ms`;
  if (seconds < 60) return `${short(seconds)}s`;
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 86400), 'd'],
    [Math.floor((seconds % 86400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [Math.floor(seconds % 60), 's'],
  ];
  const first = parts.findIndex(([v]) => v > 0);
  const shown = parts.slice(first, first + 2).filter(([v]) => v > 0);
  return shown.map(([v, u]) => `${v}${u}`).join(' ');
}

/** humanCount renders a count with thousands separators and at most two decimals. */
export function humanCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n * 100) / 100;
  const [int, frac] = Math.abs(r).toFixed(Number.isInteger(r) ? 0 : 2).split('.') as [string, string?];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (r < 0 ? '-' : '') + grouped + (frac ? '.' + frac.replace(/0+$/, '') : '');
}

/** formatEvidence renders an evidence value by its unit (bytes, bytes/h, seconds, ratio, percent…). */
export function formatEvidence(value: number, unit: string): string {
  const rate = /^(.*)\/(s|m|h|d)$/.exec(unit);
  if (rate && rate[1] === 'bytes') return `${humanBytes(value)}/${rate[2]}`;
  if (rate && rate[1] === 'count') return `${humanCount(value)}/${rate[2]}`;
  switch (unit) {
    case 'bytes':
      return humanBytes(value);
    case 'seconds':
      return humanDuration(value);
    case 'ratio':
      return `${significant(value)} (${significant(value * 100)} %)`;
    case 'percent':
      return `${significant(value)} %`;
    case 'count':
      return humanCount(value);
    case 'p-value':
      return value < 0.001 ? value.toExponential(1) : significant(value);
    default:
      return unit ? `${significant(value)} ${unit}` : significant(value);
  }
}

/**
 * formatAlertValue renders an alert's value (Prometheus sends `9.423268188373365e-01`) in the unit
 * its rule reads: a time to the limit as a duration, bytes in IEC units, a 0–1 confidence or ratio
 * as a percentage, anything else with about three significant digits.
 */
export function formatAlertValue(raw: string | number | undefined, labels: Readonly<Record<string, string>>): string {
  if (raw === undefined || raw === '') return '—';
  const v = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(v)) return String(raw);
  const name = labels['alertname'] ?? '';
  if (/Limit|Seconds|Duration|Time/.test(name) && !/Ratio|Percent/.test(name)) return humanDuration(v);
  if (/Bytes|Memory|Heap|Rss|RSS/.test(name) && Math.abs(v) >= 1024) return humanBytes(v);
  if (labels['verdict'] !== undefined || labels['diagnosis'] !== undefined || /Ratio|Percent|Confidence|Usage|Saturation/.test(name) || (v > 0 && v < 1)) {
    if (v >= 0 && v <= 1) return `${significant(v * 100)} %`;
  }
  return Number.isInteger(v) ? humanCount(v) : significant(v);
}

/** chartUrl is the address of a target's chart, from its `job/instance` name or its labels. */
export function chartUrl(job: string, instance: string): string {
  return `/api/v1/chart.svg?job=${encodeURIComponent(job)}&instance=${encodeURIComponent(instance)}`;
}

/** formatConfidence renders a 0–1 confidence as a whole percentage. */
export function formatConfidence(c: number): string {
  if (!Number.isFinite(c)) return '—';
  return `${Math.round(Math.min(1, Math.max(0, c)) * 100)} %`;
}

/** verdictTone maps a verdict id to its badge colour: real leaks red, look-alikes amber. */
export function verdictTone(verdict: string): Tone {
  switch (verdict) {
    case 'heap_leak':
    case 'goroutine_leak':
    case 'offheap_leak':
      return 'bad';
    case 'page_cache':
    case 'runtime_retention':
    case 'fragmentation':
      return 'warn';
    case 'healthy':
      return 'good';
    default:
      return 'none';
  }
}

/** verdictText is the human label shown on a verdict badge, next to the stable id. */
export function verdictText(verdict: string): string {
  switch (verdict) {
    case 'heap_leak':
      return 'heap leak';
    case 'goroutine_leak':
      return 'goroutine leak';
    case 'offheap_leak':
      return 'off-heap leak';
    case 'page_cache':
      return 'page cache (not a leak)';
    case 'runtime_retention':
      return 'runtime retention (not a leak)';
    case 'fragmentation':
      return 'fragmentation (not a leak)';
    case 'healthy':
      return 'healthy';
    case 'insufficient_data':
      return 'insufficient data';
    default:
      return verdict;
  }
}

/** healthTone maps a target/rule health or alert state to a badge colour. */
export function healthTone(health: string): Tone {
  switch (health) {
    case 'up':
    case 'ok':
    case 'inactive':
      return 'good';
    case 'down':
    case 'err':
    case 'firing':
      return 'bad';
    case 'pending':
      return 'warn';
    default:
      return 'none';
  }
}

/** formatAgo renders how long before `now` (ms) an RFC 3339 time was; Go's zero time means never. */
export function formatAgo(iso: string | undefined, now: number): string {
  if (!iso || iso.startsWith('0001-01-01')) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, (now - t) / 1000);
  return s < 1 ? 'just now' : `${humanDuration(Math.round(s))} ago`;
}

/** pick walks a parsed JSON body by keys, yielding undefined where the shape differs (never throws). */
export function pick(body: unknown, ...path: string[]): unknown {
  let cur: unknown = body;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** asList returns `x` when it is an array and an empty list otherwise, so odd payloads render as empty. */
export function asList<T>(x: unknown): T[] {
  return Array.isArray(x) ? (x as T[]) : [];
}
