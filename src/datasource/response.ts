/**
 * response: decodes the JSON envelope of Prometheus' HTTP query API (`/api/v1/query`), which
 * Thanos, Mimir and VictoriaMetrics answer in the same shape. Pure: text in, samples or a typed
 * error out, so every odd answer a proxy or an overloaded server can give is testable here.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import type { Labels } from '../model/labels.js';

/** InstantSample is one element of an instant vector (or a scalar, with no labels). */
export interface InstantSample {
  readonly labels: Labels;
  readonly v: number;
}

/** RangeSeries is one series of a range-vector answer: raw samples, oldest first, t in ms. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly t: number[];
  readonly v: number[];
}

/** QueryAnswer is a decoded `data` member. */
export type QueryAnswer =
  | { readonly type: 'vector'; readonly samples: InstantSample[] }
  | { readonly type: 'scalar'; readonly v: number; readonly t: number }
  | { readonly type: 'matrix'; readonly series: RangeSeries[] }
  | { readonly type: 'string'; readonly value: string };

/** ApiFailure is what the server said about a failed query: its errorType and error text. */
export interface ApiFailure {
  readonly errorType: string;
  readonly error: string;
}

// Prometheus writes sample values as strings, with "NaN", "+Inf" and "-Inf" for the specials
// (Go's strconv spelling, which Number() does not read), and times as float seconds.
function value(raw: unknown, where: string): number {
  if (typeof raw !== 'string') throw bad(`${where}: sample value is not a string`);
  if (raw === 'NaN') return NaN;
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  const v = Number(raw);
  if (Number.isNaN(v)) throw bad(`${where}: sample value ${JSON.stringify(raw)} is not a number`);
  return v;
}

function seconds(raw: unknown, where: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw bad(`${where}: timestamp is not a number`);
  // Round to the millisecond: the API prints seconds with 3 decimals, and 1.1 * 1000 is not 1100.
  return Math.round(raw * 1000);
}

function labels(raw: unknown, where: string): Labels {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad(`${where}: "metric" is not an object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw bad(`${where}: label ${k} is not a string`);
    out[k] = v;
  }
  return out;
}

function pair(raw: unknown, where: string): [number, number] {
  if (!Array.isArray(raw) || raw.length !== 2) throw bad(`${where}: a sample must be [time, "value"]`);
  return [seconds(raw[0], where), value(raw[1], where)];
}

function bad(msg: string): DaemonError {
  return new DaemonError(ErrorCode.DATASOURCE_QUERY, `datasource answered something that is not a Prometheus API response: ${msg}`);
}

/**
 * decodeQueryResponse reads a response body. `status` is the HTTP status: Prometheus answers
 * 400 (bad_data), 422 (execution) and 503 (timeout, canceled) with the same JSON envelope, so the
 * envelope is read first and the status only classifies what could not be decoded.
 */
export function decodeQueryResponse(status: number, body: string): QueryAnswer {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    const snippet = body.slice(0, 120).replace(/\s+/g, ' ').trim();
    const retryable = status >= 500 || status === 429;
    throw new DaemonError(
      retryable ? ErrorCode.DATASOURCE_UNAVAILABLE : ErrorCode.DATASOURCE_QUERY,
      `datasource answered HTTP ${status} with a body that is not JSON${snippet ? `: ${snippet}` : ''}`,
      { retryable },
    );
  }
  if (doc === null || typeof doc !== 'object') throw bad('the body is not a JSON object');
  const d = doc as { status?: unknown; errorType?: unknown; error?: unknown; data?: unknown };
  if (d.status === 'error') {
    const failure: ApiFailure = { errorType: String(d.errorType ?? 'unknown'), error: String(d.error ?? '') };
    // timeout, canceled and unavailable clear up by themselves; bad_data and execution do not.
    const retryable = status >= 500 || status === 429 || ['timeout', 'canceled', 'unavailable'].includes(failure.errorType);
    throw new DaemonError(retryable ? ErrorCode.DATASOURCE_UNAVAILABLE : ErrorCode.DATASOURCE_QUERY, `datasource query failed (${failure.errorType}): ${failure.error}`, { retryable });
  }
  if (d.status !== 'success') throw bad(`"status" is ${JSON.stringify(d.status)}`);
  if (status < 200 || status > 299) throw bad(`HTTP ${status} with status "success"`);
  const data = d.data as { resultType?: unknown; result?: unknown } | undefined;
  if (!data || typeof data !== 'object') throw bad('no "data" object');
  const result = data.result;
  switch (data.resultType) {
    case 'vector': {
      if (!Array.isArray(result)) throw bad('vector result is not an array');
      return {
        type: 'vector',
        samples: result.map((r: { metric?: unknown; value?: unknown }, i) => {
          const where = `result[${i}]`;
          return { labels: labels(r?.metric, where), v: pair(r?.value, where)[1] };
        }),
      };
    }
    case 'scalar': {
      const [t, v] = pair(result, 'scalar');
      return { type: 'scalar', t, v };
    }
    case 'matrix': {
      if (!Array.isArray(result)) throw bad('matrix result is not an array');
      return {
        type: 'matrix',
        series: result.map((r: { metric?: unknown; values?: unknown }, i) => {
          const where = `result[${i}]`;
          if (!Array.isArray(r?.values)) throw bad(`${where}: "values" is not an array`);
          const t: number[] = [];
          const v: number[] = [];
          (r.values as unknown[]).forEach((p, j) => {
            const [pt, pv] = pair(p, `${where}.values[${j}]`);
            t.push(pt);
            v.push(pv);
          });
          return { labels: labels(r.metric, where), t, v };
        }),
      };
    }
    case 'string': {
      if (!Array.isArray(result) || typeof result[1] !== 'string') throw bad('string result is not [time, "text"]');
      return { type: 'string', value: result[1] };
    }
    default:
      throw bad(`unknown resultType ${JSON.stringify(data.resultType)}`);
  }
}
