/**
 * parse-single: single-value cgroup files such as memory.current, memory.usage_in_bytes,
 * memory.max and memory.limit_in_bytes.
 */
import { parseFailure, parseInteger, splitLines } from './parse-util.js';

/**
 * UNLIMITED_THRESHOLD is the size above which a limit means "no limit". cgroup v1 reports an unset
 * limit as PAGE_COUNTER_MAX pages (9223372036854771712 on 4 KiB pages), not a marker, so like
 * cAdvisor (`maxMemorySize = 1 << 62`) we treat anything above 2^62 as unlimited.
 */
export const UNLIMITED_THRESHOLD = 2 ** 62;

/** parseSingleValue reads a file holding one integer on one line. */
export function parseSingleValue(text: string, file: string): number {
  const lines = splitLines(text);
  if (lines.length !== 1) throw parseFailure(file, Math.min(lines.length, 2) || 1, 1, `expected one line, got ${lines.length}`);
  const v = lines[0]!.trim();
  return parseInteger(v, file, 1, lines[0]!.indexOf(v) + 1);
}

/**
 * parseLimit reads a limit file (v2 `max` or a number; v1 a number) and returns null when the
 * limit is unset, so callers never compare against a sentinel.
 */
export function parseLimit(text: string, file: string): number | null {
  const lines = splitLines(text);
  if (lines.length === 1 && lines[0]!.trim() === 'max') return null;
  const v = parseSingleValue(text, file);
  return v >= UNLIMITED_THRESHOLD ? null : v;
}
