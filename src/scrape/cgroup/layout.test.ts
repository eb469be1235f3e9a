import { describe, expect, it } from 'vitest';
import { cgroupDir, cgroupPathOf, detectCgroupLayout, resolvePidCgroup } from './layout.js';
import { parseMountinfo } from './parse-mountinfo.js';
import { parseProcCgroup } from './parse-proc-cgroup.js';
import { expectDaemonError, fixture } from './fake.js';

const D = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('parseMountinfo', () => {
  it('splits fields around the optional-field separator and unescapes octal', () => {
    const m = parseMountinfo(fixture('mountinfo/v2-systemd.txt'));
    const cg = m.find((x) => x.fsType === 'cgroup2')!;
    expect(cg).toMatchObject({ mountPoint: '/sys/fs/cgroup', root: '/', source: 'cgroup2' });
    expect(cg.superOptions).toContain('nsdelegate');
    expect(m.find((x) => x.source === '/dev/sdb1')?.mountPoint).toBe('/mnt/my disk');
  });

  it('rejects a line without the separator or with a bad device number', () => {
    const e = expectDaemonError(() => parseMountinfo('22 1 259:2 / / rw shared:1 - ext4 /dev/x rw\n23 22 0:21 / /proc rw\n', '/proc/self/mountinfo'), 'CGROUP_PARSE');
    expect(e.position).toEqual({ file: '/proc/self/mountinfo', line: 2, col: 1 });
    expectDaemonError(() => parseMountinfo('22 1 major / / rw - ext4 /dev/x rw\n'), 'CGROUP_PARSE');
  });
});

describe('detectCgroupLayout', () => {
  it('finds the unified hierarchy on a v2 host', () => {
    expect(detectCgroupLayout(fixture('mountinfo/v2-systemd.txt'))).toEqual({
      mode: 'v2',
      cgroupRoot: '/sys/fs/cgroup',
      memoryVersion: 2,
      memoryMount: '/sys/fs/cgroup',
      memoryMountRoot: '/',
      unifiedMount: '/sys/fs/cgroup',
    });
  });

  it('finds the memory controller on a v1 host, ignoring joint and named hierarchies', () => {
    const l = detectCgroupLayout(fixture('mountinfo/v1-legacy.txt'));
    expect(l).toMatchObject({ mode: 'v1', memoryVersion: 1, memoryMount: '/sys/fs/cgroup/memory' });
    expect(l.unifiedMount).toBeUndefined();
  });

  it('prefers v1 memory on a hybrid host (the unified tree has no memory controller)', () => {
    for (const f of ['mountinfo/hybrid-systemd.txt', 'mountinfo/hybrid-this-machine.txt']) {
      expect(detectCgroupLayout(fixture(f))).toMatchObject({
        mode: 'hybrid',
        memoryVersion: 1,
        memoryMount: '/sys/fs/cgroup/memory',
        unifiedMount: '/sys/fs/cgroup/unified',
      });
    }
  });

  it('uses a configurable cgroupRoot for a host cgroupfs mounted into a container', () => {
    const text = fixture('mountinfo/container-host-cgroupfs-v2.txt');
    expect(detectCgroupLayout(text, { cgroupRoot: '/host/sys/fs/cgroup/' })).toMatchObject({
      mode: 'v2',
      cgroupRoot: '/host/sys/fs/cgroup',
      memoryMount: '/host/sys/fs/cgroup',
    });
    expect(detectCgroupLayout(text).memoryMount).toBe('/sys/fs/cgroup');
  });

  it('records the mount root of a container without a cgroup namespace', () => {
    const l = detectCgroupLayout(fixture('mountinfo/container-v1-no-cgroupns.txt'));
    expect(l.memoryMountRoot).toBe(`/docker/${D}`);
    expect(cgroupDir(l, `/docker/${D}`)).toBe('/sys/fs/cgroup/memory');
    expect(cgroupDir(l, `/docker/${D}/sub`)).toBe('/sys/fs/cgroup/memory/sub');
    expect(cgroupPathOf(l, '/sys/fs/cgroup/memory/sub')).toBe(`/docker/${D}/sub`);
  });

  it('fails with CGROUP_NOT_FOUND when nothing is mounted there', () => {
    const e = expectDaemonError(() => detectCgroupLayout(fixture('mountinfo/v2-systemd.txt'), { cgroupRoot: '/nowhere' }), 'CGROUP_NOT_FOUND');
    expect(e.message).toContain('/nowhere');
  });

  it('maps paths to directories and back', () => {
    const l = detectCgroupLayout(fixture('mountinfo/v2-systemd.txt'));
    expect(cgroupDir(l, '/')).toBe('/sys/fs/cgroup');
    expect(cgroupDir(l, '/system.slice/api.service')).toBe('/sys/fs/cgroup/system.slice/api.service');
    expect(cgroupPathOf(l, '/sys/fs/cgroup/system.slice/api.service')).toBe('/system.slice/api.service');
    expect(cgroupPathOf(l, '/sys/fs/cgroup')).toBe('/');
    expectDaemonError(() => cgroupPathOf(l, '/sys/fs/cgroupX/a'), 'INTERNAL');
  });
});

describe('parseProcCgroup / resolvePidCgroup', () => {
  const v1 = detectCgroupLayout(fixture('mountinfo/v1-legacy.txt'));
  const v2 = detectCgroupLayout(fixture('mountinfo/v2-systemd.txt'));
  const hybrid = detectCgroupLayout(fixture('mountinfo/hybrid-systemd.txt'));

  it('parses joint controllers, named hierarchies and the v2 line', () => {
    const e = parseProcCgroup(fixture('proc-cgroup/v1.txt'));
    expect(e.find((x) => x.controllers.includes('cpuacct'))?.controllers).toEqual(['cpu', 'cpuacct']);
    expect(e.find((x) => x.hierarchyId === 1)?.controllers).toEqual(['name=systemd']);
    expect(parseProcCgroup('0::/a:b\n')).toEqual([{ hierarchyId: 0, controllers: [], path: '/a:b' }]);
  });

  it('resolves v1, v2, hybrid and this machine', () => {
    expect(resolvePidCgroup(fixture('proc-cgroup/v1.txt'), v1)).toEqual({ version: 1, path: `/docker/${D}` });
    expect(resolvePidCgroup(fixture('proc-cgroup/v2.txt'), v2)).toEqual({ version: 2, path: '/system.slice/api.service' });
    expect(resolvePidCgroup(fixture('proc-cgroup/hybrid.txt'), hybrid)).toEqual({ version: 1, path: '/system.slice/api.service' });
    expect(resolvePidCgroup(fixture('proc-cgroup/hybrid-this-machine.txt'), hybrid).version).toBe(1);
    expect(resolvePidCgroup(fixture('proc-cgroup/v2-deleted.txt'), v2).path).toBe('/system.slice/gone.service');
  });

  it('fails when the needed line is absent', () => {
    expectDaemonError(() => resolvePidCgroup(fixture('proc-cgroup/v2.txt'), v1), 'CGROUP_NOT_FOUND');
    expectDaemonError(() => resolvePidCgroup(fixture('proc-cgroup/v1.txt'), v2), 'CGROUP_NOT_FOUND');
  });

  it('rejects malformed lines with file and line', () => {
    const e = expectDaemonError(() => parseProcCgroup('0::/ok\nbroken\n', '/proc/42/cgroup'), 'CGROUP_PARSE');
    expect(e.position).toEqual({ file: '/proc/42/cgroup', line: 2, col: 1 });
    expectDaemonError(() => parseProcCgroup('x:memory:/a\n'), 'CGROUP_PARSE');
    expect(expectDaemonError(() => parseProcCgroup('4:memory:relative\n'), 'CGROUP_PARSE').position?.col).toBe(10);
  });
});
