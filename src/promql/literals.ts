/**
 * literals: number and duration literals with Prometheus 2.42's rules (Go ParseInt base 0 first,
 * then ParseFloat; durations need units in order y w d h m s ms).
 */
import { DaemonError } from '../core/errors.js';
import { parseDuration } from '../model/duration.js';
import { parseError, type ParseContext } from './parser.js';

/** parseNumberLiteral converts a PromQL number (hex, octal, float, Inf, NaN, optional sign). */
export function parseNumberLiteral(ctx: ParseContext, offset: number, raw: string): number {
  let s = raw.trim();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1).trim();
  }
  const lower = s.toLowerCase();
  if (lower === 'inf') return sign * Infinity;
  if (lower === 'nan') return NaN;
  if (/^0x[0-9a-f]+$/i.test(s)) return sign * parseInt(s.slice(2), 16);
  if (/^0[0-7]+$/.test(s)) return sign * parseInt(s, 8);
  if (/^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) return sign * Number(s);
  if (/^\d+[a-z]/i.test(s)) throw parseError(ctx, offset, `unexpected duration "${s}"`);
  throw parseError(ctx, offset, `bad number or duration syntax: "${s}"`);
}

/** parseDurationLiteral converts a bracket or offset duration to ms; a bare number is an error in 2.42. */
export function parseDurationLiteral(ctx: ParseContext, offset: number, raw: string): number {
  if (!/^\d+[a-z]/i.test(raw)) throw parseError(ctx, offset, `bad duration syntax: "${raw}"`);
  try {
    return parseDuration(raw);
  } catch (err) {
    throw parseError(ctx, offset, DaemonError.is(err) ? err.message : `bad duration syntax: "${raw}"`);
  }
}
