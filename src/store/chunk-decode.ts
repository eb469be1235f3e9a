/**
 * chunk-decode: turning a chunk body back into samples (layout in chunk-format.ts).
 */
import { TWO_32, floatFromBits, floatHi, floatLoOfLast, readBits, signExtend } from './bits.js';
import { COLUMN_STATE_SLOTS as STATE, isInt } from './chunk-format.js';

/**
 * peek32 returns the 32 bits starting at bit `pos`. Bytes past the chunk fall outside the bits
 * used; a load past the end of the buffer reads undefined, which the operators turn into 0.
 */
function peek32(buf: Uint8Array, pos: number): number {
  const i = pos >>> 3;
  const off = pos & 7;
  const w = (buf[i]! << 24) | (buf[i + 1]! << 16) | (buf[i + 2]! << 8) | buf[i + 3]!;
  return off === 0 ? w >>> 0 : ((w << off) | (buf[i + 4]! >>> (8 - off))) >>> 0;
}

let scratch = new Float64Array(5 * STATE);

/**
 * decodeChunk decodes `count` samples starting at bit `pos`, the first at time `t0` (the chunk
 * header keeps it), writing those with mint <= t <= maxt
 * into outT/outV from index `at`. Returns the next free index. Control bits are read from one
 * 32-bit peek per field: this loop is what range queries spend their time in.
 */
export function decodeChunk(
  buf: Uint8Array,
  pos: number,
  count: number,
  t0: number,
  cols: number,
  mint: number,
  maxt: number,
  outT: Float64Array,
  outV: readonly Float64Array[],
  at: number,
): number {
  // Per column: hi, lo, window lead, window trail, previous value, the value before that, int width.
  // The registers are scratch shared by every call (decoding never nests): allocating them per chunk
  // was a typed-array creation per chunk read, a measurable share of a 1k-series select.
  if (scratch.length < cols * STATE) scratch = new Float64Array(cols * STATE);
  const st = scratch;
  st.fill(0, 0, cols * STATE);
  let t = 0;
  let delta = 0;
  for (let i = 0; i < count; i++) {
    if (i === 0) {
      t = t0;
    } else {
      const w = peek32(buf, pos);
      let dod: number;
      if (w >>> 31 === 0) {
        dod = 0;
        pos += 1;
      } else if (w >>> 30 === 0b10) {
        dod = ((w << 2) >> 25);
        pos += 9;
      } else if (w >>> 29 === 0b110) {
        dod = ((w << 3) >> 18);
        pos += 17;
      } else if (w >>> 28 === 0b1110) {
        dod = ((w << 4) >> 12);
        pos += 24;
      } else {
        dod = signExtend(readBits(buf, pos + 4, 32), 32) * TWO_32 + readBits(buf, pos + 36, 32);
        pos += 68;
      }
      delta += dod;
      t += delta;
    }
    // Timestamps ascend, so nothing after the first sample past maxt can be wanted.
    if (t > maxt) break;
    const keep = t >= mint;
    if (keep) outT[at] = t;
    for (let c = 0; c < cols; c++) {
      const k = c * STATE;
      const prev = st[k + 4]!;
      let v: number;
      if (i === 0) {
        st[k] = readBits(buf, pos, 32);
        st[k + 1] = readBits(buf, pos + 32, 32);
        pos += 64;
        v = floatFromBits(st[k]!, st[k + 1]!);
      } else {
        const w = peek32(buf, pos);
        if (w >>> 31 === 0) {
          pos += 1;
          v = prev;
        } else if (w >>> 30 === 0b10) {
          // 10m: integer difference (m=0) or difference of differences (m=1), then a sized integer.
          const dd = (w >>> 29) & 1;
          let q = pos + 3;
          let width: number;
          if (((w >>> 28) & 1) === 0) {
            width = st[k + 6]!;
            q += 1;
          } else {
            width = ((w >>> 23) & 0x1f) + 1;
            st[k + 6] = width;
            q += 6;
          }
          const n = (peek32(buf, q) | 0) >> (32 - width);
          pos = q + width;
          // The previous integer difference, derived here rather than kept per sample: it is only
          // needed by this rarely-chosen branch, and the encoder defines it the same way.
          const pp = st[k + 5]!;
          const prevDiff = isInt(prev) && isInt(pp) ? prev - pp : 0;
          v = prev + (dd === 1 ? prevDiff + n : n);
          st[k] = floatHi(v);
          st[k + 1] = floatLoOfLast();
        } else {
          // 110: XOR inside the previous window; 111: XOR with a new window.
          let len: number;
          let shift: number;
          if (w >>> 29 === 0b110) {
            pos += 3;
            len = 64 - st[k + 2]! - st[k + 3]!;
            shift = st[k + 3]!;
          } else {
            const lead = (w >>> 24) & 0x1f;
            len = (w >>> 18) & 0x3f || 64;
            pos += 14;
            shift = 64 - lead - len;
            st[k + 2] = lead;
            st[k + 3] = shift;
          }
          let h = 0;
          let l: number;
          if (len > 32) {
            h = peek32(buf, pos) >>> (64 - len);
            l = peek32(buf, pos + len - 32);
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
          st[k] = (st[k]! ^ h) >>> 0;
          st[k + 1] = (st[k + 1]! ^ l) >>> 0;
          v = floatFromBits(st[k]!, st[k + 1]!);
        }
      }
      st[k + 5] = i === 0 ? NaN : prev;
      st[k + 4] = v;
      if (keep) outV[c]![at] = v;
    }
    if (keep) at++;
  }
  return at;
}
