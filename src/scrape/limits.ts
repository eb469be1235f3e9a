/**
 * limits: the per-series label checks of Prometheus' scrape loop (scrape/scrape.go,
 * verifyLabelLimits). They run once per new series, after the target's labels are merged, as in
 * Prometheus, so a cached series costs nothing. Lengths are in bytes of UTF-8 like Go's len(), and
 * the messages are Prometheus' own, so `lastError` reads the same in both /api/v1/targets.
 */
import type { Labels } from '../model/labels.js';
import { METRIC_NAME } from '../model/labels.js';

/** LabelLimits are the three label limits; 0 means no limit. */
export interface LabelLimits {
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
}

/** checkLabelLimits returns Prometheus' error text for the first limit a series breaks, or undefined. */
export function checkLabelLimits(labels: Labels, limits: LabelLimits): string | undefined {
  const { labelLimit, labelNameLengthLimit, labelValueLengthLimit } = limits;
  if (labelLimit === 0 && labelNameLengthLimit === 0 && labelValueLengthLimit === 0) return undefined;
  const met = labels[METRIC_NAME] ?? '';
  const names = Object.keys(labels);
  if (labelLimit > 0 && names.length > labelLimit) {
    return `label_limit exceeded (metric: ${trunc(met)}, number of labels: ${names.length}, limit: ${labelLimit})`;
  }
  if (labelNameLengthLimit === 0 && labelValueLengthLimit === 0) return undefined;
  // Prometheus walks labels in sorted order; report the same label when several break a limit.
  for (const name of names.sort()) {
    const value = labels[name]!;
    if (labelNameLengthLimit > 0) {
      const n = byteLength(name);
      if (n > labelNameLengthLimit) return `label_name_length_limit exceeded (metric: ${trunc(met)}, label name: ${trunc(name)}, length: ${n}, limit: ${labelNameLengthLimit})`;
    }
    if (labelValueLengthLimit > 0) {
      const n = byteLength(value);
      if (n > labelValueLengthLimit) {
        return `label_value_length_limit exceeded (metric: ${trunc(met)}, label name: ${trunc(name)}, value: ${goQuote(trunc(value))}, length: ${n}, limit: ${labelValueLengthLimit})`;
      }
    }
  }
  return undefined;
}

// byteLength is Go's len() of a string: UTF-8 bytes. ASCII, the usual case, needs no encoding.
function byteLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

// trunc is Go's `%.50s`: the precision counts runes (code points), not bytes or UTF-16 units.
function trunc(s: string): string {
  if (s.length <= 50) return s;
  return Array.from(s).slice(0, 50).join('');
}

// goQuote renders a string as Go's %q does for the characters a label value usually holds:
// backslash and double quote escaped, control characters as \n, \t or \x.. escapes.
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}
