/**
 * number: sample values and timestamps with Go's strconv rules as Prometheus applies them
 * (decimal only, `Inf`/`Infinity`/`NaN` in any case, out-of-range is an error), without regexes.
 */
import { CH } from './chars.js';

// Exact powers of ten: with a mantissa below 2^53 and |exponent| <= 22, one multiply or divide
// of two exact doubles is correctly rounded (Clinger's fast path), so no string is allocated.
const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

/** parseValue parses text[start, end) as a sample value, or returns undefined when it is not a float. */
export function parseValue(text: string, start: number, end: number): number | undefined {
  let i = start;
  let neg = false;
  let c = text.charCodeAt(i);
  if (c === CH.MINUS || c === CH.PLUS) {
    neg = c === CH.MINUS;
    i++;
    if (i === end) return undefined;
    c = text.charCodeAt(i);
  }
  if (c > CH.NINE || (c < CH.ZERO && c !== CH.DOT)) return special(text, start, i, end, neg);

  let mant = 0;
  let sig = 0; // significant digits taken into mant
  let exp10 = 0;
  let digits = 0;
  let exact = true;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c < CH.ZERO || c > CH.NINE) break;
    digits++;
    if (sig < 15) {
      mant = mant * 10 + (c - CH.ZERO);
      if (mant !== 0) sig++;
    } else {
      exact = false;
    }
  }
  if (i === end && exact && digits > 0) return neg ? -mant : mant;
  if (c === CH.DOT) {
    for (i++; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < CH.ZERO || c > CH.NINE) break;
      digits++;
      if (sig < 15) {
        mant = mant * 10 + (c - CH.ZERO);
        if (mant !== 0) sig++;
        exp10--;
      } else {
        exact = false;
      }
    }
  }
  if (digits === 0) return undefined;
  if (i < end) {
    if (c !== 101 && c !== 69) return undefined; // e E
    i++;
    let eneg = false;
    c = text.charCodeAt(i);
    if (c === CH.MINUS || c === CH.PLUS) {
      eneg = c === CH.MINUS;
      i++;
    }
    let e = 0;
    const eStart = i;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < CH.ZERO || c > CH.NINE) return undefined;
      if (e < 100_000) e = e * 10 + (c - CH.ZERO);
    }
    if (i === eStart) return undefined;
    exp10 += eneg ? -e : e;
  }
  if (exact && exp10 >= -22 && exp10 <= 22) {
    const v = exp10 < 0 ? mant / POW10[-exp10]! : mant * POW10[exp10]!;
    return neg ? -v : v;
  }
  // Rare (long mantissa or big exponent): the grammar is already checked, so Number() agrees
  // with Go's correctly rounded ParseFloat. The slice includes the sign.
  const v = Number(text.slice(start, end));
  if (v === Infinity || v === -Infinity) return undefined; // Go: "value out of range"
  return v;
}

// special handles inf/infinity (signed or not) and nan (unsigned only), case-insensitively, like Go.
function special(text: string, start: number, i: number, end: number, neg: boolean): number | undefined {
  const len = end - i;
  if (len === 3) {
    if (lowerIs(text, i, 'inf')) return neg ? -Infinity : Infinity;
    if (i === start && lowerIs(text, i, 'nan')) return NaN;
  } else if (len === 8 && lowerIs(text, i, 'infinity')) {
    return neg ? -Infinity : Infinity;
  }
  return undefined;
}

function lowerIs(text: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

// Go's ParseInt limits, as digit strings: doubles cannot tell 2^63 - 1 from 2^63.
const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';

/** parseIntTimestamp parses text[start, end) as `-?[0-9]+` milliseconds within int64, or undefined. */
export function parseIntTimestamp(text: string, start: number, end: number): number | undefined {
  let i = start;
  let neg = false;
  if (text.charCodeAt(i) === CH.MINUS) {
    neg = true;
    i++;
  }
  if (i === end) return undefined;
  let v = 0;
  let first = -1; // first non-zero digit
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < CH.ZERO || c > CH.NINE) return undefined;
    if (first < 0 && c !== CH.ZERO) first = k;
    v = v * 10 + (c - CH.ZERO);
  }
  if (first >= 0 && end - first >= 19) {
    const limit = neg ? INT64_MIN_DIGITS : INT64_MAX_DIGITS;
    if (end - first > 19 || text.slice(first, end) > limit) return undefined; // Go: out of range
  }
  // Past 15 digits the running sum is no longer exact; let Number() round the digits once.
  if (first >= 0 && end - first > 15) v = Number(text.slice(first, end));
  return neg ? -v : v;
}

/** parseSecondsTimestamp parses an OpenMetrics timestamp (float seconds) into ms, or undefined. */
export function parseSecondsTimestamp(text: string, start: number, end: number): number | undefined {
  const s = parseValue(text, start, end);
  if (s === undefined || s !== s || s === Infinity || s === -Infinity) return undefined;
  // Round rather than truncate: 1.001 s is 1000.9999999999999 ms as a double.
  return Math.round(s * 1000);
}
