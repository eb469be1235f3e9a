/**
 * glob: Go's filepath.Match/Glob semantics for `rule_files` and `file_sd_configs` patterns (`*`,
 * `?`, `[…]`/`[!…]`/`[^…]` within one path segment), since Node 20 has no fs.glob.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { DaemonError, ErrorCode } from './errors.js';
import { compileAnchored, type Re2 } from './re2.js';

/**
 * segmentRegExp compiles one path segment's pattern to an anchored RE2 pattern (linear time, so a
 * pattern with many `*` cannot stall on a long name); a bad pattern is CONFIG_INVALID.
 */
export function segmentRegExp(pattern: string): Re2 {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new DaemonError(ErrorCode.CONFIG_INVALID, `syntax error in pattern ${JSON.stringify(pattern)}`);
      re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return compileAnchored(re);
  } catch (err) {
    throw new DaemonError(ErrorCode.CONFIG_INVALID, `syntax error in pattern ${JSON.stringify(pattern)}`, { cause: err });
  }
}

/** globFiles returns the existing paths matching `pattern` (wildcards in any segment), sorted like Go. */
export function globFiles(pattern: string): string[] {
  const parts = pattern.split(sep);
  let bases = [isAbsolute(pattern) ? sep : '.'];
  let prefixEmpty = !isAbsolute(pattern);
  for (const part of parts) {
    if (part === '') continue;
    const next: string[] = [];
    for (const b of bases) {
      if (!/[*?[]/.test(part)) {
        const p = prefixEmpty ? part : join(b, part);
        try {
          statSync(p);
          next.push(p);
        } catch {
          // a literal segment that does not exist simply matches nothing
        }
        continue;
      }
      const re = segmentRegExp(part);
      let names: string[];
      try {
        names = readdirSync(prefixEmpty ? '.' : b);
      } catch {
        continue;
      }
      for (const n of names) if (re.test(n) && !(n.startsWith('.') && !part.startsWith('.'))) next.push(prefixEmpty ? n : join(b, n));
    }
    bases = next;
    prefixEmpty = false;
  }
  return prefixEmpty ? [] : bases.sort();
}
