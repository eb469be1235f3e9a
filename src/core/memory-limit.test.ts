import { describe, expect, it } from 'vitest';
import { autoMemoryBudget, memoryLimitOf, ownCgroupPaths, parseLimit } from './memory-limit.js';

describe('memory limit of the daemon itself', () => {
  it('reads the v1 memory and v2 paths from /proc/self/cgroup', () => {
    const v1 = '12:pids:/system.slice/x.service\n4:memory:/system.slice/x.service\n1:name=systemd:/system.slice/x.service\n0::/system.slice/x.service\n';
    expect(ownCgroupPaths(v1)).toEqual({ v1memory: '/system.slice/x.service', v2: '/system.slice/x.service' });
    expect(ownCgroupPaths('0::/kubepods/pod1/c1\n')).toEqual({ v2: '/kubepods/pod1/c1' });
    expect(ownCgroupPaths('5:cpu,memory:/a\n')).toEqual({ v1memory: '/a' });
  });

  it('treats max and the v1 unlimited value as no limit', () => {
    expect(parseLimit('max\n')).toBeUndefined();
    expect(parseLimit('9223372036854771712\n')).toBeUndefined();
    expect(parseLimit('536870912\n')).toBe(536870912);
    expect(parseLimit('garbage')).toBeUndefined();
  });

  it('takes the tightest limit over the cgroup and its ancestors', () => {
    const files: Record<string, string> = {
      '/proc/self/cgroup': '0::/system.slice/app.service\n',
      '/sys/fs/cgroup/system.slice/app.service/memory.max': 'max\n',
      '/sys/fs/cgroup/system.slice/memory.max': '1073741824\n',
    };
    expect(memoryLimitOf('/sys/fs/cgroup', '/proc', (p) => files[p])).toBe(1073741824);
    files['/sys/fs/cgroup/system.slice/app.service/memory.max'] = '268435456\n';
    expect(memoryLimitOf('/sys/fs/cgroup', '/proc', (p) => files[p])).toBe(268435456);
    expect(memoryLimitOf('/sys/fs/cgroup', '/proc', () => undefined)).toBeUndefined();
  });

  it('auto budget: 80 % of the limit, a quarter of the host without one', () => {
    expect(autoMemoryBudget(1000, 1e9)).toBe(800);
    expect(autoMemoryBudget(undefined, 1000)).toBe(250);
  });
});
