/**
 * lock: one notifier per data dir. Two daemons sharing a data dir would both replay the outbox and
 * page twice, so the notifier takes `notify/LOCK` (O_EXCL, holding its pid). A lock left by a process
 * that no longer exists (kill -9) is taken over; a live owner is a startup error.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonError, ErrorCode } from '../core/errors.js';

/** acquireDataDirLock takes the lock and returns its release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  const dir = join(dataDir, 'notify');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone (data dir removed under us): nothing left to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new DaemonError(ErrorCode.INTERNAL, `cannot create ${path}`, { cause: err });
      const owner = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new DaemonError(ErrorCode.USAGE, `data dir ${dataDir} is used by another notifier (pid ${owner}); give each daemon its own data dir`);
      }
      // Stale (owner dead) or our own leftover from an unclean stop in this process: take it over.
      unlinkSync(path);
    }
  }
  throw new DaemonError(ErrorCode.INTERNAL, `cannot take ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
