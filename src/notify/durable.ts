/**
 * durable: the small file primitives the outbox, notification log and silences rest on — an
 * fsync'd append-only JSONL writer and an atomic replace (write temp, fsync, rename, fsync dir),
 * so that a kill -9 at any instant leaves either the old or the new content, never a torn file.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DaemonError, ErrorCode } from '../core/errors.js';

/** writeFileAtomic replaces `path` with `data` so that readers see all or nothing. */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** fsyncDir makes a rename durable; directories cannot be fsync'd on every platform, so EISDIR-like errors are reported. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** JsonlAppender appends one JSON record per line and fsyncs each batch before returning. */
export class JsonlAppender {
  private fd: number;

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  /** append writes the records and waits for the disk, so a crash afterwards cannot lose them. */
  append(...records: readonly unknown[]): void {
    this.appendLines(records.map((r) => JSON.stringify(r)));
  }

  /** appendLines writes already-serialised records with one fsync for the whole batch. */
  appendLines(lines: readonly string[]): void {
    if (lines.length === 0) return;
    writeSync(this.fd, lines.join('\n') + '\n');
    fsyncSync(this.fd);
  }

  /** reopen is used after compaction replaced the file underneath. */
  reopen(): void {
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
  }

  /** close releases the file descriptor. */
  close(): void {
    closeSync(this.fd);
  }
}

/** readJsonl parses every complete line; a torn last line (crash mid-write) is skipped and counted. */
export function readJsonl<T>(path: string): { records: T[]; torn: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], torn: 0 };
    throw new DaemonError(ErrorCode.INTERNAL, `cannot read ${path}`, { cause: err });
  }
  const records: T[] = [];
  let torn = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch (err) {
      // Only the final line can be torn by a crash; anything earlier is corruption worth failing on.
      if (i >= lines.length - 2) torn++;
      else throw new DaemonError(ErrorCode.INTERNAL, `${path}:${i + 1}: corrupt record`, { cause: err });
    }
  }
  return { records, torn };
}
