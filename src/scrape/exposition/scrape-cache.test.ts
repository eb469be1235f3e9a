import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DaemonError } from '../../core/errors.js';
import { parseExposition } from './parse.js';
import { ScrapeCache } from './scrape-cache.js';
import type { ExpositionFormat } from './types.js';

type Outcome =
  | { ok: Array<{ labels: Record<string, string>; value: number; ts: number | undefined }> }
  | { err: { code: string; message: string; position: unknown } };

function failure(e: unknown): Outcome {
  if (!DaemonError.is(e)) throw e;
  return { err: { code: e.code, message: e.message, position: e.position } };
}

function full(text: string, format: ExpositionFormat): Outcome {
  try {
    return { ok: parseExposition(text, format).samples.map((s) => ({ labels: s.labels, value: s.value, ts: s.timestampMs })) };
  } catch (e) {
    return failure(e);
  }
}

function newCache(): ScrapeCache<Record<string, string>> {
  return new ScrapeCache((view) => view.labels());
}

function cached(cache: ScrapeCache<Record<string, string>>, text: string, format: ExpositionFormat): Outcome {
  try {
    const n = cache.scan(text, format);
    const out = [];
    for (let i = 0; i < n; i++) {
      const ts = cache.timestamps[i]!;
      out.push({ labels: cache.series[i]!, value: cache.values[i]!, ts: ts === ts ? ts : undefined });
    }
    return { ok: out };
  } catch (e) {
    return failure(e);
  }
}

// same checks one scan against the full parser, label key order included.
function same(cache: ScrapeCache<Record<string, string>>, text: string, format: ExpositionFormat): Outcome {
  const want = full(text, format);
  const got = cached(cache, text, format);
  expect(got).toEqual(want);
  if ('ok' in got && 'ok' in want) {
    got.ok.forEach((s, i) => expect(Object.keys(s.labels)).toEqual(Object.keys(want.ok[i]!.labels)));
    // Bounded: nothing outlives the scrape that last had it.
    expect(cache.size).toBeLessThanOrEqual(got.ok.length);
  }
  return got;
}

// Series spelled in ways that stress the split between series text and value: label values with
// spaces, braces, hashes, escapes, and spellings only the text format's lexer accepts.
const SERIES = [
  'up',
  'up12',
  'up_total',
  'a{x="1"}',
  'a{x="1",y="2"}',
  'a{y="2",x="1"}',
  'b{v="sp ace"}',
  'b{v="close} 1 2"}',
  'b{v="# {x=\\"y\\"} 3"}',
  'b{v="esc \\\\ \\" \\n"}',
  'c_total{code="200",path="/a \\"q\\" 1"}',
  'd_bucket{le="+Inf"}',
  'd_bucket{le="0.5"}',
  'e{}',
  'e {x="1"}',
  'f{ x = "1" , y="2", }',
  'g{x="1"} ',
  'h:colon{_u="ünï ✓"}',
];
const VALUES = ['1', '0', '-7', '3.25', '1e3', '-1.5E-3', 'NaN', '+Inf', '-Inf', 'Inf', '.5', '5.', '0x1A', '', '1_0', '12345678901234567890', '1e400'];
const TEXT_TS = ['', ' 1700000000000', ' -5', ' 1.5', ' 99999999999999999999', ' 1700000000000 ', '\t12'];
const OM_TS = ['', ' 1700000000', ' 1700000000.123', ' -1.5', ' NaN', ' 1 # {id="x"} 2', ' # {id="x"} 2 3'];
const SEP = [' ', ' ', ' ', ' ', '  ', '\t'];
const TAIL = ['', '', '', '', ' ', '\t', '\r'];
const COMMENTS = ['# HELP a Help with \\\\ and\\n.', '# TYPE a gauge', '# TYPE b counter', '# free comment', '# UNIT d_bucket bucket', '# TYPE a wrong', '#'];
const GARBAGE = ['a{x="1} 2', 'a{x="1"}{y="2"} 1', '9bad 1', 'a{x="\\q"} 1', 'a 1 2 3', ' a 1', '', '   ', 'a{x="1",x="2"} 1', 'a{__name__="b"} 1'];

const line = fc.record({
  series: fc.constantFrom(...SERIES),
  sep: fc.constantFrom(...SEP),
  value: fc.oneof({ weight: 4, arbitrary: fc.double().map(String) }, fc.constantFrom(...VALUES)),
  tsText: fc.nat(TEXT_TS.length - 1),
  tsOm: fc.nat(OM_TS.length - 1),
  tail: fc.constantFrom(...TAIL),
});
const entry = fc.oneof(
  { weight: 12, arbitrary: line },
  { weight: 2, arbitrary: fc.constantFrom(...COMMENTS) },
  { weight: 1, arbitrary: fc.constantFrom(...GARBAGE) },
);
type Line = string | { series: string; sep: string; value: string; tsText: number; tsOm: number; tail: string };

function render(lines: Line[], format: ExpositionFormat, eof: boolean): string {
  let out = '';
  for (const l of lines) {
    if (typeof l === 'string') out += l + '\n';
    else out += l.series + l.sep + l.value + (format === 'openmetrics' ? OM_TS[l.tsOm] : TEXT_TS[l.tsText]) + l.tail + '\n';
  }
  return eof && format === 'openmetrics' ? out + '# EOF\n' : out;
}

describe('ScrapeCache', () => {
  for (const format of ['prometheus', 'openmetrics'] as const) {
    it(`gives what the full parser gives over successive scrapes (${format})`, () => {
      // A target's successive payloads: one base list of lines, each scrape dropping some, adding
      // some, changing values and spellings, and now and then a broken line.
      const scrape = fc.record({
        keep: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        extra: fc.array(fc.tuple(fc.nat(40), entry), { maxLength: 3 }),
        values: fc.array(fc.option(fc.oneof({ weight: 4, arbitrary: fc.double().map(String) }, fc.constantFrom(...VALUES)), { nil: undefined }), {
          minLength: 40,
          maxLength: 40,
        }),
        eof: fc.nat(9).map((n) => n > 0),
      });
      fc.assert(
        fc.property(fc.array(entry, { minLength: 1, maxLength: 40 }), fc.array(scrape, { minLength: 2, maxLength: 6 }), (base, scrapes) => {
          const cache = newCache();
          // A second target scanned in between: every cache shares the scan's scratch arrays.
          const other = newCache();
          for (const s of scrapes) {
            const lines: Line[] = [];
            base.forEach((l, i) => {
              if (!s.keep[i]) return;
              const v = s.values[i];
              lines.push(typeof l === 'string' || v === undefined ? l : { ...l, value: v });
            });
            for (const [at, l] of s.extra) lines.splice(at % (lines.length + 1), 0, l);
            same(cache, render(lines, format, s.eof), format);
            same(other, render(lines.slice().reverse(), format, s.eof), format);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('takes the fast path for known series whatever their label values hold', () => {
    const cache = newCache();
    const body = (v: number): string => SERIES.slice(0, 11).map((s, i) => `${s} ${v + i}`).join('\n') + '\n';
    same(cache, body(1), 'prometheus');
    expect(cache.fastLines).toBe(0);
    const got = same(cache, body(2), 'prometheus');
    expect(cache.fastLines).toBe(11);
    expect('ok' in got && got.ok.map((s) => s.value)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('parses timestamps, NaN, ±Inf and exponents on the fast path', () => {
    const cache = newCache();
    const body = (v: string): string => `# TYPE a gauge\na{x="1"} ${v} 1700000000000\nb ${v}\nc{} ${v} -5\n`;
    for (const v of ['1', 'NaN', '+Inf', '-Inf', '-1.5e-3', '1E+300', '0.1', '-0']) {
      const got = same(cache, body(v), 'prometheus');
      expect('ok' in got && got.ok.map((s) => s.ts)).toEqual([1700000000000, undefined, -5]);
    }
    expect(cache.fastLines).toBe(3);
    const om = newCache();
    for (const v of ['1', '2.5', 'NaN']) same(om, `a_total{x="1"} ${v} 1700000000.5\n# EOF\n`, 'openmetrics');
    expect(om.fastLines).toBe(1);
  });

  it('leaves odd spellings to the full parser, with its results', () => {
    const cache = newCache();
    const body = (v: number): string =>
      `a{x="1"} ${v}\n a{x="1"} ${v}\na{x="1"}\t${v}\na{x="1"}  ${v}\na{x="1"} ${v} \na{x="1"} ${v}\t\n\n  \na {x="1"} ${v}\n`;
    same(cache, body(1), 'prometheus');
    const got = same(cache, body(2), 'prometheus');
    expect('ok' in got && got.ok.length).toBe(7);
    // The first line and `a {x="1"} 2`: the blank before the brace is part of a validated series text.
    expect(cache.fastLines).toBe(2);
  });

  it('fails like the full parser on a bad line after known ones, at the same line:col', () => {
    for (const bad of ['a{x="1"} 1\r', 'a{x="1"} {', 'a{x="1"} 1 2 3', 'a{x="1"} 0x1A', 'a{x="1"} 1 1.5', 'a{x="1"}', 'b{x="1} 2', 'a{x="1"} 1e400']) {
      const cache = newCache();
      same(cache, 'a{x="1"} 1\nb 2\n', 'prometheus');
      const got = same(cache, `a{x="1"} 3\nb 4\n${bad}\n`, 'prometheus');
      expect('err' in got).toBe(true);
      // A failed scan leaves the cache usable.
      same(cache, 'a{x="1"} 5\nb 6\n', 'prometheus');
      expect(cache.fastLines).toBe(2);
    }
  });

  it('rejects CRLF line ends like the full parser', () => {
    const cache = newCache();
    same(cache, 'a 1\n', 'prometheus');
    const got = same(cache, 'a 1\r\n', 'prometheus');
    expect('err' in got && got.err.position).toEqual({ line: 1, col: 3 });
  });

  it('keeps OpenMetrics rules: exemplars, # EOF, nothing after it', () => {
    const cache = newCache();
    const ok = 'd_bucket{le="1"} 2 # {id="x"} 1 1.5\nd_total 3\n# EOF\n';
    same(cache, ok, 'openmetrics');
    same(cache, ok.replace(' 3\n', ' 4\n'), 'openmetrics');
    expect(cache.fastLines).toBe(1);
    for (const bad of ['d_total 5\n', 'd_total 5', 'd_total 5\n# EOF\nd_total 6\n', 'd_total  5\n# EOF\n', 'd_total 5 # x\n# EOF\n', 'd_total 5\n\n# EOF\n']) {
      expect('err' in same(cache, bad, 'openmetrics')).toBe(true);
    }
  });

  it('forgets series that leave, and never reuses one format\'s series for the other', () => {
    const cache = newCache();
    same(cache, 'a 1\nb 2\nc 3\n', 'prometheus');
    expect(cache.size).toBe(3);
    same(cache, 'b 2\n', 'prometheus');
    expect(cache.size).toBe(1);
    same(cache, 'b 2\n# EOF\n', 'openmetrics');
    expect(cache.fastLines).toBe(0);
    same(cache, 'b{x="1",  y="2"} 2\n# EOF\n', 'openmetrics');
  });

  it('does not take a known series for the start of a longer name or label set', () => {
    const cache = newCache();
    same(cache, 'up 1\na{x="1"} 2\nb 3\n', 'prometheus');
    const got = same(cache, 'up12 7\na{x="1"}5 2\nb_c 3 4\n', 'prometheus');
    expect('ok' in got && got.ok.map((s) => [s.labels['__name__'], s.value, s.ts])).toEqual([
      ['up12', 7, undefined],
      ['a', 5, 2],
      ['b_c', 3, 4],
    ]);
    expect(cache.fastLines).toBe(0);
  });

  it('compares the comment lines before a known series, and only those', () => {
    const cache = newCache();
    const body = (type: string, v: number): string => `a ${v}\n# HELP b B.\n# TYPE b ${type}\nb ${v}\n`;
    same(cache, body('gauge', 1), 'prometheus');
    same(cache, body('gauge', 2), 'prometheus');
    expect(cache.fastLines).toBe(2);
    // Same length as "gauge", so only a real compare of the lead tells them apart.
    expect(same(cache, body('wrong', 3), 'prometheus')).toMatchObject({ err: { position: { line: 3, col: 10 } } });
    // Lead bookkeeping: a lead never spans sample lines, whichever path read them.
    const again = newCache();
    same(again, 'x 9\na 1\nb 2\n', 'prometheus');
    same(again, 'x 9\nx 9\na 1\nb 2\n', 'prometheus');
    const third = newCache();
    same(third, 'x 9\na 1\n', 'prometheus');
    same(third, 'x 9\na 1\nc 3\n', 'prometheus');
    same(third, 'x 9\na 1\nx 9\na 1\nc 3\n', 'prometheus');
  });

  it('builds a series once while it stays, whichever path reads its line', () => {
    let made = 0;
    const cache = new ScrapeCache((view) => (made++, view.labels()));
    cache.scan('a 1\nb 2\n', 'prometheus');
    const a = cache.series[0];
    // A leading blank sends the line to the full scanner; its series is still the known one.
    cache.scan(' a 1\nb 3\n', 'prometheus');
    cache.scan('b 4\n a 1\n', 'prometheus');
    expect(made).toBe(2);
    expect(cache.series[1]).toBe(a);
    expect(cache.size).toBe(2);
  });

  it('follows series that move, appear and disappear', () => {
    const cache = newCache();
    same(cache, 'a 1\nb 2\nc 3\nd 4\n', 'prometheus');
    same(cache, 'x 0\na 1\nc 3\nb 2\nd 4\ny 0\n', 'prometheus');
    expect(cache.fastLines).toBe(4);
    same(cache, 'x 0\na 1\nc 3\nb 2\nd 4\ny 0\n', 'prometheus');
    expect(cache.fastLines).toBe(6);
  });
});
