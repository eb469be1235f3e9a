import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { Secret } from '../config/secret.js';
import { httpDatasource, queryUrl } from './client.js';

interface Seen {
  url: string;
  auth: string | undefined;
  body: URLSearchParams;
}

describe('datasource client', () => {
  const seen: Seen[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      seen.push({ url: req.url ?? '', auth: req.headers.authorization, body: params });
      if (params.get('query') === 'slow') return; // never answers: the client's timeout must fire
      const answer = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { q: params.get('query') }, value: [1, '42'] }] } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(answer));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('keeps a path prefix in the base URL', () => {
    expect(queryUrl('https://mimir.example/prometheus').href).toBe('https://mimir.example/prometheus/api/v1/query');
    expect(queryUrl('https://mimir.example/prometheus/').href).toBe('https://mimir.example/prometheus/api/v1/query');
    expect(queryUrl('http://h:9090').href).toBe('http://h:9090/api/v1/query');
  });

  it('POSTs the query form with the evaluation time and the credentials, and reads a gzipped answer', async () => {
    const c = httpDatasource({ url: `${base}/prom/`, timeoutMs: 5_000, basicAuth: { username: 'u', password: new Secret('p@ss') } });
    const a = await c.query('up == 0', 1_700_000_000_123);
    expect(a).toEqual({ type: 'vector', samples: [{ labels: { q: 'up == 0' }, v: 42 }] });
    const s = seen.at(-1)!;
    expect(s.url).toBe('/prom/api/v1/query');
    expect(s.auth).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`);
    expect(s.body.get('time')).toBe('1700000000.123');
    expect(s.body.get('timeout')).toBe('5s');
    const b = httpDatasource({ url: base, timeoutMs: 5_000, authorization: { type: 'Bearer', credentials: new Secret('tok') } });
    await b.query('up', 0);
    expect(seen.at(-1)!.auth).toBe('Bearer tok');
  });

  it('gives up after its timeout with a retryable error', async () => {
    const c = httpDatasource({ url: base, timeoutMs: 300 });
    const err = await c.query('slow', 0).catch((e: unknown) => e);
    expect(DaemonError.is(err) && err.code).toBe('DATASOURCE_UNAVAILABLE');
    expect(DaemonError.is(err) && err.retryable).toBe(true);
    expect(String((err as Error).message)).toBe('datasource did not answer within 300 ms');
  });
});
