/**
 * cgroup-source: the CgroupSource the scrape manager uses, over the real cgroupfs and procfs. It
 * resolves a target's cgroup on every read (a pid changes when the service restarts), reads the
 * memory files and, when the cgroup came from a process, that process' /proc memory split too.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Labels } from '../model/labels.js';
import {
  cgroupSeries,
  detectCgroupLayout,
  discoverCgroups,
  nodeCgroupIo,
  procSeries,
  readCgroupMemory,
  readProcMemory,
  resolveTarget,
  type CgroupIo,
  type CgroupLayout,
} from './cgroup/index.js';
import type { CgroupCollection, CgroupSource } from './manager.js';
import type { CgroupSpec } from './target.js';

/** CgroupSourceOptions locate cgroupfs and procfs (both may be host mounts inside a container). */
export interface CgroupSourceOptions {
  readonly cgroupRoot: string;
  readonly procRoot: string;
  readonly discovery?: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  readonly io?: CgroupIo;
  /** mountinfo overrides the text of /proc/self/mountinfo (tests, unusual hosts). */
  readonly mountinfo?: string;
}

/** createCgroupSource detects the host's cgroup layout once and returns a reader over it. */
export async function createCgroupSource(opts: CgroupSourceOptions): Promise<CgroupSource & { layout: CgroupLayout }> {
  const io = opts.io ?? nodeCgroupIo;
  const mountinfo = opts.mountinfo ?? (await readFile(join('/proc', 'self', 'mountinfo'), 'utf8'));
  const layout = detectCgroupLayout(mountinfo, { cgroupRoot: opts.cgroupRoot });
  return {
    layout,
    async collect(spec: CgroupSpec, base: Labels): Promise<CgroupCollection> {
      const resolved = await resolveTarget(spec, io, layout, { procRoot: opts.procRoot });
      const labels = { ...base, id: resolved.path };
      const mem = await readCgroupMemory(io, layout, resolved.path);
      const series = [...cgroupSeries(mem, labels)];
      if (resolved.pid !== undefined) {
        try {
          const proc = await readProcMemory(io, opts.procRoot, resolved.pid);
          series.push(...procSeries(proc, base));
        } catch (err) {
          // the sole process of a path/unit target may exit between listing and reading; the
          // cgroup's own series still stand (a pid the spec named is an error, as before)
          if (!resolved.soleProcess) throw err;
        }
      }
      return { series, status: { path: resolved.path, version: resolved.version, health: 'up', lastError: '' } };
    },
    async discover() {
      if (!opts.discovery) return [];
      const found = await discoverCgroups(io, layout, opts.discovery);
      return found.map((d) => ({
        path: d.path,
        spec: { path: d.path },
        labels: { job: 'cgroup', name: d.name, kind: d.kind, ...(d.containerId ? { container_id: d.containerId } : {}), ...(d.podUid ? { pod_uid: d.podUid } : {}) },
      }));
    },
  };
}
