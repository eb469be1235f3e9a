import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkList } from './chunks.js';
import { ByteArena } from './arena.js';
import { STALE_NAN } from '../model/sample.js';

const view = new DataView(new ArrayBuffer(8));
function bits(v: number): bigint {
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}

const value = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5000, max: 5000 }) },
  { weight: 2, arbitrary: fc.double({ noNaN: false }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, STALE_NAN, -0, 0, 2 ** 53 - 1) },
);

describe('ChunkList registers', () => {
  it('export and import through state() without changing what is written next (property)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), fc.array(value, { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 50 }), (before, after, perChunk) => {
        const arena = new ByteArena(8192, 5);
        const a = new ChunkList(1, perChunk, 32, arena, true);
        before.forEach((v, i) => a.append(1000 * (i + 1), v));
        const b = ChunkList.fromState(a.state(), arena, true);
        expect(b.state()).toEqual(a.state());
        after.forEach((v, i) => {
          a.append(1000 * (before.length + i + 1), v);
          b.append(1000 * (before.length + i + 1), v);
        });
        // Same registers, so the same bits: the lists stay byte-identical.
        expect(b.state()).toEqual(a.state());
        const got = b.read(-Infinity, Infinity);
        // Bits are taken from each input array directly: copying them (`[...before, ...after]`)
        // lets V8 store the NaNs canonically, turning STALE_NAN into a plain NaN on some runs.
        expect(Array.from(got.v[0]!, bits)).toEqual([...before.map(bits), ...after.map(bits)]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps timestamps exact across any gaps, huge ones included, and through state() (property)', () => {
    // The previous delta shares column 0's window register (win + delta * 2^20); gaps of 2^32 ms or
    // more start a new chunk instead, so every delta a register holds stays exact.
    const gap = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 70_000 }) },
      { weight: 2, arbitrary: fc.integer({ min: 2 ** 31 - 5, max: 2 ** 33 + 5 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 44 }) },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(gap, value), { minLength: 1, maxLength: 120 }), fc.integer({ min: 2, max: 50 }), fc.nat({ max: 120 }), (rows, perChunk, cut) => {
        const arena = new ByteArena(8192, 5);
        let a = new ChunkList(1, perChunk, 32, arena, true);
        const ts: number[] = [];
        let t = -(2 ** 45);
        rows.forEach(([g, v], i) => {
          t += g;
          if (i === cut) a = ChunkList.fromState(a.state(), arena, true);
          a.append(t, v);
          ts.push(t);
        });
        const got = a.read(-Infinity, Infinity);
        expect(Array.from(got.t)).toEqual(ts);
        expect(Array.from(got.v[0]!, bits)).toEqual(rows.map(([, v]) => bits(v)));
        for (const c of a.chunks()) expect(c.maxt).toBeGreaterThanOrEqual(c.mint);
      }),
      { numRuns: 400 },
    );
  });

  it('closes the head when a state carries registers it cannot hold, and stays readable', () => {
    const a = new ChunkList(1, 100);
    for (let i = 0; i < 30; i++) a.append(1000 * (i + 1), i * 3.5);
    const st = a.state();
    const bad = [...st.colState];
    bad[0] = (bad[0]! ^ 1) >>> 0; // hi word that is not the previous value's
    bad[2] = 200; // a leading-zero count no window has
    const b = ChunkList.fromState({ ...st, colState: bad });
    for (let i = 30; i < 60; i++) b.append(1000 * (i + 1), i * 3.5);
    expect(b.chunks().length).toBe(2);
    expect(Array.from(b.read(-Infinity, Infinity).v[0]!)).toEqual(Array.from({ length: 60 }, (_, i) => i * 3.5));
  });
});
