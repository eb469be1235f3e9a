/**
 * bytes: a growable binary writer and a bounds-checked reader for the snapshot format. The reader
 * throws STORE_SNAPSHOT on any read past the end, so a truncated file is an error, never a crash.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** ByteWriter appends little-endian fields to a buffer that grows as needed. */
export class ByteWriter {
  private buf: Uint8Array;
  private n = 0;

  /**
   * With a `sink`, the writer hands its bytes over in pieces of about `piece` bytes and never holds
   * more than one piece (or one longer item); without one it grows and keeps everything.
   */
  constructor(
    private readonly sink?: (piece: Uint8Array) => void,
    piece = 1 << 20,
  ) {
    this.buf = new Uint8Array(sink ? piece : 1 << 16);
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    if (this.sink) {
      this.flush();
      if (k <= this.buf.length) return;
    }
    const next = new Uint8Array(Math.max(this.n + k, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.n++] = v & 0xff;
  }

  u16(v: number): void {
    this.room(2);
    this.buf[this.n++] = v & 0xff;
    this.buf[this.n++] = (v >>> 8) & 0xff;
  }

  u32(v: number): void {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buf[this.n++] = (v >>> (8 * i)) & 0xff;
  }

  f64(v: number): void {
    this.room(8);
    f64[0] = v;
    this.buf.set(u8, this.n);
    this.n += 8;
  }

  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  str(s: string): void {
    this.bytes(utf8.encode(s));
  }

  /** flush hands what is buffered to the sink (a view, valid until the sink returns). */
  flush(): void {
    if (this.sink && this.n > 0) this.sink(this.buf.subarray(0, this.n));
    this.n = 0;
  }

  /** result returns the written bytes (a view, valid until the next write). */
  result(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

/** ByteReader reads what ByteWriter wrote, refusing to run past `end`. */
export class ByteReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private need(k: number): number {
    if (this.pos + k > this.end) {
      throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `store snapshot is truncated: needed ${k} bytes at offset ${this.pos}`);
    }
    const p = this.pos;
    this.pos += k;
    return p;
  }

  u8(): number {
    return this.buf[this.need(1)]!;
  }

  u16(): number {
    const p = this.need(2);
    return this.buf[p]! | (this.buf[p + 1]! << 8);
  }

  u32(): number {
    const p = this.need(4);
    return (this.buf[p]! | (this.buf[p + 1]! << 8) | (this.buf[p + 2]! << 16) | (this.buf[p + 3]! << 24)) >>> 0;
  }

  f64(): number {
    const p = this.need(8);
    u8.set(this.buf.subarray(p, p + 8));
    return f64[0]!;
  }

  bytes(): Uint8Array {
    const len = this.u32();
    const p = this.need(len);
    return this.buf.subarray(p, p + len);
  }

  str(): string {
    const b = this.bytes();
    try {
      return fromUtf8.decode(b);
    } catch (err) {
      throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `store snapshot holds invalid UTF-8 at offset ${this.pos - b.length}`, { cause: err });
    }
  }
}
