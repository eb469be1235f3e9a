/**
 * glob: filepath.Glob for `rule_files` patterns (`*`, `?`, `[...]` within one path segment), since
 * Node 20 has no fs.globSync. Matches are returned sorted, as Go returns them.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + seg.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/** globFiles returns the existing paths matching `pattern`, sorted. */
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
      const re = segmentRegex(part);
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
