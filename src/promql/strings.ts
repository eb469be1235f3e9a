/**
 * strings: Go-style string literal unquoting and quoting, since PromQL strings follow Go's
 * `strconv.Unquote` rules ("…" and '…' with escapes, `…` raw).
 */

const simpleEscapes: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'",
};

/** unquoteString decodes a quoted PromQL string; it returns an error message instead of throwing. */
export function unquoteString(raw: string): { value: string } | { error: string } {
  const q = raw[0];
  if (raw.length < 2 || raw[raw.length - 1] !== q) return { error: 'unterminated quoted string ' + raw };
  const body = raw.slice(1, -1);
  if (q === '`') return { value: body };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === q) return { error: `invalid syntax in string ${raw}` };
    if (c !== '\\') { out += c; continue; }
    const e = body[++i];
    if (e === undefined) return { error: 'escape sequence not terminated' };
    if (e in simpleEscapes) {
      if ((e === '"' && q === "'") || (e === "'" && q === '"')) return { error: `unknown escape sequence \\${e}` };
      out += simpleEscapes[e];
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const h = body.slice(i + 1, i + 1 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(h)) return { error: `invalid escape sequence \\${e}${h}` };
      const cp = parseInt(h, 16);
      if (e !== 'x' && (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))) return { error: `invalid Unicode code point \\${e}${h}` };
      out += e === 'x' ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      i += hexLen;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const o = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return { error: `invalid octal escape \\${o}` };
      out += String.fromCharCode(parseInt(o, 8));
      i += 2;
      continue;
    }
    return { error: `unknown escape sequence \\${e}` };
  }
  return { value: out };
}

/** quoteString renders a string as a double-quoted PromQL literal. */
export function quoteString(s: string): string {
  return JSON.stringify(s);
}
