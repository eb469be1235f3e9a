/**
 * chunk-format: the facts the chunk encoder (chunks.ts) and decoder (chunk-decode.ts) must agree on.
 *
 * This is the streaming layout, in which every chunk is written sample by sample. A closed raw chunk
 * of integers may be rewritten in the packed layout instead (chunk-pack.ts); the header's packed bit
 * then says so. The header (chunk-header.ts) carries the count, the body length, and the first and
 * last timestamps.
 *
 * Bit layout of one chunk body:
 *   sample 0: each column's value as its raw 64 bits (its time is the header's first timestamp)
 *   sample n: timestamp delta-of-delta: 0 | 10+7 bits | 110+14 | 1110+20 | 1111+64
 *             then per column:
 *               0                    same bits as the previous value
 *               10 m w <int>         integer step: m=0 difference, m=1 difference of differences;
 *                                    w=0 reuse the last width, w=1 then 5 bits (width-1); then width bits
 *               110 <bits>           XOR inside the previous leading/trailing-zero window
 *               111 5b lead 6b len   XOR with a new window (len 0 means 64), then len bits
 */
/** COLUMN_STATE_SLOTS is how many encoder registers each value column keeps. */
export const COLUMN_STATE_SLOTS = 7;

/** isInt tells whether a value can take the integer path: a safe integer that is not -0. */
export function isInt(v: number): boolean {
  return Number.isSafeInteger(v) && (v !== 0 || 1 / v > 0);
}

