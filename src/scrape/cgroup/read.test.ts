import { describe, expect, it } from 'vitest';
import { ancestorsOf, readCgroupMemory } from './read.js';
import { nodeCgroupIo } from './io.js';
import type { CgroupLayout } from './layout.js';
import { cgroupSeries } from './series.js';
import { FIXTURES, memoryCgroupIo, rejectsDaemonError } from './fake.js';

const v2: CgroupLayout = { mode: 'v2', cgroupRoot: FIXTURES, memoryVersion: 2, memoryMount: `${FIXTURES}/v2/systemd-host`, memoryMountRoot: '/' };
const v1: CgroupLayout = { mode: 'v1', cgroupRoot: FIXTURES, memoryVersion: 1, memoryMount: `${FIXTURES}/v1`, memoryMountRoot: '/' };

describe('readCgroupMemory on fixture trees', () => {
  it('reads a v2 service with every file and walks ancestors for the effective limit', async () => {
    const m = await readCgroupMemory(nodeCgroupIo, v2, '/system.slice/api.service');
    expect(m).toMatchObject({ version: 2, path: '/system.slice/api.service', limitBytes: 536870912, highBytes: null, swapBytes: 0, missing: [] });
    expect(m.usageBytes).toBe((180 + 120 + 12) * 2 ** 20);
    expect(m.maxUsageBytes).toBe(400 * 2 ** 20);
    expect(m.events?.['oom_kill']).toBe(1);
    expect(m.pressure?.some?.totalMicros).toBe(1843210);
    expect(m.effectiveLimitBytes).toBe(536870912);
  });

  it('takes the parent slice limit when the service itself is unlimited', async () => {
    const m = await readCgroupMemory(nodeCgroupIo, v2, '/system.slice/worker.service');
    expect(m.limitBytes).toBeNull();
    expect(m.effectiveLimitBytes).toBe(2147483648);
    expect(m.missing).toEqual(['memory.peak', 'memory.swap.current']);
    const s = cgroupSeries(m, { job: 'cgroup', name: 'worker.service' });
    expect(s.find((x) => x.labels['__name__'] === 'container_memory_max_usage_bytes')).toBeUndefined();
    expect(s.find((x) => x.labels['__name__'] === 'container_spec_memory_limit_bytes')?.value).toBe(0);
    expect(s.find((x) => x.labels['__name__'] === 'cgroup_memory_effective_limit_bytes')?.value).toBe(2147483648);
  });

  it('reports unlimited when no ancestor has a limit, and reads the root cgroup from memory.stat alone', async () => {
    const user = await readCgroupMemory(nodeCgroupIo, v2, '/user.slice/user-1000.slice');
    expect(user.effectiveLimitBytes).toBeNull();
    const root = await readCgroupMemory(nodeCgroupIo, v2, '/');
    expect(root.usageBytes).toBeUndefined();
    expect(root.stat?.['anon']).toBe(900 * 2 ** 20);
    expect(root.missing).toContain('memory.current');
  });

  it('reads recorded v1 files: anon growth and page cache', async () => {
    const anon = await readCgroupMemory(nodeCgroupIo, v1, '/anon-96mib');
    expect(anon.limitBytes).toBe(268435456);
    expect(anon.effectiveLimitBytes).toBe(268435456);
    expect(anon.stat?.['total_rss']).toBeGreaterThan(96 * 2 ** 20);
    expect(anon.oomControl?.['oom_kill']).toBe(0);
    expect(anon.missing).toEqual(['memory.pressure']);
    const cache = await readCgroupMemory(nodeCgroupIo, v1, '/page-cache-64mib');
    const s = cgroupSeries(cache, {});
    const get = (n: string) => s.find((x) => x.labels['__name__'] === n)?.value;
    expect(get('container_memory_cache')).toBeGreaterThanOrEqual(64 * 2 ** 20);
    // Read-once file pages sit on the inactive list, so the working set stays small.
    expect(get('container_memory_working_set_bytes')!).toBeLessThan(get('container_memory_usage_bytes')! - 60 * 2 ** 20);
    const root = await readCgroupMemory(nodeCgroupIo, v1, '/root-unlimited');
    expect(root.limitBytes).toBeNull();
    expect(root.effectiveLimitBytes).toBeNull();
  });

  it('throws CGROUP_NOT_FOUND for a cgroup that does not exist', async () => {
    const e = await rejectsDaemonError(readCgroupMemory(nodeCgroupIo, v2, '/system.slice/nope.service'), 'CGROUP_NOT_FOUND');
    expect(e.message).toContain('nope.service');
  });

  it('surfaces a malformed file as CGROUP_PARSE with its full path', async () => {
    const io = memoryCgroupIo({ '/cg/a/memory.current': '12\n', '/cg/a/memory.stat': 'anon twelve\n' });
    const layout: CgroupLayout = { ...v2, memoryMount: '/cg' };
    const e = await rejectsDaemonError(readCgroupMemory(io, layout, '/a'), 'CGROUP_PARSE');
    expect(e.position).toEqual({ file: '/cg/a/memory.stat', line: 1, col: 6 });
  });

  it('turns read errors other than ENOENT into CGROUP_READ', async () => {
    const e = await rejectsDaemonError(nodeCgroupIo.readFile(FIXTURES), 'CGROUP_READ');
    expect(e.message).toContain('EISDIR');
    await rejectsDaemonError(nodeCgroupIo.listDirs(`${FIXTURES}/v1/anon-96mib/memory.stat`), 'CGROUP_READ');
    expect(await nodeCgroupIo.readFile(`${FIXTURES}/nope`)).toBeUndefined();
    expect(await nodeCgroupIo.listDirs(`${FIXTURES}/nope`)).toBeUndefined();
  });
});

describe('ancestorsOf', () => {
  it('lists ancestors nearest first, stopping at the mount root', () => {
    expect(ancestorsOf('/a/b/c')).toEqual(['/a/b', '/a']);
    expect(ancestorsOf('/a')).toEqual([]);
    expect(ancestorsOf('/docker/x/sub/leaf', '/docker/x')).toEqual(['/docker/x/sub']);
  });
});
