/**
 * io: the only place the cgroup source touches the filesystem. Readers receive a CgroupIo, so
 * tests can run them on fixture trees or in-memory maps, and no reader ever swallows an error.
 */
import { readFile, readdir } from 'node:fs/promises';
import { DaemonError, ErrorCode } from '../../core/errors.js';

/** CgroupIo fetches bytes: a missing path yields undefined, any other failure throws CGROUP_READ. */
export interface CgroupIo {
  /** readFile returns the file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /**
   * listDirs returns the names of real subdirectories (never symlinks, so walks cannot loop), or
   * undefined when the directory does not exist.
   */
  listDirs(path: string): Promise<string[] | undefined>;
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function readError(op: string, path: string, err: unknown): DaemonError {
  const code = errnoCode(err) ?? 'unknown error';
  const hint = code === 'EACCES' || code === 'EPERM' ? ' (run as root or grant read access to cgroupfs and /proc)' : '';
  return new DaemonError(ErrorCode.CGROUP_READ, `cannot ${op} ${path}: ${code}${hint}`, { cause: err });
}

/** nodeCgroupIo is the real filesystem implementation used by the daemon. */
export const nodeCgroupIo: CgroupIo = {
  async readFile(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw readError('read', path, err);
    }
  },
  async listDirs(path) {
    try {
      const entries = await readdir(path, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw readError('list', path, err);
    }
  },
};
