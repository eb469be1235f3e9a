/**
 * position: turns a character offset into line:col only when an error is thrown, so the hot path
 * never counts lines.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';

/** positionAt returns the 1-based line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}

/** parseError builds the EXPOSITION_PARSE error for a problem at `offset`. */
export function parseError(text: string, offset: number, message: string): DaemonError {
  return new DaemonError(ErrorCode.EXPOSITION_PARSE, message, { position: positionAt(text, offset) });
}

/** quoteSnippet renders up to 40 characters of the offending input for a message. */
export function quoteSnippet(s: string): string {
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}
