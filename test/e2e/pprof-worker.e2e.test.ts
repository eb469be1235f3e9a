/**
 * The compiled collector (dist/) analyses profiles in a worker thread: a loopback server plays a Go
 * service handing out the real captures in test/fixtures/pprof, and the report must name the leak.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Collector from '../../src/enrich/collector.js';
import type * as Fetch from '../../src/enrich/fetch.js';

let server: http.Server;
let base = '';
let n = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if ((req.url ?? '').endsWith('/heap')) res.end(readFileSync(`test/fixtures/pprof/heap-${Math.min(3, ++n)}.pb.gz`));
    else res.end(readFileSync('test/fixtures/pprof/goroutine-1.txt'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('compiled PprofCollector', () => {
  it('analyses in a worker thread and names the leak', async () => {
    const c = (await import(pathToFileURL(resolve('dist/enrich/collector.js')).href)) as typeof Collector;
    const f = (await import(pathToFileURL(resolve('dist/enrich/fetch.js')).href)) as typeof Fetch;
    expect(c.analysesInWorker()).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-pprof-worker-'));
    const col = new c.PprofCollector(() => dir, f.fetchProfile, () => ({ enabled: true, allowNonLoopback: false, intervalMs: 1000, suspectIntervalMs: 1000, keep: 3, maxAgeMs: 6 * 3_600_000, timeoutMs: 2000, maxBytes: 1 << 20, maxTargetsPerCycle: 1 }));
    const t = { job: 'api', instance: 'a:1', baseUrl: base };
    for (const at of [1000, 2000, 3000]) await col.cycle([t], () => true, at);
    const r = col.report(t)!;
    expect(r.heapProfiles).toBe(3);
    expect(r.where[0]!.text).toMatch(/in `main\.\(\*Store\)\.Put` \(main\.go:30\)/);
  });
});
