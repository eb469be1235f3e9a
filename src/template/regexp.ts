/**
 * regexp: Go's regexp for the template functions `match` (regexp.MatchString, unanchored) and
 * `reReplaceAll` (Regexp.ReplaceAllString with Go's `$1`/`${name}` templates), on the project's
 * RE2 engine (core/re2.ts), so a template sees the same syntax and linear-time matching as a rule.
 */
import { compileSearch, type Re2 } from '../core/re2.js';

/** goRegExp compiles a Go regular expression; a bad pattern is an Error carrying RE2's message, as Go's. */
export function goRegExp(pattern: string): Re2 {
  try {
    return compileSearch(pattern);
  } catch (err) {
    // The template engine reports function errors as plain Errors; keep RE2's own wording (Go's).
    const re2 = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    throw new Error(re2 instanceof Error ? re2.message : String(re2), { cause: err });
  }
}

/** goReplaceAll is regexp.ReplaceAllString: every non-overlapping match replaced via a Go template. */
export function goReplaceAll(re: Re2, text: string, tmpl: string): string {
  return re.replaceAll(text, tmpl);
}
