/**
 * go-probe: asks a discovered port whether it serves Prometheus metrics at /metrics and Go's pprof
 * index at /debug/pprof/. Loopback only (the caller passes loopback hosts), one bounded timeout per
 * request, and only the first bytes of a body are read.
 */

/** ProbeResult is what one port answered. */
export interface ProbeResult {
  /** metrics is true when GET /metrics answered 200 with an exposition body. */
  readonly metrics: boolean;
  /** pprof is true when GET /debug/pprof/ answered 200. */
  readonly pprof: boolean;
  /** detail says what /metrics answered, for the status page (`200 text/plain`, `404`, `timeout`, …). */
  readonly detail: string;
}

/** Prober probes one host:port; injected so tests and the daemon can differ. */
export type Prober = (hostPort: string, timeoutMs: number) => Promise<ProbeResult>;

/** looksLikeExposition says whether the start of a body is Prometheus text or OpenMetrics. */
export function looksLikeExposition(contentType: string, head: string): boolean {
  if (/application\/openmetrics-text|text\/plain/.test(contentType) || contentType === '') {
    const first = head.split('\n').find((l) => l.trim() !== '') ?? '';
    return /^(# (HELP|TYPE|UNIT|EOF)|[a-zA-Z_:][a-zA-Z0-9_:]*(\{| ))/.test(first);
  }
  return false;
}

async function get(url: string, timeoutMs: number): Promise<{ status: number; contentType: string; head: string } | string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual', headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' } });
    let head = '';
    const reader = res.body?.getReader();
    if (reader) {
      const chunk = await reader.read();
      if (chunk.value) head = Buffer.from(chunk.value.subarray(0, 4096)).toString('utf8');
      await reader.cancel().catch(() => undefined);
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', head };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
    return e.cause?.code ?? e.message;
  }
}

/** httpProber is the real prober: GET /metrics, then GET /debug/pprof/ on the same port. */
export const httpProber: Prober = async (hostPort, timeoutMs) => {
  const m = await get(`http://${hostPort}/metrics`, timeoutMs);
  const metrics = typeof m !== 'string' && m.status === 200 && looksLikeExposition(m.contentType, m.head);
  const detail = typeof m === 'string' ? m : `${m.status}${m.contentType ? ' ' + m.contentType.split(';')[0] : ''}${m.status === 200 && !metrics ? ' (not metrics)' : ''}`;
  // pprof is only worth asking on a port that speaks HTTP at all.
  const p = typeof m === 'string' ? 'skipped' : await get(`http://${hostPort}/debug/pprof/`, timeoutMs);
  const pprof = typeof p !== 'string' && p.status === 200;
  return { metrics, pprof, detail };
};
