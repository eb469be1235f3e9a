import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue } from './format.js';
import { parseIntTimestamp, parseSecondsTimestamp, parseValue } from './number.js';

const pv = (s: string) => parseValue(s, 0, s.length);

describe('parseValue', () => {
  it('reads back every double that formatValue writes, -0 included', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (v) => Object.is(pv(formatValue(v)), v)), { numRuns: 5000 });
  });

  it('agrees with Number() on decimal strings of any length and exponent', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 25 });
    const dec = fc
      .tuple(fc.constantFrom('', '-', '+'), digits, fc.option(digits, { nil: undefined }), fc.option(fc.integer({ min: -330, max: 330 }), { nil: undefined }))
      .map(([sign, a, b, e]) => `${sign}${a}${b === undefined ? '' : '.' + b}${e === undefined ? '' : 'e' + e}`);
    fc.assert(
      fc.property(dec, (s) => {
        const n = Number(s);
        if (!Number.isFinite(n)) expect(pv(s)).toBeUndefined();
        else expect(Object.is(pv(s), n)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts the Go spellings and rejects what Go rejects', () => {
    expect(pv('Inf')).toBe(Infinity);
    expect(pv('-inF')).toBe(-Infinity);
    expect(pv('+Infinity')).toBe(Infinity);
    expect(pv('nan')).toBeNaN();
    for (const bad of ['', '+', '-', '.', 'e5', '1e', '1e+', '+nan', '-NaN', '0x10', '1_000', 'Infinit', '1.2.3', ' 1', '1 ', '1e400', '--1']) {
      expect(pv(bad), bad).toBeUndefined();
    }
  });
});

describe('timestamps', () => {
  it('reads integer ms and rejects anything else', () => {
    const it = (s: string) => parseIntTimestamp(s, 0, s.length);
    expect(it('1700000000123')).toBe(1700000000123);
    expect(it('-1')).toBe(-1);
    expect(it('1.5')).toBeUndefined();
    expect(it('')).toBeUndefined();
    expect(it('-')).toBeUndefined();
    expect(it('99999999999999999999')).toBeUndefined();
  });

  it('reads OpenMetrics seconds as rounded ms', () => {
    const st = (s: string) => parseSecondsTimestamp(s, 0, s.length);
    expect(st('1700000000.123')).toBe(1700000000123);
    expect(st('1.001')).toBe(1001);
    expect(st('1e3')).toBe(1_000_000);
    expect(st('+Inf')).toBeUndefined();
    expect(st('NaN')).toBeUndefined();
  });
});

describe('int64 bounds', () => {
  it('accepts exactly the int64 range, like Go ParseInt', () => {
    const it64 = (s: string) => parseIntTimestamp(s, 0, s.length);
    expect(it64('9223372036854775807')).toBe(2 ** 63);
    expect(it64('-9223372036854775808')).toBe(-(2 ** 63));
    expect(it64('0009223372036854775807')).toBe(2 ** 63);
    expect(it64('9223372036854775808')).toBeUndefined();
    expect(it64('-9223372036854775809')).toBeUndefined();
    expect(it64('10000000000000000000')).toBeUndefined();
  });
});
