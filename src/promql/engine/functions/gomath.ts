/**
 * gomath: the math functions PromQL calls, computed bit for bit as Go 1.19 on amd64 computes them
 * (the Go that builds Debian's Prometheus 2.42). JavaScript's Math.* agrees with Go in most
 * cases but not in the last bit for exp, log, log10, log2, trig, hyperbolic functions and pow;
 * promtool compares results exactly, so a last-bit difference fails a rule test.
 *
 * The algorithms are those of Go's src/math (itself from Cephes and FreeBSD's msun), rewritten
 * here; on amd64 Go runs assembly for Exp and Log, so those follow src/math/exp_amd64.s (a
 * Taylor series after reduction, with fused multiply-adds on CPUs with AVX and FMA, which this
 * port assumes) and src/math/log_amd64.s (FreeBSD's log with a frexp that does not normalise
 * subnormals). log1p, expm1 and sqrt come from Math: V8's fdlibm ports give the same bits as Go's
 * (the differential test gomath.test.ts checks every function against a real Go program).
 */
/* eslint-disable no-loss-of-precision -- constants keep Go's digits (more than a double holds) and are rounded once, as Go's compiler rounds them */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[0] low word, u32[1] high word
const u64 = new BigUint64Array(f64.buffer);

function hiWord(x: number): number {
  f64[0] = x;
  return u32[1]!;
}

function fromWords(hi: number, lo: number): number {
  u32[1] = hi >>> 0;
  u32[0] = lo >>> 0;
  return f64[0]!;
}

const LN2 = 0.693147180559945309417232121458176568;
/** 1/ln(10) and 1/ln(2), rounded once from their exact values as Go's constant arithmetic does. */
const INV_LN10 = 0.434294481903251827651128918916605082294397005803666566114;
const INV_LN2 = 1.44269504088896340735992468100189213742664595415298593413544940693;
const PI = Math.PI;
const PI_2 = Math.PI / 2;
const PI_4 = Math.PI / 4;
const PI_3_4 = 2.35619449019234492884698253745962716314787704953132936573120844;
/** 4/π rounded to float64 (0x3FF45F306DC9C883); 4 / Math.PI would round twice. */
const FOUR_OVER_PI = 1.27323954473516268615107010698011489627567716592365404729872363;

// ---- fused multiply-add ------------------------------------------------------------------------

/** twoSum returns s = RN(a + b) and the exact error a + b - s in err. */
let err = 0;
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  err = a - (s - bb) + (b - bb);
  return s;
}

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)
/** twoProd returns p = RN(a × b) and the exact error a × b - p in err (Dekker). */
function twoProd(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  err = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** addOdd is a + b rounded to odd: an inexact sum gets an odd last bit (Boldo and Melquiond). */
function addOdd(a: number, b: number): number {
  const s = twoSum(a, b);
  if (err === 0) return s;
  f64[0] = s;
  if ((u32[0]! & 1) === 0) {
    // move one unit in the last place toward the exact sum
    const away = (err > 0) === (s > 0);
    u64[0] = away ? u64[0]! + 1n : u64[0]! - 1n;
  }
  return f64[0]!;
}

/**
 * fma is a × b + c with one rounding, as the VFMADD instructions compute it: the product is split
 * exactly, and the low parts are summed rounded to odd so the final rounding is the only one.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0 || Math.abs(a) > 1e300 || Math.abs(b) > 1e300) return p + c;
  const ph = twoProd(a, b);
  const pl = err;
  const uh = twoSum(c, ph);
  const ul = err;
  return uh + addOdd(pl, ul);
}

// ---- exp and log (amd64 assembly) --------------------------------------------------------------

const LOG2E = 1.442695040888963407359924681001892;
const LN2U = 0.69314718055966295651160180568695068359375;
const LN2L = 0.28235290563031577122588448175013436025525412068e-12;
const EXP_OVERFLOW = 7.09782712893384e2;
const T2 = 1.6666666666666666667e-1;
const T3 = 4.1666666666666666667e-2;
const T4 = 8.3333333333333333333e-3;
const T5 = 1.3888888888888888889e-3;
const T6 = 1.9841269841269841270e-4;
const T7 = 2.4801587301587301587e-5;

/** roundEven is CVTSD2SL: nearest integer, ties to even, out-of-range gives INT32_MIN. */
function cvtsd2sl(x: number): number {
  if (!(x > -2147483648.5 && x < 2147483647.5)) return -2147483648;
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** goExp is Go's math.Exp on amd64 with FMA (exp_amd64.s). */
export function goExp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > EXP_OVERFLOW) return Infinity;
  const k = cvtsd2sl(x * LOG2E);
  let r = fma(-LN2U, k, x);
  r = fma(-LN2L, k, r);
  r *= 0.0625;
  let p = fma(T7, r, T6);
  p = fma(p, r, T5);
  p = fma(p, r, T4);
  p = fma(p, r, T3);
  p = fma(p, r, T2);
  p = fma(p, r, 0.5);
  p = fma(p, r, 1);
  r *= p;
  // (1+r)^16 - 1 by squaring: r ← r × (r + 2), four times, the last one fused with the + 1
  r *= r + 2;
  r *= r + 2;
  r *= r + 2;
  r = fma(r, r + 2, 1);
  let e = k + 0x3ff;
  if (e <= 0) {
    if (e < -52) return 0;
    e += 0x3fe;
    r *= fromWords(e << 20, 0);
    e = 1;
  } else if (e >= 0x7ff) return Infinity;
  return r * fromWords(e << 20, 0);
}

const L1 = 6.666666666666735130e-1;
const L2 = 3.999999999940941908e-1;
const L3 = 2.857142874366239149e-1;
const L4 = 2.222219843214978396e-1;
const L5 = 1.818357216161805012e-1;
const L6 = 1.531383769920937332e-1;
const L7 = 1.479819860511658591e-1;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const SQRT2_2 = 7.07106781186547524401e-1;

/** goLog is Go's math.Log on amd64 (log_amd64.s): its frexp reads the exponent bits as they are. */
export function goLog(x: number): number {
  if (x === 0) return -Infinity;
  if (x < 0 || Number.isNaN(x)) return NaN;
  if (x === Infinity) return x;
  const hi = hiWord(x);
  let k = ((hi >>> 20) & 0x7ff) - 0x3fe;
  let f1 = fromWords((hi & 0x000fffff) | 0x3fe00000, u32[0]!);
  if (f1 < SQRT2_2) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  const t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
}

/** frexp is Go's math.Frexp: x = frac × 2^exp with frac in [0.5, 1); exponent in frexpExp. */
let frexpExp = 0;
function frexp(x: number): number {
  frexpExp = 0;
  if (x === 0 || !Number.isFinite(x)) return x;
  let e = 0;
  if (Math.abs(x) < 2.2250738585072014e-308) {
    x *= 4503599627370496; // 2^52: normalise a subnormal
    e = -52;
  }
  const hi = hiWord(x);
  const lo = u32[0]!;
  frexpExp = e + ((hi >>> 20) & 0x7ff) - 1022;
  return fromWords((hi & 0x800fffff) | 0x3fe00000, lo);
}

/** ldexp is Go's math.Ldexp (frac × 2^exp with Go's underflow and denormal steps). */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  if (Math.abs(frac) < 2.2250738585072014e-308) {
    frac *= 4503599627370496;
    exp -= 52;
  }
  const hi = hiWord(frac);
  const lo = u32[0]!;
  exp += ((hi >>> 20) & 0x7ff) - 1023;
  if (exp < -1075) return frac < 0 ? -0 : 0;
  if (exp > 1023) return frac < 0 ? -Infinity : Infinity;
  let m = 1;
  if (exp < -1022) {
    exp += 53;
    m = 1 / 9007199254740992; // 2^-53
  }
  return m * fromWords((hi & 0x800fffff) | ((exp + 1023) << 20), lo);
}

export function goLog10(x: number): number {
  return goLog(x) * INV_LN10;
}

/** goLog2 is exact for powers of two, like Go's (frexp, then log of the fraction). */
export function goLog2(x: number): number {
  const frac = frexp(x);
  const exp = frexpExp;
  if (frac === 0.5) return exp - 1;
  return goLog(frac) * INV_LN2 + exp;
}

// ---- trigonometry (Cephes via Go's sin.go, tan.go, trig_reduce.go) -----------------------------

const SIN = [1.58962301576546568060e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6, -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1] as const;
const COS = [-1.13585365213876817300e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7, 2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2] as const;
const PI4A = 7.85398125648498535156e-1;
const PI4B = 3.77489470793079817668e-8;
const PI4C = 2.69515142907905952645e-15;
const REDUCE_THRESHOLD = 1 << 29;

/**
 * Binary digits of 4/π (1.45f306dc9c882a53f84e… in hex), 64 bits a word after a leading 1 word;
 * trigReduce multiplies by the slice of them that matters for a huge argument (Payne–Hanek).
 */
const M_PI4 = [
  0x0000000000000001n, 0x45f306dc9c882a53n, 0xf84eafa3ea69bb81n, 0xb6c52b3278872083n, 0xfca2c757bd778ac3n,
  0x6e48dc74849ba5c0n, 0x0c925dd413a32439n, 0xfc3bd63962534e7dn, 0xd1046bea5d768909n, 0xd338e04d68befc82n,
  0x7323ac7306a673e9n, 0x3908bf177bf25076n, 0x3ff12fffbc0b301fn, 0xde5e2316b414da3en, 0xda6cfd9e4f96136en,
  0x9e8c7ecd3cbfd45an, 0xea4f758fd7cbe2f6n, 0x7a0e73ef14a525d4n, 0xd7f6bf623f1aba10n, 0xac06608df8f6d757n,
] as const;
const MASK64 = (1n << 64n) - 1n;

/** reduce maps x ≥ 0 to an octant j and a remainder z in [-π/4, π/4] as Go does. */
let octant = 0;
function reduce(x: number): number {
  if (x >= REDUCE_THRESHOLD) return trigReduce(x);
  let j = Math.trunc(x * FOUR_OVER_PI);
  let y = j;
  if (j % 2 === 1) {
    j++;
    y++;
  }
  octant = j % 8;
  return x - y * PI4A - y * PI4B - y * PI4C;
}

function trigReduce(x: number): number {
  f64[0] = x;
  let ix = u64[0]!;
  const exp = Number((ix >> 52n) & 0x7ffn) - 1023 - 52;
  ix = (ix & ((1n << 52n) - 1n)) | (1n << 52n);
  const digit = Math.floor((exp + 61) / 64);
  const shift = BigInt((exp + 61) % 64);
  const word = (i: number): bigint => M_PI4[i]!;
  const z0 = ((word(digit) << shift) | (word(digit + 1) >> (64n - shift))) & MASK64;
  const z1 = ((word(digit + 1) << shift) | (word(digit + 2) >> (64n - shift))) & MASK64;
  const z2 = ((word(digit + 2) << shift) | (word(digit + 3) >> (64n - shift))) & MASK64;
  const z2hi = (z2 * ix) >> 64n;
  const z1p = z1 * ix;
  const z1hi = z1p >> 64n;
  const z1lo = z1p & MASK64;
  const z0lo = (z0 * ix) & MASK64;
  const loSum = z1lo + z2hi;
  const lo = loSum & MASK64;
  let hi = (z0lo + z1hi + (loSum >> 64n)) & MASK64;
  let j = Number(hi >> 61n);
  hi = ((hi << 3n) | (lo >> 61n)) & MASK64;
  const lz = BigInt(64 - hi.toString(2).length);
  const e = BigInt(1023) - (lz + 1n);
  hi = ((hi << (lz + 1n)) | (lo >> (64n - (lz + 1n)))) & MASK64;
  hi >>= 12n;
  hi |= e << 52n;
  u64[0] = hi;
  let z = f64[0]!;
  if (j % 2 === 1) {
    j = (j + 1) % 8;
    z--;
  }
  octant = j;
  return z * PI_4;
}

function sinPoly(z: number, zz: number): number {
  return z + z * zz * (((((SIN[0] * zz + SIN[1]) * zz + SIN[2]) * zz + SIN[3]) * zz + SIN[4]) * zz + SIN[5]);
}

function cosPoly(zz: number): number {
  return 1.0 - 0.5 * zz + zz * zz * (((((COS[0] * zz + COS[1]) * zz + COS[2]) * zz + COS[3]) * zz + COS[4]) * zz + COS[5]);
}

export function goSin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  const z = reduce(x);
  let j = octant;
  if (j > 3) {
    sign = !sign;
    j -= 4;
  }
  const zz = z * z;
  const y = j === 1 || j === 2 ? cosPoly(zz) : sinPoly(z, zz);
  return sign ? -y : y;
}

export function goCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  x = Math.abs(x);
  const z = reduce(x);
  let j = octant;
  let sign = false;
  if (j > 3) {
    j -= 4;
    sign = !sign;
  }
  if (j > 1) sign = !sign;
  const zz = z * z;
  const y = j === 1 || j === 2 ? sinPoly(z, zz) : cosPoly(zz);
  return sign ? -y : y;
}

const TAN_P = [-1.30936939181383777646e4, 1.15351664838587416140e6, -1.79565251976484877988e7] as const;
const TAN_Q = [1.0, 1.36812963470692954678e4, -1.32089234440210967447e6, 2.50083801823357915839e7, -5.38695755929454629881e7] as const;

export function goTan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  let z: number;
  let j: number;
  if (x >= REDUCE_THRESHOLD) {
    z = trigReduce(x);
    j = octant;
  } else {
    // tan keeps the unreduced octant (no "mod 8"): only bit 1 matters below
    j = Math.trunc(x * FOUR_OVER_PI);
    let y = j;
    if (j % 2 === 1) {
      j++;
      y++;
    }
    z = x - y * PI4A - y * PI4B - y * PI4C;
  }
  const zz = z * z;
  let y: number;
  if (zz > 1e-14) {
    y = z + z * ((zz * ((TAN_P[0] * zz + TAN_P[1]) * zz + TAN_P[2])) / ((((zz + TAN_Q[1]) * zz + TAN_Q[2]) * zz + TAN_Q[3]) * zz + TAN_Q[4]));
  } else y = z;
  if (Math.floor(j / 2) % 2 === 1) y = -1 / y;
  return sign ? -y : y;
}

// ---- inverse trigonometry (atan.go, asin.go, atan2.go) -----------------------------------------

function xatan(x: number): number {
  const P0 = -8.750608600031904122785e-1;
  const P1 = -1.615753718733365076637e1;
  const P2 = -7.500855792314704667340e1;
  const P3 = -1.228866684490136173410e2;
  const P4 = -6.485021904942025371773e1;
  const Q0 = 2.485846490142306297962e1;
  const Q1 = 1.650270098316988542046e2;
  const Q2 = 4.328810604912902668951e2;
  const Q3 = 4.853903996359136964868e2;
  const Q4 = 1.945506571482613964425e2;
  let z = x * x;
  z = (z * ((((P0 * z + P1) * z + P2) * z + P3) * z + P4)) / (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4);
  return x * z + x;
}

const MOREBITS = 6.123233995736765886130e-17;
const TAN3PIO8 = 2.41421356237309504880;

function satan(x: number): number {
  if (x <= 0.66) return xatan(x);
  if (x > TAN3PIO8) return PI_2 - xatan(1 / x) + MOREBITS;
  return PI_4 + xatan((x - 1) / (x + 1)) + 0.5 * MOREBITS;
}

export function goAtan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  return x > 0 ? satan(x) : -satan(-x);
}

export function goAsin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  if (x > 1) return NaN;
  let temp = Math.sqrt(1 - x * x);
  temp = x > 0.7 ? PI_2 - satan(temp / x) : satan(x / temp);
  return sign ? -temp : temp;
}

export function goAcos(x: number): number {
  return PI_2 - goAsin(x);
}

export function goAtan2(y: number, x: number): number {
  if (Number.isNaN(y) || Number.isNaN(x)) return NaN;
  if (y === 0) {
    if (x >= 0 && !Object.is(x, -0)) return Object.is(y, -0) ? -0 : 0;
    return Object.is(y, -0) ? -PI : PI;
  }
  const sgn = (v: number): number => (y < 0 ? -v : v);
  if (x === 0) return sgn(PI_2);
  if (!Number.isFinite(x)) {
    if (x === Infinity) return Number.isFinite(y) ? sgn(0) : sgn(PI_4);
    return Number.isFinite(y) ? sgn(PI) : sgn(PI_3_4);
  }
  if (!Number.isFinite(y)) return sgn(PI_2);
  const q = goAtan(y / x);
  if (x < 0) return q <= 0 ? q + PI : q - PI;
  return q;
}

// ---- hyperbolic functions (sinh.go, tanh.go, asinh.go, acosh.go, atanh.go) ---------------------

export function goSinh(x: number): number {
  const P0 = -0.6307673640497716991184787251e6;
  const P1 = -0.8991272022039509355398013511e5;
  const P2 = -0.2894211355989563807284660366e4;
  const P3 = -0.2630563213397497062819489e2;
  const Q0 = -0.6307673640497716991212077277e6;
  const Q1 = 0.1521517378790019070696485176e5;
  const Q2 = -0.173678953558233699533450911e3;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  let temp: number;
  if (x > 21) temp = goExp(x) * 0.5;
  else if (x > 0.5) {
    const ex = goExp(x);
    temp = (ex - 1 / ex) * 0.5;
  } else {
    const sq = x * x;
    temp = (((P3 * sq + P2) * sq + P1) * sq + P0) * x;
    temp = temp / (((sq + Q2) * sq + Q1) * sq + Q0);
  }
  return sign ? -temp : temp;
}

export function goCosh(x: number): number {
  x = Math.abs(x);
  if (x > 21) return goExp(x) * 0.5;
  const ex = goExp(x);
  return (ex + 1 / ex) * 0.5;
}

export function goTanh(x: number): number {
  const MAXLOG = 8.8029691931113054295988e1;
  let z = Math.abs(x);
  if (z > 0.5 * MAXLOG) return x < 0 ? -1 : 1;
  if (z >= 0.625) {
    const s = goExp(2 * z);
    z = 1 - 2 / (s + 1);
    return x < 0 ? -z : z;
  }
  if (x === 0) return x;
  const s = x * x;
  return x + (x * s * ((-9.64399179425052238628e-1 * s + -9.92877231001918586564e1) * s + -1.61468768441708447952e3)) /
    (((s + 1.12811678491632931402e2) * s + 2.23548839060100448583e3) * s + 4.84406305325125486048e3);
}

const NEAR_ZERO = 1 / (1 << 28);
const LARGE = 1 << 28;

export function goAsinh(x: number): number {
  if (Number.isNaN(x) || !Number.isFinite(x)) return x;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  let temp: number;
  if (x > LARGE) temp = goLog(x) + LN2;
  else if (x > 2) temp = goLog(2 * x + 1 / (Math.sqrt(x * x + 1) + x));
  else if (x < NEAR_ZERO) temp = x;
  else temp = Math.log1p(x + (x * x) / (1 + Math.sqrt(1 + x * x)));
  return sign ? -temp : temp;
}

export function goAcosh(x: number): number {
  if (x < 1 || Number.isNaN(x)) return NaN;
  if (x === 1) return 0;
  if (x >= LARGE) return goLog(x) + LN2;
  if (x > 2) return goLog(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
  const t = x - 1;
  return Math.log1p(t + Math.sqrt(2 * t + t * t));
}

export function goAtanh(x: number): number {
  if (x < -1 || x > 1 || Number.isNaN(x)) return NaN;
  if (x === 1) return Infinity;
  if (x === -1) return -Infinity;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  let temp: number;
  if (x < NEAR_ZERO) temp = x;
  else if (x < 0.5) {
    temp = x + x;
    temp = 0.5 * Math.log1p(temp + (temp * x) / (1 - x));
  } else temp = 0.5 * Math.log1p((x + x) / (1 - x));
  return sign ? -temp : temp;
}

// ---- pow (pow.go) ------------------------------------------------------------------------------

function isOddInt(x: number): boolean {
  if (Math.abs(x) >= 2 ** 53) return false;
  return Number.isInteger(x) && Math.abs(x % 2) === 1;
}

/** goPow is Go's math.Pow: repeated squaring on frexp parts for the integer part of y. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    if (y < 0) return isOddInt(y) ? (Object.is(x, -0) ? -Infinity : Infinity) : Infinity;
    return isOddInt(y) ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y === Infinity) ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x === -Infinity) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  const ay = Math.abs(y);
  let yi = Math.trunc(ay);
  let yf = ay - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  let a1 = 1.0;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = goExp(yf * goLog(x));
  }
  let x1 = frexp(x);
  let xe = frexpExp;
  // yi < 2^63 but may exceed 2^53: walk its bits with BigInt then, as Go walks an int64
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

/** goMath names every port by the Go function it follows. */
export const goMath: Readonly<Record<string, (...xs: number[]) => number>> = {
  exp: goExp, log: goLog, log10: goLog10, log2: goLog2, sin: goSin, cos: goCos, tan: goTan, asin: goAsin,
  acos: goAcos, atan: goAtan, sinh: goSinh, cosh: goCosh, tanh: goTanh, asinh: goAsinh, acosh: goAcosh,
  atanh: goAtanh, atan2: (y, x) => goAtan2(y!, x!), pow: (x, y) => goPow(x!, y!), log1p: Math.log1p, expm1: Math.expm1,
};
