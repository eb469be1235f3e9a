/**
 * regexp: Go RE2 patterns on JavaScript's engine. The syntaxes agree on what alert templates use;
 * the differences handled here are named groups `(?P<n>…)`, leading flag groups like `(?i)`, and
 * Go's replacement templates (`$1`, `${1}`, `$name`, `$$`), whose rules differ from JS's.
 */

/** goRegExp compiles a Go regular expression; `extraFlags` adds JS flags such as 'g'. */
export function goRegExp(pattern: string, extraFlags = ''): RegExp {
  let p = pattern.replace(/\(\?P</g, '(?<');
  let flags = 'u';
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    p = p.slice(lead[0].length);
    for (const f of lead[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(p, flags + extraFlags);
  } catch (err) {
    throw new Error(`error parsing regexp: ${err instanceof Error ? err.message : String(err)}: \`${pattern}\``, { cause: err });
  }
}

/** expandGoTemplate applies a Go replacement template to one match. */
function expandGoTemplate(tmpl: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < tmpl.length; i++) {
    const c = tmpl[i]!;
    if (c !== '$' || i + 1 >= tmpl.length) {
      out += c;
      continue;
    }
    const rest = tmpl.slice(i + 1);
    if (rest[0] === '$') {
      out += '$';
      i++;
      continue;
    }
    // Go takes the longest run of letters, digits and underscore as the name, so `$1x` means group "1x".
    const braced = /^\{([A-Za-z0-9_]+)\}/.exec(rest);
    const bare = /^[A-Za-z0-9_]+/.exec(rest);
    const name = braced ? braced[1]! : bare ? bare[0] : undefined;
    if (name === undefined) {
      out += c;
      continue;
    }
    i += braced ? braced[0].length : name.length;
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
  }
  return out;
}

/** goReplaceAll is regexp.ReplaceAllString: every non-overlapping match replaced via a Go template. */
export function goReplaceAll(re: RegExp, text: string, tmpl: string): string {
  const g = re.global ? re : new RegExp(re.source, re.flags + 'g');
  g.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    out += text.slice(last, m.index) + expandGoTemplate(tmpl, m);
    last = m.index + m[0].length;
    if (m[0].length === 0) {
      // Step over an empty match (a whole code point) so the loop always advances.
      const cp = text.codePointAt(g.lastIndex);
      g.lastIndex += cp !== undefined && cp > 0xffff ? 2 : 1;
      if (m.index < text.length) {
        out += text.slice(m.index, g.lastIndex);
        last = g.lastIndex;
      }
    }
  }
  return out + text.slice(last);
}
