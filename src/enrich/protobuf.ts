/**
 * protobuf: the few wire-format pieces a pprof profile needs (varints, length-delimited fields, packed
 * repeated varints). Hand-written because the project carries no protobuf dependency.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';

/** Field is one decoded field: varint fields carry `num`, length-delimited ones carry `bytes`. */
export type Field = { readonly no: number; readonly num: number; readonly bytes?: undefined } | { readonly no: number; readonly bytes: Uint8Array; readonly num?: undefined };

function bad(msg: string, at: number): never {
  throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `malformed protobuf at byte ${at}: ${msg}`);
}

/** readVarint decodes one base-128 varint at `pos`; numbers above 2^53 lose precision (never in pprof sizes). */
export function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) bad('truncated varint', pos);
    const b = buf[pos++]!;
    result += (b & 0x7f) * mul;
    if (b < 0x80) return [result, pos];
    mul *= 128;
  }
  return bad('varint longer than 10 bytes', pos);
}

/** fields decodes a message's top-level fields in order. Fixed 32/64-bit fields are skipped. */
export function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, num: v });
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      if (p2 + len > buf.length) bad('length past the end', p2);
      out.push({ no, bytes: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else bad(`unsupported wire type ${wire}`, pos);
  }
  return out;
}

/** varints reads a repeated varint field that may be packed (bytes) or not (num). */
export function varints(f: Field): number[] {
  if (f.bytes === undefined) return [f.num];
  const out: number[] = [];
  let pos = 0;
  while (pos < f.bytes.length) {
    const [v, p] = readVarint(f.bytes, pos);
    out.push(v);
    pos = p;
  }
  return out;
}
