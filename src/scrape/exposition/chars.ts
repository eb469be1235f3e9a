/**
 * chars: character classes of the exposition grammar as lookup tables, so the scanner tests a
 * character with one array read instead of a regex or a chain of comparisons.
 */

/** NAME_START marks [a-zA-Z_:], the first character of a metric name. */
export const NAME_START = new Uint8Array(128);
/** NAME_CHAR marks [a-zA-Z0-9_:], the rest of a metric name. */
export const NAME_CHAR = new Uint8Array(128);
/** LABEL_START marks [a-zA-Z_], the first character of a label name (no colons in label names). */
export const LABEL_START = new Uint8Array(128);
/** LABEL_CHAR marks [a-zA-Z0-9_]. */
export const LABEL_CHAR = new Uint8Array(128);

for (let c = 0; c < 128; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  LABEL_START[c] = alpha ? 1 : 0;
  LABEL_CHAR[c] = alpha || digit ? 1 : 0;
  NAME_START[c] = alpha || c === 58 ? 1 : 0;
  NAME_CHAR[c] = alpha || digit || c === 58 ? 1 : 0;
}

/** CH names the character codes the scanner compares against, for readability. */
export const CH = {
  TAB: 9,
  LF: 10,
  SPACE: 32,
  QUOTE: 34,
  HASH: 35,
  PLUS: 43,
  COMMA: 44,
  MINUS: 45,
  DOT: 46,
  ZERO: 48,
  NINE: 57,
  EQ: 61,
  BACKSLASH: 92,
  LBRACE: 123,
  RBRACE: 125,
} as const;

/** isMetricName tells whether a whole string is a valid metric name. */
export function isMetricName(s: string): boolean {
  if (s.length === 0) return false;
  const c0 = s.charCodeAt(0);
  if (c0 >= 128 || NAME_START[c0] !== 1) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || NAME_CHAR[c] !== 1) return false;
  }
  return true;
}

/** isLabelName tells whether a whole string is a valid label name. */
export function isLabelName(s: string): boolean {
  if (s.length === 0) return false;
  const c0 = s.charCodeAt(0);
  if (c0 >= 128 || LABEL_START[c0] !== 1) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || LABEL_CHAR[c] !== 1) return false;
  }
  return true;
}

/**
 * sameAt tells whether `s` occurs in `t` at `p`. A slice plus `===` measured 1.5–2.5× faster than
 * `t.startsWith(s, p)` or a charCodeAt loop on this runtime (V8 compares flat strings natively,
 * and the short-lived slice costs one young-generation allocation); it is called for every name
 * and repeated label value of every line, so this matters.
 */
export function sameAt(t: string, p: number, s: string): boolean {
  return t.slice(p, p + s.length) === s;
}
