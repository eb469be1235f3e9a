/**
 * chunk-header: the header in front of every closed chunk (layout 3, snapshot version 3).
 *
 * Layout 2 spent 22 bytes a chunk on bookkeeping: count u16, body length u32, maxt f64, and the
 * first timestamp as 64 bits at the start of the body. A raw series of a Go service holds a chunk
 * per 120 scrapes, and a packed chunk of a constant is ~15 bytes of body, so at 2 h of 15 s scrapes
 * those 22 bytes were a sixth of a byte per sample. Layout 3 writes the same facts as varints:
 *
 *   body bytes   LEB128, >= 1 (a closed chunk holds a sample), so the first byte is never 0
 *   count word   LEB128 of (count << 1) | packed
 *   maxt         sign-and-magnitude varint: first byte bit 6 the sign and bits 0-5 the low 6 bits
 *                of |maxt|, then LEB128 groups; timestamps are safe integers (53 bits)
 *   span         LEB128 of maxt - mint (the first timestamp, which the body no longer carries)
 *
 * 12 bytes for a chunk of 120 scrapes at 15 s near the present time. The open head chunk has no
 * header yet, only a head start: a 0 byte, which tells a header walk that the closed chunks end
 * there (a closed header's first byte never is 0), then the head's first timestamp as a signed
 * varint (7 bytes in 2026). Closing writes the real header in its place and moves the body to
 * follow it. A head is open nearly all the time, so the head start is resident bytes of every
 * series: reserving the largest header for it cost 14 more.
 */

/**
 * HEADER_MAX is the largest header: body bytes below 2^21 (3 bytes; a chunk of 4096 samples of
 * 15 columns stays under 650 KB), a count word below 2^14 (2 bytes) and two 53-bit numbers
 * (8 bytes each).
 */
export const HEADER_MAX = 21;

/** HEAD_START_MAX is the largest head start: the 0 byte and a signed 53-bit varint. */
export const HEAD_START_MAX = 9;

/** MAX_BODY_BYTES bounds a chunk body so its length fits the 3 bytes HEADER_MAX allows it. */
export const MAX_BODY_BYTES = (1 << 21) - 1;

/**
 * hdr holds the fields of the header readHeader last parsed: one module object instead of a result
 * per call, because readers parse a header per chunk on every select.
 */
export const hdr = { count: 0, packed: false, body: 0, mint: 0, maxt: 0 };

function writeU(buf: Uint8Array, off: number, n: number): number {
  while (n >= 128) {
    buf[off++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  buf[off++] = n;
  return off;
}

/** writeHeader writes a closed chunk's header at byte `off`; returns where its body starts. */
export function writeHeader(buf: Uint8Array, off: number, count: number, packed: boolean, body: number, mint: number, maxt: number): number {
  off = writeU(buf, off, body);
  off = writeU(buf, off, count * 2 + (packed ? 1 : 0));
  off = writeS(buf, off, maxt);
  return writeU(buf, off, maxt - mint);
}

/** writeS writes a signed integer: bit 6 of the first byte the sign, then magnitude groups. */
function writeS(buf: Uint8Array, off: number, x: number): number {
  const m = Math.abs(x);
  const more = m >= 64;
  buf[off++] = (m % 64) | (x < 0 ? 64 : 0) | (more ? 128 : 0);
  return more ? writeU(buf, off, Math.floor(m / 64)) : off;
}

function sBytes(x: number): number {
  const m = Math.abs(x);
  return 1 + (m >= 64 ? uBytes(Math.floor(m / 64)) : 0);
}

/** headerBytes is the length writeHeader would use (the closing code sizes the move by it). */
export function headerBytes(count: number, body: number, mint: number, maxt: number): number {
  return uBytes(body) + uBytes(count * 2 + 1) + sBytes(maxt) + uBytes(maxt - mint);
}

function uBytes(n: number): number {
  let b = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    b++;
  }
  return b;
}

/**
 * readHeader parses the header at byte `off` into `hdr` and returns where its body starts. The
 * one- and two-byte cases are spelled out: they are every body length and count of a raw series.
 */
export function readHeader(buf: Uint8Array, off: number): number {
  let b = buf[off++]!;
  let n = b & 127;
  if (b >= 128) {
    b = buf[off++]!;
    n |= (b & 127) << 7;
    if (b >= 128) {
      b = buf[off++]!;
      n |= (b & 127) << 14;
    }
  }
  hdr.body = n;
  b = buf[off++]!;
  n = b & 127;
  if (b >= 128) {
    b = buf[off++]!;
    n |= (b & 127) << 7;
  }
  hdr.count = n >>> 1;
  hdr.packed = (n & 1) !== 0;
  off = readS(buf, off);
  const maxt = sValue;
  b = buf[off++]!;
  let span = b & 127;
  if (b >= 128) {
    off = readMore(buf, off, span, 128);
    span = moreValue;
  }
  hdr.maxt = maxt;
  hdr.mint = maxt - span;
  return off;
}

/**
 * skipHeader returns where the body of the chunk whose header starts at `off` ends. It parses the
 * header as readHeader does, so a walk that only skips and a walk that reads can never disagree on
 * where a header ends, even over damaged bytes.
 */
export function skipHeader(buf: Uint8Array, off: number): number {
  return readHeader(buf, off) + hdr.body;
}

/** sValue and moreValue are what the last readS and readMore parsed (a pair would allocate). */
let sValue = 0;
let moreValue = 0;

function readS(buf: Uint8Array, off: number): number {
  const b = buf[off++]!;
  let m = b & 63;
  if (b >= 128) {
    off = readMore(buf, off, m, 64);
    m = moreValue;
  }
  sValue = (b & 64) !== 0 ? -m : m;
  return off;
}

/** readMore adds the LEB128 groups from `off` to `m`, the first worth `scale`; returns the end. */
function readMore(buf: Uint8Array, off: number, m: number, scale: number): number {
  let b: number;
  do {
    b = buf[off++]!;
    m += (b & 127) * scale;
    scale *= 128;
  } while (b >= 128);
  moreValue = m;
  return off;
}

/** writeHeadStart writes an open head's start at `off`; returns where the head's body starts. */
export function writeHeadStart(buf: Uint8Array, off: number, t: number): number {
  buf[off] = 0;
  return writeS(buf, off + 1, t);
}

/**
 * readHeadStart parses the head start at `off`: the head's first timestamp goes to hdr.mint, and
 * it returns where the head's body starts.
 */
export function readHeadStart(buf: Uint8Array, off: number): number {
  const end = readS(buf, off + 1);
  hdr.mint = sValue;
  return end;
}
