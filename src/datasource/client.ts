/**
 * client: instant queries against a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir,
 * VictoriaMetrics). Queries are POSTed form-encoded, as Grafana and vmalert do, so long rule
 * expressions never hit URL-length limits of proxies in between.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { DatasourceConfig } from '../config/types.js';
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import { scrapeHeaders } from '../scrape/auth.js';
import { decodeQueryResponse, type QueryAnswer } from './response.js';

/** MAX_BODY caps a decoded answer; a runaway range query must not take the daemon down with it. */
const MAX_BODY = 256 << 20;

/** DatasourceClient runs instant queries; `atMs` is the evaluation time. */
export interface DatasourceClient {
  query(expr: string, atMs: number, signal?: AbortSignal): Promise<QueryAnswer>;
}

/** queryUrl joins the API path to the base URL, keeping a path prefix such as /prometheus/. */
export function queryUrl(base: string): URL {
  return new URL('api/v1/query', base.endsWith('/') ? base : base + '/');
}

/** httpDatasource returns a client for the configured API. */
export function httpDatasource(c: DatasourceConfig): DatasourceClient {
  const url = queryUrl(c.url);
  const isHttps = url.protocol === 'https:';
  return {
    query: (expr, atMs, signal) =>
      new Promise<QueryAnswer>((resolve, reject) => {
        const body = new URLSearchParams({ query: expr, time: (atMs / 1000).toFixed(3), timeout: `${Math.max(1, Math.floor(c.timeoutMs / 1000))}s` }).toString();
        let tls: https.RequestOptions = {};
        if (isHttps && c.tls) {
          try {
            // Read on every query so rotated certificates are picked up without a reload.
            tls = {
              ...(c.tls.caFile ? { ca: readFileSync(c.tls.caFile) } : {}),
              ...(c.tls.certFile ? { cert: readFileSync(c.tls.certFile) } : {}),
              ...(c.tls.keyFile ? { key: readFileSync(c.tls.keyFile) } : {}),
              rejectUnauthorized: !c.tls.insecureSkipVerify,
              ...(c.tls.serverName ? { servername: c.tls.serverName } : {}),
            };
          } catch (err) {
            reject(new DaemonError(ErrorCode.CONFIG_READ, `datasource tls_config: ${errorMessage(err)}`));
            return;
          }
        }
        const req = (isHttps ? https : http).request(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            accept: 'application/json',
            'accept-encoding': 'gzip',
            'user-agent': 'leaksleuth/0.1',
            ...scrapeHeaders(c),
          },
          ...tls,
        });
        const fail = (err: DaemonError): void => {
          req.destroy();
          reject(err);
        };
        const timer = setTimeout(() => fail(new DaemonError(ErrorCode.DATASOURCE_UNAVAILABLE, `datasource did not answer within ${c.timeoutMs} ms`, { retryable: true })), c.timeoutMs);
        const onAbort = (): void => fail(new DaemonError(ErrorCode.DATASOURCE_UNAVAILABLE, 'datasource query aborted', { retryable: true }));
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        req.on('error', (err) => {
          done();
          reject(new DaemonError(ErrorCode.DATASOURCE_UNAVAILABLE, `datasource ${url.origin}: ${errorMessage(err)}`, { retryable: true, cause: err }));
        });
        req.on('response', (res) => {
          const status = res.statusCode ?? 0;
          const stream = res.headers['content-encoding'] === 'gzip' ? res.pipe(zlib.createGunzip()) : res;
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (b: Buffer) => {
            size += b.length;
            if (size > MAX_BODY) {
              done();
              fail(new DaemonError(ErrorCode.DATASOURCE_QUERY, `datasource answer is larger than ${MAX_BODY >> 20} MiB; narrow the query`));
              return;
            }
            chunks.push(b);
          });
          stream.on('error', (err) => {
            done();
            reject(new DaemonError(ErrorCode.DATASOURCE_UNAVAILABLE, `datasource ${url.origin}: ${errorMessage(err)}`, { retryable: true, cause: err }));
          });
          stream.on('end', () => {
            done();
            try {
              resolve(decodeQueryResponse(status, Buffer.concat(chunks).toString('utf8')));
            } catch (err) {
              reject(err);
            }
          });
        });
        req.end(body);
      }),
  };
}
