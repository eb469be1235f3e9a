import { describe, expect, it } from 'vitest';
import { parseLimit, parseSingleValue } from './parse-single.js';
import { expectDaemonError, fixture } from './fake.js';

describe('parseSingleValue / parseLimit', () => {
  it('reads recorded v1 values', () => {
    expect(parseSingleValue(fixture('v1/anon-96mib/memory.usage_in_bytes'), 'u')).toBeGreaterThan(96 * 2 ** 20);
    expect(parseLimit(fixture('v1/anon-96mib/memory.limit_in_bytes'), 'l')).toBe(268435456);
  });

  it('treats v1 PAGE_COUNTER_MAX and v2 "max" as unlimited', () => {
    expect(parseLimit(fixture('v1/root-unlimited/memory.limit_in_bytes'), 'l')).toBeNull();
    expect(parseLimit('9223372036854771712\n', 'l')).toBeNull();
    expect(parseLimit('max\n', 'memory.max')).toBeNull();
    expect(parseLimit('536870912\n', 'memory.max')).toBe(536870912);
  });

  it('rejects garbage, empty files and extra lines', () => {
    expect(expectDaemonError(() => parseSingleValue('12kB\n', 'f'), 'CGROUP_PARSE').position).toEqual({ file: 'f', line: 1, col: 1 });
    expectDaemonError(() => parseSingleValue('', 'f'), 'CGROUP_PARSE');
    expect(expectDaemonError(() => parseSingleValue('1\n2\n', 'f'), 'CGROUP_PARSE').position?.line).toBe(2);
    expectDaemonError(() => parseLimit('unlimited\n', 'f'), 'CGROUP_PARSE');
  });
});
