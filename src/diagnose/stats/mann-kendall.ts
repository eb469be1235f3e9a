/**
 * mann-kendall: a non-parametric test for a monotonic trend, with the Hamed–Rao (1998) variance
 * correction. Memory floors are serially correlated (one leak makes every later point higher), and the
 * plain test then reports trends that are not there; Hamed–Rao inflates Var(S) by the effective sample
 * size computed from the significant lag autocorrelations of the ranks of the detrended series.
 */
import { theilSen } from './theil-sen.js';

/** MannKendall is the test result; `p` is two-sided. */
export interface MannKendall {
  readonly n: number;
  readonly s: number;
  readonly z: number;
  readonly p: number;
  /** varianceFactor is n/n* from Hamed–Rao (1 = no correction). */
  readonly varianceFactor: number;
}

/** normalCdf is Φ(x) via the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

function ranks(xs: readonly number[]): number[] {
  const idx = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]![0] === idx[i]![0]) j++;
    for (let k = i; k <= j; k++) r[idx[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function tieCorrection(xs: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let c = 0;
  for (const t of counts.values()) if (t > 1) c += t * (t - 1) * (2 * t + 5);
  return c;
}

/** mannKendall tests v (ordered by time) for a monotonic trend; `t` only detrends for the correction. */
export function mannKendall(t: readonly number[], v: readonly number[]): MannKendall {
  const n = Math.min(t.length, v.length);
  if (n < 3) return { n, s: 0, z: 0, p: 1, varianceFactor: 1 };
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(v[j]! - v[i]!);
  let varS = (n * (n - 1) * (2 * n + 5) - tieCorrection(v.slice(0, n))) / 18;
  const factor = hamedRaoFactor(t.slice(0, n), v.slice(0, n));
  varS *= factor;
  if (varS <= 0) return { n, s, z: 0, p: 1, varianceFactor: factor };
  const z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
  const p = 2 * (1 - normalCdf(Math.abs(z)));
  return { n, s, z, p: Math.min(1, Math.max(0, p)), varianceFactor: factor };
}

/** hamedRaoFactor returns n/n*; only autocorrelations outside the 95 % band count, as in the paper. */
export function hamedRaoFactor(t: readonly number[], v: readonly number[]): number {
  const n = v.length;
  if (n < 4) return 1;
  // detrend with the Theil–Sen slope so the trend itself is not mistaken for autocorrelation
  const b = theilSen(t, v).slope;
  const r = ranks(v.map((x, i) => x - b * t[i]!));
  const mean = r.reduce((a, x) => a + x, 0) / n;
  let den = 0;
  for (const x of r) den += (x - mean) ** 2;
  if (den === 0) return 1;
  const band = 1.96 / Math.sqrt(n);
  let sum = 0;
  for (let k = 1; k < n - 1; k++) {
    let num = 0;
    for (let i = 0; i < n - k; i++) num += (r[i]! - mean) * (r[i + k]! - mean);
    const rho = num / den;
    if (Math.abs(rho) > band) sum += (n - k) * (n - k - 1) * (n - k - 2) * rho;
  }
  const f = 1 + (2 / (n * (n - 1) * (n - 2))) * sum;
  // negative or tiny factors come from sampling noise in short series; never shrink the variance
  return Math.max(1, f);
}
