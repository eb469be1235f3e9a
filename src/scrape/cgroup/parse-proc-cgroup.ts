/**
 * parse-proc-cgroup: /proc/PID/cgroup (cgroups(7)), one line per hierarchy:
 *   hierarchy-ID:controller-list:cgroup-path
 * v2 has the single line `0::/path`; v1 has one line per mounted hierarchy, with joint controller
 * lists (`cpu,cpuacct`) and named hierarchies (`name=systemd`).
 */
import { parseFailure, splitLines } from './parse-util.js';

/** ProcCgroupEntry is one line of /proc/PID/cgroup. */
export interface ProcCgroupEntry {
  readonly hierarchyId: number;
  /** controllers is empty for the v2 line; may contain `name=systemd` for named v1 hierarchies. */
  readonly controllers: readonly string[];
  readonly path: string;
}

/** parseProcCgroup parses every line; the path may itself contain ':' so only the first two split. */
export function parseProcCgroup(text: string, file = 'cgroup'): ProcCgroupEntry[] {
  const out: ProcCgroupEntry[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const a = raw.indexOf(':');
    const b = a < 0 ? -1 : raw.indexOf(':', a + 1);
    if (a < 0 || b < 0) throw parseFailure(file, i + 1, 1, `expected "id:controllers:path", got ${JSON.stringify(raw)}`);
    const id = raw.slice(0, a);
    if (!/^\d+$/.test(id)) throw parseFailure(file, i + 1, 1, `bad hierarchy id ${JSON.stringify(id)}`);
    // The kernel appends " (deleted)" when the cgroup was removed while the task still sits in it.
    const path = raw.slice(b + 1).replace(/ \(deleted\)$/, '');
    if (!path.startsWith('/')) throw parseFailure(file, i + 1, b + 2, `cgroup path must be absolute, got ${JSON.stringify(path)}`);
    const list = raw.slice(a + 1, b);
    out.push({ hierarchyId: Number(id), controllers: list === '' ? [] : list.split(','), path });
  }
  return out;
}
