/**
 * math: element-wise functions on instant vectors (abs, ceil, exp, trig, …), with Go's math
 * semantics where JavaScript differs.
 */

/** simpleMath maps the name of a one-argument math function to its implementation. */
export const simpleMath: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (x) => (x < 0 ? -1 : x > 0 ? 1 : x),
  acos: Math.acos, acosh: Math.acosh, asin: Math.asin, asinh: Math.asinh, atan: Math.atan, atanh: Math.atanh,
  cos: Math.cos, cosh: Math.cosh, sin: Math.sin, sinh: Math.sinh, tan: Math.tan, tanh: Math.tanh,
  deg: (x) => (x * 180) / Math.PI,
  rad: (x) => (x * Math.PI) / 180,
};

/** roundTo is PromQL round(): nearest multiple of `toNearest`, halves rounded up. */
export function roundTo(x: number, toNearest: number): number {
  const inv = 1 / toNearest;
  return Math.floor(x * inv + 0.5) / inv;
}
