/**
 * format: writes samples back out as text 0.0.4 or OpenMetrics. Used by round-trip tests and to
 * write OpenMetrics recordings (with timestamps) that `readRecording` and promtool can read back.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { METRIC_NAME } from '../../model/labels.js';
import { isLabelName, isMetricName } from './chars.js';
import { familyOf } from './family.js';
import type { ExpositionFormat, FamilyMeta, MetricType, ParsedSample } from './types.js';

const TEXT_TYPES: ReadonlySet<MetricType> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * formatExposition renders samples in their given order; each family's metadata goes just before
 * its first sample, families without samples at the end, and OpenMetrics gets its `# EOF`.
 */
export function formatExposition(
  samples: readonly ParsedSample[],
  families: ReadonlyMap<string, FamilyMeta>,
  format: ExpositionFormat,
): string {
  const om = format === 'openmetrics';
  const written = new Set<string>();
  let out = '';
  for (const s of samples) {
    const name = s.labels[METRIC_NAME];
    if (name === undefined || !isMetricName(name)) throw cannot(`invalid metric name ${JSON.stringify(name ?? '')}`);
    const fam = families.size === 0 ? undefined : familyOf(name, families);
    if (fam !== undefined && !written.has(fam)) {
      written.add(fam);
      out += formatMeta(fam, families.get(fam)!, om);
    }
    out += name + formatLabelSet(s.labels) + ' ' + formatValue(s.value);
    if (s.timestampMs !== undefined) out += ' ' + (om ? formatSeconds(s.timestampMs) : String(Math.round(s.timestampMs)));
    out += '\n';
  }
  for (const [fam, meta] of families) {
    if (!written.has(fam)) out += formatMeta(fam, meta, om);
  }
  return om ? out + '# EOF\n' : out;
}

/** formatMeta writes the HELP/TYPE (and in OpenMetrics UNIT) lines of one family. */
export function formatMeta(family: string, meta: FamilyMeta, om: boolean): string {
  if (!isMetricName(family)) throw cannot(`invalid family name ${JSON.stringify(family)}`);
  let out = '';
  if (meta.help !== undefined) out += `# HELP ${family} ${escapeHelp(meta.help, om)}\n`;
  let type: MetricType = meta.type;
  if (om && type === 'untyped') type = 'unknown';
  if (!om && !TEXT_TYPES.has(type)) type = 'untyped';
  out += `# TYPE ${family} ${type}\n`;
  if (om && meta.unit !== undefined && meta.unit !== '') out += `# UNIT ${family} ${meta.unit}\n`;
  return out;
}

/** formatLabelSet renders `{a="1",b="2"}` without `__name__`, or nothing when there are no other labels. */
export function formatLabelSet(labels: Readonly<Record<string, string>>): string {
  let out = '';
  for (const k in labels) {
    if (k === METRIC_NAME) continue;
    if (!isLabelName(k)) throw cannot(`invalid label name ${JSON.stringify(k)}`);
    out += (out === '' ? '{' : ',') + k + '="' + escapeValue(labels[k]!) + '"';
  }
  return out === '' ? '' : out + '}';
}

/** formatValue writes a float the way Go clients do for the specials, and shortest round-trip otherwise. */
export function formatValue(v: number): string {
  if (v !== v) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0 && 1 / v < 0) return '-0';
  return String(v);
}

/** formatSeconds turns integer ms into exact decimal seconds (`1700000000.123`), avoiding float noise. */
export function formatSeconds(ms: number): string {
  const r = Math.round(ms);
  const neg = r < 0;
  const a = Math.abs(r);
  const whole = Math.floor(a / 1000);
  const frac = a - whole * 1000;
  let s = String(whole);
  if (frac !== 0) s += '.' + String(frac).padStart(3, '0').replace(/0+$/, '');
  return neg ? '-' + s : s;
}

function escapeValue(v: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 92 || c === 34 || c === 10) {
      out += v.slice(from, i) + (c === 10 ? '\\n' : c === 92 ? '\\\\' : '\\"');
      from = i + 1;
    }
  }
  return from === 0 ? v : out + v.slice(from);
}

function escapeHelp(h: string, om: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (c === 92 || c === 10 || (om && c === 34)) {
      out += h.slice(from, i) + (c === 10 ? '\\n' : c === 92 ? '\\\\' : '\\"');
      from = i + 1;
    }
  }
  return from === 0 ? h : out + h.slice(from);
}

function cannot(message: string): DaemonError {
  return new DaemonError(ErrorCode.EXPOSITION_PARSE, `cannot format exposition: ${message}`);
}
