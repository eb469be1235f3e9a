import { describe, expect, it } from 'vitest';
import { ByteWriter } from './bytes.js';

describe('ByteWriter with a sink', () => {
  it('hands over pieces no longer than the piece size, except one longer item, and loses nothing', () => {
    const pieces: number[][] = [];
    const w = new ByteWriter((p) => pieces.push(Array.from(p)), 8);
    const want: number[] = [];
    for (let i = 0; i < 20; i++) {
      w.u16(i);
      want.push(i & 0xff, 0);
    }
    const long = new Uint8Array(20).map((_, i) => 100 + i);
    w.bytes(long);
    want.push(20, 0, 0, 0, ...long);
    w.u8(7);
    want.push(7);
    w.flush();
    expect(pieces.flat()).toEqual(want);
    expect(pieces.filter((p) => p.length > 8)).toEqual([Array.from(long)]);
    expect(pieces.every((p) => p.length > 0)).toBe(true);
  });
});
