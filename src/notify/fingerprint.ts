/**
 * fingerprint: Alertmanager's alert identity — FNV-1a 64 over the sorted label names and values,
 * each followed by the 0xff separator (prometheus/common model.LabelSet.Fingerprint), as 16 hex digits.
 * Matching the algorithm keeps webhook `fingerprint` fields comparable with Alertmanager's. The
 * 64-bit arithmetic runs on four 16-bit limbs because BigInt was the bottleneck in a 10k-alert storm.
 */
import type { Labels } from '../model/labels.js';
import { byteCompare, sortedLabelNames } from '../model/labels.js';

const enc = new TextEncoder();

/** Fnv64 is an FNV-1a 64-bit hash state in 16-bit limbs (h0 least significant). */
class Fnv64 {
  // Offset basis 0xcbf29ce484222325.
  h0 = 0x2325;
  h1 = 0x8422;
  h2 = 0x9ce4;
  h3 = 0xcbf2;

  /** byte mixes one byte: xor, then multiply by the prime 0x100000001b3 (= 2^40 + 0x1b3) mod 2^64. */
  byte(b: number): void {
    const h0 = this.h0 ^ b;
    const { h1, h2, h3 } = this;
    let r0 = h0 * 0x1b3;
    let r1 = h1 * 0x1b3 + (r0 >>> 16);
    let r2 = h2 * 0x1b3 + h0 * 0x100 + (r1 >>> 16);
    const r3 = h3 * 0x1b3 + h1 * 0x100 + Math.floor(r2 / 0x10000);
    r0 &= 0xffff;
    r1 &= 0xffff;
    r2 = r2 % 0x10000;
    this.h0 = r0;
    this.h1 = r1;
    this.h2 = r2;
    this.h3 = r3 % 0x10000;
  }

  /** str mixes a string's UTF-8 bytes, with an ASCII fast path. */
  str(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        for (const b of enc.encode(s.slice(i))) this.byte(b);
        return;
      }
      this.byte(c);
    }
  }

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((x) => x.toString(16).padStart(4, '0')).join('');
  }
}

/** fingerprint returns the 16-hex-digit identity of a label set. */
export function fingerprint(l: Labels): string {
  const h = new Fnv64();
  for (const k of sortedLabelNames(l)) {
    const v = l[k]!;
    if (v === '') continue;
    h.str(k);
    h.byte(0xff);
    h.str(v);
    h.byte(0xff);
  }
  return h.hex();
}

/**
 * labelSetString renders `{a="1", b="2"}` exactly as model.LabelSet.String, the group-label part
 * of Alertmanager's group keys: each pair as `name=%q` (Go quoting), the pairs sorted as strings
 * (so `a1="x"` sorts before `a="y"`), joined by ", ". Empty values are absent labels.
 */
export function labelSetString(l: Labels): string {
  const parts: string[] = [];
  for (const k of Object.keys(l)) if (l[k] !== '') parts.push(`${k}=${goQuote(l[k]!)}`);
  return '{' + parts.sort(byteCompare).join(', ') + '}';
}

/** legacyLabelSetString is how group keys rendered their labels before they followed Go (JSON quoting, sorted by name). */
export function legacyLabelSetString(l: Labels): string {
  const parts = sortedLabelNames(l)
    .filter((k) => l[k] !== '')
    .map((k) => `${k}=${JSON.stringify(l[k])}`);
  return '{' + parts.join(', ') + '}';
}

const GO_ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/**
 * goQuote is Go's strconv.Quote for label values: printable characters stay as they are, the
 * usual backslash escapes, other ASCII controls as \xNN, and the Latin-1 controls and
 * non-printing spaces (U+0080–U+00A0, U+00AD) as \u00NN.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const e = GO_ESCAPES[c];
    if (e !== undefined) out += e;
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if ((c >= 0x80 && c <= 0xa0) || c === 0xad) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
