/**
 * live: a real cgroup on this host. The test (run as root) creates a memory cgroup with a limit,
 * runs a real process in it that allocates step by step, then makes page cache with dd, and checks
 * that the reader sees rss and cache grow. It never skips: without cgroups it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { nodeCgroupIo } from './io.js';
import { detectCgroupLayout, cgroupDir, type CgroupLayout } from './layout.js';
import { readCgroupMemory } from './read.js';
import { cgroupSeries } from './series.js';
import { resolveTarget } from './resolve-target.js';
import { createCgroupSource } from '../cgroup-source.js';

const MIB = 2 ** 20;
const name = `/leaksleuth-live-${process.pid}-${Date.now()}`;
const cacheFile = `${tmpdir()}/leaksleuth-live-${process.pid}.bin`;
let layout: CgroupLayout;
let dir = '';
const children: ChildProcess[] = [];

/** inCgroup starts a shell that moves itself into the cgroup and then execs the command. */
function inCgroup(cmd: string): ChildProcess {
  const child = spawn('sh', ['-c', `echo $$ > "${dir}/cgroup.procs" && exec ${cmd}`], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

function value(series: ReturnType<typeof cgroupSeries>, n: string): number {
  const v = series.find((s) => s.labels['__name__'] === n)?.value;
  if (v === undefined) throw new Error(`series ${n} missing`);
  return v;
}

async function snapshot() {
  return cgroupSeries(await readCgroupMemory(nodeCgroupIo, layout, name), { job: 'live', instance: 'test' });
}

beforeAll(async () => {
  layout = detectCgroupLayout(await readFile('/proc/self/mountinfo', 'utf8'));
  dir = cgroupDir(layout, name);
  await mkdir(dir);
  await writeFile(`${dir}/${layout.memoryVersion === 1 ? 'memory.limit_in_bytes' : 'memory.max'}`, String(512 * MIB));
});

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await once(c, 'exit');
    }
  }
  await rm(cacheFile, { force: true });
  // A cgroup can only be removed once its last task has gone; exit is reaped slightly later.
  for (let i = 0; dir !== '' && i < 50; i++) {
    try {
      await rmdir(dir);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') break;
      if (code !== 'EBUSY' || i === 49) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

describe('live cgroup', () => {
  it('resolves a cgroup path written relative to the hierarchy or as the directory on disk to the same cgroup', async () => {
    const rel = await resolveTarget({ path: name }, nodeCgroupIo, layout);
    const abs = await resolveTarget({ path: dir }, nodeCgroupIo, layout);
    expect(abs).toEqual(rel);
    expect(abs.path).toBe(name);
    expect(abs.dir).toBe(dir);
    if (layout.memoryVersion === 1) {
      // Another v1 controller's directory cannot be read for memory: a clear error, not a doubled path.
      await expect(resolveTarget({ path: `${layout.cgroupRoot}/cpu${name}` }, nodeCgroupIo, layout)).rejects.toThrow(/not in the memory hierarchy at .*write it as/);
    }
  });

  it('sees the limit, and rss grow while a process allocates step by step', async () => {
    const before = await snapshot();
    expect(value(before, 'container_spec_memory_limit_bytes')).toBe(512 * MIB);
    expect(value(before, 'cgroup_memory_effective_limit_bytes')).toBe(512 * MIB);
    const script =
      "const held=[];process.stdin.setEncoding('utf8');let buf='';" +
      "process.stdin.on('data',d=>{buf+=d;while(buf.includes('\\n')){buf=buf.slice(buf.indexOf('\\n')+1);" +
      "held.push(Buffer.alloc(32*1024*1024,7));process.stdout.write('ok\\n');}});process.stdout.write('ready\\n');";
    const child = inCgroup(`${process.execPath} -e "${script}"`);
    const lines: string[] = [];
    let waiting: (() => void) | undefined;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      lines.push(...d.split('\n').filter((l) => l !== ''));
      waiting?.();
    });
    const nextLine = async (n: number) => {
      while (lines.length < n) await new Promise<void>((r) => (waiting = r));
    };
    await nextLine(1);
    const target = await resolveTarget({ pid: child.pid! }, nodeCgroupIo, layout);
    expect(target.path).toBe(name);
    // a path target whose cgroup holds this one process gets its /proc split too
    const byPath = await resolveTarget({ path: name }, nodeCgroupIo, layout);
    expect(byPath.pid).toBe(child.pid);
    expect(byPath.soleProcess).toBe(true);
    const source = await createCgroupSource({ cgroupRoot: '/sys/fs/cgroup', procRoot: '/proc' });
    const got = await source.collect({ path: name }, { job: 'live', instance: 'test' });
    const names = got.series.map((x) => x.labels['__name__']);
    expect(names).toContain('process_rss_anon_bytes');
    expect(names).toContain('process_lazyfree_bytes');
    const rss: number[] = [];
    const usage: number[] = [];
    for (let step = 1; step <= 3; step++) {
      child.stdin!.write('alloc\n');
      await nextLine(step + 1);
      const s = await snapshot();
      rss.push(value(s, 'container_memory_rss'));
      usage.push(value(s, 'container_memory_usage_bytes'));
    }
    expect(rss[0]!).toBeGreaterThan(32 * MIB);
    expect(rss[1]! - rss[0]!).toBeGreaterThan(28 * MIB);
    expect(rss[2]! - rss[1]!).toBeGreaterThan(28 * MIB);
    expect(usage[2]!).toBeGreaterThan(usage[0]! + 56 * MIB);
    child.kill('SIGKILL');
    await once(child, 'exit');
    // two processes: no single /proc split stands for the cgroup
    const a = inCgroup('sleep 30');
    const b = inCgroup('sleep 30');
    await new Promise((r) => setTimeout(r, 200));
    expect((await resolveTarget({ path: name }, nodeCgroupIo, layout)).pid).toBeUndefined();
    a.kill('SIGKILL');
    b.kill('SIGKILL');
    await Promise.all([once(a, 'exit'), once(b, 'exit')]);
  });

  it('sees page cache grow when dd writes a file from inside the cgroup', async () => {
    const cacheBefore = value(await snapshot(), 'container_memory_cache');
    const dd = inCgroup(`dd if=/dev/zero of=${cacheFile} bs=1M count=48 status=none`);
    const [code] = (await once(dd, 'exit')) as [number | null];
    expect(code).toBe(0);
    const after = await snapshot();
    expect(value(after, 'container_memory_cache') - cacheBefore).toBeGreaterThan(40 * MIB);
    expect(value(after, 'container_memory_usage_bytes')).toBeGreaterThan(40 * MIB);
    expect(value(after, 'container_memory_working_set_bytes')).toBeLessThanOrEqual(value(after, 'container_memory_usage_bytes'));
  });
});
