/**
 * snapshot-codec: the store's on-disk format, pure bytes in and out (the file handling is in
 * snapshot.ts). Layout, little-endian:
 *
 *   "LSSTORE\0"  u32 version  u32 series  { series }*  u32 crc32(everything before it)
 *   series  = u16 nLabels { str name, str value }*  chunkList(raw)  u8 nTiers { tier }*
 *   tier    = f64 intervalMs  f64 open.{start,min,max,sum,count,last}  chunkList(buckets)
 *   chunkList = u8 cols u16 samplesPerChunk u32 used u16 headCount f64 bitPos f64 prevT
 *               f64 prevDelta u32 closedCount u16 nState f64* bytes(buffer)
 *
 * The compressed chunks are written as they are, so saving and loading cost a copy, not a re-encode.
 *
 * Versions by chunk layout:
 *   1  14-byte chunk headers with the first timestamp in the body, streaming chunks only
 *   2  as 1, and closed integer chunks may be packed (chunk-pack.ts), flagged in the header's count
 *   3  varint headers carrying the first timestamp (chunk-header.ts); bodies as in 2 minus it
 * Files of versions 1 and 2 are rewritten into layout 3 as they load (chunk-state.ts: headers
 * rebuilt, bodies copied); an older build refuses a newer file by its version rather than misread it.
 */
import { labelRecord } from '../model/label-record.js';
import { crc32 } from 'node:zlib';
import { DaemonError, ErrorCode } from '../core/errors.js';
import type { Labels } from '../model/labels.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { COLUMN_STATE_SLOTS, ChunkList, type ChunkListState } from './chunks.js';
import { stateIsConsistent, upgradeLayout2 } from './chunk-state.js';
import { MemoryStore } from './memory.js';
import type { StoreOptions } from './options.js';
import { RollupTier } from './rollup.js';

const MAGIC = 'LSSTORE\0';
/** SNAPSHOT_VERSION changes whenever the layout or the chunk encoding changes. */
export const SNAPSHOT_VERSION = 3;

/** READABLE_VERSIONS are the snapshot versions this build loads. */
const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

function bad(msg: string): DaemonError {
  return new DaemonError(ErrorCode.STORE_SNAPSHOT, `store snapshot: ${msg}`);
}

/** encodeSnapshot serialises every series of the store into one array (tests, tools). */
export function encodeSnapshot(store: MemoryStore): Uint8Array {
  const pieces: Uint8Array[] = [];
  const n = writeSnapshot(store, (p) => pieces.push(p.slice()));
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * writeSnapshot serialises every series of the store, handing the bytes to `sink` in pieces of
 * about 1 MiB (each a view, valid until the sink returns), the checksum last; returns the total.
 * The whole snapshot is never held: at 200k series a copy held whole (and the doublings that
 * built it) was tens of MiB that, once freed, stayed in the process as fragmented malloc heap.
 * It runs to completion without yielding, so the file is one consistent cut of the store.
 */
export function writeSnapshot(store: MemoryStore, sink: (piece: Uint8Array) => void): number {
  let sum = 0;
  let total = 0;
  const w = new ByteWriter((p) => {
    sum = crc32(p, sum);
    total += p.length;
    sink(p);
  });
  for (let i = 0; i < MAGIC.length; i++) w.u8(MAGIC.charCodeAt(i));
  w.u32(SNAPSHOT_VERSION);
  w.u32(store.seriesCount);
  for (const s of store.allSeries()) {
    const names = Object.keys(s.labels);
    w.u16(names.length);
    for (const n of names) {
      w.str(n);
      w.str(s.labels[n]!);
    }
    writeList(w, s.raw.state());
    w.u8(s.tiers.length);
    for (const tier of s.tiers) {
      const st = tier.state();
      w.f64(st.intervalMs);
      const o = st.open;
      for (const v of [o.start, o.min, o.max, o.sum, o.count, o.last]) w.f64(v);
      writeList(w, st.buckets);
    }
  }
  w.flush();
  const tail = new Uint8Array(4);
  new DataView(tail.buffer).setUint32(0, sum, true);
  sink(tail);
  return total + 4;
}

function writeList(w: ByteWriter, s: ChunkListState): void {
  w.u8(s.cols);
  w.u16(s.samplesPerChunk);
  w.u32(s.used);
  w.u16(s.headCount);
  w.f64(s.bitPos);
  w.f64(s.prevT);
  w.f64(s.prevDelta);
  w.u32(s.closedCount);
  w.u16(s.colState.length);
  for (const v of s.colState) w.f64(v);
  w.bytes(s.bytes);
}

/**
 * decodeSnapshot rebuilds a store from bytes, applying the current options: series the retain
 * filter declines are skipped, and rollups whose tier widths no longer match the configuration
 * are dropped (raw data is kept). Throws STORE_SNAPSHOT on any damage.
 */
export function decodeSnapshot(data: Uint8Array, opts: StoreOptions = {}): MemoryStore {
  if (data.length < MAGIC.length + 12) throw bad(`file too short (${data.length} bytes)`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (data[i] !== MAGIC.charCodeAt(i)) throw bad('not a leaksleuth store snapshot (bad magic)');
  }
  const end = data.length - 4;
  const want = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(end, true);
  if (crc32(data.subarray(0, end)) !== want) throw bad('checksum mismatch: the file is corrupt or was cut short');
  const r = new ByteReader(data, MAGIC.length, end);
  const version = r.u32();
  if (!READABLE_VERSIONS.includes(version)) throw bad(`unsupported version ${version} (this build reads ${READABLE_VERSIONS.join(', ')})`);
  const store = new MemoryStore(opts);
  const tiersWanted = store.options.rollupIntervals;
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const names: string[] = [];
    const values: string[] = [];
    const nLabels = r.u16();
    for (let j = 0; j < nLabels; j++) {
      names.push(r.str());
      values.push(r.str());
    }
    const raw = readList(r, 1, version);
    const nTiers = r.u8();
    const tiers: RollupTier[] = [];
    for (let j = 0; j < nTiers; j++) {
      const intervalMs = r.f64();
      const open = [r.f64(), r.f64(), r.f64(), r.f64(), r.f64(), r.f64()] as const;
      const buckets = readList(r, 5, version);
      const tier = new RollupTier(intervalMs, buckets.samplesPerChunk, buckets);
      [tier.open.start, tier.open.min, tier.open.max, tier.open.sum, tier.open.count, tier.open.last] = open;
      tiers.push(tier);
    }
    const frozen: Labels = labelRecord(names, values);
    const retain = store.options.retain;
    if (retain && !retain(frozen)) continue;
    if (store.seriesCount >= store.options.maxSeries) continue;
    const s = store.adopt(frozen, raw);
    const sameTiers = tiers.length === tiersWanted.length && tiers.every((t, k) => t.intervalMs === tiersWanted[k]!.intervalMs);
    if (sameTiers) {
      s.tiers = tiers;
      store.adoptTiers(s);
    }
  }
  if (!r.done) throw bad(`${end - r.offset} unexpected bytes after the last series`);
  return store;
}

function readList(r: ByteReader, cols: number, version: number): ChunkList {
  const gotCols = r.u8();
  const samplesPerChunk = r.u16();
  const used = r.u32();
  const headCount = r.u16();
  const bitPos = r.f64();
  const prevT = r.f64();
  const prevDelta = r.f64();
  const closedCount = r.u32();
  const nState = r.u16();
  const colState: number[] = [];
  for (let i = 0; i < nState; i++) colState.push(r.f64());
  const bytes = r.bytes();
  // A checksum catches accidents; these checks keep a wrong-but-checksummed file from building a
  // list whose decoder would read outside its buffer.
  const ok =
    gotCols === cols &&
    samplesPerChunk > 0 &&
    headCount < samplesPerChunk &&
    nState === colState.length &&
    nState === cols * COLUMN_STATE_SLOTS &&
    Number.isSafeInteger(bitPos) &&
    used <= bytes.length &&
    bitPos >= used * 8 &&
    Math.ceil(bitPos / 8) <= bytes.length &&
    (headCount > 0 || bitPos === used * 8);
  if (!ok) throw bad(`inconsistent chunk list at offset ${r.offset}`);
  const read: ChunkListState = { cols, samplesPerChunk, bytes: bytes.slice(), used, headCount, bitPos, prevT, prevDelta, closedCount, colState };
  const state = version < 3 ? upgradeLayout2(read) : read;
  if (state === null || !stateIsConsistent(state)) throw bad(`inconsistent chunk headers in the list ending at offset ${r.offset}`);
  return ChunkList.fromState(state);
}
