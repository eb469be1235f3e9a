import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';
import { labelsKey, formatLabels, withoutName } from './labels.js';
import { compileMatcher, matchesAll } from './matcher.js';
import { isStaleNaN, STALE_NAN } from './sample.js';

describe('duration', () => {
  it.each([
    ['0', 0],
    ['1h30m', 5_400_000],
    ['15s', 15_000],
    ['1y', 365 * 86_400_000],
    ['2w3d', 17 * 86_400_000],
    ['100ms', 100],
    ['1m30s500ms', 90_500],
  ])('parses %s', (s, ms) => expect(parseDuration(s)).toBe(ms));

  it.each(['', '30m1h', '1.5h', '-1s', '1', 'h', '1hh', '5 m'])('rejects %j', (s) =>
    expect(() => parseDuration(s)).toThrow(/not a valid duration string/),
  );

  it('formats back in the same syntax', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(90_500)).toBe('1m30s500ms');
  });
});

describe('labels', () => {
  it('builds a canonical key independent of insertion order, dropping empty values', () => {
    expect(labelsKey({ b: '2', __name__: 'up', a: '1', c: '' })).toBe('up{a="1",b="2"}');
    expect(labelsKey({ a: '1', b: '2', __name__: 'up' })).toBe(labelsKey({ __name__: 'up', b: '2', a: '1' }));
  });
  it('escapes values', () => {
    expect(labelsKey({ a: 'x"y\\z\n' })).toBe('{a="x\\"y\\\\z\\n"}');
    expect(formatLabels({ job: 'a', __name__: 'up' })).toBe('{__name__="up", job="a"}');
  });
  it('drops the metric name', () => expect(withoutName({ __name__: 'x', a: '1' })).toEqual({ a: '1' }));
});

describe('matchers', () => {
  it('anchors regexes and treats missing labels as empty', () => {
    const ms = [compileMatcher({ name: 'job', type: '=~', value: 'api|web' }), compileMatcher({ name: 'env', type: '!=', value: 'prod' })];
    expect(matchesAll({ job: 'api' }, ms)).toBe(true);
    expect(matchesAll({ job: 'api2' }, ms)).toBe(false);
    expect(matchesAll({ job: 'web', env: 'prod' }, ms)).toBe(false);
    expect(matchesAll({}, [compileMatcher({ name: 'x', type: '=', value: '' })])).toBe(true);
    expect(matchesAll({ a: 'FOO' }, [compileMatcher({ name: 'a', type: '=~', value: '(?i)foo' })])).toBe(true);
    expect(matchesAll({ a: 'foo' }, [compileMatcher({ name: 'a', type: '!~', value: 'f.*' })])).toBe(false);
  });
});

describe('staleness marker', () => {
  it('survives plain arrays and is distinct from NaN', () => {
    const arr = [1.5];
    arr.push(STALE_NAN);
    expect(isStaleNaN(arr[1]!)).toBe(true);
    expect(isStaleNaN(NaN)).toBe(false);
    expect(isStaleNaN(0)).toBe(false);
    const f = new Float64Array(1);
    f[0] = STALE_NAN;
    expect(isStaleNaN(f[0]!)).toBe(true);
  });
});
