/**
 * layout: where the memory controller lives on this host. Hosts run cgroup v1 (one hierarchy per
 * controller under /sys/fs/cgroup/<controller>), v2 (one unified hierarchy at /sys/fs/cgroup) or
 * systemd's hybrid mode (v1 controllers plus a controller-less v2 tree at /sys/fs/cgroup/unified).
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { parseMountinfo, type MountEntry } from './parse-mountinfo.js';
import { parseProcCgroup } from './parse-proc-cgroup.js';

/** DEFAULT_CGROUP_ROOT is where distributions mount cgroupfs. */
export const DEFAULT_CGROUP_ROOT = '/sys/fs/cgroup';

/** CgroupLayout says which hierarchy carries the memory controller and where it is mounted. */
export interface CgroupLayout {
  readonly mode: 'v1' | 'v2' | 'hybrid';
  /** cgroupRoot is the directory searched for cgroup mounts (the host's cgroupfs may live elsewhere in a container). */
  readonly cgroupRoot: string;
  /** memoryVersion is the version of the hierarchy whose files we read (1 on v1 and hybrid hosts). */
  readonly memoryVersion: 1 | 2;
  /** memoryMount is the absolute directory of that hierarchy's mount. */
  readonly memoryMount: string;
  /**
   * memoryMountRoot is the cgroup path that is mounted at memoryMount: `/` normally, `/docker/<id>`
   * inside a container without a cgroup namespace. /proc/PID/cgroup paths are translated through it.
   */
  readonly memoryMountRoot: string;
  /** unifiedMount is the v2 mount when there is one (the hybrid tree carries no memory files). */
  readonly unifiedMount?: string;
}

/** DetectOptions configure detectCgroupLayout. */
export interface DetectOptions {
  /** cgroupRoot defaults to /sys/fs/cgroup; set it to e.g. /host/sys/fs/cgroup for a read-only host mount. */
  readonly cgroupRoot?: string;
}

function under(root: string, p: string): boolean {
  return p === root || p.startsWith(root === '/' ? '/' : root + '/');
}

/** lastAt picks the last matching mount: a later mountinfo line is mounted over earlier ones. */
function lastAt(mounts: readonly MountEntry[], pred: (m: MountEntry) => boolean): MountEntry | undefined {
  let found: MountEntry | undefined;
  for (const m of mounts) if (pred(m)) found = m;
  return found;
}

/** detectCgroupLayout reads /proc/self/mountinfo text and finds the memory hierarchy under cgroupRoot. */
export function detectCgroupLayout(mountinfoText: string, opts: DetectOptions = {}): CgroupLayout {
  const cgroupRoot = trimSlash(opts.cgroupRoot ?? DEFAULT_CGROUP_ROOT);
  const mounts = parseMountinfo(mountinfoText).filter((m) => under(cgroupRoot, m.mountPoint));
  const v1 = mounts.filter((m) => m.fsType === 'cgroup');
  const v2 = lastAt(mounts, (m) => m.fsType === 'cgroup2');
  const mem = lastAt(v1, (m) => m.superOptions.includes('memory'));
  const mode = v1.length === 0 ? 'v2' : v2 ? 'hybrid' : 'v1';
  const unified = v2 ? { unifiedMount: v2.mountPoint } : {};
  if (mem) {
    return { mode, cgroupRoot, memoryVersion: 1, memoryMount: mem.mountPoint, memoryMountRoot: mem.root, ...unified };
  }
  if (v2 && v1.length === 0) {
    return { mode, cgroupRoot, memoryVersion: 2, memoryMount: v2.mountPoint, memoryMountRoot: v2.root, ...unified };
  }
  throw new DaemonError(
    ErrorCode.CGROUP_NOT_FOUND,
    v2
      ? `no cgroup v1 memory controller is mounted under ${cgroupRoot}, and the v2 tree at ${v2.mountPoint} sits beside v1 hierarchies so it carries no memory controller`
      : `no cgroup filesystem is mounted under ${cgroupRoot}; mount cgroupfs there or set cgroupRoot to where the host's /sys/fs/cgroup is mounted`,
  );
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.replace(/\/+$/, '') : p;
}

/** cgroupDir maps a cgroup path (as /proc/PID/cgroup shows it) to its directory in the memory hierarchy. */
export function cgroupDir(layout: CgroupLayout, path: string): string {
  let rel = path;
  const root = layout.memoryMountRoot;
  if (root !== '/' && (rel === root || rel.startsWith(root + '/'))) rel = rel.slice(root.length);
  rel = rel.replace(/^\/+/, '').replace(/\/+$/, '');
  return rel === '' ? layout.memoryMount : `${layout.memoryMount}/${rel}`;
}

/** cgroupPathOf is the inverse of cgroupDir: the cgroup path of a directory inside the memory hierarchy. */
export function cgroupPathOf(layout: CgroupLayout, dir: string): string {
  if (!under(layout.memoryMount, dir)) {
    throw new DaemonError(ErrorCode.INTERNAL, `${dir} is not inside the memory hierarchy at ${layout.memoryMount}`);
  }
  const rel = dir.slice(layout.memoryMount.length).replace(/\/+$/, '');
  const root = layout.memoryMountRoot === '/' ? '' : layout.memoryMountRoot;
  return root + rel || '/';
}

/**
 * resolvePidCgroup finds a process's memory cgroup in /proc/PID/cgroup text: the v1 line whose
 * controller list includes `memory` on v1/hybrid hosts, the `0::` line on v2 hosts.
 */
export function resolvePidCgroup(procCgroupText: string, layout: CgroupLayout): { version: 1 | 2; path: string } {
  const entries = parseProcCgroup(procCgroupText);
  if (layout.memoryVersion === 1) {
    const e = entries.find((x) => x.hierarchyId !== 0 && x.controllers.includes('memory'));
    if (e) return { version: 1, path: e.path };
    throw new DaemonError(
      ErrorCode.CGROUP_NOT_FOUND,
      'the process has no cgroup v1 memory line in /proc/PID/cgroup (rootless podman on v1 gets no memory cgroup)',
    );
  }
  const e = entries.find((x) => x.hierarchyId === 0 && x.controllers.length === 0);
  if (e) return { version: 2, path: e.path };
  throw new DaemonError(ErrorCode.CGROUP_NOT_FOUND, 'the process has no cgroup v2 "0::" line in /proc/PID/cgroup');
}
