/**
 * goroutines: the goroutine-leak confirmation from pprof. It reads `/debug/pprof/goroutine` in all three
 * forms Go serves (debug=1 text: unique stacks with counts; debug=2 text: every goroutine, the form of a
 * crash dump; the default protobuf) into unique stacks with counts, and finds the stacks whose count
 * grows between two dumps, with the function they block in.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { codeFrameIndex, decodeProfile, frameText, isRuntimeFrame, looksLikeProtobufProfile, type Frame } from './profile.js';

export type { Frame } from './profile.js';

/** StackRecord is one unique stack and how many goroutines have it. */
export interface StackRecord {
  readonly count: number;
  /** frames are leaf first, runtime frames included when the dump has them. */
  readonly frames: readonly Frame[];
  /** key identifies the stack across dumps and restarts: function + file:line, not addresses. */
  readonly key: string;
  /** state is what debug=2 says the goroutines wait on (`chan receive`, `select`, …), when it says. */
  readonly state?: string;
}

/** GoroutineDump is a parsed dump in any of the three forms. */
export interface GoroutineDump {
  readonly format: 'debug=1' | 'debug=2' | 'protobuf';
  readonly total: number;
  readonly stacks: readonly StackRecord[];
  /** timeMs is when the dump was taken, when the form records it (protobuf only). */
  readonly timeMs?: number;
}

// frames from the top of the stack that the runtime adds to every parked goroutine; dropping them makes
// the key of a debug=2 stack equal to the key of the same stack in debug=1 (which leaves them out)
const keyOf = (frames: readonly Frame[]): string =>
  frames
    .filter((f) => !isRuntimeFrame(f.fn))
    .map((f) => `${f.fn} ${f.file}:${f.line}`)
    .join('\n');

/** MAX_DUMP_BYTES caps a text dump (debug=2 of 100k goroutines is ~100 MB; the cap keeps parsing bounded). */
export const MAX_DUMP_BYTES = 32 * 2 ** 20;

/** parseGoroutineProfile detects the form and parses it; text that is none of them is a DIAGNOSE_INPUT error. */
export function parseGoroutineProfile(data: Uint8Array | string, what = 'goroutine profile'): GoroutineDump {
  if (typeof data !== 'string' && looksLikeProtobufProfile(data)) return parseGoroutineProtobuf(data, what);
  const n = typeof data === 'string' ? data.length : data.byteLength;
  if (n > MAX_DUMP_BYTES) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: larger than ${MAX_DUMP_BYTES} bytes`);
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  if (text.startsWith('goroutine profile: total ')) return parseGoroutineDump(text, what);
  if (/^goroutine \d+ [^\n]*\[/.test(text)) return parseGoroutineDebug2(text);
  throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: not a goroutine profile (expected debug=1 text "goroutine profile: total N", debug=2 text "goroutine 1 [...]:" or pprof protobuf)`, { position: { line: 1, col: 1 } });
}

/** parseGoroutineDump parses debug=1 text; a missing header is a DIAGNOSE_INPUT error. */
export function parseGoroutineDump(text: string, what = 'goroutine profile'): GoroutineDump {
  const lines = text.split('\n');
  const head = /^goroutine profile: total (\d+)/.exec(lines[0] ?? '');
  if (!head) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: not a goroutine?debug=1 dump: missing "goroutine profile: total N" header`, { position: { line: 1, col: 1 } });
  const stacks: StackRecord[] = [];
  let cur: { count: number; frames: Frame[] } | undefined;
  const flush = (): void => {
    if (cur) stacks.push({ ...cur, key: keyOf(cur.frames) });
    cur = undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const rec = /^(\d+) @( 0x[0-9a-f]+)*\s*$/.exec(line);
    if (rec) {
      flush();
      cur = { count: Number(rec[1]), frames: [] };
      continue;
    }
    if (!cur) continue;
    // "#\t0xpc\tpkg.fn+0xoff\t/path/file.go:line"
    const fr = /^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(.+):(\d+)\s*$/.exec(line);
    if (fr) cur.frames.push({ fn: fr[1]!, file: fr[2]!.trim(), line: Number(fr[3]) });
  }
  flush();
  return { format: 'debug=1', total: Number(head[1]), stacks };
}

/** parseGoroutineDebug2 parses debug=2 text (one block per goroutine) and groups equal stacks. */
export function parseGoroutineDebug2(text: string): GoroutineDump {
  const groups = new Map<string, { count: number; frames: Frame[]; state: string }>();
  let total = 0;
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    // "goroutine 7 [chan receive, 3 minutes]:"; newer runtimes may put "gp=… m=…" before the bracket
    const head = /^goroutine \d+ (?:[^[]*)\[([^,\]]+)/.exec(lines[0] ?? '');
    if (!head) continue;
    total++;
    const frames: Frame[] = [];
    // "pkg.fn(args)" then "\t/path/file.go:line +0xoff"; "created by" ends the stack, and a line like
    // "...additional frames elided..." has no location after it
    let fn: string | undefined;
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.startsWith('created by ')) break;
      if (l.startsWith('\t')) {
        const loc = /^\t(.+):(\d+)(?: \+0x[0-9a-f]+)?\s*$/.exec(l);
        if (loc && fn) frames.push({ fn, file: loc[1]!, line: Number(loc[2]) });
        fn = undefined;
      } else fn = /^(.+)\((?:[^()]*|\.\.\.)\)$/.exec(l)?.[1] ?? undefined;
    }
    const key = keyOf(frames);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { count: 1, frames, state: head[1]! });
  }
  const stacks = [...groups.entries()].map(([key, g]) => ({ key, count: g.count, frames: g.frames, state: g.state })).sort((a, b) => b.count - a.count);
  return { format: 'debug=2', total, stacks };
}

/** parseGoroutineProtobuf reads the default form: a pprof profile whose one value is the goroutine count. */
export function parseGoroutineProtobuf(data: Uint8Array, what = 'goroutine profile'): GoroutineDump {
  const p = decodeProfile(data, what);
  const idx = p.sampleTypes.findIndex((t) => t.startsWith('goroutine/'));
  if (idx < 0) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: protobuf profile without a goroutine sample type (has ${p.sampleTypes.join(', ')})`);
  const groups = new Map<string, { count: number; frames: readonly Frame[] }>();
  let total = 0;
  for (const s of p.samples) {
    const n = s.values[idx] ?? 0;
    total += n;
    const key = keyOf(s.frames);
    const g = groups.get(key);
    if (g) g.count += n;
    else groups.set(key, { count: n, frames: s.frames });
  }
  const stacks = [...groups.entries()].map(([key, g]) => ({ key, ...g })).sort((a, b) => b.count - a.count);
  return { format: 'protobuf', total, stacks, ...(p.timeNanos ? { timeMs: Math.round(p.timeNanos / 1e6) } : {}) };
}

/** StackGrowth is one stack's count in two dumps. */
export interface StackGrowth {
  readonly key: string;
  /** blockedIn is the program's own frame the goroutines wait in (the first outside the runtime and standard library). */
  readonly blockedIn: Frame | undefined;
  /** waitsIn names the standard-library call it waits in (sync.(*WaitGroup).Wait, net/http…), if any. */
  readonly waitsIn?: string;
  /** where renders blockedIn as `fn (file.go:line)`. */
  readonly where: string;
  /** frames are the top frames outside the runtime, leaf first. */
  readonly frames: readonly Frame[];
  readonly state?: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

/** growingStacks lists stacks whose count rose from `a` to `b`, largest rise first, with `topFrames` frames each. */
export function growingStacks(a: GoroutineDump, b: GoroutineDump, topFrames = 8): StackGrowth[] {
  const before = new Map<string, number>();
  for (const s of a.stacks) before.set(s.key, (before.get(s.key) ?? 0) + s.count);
  const after = new Map<string, { n: number; s: StackRecord }>();
  for (const s of b.stacks) after.set(s.key, { n: (after.get(s.key)?.n ?? 0) + s.count, s });
  const out: StackGrowth[] = [];
  for (const [key, { n, s }] of after) {
    const was = before.get(key) ?? 0;
    if (n <= was) continue;
    const frames = s.frames.filter((f) => !isRuntimeFrame(f.fn));
    const at = codeFrameIndex(frames);
    const blockedIn = frames[at] ?? s.frames[0];
    // the standard-library call the program's frame made (sync.(*Mutex).Lock), not the innermost helper
    const waitsIn = at > 0 ? { waitsIn: frames[at - 1]!.fn } : {};
    out.push({ key, blockedIn, ...waitsIn, where: blockedIn ? frameText(blockedIn) : '<no frames>', frames: frames.slice(0, topFrames), ...(s.state ? { state: s.state } : {}), before: was, after: n, delta: n - was });
  }
  return out.sort((x, y) => y.delta - x.delta);
}
