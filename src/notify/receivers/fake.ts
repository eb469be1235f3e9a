/**
 * fake: test doubles for the notify stage — a recording fetch with scripted answers and an alert
 * builder — kept beside the port they fake (excluded from the build).
 */
import type { Alert } from '../../model/alert.js';
import type { Labels } from '../../model/labels.js';

/** RecordedRequest is one call the fake fetch saw. */
export interface RecordedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** fakeFetch records requests and answers from `script` (default 200), one entry per call. */
export function fakeFetch(script: Array<{ status: number; body?: string; headers?: Record<string, string> } | Error> = []) {
  const requests: RecordedRequest[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const raw = typeof init?.body === 'string' ? init.body : '';
    requests.push({ url: String(input), headers, body: raw ? (JSON.parse(raw) as unknown) : undefined });
    const next = script.shift();
    if (next instanceof Error) throw next;
    const r = next ?? { status: 200 };
    return new Response(r.body ?? 'ok', { status: r.status, headers: r.headers ?? {} });
  };
  return { fetch: fn as typeof fetch, requests };
}

/** makeAlert builds a firing (or resolved, with resolvedAt) rule alert. */
export function makeAlert(labels: Labels, o: Partial<Alert> = {}): Alert {
  const resolved = (o.resolvedAt ?? 0) > 0;
  return {
    labels,
    annotations: {},
    state: resolved ? 'inactive' : 'firing',
    value: 1,
    activeAt: 0,
    firedAt: 0,
    resolvedAt: 0,
    lastSentAt: 0,
    keepFiringSince: 0,
    validUntil: 0,
    ...o,
  };
}
