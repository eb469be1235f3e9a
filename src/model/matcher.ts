/**
 * matcher: label matchers with Prometheus semantics: regexes are fully anchored, and a matcher on a
 * missing label sees the empty string.
 */
import { compileAnchored, type Re2 } from '../core/re2.js';
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

/**
 * anchoredRegex compiles a Go RE2 pattern anchored at both ends, as Prometheus' labels.NewMatcher
 * does, on the project's one RE2 engine (core/re2.ts; linear time, cached).
 */
export function anchoredRegex(pattern: string): Re2 {
  return compileAnchored(pattern);
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
