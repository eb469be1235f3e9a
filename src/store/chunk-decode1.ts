/**
 * chunk-decode1: the single-column decoder, i.e. every raw series. It is the generic decodeChunk
 * (chunk-decode.ts) with the column loop removed and the encoder registers held in local variables
 * instead of a Float64Array: on the query path that roughly halves the time per sample, because
 * V8 keeps locals in machine registers while typed-array slots are loads and stores every sample.
 * The two must decode the same bits to the same values; chunks.test.ts checks both against the
 * encoder.
 */
import { TWO_32, floatFromBits, floatHi, floatLoOfLast, readBits, signExtend } from './bits.js';
import { isInt } from './chunk-format.js';

/**
 * peek32 returns the 32 bits starting at bit `pos` as a signed 32-bit integer (callers only shift
 * and mask it). Shifting the fifth byte right by 8 - 0 gives 0, so no branch on alignment is needed.
 * Bytes past the chunk belong to the next chunk or series and fall outside the bits used; a load
 * past the end of the buffer (the last region of a slab) reads undefined, which the operators turn
 * into 0.
 */
function peek32(buf: Uint8Array, pos: number): number {
  const i = pos >>> 3;
  const off = pos & 7;
  return (((buf[i]! << 24) | (buf[i + 1]! << 16) | (buf[i + 2]! << 8) | buf[i + 3]!) << off) | (buf[i + 4]! >>> (8 - off));
}

/**
 * decodeChunk1 decodes a one-column chunk of `count` samples whose body starts at bit `pos` and
 * whose first timestamp (kept in its header) is `t0`, writing samples with mint <= t <= maxt into
 * outT/outV from index `at`; returns the next free index.
 */
export function decodeChunk1(
  buf: Uint8Array,
  pos: number,
  count: number,
  t0: number,
  mint: number,
  maxt: number,
  outT: Float64Array,
  outV: Float64Array,
  at: number,
): number {
  if (count === 0) return at;
  let t = t0;
  let hi = readBits(buf, pos, 32);
  let lo = readBits(buf, pos + 32, 32);
  pos += 64;
  let v = floatFromBits(hi, lo);
  // The XOR window (lead, trail), the value before v, and the width of the last integer step.
  let lead = 0;
  let trail = 0;
  let pp = NaN;
  let width = 0;
  let delta = 0;
  if (t > maxt) return at;
  if (t >= mint) {
    outT[at] = t;
    outV[at++] = v;
  }
  for (let i = 1; i < count; i++) {
    let w = peek32(buf, pos);
    if (w >>> 31 === 0) {
      pos += 1;
    } else if (w >>> 30 === 0b10) {
      delta += (w << 2) >> 25;
      pos += 9;
    } else if (w >>> 29 === 0b110) {
      delta += (w << 3) >> 18;
      pos += 17;
    } else if (w >>> 28 === 0b1110) {
      delta += (w << 4) >> 12;
      pos += 24;
    } else {
      delta += signExtend(readBits(buf, pos + 4, 32), 32) * TWO_32 + readBits(buf, pos + 36, 32);
      pos += 68;
    }
    t += delta;
    if (t > maxt) break;
    const prev = v;
    w = peek32(buf, pos);
    if (w >>> 31 === 0) {
      pos += 1;
    } else if (w >>> 30 === 0b10) {
      let q = pos + 3;
      if (((w >>> 28) & 1) === 0) {
        q += 1;
      } else {
        width = ((w >>> 23) & 0x1f) + 1;
        q += 6;
      }
      const n = peek32(buf, q) >> (32 - width);
      pos = q + width;
      if (((w >>> 29) & 1) === 1) {
        const prevDiff = isInt(prev) && isInt(pp) ? prev - pp : 0;
        v = prev + (prevDiff + n);
      } else {
        v = prev + n;
      }
      hi = floatHi(v);
      lo = floatLoOfLast();
    } else {
      let len: number;
      let shift: number;
      if (w >>> 29 === 0b110) {
        pos += 3;
        len = 64 - lead - trail;
        shift = trail;
      } else {
        lead = (w >>> 24) & 0x1f;
        len = (w >>> 18) & 0x3f || 64;
        pos += 14;
        shift = 64 - lead - len;
        trail = shift;
      }
      let h = 0;
      let l: number;
      if (len > 32) {
        h = peek32(buf, pos) >>> (64 - len);
        l = peek32(buf, pos + len - 32) >>> 0;
      } else {
        l = peek32(buf, pos) >>> (32 - len);
      }
      pos += len;
      if (shift >= 32) {
        h = (l << (shift - 32)) >>> 0;
        l = 0;
      } else if (shift > 0) {
        h = ((h << shift) | (l >>> (32 - shift))) >>> 0;
        l = (l << shift) >>> 0;
      }
      hi = (hi ^ h) >>> 0;
      lo = (lo ^ l) >>> 0;
      v = floatFromBits(hi, lo);
    }
    pp = prev;
    if (t >= mint) {
      outT[at] = t;
      outV[at++] = v;
    }
  }
  return at;
}
