/**
 * cgroup: creates and removes real cgroup v1 memory groups for tests (root only).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** V1_MEMORY_ROOT is where this machine mounts the v1 memory controller. */
export const V1_MEMORY_ROOT = '/sys/fs/cgroup/memory';

/** TestCgroup is a real memory cgroup owned by one test. */
export interface TestCgroup {
  /** path is relative to the hierarchy root, as /proc/PID/cgroup shows it. */
  readonly path: string;
  readonly dir: string;
  add(pid: number): void;
  remove(): void;
}

/** createTestCgroup makes /sys/fs/cgroup/memory/<name> with an optional limit. */
export function createTestCgroup(name: string, limitBytes?: number): TestCgroup {
  if (!existsSync(join(V1_MEMORY_ROOT, 'memory.usage_in_bytes'))) {
    throw new Error(`cgroup v1 memory controller not mounted at ${V1_MEMORY_ROOT}`);
  }
  const dir = join(V1_MEMORY_ROOT, name);
  mkdirSync(dir, { recursive: true });
  if (limitBytes) writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
  return {
    path: '/' + name,
    dir,
    add: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)),
    remove: () => {
      // Move any leftover tasks to the parent so rmdir succeeds even after a failed test.
      try {
        const left = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
        for (const pid of left) writeFileSync(join(V1_MEMORY_ROOT, 'cgroup.procs'), pid);
        rmdirSync(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    },
  };
}
