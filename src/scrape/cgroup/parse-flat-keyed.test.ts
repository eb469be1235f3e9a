import { describe, expect, it } from 'vitest';
import { parseFlatKeyed } from './parse-flat-keyed.js';
import { expectDaemonError, fixture } from './fake.js';

describe('parseFlatKeyed', () => {
  it('reads a real v1 memory.stat with both local and total_ keys', () => {
    const s = parseFlatKeyed(fixture('v1/anon-96mib/memory.stat'), 'memory.stat');
    expect(s['total_rss']).toBeGreaterThan(96 * 2 ** 20);
    expect(s['inactive_file']).toBeTypeOf('number');
    expect(s['total_inactive_file']).toBeTypeOf('number');
    expect(s['hierarchical_memory_limit']).toBe(268435456);
  });

  it('reads a v2 memory.stat and keeps file order', () => {
    const s = parseFlatKeyed(fixture('v2/systemd-host/system.slice/api.service/memory.stat'), 'memory.stat');
    expect(Object.keys(s).slice(0, 3)).toEqual(['anon', 'file', 'kernel']);
    expect(s['anon']).toBe(180 * 2 ** 20);
    expect(s['pglazyfree']).toBe(2048);
  });

  it('reads memory.events and v1 memory.oom_control', () => {
    expect(parseFlatKeyed(fixture('v2/systemd-host/system.slice/api.service/memory.events'), 'memory.events')).toEqual({
      low: 0,
      high: 0,
      max: 3,
      oom: 1,
      oom_kill: 1,
      oom_group_kill: 0,
    });
    expect(parseFlatKeyed(fixture('v1/anon-96mib/memory.oom_control'), 'memory.oom_control')).toEqual({
      oom_kill_disable: 0,
      under_oom: 0,
      oom_kill: 0,
    });
  });

  it('accepts an empty file, blank lines and a huge u64 value', () => {
    expect(parseFlatKeyed('', 'x')).toEqual({});
    expect(parseFlatKeyed('a 1\n\nb 18446744073709551615\n', 'x')).toEqual({ a: 1, b: 2 ** 64 });
  });

  it('rejects a line with one field, naming file and line', () => {
    const e = expectDaemonError(() => parseFlatKeyed('anon 1\nfile\n', '/cg/memory.stat'), 'CGROUP_PARSE');
    expect(e.position).toEqual({ file: '/cg/memory.stat', line: 2, col: 1 });
    expect(e.located()).toMatch(/^\/cg\/memory\.stat:2:1: /);
  });

  it('rejects a non-integer value with its column', () => {
    const e = expectDaemonError(() => parseFlatKeyed('anon 1\nfile 12x\n', 'memory.stat'), 'CGROUP_PARSE');
    expect(e.position).toEqual({ file: 'memory.stat', line: 2, col: 6 });
  });

  it('rejects three fields and duplicate keys', () => {
    expectDaemonError(() => parseFlatKeyed('a 1 2\n', 'x'), 'CGROUP_PARSE');
    const e = expectDaemonError(() => parseFlatKeyed('a 1\na 2\n', 'x'), 'CGROUP_PARSE');
    expect(e.message).toContain('duplicate');
  });
});
