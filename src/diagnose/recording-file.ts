/**
 * recording-file: the thin I/O around recordings: reads a file and gunzips it when it is gzip.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DaemonError, ErrorCode } from '../core/errors.js';

/** readRecordingText returns a recording's text, transparently decompressing `.gz` content. */
export function readRecordingText(path: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new DaemonError(ErrorCode.CONFIG_READ, `cannot read recording ${path}`, { cause: err });
  }
  // gzip magic 1f 8b, whatever the file is called
  if (buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  return buf.toString('utf8');
}
