/**
 * format: Go's fmt for the values templates handle: `%v` printing (fmt.Print), `%g`-style float
 * formatting with Go's exponent rules, and a printf with the verbs alert templates use.
 */
import { toExponentialGo, toFixedGo } from './decimal.js';
import { GoDuration, GoTime, goTypeName, mapEntries } from './values.js';

/** formatG renders a float like Go's %g (prec < 0 means shortest, as %v does). */
export function formatG(v: number, prec = -1): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const shortest = prec < 0;
  const p = prec === 0 ? 1 : prec;
  const [mant, expStr] = (shortest ? v.toExponential() : toExponentialGo(v, p - 1)).split('e') as [string, string];
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  const exp = Number(expStr);
  const nd = digits.length;
  const dp = exp + 1;
  let eprec = shortest ? 6 : p;
  if (!shortest && eprec > nd && nd >= dp) eprec = nd;
  let out: string;
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    out = `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else if (dp <= 0) {
    out = '0.' + '0'.repeat(-dp) + digits;
  } else if (dp >= nd) {
    out = digits + '0'.repeat(dp - nd);
  } else {
    out = digits.slice(0, dp) + '.' + digits.slice(dp);
  }
  return (neg ? '-' : '') + out;
}

/** formatValue prints a value the way fmt.Print / a template action does. */
export function formatValue(v: unknown, top = true): string {
  if (v === undefined) return top ? '<no value>' : '<nil>';
  if (v === null) return top ? '<no value>' : '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatG(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof GoTime || v instanceof GoDuration) return v.toString();
  if (Array.isArray(v)) return '[' + v.map((x) => formatValue(x, false)).join(' ') + ']';
  if (typeof v === 'object') return 'map[' + mapEntries(v).map(([k, x]) => `${k}:${formatValue(x, false)}`).join(' ') + ']';
  return String(v);
}

/** quoteGo renders a string as Go's %q does for printable text: quotes and backslashes escaped, controls as \n, \t, \r or \xNN. */
export function quoteGo(s: string): string {
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

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width: number | undefined;
  prec: number | undefined;
}

function pad(s: string, f: Spec): string {
  if (f.width === undefined || s.length >= f.width) return s;
  if (f.minus) return s + ' '.repeat(f.width - s.length);
  if (f.zero && /^[+-]?[0-9]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(f.width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(f.width - s.length) + s;
}

function bad(verb: string, v: unknown): string {
  return `%!${verb}(${goTypeName(v)}=${formatValue(v, false)})`;
}

function signed(s: string, f: Spec): string {
  if (s.startsWith('-')) return s;
  return (f.plus ? '+' : f.space ? ' ' : '') + s;
}

function formatOne(verb: string, v: unknown, f: Spec): string {
  switch (verb) {
    case 'v':
      return pad(typeof v === 'number' && f.prec !== undefined ? formatG(v, f.prec) : formatValue(v, false), f);
    case 's':
      if (typeof v === 'string') return pad(f.prec !== undefined ? [...v].slice(0, f.prec).join('') : v, f);
      if (v instanceof GoTime || v instanceof GoDuration) return pad(v.toString(), f);
      if (Array.isArray(v) || (v !== null && typeof v === 'object')) return pad(formatValue(v, false), f);
      return bad(verb, v);
    case 'q':
      return typeof v === 'string' ? pad(quoteGo(v), f) : bad(verb, v);
    case 'd':
      if (typeof v === 'bigint') return pad(signed(v.toString(), f), f);
      if (v instanceof GoDuration) return pad(signed(v.nanos.toString(), f), f);
      return bad(verb, v);
    case 'x':
    case 'X': {
      let s: string;
      if (typeof v === 'bigint') s = (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(16);
      else if (typeof v === 'string') s = Buffer.from(v, 'utf8').toString('hex');
      else return bad(verb, v);
      if (f.sharp) s = s.startsWith('-') ? '-0x' + s.slice(1) : '0x' + s;
      return pad(verb === 'X' ? s.toUpperCase() : s, f);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'g': {
      if (typeof v !== 'number') return bad(verb, v);
      if (!Number.isFinite(v)) return pad(signed(formatG(v), f), f);
      const prec = f.prec ?? (verb === 'g' ? -1 : 6);
      let s: string;
      if (verb === 'g') s = formatG(v, prec);
      else if (verb === 'e') s = toExponentialGo(v, prec);
      else s = toFixedGo(v, prec);
      return pad(signed(s, f), f);
    }
    case 't':
      return typeof v === 'boolean' ? pad(String(v), f) : bad(verb, v);
    case 'c':
      return typeof v === 'bigint' ? pad(String.fromCodePoint(Number(v)), f) : bad(verb, v);
    default:
      return `%!${verb}(${goTypeName(v)}=${formatValue(v, false)})`;
  }
}

/** sprintf implements Go's fmt.Sprintf for the verbs %v %s %q %d %x %X %f %e %g %t %c and %%, with flags, width and precision. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argi = 0;
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const verb = m[4]!;
    if (verb === '%') {
      out += '%';
      continue;
    }
    const flags = m[1] ?? '';
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      zero: flags.includes('0'),
      space: flags.includes(' '),
      sharp: flags.includes('#'),
      width: m[2] !== undefined ? Number(m[2]) : undefined,
      prec: m[3] !== undefined ? Number(m[3] || '0') : undefined,
    };
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++], spec);
  }
  out += format.slice(last);
  if (argi < args.length) {
    out += '%!(EXTRA ' + args.slice(argi).map((a) => `${goTypeName(a)}=${formatValue(a, false)}`).join(', ') + ')';
  }
  return out;
}

/** sprint is fmt.Sprint: operands joined, with a space only between two non-strings. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(args[i], false);
  }
  return out;
}

/** sprintln is fmt.Sprintln: operands always space-separated, plus a newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map((a) => formatValue(a, false)).join(' ') + '\n';
}
