/**
 * bits: the bit-level primitives under the chunk encoding. They work on a caller-owned Uint8Array and
 * an explicit bit position, so a series can keep all of its chunks in one buffer (one object instead
 * of one per chunk, which is most of the memory at 20k series).
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const u8 = new Uint8Array(f64.buffer);

/** TWO_32 is 2^32, used to split and join 64-bit integers held in JS numbers. */
export const TWO_32 = 4294967296;

/** writeBits ORs the low `n` (1..32) bits of `value` into `buf` at bit `pos`; the bytes must be zero there. */
export function writeBits(buf: Uint8Array, pos: number, value: number, n: number): void {
  while (n > 0) {
    const free = 8 - (pos & 7);
    const take = n < free ? n : free;
    const bits = (value >>> (n - take)) & ((1 << take) - 1);
    buf[pos >>> 3]! |= bits << (free - take);
    pos += take;
    n -= take;
  }
}

/**
 * readBits returns `n` (1..32) bits of `buf` starting at bit `pos` as an unsigned integer. It loads
 * the four bytes under `pos` at once (plus one more when the field straddles them), which is what
 * makes decoding fast enough for range queries over thousands of series.
 */
export function readBits(buf: Uint8Array, pos: number, n: number): number {
  const i = pos >>> 3;
  const off = pos & 7;
  const w = ((buf[i]! << 24) | ((buf[i + 1] ?? 0) << 16) | ((buf[i + 2] ?? 0) << 8) | (buf[i + 3] ?? 0)) << off;
  if (off + n <= 32) return w >>> (32 - n);
  const rem = off + n - 32;
  return ((w >>> (32 - n)) | ((buf[i + 4] ?? 0) >>> (8 - rem))) >>> 0;
}

/** signExtend reinterprets the low `n` bits of `x` as a two's-complement number. */
export function signExtend(x: number, n: number): number {
  return n >= 32 ? x | 0 : (x << (32 - n)) >> (32 - n);
}

/** floatHi returns the high 32 bits of a float64's IEEE-754 pattern (sign, exponent, top of mantissa). */
export function floatHi(v: number): number {
  f64[0] = v;
  return u32[1]!;
}

/** floatLo returns the low 32 bits of the pattern of the float last passed to floatHi. */
export function floatLoOfLast(): number {
  return u32[0]!;
}

/** floatFromBits builds a float64 from its two 32-bit halves, payload bits included (stale NaN). */
export function floatFromBits(hi: number, lo: number): number {
  u32[0] = lo;
  u32[1] = hi;
  return f64[0]!;
}

/** ctz32 counts trailing zero bits of a non-zero 32-bit integer. */
export function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** writeU16 stores a little-endian 16-bit integer at byte `off`. */
export function writeU16(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v & 0xff;
  buf[off + 1] = (v >>> 8) & 0xff;
}

/** readU16 loads a little-endian 16-bit integer from byte `off`. */
export function readU16(buf: Uint8Array, off: number): number {
  return buf[off]! | (buf[off + 1]! << 8);
}

/** writeU32 stores a little-endian 32-bit unsigned integer at byte `off`. */
export function writeU32(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v & 0xff;
  buf[off + 1] = (v >>> 8) & 0xff;
  buf[off + 2] = (v >>> 16) & 0xff;
  buf[off + 3] = (v >>> 24) & 0xff;
}

/** readU32 loads a little-endian 32-bit unsigned integer from byte `off`. */
export function readU32(buf: Uint8Array, off: number): number {
  return (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24)) >>> 0;
}

/** writeF64 stores a float64 (bit-exact, little-endian) at byte `off`. */
export function writeF64(buf: Uint8Array, off: number, v: number): void {
  f64[0] = v;
  for (let i = 0; i < 8; i++) buf[off + i] = u8[i]!;
}

/** readF64 loads a float64 written by writeF64. */
export function readF64(buf: Uint8Array, off: number): number {
  for (let i = 0; i < 8; i++) u8[i] = buf[off + i]!;
  return f64[0]!;
}
