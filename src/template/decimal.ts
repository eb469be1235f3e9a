/**
 * decimal: exact decimal digits of a float64 and Go-style rounding. JavaScript's toFixed and
 * toExponential round exact ties upwards (2.25 → "2.3"), while Go rounds them to even ("2.2"), so
 * Go's `%.1f`/`%.4g` outputs need the exact expansion of the double to decide a tie.
 */

/** Digits is a positive value `0.d × 10^dp` with no trailing zeros in d (d = "" means zero). */
export interface Digits {
  readonly d: string;
  readonly dp: number;
}

/** exactDigits returns the exact decimal expansion of |x| (finite x). */
export function exactDigits(x: number): Digits {
  const v = Math.abs(x);
  if (v === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const rawExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp2: number;
  if (rawExp === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = rawExp - 1075;
  }
  let s: string;
  let dp: number;
  if (exp2 >= 0) {
    s = (mant << BigInt(exp2)).toString();
    dp = s.length;
  } else {
    // m / 2^k = m·5^k / 10^k.
    const k = -exp2;
    s = (mant * 5n ** BigInt(k)).toString();
    dp = s.length - k;
  }
  return { d: s.replace(/0+$/, ''), dp };
}

/** roundDigits keeps `nd` leading digits, rounding half to even like Go's strconv. */
export function roundDigits(x: Digits, nd: number): Digits {
  if (nd >= x.d.length) return x;
  if (nd < 0) return { d: '', dp: x.dp };
  const next = x.d.charCodeAt(nd) - 48;
  let up = next > 5;
  if (next === 5) {
    const rest = x.d.slice(nd + 1);
    up = /[1-9]/.test(rest) || (nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1);
  }
  let d = x.d.slice(0, nd);
  let dp = x.dp;
  if (up) {
    let i = d.length - 1;
    while (i >= 0 && d[i] === '9') i--;
    if (i < 0) {
      d = '1';
      dp++;
    } else {
      d = d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1);
    }
  }
  return { d: d.replace(/0+$/, ''), dp };
}

/** toFixedGo is x.toFixed(prec) with Go's half-to-even tie rule. */
export function toFixedGo(x: number, prec: number): string {
  const r = roundDigits(exactDigits(x), exactDigits(x).dp + prec);
  const digits = r.d.padEnd(Math.max(r.dp + prec, 0), '0');
  let intPart: string;
  let frac: string;
  if (r.dp <= 0) {
    intPart = '0';
    frac = ('0'.repeat(-r.dp) + digits).slice(0, prec).padEnd(prec, '0');
  } else {
    intPart = digits.slice(0, r.dp).padEnd(r.dp, '0');
    frac = digits.slice(r.dp, r.dp + prec).padEnd(prec, '0');
  }
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  return sign + intPart + (prec > 0 ? '.' + frac : '');
}

/** toExponentialGo is x.toExponential(prec) with Go's tie rule and at least two exponent digits. */
export function toExponentialGo(x: number, prec: number): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return sign + '0' + (prec > 0 ? '.' + '0'.repeat(prec) : '') + 'e+00';
  const r = roundDigits(exactDigits(x), prec + 1);
  const digits = r.d.padEnd(prec + 1, '0');
  const e = r.dp - 1;
  const ae = Math.abs(e);
  return `${sign}${digits[0]}${prec > 0 ? '.' + digits.slice(1) : ''}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
}
