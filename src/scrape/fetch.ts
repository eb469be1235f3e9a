/**
 * fetch: one HTTP GET of a target's /metrics with a deadline, a body-size limit, gzip and TLS
 * options. node:http is used directly (not global fetch) because scrapes need per-target TLS
 * settings and a hard cap on bytes read before decompression finishes.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { DaemonError, ErrorCode } from '../core/errors.js';

/** FetchRequest describes one scrape request. */
export interface FetchRequest {
  readonly url: string;
  readonly timeoutMs: number;
  /** bodySizeLimit caps the decompressed body; 0 means unlimited. */
  readonly bodySizeLimit: number;
  readonly accept: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: {
    readonly ca?: string | Buffer;
    readonly cert?: string | Buffer;
    readonly key?: string | Buffer;
    readonly insecureSkipVerify?: boolean;
    readonly serverName?: string;
  };
  readonly signal?: AbortSignal;
}

/** FetchResult is a successful response body with its content type. */
export interface FetchResult {
  readonly body: string;
  readonly contentType: string | undefined;
  readonly bytes: number;
}

/** Fetcher is the seam the scrape loop calls; tests may pass a function serving fixtures. */
export type Fetcher = (req: FetchRequest) => Promise<FetchResult>;

/** httpFetch performs the request; every failure is a DaemonError with a SCRAPE_* code. */
export const httpFetch: Fetcher = (req) =>
  new Promise<FetchResult>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new DaemonError(ErrorCode.SCRAPE_HTTP, `invalid target URL "${req.url}"`));
      return;
    }
    const isHttps = url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const options: https.RequestOptions = {
      method: 'GET',
      headers: {
        accept: req.accept,
        'accept-encoding': 'gzip',
        'user-agent': 'leaksleuth/0.1',
        'x-prometheus-scrape-timeout-seconds': String(req.timeoutMs / 1000),
        ...req.headers,
      },
      agent: false,
    };
    if (isHttps && req.tls) {
      if (req.tls.ca) options.ca = req.tls.ca;
      if (req.tls.cert) options.cert = req.tls.cert;
      if (req.tls.key) options.key = req.tls.key;
      if (req.tls.insecureSkipVerify) options.rejectUnauthorized = false;
      if (req.tls.serverName) options.servername = req.tls.serverName;
    }
    let settled = false;
    const finish = (err: DaemonError | null, res?: FetchResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(res!);
    };
    const request = mod.request(url, options, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        finish(new DaemonError(ErrorCode.SCRAPE_HTTP, `server returned HTTP status ${status} ${res.statusMessage ?? ''}`.trim(), { retryable: status >= 500 }));
        return;
      }
      const gz = /\bgzip\b/i.test(String(res.headers['content-encoding'] ?? ''));
      const stream: NodeJS.ReadableStream = gz ? res.pipe(zlib.createGunzip()) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (req.bodySizeLimit > 0 && size > req.bodySizeLimit) {
          request.destroy();
          finish(new DaemonError(ErrorCode.SCRAPE_TOO_LARGE, `body size limit exceeded (limit: ${req.bodySizeLimit} bytes)`));
          return;
        }
        chunks.push(c);
      });
      stream.on('error', (e: Error) => finish(new DaemonError(ErrorCode.SCRAPE_NETWORK, `reading body: ${e.message}`, { cause: e, retryable: true })));
      stream.on('end', () =>
        finish(null, { body: Buffer.concat(chunks).toString('utf8'), contentType: res.headers['content-type'], bytes: size }),
      );
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish(new DaemonError(ErrorCode.SCRAPE_TIMEOUT, `context deadline exceeded after ${req.timeoutMs}ms`, { retryable: true }));
    }, req.timeoutMs);
    const onAbort = (): void => {
      request.destroy();
      finish(new DaemonError(ErrorCode.SCRAPE_NETWORK, 'scrape aborted'));
    };
    req.signal?.addEventListener('abort', onAbort);
    request.on('error', (e: NodeJS.ErrnoException) => {
      finish(new DaemonError(ErrorCode.SCRAPE_NETWORK, e.code ? `${e.code}: ${e.message}` : e.message, { cause: e, retryable: true }));
    });
    request.end();
  });
