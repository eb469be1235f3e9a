/**
 * server: adapts in-process handlers (types.ts) to node:http. Bodies are capped, errors become the
 * Prometheus error envelope, and a handler that throws never takes the daemon down.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { ApiRequest, ApiResponse, Route } from './types.js';
import { fail } from './types.js';

const MAX_BODY = 8 << 20;

/** Router picks the handler for a method and path; exact paths win over `/*` prefixes. */
export class Router {
  private exact = new Map<string, Route>();
  private prefixes: Route[] = [];
  private pathPrefix = '';

  constructor(routes: readonly Route[] = []) {
    this.set(routes);
  }

  /** set replaces all routes (the daemon swaps them on reload). */
  set(routes: readonly Route[]): void {
    this.exact.clear();
    this.prefixes = [];
    for (const r of routes) {
      if (r.path.endsWith('/*')) this.prefixes.push(r);
      else this.exact.set(r.method + ' ' + r.path, r);
    }
    this.prefixes.sort((a, b) => b.path.length - a.path.length);
  }

  /**
   * setPathPrefix makes every route answer under `prefix` as well (the path of
   * `server.external_url`, like Prometheus' route prefix), so links built from the external URL
   * work whether or not a reverse proxy strips the prefix. '' or '/' turns it off.
   */
  setPathPrefix(prefix: string): void {
    this.pathPrefix = prefix.replace(/\/+$/, '');
  }

  /** handle dispatches a parsed request; HEAD is served by GET routes. */
  async handle(req: ApiRequest): Promise<ApiResponse> {
    const pre = this.pathPrefix;
    if (pre && (req.path === pre || req.path.startsWith(pre + '/'))) req = { ...req, path: req.path.slice(pre.length) || '/' };
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route =
      this.exact.get(method + ' ' + req.path) ??
      this.prefixes.find((r) => r.method === method && req.path.startsWith(r.path.slice(0, -1)));
    if (!route) {
      const anyMethod = [...this.exact.values()].some((r) => r.path === req.path);
      return anyMethod ? fail(405, 'bad_data', `method ${req.method} not allowed`) : fail(404, 'not_found', `no route for ${req.path}`);
    }
    return route.handler(req);
  }
}

/** parseRequest builds an ApiRequest; form-encoded POST bodies merge into params like Prometheus. */
export function parseRequest(method: string, rawUrl: string, headers: Record<string, string | undefined>, body: string): ApiRequest {
  const url = new URL(rawUrl, 'http://localhost');
  const params = new URLSearchParams(url.search);
  if (method === 'POST' && (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
  }
  return { method, path: url.pathname, params, headers, body };
}

/** HttpServer serves a Router on node:http. */
export interface HttpServer {
  readonly address: string;
  close(): Promise<void>;
}

/** startHttpServer listens on host:port (port 0 picks a free one) and serves `router`. */
export async function startHttpServer(router: Router, listen: string, log: Logger): Promise<HttpServer> {
  const idx = listen.lastIndexOf(':');
  const host = listen.slice(0, idx).replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(listen.slice(idx + 1));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        aborted = true;
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'body too large' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const apiReq = parseRequest(req.method ?? 'GET', req.url ?? '/', headers, Buffer.concat(chunks).toString('utf8'));
      router
        .handle(apiReq)
        .catch((err: unknown): ApiResponse => {
          log.error('handler failed', { path: apiReq.path, err: errorMessage(err) });
          return fail(500, 'internal', errorMessage(err));
        })
        .then((r) => {
          const isRaw = typeof r.body === 'string' || Buffer.isBuffer(r.body);
          const body = isRaw ? (r.body as string | Buffer) : JSON.stringify(r.body);
          const h: Record<string, string> = { ...(isRaw ? {} : { 'content-type': 'application/json' }), ...r.headers };
          res.writeHead(r.status, h);
          res.end(req.method === 'HEAD' ? undefined : body);
        })
        .catch((err: unknown) => log.error('writing response failed', { err: errorMessage(err) }));
    });
    req.on('error', () => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  const address = a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
