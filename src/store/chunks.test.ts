import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkList } from './chunks.js';
import { STALE_NAN, isStaleNaN } from '../model/sample.js';

const view = new DataView(new ArrayBuffer(8));
function bits(v: number): bigint {
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}
function fromBits(b: bigint): number {
  view.setBigUint64(0, b);
  return view.getFloat64(0);
}

/** timestamps turns positive gaps into a strictly increasing series starting at `start`. */
function timestamps(start: number, gaps: number[]): number[] {
  const out: number[] = [];
  let t = start;
  for (const g of gaps) {
    t += g;
    out.push(t);
  }
  return out;
}

const specialValue = fc.constantFrom(NaN, STALE_NAN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, -Number.MAX_VALUE);
const anyBitsValue = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(fromBits);
const value = fc.oneof(
  fc.double(),
  specialValue,
  anyBitsValue,
  fc.integer({ min: -1e9, max: 1e9 }),
);
const gap = fc.oneof(
  fc.constant(15_000),
  fc.integer({ min: 14_990, max: 15_010 }),
  fc.integer({ min: 1, max: 10_000_000 }),
  fc.integer({ min: 1, max: 2 ** 40 }),
);

describe('ChunkList', () => {
  it('round-trips timestamps and value bits exactly, across chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 45), max: 2 ** 45 }),
        fc.array(fc.tuple(gap, value), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 130 }),
        (start, rows, perChunk) => {
          const ts = timestamps(start, rows.map((r) => r[0]));
          const list = new ChunkList(1, perChunk);
          ts.forEach((t, i) => list.append(t, rows[i]![1]));
          expect(list.count).toBe(rows.length);
          const got = list.read(-Infinity, Infinity);
          expect(Array.from(got.t)).toEqual(ts);
          const want = rows.map((r) => bits(r[1]));
          expect(Array.from(got.v[0]!, bits)).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the staleness marker recognisable after decoding', () => {
    const list = new ChunkList(1, 120);
    list.append(1000, 5);
    list.append(2000, STALE_NAN);
    list.append(3000, NaN);
    list.append(4000, STALE_NAN);
    const { v } = list.read(0, 10_000);
    expect([...v[0]!].map(isStaleNaN)).toEqual([false, true, false, true]);
    expect(bits(v[0]![1]!)).toBe(bits(STALE_NAN));
  });

  it('encodes several columns that share one timestamp stream', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(gap, fc.array(value, { minLength: 5, maxLength: 5 })), { maxLength: 300 }), (rows) => {
        const ts = timestamps(0, rows.map((r) => r[0]));
        const list = new ChunkList(5, 120);
        ts.forEach((t, i) => list.appendRow(t, rows[i]![1]));
        const got = list.read(-Infinity, Infinity);
        expect(Array.from(got.t)).toEqual(ts);
        for (let c = 0; c < 5; c++) {
          expect(Array.from(got.v[c]!, bits)).toEqual(rows.map((r) => bits(r[1][c]!)));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads only the requested range and skips chunks outside it', () => {
    const list = new ChunkList(1, 10);
    for (let i = 0; i < 100; i++) list.append(i * 1000, i);
    const got = list.read(25_000, 31_500);
    expect(Array.from(got.t)).toEqual([25_000, 26_000, 27_000, 28_000, 29_000, 30_000, 31_000]);
    expect(Array.from(got.v[0]!)).toEqual([25, 26, 27, 28, 29, 30, 31]);
    expect(list.chunks()).toHaveLength(10);
    expect(list.chunks()[2]).toMatchObject({ count: 10, mint: 20_000, maxt: 29_000 });
  });

  it('drops whole old chunks, feeds them out, and keeps appending afterwards', () => {
    const list = new ChunkList(1, 10);
    for (let i = 0; i < 35; i++) list.append(i * 1000, i * 2);
    const seen: number[] = [];
    const dropped = list.dropBefore(20_000, (t) => seen.push(...t));
    expect(dropped).toBe(20);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i * 1000));
    expect(list.count).toBe(15);
    expect(list.mint).toBe(20_000);
    for (let i = 35; i < 50; i++) list.append(i * 1000, i * 2);
    const got = list.read(-Infinity, Infinity);
    expect(Array.from(got.t)).toEqual(Array.from({ length: 30 }, (_, i) => (i + 20) * 1000));
    expect(Array.from(got.v[0]!)).toEqual(Array.from({ length: 30 }, (_, i) => (i + 20) * 2));
    // The head chunk is never dropped, however old.
    expect(list.dropBefore(Infinity)).toBe(30);
    expect(list.count).toBe(0);
    list.append(60_000, 1);
    expect(Array.from(list.read(0, Infinity).t)).toEqual([60_000]);
  });

  it('compresses regular scrapes of a constant to about two bits per sample', () => {
    const list = new ChunkList(1, 120);
    for (let i = 0; i < 1200; i++) list.append(1.7e12 + i * 15_000, 42);
    list.closeHead();
    // Per chunk: a 12-byte header (body length 1, count 2, maxt 6, span 3; chunk-header.ts) and the
    // first value's 64 bits; then 2 bits a sample.
    const chunkBytes = list.chunks().length * (12 + 8);
    expect(list.byteSize).toBeLessThan(chunkBytes + 10 * 30 + 400);
  });

  it('survives a state export and rebuild mid-chunk', () => {
    const a = new ChunkList(1, 7);
    for (let i = 0; i < 20; i++) a.append(i * 15_000, Math.sin(i));
    const b = ChunkList.fromState(a.state());
    for (let i = 20; i < 30; i++) {
      a.append(i * 15_000, Math.sin(i));
      b.append(i * 15_000, Math.sin(i));
    }
    expect(Array.from(b.read(-Infinity, Infinity).v[0]!)).toEqual(Array.from(a.read(-Infinity, Infinity).v[0]!));
  });
});
