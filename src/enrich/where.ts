/**
 * where: turns heap diffs and goroutine growth into the "where" lines every message carries, e.g.
 * "+58 MiB in `cache.(*Store).Put` (store.go:41) since 14:02 UTC, 91 % of the growth" and
 * "1,200 goroutines blocked in `rpc.(*Client).awaitReply` (client.go:88), +3/s".
 */
import type { PprofReport, Where } from '../model/finding.js';
import { bytes } from '../diagnose/go-memory/format.js';
import { growingStacks, type GoroutineDump } from './goroutines.js';
import { heapDiff, siteOf, type HeapProfile } from './heap-profile.js';
import { baseName, type Frame } from './profile.js';

/** MAX_WHERE bounds the lines per kind: a message names the few places that matter. */
const MAX_WHERE = 3;
/** MIN_SHARE: a function with less than a tenth of the growth is not named (unless it is the top one). */
const MIN_SHARE = 0.1;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16) + ' UTC';
const site = (fn: string, file: string, line: number, note?: string): string => (file ? `\`${fn}\` (${baseName(file)}:${line}${note ? `, ${note}` : ''})` : `\`${fn}\`${note ? ` (${note})` : ''}`);
const frameLine = (f: Frame): string => `${f.fn} ${f.file}:${f.line}`;

/** heapWhere names the functions whose in-use heap grew (two or more profiles) or is largest (one). */
export function heapWhere(profiles: readonly HeapProfile[]): { where: Where[]; cumulative: PprofReport['cumulative'] } {
  if (profiles.length === 0) return { where: [], cumulative: [] };
  const single = profiles.length === 1;
  // one profile: rank what is held, as a diff from an empty heap, so the wording and ranking stay one code path
  const d = heapDiff(single ? [{ ...profiles[0]!, samples: [], timeNanos: 0 }, profiles[0]!] : profiles);
  const since = d.from > 0 ? d.from : undefined;
  const where = d.flat
    .filter((g, i) => i === 0 || g.share >= MIN_SHARE)
    .slice(0, MAX_WHERE)
    .map((g): Where => {
      const stack = d.stacks.find((s) => siteOf(s.frames)?.fn === g.fn);
      const pct = `${Math.round(g.share * 100)} %`;
      const text = single
        ? `${bytes(g.after)} in use from ${site(g.fn, g.file, g.line)}, ${pct} of the profiled heap`
        : `+${bytes(g.delta)} in ${site(g.fn, g.file, g.line, g.via ? `through ${g.via}` : undefined)}${since ? ` since ${hhmm(since)}` : ''}, ${pct} of the growth${g.steady ? '' : ' (it shrank in between)'}`;
      return { kind: 'heap', function: g.fn, file: g.file, line: g.line, text, frames: (stack?.frames ?? []).map(frameLine), bytes: single ? g.after : g.delta, share: g.share, ...(since && !single ? { since } : {}) };
    });
  const cumulative = d.cumulative.slice(0, 5).map((g) => ({ function: g.fn, file: g.file, line: g.line, bytes: single ? g.after : g.delta, share: g.share }));
  return { where, cumulative };
}

/**
 * goroutineWhere names the stacks whose count grew between the oldest and newest dump (`timesMs`, when
 * known, give the rate), or with a single dump the largest stacks.
 */
export function goroutineWhere(dumps: readonly GoroutineDump[], timesMs: ReadonlyArray<number | undefined> = []): Where[] {
  if (dumps.length === 0) return [];
  const last = dumps[dumps.length - 1]!;
  const first = dumps.length > 1 ? dumps[0]! : { ...last, stacks: [] };
  const growth = growingStacks(first, last);
  const t0 = timesMs[0] ?? dumps[0]!.timeMs;
  const t1 = timesMs[dumps.length - 1] ?? last.timeMs;
  const seconds = dumps.length > 1 && t0 !== undefined && t1 !== undefined && t1 > t0 ? (t1 - t0) / 1000 : undefined;
  const top = growth[0]?.delta ?? 0;
  return growth
    .filter((g, i) => i === 0 || g.delta >= Math.max(2, top * MIN_SHARE))
    .slice(0, MAX_WHERE)
    .map((g): Where => {
      const f = g.blockedIn;
      const state = g.state ? ` (${g.state})` : '';
      let tail: string;
      if (dumps.length === 1) tail = `, ${Math.round((g.after / Math.max(1, last.total)) * 100)} % of ${count(last.total)}`;
      else if (seconds) {
        const rate = g.delta / seconds;
        tail = `, +${rate >= 10 ? count(rate) : rate >= 1 ? rate.toFixed(0) : rate.toPrecision(2)}/s`;
      } else tail = `, +${count(g.delta)} since the first dump`;
      const perSecond = seconds ? g.delta / seconds : undefined;
      return {
        kind: 'goroutine',
        function: f?.fn ?? '<unknown>',
        file: f?.file ?? '',
        line: f?.line ?? 0,
        text: `${count(g.after)} goroutines blocked in ${f ? site(f.fn, f.file, f.line, g.waitsIn ? `in ${g.waitsIn}` : undefined) : '<unknown>'}${state}${tail}`,
        frames: g.frames.map(frameLine),
        count: g.after,
        delta: g.delta,
        ...(perSecond !== undefined ? { perSecond } : {}),
        ...(dumps.length > 1 && t0 !== undefined ? { since: t0 } : {}),
      };
    });
}

/** PprofInput is what was fetched or read: decoded profiles (oldest first) and the reasons others failed. */
export interface PprofInput {
  readonly heap: readonly HeapProfile[];
  readonly goroutines: readonly GoroutineDump[];
  /** goroutineTimesMs: when each dump was taken, for forms that do not record it (text). */
  readonly goroutineTimesMs?: ReadonlyArray<number | undefined>;
  readonly errors: readonly string[];
}

/** pprofReport builds the report; an analysis that throws becomes an error line, never an exception. */
export function pprofReport(input: PprofInput): PprofReport {
  const errors = [...input.errors];
  let heap: ReturnType<typeof heapWhere> = { where: [], cumulative: [] };
  let gor: Where[] = [];
  try {
    heap = heapWhere(input.heap);
  } catch (err) {
    errors.push(`heap profile: ${(err as Error).message}`);
  }
  try {
    gor = goroutineWhere(input.goroutines, input.goroutineTimesMs);
  } catch (err) {
    errors.push(`goroutine profile: ${(err as Error).message}`);
  }
  return { heapProfiles: input.heap.length, goroutineProfiles: input.goroutines.length, where: [...heap.where, ...gor], cumulative: heap.cumulative, errors };
}
