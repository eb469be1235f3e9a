import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../core/errors.js';
import { httpFetch } from './fetch.js';

let server: http.Server;
let base = '';
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-encoding': 'gzip' }).end(gzipSync('up 1\n'.repeat(1000)));
    } else if (req.url === '/slow') {
      setTimeout(() => res.writeHead(200).end('late 1\n'), 2000);
    } else if (req.url === '/500') {
      res.writeHead(500, 'Internal Server Error').end('boom');
    } else res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0' }).end('a 1\n# EOF\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const req = { timeoutMs: 1000, bodySizeLimit: 0, accept: 'text/plain', headers: { authorization: 'Bearer t' } };

describe('httpFetch', () => {
  it('returns the body and content type, sending accept, auth and the scrape timeout header', async () => {
    const r = await httpFetch({ ...req, url: base + '/metrics' });
    expect(r.body).toBe('a 1\n# EOF\n');
    expect(r.contentType).toContain('openmetrics');
    const h = seen.at(-1)!;
    expect(h['authorization']).toBe('Bearer t');
    expect(h['x-prometheus-scrape-timeout-seconds']).toBe('1');
    expect(h['accept-encoding']).toContain('gzip');
  });
  it('decompresses gzip and enforces the body size limit on decompressed bytes', async () => {
    expect((await httpFetch({ ...req, url: base + '/gzip' })).body.length).toBe(5000);
    await expect(httpFetch({ ...req, url: base + '/gzip', bodySizeLimit: 1000 })).rejects.toMatchObject({ code: ErrorCode.SCRAPE_TOO_LARGE });
  });
  it('times out', async () => {
    await expect(httpFetch({ ...req, url: base + '/slow', timeoutMs: 200 })).rejects.toMatchObject({ code: ErrorCode.SCRAPE_TIMEOUT, retryable: true });
  });
  it('reports HTTP errors and refused connections', async () => {
    await expect(httpFetch({ ...req, url: base + '/500' })).rejects.toMatchObject({ code: ErrorCode.SCRAPE_HTTP, message: 'server returned HTTP status 500 Internal Server Error' });
    await expect(httpFetch({ ...req, url: 'http://127.0.0.1:1/metrics' })).rejects.toMatchObject({ code: ErrorCode.SCRAPE_NETWORK });
    await expect(httpFetch({ ...req, url: 'not a url' })).rejects.toMatchObject({ code: ErrorCode.SCRAPE_HTTP });
  });
});
