/**
 * errors: the one error type of leaksleuth. Every failure a user can meet carries a stable `code`
 * (documented in docs/errors.md; a test checks that every code here is documented there), a message
 * that says what to do, an optional source position and the underlying cause.
 */

/** ErrorCode lists every stable error code. Never change the meaning of an existing code. */
export const ErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  CONFIG_READ: 'CONFIG_READ',
  RULE_INVALID: 'RULE_INVALID',
  PROMQL_PARSE: 'PROMQL_PARSE',
  PROMQL_UNSUPPORTED: 'PROMQL_UNSUPPORTED',
  PROMQL_EVAL: 'PROMQL_EVAL',
  QUERY_TOO_MANY_SAMPLES: 'QUERY_TOO_MANY_SAMPLES',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  REGEX_INVALID: 'REGEX_INVALID',
  EXPOSITION_PARSE: 'EXPOSITION_PARSE',
  SCRAPE_TIMEOUT: 'SCRAPE_TIMEOUT',
  SCRAPE_HTTP: 'SCRAPE_HTTP',
  SCRAPE_TOO_LARGE: 'SCRAPE_TOO_LARGE',
  SCRAPE_LABEL_LIMIT: 'SCRAPE_LABEL_LIMIT',
  SCRAPE_NETWORK: 'SCRAPE_NETWORK',
  DATASOURCE_UNAVAILABLE: 'DATASOURCE_UNAVAILABLE',
  DATASOURCE_QUERY: 'DATASOURCE_QUERY',
  CGROUP_NOT_FOUND: 'CGROUP_NOT_FOUND',
  CGROUP_READ: 'CGROUP_READ',
  CGROUP_PARSE: 'CGROUP_PARSE',
  STORE_SNAPSHOT: 'STORE_SNAPSHOT',
  STORE_LIMIT: 'STORE_LIMIT',
  DIAGNOSE_INPUT: 'DIAGNOSE_INPUT',
  NOTIFY_REJECTED: 'NOTIFY_REJECTED',
  NOTIFY_UNAVAILABLE: 'NOTIFY_UNAVAILABLE',
  TEMPLATE_INVALID: 'TEMPLATE_INVALID',
  RULE_TEST_FAILED: 'RULE_TEST_FAILED',
  USAGE: 'USAGE',
  INTERNAL: 'INTERNAL',
} as const;

/** ErrorCodeValue is the union of all stable error codes. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** SourcePosition points into a user-supplied file: 1-based line and column. */
export interface SourcePosition {
  readonly file?: string;
  readonly line: number;
  readonly col: number;
}

/** DaemonErrorOptions are the optional parts of a DaemonError. */
export interface DaemonErrorOptions {
  readonly cause?: unknown;
  readonly position?: SourcePosition;
  /** retryable says whether the same operation may succeed if tried again (network, 5xx, 429). */
  readonly retryable?: boolean;
  /** retryAfterMs is a server-provided hint (Slack 429 Retry-After). */
  readonly retryAfterMs?: number;
}

const brand = Symbol.for('leaksleuth.DaemonError');

/** DaemonError is the single error class; `code` is stable, `message` is for humans. */
export class DaemonError extends Error {
  readonly code: ErrorCodeValue;
  readonly position: SourcePosition | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly [brand] = true;

  constructor(code: ErrorCodeValue, message: string, opts: DaemonErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DaemonError';
    this.code = code;
    this.position = opts.position;
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** is works across duplicated module copies, like undici's Symbol.for brand. */
  static is(err: unknown): err is DaemonError {
    return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[brand] === true;
  }

  /** located renders `file:line:col: message` when the error has a position. */
  located(): string {
    const p = this.position;
    if (!p) return this.message;
    return `${p.file ?? '<input>'}:${p.line}:${p.col}: ${this.message}`;
  }
}

/** errorMessage turns anything thrown into one line for logs and API fields. */
export function errorMessage(err: unknown): string {
  if (DaemonError.is(err)) return err.located();
  if (err instanceof Error) return err.message;
  return String(err);
}
