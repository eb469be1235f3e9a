/**
 * fetch: one GET of a pprof endpoint (`/debug/pprof/heap`, `/debug/pprof/goroutine?debug=1`) with a
 * deadline and a cap on the bytes read. Every failure comes back as a sentence for the diagnosis
 * (404: net/http/pprof is not registered; 401/403: the endpoint wants auth; timeout), never a throw.
 */
import http from 'node:http';
import https from 'node:https';

/** ProfileRequest bounds one fetch. */
export interface ProfileRequest {
  readonly url: string;
  readonly timeoutMs: number;
  /** maxBytes caps the body as sent (profiles come gzipped; decoding caps the rest). */
  readonly maxBytes: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** ProfileResult is the body, or why there is none. */
export type ProfileResult = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly error: string };

/** ProfileFetcher is the seam the enrichment calls; tests may serve files. */
export type ProfileFetcher = (req: ProfileRequest) => Promise<ProfileResult>;

function statusError(status: number, url: string): string {
  if (status === 404) return `404 Not Found from ${url}: net/http/pprof is not registered on this port (import _ "net/http/pprof" and serve http.DefaultServeMux, or mount its handlers)`;
  if (status === 401 || status === 403) return `${status} from ${url}: the pprof endpoint requires authorization that leaksleuth does not have`;
  return `HTTP ${status} from ${url}`;
}

/** fetchProfile performs the request. */
export const fetchProfile: ProfileFetcher = (req) =>
  new Promise<ProfileResult>((resolve) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      resolve({ ok: false, error: `invalid pprof URL ${req.url}` });
      return;
    }
    const mod = url.protocol === 'https:' ? https : http;
    let done = false;
    const finish = (r: ProfileResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const request = mod.get(url, { headers: { 'user-agent': 'leaksleuth/0.1', ...req.headers }, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        finish({ ok: false, error: statusError(status, req.url) });
        return;
      }
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        n += c.length;
        if (n > req.maxBytes) {
          request.destroy();
          finish({ ok: false, error: `profile from ${req.url} is larger than ${req.maxBytes} bytes; not read` });
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }));
      res.on('error', (err) => finish({ ok: false, error: `reading ${req.url}: ${err.message}` }));
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ ok: false, error: `timed out after ${req.timeoutMs / 1000}s fetching ${req.url}` });
    }, req.timeoutMs);
    request.on('error', (err) => finish({ ok: false, error: `fetching ${req.url}: ${err.message}` }));
  });
