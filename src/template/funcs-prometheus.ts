/**
 * funcs-prometheus: the template functions Prometheus adds for alert annotations and consoles
 * (prometheus/prometheus template/template.go), with its exact output formats: humanize* use
 * `%.4g` with SI or binary prefixes, timestamps print as Go's time.Time in UTC at millisecond
 * precision, and query results are `{Labels, Value}` samples from an injected query function.
 */
import { isIP } from 'node:net';
import { parseDuration } from '../model/duration.js';
import { queryEscape } from './funcs-builtin.js';
import type { TemplateFunc } from './exec.js';
import { formatG } from './format.js';
import { goRegExp, goReplaceAll } from './regexp.js';
import { GoDuration, GoTime, goTypeName } from './values.js';

/** QuerySample is one element of a template query result, shaped like Prometheus' `sample` struct. */
export interface QuerySample {
  readonly Labels: Readonly<Record<string, string>>;
  readonly Value: number;
}

/** TemplateQueryFn runs an instant PromQL query for `query`; it is synchronous because templates are. */
export type TemplateQueryFn = (query: string) => readonly QuerySample[];

/** toFloat mirrors Prometheus' convertToFloat: numbers, numeric strings, ints and durations. */
export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoDuration) return Number(v.nanos) / 1e9;
  if (typeof v === 'string') return parseGoFloat(v);
  throw new Error(`can't convert ${goTypeName(v)} to float`);
}

function parseGoFloat(s: string): number {
  const t = s.trim() === s ? s : '';
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return Number(t.replace(/^([+-]?)0[xX]/, '$10x').replace(/^\+/, ''));
  throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
}

function scaled(v: number, base: number, prefixes: readonly string[]): string {
  let prefix = '';
  for (const p of prefixes) {
    if (Math.abs(v) < base) break;
    prefix = p;
    v /= base;
  }
  return formatG(v, 4) + prefix;
}

function shrunk(v: number, suffix = ''): string {
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return formatG(v, 4) + prefix + suffix;
}

/** humanize renders a number with SI prefixes: 1234567 → "1.235M", 0.0012 → "1.2m". */
export function humanize(x: unknown): string {
  const v = toFloat(x);
  if (v === 0 || !Number.isFinite(v)) return formatG(v, 4);
  if (Math.abs(v) >= 1) return scaled(v, 1000, ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']);
  return shrunk(v);
}

/** humanize1024 renders a number with binary prefixes: 1048576 → "1Mi". */
export function humanize1024(x: unknown): string {
  const v = toFloat(x);
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return formatG(v, 4);
  return scaled(v, 1024, ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']);
}

/** humanizeDuration renders seconds: 3661 → "1h 1m 1s", 0.25 → "250ms". */
export function humanizeDuration(x: unknown): string {
  let v = toFloat(x);
  if (!Number.isFinite(v)) return formatG(v, 4);
  if (v === 0) return formatG(v, 4) + 's';
  if (Math.abs(v) < 1) return shrunk(v, 's');
  const sign = v < 0 ? '-' : '';
  v = Math.abs(v);
  const whole = Math.trunc(v);
  const seconds = whole % 60;
  const minutes = Math.trunc(whole / 60) % 60;
  const hours = Math.trunc(whole / 3600) % 24;
  const days = Math.trunc(whole / 86400);
  if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
  if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
  if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
  return `${sign}${formatG(v, 4)}s`;
}

/** floatToTime converts Unix seconds to a GoTime truncated to milliseconds, as model.Time does. */
function floatToTime(v: number): GoTime {
  const ns = v * 1e9;
  // 2^63 is exactly representable as a double, so this is the int64 range check Prometheus does.
  if (ns >= 2 ** 63 || ns < -(2 ** 63)) {
    throw new Error(`${v.toFixed(6)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  const ms = BigInt(Math.trunc(ns)) / 1_000_000n;
  return new GoTime(ms * 1_000_000n);
}

/** stripPort drops `:port` from host:port, leaving anything else unchanged. */
export function stripPort(hostPort: string): string {
  const hp = splitHostPort(hostPort);
  return hp ? hp.host : hostPort;
}

/** stripDomain keeps the first label of a host name (and the port), leaving IP addresses alone. */
export function stripDomain(hostPort: string): string {
  const hp = splitHostPort(hostPort);
  const host = hp ? hp.host : hostPort;
  if (isIp(host)) return hostPort;
  const short = host.split('.')[0]!;
  if (hp && hp.port !== '') return short.includes(':') ? `[${short}]:${hp.port}` : `${short}:${hp.port}`;
  return short;
}

function isIp(h: string): boolean {
  return isIP(h) !== 0;
}

/** splitHostPort follows net.SplitHostPort: `host:port` or `[v6]:port`, otherwise undefined. */
function splitHostPort(s: string): { host: string; port: string } | undefined {
  if (s.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(s);
    return m ? { host: m[1]!, port: m[2]! } : undefined;
  }
  const i = s.lastIndexOf(':');
  if (i < 0 || s.indexOf(':') !== i) return undefined;
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

/** title is Go's strings.Title: upper-case the first letter of each word (words split at non-alphanumerics). */
export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function isSeparator(ch: string): boolean {
  if (/[0-9A-Za-z_]/.test(ch)) return false;
  if (ch.charCodeAt(0) <= 0x7f) return true;
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

function asSample(v: unknown, fn: string): QuerySample {
  if (v === null || typeof v !== 'object' || !('Labels' in v)) throw new Error(`${fn}: expected a sample, got ${goTypeName(v)}`);
  return v as QuerySample;
}

function asString(v: unknown, fn: string): string {
  if (typeof v !== 'string') throw new Error(`wrong type for value; expected string; got ${goTypeName(v)} (in ${fn})`);
  return v;
}

/** prometheusFuncs returns the function map; `query` and friends use `queryFn`, `externalURL` feeds externalURL/pathPrefix. */
export function prometheusFuncs(queryFn?: TemplateQueryFn, externalURL = ''): Map<string, TemplateFunc> {
  return new Map<string, TemplateFunc>([
    ['query', (q) => {
      if (!queryFn) throw new Error('query is not available here (no query function)');
      return [...queryFn(asString(q, 'query'))];
    }],
    ['first', (v) => {
      if (!Array.isArray(v) || v.length === 0) throw new Error('first() called on vector with no elements');
      return v[0] as unknown;
    }],
    ['label', (l, s) => asSample(s, 'label').Labels[asString(l, 'label')] ?? ''],
    ['value', (s) => asSample(s, 'value').Value],
    ['strvalue', (s) => asSample(s, 'strvalue').Labels['__value__'] ?? ''],
    ['sortByLabel', (l, v) => {
      const name = asString(l, 'sortByLabel');
      if (!Array.isArray(v)) throw new Error(`sortByLabel: expected a query result, got ${goTypeName(v)}`);
      const key = (s: unknown): string => asSample(s, 'sortByLabel').Labels[name] ?? '';
      // Array.prototype.sort is stable, like sort.Stable.
      return [...(v as unknown[])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    }],
    ['args', (...a) => Object.fromEntries(a.map((x, i) => [`arg${i}`, x]))],
    ['reReplaceAll', (p, r, t) => goReplaceAll(goRegExp(asString(p, 'reReplaceAll')), asString(t, 'reReplaceAll'), asString(r, 'reReplaceAll'))],
    ['safeHtml', (t) => asString(t, 'safeHtml')],
    ['match', (p, s) => goRegExp(asString(p, 'match')).test(asString(s, 'match'))],
    ['title', (s) => title(asString(s, 'title'))],
    ['toUpper', (s) => asString(s, 'toUpper').toUpperCase()],
    ['toLower', (s) => asString(s, 'toLower').toLowerCase()],
    ['stripPort', (s) => stripPort(asString(s, 'stripPort'))],
    ['stripDomain', (s) => stripDomain(asString(s, 'stripDomain'))],
    ['urlQueryEscape', (s) => queryEscape(asString(s, 'urlQueryEscape'))],
    ['humanize', humanize],
    ['humanize1024', humanize1024],
    ['humanizeDuration', humanizeDuration],
    ['humanizePercentage', (x) => formatG(toFloat(x) * 100, 4) + '%'],
    ['humanizeTimestamp', (x) => {
      const v = toFloat(x);
      return Number.isFinite(v) ? floatToTime(v).toString() : formatG(v, 4);
    }],
    ['toTime', (x) => {
      const v = toFloat(x);
      if (!Number.isFinite(v)) throw new Error('value is NaN or Inf');
      return floatToTime(v);
    }],
    ['toDuration', (x) => new GoDuration(BigInt(Math.trunc(toFloat(x) * 1e9)))],
    ['parseDuration', (s) => parseDuration(asString(s, 'parseDuration')) / 1000],
    ['externalURL', () => externalURL],
    ['pathPrefix', () => {
      try {
        return new URL(externalURL).pathname.replace(/\/$/, '');
      } catch {
        return '';
      }
    }],
  ]);
}
