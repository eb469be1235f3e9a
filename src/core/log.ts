/**
 * log: structured logs as one JSON object per line (logfmt-free so machines and `jq` read them).
 * Loggers are passed in; there is no global logger.
 */

/** LogLevel orders messages by importance. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(['ts', 'level', 'msg']);

/** Logger writes structured records; `child` adds fixed fields such as component or target. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** LogSink receives one finished line. */
export type LogSink = (line: string) => void;

/** createLogger builds a JSON-lines logger at `level` writing to `sink` (stderr by default). */
export function createLogger(
  level: LogLevel = 'info',
  sink: LogSink = (l) => process.stderr.write(l + '\n'),
  base: Record<string, unknown> = {},
  now: () => number = Date.now,
): Logger {
  const min = order[level];
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (order[lvl] < min) return;
    const rec: Record<string, unknown> = { ts: new Date(now()).toISOString(), level: lvl, msg };
    for (const [k, v] of Object.entries(base)) rec[RESERVED.has(k) ? `${k}_field` : k] = v;
    // A field may not replace the record's own ts, level or msg: every line keeps one ts format
    // (ISO 8601, UTC, milliseconds), whatever a caller names its fields.
    if (fields) for (const [k, v] of Object.entries(fields)) rec[RESERVED.has(k) ? `${k}_field` : k] = v instanceof Error ? v.message : v;
    sink(JSON.stringify(rec));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(level, sink, { ...base, ...fields }, now),
  };
}

/** nopLogger discards everything; for tests and library callers that want silence. */
export const nopLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => nopLogger,
};
