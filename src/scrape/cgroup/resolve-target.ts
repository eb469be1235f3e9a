/**
 * resolve-target: turns a user's cgroup target spec (a path, a pid, a pidfile or a systemd unit)
 * into the cgroup directory whose files we read.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import type { CgroupSpec } from '../../model/cgroup.js';
import type { CgroupIo } from './io.js';
import { cgroupDir, cgroupPathOf, resolvePidCgroup, type CgroupLayout } from './layout.js';

/** TargetSpec is one of the four ways a config names a cgroup (model/cgroup.ts). */
export type TargetSpec = CgroupSpec;

/**
 * ResolvedCgroup is a cgroup ready to read. `pid` is set when the spec named a process, or when the
 * cgroup (named by path or unit) holds exactly one process (`soleProcess`): that process' /proc memory
 * split is then the cgroup's, as docs/series.md promises.
 */
export interface ResolvedCgroup {
  readonly version: 1 | 2;
  readonly path: string;
  readonly dir: string;
  readonly pid?: number;
  /** soleProcess is true when `pid` came from cgroup.procs rather than from the spec. */
  readonly soleProcess?: boolean;
}

/** ResolveOptions tune resolveTarget. */
export interface ResolveOptions {
  /** procRoot defaults to /proc (set it to e.g. /host/proc in a container). */
  readonly procRoot?: string;
  /** maxDepth bounds the systemd unit search (default 8 levels below the root). */
  readonly maxDepth?: number;
}

/** resolveTarget resolves a spec and checks that the cgroup directory exists (CGROUP_NOT_FOUND otherwise). */
export async function resolveTarget(spec: TargetSpec, io: CgroupIo, layout: CgroupLayout, opts: ResolveOptions = {}): Promise<ResolvedCgroup> {
  const procRoot = opts.procRoot ?? '/proc';
  if ('path' in spec) {
    return withSoleProcess(io, await checked(io, layout, hierarchyPath(layout, normalizePath(spec.path)), undefined, `cgroup path ${spec.path}`));
  }
  if ('pid' in spec) return fromPid(io, layout, procRoot, spec.pid, `pid ${spec.pid}`);
  if ('pidfile' in spec) {
    const text = await io.readFile(spec.pidfile);
    if (text === undefined) throw new DaemonError(ErrorCode.CGROUP_NOT_FOUND, `pidfile ${spec.pidfile} does not exist (is the service running?)`);
    const trimmed = text.trim();
    if (!/^\d+$/.test(trimmed)) {
      throw new DaemonError(ErrorCode.CGROUP_PARSE, `pidfile ${spec.pidfile} must hold one process id, got ${JSON.stringify(trimmed.slice(0, 40))}`, {
        position: { file: spec.pidfile, line: 1, col: 1 },
      });
    }
    return fromPid(io, layout, procRoot, Number(trimmed), `pid ${trimmed} from ${spec.pidfile}`);
  }
  const unit = /\.(service|scope|slice|socket|mount)$/.test(spec.systemd_unit) ? spec.systemd_unit : `${spec.systemd_unit}.service`;
  const path = await findUnit(io, layout, unit, opts.maxDepth ?? 8);
  if (path === undefined) {
    throw new DaemonError(ErrorCode.CGROUP_NOT_FOUND, `systemd unit ${unit} has no cgroup under ${layout.memoryMount} (not running, or not under system.slice/user.slice)`);
  }
  return withSoleProcess(io, { version: layout.memoryVersion, path, dir: cgroupDir(layout, path) });
}

/**
 * withSoleProcess adds the pid of a cgroup's only process (cgroup.procs lists one pid). With several
 * processes (a shell and its children, sidecars) no single /proc split stands for the cgroup, so none
 * is read.
 */
async function withSoleProcess(io: CgroupIo, r: ResolvedCgroup): Promise<ResolvedCgroup> {
  const text = await io.readFile(`${r.dir}/cgroup.procs`);
  const pids = (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (pids.length !== 1 || !/^\d+$/.test(pids[0]!)) return r;
  return { ...r, pid: Number(pids[0]), soleProcess: true };
}

/**
 * hierarchyPath accepts a cgroup path in either form people write it: relative to the hierarchy
 * (`/system.slice/api.service`, as /proc/PID/cgroup shows it) or as the directory on disk
 * (`/sys/fs/cgroup/memory/system.slice/api.service`), which would otherwise be joined to the mount
 * a second time. A directory under the cgroup root but outside the memory hierarchy (another v1
 * controller) cannot be read for memory and says so.
 */
export function hierarchyPath(layout: CgroupLayout, path: string): string {
  const mount = layout.memoryMount.replace(/\/+$/, '');
  if (path === mount || path.startsWith(mount + '/')) return cgroupPathOf(layout, path);
  const root = layout.cgroupRoot.replace(/\/+$/, '');
  if (root !== '' && root !== '/' && (path === root || path.startsWith(root + '/'))) {
    throw new DaemonError(
      ErrorCode.CGROUP_NOT_FOUND,
      `cgroup path ${path} is a directory under ${root} but not in the memory hierarchy at ${mount}; write it as ${mount}/… or relative to the hierarchy (e.g. /system.slice/api.service)`,
    );
  }
  return path;
}

function normalizePath(p: string): string {
  const s = '/' + p.split('/').filter((x) => x !== '' && x !== '.').join('/');
  if (s.split('/').includes('..')) throw new DaemonError(ErrorCode.CONFIG_INVALID, `cgroup path ${p} must not contain ".."`);
  return s;
}

async function checked(io: CgroupIo, layout: CgroupLayout, path: string, pid: number | undefined, what: string): Promise<ResolvedCgroup> {
  const dir = cgroupDir(layout, path);
  if ((await io.listDirs(dir)) === undefined) throw new DaemonError(ErrorCode.CGROUP_NOT_FOUND, `${what}: cgroup directory ${dir} does not exist`);
  return pid === undefined ? { version: layout.memoryVersion, path, dir } : { version: layout.memoryVersion, path, dir, pid };
}

async function fromPid(io: CgroupIo, layout: CgroupLayout, procRoot: string, pid: number, what: string): Promise<ResolvedCgroup> {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new DaemonError(ErrorCode.CONFIG_INVALID, `${what}: a pid must be a positive integer`);
  const text = await io.readFile(`${procRoot}/${pid}/cgroup`);
  if (text === undefined) throw new DaemonError(ErrorCode.CGROUP_NOT_FOUND, `${what}: no such process (${procRoot}/${pid}/cgroup is missing)`);
  const { path } = resolvePidCgroup(text, layout);
  return checked(io, layout, path, pid, what);
}

/**
 * findUnit searches breadth-first, so system.slice/foo.service wins over a deeper user-manager unit
 * of the same name; top-level slices are visited system.slice first, then user.slice, then the rest.
 */
async function findUnit(io: CgroupIo, layout: CgroupLayout, unit: string, maxDepth: number): Promise<string | undefined> {
  const order = (names: string[]) => [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  let level: string[] = ['/'];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const path of level) {
      const children = await io.listDirs(cgroupDir(layout, path));
      for (const name of order(children ?? [])) {
        const child = path === '/' ? `/${name}` : `${path}/${name}`;
        if (name === unit) return child;
        next.push(child);
      }
    }
    level = next;
  }
  return undefined;
}

function rank(name: string): number {
  return name === 'system.slice' ? 0 : name === 'user.slice' ? 1 : 2;
}
