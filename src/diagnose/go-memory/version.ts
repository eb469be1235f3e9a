/**
 * version: what the Go version (go_info{version}) says about the runtime's memory behaviour.
 */

/** GoVersion is a parsed `go1.x.y`; unknown builds (devel) parse as null. */
export interface GoVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** parseGoVersion reads `go1.19.8` / `go1.21rc2` / `go1.22.0 X:boringcrypto`; anything else is null. */
export function parseGoVersion(s: string | undefined): GoVersion | null {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(s ?? '');
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** madvFreeDefault is true for Go 1.12–1.15, which released memory with MADV_FREE by default on Linux. */
export function madvFreeDefault(v: GoVersion | null): boolean {
  return v !== null && v.major === 1 && v.minor >= 12 && v.minor <= 15;
}

/** heapGoalIncludesRoots is true from Go 1.18, whose heap goal adds GOGC% of stacks and globals. */
export function heapGoalIncludesRoots(v: GoVersion | null): boolean {
  return v === null || v.major > 1 || v.minor >= 18;
}
