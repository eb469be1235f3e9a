/**
 * chunk-pack: the packed layout of a closed one-column chunk whose values are all integers, which
 * is most chunks of a Go service (counters, byte gauges, constants; see bench/store.bench.mjs).
 *
 * The streaming layout (chunk-format.ts) must decide each sample's code as it arrives, so it spends
 * control bits on every sample: a regular timestamp costs 1 bit, an unchanged value 1 bit, a
 * counter step 5 bits of prefix and width before its digits. Once a chunk is closed its whole
 * content is known, so it can be rewritten with one width for the chunk ("frame of reference"
 * packing, as in Lemire and Boytsov, "Decoding billions of integers per second through
 * vectorization", 2015): every timestamp delta is tBase + a tw-bit field, every value step (or
 * step of steps, for steady counters) vBase + a vw-bit field. Regular scrapes and constants then
 * cost 0 bits a sample, and a counter growing by 0..4095 a scrape costs 12.
 *
 * Body layout after the usual header (chunk-header.ts), whose packed bit is set; the first
 * timestamp t0 is in the header:
 *   v0 as <int>
 *   tw 6 bits   tBase as <int>   mode 2 bits   vw 6 bits   vBase as <int>
 *   where <int> is 6 bits of length L, then (when L > 0) a sign bit and L bits of magnitude
 *   then per later sample: tw bits of (delta - tBase), then by mode:
 *     00 vw bits of (step - vBase)
 *     10 vw bits of (step of steps - vBase)
 *     01 one bit "changed"; if 1, vw bits of (step - vBase), else the value repeats. Counters of rare
 *        events change on few scrapes, and this keeps the streaming layout's 1-bit repeat for them.
 */
import { TWO_32, readBits, writeBits } from './bits.js';
import { isInt } from './chunk-format.js';
import { decodeChunk1 } from './chunk-decode1.js';

/**
 * <int> holds an integer up to 2^53 in magnitude as 6 bits of length L, a sign bit when L > 0, and
 * L bits of magnitude, so small numbers of either sign are short. Sign and magnitude rather than
 * zigzag coding: zigzag doubles the magnitude, and past 2^53 a double cannot hold the odd result.
 */
function magBits(m: number): number {
  return m === 0 ? 0 : m < TWO_32 ? 32 - Math.clz32(m) : 64 - Math.clz32(Math.floor(m / TWO_32));
}

function intBits(x: number): number {
  const len = magBits(Math.abs(x));
  return 6 + (len === 0 ? 0 : 1 + len);
}

function writeInt(buf: Uint8Array, p: number, x: number): number {
  const m = Math.abs(x);
  const len = magBits(m);
  writeBits(buf, p, len, 6);
  p += 6;
  if (len === 0) return p;
  writeBits(buf, p, x < 0 ? 1 : 0, 1);
  p += 1;
  if (len > 32) {
    writeBits(buf, p, Math.floor(m / TWO_32), len - 32);
    writeBits(buf, p + len - 32, m >>> 0, 32);
  } else {
    writeBits(buf, p, m >>> 0, len);
  }
  return p + len;
}

/** intEnd is where the last readInt stopped (a module variable: returning a pair would allocate). */
let intEnd = 0;

function readInt(buf: Uint8Array, p: number): number {
  const len = readBits(buf, p, 6);
  p += 6;
  if (len === 0) {
    intEnd = p;
    return 0;
  }
  const neg = readBits(buf, p, 1) === 1;
  p += 1;
  const m = len > 32 ? readBits(buf, p, len - 32) * TWO_32 + readBits(buf, p + len - 32, 32) : readBits(buf, p, len);
  intEnd = p + len;
  return neg ? -m : m;
}

let scratchT = new Float64Array(128);
let scratchV = new Float64Array(128);
let steps = new Float64Array(128);
let checkT = new Float64Array(128);
let checkV = new Float64Array(128);
let out = new Uint8Array(1024);

/** widthOf is the number of bits holding 0..range (0 for a range of 0). */
function widthOf(range: number): number {
  return range === 0 ? 0 : 32 - Math.clz32(range);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * packChunk rewrites a closed streaming chunk of `count` samples, the first at time `t0`, whose body
 * starts at bit `pos` and spans `bodyBytes`, when a packed body would be smaller and decodes to the same bits. Returns
 * the new body length in bytes (the old bytes past it are zeroed), or -1 when it left the chunk
 * alone (a float value, a step that does not fit 32 bits, or no saving).
 */
export function packChunk(buf: Uint8Array, pos: number, count: number, bodyBytes: number, t0: number): number {
  if (count < 2) return -1;
  if (scratchT.length < count) {
    scratchT = new Float64Array(count);
    scratchV = new Float64Array(count);
    steps = new Float64Array(count);
  }
  const t = scratchT;
  const v = scratchV;
  if (decodeChunk1(buf, pos, count, t0, -Infinity, Infinity, t, v, 0) !== count) return -1;
  for (let i = 0; i < count; i++) if (!isInt(v[i]!)) return -1;
  // Timestamp deltas: one base and width for the chunk.
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let i = 1; i < count; i++) {
    const d = t[i]! - t[i - 1]!;
    if (d < tMin) tMin = d;
    if (d > tMax) tMax = d;
  }
  if (tMin < INT32_MIN || tMax > INT32_MAX || tMax - tMin > 0xffffffff) return -1;
  const tw = widthOf(tMax - tMin);
  // Value steps, then steps of steps; whichever spans fewer bits.
  let dMin = Infinity;
  let dMax = -Infinity;
  let eMin = Infinity;
  let eMax = -Infinity;
  let prevStep = 0;
  for (let i = 1; i < count; i++) {
    const d = v[i]! - v[i - 1]!;
    steps[i] = d;
    if (d < dMin) dMin = d;
    if (d > dMax) dMax = d;
    const e = d - prevStep;
    if (e < eMin) eMin = e;
    if (e > eMax) eMax = e;
    prevStep = d;
  }
  // The sparse mode's frame covers only the steps that change the value.
  let sMin = Infinity;
  let sMax = -Infinity;
  let changed = 0;
  for (let i = 1; i < count; i++) {
    const d = steps[i]!;
    if (d === 0) continue;
    changed++;
    if (d < sMin) sMin = d;
    if (d > sMax) sMax = d;
  }
  if (changed === 0) sMin = sMax = 0;
  const fits = (lo: number, hi: number) => lo >= INT32_MIN && hi <= INT32_MAX && hi - lo <= 0xffffffff;
  const n = count - 1;
  const dCost = fits(dMin, dMax) ? n * widthOf(dMax - dMin) : Infinity;
  const eCost = fits(eMin, eMax) ? n * widthOf(eMax - eMin) : Infinity;
  const sCost = fits(sMin, sMax) ? n + changed * widthOf(sMax - sMin) : Infinity;
  const best = Math.min(dCost, eCost, sCost);
  if (best === Infinity) return -1;
  const second = best === eCost && eCost < dCost;
  const sparse = !second && best === sCost && sCost < dCost;
  const vw = second ? widthOf(eMax - eMin) : sparse ? widthOf(sMax - sMin) : widthOf(dMax - dMin);
  const vBase = second ? eMin : sparse ? sMin : dMin;
  const fixed = intBits(v[0]!) + 6 + intBits(tMin) + 8 + intBits(vBase);
  const bits = fixed + n * tw + best;
  const packedBytes = (bits + 7) >>> 3;
  if (packedBytes >= bodyBytes) return -1;
  // Written to scratch first and decoded back: only an exact round trip replaces the chunk (steps
  // of huge integers may round, and a packing bug must not be able to change stored data).
  if (out.length < packedBytes + 8) out = new Uint8Array(packedBytes + 64);
  out.fill(0, 0, packedBytes + 8);
  let p = writeInt(out, 0, v[0]!);
  writeBits(out, p, tw, 6);
  p = writeInt(out, p + 6, tMin);
  writeBits(out, p, (second ? 0x80 : sparse ? 0x40 : 0) | vw, 8);
  p = writeInt(out, p + 8, vBase);
  let d = 0;
  for (let i = 1; i < count; i++) {
    if (tw > 0) writeBits(out, p, t[i]! - t[i - 1]! - tMin, tw);
    p += tw;
    const s = steps[i]!;
    if (sparse) {
      if (s === 0) {
        p += 1; // a 0 bit: the value repeats
        continue;
      }
      writeBits(out, p, 1, 1);
      p += 1;
    }
    const field = second ? s - d - vBase : s - vBase;
    d = s;
    if (vw > 0) writeBits(out, p, field >>> 0, vw);
    p += vw;
  }
  if (((p + 7) >>> 3) !== packedBytes) return -1;
  if (checkT.length < count) {
    checkT = new Float64Array(count);
    checkV = new Float64Array(count);
  }
  if (decodePacked(out, 0, count, t0, -Infinity, Infinity, checkT, checkV, 0) !== count) return -1;
  for (let i = 0; i < count; i++) if (checkT[i] !== t[i] || checkV[i] !== v[i]) return -1;
  buf.fill(0, pos >>> 3, (pos >>> 3) + bodyBytes);
  buf.set(out.subarray(0, packedBytes), pos >>> 3);
  return packedBytes;
}

/**
 * decodePacked decodes a packed chunk of `count` samples, the first at time `t0`, whose body starts
 * at bit `pos`, writing
 * samples with mint <= t <= maxt into outT/outV from index `at`; returns the next free index.
 * A sample costs two shifts and two adds: no control bits to branch on.
 */
export function decodePacked(buf: Uint8Array, pos: number, count: number, t0: number, mint: number, maxt: number, outT: Float64Array, outV: Float64Array, at: number): number {
  let t = t0;
  let v = readInt(buf, pos);
  pos = intEnd;
  const tw = readBits(buf, pos, 6);
  const tBase = readInt(buf, pos + 6);
  pos = intEnd;
  const mode = readBits(buf, pos, 8);
  const second = mode >= 0x80;
  const sparse = (mode & 0x40) !== 0;
  const vw = mode & 0x3f;
  const vBase = readInt(buf, pos + 8);
  pos = intEnd;
  if (t > maxt) return at;
  if (t >= mint) {
    outT[at] = t;
    outV[at++] = v;
  }
  let d = 0;
  for (let i = 1; i < count; i++) {
    t += tBase + (tw === 0 ? 0 : readBits(buf, pos, tw));
    pos += tw;
    if (t > maxt) break;
    if (sparse) {
      const c = readBits(buf, pos, 1);
      pos += 1;
      if (c === 0) {
        if (t >= mint) {
          outT[at] = t;
          outV[at++] = v;
        }
        continue;
      }
    }
    const f = vw === 0 ? 0 : readBits(buf, pos, vw);
    pos += vw;
    if (second) {
      d += vBase + f;
      v += d;
    } else {
      v += vBase + f;
    }
    if (t >= mint) {
      outT[at] = t;
      outV[at++] = v;
    }
  }
  return at;
}
