/**
 * chunks: Gorilla-style compression (delta-of-delta timestamps, XOR-encoded float64 values, plus an
 * integer-step path for the integer-valued metrics Go exports; see chunk-format.ts; Pelkonen et al.,
 * "Gorilla: a fast, scalable, in-memory time series database", VLDB 2015) for one
 * sequence of samples with one or more value columns. Raw series use one column; rollup tiers use
 * five (min, max, sum, count, last) that share one timestamp stream.
 *
 * All chunks of a list live back to back in ONE region of bytes: closed chunks first, then the head
 * chunk being written. The region is carved from a ByteArena (arena.ts): the store shares one arena
 * across all raw series, so a series costs no typed array of its own; a list made without an arena
 * gets a private one (rollup tiers, tests). Each closed chunk starts with a header of varints
 * (chunk-header.ts: body length, count, first and last timestamps) so a reader can skip chunks
 * outside a time range without decoding them, and compaction can cut whole chunks off the front.
 * Raw series' lists pack each closed chunk of integers (chunk-pack.ts).
 */
import { COLUMN_STATE_SLOTS, isInt } from './chunk-format.js';
import { decodeChunk } from './chunk-decode.js';
import { decodeChunk1 } from './chunk-decode1.js';
import { HEAD_START_MAX, MAX_BODY_BYTES, hdr, headerBytes, readHeadStart, readHeader, skipHeader, writeHeadStart, writeHeader } from './chunk-header.js';
import { decodePacked, packChunk } from './chunk-pack.js';
import { ByteArena, type ArenaTenant } from './arena.js';
import { TWO_32, ctz32, floatHi, floatLoOfLast, writeBits } from './bits.js';

const STATE = COLUMN_STATE_SLOTS;

/**
 * REGS is how many arena registers a value column uses: its XOR window and integer width packed
 * into one number (lead | trail << 7 | width << 14), the previous value, and the previous integer
 * difference. The previous value's bit pattern is read back from the previous value itself rather
 * than kept as two more words. The exported state keeps the COLUMN_STATE_SLOTS layout.
 *
 * The window needs 20 bits, so column 0's window register also carries the list's previous
 * timestamp delta above them (win + prevDelta * 2^20, exact while the delta stays below 2^33): a
 * register of its own cost 8 bytes a series. A head chunk is closed before a gap of 2^32 ms or more,
 * so no delta inside a chunk is larger (49 days between two samples of one series).
 */
const REGS = 3;
/** WIN_NONE is the window of a chunk's first value: "no window yet", integer width 0. */
const WIN_NONE = 65;
/** DELTA_UNIT: the window is the register's value modulo 2^20, the delta what lies above. */
const DELTA_UNIT = 1048576;
/** MAX_DELTA is the largest timestamp delta inside one chunk. */
const MAX_DELTA = 4294967295;

/**
 * lowWindow is a window register's low 20 bits. A floor and a multiply by a power of two are exact
 * and fast; `| 0` on a number past 2^31 (any delta of 2 s or more) takes V8's slow truncation.
 */
function lowWindow(reg: number): number {
  return reg - Math.floor(reg / DELTA_UNIT) * DELTA_UNIT;
}

/** registersFor is the arena registers a list of `cols` columns needs (the columns, then prevT). */
export function registersFor(cols: number): number {
  return cols * REGS + 1;
}

/** ChunkListState is everything needed to rebuild a ChunkList (used by the snapshot). */
export interface ChunkListState {
  readonly cols: number;
  readonly samplesPerChunk: number;
  readonly bytes: Uint8Array;
  readonly used: number;
  readonly headCount: number;
  readonly bitPos: number;
  readonly prevT: number;
  readonly prevDelta: number;
  readonly closedCount: number;
  readonly colState: readonly number[];
}

/** ChunkInfo describes one chunk for readers: where its body starts and which times it spans. */
export interface ChunkInfo {
  readonly bodyBit: number;
  readonly count: number;
  /** packed is true for a chunk rewritten in the packed layout (chunk-pack.ts). */
  readonly packed: boolean;
  readonly mint: number;
  readonly maxt: number;
}

/** ChunkList is an append-only, front-truncatable list of compressed chunks with an open head. */
export class ChunkList implements ArenaTenant {
  /**
   * conf packs the list's fixed settings into one small integer: columns (bits 0-3), samples per
   * chunk (4-16), packing (17) and a shared arena (18). Four fields of their own cost 24 bytes in
   * every raw series, 50 bytes a series once the object's other fields are counted.
   */
  private readonly conf: number;
  private readonly arena: ByteArena;
  private slot: number;
  /** buf is the arena slab holding the region [base, base + cap); all offsets below are into buf. */
  private buf: Uint8Array;
  private base: number;
  private cap: number;
  private headCount = 0;
  private bitPos = 0;

  constructor(cols: number, samplesPerChunk: number, initialBytes = 32, arena?: ByteArena, pack = false) {
    if (cols < 1 || cols > 15 || samplesPerChunk < 1 || samplesPerChunk > 4096) throw new RangeError('ChunkList: 1-15 columns and 1-4096 samples per chunk');
    this.conf = cols | (samplesPerChunk << 4) | (pack && cols === 1 ? 1 << 17 : 0) | (arena !== undefined ? 1 << 18 : 0);
    this.arena = arena ?? new ByteArena(0, registersFor(cols));
    if (this.arena.regsPerTenant < registersFor(cols)) throw new RangeError(`ChunkList: arena keeps too few registers for ${cols} columns`);
    this.arena.alloc(initialBytes);
    this.buf = this.arena.buf;
    this.base = this.arena.base;
    this.cap = initialBytes;
    this.bitPos = this.base * 8;
    this.slot = this.arena.register(this);
    this.prevT = -Infinity;
  }

  /** cols is the number of value columns. */
  get cols(): number {
    return this.conf & 0xf;
  }

  /** samplesPerChunk closes a chunk after this many samples. */
  get samplesPerChunk(): number {
    return (this.conf >>> 4) & 0x1fff;
  }

  /** pack rewrites closed integer chunks in the packed layout (one-column lists only). */
  get pack(): boolean {
    return (this.conf & (1 << 17)) !== 0;
  }

  private get shared(): boolean {
    return (this.conf & (1 << 18)) !== 0;
  }

  /**
   * rb is where this list's registers start in arena.regs: per column (REGS slots each) the packed
   * XOR window and integer width, the previous value and the previous integer difference; then prevT
   * and prevDelta.
   * Computed, not stored: a field is 8 bytes in every series.
   */
  private get rb(): number {
    return this.slot * this.arena.regsPerTenant;
  }

  /** released tells whether release() gave the list's bytes back. */
  get released(): boolean {
    return this.slot < 0;
  }

  /** prevT survives compaction of every chunk, so order checks still hold on an emptied list. */
  private get prevT(): number {
    return this.arena.regs[this.rb + this.cols * REGS]!;
  }

  private set prevT(t: number) {
    this.arena.regs[this.rb + this.cols * REGS] = t;
  }

  /** prevDelta lives above column 0's window bits (see REGS). */
  private get prevDelta(): number {
    return Math.floor(this.arena.regs[this.rb]! / DELTA_UNIT);
  }

  private set prevDelta(d: number) {
    const r = this.arena.regs;
    const k = this.rb;
    r[k] = lowWindow(r[k]!) + d * DELTA_UNIT;
  }

  /** regionBase is where this list's bytes start in its slab (for the arena). */
  get regionBase(): number {
    return this.base;
  }

  /** regionBytes is the capacity of this list's region (for the arena). */
  get regionBytes(): number {
    return this.cap;
  }

  /** regionBuf is the slab holding this list (for the arena). */
  get regionBuf(): Uint8Array {
    return this.buf;
  }

  /** liveBytes is the written part of the region, which a move must copy. */
  get liveBytes(): number {
    return ((this.bitPos + 7) >>> 3) - this.base;
  }

  /** relocate is called by the arena after it copied the region to `base` in `buf`. */
  relocate(buf: Uint8Array, base: number, cap: number): void {
    const delta = base - this.base;
    this.bitPos += delta * 8;
    this.buf = buf;
    this.base = base;
    this.cap = cap;
  }

  /** release gives the list's bytes back to its arena; the list must not be used afterwards. */
  release(): void {
    this.arena.unregister(this.slot, this.cap);
    this.slot = -1;
  }

  /** count is the number of samples held, closed and head. */
  get count(): number {
    return this.closedCount + this.headCount;
  }

  /**
   * used is the end of the closed chunks in buf, i.e. where the open head's start is written. It
   * is found rather than stored (8 bytes in every series): with no head open it is where the bit
   * writer stands, and otherwise the end of a walk over the closed headers, which stops at the head
   * start's first byte, 0 (a closed header's never is). Callers read it once per chunk written and
   * once per read, which walk the same headers anyway.
   */
  private get used(): number {
    if (this.headCount === 0) return this.bitPos >>> 3;
    const buf = this.buf;
    const end = this.base + this.cap;
    let off = this.base;
    // Bounded by the region: bytes that are not a header walk must not run off into other regions.
    while (off < end && buf[off] !== 0) off = skipHeader(buf, off);
    return off;
  }

  /** closedCount is the samples in closed chunks, summed from their headers (not stored, as used). */
  private get closedCount(): number {
    const buf = this.buf;
    const end = this.used;
    let n = 0;
    for (let off = this.base; off < end; ) {
      off = readHeader(buf, off) + hdr.body;
      n += hdr.count;
    }
    return n;
  }

  /** lastT is the newest timestamp ever appended (even if since compacted), or -Infinity. */
  get lastT(): number {
    return this.prevT;
  }

  /** byteSize is the memory held for the list: its region's capacity (its whole slab if private). */
  get byteSize(): number {
    return this.shared ? this.cap : this.buf.byteLength;
  }

  /** append adds one sample; `t` must be an integer above lastT (the caller checks order). */
  append(t: number, v: number): void {
    this.begin(t, 1);
    this.putValue(0, v);
    this.finish();
  }

  /** appendRow adds one sample with a value per column. */
  appendRow(t: number, values: ArrayLike<number>): void {
    this.begin(t, this.cols);
    for (let c = 0; c < this.cols; c++) this.putValue(c, values[c]!);
    this.finish();
  }

  private begin(t: number, cols: number): void {
    // A gap too long for the delta register starts a new chunk, whose first time is in its header.
    if (this.headCount > 0 && t - this.prevT > MAX_DELTA) this.closeHead();
    if (this.headCount === 0) {
      // A head start and each column's first 64 bits. Later samples make room for exactly the bits
      // they write (room()): reserving a sample's worst case (19 bytes) ahead of every append kept
      // that much growth room behind every open head. Nothing past the bits is needed: a decoder's
      // peek past them reads the next region or, at a slab's end, undefined (0), and uses none of it.
      this.ensure((this.bitPos >>> 3) + 1 + HEAD_START_MAX + 8 * cols);
      this.bitPos = writeHeadStart(this.buf, this.used, t) * 8;
      this.prevDelta = 0;
    } else {
      const delta = t - this.prevT;
      this.putDod(delta - this.prevDelta);
      this.prevDelta = delta;
    }
    this.prevT = t;
  }

  private finish(): void {
    this.headCount++;
    if (this.headCount >= this.samplesPerChunk) this.closeHead();
  }

  /**
   * closeHead seals the head chunk: its header replaces the head start and the body moves to follow
   * it (a few hundred bytes, once per chunk). The next append starts a new chunk.
   */
  closeHead(): void {
    if (this.headCount === 0) return;
    let used = this.used;
    let bodyStart = readHeadStart(this.buf, used);
    const t0 = hdr.mint;
    let bodyBytes = ((this.bitPos + 7) >>> 3) - bodyStart;
    // The header is longer than the head start it replaces, so the region needs room for the body
    // to move up (packing only shrinks both); making it may move the region.
    const need = used + headerBytes(this.headCount, bodyBytes, t0, this.prevT) + bodyBytes;
    if (need > this.base + this.cap) {
      this.ensure(need);
      used = this.used;
      bodyStart = readHeadStart(this.buf, used);
    }
    const buf = this.buf;
    let packed = false;
    if (this.pack) {
      const n = packChunk(buf, bodyStart * 8, this.headCount, bodyBytes, t0);
      if (n >= 0) {
        bodyBytes = n;
        packed = true;
      }
    }
    // The constructor's limits (15 columns, 4096 samples of at most 155 bytes) keep bodies far below.
    if (bodyBytes > MAX_BODY_BYTES) throw new RangeError(`ChunkList: chunk body of ${bodyBytes} bytes`);
    const h = headerBytes(this.headCount, bodyBytes, t0, this.prevT);
    buf.copyWithin(used + h, bodyStart, bodyStart + bodyBytes);
    // The bit writer ORs into bytes it expects to be zero: clear what a move down left behind (a
    // move up lands on bytes past the body, which are zero already).
    if (used + h < bodyStart) buf.fill(0, used + h + bodyBytes, bodyStart + bodyBytes);
    writeHeader(buf, used, this.headCount, packed, bodyBytes, t0, this.prevT);
    this.headCount = 0;
    this.bitPos = (used + h + bodyBytes) * 8;
    if (this.shared) this.trim();
  }

  /**
   * trim hands back the room a closed head chunk no longer needs: the growth steps the head took
   * (up to a sixteenth of the region each), the room made for the header, and what packing saved;
   * before trimming, every series kept ~150 B past its data (0.3 B/sample at 2 h, when the head
   * still reserved a sample's worst case ahead). No slack is kept after the last chunk: a decoder's
   * peek past it reads the next region's bytes (or, at a slab's end, undefined, read as 0), and
   * only bits inside the chunk are used. The next head grows the region again, which moves it (the
   * arena copies only the live bytes), and the arena's compaction returns the garbage.
   */
  private trim(): void {
    const keep = this.used - this.base;
    const extra = this.cap - keep;
    if (extra <= 0) return;
    const end = this.base + this.cap;
    // The capacity drops first: a compaction started by shrink() copies the region at its new size.
    this.cap = keep;
    this.arena.shrink(this.buf, end, extra);
  }

  /** room makes the region hold `bits` more bits from the writer's position (it may move). */
  private room(bits: number): void {
    this.ensure((this.bitPos + bits + 7) >>> 3);
  }

  private putDod(dod: number): void {
    this.room(dod === 0 ? 1 : dod >= -64 && dod <= 63 ? 9 : dod >= -8192 && dod <= 8191 ? 17 : dod >= -524288 && dod <= 524287 ? 24 : 68);
    const b = this.buf;
    let p = this.bitPos;
    if (dod === 0) {
      p += 1; // a single 0 bit
    } else if (dod >= -64 && dod <= 63) {
      writeBits(b, p, 0b10, 2);
      writeBits(b, p + 2, dod & 0x7f, 7);
      p += 9;
    } else if (dod >= -8192 && dod <= 8191) {
      writeBits(b, p, 0b110, 3);
      writeBits(b, p + 3, dod & 0x3fff, 14);
      p += 17;
    } else if (dod >= -524288 && dod <= 524287) {
      writeBits(b, p, 0b1110, 4);
      writeBits(b, p + 4, dod & 0xfffff, 20);
      p += 24;
    } else {
      writeBits(b, p, 0b1111, 4);
      writeBits(b, p + 4, Math.floor(dod / TWO_32) >>> 0, 32);
      writeBits(b, p + 36, dod >>> 0, 32);
      p += 68;
    }
    this.bitPos = p;
  }

  private putValue(c: number, v: number): void {
    const s = this.arena.regs;
    const k = this.rb + c * REGS;
    const prev = s[k + 1]!;
    // Float64Array keeps NaN payloads, so the previous value's pattern is the one last written.
    const ph = floatHi(prev);
    const pl = floatLoOfLast();
    const hi = floatHi(v);
    const lo = floatLoOfLast();
    s[k + 1] = v;
    if (this.headCount === 0) {
      // First value of a chunk: the full 64 bits, so any NaN payload (staleness) survives.
      writeBits(this.buf, this.bitPos, hi, 32);
      writeBits(this.buf, this.bitPos + 32, lo, 32);
      this.bitPos += 64;
      // "No window yet" forces the first XOR to describe its own window. begin() has just set the
      // delta above column 0's window to 0, so nothing else in this register is lost.
      s[k] = WIN_NONE;
      s[k + 2] = 0;
      return;
    }
    const xh = (hi ^ ph) >>> 0;
    const xl = (lo ^ pl) >>> 0;
    const prevDiff = s[k + 2]!;
    const ints = isInt(v) && isInt(prev);
    s[k + 2] = ints ? v - prev : 0;
    if ((xh | xl) === 0) {
      // Even a skipped bit needs room: the written length never passes the region's end.
      this.room(1);
      this.bitPos += 1;
      return;
    }
    let lead = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    const trail = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
    const reg = s[k]!;
    const win = lowWindow(reg);
    // What sits above the window (column 0's prevDelta), kept by every window update below.
    const above = reg - win;
    const pLead = win & 0x7f;
    const pTrail = (win >>> 7) & 0x7f;
    const reuse = lead >= pLead && trail >= pTrail;
    if (!reuse && lead > 31) lead = 31;
    const xorCost = reuse ? 3 + 64 - pLead - pTrail : 14 + 64 - lead - trail;
    if (ints) {
      // Go metrics are mostly integers (bytes, counts): a difference, or a difference of
      // differences for steady counters, is often far shorter than the XOR of two floats.
      const d = v - prev;
      const dd = d - prevDiff;
      const useDd = Math.abs(dd) < Math.abs(d);
      const x = useDd ? dd : d;
      // The decoder rebuilds the value with exactly this arithmetic; checking it here keeps the
      // path bit-exact even where differences of huge integers would round.
      if (x >= -2147483648 && x <= 2147483647 && prev + (useDd ? prevDiff + x : x) === v) {
        // Like the XOR window, the integer's bit width is remembered: a series whose steps are
        // alike pays one bit for "same width" instead of restating it.
        const need = x >= 0 ? 33 - Math.clz32(x) : 33 - Math.clz32(~x);
        const w = win >>> 14;
        const sameWidth = w >= need && w <= need + 5;
        const intCost = 3 + (sameWidth ? 1 + w : 6 + need);
        if (intCost < xorCost) {
          this.room(intCost);
          let p = this.bitPos;
          writeBits(this.buf, p, useDd ? 0b101 : 0b100, 3);
          p += 3;
          let width = w;
          if (sameWidth) {
            p += 1; // a 0 bit
          } else {
            width = need;
            writeBits(this.buf, p, 0b100000 | (need - 1), 6);
            p += 6;
            s[k] = above + ((win & 0x3fff) | (need << 14));
          }
          writeBits(this.buf, p, width === 32 ? x >>> 0 : x & ((1 << width) - 1), width);
          this.bitPos = p + width;
          return;
        }
      }
    }
    this.room(xorCost);
    let p = this.bitPos;
    let shift: number;
    let len: number;
    if (reuse) {
      writeBits(this.buf, p, 0b110, 3);
      p += 3;
      shift = pTrail;
      len = 64 - pLead - pTrail;
    } else {
      len = 64 - lead - trail;
      writeBits(this.buf, p, 0b111, 3);
      writeBits(this.buf, p + 3, lead, 5);
      writeBits(this.buf, p + 8, len & 63, 6);
      p += 14;
      shift = trail;
      s[k] = above + (lead | (trail << 7) | (win & ~0x3fff));
    }
    let h: number;
    let l: number;
    if (shift === 0) {
      h = xh;
      l = xl;
    } else if (shift < 32) {
      l = ((xl >>> shift) | (xh << (32 - shift))) >>> 0;
      h = xh >>> shift;
    } else {
      l = xh >>> (shift - 32);
      h = 0;
    }
    if (len > 32) {
      writeBits(this.buf, p, h, len - 32);
      writeBits(this.buf, p + len - 32, l, 32);
    } else {
      writeBits(this.buf, p, l, len);
    }
    this.bitPos = p + len;
  }

  /** ensure makes the region reach byte `end` of buf (an absolute offset), moving it if needed. */
  private ensure(end: number): void {
    if (end <= this.base + this.cap) return;
    // Grow in small steps, not by doubling: the bytes are resident for hours, so slack is memory paid
    // forever, while the extra copying is a few hundred bytes every few dozen samples.
    const cap = Math.max(end - this.base, this.cap + Math.max(32, this.cap >>> 4));
    if (this.arena.extend(this.buf, this.base + this.cap, cap - this.cap)) {
      this.cap = cap;
      return;
    }
    this.moveTo(cap);
  }

  /** moveTo copies the live bytes into a new region of `cap` bytes and gives the old one back. */
  private moveTo(cap: number): void {
    const old = this.cap;
    const live = this.liveBytes;
    const from = this.base;
    const src = this.buf;
    this.arena.alloc(cap);
    this.arena.buf.set(src.subarray(from, from + live), this.arena.base);
    this.relocate(this.arena.buf, this.arena.base, cap);
    // Released after the move: a compaction it triggers must see this list at its new place.
    this.arena.release(old);
  }

  /** chunks lists closed chunks and the head, oldest first. */
  chunks(): ChunkInfo[] {
    const out: ChunkInfo[] = [];
    let off = this.base;
    const used = this.used;
    while (off < used) {
      const body = readHeader(this.buf, off);
      out.push({ bodyBit: body * 8, count: hdr.count, packed: hdr.packed, mint: hdr.mint, maxt: hdr.maxt });
      off = body + hdr.body;
    }
    if (this.headCount > 0) {
      const body = readHeadStart(this.buf, used);
      out.push({ bodyBit: body * 8, count: this.headCount, packed: false, mint: hdr.mint, maxt: this.prevT });
    }
    return out;
  }

  /** mint is the oldest timestamp held, or Infinity when empty. */
  get mint(): number {
    // Empty: no head open and no closed chunk before the writer.
    if (this.headCount === 0 && this.bitPos >>> 3 === this.base) return Infinity;
    // A closed first chunk has a header; otherwise the region starts with the head start.
    if (this.buf[this.base] !== 0) readHeader(this.buf, this.base);
    else readHeadStart(this.buf, this.base);
    return hdr.mint;
  }

  /**
   * read decodes samples with mint <= t <= maxt into fresh Float64Arrays (one per column). Float64Array
   * keeps NaN payloads, which plain JS arrays may canonicalise.
   */
  read(mint: number, maxt: number): { t: Float64Array; v: Float64Array[] } {
    const cap = this.countIn(mint, maxt);
    // One allocation for all columns: typed-array backing stores are costly to create one by one.
    const all = new Float64Array(cap * (this.cols + 1));
    const t = all.subarray(0, cap);
    const v: Float64Array[] = [];
    for (let c = 1; c <= this.cols; c++) v.push(all.subarray(c * cap, (c + 1) * cap));
    if (cap === 0) return { t, v };
    const n = this.readInto(mint, maxt, t, v, 0);
    if (n === cap) return { t, v };
    return { t: t.slice(0, n), v: v.map((a) => a.slice(0, n)) };
  }

  /**
   * newest is the value of the newest sample when that sample lies in [mint, maxt], read from the
   * encoder's register without decoding a chunk: what an instant selector at one time needs, for a
   * tenth of the work. Undefined when the sample is outside the range or no longer held, and for a
   * NaN, whose payload (a staleness marker or not) only the decoder reads back exactly.
   */
  newest(mint: number, maxt: number): number | undefined {
    const t = this.prevT;
    if (t < mint || t > maxt || this.cols !== 1) return undefined;
    if (this.headCount === 0 && this.closedCount === 0) return undefined;
    const v = this.arena.regs[this.rb + 1]!;
    return Number.isNaN(v) ? undefined : v;
  }

  /**
   * countIn is an upper bound on the samples read(mint, maxt) returns: the counts of the chunks that
   * overlap the range, from their headers alone (chunks outside it are never decoded).
   */
  countIn(mint: number, maxt: number): number {
    const buf = this.buf;
    let cap = 0;
    let off = this.base;
    const used = this.used;
    while (off < used) {
      off = readHeader(buf, off) + hdr.body;
      if (hdr.maxt >= mint && hdr.mint <= maxt) cap += hdr.count;
    }
    if (this.headCount > 0 && this.prevT >= mint) {
      readHeadStart(buf, used);
      if (hdr.mint <= maxt) cap += this.headCount;
    }
    return cap;
  }

  /**
   * readInto decodes samples with mint <= t <= maxt into t and v (one array per column) from index
   * `at`, which must have room for countIn(mint, maxt) more; returns the next free index. A select
   * over many series decodes them all into one shared buffer this way.
   */
  readInto(mint: number, maxt: number, t: Float64Array, v: readonly Float64Array[], at: number): number {
    const buf = this.buf;
    let n = at;
    let off = this.base;
    const used = this.used;
    while (off < used) {
      const body = readHeader(buf, off);
      off = body + hdr.body;
      if (hdr.maxt >= mint && hdr.mint <= maxt) n = this.decode(body * 8, hdr.count, hdr.packed, hdr.mint, mint, maxt, t, v, n);
    }
    if (this.headCount > 0 && this.prevT >= mint) {
      const body = readHeadStart(buf, used);
      const t0 = hdr.mint;
      if (t0 <= maxt) n = this.decode(body * 8, this.headCount, false, t0, mint, maxt, t, v, n);
    }
    return n;
  }

  /** decode picks the register-only decoder for one column (raw series) and the generic one otherwise. */
  private decode(bodyBit: number, count: number, packed: boolean, t0: number, mint: number, maxt: number, t: Float64Array, v: readonly Float64Array[], at: number): number {
    if (packed) return decodePacked(this.buf, bodyBit, count, t0, mint, maxt, t, v[0]!, at);
    if (this.cols === 1) return decodeChunk1(this.buf, bodyBit, count, t0, mint, maxt, t, v[0]!, at);
    return decodeChunk(this.buf, bodyBit, count, t0, this.cols, mint, maxt, t, v, at);
  }

  /**
   * dropBefore removes whole closed chunks whose newest sample is older than `cutoff`, handing every
   * removed sample to `onDropped` first (rollups are fed from here). Returns the samples removed.
   */
  dropBefore(cutoff: number, onDropped?: (t: Float64Array, v: Float64Array[]) => void): number {
    let off = this.base;
    let dropped = 0;
    const used = this.used;
    while (off < used) {
      const body = readHeader(this.buf, off);
      if (hdr.maxt >= cutoff) break;
      const count = hdr.count;
      const next = body + hdr.body;
      if (onDropped) {
        const t = new Float64Array(count);
        const v: Float64Array[] = [];
        for (let c = 0; c < this.cols; c++) v.push(new Float64Array(count));
        this.decode(body * 8, count, hdr.packed, hdr.mint, -Infinity, Infinity, t, v, 0);
        onDropped(t, v);
      }
      dropped += count;
      off = next;
    }
    const cut = off - this.base;
    if (cut === 0) return 0;
    // The region just loses its front: no bytes move. A shared arena reclaims the front when it
    // compacts; a private one has nobody to compact it, so a mostly empty region is copied down.
    this.base = off;
    this.cap -= cut;
    this.arena.release(cut);
    const live = this.liveBytes;
    if (!this.shared && live * 2 + 64 < this.buf.length) this.moveTo(live + (live >>> 2) + 32);
    return dropped;
  }

  /** state exports the list for a snapshot (a copy of the used bytes plus the encoder registers). */
  state(): ChunkListState {
    return {
      cols: this.cols,
      samplesPerChunk: this.samplesPerChunk,
      bytes: this.buf.slice(this.base, (this.bitPos + 7) >>> 3),
      used: this.used - this.base,
      headCount: this.headCount,
      bitPos: this.bitPos - this.base * 8,
      prevT: this.prevT,
      prevDelta: this.prevDelta,
      closedCount: this.closedCount,
      colState: this.exportRegs(),
    };
  }

  /** exportRegs spells the registers in the COLUMN_STATE_SLOTS layout snapshots store. */
  private exportRegs(): number[] {
    const r = this.arena.regs;
    const out: number[] = [];
    for (let c = 0; c < this.cols; c++) {
      const k = this.rb + c * REGS;
      const win = lowWindow(r[k]!);
      const prev = r[k + 1]!;
      const hi = floatHi(prev);
      out.push(hi, floatLoOfLast(), win & 0x7f, (win >>> 7) & 0x7f, prev, r[k + 2]!, win >>> 14);
    }
    return out;
  }

  /**
   * importRegs loads registers in the COLUMN_STATE_SLOTS layout; false when they cannot be held as
   * they are (a window or width out of range, or hi/lo words that are not the previous value's).
   */
  private importRegs(st: readonly number[]): boolean {
    const r = this.arena.regs;
    let exact = true;
    for (let c = 0; c < this.cols; c++) {
      const j = c * STATE;
      const k = this.rb + c * REGS;
      const [hi, lo, lead, trail, prev, diff, width] = st.slice(j, j + STATE) as [number, number, number, number, number, number, number];
      const fits = (x: number, max: number): boolean => Number.isInteger(x) && x >= 0 && x <= max;
      if (!fits(lead, 65) || !fits(trail, 64) || !fits(width, 32)) exact = false;
      r[k] = fits(lead, 65) && fits(trail, 64) && fits(width, 32) ? lead | (trail << 7) | (width << 14) : WIN_NONE;
      r[k + 1] = prev;
      r[k + 2] = diff;
      if (floatHi(prev) !== hi >>> 0 || floatLoOfLast() !== lo >>> 0) exact = false;
    }
    return exact;
  }

  /** fromState rebuilds a list exported by state(); the snapshot loader validates the fields first. */
  static fromState(s: ChunkListState, arena?: ByteArena, pack = false): ChunkList {
    const l = new ChunkList(s.cols, s.samplesPerChunk, ChunkList.roomFor(s), arena, pack);
    l.restore(s);
    return l;
  }

  /** roomFor is the initial region size a list rebuilt from `s` needs. */
  static roomFor(s: ChunkListState): number {
    return Math.max(32, s.bytes.length + 16);
  }

  /** restore loads an exported state into a new, empty list made with roomFor(s) bytes. */
  protected restore(s: ChunkListState): void {
    if (s.cols !== this.cols || this.count !== 0 || this.cap < s.bytes.length) throw new RangeError('ChunkList.restore: list does not fit the state');
    this.buf.set(s.bytes, this.base);
    const used = this.base + s.used;
    this.headCount = s.headCount;
    // Where closed chunks end is found from the writer's position or the zero header of an open
    // head (see used), so both are made to hold whatever the state spelled there. The closed sample
    // count is summed from the headers; for any state this code wrote it is the state's own.
    this.bitPos = s.headCount === 0 ? used * 8 : this.base * 8 + s.bitPos;
    if (s.headCount > 0) this.buf[used] = 0;
    this.prevT = s.prevT;
    // The windows first: column 0's register then takes the delta above them.
    const exact = this.importRegs(s.colState);
    const deltaFits = Number.isSafeInteger(s.prevDelta) && s.prevDelta >= 0 && s.prevDelta <= MAX_DELTA;
    this.prevDelta = deltaFits ? s.prevDelta : 0;
    // A head chunk whose registers cannot be carried over is closed: the next sample starts a new
    // chunk with its raw 64 bits, so no later value is encoded against the wrong registers. A
    // delta past MAX_DELTA (an older build allowed one) is such a register.
    if (!exact || (!deltaFits && s.headCount > 0)) this.closeHead();
  }

  /** rehome moves a list into `arena` (the snapshot loader builds lists before the store adopts them). */
  rehome(arena: ByteArena, pack = this.pack): ChunkList {
    return ChunkList.fromState(this.state(), arena, pack);
  }
}

export { COLUMN_STATE_SLOTS, decodeChunk };
