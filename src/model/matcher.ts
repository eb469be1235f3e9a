/**
 * matcher: label matchers with Prometheus semantics: regexes are fully anchored, and a matcher on a
 * missing label sees the empty string.
 */
import type { Labels } from './labels.js';

/** MatchType is one of the four PromQL matcher operators. */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** Matcher selects series by one label. */
export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
}

/** CompiledMatcher carries a ready test function next to the matcher. */
export interface CompiledMatcher extends Matcher {
  readonly test: (value: string) => boolean;
}

const cache = new Map<string, RegExp>();

/**
 * anchoredRegex compiles a Go RE2 pattern as a JS regex anchored at both ends. RE2's `(?s)`-free
 * default means `.` does not match newline, as in JS without the `s` flag.
 */
export function anchoredRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    let src = pattern;
    let flags = 'u';
    // RE2 inline flags at the start (e.g. (?i)) are common in rules; JS has no inline flags.
    const m = /^\(\?([imsU]+)\)/.exec(src);
    if (m) {
      src = src.slice(m[0].length);
      if (m[1]!.includes('i')) flags += 'i';
      if (m[1]!.includes('s')) flags += 's';
      if (m[1]!.includes('m')) flags += 'm';
    }
    re = new RegExp('^(?:' + src + ')$', flags);
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** compileMatcher builds the test function once, so selection does not re-parse regexes. */
export function compileMatcher(m: Matcher): CompiledMatcher {
  switch (m.type) {
    case '=':
      return { ...m, test: (v) => v === m.value };
    case '!=':
      return { ...m, test: (v) => v !== m.value };
    case '=~': {
      const re = anchoredRegex(m.value);
      return { ...m, test: (v) => re.test(v) };
    }
    case '!~': {
      const re = anchoredRegex(m.value);
      return { ...m, test: (v) => !re.test(v) };
    }
  }
}

/** matchesAll tells whether a label set satisfies every matcher. */
export function matchesAll(l: Labels, ms: readonly CompiledMatcher[]): boolean {
  for (const m of ms) if (!m.test(l[m.name] ?? '')) return false;
  return true;
}
