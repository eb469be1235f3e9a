/**
 * scan-labels: the `{name="value",...}` part of a sample line. It records offsets only; values are
 * sliced (and unescaped when they had a backslash) later, and only if the sink asks for labels.
 *
 * Speed comes from doing as little per-character work in JS as possible: label values end at a
 * quote found with native `indexOf`, backslashes are found the same way (one cached position for
 * the whole payload), and a label name is first tried as "the same name as in the previous line
 * at this index" with one native `startsWith`, which is what consecutive lines of a family share.
 */
import { CH, LABEL_CHAR, LABEL_START, sameAt } from './chars.js';
import { parseError } from './position.js';

/** LabelOffsets collects [nameStart, nameEnd, valueStart, valueEnd] per label plus scan caches. */
export interface LabelOffsets {
  offs: number[];
  escaped: boolean[];
  count: number;
  /** names[k] is the k-th label name of the latest line; labels() reuses these strings as keys. */
  names: string[];
  /** bs caches the offset of the next backslash at or after the last search (text.length if none). */
  bs: number;
  /** distinct is how many leading entries of `names` are known to be pairwise different (and not `__name__`). */
  distinct: number;
  /** shape changes whenever `names` changes, so callers can cache per label-name sequence. */
  shape: number;
  /**
   * leads[k] is the raw text that led up to the k-th value on the latest line (blanks, comma,
   * name, "=", opening quote); leadName[k] is where the name starts in it. A line whose text
   * there is identical was already validated, so one compare replaces the per-character checks.
   */
  leads: string[];
  leadName: number[];
}

/** newLabelOffsets returns empty scan state. */
export function newLabelOffsets(): LabelOffsets {
  return { offs: [], escaped: [], count: 0, names: [], bs: -1, distinct: 0, shape: 0, leads: [], leadName: [] };
}

/**
 * scanLabelSet reads labels from just after `{` up to `eol` and returns the offset just after `}`.
 * In text mode (strict = false) blanks may surround every token and commas are optional, as in
 * Prometheus' lexer; OpenMetrics (strict) wants `a="1",b="2"` with nothing in between.
 */
export function scanLabelSet(t: string, p: number, eol: number, strict: boolean, out: LabelOffsets): number {
  let c: number;
  if (strict) {
    if (t.charCodeAt(p) === CH.RBRACE) return p + 1;
    for (;;) {
      const k = out.count;
      const lead = out.leads[k];
      if (lead !== undefined && sameAt(t, p, lead)) {
        const ns = p + out.leadName[k]!;
        p = scanValue(t, p + lead.length - 1, eol, ns, ns + out.names[k]!.length, out);
      } else {
        const from = p;
        p = scanLabel(t, p, eol, false, out);
        rememberLead(t, from, out);
      }
      c = t.charCodeAt(p);
      if (c === CH.RBRACE) return p + 1;
      if (c !== CH.COMMA) throw unexpected(t, p, eol, 'expected "," or "}" after label value');
      p++;
    }
  }
  // p is just after "{" or after the previous value's closing quote. What may follow: blanks, one
  // comma (not before the first label), blanks, then "}" or the next label.
  for (;;) {
    const k = out.count;
    const lead = out.leads[k];
    if (lead !== undefined && sameAt(t, p, lead)) {
      const ns = p + out.leadName[k]!;
      p = scanValue(t, p + lead.length - 1, eol, ns, ns + out.names[k]!.length, out);
      continue;
    }
    const from = p;
    c = t.charCodeAt(p);
    while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    if (k > 0 && c === CH.COMMA) {
      c = t.charCodeAt(++p);
      while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    }
    if (c === CH.RBRACE) return p + 1;
    if (p >= eol) throw parseError(t, p, 'unterminated label set: missing "}"');
    p = scanLabel(t, p, eol, true, out);
    rememberLead(t, from, out);
  }
}

// rememberLead stores the text from `from` to the opening quote of the label just scanned.
function rememberLead(t: string, from: number, out: LabelOffsets): void {
  const k = out.count - 1;
  const b = k * 4;
  out.leads[k] = t.slice(from, out.offs[b + 2]!);
  out.leadName[k] = out.offs[b]! - from;
}

// scanLabel reads one `name="value"` (with optional blanks around "=" in text mode).
function scanLabel(t: string, p: number, eol: number, blanks: boolean, out: LabelOffsets): number {
  const ns = p;
  const k = out.count;
  const prev = out.names[k];
  let ne: number;
  let c: number;
  if (prev !== undefined && !isLabelChar((c = t.charCodeAt(p + prev.length))) && sameAt(t, p, prev)) {
    ne = p + prev.length;
    p = ne;
  } else {
    c = t.charCodeAt(p);
    if (!(c < 128 && LABEL_START[c] === 1)) {
      throw unexpected(t, p, eol, c === CH.COMMA ? 'unexpected ","; expected a label name' : 'expected a label name');
    }
    for (c = t.charCodeAt(++p); c < 128 && LABEL_CHAR[c] === 1; c = t.charCodeAt(++p));
    ne = p;
    out.names[k] = t.slice(ns, ne);
    out.shape++;
    if (out.distinct > k) out.distinct = k;
  }
  if (blanks) while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
  if (c !== CH.EQ) throw unexpected(t, p, eol, `expected "=" after label name "${t.slice(ns, ne)}"`);
  c = t.charCodeAt(++p);
  if (blanks) while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
  if (c !== CH.QUOTE) throw unexpected(t, p, eol, `expected a quoted value for label "${t.slice(ns, ne)}"`);
  return scanValue(t, p, eol, ns, ne, out);
}

// scanValue reads the quoted value whose opening quote is at `quote`, checks the name for
// duplicates and records the label's offsets; it returns the offset after the closing quote.
function scanValue(t: string, quote: number, eol: number, ns: number, ne: number, out: LabelOffsets): number {
  const k = out.count;
  const vs = quote + 1;
  let q = t.indexOf('"', vs);
  let bs = out.bs;
  if (bs < vs) bs = nextBackslash(t, vs);
  let esc = false;
  // Walk only the backslashes inside the value; an escaped quote moves the end further on.
  while (bs < q && bs < eol) {
    const e = t.charCodeAt(bs + 1);
    if (e !== CH.BACKSLASH && e !== CH.QUOTE && e !== 110) {
      if (bs + 1 >= eol) throw parseError(t, quote, 'unterminated label value');
      throw parseError(t, bs, `invalid escape sequence "\\${t[bs + 1]}" in label value (allowed: \\\\, \\", \\n)`);
    }
    esc = true;
    if (e === CH.QUOTE && bs + 1 === q) q = t.indexOf('"', q + 1);
    bs = nextBackslash(t, bs + 2);
  }
  out.bs = bs;
  if (q === -1 || q > eol) throw parseError(t, quote, 'unterminated label value');
  // Lines of one family repeat the same names, so only names not yet known distinct are compared.
  if (k >= out.distinct) {
    checkDuplicate(t, ns, ne, out);
    if (out.distinct === k) out.distinct = k + 1;
  }
  out.count = k + 1;
  const b = k * 4;
  const o = out.offs;
  o[b] = ns;
  o[b + 1] = ne;
  o[b + 2] = vs;
  o[b + 3] = q;
  out.escaped[k] = esc;
  return q + 1;
}

function nextBackslash(t: string, from: number): number {
  const i = t.indexOf('\\', from);
  return i === -1 ? t.length : i;
}

function isLabelChar(c: number): boolean {
  return c < 128 && LABEL_CHAR[c] === 1;
}

// checkDuplicate compares the new name with the earlier ones of this line. The cached name
// strings make it a length check plus a native compare; `__name__` would clash with the metric name.
function checkDuplicate(t: string, ns: number, ne: number, out: LabelOffsets): void {
  const len = ne - ns;
  if (len === 8 && t.startsWith('__name__', ns)) {
    throw parseError(t, ns, 'duplicate label name "__name__" (the metric name is already set)');
  }
  const o = out.offs;
  for (let k = 0; k < out.count; k++) {
    const s = o[k * 4]!;
    if (o[k * 4 + 1]! - s !== len) continue;
    if (t.startsWith(out.names[k]!, ns)) throw parseError(t, ns, `duplicate label name "${t.slice(ns, ne)}"`);
  }
}

function unexpected(t: string, p: number, eol: number, message: string): Error {
  if (p >= eol) return parseError(t, p, 'unterminated label set: missing "}"');
  return parseError(t, p, message);
}
