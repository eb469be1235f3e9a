import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkList } from './chunks.js';
import { stateIsConsistent } from './chunk-state.js';

/** listFrom builds a list of `perChunk`-sample chunks from (gap, value step, float?) rows. */
function listFrom(rows: readonly (readonly [number, number, boolean])[], perChunk: number, dropAt: number): ChunkList {
  const l = new ChunkList(1, perChunk, 32, undefined, true);
  let t = 1_700_000_000_000;
  let v = 0;
  rows.forEach(([gap, step, float], i) => {
    t += gap;
    v = float ? step / 3 : Math.round(v) + step;
    l.append(t, v);
    if (i === dropAt) l.dropBefore(t - 10 * 15_000);
  });
  return l;
}

const rows = fc.array(fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: -5000, max: 5000 }), fc.boolean()), { minLength: 1, maxLength: 300 });

describe('chunk state checks', () => {
  it('accepts every state a list exports (property)', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 40 }), fc.nat({ max: 300 }), (r, perChunk, dropAt) => {
        expect(stateIsConsistent(listFrom(r, perChunk, dropAt).state())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses damaged headers, or builds a list that reads without hanging or throwing (property)', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 40 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (r, perChunk, at, flip) => {
        const st = listFrom(r, perChunk, -1).state();
        fc.pre(st.used > 0);
        const bytes = st.bytes.slice();
        bytes[at % st.used]! ^= flip;
        const damaged = { ...st, bytes };
        if (!stateIsConsistent(damaged)) return;
        // Consistent headers around a damaged body: values may be wrong, but reading must end.
        const l = ChunkList.fromState(damaged);
        l.read(-Infinity, Infinity);
        l.append(l.lastT + 1000, 1);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a state whose closed chunks end elsewhere than it says', () => {
    const st = listFrom([[15_000, 1, false], [15_000, 2, false], [15_000, 3, true], [15_000, 4, false]], 2, -1).state();
    expect(stateIsConsistent(st)).toBe(true);
    expect(stateIsConsistent({ ...st, used: st.used - 1 })).toBe(false);
    expect(stateIsConsistent({ ...st, closedCount: st.closedCount + 1 })).toBe(false);
  });
});
