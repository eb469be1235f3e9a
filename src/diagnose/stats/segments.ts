/**
 * segments: where the current process's data starts. A gauge must never be fitted across a restart
 * (process_start_time_seconds changes), and the first minutes after a start (pools, caches, the first
 * GC cycles) are warm-up, not growth.
 */

/** Segment is the analysable range of the current process. */
export interface Segment {
  /** start of the current process's samples (ms). */
  readonly start: number;
  /** analysisStart is start plus warm-up, clamped into the window. */
  readonly analysisStart: number;
  /** restarts counts start-time changes seen in the window. */
  readonly restarts: number;
  /** processStart is the process start (ms) when known. */
  readonly processStart: number | undefined;
  /** previous is the run before the last restart: its first and last sample times and start (ms). */
  readonly previous?: { readonly start: number; readonly end: number; readonly processStart: number };
}

/**
 * currentSegment finds the last run of equal process_start_time_seconds values. `warmupMs` is skipped
 * after a start that falls inside the window (a start before the window needs no warm-up).
 */
export function currentSegment(
  startTimes: { t: ArrayLike<number>; v: ArrayLike<number> } | undefined,
  windowStart: number,
  warmupMs: number,
): Segment {
  if (!startTimes || startTimes.t.length === 0) {
    return { start: windowStart, analysisStart: windowStart, restarts: 0, processStart: undefined };
  }
  let restarts = 0;
  let segStart = startTimes.t[0]!;
  let cur = startTimes.v[0]!;
  let previous: Segment['previous'];
  for (let i = 1; i < startTimes.t.length; i++) {
    const x = startTimes.v[i]!;
    // start times are whole or fractional seconds; a change of under a second is jitter, not a restart
    if (Number.isFinite(x) && Math.abs(x - cur) >= 1) {
      restarts++;
      previous = { start: Math.max(windowStart, segStart), end: startTimes.t[i - 1]!, processStart: cur * 1000 };
      cur = x;
      segStart = startTimes.t[i]!;
    }
  }
  const processStart = Number.isFinite(cur) ? cur * 1000 : undefined;
  const start = Math.max(windowStart, restarts > 0 ? segStart : windowStart);
  const warmEnd = processStart !== undefined ? processStart + warmupMs : start;
  return { start, analysisStart: Math.max(start, warmEnd), restarts, processStart, ...(previous ? { previous } : {}) };
}

/** increase sums the rises of a counter, treating any decrease as a reset (as PromQL does). */
export function increase(v: ArrayLike<number>): number {
  let inc = 0;
  for (let i = 1; i < v.length; i++) {
    const a = v[i - 1]!;
    const b = v[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    inc += b >= a ? b - a : b;
  }
  return inc;
}

/** resets counts counter decreases. */
export function resets(v: ArrayLike<number>): number {
  let r = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! < v[i - 1]!) r++;
  return r;
}
