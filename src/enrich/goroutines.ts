/**
 * goroutines: reads `/debug/pprof/goroutine?debug=1` dumps and finds the stacks whose count grows
 * between two dumps — the confirmation of a goroutine leak (one stack's count keeps rising).
 */
import { DaemonError, ErrorCode } from '../core/errors.js';

/** Frame is one symbolized frame: function and file:line. */
export interface Frame {
  readonly fn: string;
  readonly file: string;
  readonly line: number;
}

/** StackRecord is one unique stack (plus labels) and how many goroutines have it. */
export interface StackRecord {
  readonly count: number;
  readonly frames: readonly Frame[];
  readonly labels: string | undefined;
  /** key identifies the stack across dumps and restarts: function + file:line, not addresses. */
  readonly key: string;
}

/** GoroutineDump is a parsed debug=1 dump. */
export interface GoroutineDump {
  readonly total: number;
  readonly stacks: readonly StackRecord[];
}

/** parseGoroutineDump parses debug=1 text; a missing header is a DaemonError (not a goroutine dump). */
export function parseGoroutineDump(text: string): GoroutineDump {
  const lines = text.split('\n');
  const head = /^goroutine profile: total (\d+)/.exec(lines[0] ?? '');
  if (!head) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, 'not a goroutine?debug=1 dump: missing "goroutine profile: total N" header', { position: { line: 1, col: 1 } });
  const stacks: StackRecord[] = [];
  let cur: { count: number; frames: Frame[]; labels: string | undefined } | undefined;
  const flush = () => {
    if (cur) stacks.push({ ...cur, key: cur.frames.map((f) => `${f.fn} ${f.file}:${f.line}`).join('\n') });
    cur = undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const rec = /^(\d+) @( 0x[0-9a-f]+)*\s*$/.exec(line);
    if (rec) {
      flush();
      cur = { count: Number(rec[1]), frames: [], labels: undefined };
      continue;
    }
    if (!cur) continue;
    const lab = /^# labels: (.*)$/.exec(line);
    if (lab) {
      cur.labels = lab[1];
      continue;
    }
    // "#\t0xpc\tpkg.fn+0xoff\t/path/file.go:line"
    const fr = /^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(.+):(\d+)\s*$/.exec(line);
    if (fr) cur.frames.push({ fn: fr[1]!, file: fr[2]!.trim(), line: Number(fr[3]) });
  }
  flush();
  return { total: Number(head[1]), stacks };
}

/** StackGrowth is one stack's count in two dumps. */
export interface StackGrowth {
  readonly key: string;
  /** where is the innermost frame outside the runtime, for humans. */
  readonly where: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

function where(frames: readonly Frame[]): string {
  const f = frames.find((x) => !x.fn.startsWith('runtime.') && !x.fn.startsWith('runtime/')) ?? frames[0];
  return f ? `${f.fn} (${f.file}:${f.line})` : '<no frames>';
}

/** growingStacks lists stacks whose count rose from `a` to `b`, largest rise first. */
export function growingStacks(a: GoroutineDump, b: GoroutineDump): StackGrowth[] {
  const before = new Map<string, number>();
  for (const s of a.stacks) before.set(s.key, (before.get(s.key) ?? 0) + s.count);
  const after = new Map<string, { n: number; frames: readonly Frame[] }>();
  for (const s of b.stacks) after.set(s.key, { n: (after.get(s.key)?.n ?? 0) + s.count, frames: s.frames });
  const out: StackGrowth[] = [];
  for (const [key, { n, frames }] of after) {
    const was = before.get(key) ?? 0;
    if (n > was) out.push({ key, where: where(frames), before: was, after: n, delta: n - was });
  }
  return out.sort((x, y) => y.delta - x.delta);
}
