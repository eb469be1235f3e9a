/**
 * math: element-wise functions on instant vectors (abs, ceil, exp, trig, …), with Go's math
 * semantics where JavaScript differs.
 */

import {
  goAcos, goAcosh, goAsin, goAsinh, goAtan, goAtanh, goCos, goCosh, goExp, goLog, goLog10, goLog2, goSin, goSinh, goTan, goTanh,
} from './gomath.js';

/** simpleMath maps the name of a one-argument math function to its implementation. */
export const simpleMath: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: goExp,
  sqrt: Math.sqrt,
  ln: goLog,
  log2: goLog2,
  log10: goLog10,
  sgn: (x) => (x < 0 ? -1 : x > 0 ? 1 : x),
  // bit for bit as Go computes them (see gomath.ts): promtool compares results exactly
  acos: goAcos, acosh: goAcosh, asin: goAsin, asinh: goAsinh, atan: goAtan, atanh: goAtanh,
  cos: goCos, cosh: goCosh, sin: goSin, sinh: goSinh, tan: goTan, tanh: goTanh,
  deg: (x) => (x * 180) / Math.PI,
  rad: (x) => (x * Math.PI) / 180,
};

/** roundTo is PromQL round(): nearest multiple of `toNearest`, halves rounded up. */
export function roundTo(x: number, toNearest: number): number {
  const inv = 1 / toNearest;
  return Math.floor(x * inv + 0.5) / inv;
}
