import { describe, expect, it } from 'vitest';
import { labelRecord } from './label-record.js';

describe('labelRecord', () => {
  it('builds a frozen record with the names in order and the values given', () => {
    const l = labelRecord(['__name__', 'code', 'handler', 'instance', 'job', 'shard'], ['m', '200', '/a', 'h:1', 'j', '7']);
    expect(Object.isFrozen(l)).toBe(true);
    expect(Object.entries(l)).toEqual([['__name__', 'm'], ['code', '200'], ['handler', '/a'], ['instance', 'h:1'], ['job', 'j'], ['shard', '7']]);
    // The same shape twice: a second object, equal, independent.
    const m = labelRecord(['__name__', 'code', 'handler', 'instance', 'job', 'shard'], ['n', '500', '/b', 'h:2', 'k', '8']);
    expect(m).toEqual({ __name__: 'n', code: '500', handler: '/b', instance: 'h:2', job: 'k', shard: '8' });
  });

  it('never compiles a name that is not an identifier into code', () => {
    const hostile = 'a"]; globalThis.pwned = 1; //';
    const l = labelRecord([hostile, 'b'], ['1', '2']);
    expect(l).toEqual({ [hostile]: '1', b: '2' });
    expect((globalThis as Record<string, unknown>)['pwned']).toBeUndefined();
  });

  it('handles the empty label set and values with quotes and newlines', () => {
    expect(labelRecord([], [])).toEqual({});
    expect(labelRecord(['v'], ['"\n\\'])).toEqual({ v: '"\n\\' });
  });
});
