/**
 * heap-profile: the heap-leak confirmation from pprof. Given `/debug/pprof/heap` profiles oldest first,
 * it diffs `inuse_space` between the oldest and the newest and ranks functions by growth, flat (the
 * program's function that allocated, after the runtime's and standard library's frames) and cumulative (every function on the stack),
 * and keeps the top frames of the stacks that grew, with file:line.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { codeFrameIndex, decodeProfile, isRuntimeFrame, type DecodedProfile, type Frame } from './profile.js';

/** HeapProfile is a decoded heap profile with the index of its inuse_space value. */
export interface HeapProfile extends DecodedProfile {
  readonly inuseIndex: number;
}

/**
 * parseHeapProfile decodes a heap profile: protobuf (the default form) or the legacy `?debug=1` text.
 * One without `inuse_space` (a CPU profile, say) is rejected.
 */
export function parseHeapProfile(data: Uint8Array, what = 'heap profile', maxBytes?: number): HeapProfile {
  if (data.length > 13 && new TextDecoder().decode(data.subarray(0, 13)) === 'heap profile:') return parseHeapText(new TextDecoder().decode(data), what);
  const p = decodeProfile(data, what, maxBytes);
  const inuseIndex = p.sampleTypes.findIndex((t) => t.startsWith('inuse_space/'));
  if (inuseIndex < 0) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: no inuse_space sample type (has ${p.sampleTypes.join(', ')}); is it a heap profile?`);
  return { ...p, inuseIndex };
}

/**
 * parseHeapText reads `/debug/pprof/heap?debug=1`: records of `inuse_objects: inuse_bytes [alloc_objects:
 * alloc_bytes] @ addresses` followed by `#\taddr\tfunction+off\tfile:line` frames. The counts are raw
 * samples, so each record is scaled by the sampling rate as pprof does (1 / (1 − e^(−avg size / rate)));
 * the header carries 2 × MemProfileRate. The text has no time stamp.
 */
export function parseHeapText(text: string, what = 'heap profile'): HeapProfile {
  const lines = text.split('\n');
  const head = /^heap profile: \d+: \d+ \[\d+: \d+\] @ heap(?:\/(\d+))?/.exec(lines[0] ?? '');
  if (!head) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: not a heap profile (expected "heap profile: N: N [N: N] @ heap/RATE")`, { position: { line: 1, col: 1 } });
  const rate = head[1] ? Number(head[1]) / 2 : 0;
  const scale = (count: number, size: number): [number, number] => {
    if (count === 0 || size === 0 || rate <= 1) return [count, size];
    const f = 1 / (1 - Math.exp(-size / count / rate));
    return [count * f, size * f];
  };
  const samples: Array<{ frames: Frame[]; values: number[] }> = [];
  let cur: { frames: Frame[]; values: number[] } | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('# runtime.MemStats')) break;
    const rec = /^\s*(\d+): (\d+) \[(\d+): (\d+)\] @/.exec(line);
    if (rec) {
      const [io, ib] = scale(Number(rec[1]), Number(rec[2]));
      const [ao, ab] = scale(Number(rec[3]), Number(rec[4]));
      cur = { frames: [], values: [ao, ab, io, ib] };
      samples.push(cur);
      continue;
    }
    const fr = /^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(.+):(\d+)\s*$/.exec(line);
    if (fr && cur) cur.frames.push({ fn: fr[1]!, file: fr[2]!.trim(), line: Number(fr[3]) });
  }
  return { sampleTypes: ['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes'], samples, timeNanos: 0, inuseIndex: 3 };
}

/** FunctionGrowth is one function's in-use bytes in the oldest and newest profile. */
export interface FunctionGrowth {
  readonly fn: string;
  /** file and line of the frame in the largest growing stack through this function. */
  readonly file: string;
  readonly line: number;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  /** share of the total growth (0–1): delta over the sum of the growing functions' deltas. */
  readonly share: number;
  /** steady: it never shrank between consecutive profiles (only meaningful with three or more). */
  readonly steady: boolean;
  /** via is the standard-library function that did the allocating for it (bytes.growSlice, …), if any. */
  readonly via?: string;
}

/** StackGrowth is one growing allocation stack with its top frames (leaf first, runtime frames dropped). */
export interface HeapStackGrowth {
  readonly frames: readonly Frame[];
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

/** HeapDiff is the comparison of the oldest and newest profile. */
export interface HeapDiff {
  readonly profiles: number;
  /** from/to are the profiles' times in ms since epoch (0 when a profile carries none). */
  readonly from: number;
  readonly to: number;
  readonly totalBefore: number;
  readonly totalAfter: number;
  /** growth is the sum of the positive flat deltas: what "share" is a share of. */
  readonly growth: number;
  readonly flat: readonly FunctionGrowth[];
  readonly cumulative: readonly FunctionGrowth[];
  readonly stacks: readonly HeapStackGrowth[];
}

/** HeapDiffOptions bound the result. */
export interface HeapDiffOptions {
  /** noiseBytes: growth below one sampling interval (512 KiB) is sampling noise, not a finding. */
  readonly noiseBytes?: number;
  readonly top?: number;
  readonly framesPerStack?: number;
}

const TOP_FRAMES = 8;

function userFrames(frames: readonly Frame[]): readonly Frame[] {
  const i = frames.findIndex((f) => !isRuntimeFrame(f.fn));
  return i < 0 ? frames : frames.slice(i);
}

const frameKey = (f: Frame): string => `${f.fn}\u0000${f.file}:${f.line}`;

/** byStack sums inuse_space per stack (function + file:line, not addresses, so it matches across restarts). */
function byStack(p: HeapProfile): Map<string, { frames: readonly Frame[]; bytes: number }> {
  const m = new Map<string, { frames: readonly Frame[]; bytes: number }>();
  for (const s of p.samples) {
    const v = s.values[p.inuseIndex] ?? 0;
    if (v === 0) continue;
    const frames = userFrames(s.frames);
    const key = frames.map(frameKey).join('\n');
    const e = m.get(key);
    if (e) e.bytes += v;
    else m.set(key, { frames, bytes: v });
  }
  return m;
}

function total(p: HeapProfile): number {
  let n = 0;
  for (const s of p.samples) n += s.values[p.inuseIndex] ?? 0;
  return n;
}

/**
 * siteOf is the frame flat growth is charged to: the first of the program's own frames. pprof's flat
 * would charge the leaf, which for `append` on a bytes.Buffer or a strings.Builder is bytes.growSlice or
 * strings.(*Builder).grow; the caller is what holds the memory and what to fix.
 */
export function siteOf(frames: readonly Frame[]): Frame | undefined {
  return frames[codeFrameIndex(frames)];
}

/** perFunction sums stack bytes per function: flat counts the leaf only, cumulative each function on the stack once. */
function perFunction(stacks: Map<string, { frames: readonly Frame[]; bytes: number }>, cumulative: boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (const { frames, bytes } of stacks.values()) {
    const fns = cumulative ? new Set(frames.map((f) => f.fn)) : [siteOf(frames)?.fn ?? '<unknown>'];
    for (const fn of fns) m.set(fn, (m.get(fn) ?? 0) + bytes);
  }
  return m;
}

/** heapDiff compares the oldest and newest of `profiles` (oldest first); fewer than two is an error. */
export function heapDiff(profiles: readonly HeapProfile[], opts: HeapDiffOptions = {}): HeapDiff {
  if (profiles.length < 2) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `a heap diff needs two or more profiles, got ${profiles.length}`);
  const noise = opts.noiseBytes ?? 512 * 1024;
  const top = opts.top ?? 10;
  const nFrames = opts.framesPerStack ?? TOP_FRAMES;
  const first = profiles[0]!;
  const last = profiles[profiles.length - 1]!;
  const a = byStack(first);
  const b = byStack(last);
  const stacks: HeapStackGrowth[] = [];
  for (const [key, { frames, bytes }] of b) {
    const before = a.get(key)?.bytes ?? 0;
    if (bytes - before > 0) stacks.push({ frames: frames.slice(0, nFrames), before, after: bytes, delta: bytes - before });
  }
  stacks.sort((x, y) => y.delta - x.delta);
  // a function is "steady" when it never shrank between consecutive profiles: in-use bytes are as of each
  // profile's last GC, so garbage can make one pair look like growth, but not every pair
  const flats = profiles.map((p) => perFunction(byStack(p), false));
  // (equal counts as holding: two profiles with no GC between them show the same in-use bytes)
  const steady = (fn: string): boolean => flats.slice(1).every((m, i) => (m.get(fn) ?? 0) >= (flats[i]!.get(fn) ?? 0));
  const rank = (cumulative: boolean): Array<Omit<FunctionGrowth, 'share'>> => {
    const before = perFunction(a, cumulative);
    const after = perFunction(b, cumulative);
    const out: Array<Omit<FunctionGrowth, 'share'>> = [];
    for (const [fn, n] of after) {
      const was = before.get(fn) ?? 0;
      if (n - was <= noise) continue;
      // where: the frame of this function in the stack that grew most through it
      const through = stacks.find((s) => (cumulative ? s.frames.some((f) => f.fn === fn) : siteOf(s.frames)?.fn === fn));
      const fr = through?.frames.find((f) => f.fn === fn);
      // the standard-library call the function made (bytes.(*Buffer).Write), not the innermost helper
      const at = through ? through.frames.findIndex((f) => f.fn === fn) : -1;
      const via = !cumulative && at > 0 ? { via: through!.frames[at - 1]!.fn } : {};
      out.push({ fn, file: fr?.file ?? '', line: fr?.line ?? 0, before: was, after: n, delta: n - was, steady: profiles.length > 2 ? steady(fn) : true, ...via });
    }
    return out.sort((x, y) => y.delta - x.delta);
  };
  const flatAll = rank(false);
  const growth = flatAll.reduce((s, g) => s + g.delta, 0);
  const withShare = (gs: Array<Omit<FunctionGrowth, 'share'>>): FunctionGrowth[] => gs.slice(0, top).map((g) => ({ ...g, share: growth > 0 ? Math.min(1, g.delta / growth) : 0 }));
  return {
    profiles: profiles.length,
    from: Math.round(first.timeNanos / 1e6),
    to: Math.round(last.timeNanos / 1e6),
    totalBefore: total(first),
    totalAfter: total(last),
    growth,
    flat: withShare(flatAll),
    cumulative: withShare(rank(true)),
    stacks: stacks.filter((s) => s.delta > noise).slice(0, top),
  };
}
