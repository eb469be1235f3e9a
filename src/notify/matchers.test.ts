import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { compileLegacy, compileMatcherList, matchersString, parseMatchers } from './matchers.js';

describe('parseMatchers', () => {
  const cases: Array<[string, Array<[string, string, string]>]> = [
    ['foo="bar"', [['foo', '=', 'bar']]],
    ['foo=bar', [['foo', '=', 'bar']]],
    ['  foo = bar baz ', [['foo', '=', 'bar baz']]],
    ['foo!="bar"', [['foo', '!=', 'bar']]],
    ['job=~"api|db"', [['job', '=~', 'api|db']]],
    ['job!~api.*', [['job', '!~', 'api.*']]],
    ['{a="1", b!="2",c=~"3"}', [['a', '=', '1'], ['b', '!=', '2'], ['c', '=~', '3']]],
    ['msg="say \\"hi\\", ok"', [['msg', '=', 'say "hi", ok']]],
    ['"utf8 name"="x"', [['utf8 name', '=', 'x']]],
    ['foo=""', [['foo', '=', '']]],
    ['{}', []],
  ];
  for (const [input, want] of cases) {
    it(`parses ${input}`, () => {
      expect(parseMatchers(input).map((m) => [m.name, m.type, m.value])).toEqual(want);
    });
  }

  for (const bad of ['foo', 'foo=~"("', '{a="1"', 'a="1" b="2"', 'a="unterminated']) {
    it(`rejects ${bad}`, () => {
      expect(() => parseMatchers(bad)).toThrow(DaemonError);
    });
  }

  it('compiles anchored regexes with missing labels seen as empty', () => {
    const [m] = compileMatcherList(['job=~"api"']);
    expect(m!.test('api')).toBe(true);
    expect(m!.test('api-2')).toBe(false);
    const [neg] = compileMatcherList(['team!="x"']);
    expect(neg!.test('')).toBe(true);
  });

  it('turns legacy match/match_re into = and =~ and renders keys like Alertmanager', () => {
    const ms = compileLegacy({ severity: 'critical' }, { job: 'a|b' });
    expect(matchersString(ms)).toBe('{severity="critical",job=~"a|b"}');
  });

  it('places every rejection at its line:col in the matcher text', () => {
    const at = (input: string): string => {
      try {
        parseMatchers(input);
      } catch (err) {
        if (!DaemonError.is(err)) throw err;
        return `${err.position?.line}:${err.position?.col} ${err.message}`;
      }
      return 'parsed';
    };
    expect(at('a="b", c~"d"')).toBe('1:9 bad matcher "a=\\"b\\", c~\\"d\\"": 1:9: expected one of = != =~ !~ after "c"');
    expect(at('  {a="b"')).toMatch(/^1:9 .*missing closing "}"$/);
    expect(at('x=~"(a"')).toMatch(/^1:4 .*: invalid regular expression "\(a": error parsing regexp: missing closing \)/);
    expect(at('a="b" c')).toMatch(/^1:7 .*unexpected "c"/);
    expect(at('a="unterminated')).toMatch(/^1:3 .*unterminated quoted string$/);
  });
});
