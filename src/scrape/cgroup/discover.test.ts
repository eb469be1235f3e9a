import { describe, expect, it } from 'vitest';
import { classify, discoverCgroups } from './discover.js';
import { globToRegExp } from './glob.js';
import { nodeCgroupIo } from './io.js';
import type { CgroupLayout } from './layout.js';
import { resolveTarget } from './resolve-target.js';
import { FIXTURES, memoryCgroupIo, rejectsDaemonError } from './fake.js';

const D = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const P = 'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210';
const K = 'aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999';
const UID = '5f3c8a2e-1b4d-4c6e-9f7a-2d8b0c1e3f45';
const v2: CgroupLayout = { mode: 'v2', cgroupRoot: FIXTURES, memoryVersion: 2, memoryMount: `${FIXTURES}/v2/systemd-host`, memoryMountRoot: '/' };
const v1: CgroupLayout = { mode: 'v1', cgroupRoot: FIXTURES, memoryVersion: 1, memoryMount: `${FIXTURES}/v1/cgroupfs-tree`, memoryMountRoot: '/' };

describe('globToRegExp', () => {
  it('keeps * inside one path component and lets ** cross components', () => {
    expect(globToRegExp('/system.slice/*.service').test('/system.slice/api.service')).toBe(true);
    expect(globToRegExp('/system.slice/*.service').test('/system.slice/x/api.service')).toBe(false);
    expect(globToRegExp('/kubepods.slice/**').test('/kubepods.slice/a/b')).toBe(true);
    expect(globToRegExp('api?.service').test('api1.service')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});

describe('discoverCgroups on a v2 systemd host', () => {
  it('finds services, docker, podman and CRI containers with friendly names', async () => {
    const found = await discoverCgroups(nodeCgroupIo, v2, { include: [], exclude: [] });
    const byPath = new Map(found.map((f) => [f.path, f]));
    expect(byPath.get('/system.slice/api.service')).toMatchObject({ kind: 'systemd', name: 'api.service' });
    expect(byPath.get(`/system.slice/docker-${D}.scope`)).toMatchObject({ kind: 'docker', name: D.slice(0, 12), containerId: D });
    expect(byPath.get(`/machine.slice/libpod-${P}.scope`)).toMatchObject({ kind: 'podman', name: P.slice(0, 12) });
    const pod = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice`;
    expect(byPath.get(`${pod}/cri-containerd-${K}.scope`)).toMatchObject({ kind: 'containerd', podUid: UID });
    expect(byPath.get('/user.slice/user-1000.slice/user@1000.service/app.slice/notes.service')?.kind).toBe('systemd');
    expect(found.some((f) => f.path.includes('libpod-conmon'))).toBe(false);
    expect(found.some((f) => f.path.endsWith('/container'))).toBe(false);
    expect(byPath.get('/system.slice/api.service')?.dir).toBe(`${FIXTURES}/v2/systemd-host/system.slice/api.service`);
  });

  it('applies include and exclude on path or name', async () => {
    const services = await discoverCgroups(nodeCgroupIo, v2, { include: ['/system.slice/*.service'], exclude: ['systemd-*', 'docker.service'] });
    expect(services.map((f) => f.name).sort()).toEqual(['api.service', 'containerd.service', 'worker.service']);
    const byName = await discoverCgroups(nodeCgroupIo, v2, { include: [D.slice(0, 12)], exclude: [] });
    expect(byName.map((f) => f.kind).sort()).toEqual(['containerd', 'docker']);
  });

  it('stops at maxDepth', async () => {
    const shallow = await discoverCgroups(nodeCgroupIo, v2, { include: [], exclude: [], maxDepth: 2 });
    expect(shallow.some((f) => f.path.startsWith('/user.slice'))).toBe(false);
    expect(shallow.some((f) => f.path === '/system.slice/api.service')).toBe(true);
  });
});

describe('discoverCgroups on a v1 cgroupfs-driver host', () => {
  it('finds /docker/<id>, kubelet pod containers and services', async () => {
    const found = await discoverCgroups(nodeCgroupIo, v1, { include: [], exclude: [] });
    expect(found.map((f) => [f.path, f.kind])).toEqual([
      [`/docker/${D}`, 'docker'],
      ['/system.slice/cron.service', 'systemd'],
      [`/kubepods/burstable/pod${UID}/${K}`, 'kubepods'],
    ]);
    expect(found[2]!.podUid).toBe(UID);
  });

  it('classifies podman cgroupfs and CRI-O names too', () => {
    expect(classify(`/libpod_parent/libpod-${P}`)?.kind).toBe('podman');
    expect(classify(`/kubepods.slice/x/crio-${K}.scope`)?.kind).toBe('crio');
    expect(classify(`/machine.slice/libpod-conmon-${P}.scope`)).toBeUndefined();
    expect(classify(`/${D}`)).toBeUndefined();
  });
});

describe('resolveTarget', () => {
  it('resolves a path and rejects a missing one', async () => {
    expect(await resolveTarget({ path: 'system.slice/api.service/' }, nodeCgroupIo, v2)).toEqual({
      version: 2,
      path: '/system.slice/api.service',
      dir: `${FIXTURES}/v2/systemd-host/system.slice/api.service`,
    });
    await rejectsDaemonError(resolveTarget({ path: '/system.slice/none.service' }, nodeCgroupIo, v2), 'CGROUP_NOT_FOUND');
    await rejectsDaemonError(resolveTarget({ path: '/system.slice/../etc' }, nodeCgroupIo, v2), 'CONFIG_INVALID');
  });

  it('finds a systemd unit, preferring system.slice and adding .service', async () => {
    expect((await resolveTarget({ systemd_unit: 'api' }, nodeCgroupIo, v2)).path).toBe('/system.slice/api.service');
    expect((await resolveTarget({ systemd_unit: 'notes.service' }, nodeCgroupIo, v2)).path).toBe('/user.slice/user-1000.slice/user@1000.service/app.slice/notes.service');
    await rejectsDaemonError(resolveTarget({ systemd_unit: 'notes' }, nodeCgroupIo, v2, { maxDepth: 3 }), 'CGROUP_NOT_FOUND');
  });

  it('resolves a pid and a pidfile through /proc/PID/cgroup', async () => {
    const io = memoryCgroupIo({
      '/proc/42/cgroup': '0::/system.slice/api.service\n',
      '/run/api.pid': '42\n',
      '/run/bad.pid': 'hello\n',
      '/cg/system.slice/api.service/memory.current': '1\n',
    });
    const layout: CgroupLayout = { ...v2, memoryMount: '/cg' };
    expect(await resolveTarget({ pid: 42 }, io, layout)).toEqual({ version: 2, path: '/system.slice/api.service', dir: '/cg/system.slice/api.service', pid: 42 });
    expect((await resolveTarget({ pidfile: '/run/api.pid' }, io, layout)).pid).toBe(42);
    await rejectsDaemonError(resolveTarget({ pid: 43 }, io, layout), 'CGROUP_NOT_FOUND');
    await rejectsDaemonError(resolveTarget({ pid: -1 }, io, layout), 'CONFIG_INVALID');
    await rejectsDaemonError(resolveTarget({ pidfile: '/run/none.pid' }, io, layout), 'CGROUP_NOT_FOUND');
    expect((await rejectsDaemonError(resolveTarget({ pidfile: '/run/bad.pid' }, io, layout), 'CGROUP_PARSE')).position?.file).toBe('/run/bad.pid');
  });

  it('resolves this very process on the real host', async () => {
    const { detectCgroupLayout } = await import('./layout.js');
    const { readFile } = await import('node:fs/promises');
    const layout = detectCgroupLayout(await readFile('/proc/self/mountinfo', 'utf8'));
    const r = await resolveTarget({ pid: process.pid }, nodeCgroupIo, layout);
    expect(r.pid).toBe(process.pid);
    expect(r.dir.startsWith(layout.memoryMount)).toBe(true);
  });
});
