import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteArena } from './arena.js';
import { ChunkList } from './chunks.js';

const view = new DataView(new ArrayBuffer(8));
function bits(v: number): bigint {
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}

describe('ByteArena', () => {
  it('keeps every list intact while lists grow interleaved, move, compact, shed chunks and leave', () => {
    const arena = new ByteArena(64 * 1024);
    const n = 300;
    const lists = Array.from({ length: n }, () => new ChunkList(1, 40, 32, arena));
    const want: { t: number[]; v: number[] }[] = lists.map(() => ({ t: [], v: [] }));
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let s = 0; s < 400; s++) {
      for (let i = 0; i < n; i++) {
        const t = 1_000_000 + s * 15_000 + (i % 3);
        const v = i % 4 === 0 ? 7 : i % 4 === 1 ? s * 1000 + Math.floor(rnd() * 4096) : i % 4 === 2 ? rnd() * 100 : s === 399 ? NaN : s;
        lists[i]!.append(t, v);
        want[i]!.t.push(t);
        want[i]!.v.push(v);
      }
      if (s === 200) {
        // Dropping the oldest chunks shrinks regions from the front, which feeds the garbage count.
        for (let i = 0; i < n; i += 2) {
          const cut = 1_000_000 + 100 * 15_000;
          const dropped = lists[i]!.dropBefore(cut);
          expect(dropped).toBe(80);
          want[i]!.t.splice(0, dropped);
          want[i]!.v.splice(0, dropped);
        }
      }
    }
    // Release a third: their bytes become garbage that compaction (run by release itself once
    // garbage is large enough) leaves behind.
    const before = arena.byteSize;
    for (let i = 0; i < n; i += 3) lists[i]!.release();
    arena.compact();
    expect(arena.byteSize).toBeLessThan(before);
    for (let i = 0; i < n; i++) {
      if (i % 3 === 0) continue;
      const got = lists[i]!.read(-Infinity, Infinity);
      expect(Array.from(got.t)).toEqual(want[i]!.t);
      expect(Array.from(got.v[0]!, bits)).toEqual(want[i]!.v.map(bits));
      // Lists still append correctly after being moved.
      lists[i]!.append(want[i]!.t.at(-1)! + 15_000, 1);
      expect(lists[i]!.read(-Infinity, Infinity).t.length).toBe(want[i]!.t.length + 1);
    }
    // Waste is bounded: compaction leaves at most the current slab's tail unused.
    expect(arena.wasteBytes).toBeLessThan(64 * 1024);
  });

  it('trims closed heads to their data, and lists keep appending and reading alike', () => {
    // Interleaved lists in one small-slab arena: trims land both on the slab's newest region (the
    // bump pointer drops) and inside it (garbage, which compaction reclaims), so both paths run.
    const rows = fc.array(fc.tuple(fc.nat({ max: 5 }), fc.integer({ min: -5000, max: 5000 }), fc.boolean()), { minLength: 1, maxLength: 600 });
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 30 }), (ops, perChunk) => {
        const arena = new ByteArena(4096);
        const lists = Array.from({ length: 6 }, () => new ChunkList(1, perChunk, 32, arena, true));
        const want = lists.map(() => ({ t: [] as number[], v: [] as number[], last: 0 }));
        ops.forEach(([i, step, float], k) => {
          const w = want[i]!;
          const t = 1_000_000 + k * 15_000;
          const v = float ? step / 7 : w.last + step;
          w.last = Number.isInteger(v) ? v : 0;
          lists[i]!.append(t, v);
          // Every bit written lies inside the list's region: the arena copies regions by capacity.
          expect(lists[i]!.liveBytes).toBeLessThanOrEqual(lists[i]!.byteSize);
          w.t.push(t);
          w.v.push(v);
          if (w.t.length % perChunk === 0) {
            // Just closed: the region holds the closed chunks, nothing more.
            expect(lists[i]!.byteSize).toBe(lists[i]!.liveBytes);
          }
        });
        lists.forEach((l, i) => {
          const got = l.read(-Infinity, Infinity);
          expect(Array.from(got.t)).toEqual(want[i]!.t);
          expect(Array.from(got.v[0]!, bits)).toEqual(want[i]!.v.map(bits));
        });
        expect(arena.wasteBytes).toBeLessThanOrEqual(arena.byteSize);
      }),
      { numRuns: 200 },
    );
  });

  it('never lets a list write past its region, down to a single repeated-value bit', () => {
    // Constants cost two bits a sample (a regular timestamp, a repeated value), so the writer
    // lands on every bit position of a region's last byte; interleaving keeps each list from
    // being its slab's newest region, so growth means a move and room must be made exactly.
    const arena = new ByteArena(4096);
    const lists = Array.from({ length: 3 }, () => new ChunkList(1, 120, 32, arena, true));
    const valueOf = (j: number, i: number) => (j === 2 ? Math.floor(i / 50) * 50 : 7 + j);
    for (let i = 0; i < 2000; i++) {
      lists.forEach((l, j) => {
        l.append(1_000_000 + i * 15_000, valueOf(j, i));
        expect(l.liveBytes).toBeLessThanOrEqual(l.byteSize);
      });
    }
    lists.forEach((l, j) => {
      const got = l.read(-Infinity, Infinity);
      expect(Array.from(got.t)).toEqual(Array.from({ length: 2000 }, (_, i) => 1_000_000 + i * 15_000));
      expect(Array.from(got.v[0]!)).toEqual(Array.from({ length: 2000 }, (_, i) => valueOf(j, i)));
    });
  });

  it('moves a privately built list into a shared arena with the same samples and state', () => {
    const own = new ChunkList(1, 10);
    for (let i = 0; i < 35; i++) own.append(i * 1000, i * i);
    const arena = new ByteArena();
    const moved = own.rehome(arena);
    expect(moved.state()).toEqual(own.state());
    moved.append(35_000, 3);
    own.append(35_000, 3);
    expect(Array.from(moved.read(-Infinity, Infinity).v[0]!)).toEqual(Array.from(own.read(-Infinity, Infinity).v[0]!));
  });
});
