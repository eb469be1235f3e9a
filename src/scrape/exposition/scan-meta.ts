/**
 * scan-meta: the text after `# HELP name`, `# TYPE name` and `# UNIT name`.
 */
import { CH } from './chars.js';
import { parseError, quoteSnippet } from './position.js';
import type { ExpositionFormat, MetricType } from './types.js';

const TEXT_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const OM_TYPES: ReadonlySet<string> = new Set([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
]);

/**
 * readHelp unescapes HELP text in t[p, eol). Text 0.0.4 knows `\\` and `\n`; OpenMetrics also `\"`.
 * Any other escape is an error, as in promtool (Prometheus itself would keep the backslash).
 */
export function readHelp(t: string, p: number, eol: number, om: boolean): string {
  let i = t.indexOf('\\', p);
  if (i === -1 || i >= eol) return t.slice(p, eol);
  let out = '';
  let from = p;
  for (; i !== -1 && i < eol; i = t.indexOf('\\', from)) {
    const e = t.charCodeAt(i + 1);
    let r: string;
    if (e === CH.BACKSLASH) r = '\\';
    else if (e === 110) r = '\n';
    else if (om && e === CH.QUOTE) r = '"';
    else if (i + 1 >= eol) throw parseError(t, i, 'HELP text ends with a lone backslash');
    else throw parseError(t, i, `invalid escape sequence "\\${t[i + 1]}" in HELP (allowed: \\\\, \\n${om ? ', \\"' : ''})`);
    out += t.slice(from, i) + r;
    from = i + 2;
  }
  return out + t.slice(from, eol);
}

/** readType checks the TYPE word in t[p, eol) against the format's list of types. */
export function readType(t: string, p: number, eol: number, format: ExpositionFormat): MetricType {
  let end = eol;
  if (format === 'prometheus') {
    while (end > p && (t.charCodeAt(end - 1) === CH.SPACE || t.charCodeAt(end - 1) === CH.TAB)) end--;
  }
  const word = t.slice(p, end);
  const known = format === 'prometheus' ? TEXT_TYPES : OM_TYPES;
  if (!known.has(word)) {
    const list = [...known].join(', ');
    throw parseError(t, p, `invalid metric type ${quoteSnippet(word)} (want one of ${list})`);
  }
  return word as MetricType;
}

/** readUnit returns the UNIT text, which OpenMetrics requires to be a `_unit` suffix of the family name. */
export function readUnit(t: string, p: number, eol: number, family: string): string {
  const unit = t.slice(p, eol);
  if (unit !== '' && !(family.length > unit.length + 1 && family.endsWith('_' + unit))) {
    throw parseError(t, p, `unit ${quoteSnippet(unit)} is not a suffix of metric "${family}"`);
  }
  return unit;
}
