/**
 * go-process: finds the Go processes on this host from procfs. For each process it checks the
 * executable's build info (go-exe.ts, cached per binary), then for Go ones only: its name, the
 * listening TCP sockets it holds (its /proc/PID/fd socket inodes matched against /proc/net/tcp and
 * tcp6) and its cgroup from /proc/PID/cgroup, with the systemd unit or container it belongs to.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import { basename, join } from 'node:path';
import { classify } from '../cgroup/discover.js';
import { parseProcCgroup } from '../cgroup/parse-proc-cgroup.js';
import type { GoBuildInfo } from './go-buildinfo.js';
import type { GoExeCache } from './go-exe.js';
import { parseProcNetTcp, socketInode, type Listener } from './proc-net.js';

/** GoProcess is one running Go program as procfs shows it. */
export interface GoProcess {
  readonly pid: number;
  /** name is the executable's file name (comm is cut at 15 characters, so the exe link wins). */
  readonly name: string;
  readonly exe: string;
  readonly build: GoBuildInfo;
  /** listeners are its LISTEN sockets, sorted by port. */
  readonly listeners: readonly Listener[];
  /** cgroup is its memory cgroup path (the v1 memory line, else the v2 line); empty when unknown. */
  readonly cgroup: string;
  /** unit is the systemd service or scope it runs in, when there is one. */
  readonly unit?: string;
  /** container is the 12-character container id, when it runs in a container. */
  readonly container?: string;
  readonly containerId?: string;
}

/** ScanOptions locate procfs; the cache makes repeated scans cheap. */
export interface ScanOptions {
  readonly procRoot: string;
  readonly cache: GoExeCache;
  /** skipPids are processes never reported (the daemon itself). */
  readonly skipPids?: ReadonlySet<number>;
}

async function text(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** cgroupOf picks the memory cgroup from /proc/PID/cgroup text. */
export function cgroupOf(procCgroup: string): string {
  let entries;
  try {
    entries = parseProcCgroup(procCgroup);
  } catch {
    return '';
  }
  const v1 = entries.find((e) => e.hierarchyId !== 0 && e.controllers.includes('memory'));
  const v2 = entries.find((e) => e.hierarchyId === 0 && e.controllers.length === 0);
  const named = entries.find((e) => e.controllers.includes('name=systemd'));
  return (v1 ?? v2 ?? named)?.path ?? '';
}

/** ownerOf names the systemd unit and the container a cgroup path belongs to. */
export function ownerOf(path: string): { unit?: string; container?: string; containerId?: string } {
  const parts = path.split('/').filter((p) => p !== '');
  let unit: string | undefined;
  let container: string | undefined;
  let containerId: string | undefined;
  for (let i = 1; i <= parts.length; i++) {
    const prefix = '/' + parts.slice(0, i).join('/');
    const c = classify(prefix);
    if (c?.containerId) {
      container = c.name;
      containerId = c.containerId;
    } else if (/\.(service|scope)$/.test(parts[i - 1]!)) unit = parts[i - 1];
  }
  return { ...(unit ? { unit } : {}), ...(container ? { container, containerId } : {}) };
}

/** listenersOf reads the table of LISTEN sockets once per scan. */
async function listenersOf(procRoot: string): Promise<Map<number, Listener>> {
  const le = endianness() === 'LE';
  const all = [...parseProcNetTcp(await text(join(procRoot, 'net', 'tcp')), 4, le), ...parseProcNetTcp(await text(join(procRoot, 'net', 'tcp6')), 6, le)];
  return new Map(all.map((l) => [l.inode, l]));
}

async function socketsOf(procRoot: string, pid: number, listening: Map<number, Listener>): Promise<Listener[]> {
  const dir = join(procRoot, String(pid), 'fd');
  let fds: string[];
  try {
    fds = await readdir(dir);
  } catch {
    return [];
  }
  const out: Listener[] = [];
  for (const fd of fds) {
    const link = await readlink(join(dir, fd)).catch(() => '');
    const inode = socketInode(link);
    const l = inode === undefined ? undefined : listening.get(inode);
    if (l) out.push(l);
  }
  return out.sort((a, b) => a.port - b.port || a.family - b.family);
}

/** scanGoProcesses lists the Go processes under procRoot, by pid. */
export async function scanGoProcesses(opts: ScanOptions): Promise<GoProcess[]> {
  let entries: string[];
  try {
    entries = await readdir(opts.procRoot);
  } catch {
    return [];
  }
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number).filter((p) => !opts.skipPids?.has(p));
  const listening = await listenersOf(opts.procRoot);
  const out: GoProcess[] = [];
  for (const pid of pids.sort((a, b) => a - b)) {
    const base = join(opts.procRoot, String(pid));
    const build = await opts.cache.lookup(join(base, 'exe'));
    if (!build) continue;
    const exe = await readlink(join(base, 'exe')).catch(() => '');
    const name = basename(exe.replace(/ \(deleted\)$/, '')) || (await text(join(base, 'comm'))).trim();
    if (!name) continue;
    const cgroup = cgroupOf(await text(join(base, 'cgroup')));
    out.push({ pid, name, exe, build, listeners: await socketsOf(opts.procRoot, pid, listening), cgroup, ...ownerOf(cgroup) });
  }
  return out;
}
