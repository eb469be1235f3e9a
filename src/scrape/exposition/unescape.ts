/**
 * unescape: label-value escapes of both formats.
 */

/** unescapeLabelValue resolves `\\`, `\"` and `\n`; the scanner has already rejected any other escape. */
export function unescapeLabelValue(v: string): string {
  let out = '';
  let from = 0;
  for (let i = v.indexOf('\\'); i !== -1; i = v.indexOf('\\', from)) {
    const e = v.charCodeAt(i + 1);
    out += v.slice(from, i) + (e === 110 ? '\n' : e === 34 ? '"' : '\\');
    from = i + 2;
  }
  return out + v.slice(from);
}
