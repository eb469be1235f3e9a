/**
 * re2: the one regular-expression engine for every pattern a user or a scrape target can reach
 * (PromQL `=~`/`!~`, label_replace, rule-file and Alertmanager-style matchers, silences, route and
 * inhibit matchers, template `match`/`reReplaceAll`, discovery globs).
 *
 * Why RE2, and why re2js: Prometheus and Alertmanager compile these patterns with Go's regexp,
 * which is RE2 (linear time in the input, RE2 syntax). JavaScript's RegExp backtracks, so
 * `(a+)+` against 33 `a`s and a `b` ran for tens of seconds and blocked the event loop, and it
 * rejects RE2 syntax such as `(?i)` or `(?i:…)`. re2js (pinned in package.json) is a pure
 * JavaScript port of RE2/J with Go's syntax and error messages, so it installs without a native
 * build; the RE2-to-WebAssembly packages on npm (re2-wasm, @dashevo/re2-wasm) have not had a
 * release in years, and the `re2` package needs a C++ toolchain. re2js's lookbehind extension is
 * off by default and stays off here, so `(?<=…)` is rejected as Go rejects it.
 *
 * Semantics kept as Prometheus v2.42: a matcher compiles `^(?:pattern)$` (so `.` does not match
 * a newline unless the pattern says `(?s)`), and a missing label is the empty string (so `=~""`
 * selects series without the label and `!~".+"` too). Compiled patterns are kept in a bounded
 * LRU cache because rules re-run the same matchers every evaluation.
 */
import { RE2JS } from 're2js';
import { DaemonError, ErrorCode } from './errors.js';

/** Re2Match is the shape of a successful search: group texts by index, named groups, and the start. */
export interface Re2Match {
  readonly [group: number]: string | undefined;
  readonly length: number;
  readonly index: number;
  readonly groups?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Re2 is one compiled pattern. */
export interface Re2 {
  /** source is the pattern as written (before any anchoring). */
  readonly source: string;
  /** test searches like RegExp.prototype.test; for an anchored pattern that is a whole-string match. */
  test(s: string): boolean;
  /** exec returns the leftmost match with its groups, or null. */
  exec(s: string): Re2Match | null;
  /** replaceAll is Go's Regexp.ReplaceAllString: `tmpl` is expanded per match with Go's `$1`/`${name}` rules. */
  replaceAll(s: string, tmpl: string): string;
}

/** CACHE_SIZE bounds each cache; a rule set rarely holds more than a few hundred distinct patterns. */
const CACHE_SIZE = 4096;
const anchoredCache = new Map<string, Re2>();
const searchCache = new Map<string, Re2>();

/**
 * compileAnchored compiles a matcher pattern as Prometheus does (`^(?:pattern)$`). A bad pattern
 * throws DaemonError REGEX_INVALID whose message quotes the pattern and RE2's reason.
 */
export function compileAnchored(pattern: string): Re2 {
  return cached(anchoredCache, pattern, () => build(pattern, '^(?:' + pattern + ')$'));
}

/** compileSearch compiles an unanchored pattern, as Go's regexp.Compile (template `match`, `reReplaceAll`). */
export function compileSearch(pattern: string): Re2 {
  return cached(searchCache, pattern, () => build(pattern, pattern));
}

/** regexError says why a pattern does not compile as RE2, or undefined when it does. */
export function regexError(pattern: string): string | undefined {
  try {
    compileAnchored(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function cached(cache: Map<string, Re2>, pattern: string, make: () => Re2): Re2 {
  const hit = cache.get(pattern);
  if (hit) {
    // Re-insert so the Map's insertion order is recency order and eviction drops the coldest.
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  const re = make();
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

function build(source: string, full: string): Re2 {
  let re: RE2JS;
  try {
    re = RE2JS.compile(full);
  } catch (err) {
    throw invalid(source, full, err);
  }
  const slow = (s: string): boolean => re.test(s);
  const fast = full === source ? undefined : fastTest(source, slow);
  return {
    source,
    test: fast ?? slow,
    exec: (s) => re.exec(s) as Re2Match | null,
    replaceAll: (s, tmpl) => replaceAll(re, s, tmpl),
  };
}

/** LITERAL is a run of characters that are never special in RE2 outside a class. */
const LITERAL = /^[^\\.+*?()|[\]{}^$]*$/;

/**
 * fastTest answers the two commonest matcher shapes without the automaton, as Prometheus'
 * FastRegexMatcher does: literal alternatives (`api|db|web`) from a set, and literals joined by
 * `.*` (`inst-.*0`, `.*-eu`, `foo.*bar.*`) by prefix, suffix and in-order search. Anything else,
 * or a value holding a newline (which `.` must not match), goes to RE2.
 */
function fastTest(source: string, slow: (s: string) => boolean): ((s: string) => boolean) | undefined {
  if (source.startsWith('(?i)') && ASCII.test(source)) {
    // RE2 folds ASCII letters to each other and to two non-ASCII letters (K to U+212A, s to U+017F),
    // so lower-casing decides an ASCII value exactly; any other value goes to RE2.
    const inner = literalTest(source.slice(4).toLowerCase());
    return inner && ((s) => (ASCII.test(s) ? inner(s.toLowerCase()) : slow(s)));
  }
  return literalTest(source);
}

const ASCII = /^[^\u0080-\uffff]*$/;

function literalTest(source: string): ((s: string) => boolean) | undefined {
  const alts = source.split('|');
  if (alts.length > 1) {
    if (!alts.every((a) => LITERAL.test(a))) return undefined;
    const set = new Set(alts);
    return (s) => set.has(s);
  }
  const parts = source.split('.*');
  if (!parts.every((p) => LITERAL.test(p))) return undefined;
  if (parts.length === 1) return (s) => s === source;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const min = parts.reduce((n, p) => n + p.length, 0);
  return (s) => {
    if (s.length < min || !s.startsWith(first) || !s.endsWith(last) || s.includes('\n')) return false;
    let at = first.length;
    const end = s.length - last.length;
    for (const p of middle) {
      const i = s.indexOf(p, at);
      if (i < 0 || i + p.length > end) return false;
      at = i + p.length;
    }
    return true;
  };
}

function invalid(source: string, full: string, err: unknown): DaemonError {
  // RE2's message names the pattern it was given; report the user's text, not our anchoring.
  let why = (err as Error).message;
  if (full !== source) {
    try {
      RE2JS.compile(source);
    } catch (inner) {
      why = (inner as Error).message;
    }
  }
  // RE2 quotes the offending part, which can be the whole pattern; keep messages readable.
  const cut = (x: string): string => (x.length > 200 ? x.slice(0, 200) + '…' : x);
  return new DaemonError(ErrorCode.REGEX_INVALID, `invalid regular expression ${JSON.stringify(cut(source))}: ${cut(why)}`, { cause: err });
}

/** replaceAll walks matches as Go does: an empty match right after the previous match is skipped. */
function replaceAll(re: RE2JS, s: string, tmpl: string): string {
  let out = '';
  let last = 0;
  let lastEnd = -1;
  for (const m of re.matchAll(s)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (end === start && start === lastEnd) continue;
    out += s.slice(last, start) + expandTemplate(tmpl, m as unknown as Re2Match);
    last = end;
    lastEnd = end;
  }
  return out + s.slice(last);
}

/**
 * expandTemplate applies Go's Regexp.Expand rules: `$$` is a dollar, `$name`/`${name}` takes the
 * longest run of letters, digits and `_` as the name (so `$1x` is group "1x", empty), and a `$`
 * not followed by a valid name is copied as is.
 */
export function expandTemplate(tmpl: string, m: Re2Match): string {
  let out = '';
  for (let i = 0; i < tmpl.length; i++) {
    const c = tmpl[i]!;
    if (c !== '$' || i + 1 >= tmpl.length) {
      out += c;
      continue;
    }
    const next = tmpl[i + 1]!;
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    if (next === '{') {
      const close = tmpl.indexOf('}', i + 2);
      const inner = close < 0 ? '' : tmpl.slice(i + 2, close);
      if (!/^[A-Za-z0-9_]+$/.test(inner)) {
        out += c;
        continue;
      }
      name = inner;
      i = close;
    } else {
      const r = /^[A-Za-z0-9_]+/.exec(tmpl.slice(i + 1));
      if (!r) {
        out += c;
        continue;
      }
      name = r[0];
      i += name.length;
    }
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
  }
  return out;
}
