/**
 * parse-util: shared helpers for the pure cgroup and /proc parsers. Every parse failure becomes a
 * DaemonError CGROUP_PARSE that names the file and the 1-based line, so a user can open the file.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';

/** parseFailure builds the CGROUP_PARSE error for `file` at `line`/`col` (1-based). */
export function parseFailure(file: string, line: number, col: number, what: string): DaemonError {
  return new DaemonError(ErrorCode.CGROUP_PARSE, `cannot parse ${file}: ${what}`, {
    position: { file, line, col },
  });
}

const INTEGER = /^-?\d+$/;

/**
 * parseInteger reads a decimal integer as a number. Kernel counters are u64, so values above 2^53
 * lose precision; that is acceptable for gauges and counters measured in bytes or events.
 */
export function parseInteger(text: string, file: string, line: number, col: number): number {
  if (!INTEGER.test(text)) throw parseFailure(file, line, col, `expected an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** splitLines splits file text into lines, dropping the one empty line after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
