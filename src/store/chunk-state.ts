/**
 * chunk-state: checking an exported chunk list (ChunkListState) read from a snapshot, and bringing
 * a list written in layout 2 (snapshot versions 1 and 2) to layout 3 (chunk-header.ts).
 *
 * A snapshot's checksum catches accidents, not a file that is wrong but consistent; these checks
 * make sure every header walk a list will do stays inside its bytes and ends where the state says
 * the closed chunks end, so no damaged file can make a reader loop or decode outside a chunk.
 */
import { TWO_32, readBits, readF64, readU16, readU32, signExtend } from './bits.js';
import { HEADER_MAX, HEAD_START_MAX, MAX_BODY_BYTES, hdr, readHeadStart, readHeader, writeHeadStart, writeHeader } from './chunk-header.js';
import type { ChunkListState } from './chunks.js';

/** LAYOUT2_HEADER_BYTES is layout 2's header: count u16 (bit 15 the packed flag), body u32, maxt f64. */
const LAYOUT2_HEADER_BYTES = 14;
const LAYOUT2_PACKED = 0x8000;

/** stateIsConsistent tells whether a layout-3 state's headers walk exactly to its `used` offset. */
export function stateIsConsistent(s: ChunkListState): boolean {
  const b = s.bytes;
  let off = 0;
  let n = 0;
  while (off < s.used) {
    if (b[off] === 0) return false;
    const body = readHeaderSafe(b, off);
    if (body < 0 || hdr.count < 1 || hdr.count > s.samplesPerChunk || hdr.mint > hdr.maxt || body + hdr.body > s.used) return false;
    n += hdr.count;
    off = body + hdr.body;
  }
  if (off !== s.used || n !== s.closedCount) return false;
  if (s.headCount === 0) return true;
  if (b[s.used] !== 0 || s.used + HEAD_START_MAX > b.length) return false;
  const body = readHeadStart(b, s.used);
  return Number.isSafeInteger(hdr.mint) && hdr.mint <= s.prevT && body * 8 + 64 <= s.bitPos;
}

/** readHeaderSafe parses a header only when all of it lies inside `b`; -1 otherwise. */
function readHeaderSafe(b: Uint8Array, off: number): number {
  if (off + HEADER_MAX <= b.length) return readHeader(b, off);
  // Near the end: copy into a zero-padded scratch so a cut header cannot read past the bytes.
  const tmp = new Uint8Array(HEADER_MAX);
  tmp.set(b.subarray(off));
  const end = readHeader(tmp, 0);
  return end > b.length - off ? -1 : off + end;
}

/**
 * upgradeLayout2 rewrites a layout-2 state in layout 3: each 14-byte header and the first timestamp
 * at the start of its body become a varint header, and an open head gets a head start. Bodies
 * are otherwise copied bit for bit (the timestamp was the body's first 8 bytes, so what follows
 * stays byte aligned). Returns null when the old headers do not walk to `used`.
 */
export function upgradeLayout2(s: ChunkListState): ChunkListState | null {
  const b = s.bytes;
  const out = new Uint8Array(b.length + HEAD_START_MAX + 8);
  let off = 0;
  let at = 0;
  let n = 0;
  while (off < s.used) {
    if (off + LAYOUT2_HEADER_BYTES + 8 > s.used) return null;
    const word = readU16(b, off);
    const count = word & ~LAYOUT2_PACKED;
    const bodyBytes = readU32(b, off + 2);
    const maxt = readF64(b, off + 6);
    const start = off + LAYOUT2_HEADER_BYTES;
    if (count < 1 || count > s.samplesPerChunk || bodyBytes < 8 || start + bodyBytes > s.used) return null;
    const t0 = readStart(b, start * 8);
    if (!Number.isSafeInteger(maxt) || !Number.isSafeInteger(t0) || t0 > maxt || bodyBytes - 8 > MAX_BODY_BYTES) return null;
    const body = bodyBytes - 8;
    // A header is never longer than the 14 + 8 bytes it replaces, so `out` cannot overflow.
    at = writeHeader(out, at, count, (word & LAYOUT2_PACKED) !== 0, body, t0, maxt);
    out.set(b.subarray(start + 8, start + bodyBytes), at);
    at += body;
    n += count;
    off = start + bodyBytes;
  }
  if (off !== s.used || n !== s.closedCount) return null;
  const used = at;
  let bitPos = used * 8;
  if (s.headCount > 0) {
    const start = s.used + LAYOUT2_HEADER_BYTES;
    if (s.bitPos < (start + 16) * 8 || Math.ceil(s.bitPos / 8) > b.length) return null;
    const t0 = readStart(b, start * 8);
    if (!Number.isSafeInteger(t0)) return null;
    const body = writeHeadStart(out, used, t0);
    const from = start + 8;
    const end = Math.ceil(s.bitPos / 8);
    out.set(b.subarray(from, end), body);
    bitPos = body * 8 + (s.bitPos - from * 8);
  }
  return { ...s, bytes: out.slice(0, Math.ceil(bitPos / 8)), used, bitPos, closedCount: n };
}

/** readStart reads layout 2's first timestamp: a signed 64-bit integer as two 32-bit words. */
function readStart(buf: Uint8Array, bit: number): number {
  return signExtend(readBits(buf, bit, 32), 32) * TWO_32 + readBits(buf, bit + 32, 32);
}
