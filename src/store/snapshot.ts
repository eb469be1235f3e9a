/**
 * snapshot: saving the store to the data directory and loading it back. Writes are atomic (temp
 * file, fsync, rename, fsync of the directory) so a crash mid-save leaves the previous snapshot
 * intact; a damaged snapshot is reported and set aside, and the daemon starts empty.
 */
import { writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { MemoryStore } from './memory.js';
import type { StoreOptions } from './options.js';
import { decodeSnapshot, writeSnapshot } from './snapshot-codec.js';

/** SNAPSHOT_FILE is the snapshot's name inside the data directory. */
export const SNAPSHOT_FILE = 'store.snapshot';

/** SnapshotResult says what a save wrote. */
export interface SnapshotResult {
  readonly path: string;
  readonly bytes: number;
  readonly series: number;
}

/** saveSnapshot writes the store to `dir/store.snapshot` atomically; failures throw STORE_SNAPSHOT. */
export async function saveSnapshot(store: MemoryStore, dir: string): Promise<SnapshotResult> {
  const path = join(dir, SNAPSHOT_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'w', 0o600);
    let bytes: number;
    try {
      // Pieces go to the file as they are encoded, synchronously: the store must not change under
      // the encoder, and a piece written to the page cache takes well under a millisecond.
      bytes = writeSnapshot(store, (piece) => {
        for (let off = 0; off < piece.length; ) off += writeSync(fh.fd, piece, off, piece.length - off);
      });
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    // The rename is only durable once the directory entry is on disk too.
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
    return { path, bytes, series: store.seriesCount };
  } catch (err) {
    // A half-written temp file (a full disk, most often) would hold the space the next save needs,
    // and one named after an old pid would never be replaced.
    await rm(tmp, { force: true }).catch(() => undefined);
    if (DaemonError.is(err)) throw err;
    throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `store snapshot: cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * loadSnapshot reads `dir/store.snapshot` into a new store built with `opts`. A missing file gives an
 * empty store; an unreadable or damaged one throws STORE_SNAPSHOT.
 */
export async function loadSnapshot(dir: string, opts: StoreOptions = {}): Promise<MemoryStore> {
  const path = join(dir, SNAPSHOT_FILE);
  let data: Uint8Array;
  try {
    data = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new MemoryStore(opts);
    throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `store snapshot: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return decodeSnapshot(data, opts);
  } catch (err) {
    if (DaemonError.is(err) && err.code === ErrorCode.STORE_SNAPSHOT) {
      throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `${path}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** RestoreResult is the store to run with, plus the problem that forced an empty start, if any. */
export interface RestoreResult {
  readonly store: MemoryStore;
  readonly error?: DaemonError;
}

/**
 * restoreStore is what the daemon calls at start: the snapshot's store, or an empty one plus the
 * error when the snapshot is damaged. The damaged file is renamed to `store.snapshot.corrupt` so the
 * next save does not destroy the evidence and the next start does not trip on it again.
 */
export async function restoreStore(dir: string, opts: StoreOptions = {}): Promise<RestoreResult> {
  try {
    return { store: await loadSnapshot(dir, opts) };
  } catch (err) {
    if (!DaemonError.is(err) || err.code !== ErrorCode.STORE_SNAPSHOT) throw err;
    const path = join(dir, SNAPSHOT_FILE);
    await rename(path, `${path}.corrupt`).catch((renameErr: unknown) => {
      // Keep the original error: it is the one the operator needs; note the rename failure in it.
      err.message += ` (could not set the file aside: ${(renameErr as Error).message})`;
    });
    return { store: new MemoryStore(opts), error: err };
  }
}
