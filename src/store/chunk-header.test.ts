import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HEADER_MAX, HEAD_START_MAX, MAX_BODY_BYTES, hdr, headerBytes, readHeadStart, readHeader, skipHeader, writeHeadStart, writeHeader } from './chunk-header.js';

const safe = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

describe('chunk header', () => {
  it('reads back what it wrote, in the length headerBytes predicts and never more than the reservation (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.boolean(), fc.integer({ min: 1, max: MAX_BODY_BYTES }), safe, safe, (count, packed, body, a, b) => {
        const mint = Math.min(a, b);
        const maxt = Math.max(a, b);
        // Spans past 2^53 cannot occur (both ends are safe integers of one series), but a - b can.
        fc.pre(Number.isSafeInteger(maxt - mint));
        const buf = new Uint8Array(HEADER_MAX + 4).fill(0xee);
        const end = writeHeader(buf, 0, count, packed, body, mint, maxt);
        expect(end).toBe(headerBytes(count, body, mint, maxt));
        expect(end).toBeLessThanOrEqual(HEADER_MAX);
        // A header walk stops at a zero first byte, so a real header must never start with one.
        expect(buf[0]).not.toBe(0);
        expect(readHeader(buf, 0)).toBe(end);
        expect(hdr).toEqual({ count, packed, body, mint, maxt });
        expect(skipHeader(buf, 0)).toBe(end + body);
      }),
      { numRuns: 2000 },
    );
  });

  it('spends 12 bytes on a chunk of 120 scrapes at 15 s in 2026 (22 in the layout before)', () => {
    const t0 = Date.UTC(2026, 11, 3);
    expect(headerBytes(120, 40, t0, t0 + 119 * 15_000)).toBe(12);
  });

  it('writes an open head start as a zero byte and the first timestamp, in at most HEAD_START_MAX bytes (property)', () => {
    fc.assert(
      fc.property(safe, (t) => {
        const buf = new Uint8Array(HEAD_START_MAX + 4).fill(0xee);
        const end = writeHeadStart(buf, 0, t);
        expect(end).toBeLessThanOrEqual(HEAD_START_MAX);
        expect(buf[0]).toBe(0);
        expect(readHeadStart(buf, 0)).toBe(end);
        expect(hdr.mint).toBe(t === 0 ? 0 : t);
      }),
      { numRuns: 2000 },
    );
    // 7 bytes for a timestamp of 2026: the open head of every series carries one.
    expect(writeHeadStart(new Uint8Array(16), 0, Date.UTC(2026, 11, 3))).toBe(7);
  });
});
