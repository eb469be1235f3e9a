import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from './errors.js';
import { compileAnchored, compileSearch, regexError } from './re2.js';

const full = (p: string, s: string): boolean => compileAnchored(p).test(s);

describe('compileAnchored (Prometheus matcher semantics on RE2)', () => {
  it('anchors at both ends, as ^(?:re)$', () => {
    expect(full('api', 'api')).toBe(true);
    expect(full('api', 'xapi')).toBe(false);
    expect(full('a|b', 'ab')).toBe(false);
    expect(full('a|bc', 'bc')).toBe(true);
    expect(full('', '')).toBe(true);
    expect(full('', 'x')).toBe(false);
    expect(full('.+', '')).toBe(false);
  });

  it('accepts the RE2 syntax JavaScript lacks', () => {
    expect(full('(?i)PRO.*', 'production')).toBe(true);
    expect(full('(?i:PRO).*', 'proD')).toBe(true);
    expect(full('(?i:PRO)D', 'prod')).toBe(false);
    expect(full('a\\z', 'a')).toBe(true);
    expect(full('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(full('\\Qa.b\\E', 'axb')).toBe(false);
    expect(full('[[:alpha:]]+', 'abcXYZ')).toBe(true);
    expect(full('[[:alpha:]]+', 'ab1')).toBe(false);
    expect(full('\\pL+', 'äöü')).toBe(true);
    expect(full('\\p{Greek}', 'λ')).toBe(true);
    expect(full('(?P<x>a)b', 'ab')).toBe(true);
    // Go treats `{,3}` as literal text, not a repeat.
    expect(full('a{,3}', 'a{,3}')).toBe(true);
  });

  it('keeps `.` away from newlines unless (?s), as Go does', () => {
    expect(full('a.b', 'a\nb')).toBe(false);
    expect(full('(?s)a.b', 'a\nb')).toBe(true);
    expect(full('.*', 'x\ny')).toBe(false);
  });

  it('answers the shortcut shapes (literal sets, literals joined by .*) exactly as the automaton would', () => {
    const patterns = ['a|b|c-d', 'inst-.*0', '.*-eu', 'a.*a', 'ab.*ba', '.*', '.*.*', 'x.*y.*z', '', 'abc', 'a.*b.*', 'é.*ü', 'a\\.*b', 'a\\|b',
      '(?i)ab.*k', '(?i)A|b|S-k', '(?i)é.*', '(?i)x.*', '(?i)s'];
    const alphabet = ['a', 'b', 'c', '-', 'x', 'y', 'z', '0', '\n', 'é', 'ü', '.', '|', '\\', 'A', 'B', 'K', 'S', 'X', 'k', 's', '\u212a', '\u017f', 'É'];
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (const p of patterns) {
      const automaton = RE2JS.compile('^(?:' + p + ')$');
      for (let i = 0; i < 400; i++) {
        let v = '';
        for (let n = rnd(7); n > 0; n--) v += alphabet[rnd(alphabet.length)];
        expect(full(p, v), `${p} on ${JSON.stringify(v)}`).toBe(automaton.test(v));
      }
    }
    expect(full('inst-.*0', 'inst-10')).toBe(true);
    expect(full('inst-.*0', 'inst-1\n0')).toBe(false);
    expect(full('(?i)prod.*', 'PRODUCTION')).toBe(true);
    expect(full('(?i)k', '\u212a')).toBe(true);
  });

  it('runs a nested quantifier in linear time: (a+)+ against 33 a and a b', () => {
    // JavaScript's backtracking engine needs about 2^33 steps here (minutes); RE2 answers at once.
    const s = 'a'.repeat(33) + 'b';
    expect(full('(a+)+', s)).toBe(false);
    expect(full('(a+)+b', s)).toBe(true);
    expect(full('(a|aa)+$', 'a'.repeat(5000) + '!')).toBe(false);
  });

  it('rejects what Go rejects with one error code and RE2 wording about the user pattern', () => {
    for (const [p, why] of [
      ['(a', 'missing closing ): `(a`'],
      ['a**', 'invalid nested repetition operator: `**`'],
      ['\\1', 'invalid escape sequence: `\\1`'],
      ['(?<=a)b', 'invalid named capture'],
      ['a{1001}', 'invalid repeat count'],
      ['[z-a]', 'invalid character class range'],
    ] as const) {
      let err: unknown;
      try {
        compileAnchored(p);
      } catch (e) {
        err = e;
      }
      expect(DaemonError.is(err)).toBe(true);
      expect((err as DaemonError).code).toBe(ErrorCode.REGEX_INVALID);
      expect((err as DaemonError).message).toContain(`invalid regular expression ${JSON.stringify(p)}: error parsing regexp: `);
      expect((err as DaemonError).message).toContain(why);
      expect(regexError(p)).toBe((err as DaemonError).message);
    }
    expect(regexError('a+')).toBeUndefined();
  });

  it('gives groups to exec, as label_replace needs', () => {
    const m = compileAnchored('(?P<host>[^:]+):(\\d+)').exec('web:80');
    expect(m?.[1]).toBe('web');
    expect(m?.[2]).toBe('80');
    expect(m?.groups?.['host']).toBe('web');
    expect(compileAnchored('(a)|b').exec('b')?.[1]).toBeUndefined();
  });

  it('keeps a bounded cache: repeats hit it, the least recently used fall out', () => {
    const first = compileAnchored('cache-me.*');
    expect(compileAnchored('cache-me.*')).toBe(first);
    const hot = compileAnchored('hot-[0-9]+');
    for (let i = 0; i < 5000; i++) {
      compileAnchored(`filler-${i}-[a-z]`);
      if (i % 1000 === 0) compileAnchored('hot-[0-9]+');
    }
    expect(compileAnchored('hot-[0-9]+')).toBe(hot);
    expect(compileAnchored('cache-me.*')).not.toBe(first);
  });
});

describe('compileSearch (Go regexp.Compile: unanchored)', () => {
  it('searches anywhere', () => {
    expect(compileSearch('b').test('abc')).toBe(true);
    expect(compileSearch('^b').test('abc')).toBe(false);
  });

  it('replaces as Go ReplaceAllString, including empty matches after a match', () => {
    expect(compileSearch('a*').replaceAll('baaac', 'X')).toBe('XbXcX');
    expect(compileSearch('(a)(b)').replaceAll('xaby', '${2}$1-$$')).toBe('xba-$y');
    expect(compileSearch('(?P<h>[^:]+):(\\d+)').replaceAll('web:80', '$h')).toBe('web');
    // `$1x` names group "1x", which does not exist, so it expands to nothing.
    expect(compileSearch('(a)').replaceAll('a', '$1x')).toBe('');
    expect(compileSearch('').replaceAll('\u{1F600}x', '-')).toBe('-\u{1F600}-x-');
  });
});
