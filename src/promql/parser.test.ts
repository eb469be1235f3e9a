import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { formatExpr } from './format.js';
import { parseExpr } from './parser.js';

function fails(q: string): DaemonError {
  try {
    parseExpr(q);
  } catch (err) {
    if (DaemonError.is(err)) return err;
    throw err;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('parseExpr round trips through formatExpr', () => {
  const cases: Array<[string, string]> = [
    ['foo', 'foo'],
    ['foo{c!~"d.*", a="b"}', 'foo{a="b",c!~"d.*"}'],
    ['1000000 + 100000 + 0.0001 + 0.00001 + 1234567', '1e+06 + 100000 + 0.0001 + 1e-05 + 1.234567e+06'],
    ['{__name__="x"}', '{__name__="x"}'],
    ['rate(foo[5m] offset 1m)', 'rate(foo[5m] offset 1m)'],
    ['sum by (a,b) (rate(x[1m]))', 'sum by (a, b) (rate(x[1m]))'],
    ['sum(x) without (a)', 'sum without (a) (x)'],
    ['topk(3, x)', 'topk(3, x)'],
    ['a + on(b) group_left(c) d', 'a + on (b) group_left (c) d'],
    ['a > bool ignoring(x) b', 'a > bool ignoring (x) b'],
    ['a and b', 'a and b'],
    ['-foo', '-foo'],
    ['max_over_time(rate(x[1m])[10m:30s])', 'max_over_time(rate(x[1m])[10m:30s])'],
    ['x[5m:]', 'x[5m:]'],
    ['foo @ 100', 'foo @ 100.000'],
    ['foo @ start()', 'foo @ start()'],
    ['foo offset -5m', 'foo offset -5m'],
    ['1 + 2 * 3', '1 + 2 * 3'],
    ['(1 + 2) * 3', '(1 + 2) * 3'],
    ['0x10 + 010', '16 + 8'],
    ['Inf', '+Inf'],
    ["label_replace(x, 'dst', \"a\\\\b\", `src`, '(.*)')", 'label_replace(x, "dst", "a\\\\b", "src", "(.*)")'],
    ['count_values("v", x)', 'count_values("v", x)'],
  ];
  for (const [q, want] of cases) {
    it(q, () => {
      const e = parseExpr(q);
      expect(formatExpr(e)).toBe(want);
      expect(formatExpr(parseExpr(formatExpr(e)))).toBe(want);
    });
  }

  it('keeps operator precedence and right-associative power', () => {
    const e = parseExpr('2 ^ 3 ^ 2');
    expect(e.type === 'Binary' && e.rhs.type === 'Binary').toBe(true);
    const f = parseExpr('a or b and c');
    expect(f.type === 'Binary' && f.op === 'or').toBe(true);
  });

  it('binds offset and @ to the rightmost operand, as Prometheus does', () => {
    expect(formatExpr(parseExpr('a > bool on(x) b offset 10m'))).toBe('a > bool on (x) b offset 10m');
    const e = parseExpr('a - b @ 100');
    expect(e.type === 'Binary' && e.rhs.type === 'VectorSelector' && e.rhs.at).toBe(100_000);
    expect(e.type === 'Binary' && e.lhs.type === 'VectorSelector' && e.lhs.at).toBeUndefined();
  });

  it('knows holt_winters, which the 3.x grammar renamed', () => {
    const e = parseExpr('holt_winters(x[10m], 0.5, 0.5) + day_of_month()');
    expect(formatExpr(e)).toBe('holt_winters(x[10m], 0.5, 0.5) + day_of_month()');
    expect(formatExpr(parseExpr('label_replace(x, "a", "holt_winters(", "b", "c")'))).toContain('"holt_winters("');
  });

  it('binds a number sign looser than ^', () => {
    const e = parseExpr('-2 ^ 2');
    expect(e.type).toBe('Unary');
    expect(formatExpr(e)).toBe('-2 ^ 2');
  });

  it('reads every number form Prometheus 2.42 lexes (2., 1./6., 0X1F, .5, 1E-3, signed Inf/NaN)', () => {
    const value = (q: string): number => {
      const e = parseExpr(q);
      if (e.type === 'NumberLiteral') return e.value;
      if (e.type === 'Unary' && e.expr.type === 'NumberLiteral') return e.op === '-' ? -e.expr.value : e.expr.value;
      throw new Error(`${q} is a ${e.type}`);
    };
    expect(value('2.')).toBe(2);
    expect(value('+2.')).toBe(2);
    expect(value('2.e3')).toBe(2000);
    expect(value('0X1F')).toBe(31);
    expect(value('0x1f')).toBe(31);
    expect(value('.5')).toBe(0.5);
    expect(value('-.5e-2')).toBe(-0.005);
    expect(value('1E-3')).toBe(0.001);
    expect(value('-Inf')).toBe(-Infinity);
    expect(value('+inf')).toBe(Infinity);
    expect(value('NaN')).toBeNaN();
    expect(formatExpr(parseExpr('1./6.'))).toBe('1 / 6');
    expect(formatExpr(parseExpr('(2.+1.)*foo'))).toBe('(2 + 1) * foo');
    // a rewritten literal keeps every later position: the error still points at column 6
    expect(fails('1./6.+').position).toEqual({ line: 1, col: 7 });
    expect(fails('1e').message).toContain('"1e"');
    expect(fails('foo offset 2.').message).toContain('"2."');
  });

  it('normalises set operators to many-to-many', () => {
    const e = parseExpr('a unless on(x) b');
    expect(e.type === 'Binary' && e.matching.card).toBe('many-to-many');
  });
});

describe('parseExpr rejects what Prometheus rejects', () => {
  const cases: Array<[string, string]> = [
    ['foo[5m] + 1', 'binary expression must contain only scalar and instant vector types'],
    ['rate(foo)', 'expected type range vector in call to function "rate", got instant vector'],
    ['abs(foo[1m])', 'expected type instant vector in call to function "abs", got range vector'],
    ['rate(foo[1m], 1)', 'expected 1 argument(s) in call to "rate", got 2'],
    ['round(foo, 1, 2)', 'expected at most 2 argument(s) in call to "round", got 3'],
    ['label_join(foo)', 'expected at least 3 argument(s) in call to "label_join", got 1'],
    ['a + bool b', 'bool modifier can only be used on comparison operators'],
    ['1 > 2', 'comparisons between scalars must use BOOL modifier'],
    ['1 and foo', 'set operator "and" not allowed in binary scalar expression'],
    ['a and on(x) group_left b', 'no grouping allowed for "and" operation'],
    ['sum(foo[5m])', 'expected type instant vector in aggregation expression, got range vector'],
    ['topk(foo, bar)', 'expected type scalar in aggregation parameter, got instant vector'],
    ['topk(bar)', 'wrong number of arguments for aggregate expression provided, expected 2, got 1'],
    ['{}', 'vector selector must contain at least one non-empty matcher'],
    ['{a=~".*"}', 'vector selector must contain at least one non-empty matcher'],
    ['foo{__name__="bar"}', 'metric name must not be set twice'],
    ['foo offset 1m offset 2m', 'offset may not be set multiple times'],
    ['sum(foo) offset 1m', 'offset modifier must be preceded by'],
    ['rate(foo[5m])[1m]', 'ranges only allowed for vector selectors'],
    ['foo[5m][1m:]', 'subquery is only allowed on instant vector, got range vector instead'],
    ['nonexistent(foo)', 'unknown function with name "nonexistent"'],
    ['-(foo[5m])', 'unary expression only allowed on expressions of type scalar or instant vector'],
    ['foo{a="b}', 'unterminated quoted string'],
    ['sum(rate(x[5m])', 'unclosed left parenthesis'],
    ['foo{a="b"', 'unexpected end of input inside braces'],
    ['a + on(c) group_left(c) b', 'label "c" must not occur in ON and GROUP clause at once'],
  ];
  for (const [q, msg] of cases) {
    it(q, () => {
      const err = fails(q);
      expect(err.code).toBe('PROMQL_PARSE');
      expect(err.message).toContain(msg);
    });
  }

  it('reports 1-based line and column of a syntax error', () => {
    const err = fails('sum(\n  rate(foo[5m]) +\n)');
    expect(err.position).toEqual({ line: 3, col: 1 });
  });

  it('points type errors at the offending operand, like Prometheus', () => {
    expect(fails('rate(foo)').position).toEqual({ line: 1, col: 6 });
    expect(fails('1 > 2').position).toEqual({ line: 1, col: 3 });
    expect(fails('sum by (job) (foo[5m])').position).toEqual({ line: 1, col: 15 });
    expect(fails('foo + foo[5m]').message).toContain('binary expression must contain only scalar and instant vector types');
    expect(fails('max_over_time(a - b[5m:1m])').message).toContain('binary expression must contain only');
  });

  it('marks features we do not evaluate as unsupported', () => {
    expect(fails('histogram_count(foo)').code).toBe('PROMQL_UNSUPPORTED');
    expect(fails('limitk(2, foo)').code).toBe('PROMQL_UNSUPPORTED');
    expect(fails('foo[step()]').code).toBe('PROMQL_UNSUPPORTED');
  });
});

describe('prettyExpr (format_query)', () => {
  it('keeps short expressions on one line and breaks long ones up as Prometheus 2.42 does', async () => {
    const { prettyExpr } = await import('./format.js');
    expect(prettyExpr(parseExpr('sum   by(job)(rate(x[5m]))'))).toBe('sum by (job) (rate(x[5m]))');
    // Expected text as printed by the real Prometheus' /api/v1/format_query.
    const q = 'histogram_quantile(0.99, sum by (le, job) (rate(go_gc_duration_seconds_bucket{job="go", instance=~".+"}[5m]))) > 0.5 and on (job) count by (job) (up{job="go"} == 1)';
    expect(prettyExpr(parseExpr(q))).toBe(
      [
        '    histogram_quantile(',
        '      0.99,',
        '      sum by (le, job) (rate(go_gc_duration_seconds_bucket{instance=~".+",job="go"}[5m]))',
        '    )',
        '  >',
        '    0.5',
        'and on (job)',
        '  count by (job) (up{job="go"} == 1)',
      ].join('\n'),
    );
  });
});

describe('regex matchers (RE2, as Prometheus)', () => {
  it('accepts RE2-only syntax and rejects a bad regex at the matcher with RE2 wording', () => {
    expect(() => parseExpr('up{group=~"(?i)PRO.*", path=~"\\\\Qa.b\\\\E", x!~"[[:alpha:]]+"}')).not.toThrow();
    const e = fails('up{job="a", group=~"(a"}');
    expect(e.code).toBe('PROMQL_PARSE');
    expect(e.message).toBe('1:13: parse error: invalid regular expression "(a": error parsing regexp: missing closing ): `(a`');
    expect(fails('up{x=~"(?<=a)b"}').message).toContain('1:4: parse error: invalid regular expression');
  });

  it('applies the empty-matcher rule with RE2: =~"" and !~".+" match the empty string', () => {
    expect(fails('{x=~""}').message).toContain('vector selector must contain at least one non-empty matcher');
    expect(fails('{x!~".+"}').message).toContain('vector selector must contain at least one non-empty matcher');
    expect(fails('{x=~"(?i)a*"}').message).toContain('at least one non-empty matcher');
    expect(() => parseExpr('{x=~"(?i)a+"}')).not.toThrow();
  });
});

describe('pathological nesting (found by fuzzing)', () => {
  it('rejects deep bracket nesting quickly with a positioned error instead of overflowing the stack', () => {
    for (const q of ['sum('.repeat(1000) + 'a' + ')'.repeat(1000), '('.repeat(100_000) + '1' + ')'.repeat(100_000), 'a{b="' + '('.repeat(500) + '"}']) {
      const t0 = performance.now();
      let e: DaemonError | undefined;
      try {
        parseExpr(q);
      } catch (err) {
        if (DaemonError.is(err)) e = err;
        else throw err;
      }
      if (q.startsWith('a{')) {
        // Brackets inside a string are text, not nesting.
        expect(e).toBeUndefined();
        continue;
      }
      expect(e?.code).toBe('PROMQL_PARSE');
      expect(e?.message).toMatch(/^1:\d+: parse error: expression nested too deeply \(more than 200 levels of brackets\)$/);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
    expect(() => parseExpr('sum('.repeat(150) + 'a' + ')'.repeat(150))).not.toThrow();
  });

  it('rejects an operator chain longer than 128 the same way however it is spaced', () => {
    for (const sep of [' - ', ' -', '-']) {
      expect(() => parseExpr(Array(129).fill('time()').join(sep))).not.toThrow();
      expect(fails(Array(130).fill('time()').join(sep)).message).toBe('1:1: parse error: expression too long: more than 128 binary operators nested in one another');
      expect(fails(Array(3000).fill('a').join(sep)).code).toBe('PROMQL_PARSE');
    }
  });
});
