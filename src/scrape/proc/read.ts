/**
 * read: one snapshot of a process's memory from /proc/PID/status and /proc/PID/smaps_rollup,
 * through the same injected readFile as the cgroup reader.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import type { CgroupIo } from '../cgroup/io.js';
import { parseProcStatus } from './parse-status.js';
import { parseSmapsRollup } from './parse-smaps-rollup.js';

/** ProcMemory is one snapshot; fields are absent when the kernel does not report them. */
export interface ProcMemory {
  readonly pid: number;
  readonly name?: string;
  /** status holds /proc/PID/status memory fields in bytes (VmRSS, RssAnon, RssFile, RssShmem, VmSwap, …). */
  readonly status: Readonly<Record<string, number>>;
  /** rollup holds /proc/PID/smaps_rollup fields in bytes (Rss, Pss, LazyFree, AnonHugePages, …). */
  readonly rollup?: Readonly<Record<string, number>>;
  /** missing lists files that did not exist (smaps_rollup needs Linux 4.14). */
  readonly missing: readonly string[];
}

/** readProcMemory reads one process; CGROUP_NOT_FOUND when the process is gone. */
export async function readProcMemory(io: Pick<CgroupIo, 'readFile'>, procRoot: string, pid: number): Promise<ProcMemory> {
  const base = `${procRoot}/${pid}`;
  const [status, rollup] = await Promise.all([io.readFile(`${base}/status`), io.readFile(`${base}/smaps_rollup`)]);
  if (status === undefined) throw new DaemonError(ErrorCode.CGROUP_NOT_FOUND, `process ${pid} is gone (${base}/status is missing)`);
  const parsed = parseProcStatus(status, `${base}/status`);
  const out: ProcMemory = {
    pid,
    ...(parsed.name === undefined ? {} : { name: parsed.name }),
    status: parsed.memory,
    ...(rollup === undefined ? {} : { rollup: parseSmapsRollup(rollup, `${base}/smaps_rollup`) }),
    missing: rollup === undefined ? ['smaps_rollup'] : [],
  };
  return out;
}
