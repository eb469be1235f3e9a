import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkList } from './chunks.js';
import { STALE_NAN } from '../model/sample.js';

const view = new DataView(new ArrayBuffer(8));
function bits(v: number): bigint {
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}

// Mostly integer walks, as Go services export, with the cases packing must refuse or survive:
// steps past 32 bits, values near 2^53 where steps round, -0, NaN and staleness markers, floats.
const step = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4095 }) },
  { weight: 3, arbitrary: fc.integer({ min: -16384, max: 16383 }) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) },
);
const special = fc.constantFrom(NaN, STALE_NAN, -0, 0.5, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 60, 2 ** 31, -(2 ** 31));
const gap = fc.oneof({ weight: 6, arbitrary: fc.constant(15_000) }, { weight: 2, arbitrary: fc.integer({ min: 14_990, max: 15_010 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 33 }) });
const row = fc.tuple(gap, fc.oneof({ weight: 12, arbitrary: step.map((s) => ({ s })) }, special.map((x) => ({ x }))));

function build(rows: [number, { s: number } | { x: number }][], perChunk: number, pack: boolean): { list: ChunkList; ts: number[]; vs: number[] } {
  const list = new ChunkList(1, perChunk, 32, undefined, pack);
  let t = 1_700_000_000_000;
  let v = 1000;
  const ts: number[] = [];
  const vs: number[] = [];
  for (const [g, r] of rows) {
    t += g;
    v = 'x' in r ? r.x : Number.isFinite(v) ? v + r.s : r.s;
    list.append(t, v);
    ts.push(t);
    vs.push(v);
  }
  return { list, ts, vs };
}

describe('packed chunks', () => {
  it('read back exactly what was appended, for any range, chunk size and value mix (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 130 }), fc.nat(), fc.nat(), (rows, perChunk, a, b) => {
        const { list, ts, vs } = build(rows, perChunk, true);
        const lo = ts[a % ts.length]!;
        const hi = Math.max(lo, ts[b % ts.length]!);
        const want = ts.flatMap((x, i) => (x >= lo && x <= hi ? [i] : []));
        const got = list.read(lo, hi);
        expect(Array.from(got.t)).toEqual(want.map((i) => ts[i]));
        expect(Array.from(got.v[0]!, bits)).toEqual(want.map((i) => bits(vs[i]!)));
        // Never larger than the streaming layout of the same samples.
        expect(list.byteSize).toBeLessThanOrEqual(build(rows, perChunk, false).list.byteSize);
      }),
      { numRuns: 300 },
    );
  });

  it('feed dropped chunks out intact and survive a state round trip (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), fc.integer({ min: 2, max: 40 }), fc.nat(), (rows, perChunk, c) => {
        const { list, ts, vs } = build(rows, perChunk, true);
        const copy = ChunkList.fromState(list.state(), undefined, true);
        const cutoff = ts[c % ts.length]!;
        const seenT: number[] = [];
        const seenV: bigint[] = [];
        const n = list.dropBefore(cutoff, (t, v) => {
          seenT.push(...t);
          seenV.push(...Array.from(v[0]!, bits));
        });
        expect(seenT).toEqual(ts.slice(0, n));
        // Bits before slicing: a copied array may hold its NaNs canonically and lose STALE_NAN's payload.
        expect(seenV).toEqual(vs.map(bits).slice(0, n));
        expect(Array.from(list.read(-Infinity, Infinity).t)).toEqual(ts.slice(n));
        const all = copy.read(-Infinity, Infinity);
        expect(Array.from(all.t)).toEqual(ts);
        expect(Array.from(all.v[0]!, bits)).toEqual(vs.map(bits));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps integers up to 2^53 in magnitude exact, of either sign', () => {
    // Long runs, so the chunks do get packed: a first value past 2^52 once lost its low bit and sign.
    for (const base of [-(2 ** 53) + 1, -(2 ** 52) - 3, 2 ** 53 - 1, 2 ** 53 - 120, -(2 ** 31), 2 ** 31, -1, 0]) {
      for (const step of [0, 1, 3]) {
        const l = new ChunkList(1, 120, 32, undefined, true);
        const want: number[] = [];
        for (let i = 0; i < 240; i++) {
          // Steps towards zero, so every value stays a safe integer.
          const v = base + (base > 0 ? -step : step) * i;
          want.push(v);
          l.append(1.7e12 + i * 15_000, v);
        }
        expect(l.chunks()[0]!.packed).toBe(true);
        expect(Array.from(l.read(-Infinity, Infinity).v[0]!)).toEqual(want);
      }
    }
  });

  it('packs the Go-service shapes and leaves float chunks as they are', () => {
    const chunk = (f: (i: number) => number) => {
      const l = new ChunkList(1, 120, 32, undefined, true);
      for (let i = 0; i < 120; i++) l.append(1.7e12 + i * 15_000, f(i));
      return l.chunks()[0]!;
    };
    const body = (f: (i: number) => number) => {
      const l = new ChunkList(1, 120, 32, undefined, true);
      for (let i = 0; i < 120; i++) l.append(1.7e12 + i * 15_000, f(i));
      return l.state().bytes.length;
    };
    expect(chunk(() => 7).packed).toBe(true);
    expect(chunk((i) => 1e9 + i * 1000).packed).toBe(true);
    expect(chunk((i) => 1e9 + ((i * 2654435761) % 4096) * i).packed).toBe(true);
    expect(chunk((i) => 100 + Math.sin(i)).packed).toBe(false);
    // A constant and a steady counter cost their 12-byte header (chunk-header.ts; it carries the
    // first time) and at most 12 fixed bytes (first value, widths and bases), nothing per sample.
    expect(body(() => 7)).toBeLessThanOrEqual(12 + 8);
    expect(body((i) => 5e6 + 3 * i)).toBeLessThanOrEqual(12 + 12);
    // A counter stepping by 0..4095 costs 12 bits a sample; one that moves on every other scrape
    // costs 1 bit a sample plus the width of its steps.
    const step = (i: number) => (i === 1 ? 0 : i === 2 ? 4095 : ((i * 2654435761) >>> 0) % 4096);
    const counter = [5e6];
    for (let i = 1; i < 120; i++) counter.push(counter[i - 1]! + step(i));
    const perSample = (f: (i: number) => number, bitsEach: number) => body(f) - 12 - Math.ceil((119 * bitsEach) / 8);
    expect(perSample((i) => counter[i]!, 12)).toBeGreaterThanOrEqual(0);
    expect(perSample((i) => counter[i]!, 12)).toBeLessThanOrEqual(12);
    const rare = [5e6];
    for (let i = 1; i < 120; i++) rare.push(rare[i - 1]! + (i % 2 ? 4095 : 0));
    expect(perSample((i) => rare[i]!, 1)).toBeGreaterThanOrEqual(0);
    expect(perSample((i) => rare[i]!, 1)).toBeLessThanOrEqual(12);
  });
});
