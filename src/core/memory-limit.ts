/**
 * memory-limit: the memory limit the daemon itself runs under, for `storage.memory_budget: auto`.
 * A container or a systemd unit with MemoryMax= puts the daemon in a cgroup with a limit; past it
 * the kernel's OOM killer ends the process, losing alerts in flight. Knowing the limit lets the
 * daemon refuse new series well before that. Reading is split from parsing so the parsing is pure.
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';

/** CGROUP_V1_UNLIMITED is what memory.limit_in_bytes reads without a limit (LONG_MAX rounded to pages). */
const V1_UNLIMITED_FLOOR = 2 ** 60;

/** ownCgroupPaths reads /proc/self/cgroup text: the v2 path (`0::/x`) and the v1 memory path, if any. */
export function ownCgroupPaths(procSelfCgroup: string): { v2?: string; v1memory?: string } {
  const out: { v2?: string; v1memory?: string } = {};
  for (const line of procSelfCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') out.v2 = m[3]!;
    else if (m[2]!.split(',').includes('memory')) out.v1memory = m[3]!;
  }
  return out;
}

/** parseLimit reads memory.max (v2: a number or `max`) or memory.limit_in_bytes (v1); undefined = no limit. */
export function parseLimit(text: string): number | undefined {
  const t = text.trim();
  if (t === 'max' || !/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 && n < V1_UNLIMITED_FLOOR ? n : undefined;
}

/** FileReader returns a file's text or undefined when it cannot be read. */
export type FileReader = (path: string) => string | undefined;

const readOrUndefined: FileReader = (p) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * memoryLimitOf finds the tightest memory limit over the daemon's cgroup and its ancestors (a limit
 * on a parent slice binds the children too), or undefined when none is set or nothing is readable.
 */
export function memoryLimitOf(cgroupRoot = '/sys/fs/cgroup', procRoot = '/proc', read: FileReader = readOrUndefined): number | undefined {
  const self = read(join(procRoot, 'self/cgroup'));
  if (self === undefined) return undefined;
  const paths = ownCgroupPaths(self);
  const candidates: Array<[string, string, string]> = [];
  if (paths.v1memory !== undefined) candidates.push([join(cgroupRoot, 'memory'), paths.v1memory, 'memory.limit_in_bytes']);
  if (paths.v2 !== undefined) candidates.push([cgroupRoot, paths.v2, 'memory.max']);
  let best: number | undefined;
  for (const [base, path, file] of candidates) {
    // Walk from the cgroup up to the root of the hierarchy.
    let p = path;
    for (;;) {
      const text = read(join(base, p, file));
      const limit = text === undefined ? undefined : parseLimit(text);
      if (limit !== undefined && (best === undefined || limit < best)) best = limit;
      if (p === '/' || p === '') break;
      p = p.slice(0, p.lastIndexOf('/')) || '/';
    }
  }
  return best;
}

/** AUTO_BUDGET_SHARE is the share of the limit the daemon lets itself use before refusing new series. */
export const AUTO_BUDGET_SHARE = 0.8;
/** AUTO_HOST_SHARE bounds an unconfined daemon to a quarter of the host's memory. */
export const AUTO_HOST_SHARE = 0.25;

/** autoMemoryBudget is 80 % of the daemon's cgroup limit, or a quarter of the host's memory without one. */
export function autoMemoryBudget(limit: number | undefined, hostBytes = totalmem()): number {
  return Math.floor(limit !== undefined ? limit * AUTO_BUDGET_SHARE : hostBytes * AUTO_HOST_SHARE);
}
