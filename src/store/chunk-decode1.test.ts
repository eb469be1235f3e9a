import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkList } from './chunks.js';
import { decodeChunk } from './chunk-decode.js';
import { decodeChunk1 } from './chunk-decode1.js';
import { STALE_NAN } from '../model/sample.js';

const view = new DataView(new ArrayBuffer(8));
function bits(v: number): bigint {
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}

// Integer walks with occasional specials: the mix that drives the decoder through every branch
// (same value, integer step with and without a new width, difference of differences, both XORs).
const step = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -8, max: 8 }),
  fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
);
const special = fc.constantFrom(NaN, STALE_NAN, -0, 0.1, 1e300, Infinity);
const row = fc.tuple(fc.integer({ min: 1, max: 2 ** 35 }), fc.oneof({ weight: 4, arbitrary: step.map((s) => ({ s })) }, special.map((x) => ({ x }))));

describe('decodeChunk1', () => {
  it('decodes one-column chunks exactly as the generic decoder, for any [mint, maxt]', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 130 }), fc.nat(), fc.nat(), (rows, perChunk, a, b) => {
        const list = new ChunkList(1, perChunk);
        let t = 1_700_000_000_000;
        let v = 1000;
        const ts: number[] = [];
        for (const [gap, r] of rows) {
          t += gap;
          v = 'x' in r ? r.x : Number.isFinite(v) ? v + r.s : r.s;
          list.append(t, v);
          ts.push(t);
        }
        const lo = ts[a % ts.length]!;
        const hi = Math.max(lo, ts[b % ts.length]!);
        const buf = list.state().bytes;
        const padded = new Uint8Array(buf.length + 8);
        padded.set(buf);
        for (const c of list.chunks()) {
          const t1 = new Float64Array(c.count);
          const v1 = new Float64Array(c.count);
          const t2 = new Float64Array(c.count);
          const v2 = new Float64Array(c.count);
          const n1 = decodeChunk1(padded, c.bodyBit, c.count, c.mint, lo, hi, t1, v1, 0);
          const n2 = decodeChunk(padded, c.bodyBit, c.count, c.mint, 1, lo, hi, t2, [v2], 0);
          expect(n1).toBe(n2);
          expect(Array.from(t1.subarray(0, n1))).toEqual(Array.from(t2.subarray(0, n2)));
          expect(Array.from(v1.subarray(0, n1), bits)).toEqual(Array.from(v2.subarray(0, n2), bits));
        }
        const got = list.read(lo, hi);
        expect(Array.from(got.t)).toEqual(ts.filter((x) => x >= lo && x <= hi));
      }),
      { numRuns: 300 },
    );
  });
});
