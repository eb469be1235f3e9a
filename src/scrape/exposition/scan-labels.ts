/**
 * scan-labels: the `{name="value",...}` part of a sample line. It records offsets only; values are
 * sliced (and unescaped when they had a backslash) later, and only if the sink asks for labels.
 */
import { CH, LABEL_CHAR, LABEL_START } from './chars.js';
import { parseError } from './position.js';

/** LabelOffsets collects [nameStart, nameEnd, valueStart, valueEnd] per label plus an escape flag. */
export interface LabelOffsets {
  offs: number[];
  escaped: boolean[];
  count: number;
}

/**
 * scanLabelSet reads labels from just after `{` and returns the offset just after `}`. In text mode
 * (strict = false) blanks may surround every token and commas are optional, as in Prometheus'
 * lexer; OpenMetrics (strict) wants `a="1",b="2"` with nothing in between.
 */
export function scanLabelSet(t: string, p: number, strict: boolean, out: LabelOffsets): number {
  const n = t.length;
  let c = t.charCodeAt(p);
  if (strict) {
    if (c === CH.RBRACE) return p + 1;
    for (;;) {
      p = scanLabel(t, p, false, out);
      c = t.charCodeAt(p);
      if (c === CH.RBRACE) return p + 1;
      if (c !== CH.COMMA) throw unexpected(t, p, 'expected "," or "}" after label value');
      p++;
    }
  }
  for (;;) {
    while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    if (c === CH.RBRACE) return p + 1;
    if (p >= n || c === CH.LF) throw parseError(t, p, 'unterminated label set: missing "}"');
    p = scanLabel(t, p, true, out);
    c = t.charCodeAt(p);
    while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    if (c === CH.COMMA) c = t.charCodeAt(++p);
  }
}

// scanLabel reads one `name="value"` (with optional blanks around "=" in text mode).
function scanLabel(t: string, p: number, blanks: boolean, out: LabelOffsets): number {
  const n = t.length;
  const ns = p;
  let c = t.charCodeAt(p);
  if (!(c < 128 && LABEL_START[c] === 1)) {
    throw unexpected(t, p, c === CH.COMMA ? 'unexpected ","; expected a label name' : 'expected a label name');
  }
  for (c = t.charCodeAt(++p); c < 128 && LABEL_CHAR[c] === 1; c = t.charCodeAt(++p));
  const ne = p;
  if (blanks) while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
  if (c !== CH.EQ) throw unexpected(t, p, `expected "=" after label name "${t.slice(ns, ne)}"`);
  c = t.charCodeAt(++p);
  if (blanks) while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
  if (c !== CH.QUOTE) throw unexpected(t, p, `expected a quoted value for label "${t.slice(ns, ne)}"`);
  const quote = p;
  const vs = ++p;
  let esc = false;
  for (;;) {
    c = t.charCodeAt(p);
    if (c === CH.QUOTE) break;
    if (c === CH.BACKSLASH) {
      const e = t.charCodeAt(p + 1);
      if (e !== CH.BACKSLASH && e !== CH.QUOTE && e !== 110) {
        if (p + 1 >= n || e === CH.LF) throw parseError(t, quote, 'unterminated label value');
        throw parseError(t, p, `invalid escape sequence "\\${t[p + 1]}" in label value (allowed: \\\\, \\", \\n)`);
      }
      esc = true;
      p += 2;
      continue;
    }
    if (c === CH.LF || p >= n) throw parseError(t, quote, 'unterminated label value');
    p++;
  }
  checkDuplicate(t, ns, ne, out);
  const k = out.count++;
  const b = k * 4;
  out.offs[b] = ns;
  out.offs[b + 1] = ne;
  out.offs[b + 2] = vs;
  out.offs[b + 3] = p;
  out.escaped[k] = esc;
  return p + 1;
}

// checkDuplicate compares the new name with the earlier ones by offsets, so no strings are made.
// `__name__` inside braces would clash with the metric name, so it counts as a duplicate too.
function checkDuplicate(t: string, ns: number, ne: number, out: LabelOffsets): void {
  const len = ne - ns;
  if (len === 8 && t.startsWith('__name__', ns)) {
    throw parseError(t, ns, 'duplicate label name "__name__" (the metric name is already set)');
  }
  const o = out.offs;
  for (let k = 0; k < out.count; k++) {
    const s = o[k * 4]!;
    if (o[k * 4 + 1]! - s !== len) continue;
    let same = true;
    for (let i = 0; i < len; i++) {
      if (t.charCodeAt(s + i) !== t.charCodeAt(ns + i)) {
        same = false;
        break;
      }
    }
    if (same) throw parseError(t, ns, `duplicate label name "${t.slice(ns, ne)}"`);
  }
}

function unexpected(t: string, p: number, message: string): Error {
  if (p >= t.length || t.charCodeAt(p) === CH.LF) return parseError(t, p, 'unterminated label set: missing "}"');
  return parseError(t, p, message);
}
