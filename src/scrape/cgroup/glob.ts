/**
 * glob: the include/exclude pattern syntax of cgroup discovery. A pattern matches the whole cgroup
 * path (e.g. /system.slice/api.service) or the whole friendly name (e.g. api.service):
 *   `*`  any run of characters except `/`
 *   `**` any run of characters including `/`
 *   `?`  one character except `/`
 * Every other character matches itself. Examples: `/system.slice/*.service`, `/kubepods.slice/**`, `api-*`.
 */
import { compileAnchored, type Re2 } from '../../core/re2.js';

/** globToRegExp compiles a pattern to an anchored RE2 pattern (core/re2.ts: linear time). */
export function globToRegExp(pattern: string): Re2 {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // Every character but the wildcards is escaped, so the pattern always compiles.
  return compileAnchored(re);
}

/** globMatchAny says whether any pattern matches any of the candidate strings. */
export function globMatchAny(patterns: readonly Re2[], candidates: readonly string[]): boolean {
  return patterns.some((p) => candidates.some((c) => p.test(c)));
}
