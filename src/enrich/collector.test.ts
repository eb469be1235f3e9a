import http from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, PprofCollector, type CollectorOptions } from './collector.js';
import { fetchProfile } from './fetch.js';

// a loopback server that plays a Go service: it hands out the real captures in test/fixtures/pprof in
// order, answers 404 under /nopprof (no net/http/pprof), 401 under /auth, and never answers under /slow
const fx = (n: string) => readFileSync(new URL(`../../test/fixtures/pprof/${n}`, import.meta.url));
let server: http.Server;
let base = '';
let heapN = 0;
let gorN = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = req.url ?? '';
    if (u.startsWith('/slow')) return; // never answers
    if (u.startsWith('/nopprof')) return void res.writeHead(404).end('404 page not found\n');
    if (u.startsWith('/auth')) return void res.writeHead(401).end();
    if (u.endsWith('/debug/pprof/heap')) return void res.end(fx(`heap-${Math.min(3, ++heapN)}.pb.gz`));
    if (u.includes('/debug/pprof/goroutine')) return void res.end(fx(`goroutine-${[1, 1, 2][Math.min(2, gorN++)]}.txt`));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const opts = (o: Partial<CollectorOptions> = {}): (() => CollectorOptions) => () => ({ enabled: true, allowNonLoopback: false, intervalMs: 30 * 60_000, suspectIntervalMs: 5 * 60_000, keep: 2, maxAgeMs: 6 * 3_600_000, timeoutMs: 1000, maxBytes: 1 << 20, maxTargetsPerCycle: 2, ...o });

describe('PprofCollector', () => {
  it('fetches a baseline, then again once the target is suspicious, keeps `keep` files and names the leak', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-pprof-'));
    const c = new PprofCollector(() => dir, fetchProfile, opts());
    const t = { job: 'api', instance: 'x:1', baseUrl: base };
    const t0 = 1_800_000_000_000;
    await c.cycle([t], () => false, t0);
    expect(c.report(t)!.heapProfiles).toBe(1);
    await c.cycle([t], () => false, t0 + 60_000); // healthy: not due before the rolling interval
    expect(c.report(t)!.heapProfiles).toBe(1);
    await c.cycle([t], () => true, t0 + 5 * 60_000); // suspicious: due after suspect_interval
    await c.cycle([t], () => true, t0 + 10 * 60_000);
    const r = c.report(t)!;
    expect(r.heapProfiles).toBe(2); // keep: 2 — the baseline from before the suspicion and the newest
    expect(readdirSync(join(dir, 'api_x_1')).sort()).toEqual([`goroutine-${t0}.txt`, `goroutine-${t0 + 600_000}.txt`, `heap-${t0}.pb.gz`, `heap-${t0 + 600_000}.pb.gz`]);
    expect(r.where.find((w) => w.kind === 'heap')!.function).toBe('main.(*Store).Put');
    expect(r.where.find((w) => w.kind === 'goroutine')!.text).toMatch(/goroutines blocked in `main\.\(\*Client\)\.awaitReply` \(main\.go:46\), \+\d/);
    // a restart picks the kept files up again
    const again = new PprofCollector(() => dir, fetchProfile, opts());
    await again.cycle([t], () => false, t0 + 11 * 60_000);
    expect(again.report(t)!.where.map((w) => w.function)).toContain('main.(*Store).Put');
    // a baseline older than the window (6 h) is dropped, not compared
    await again.cycle([t], () => false, t0 + 7 * 3_600_000);
    expect(readdirSync(join(dir, 'api_x_1')).filter((f) => f.startsWith('heap-'))).toEqual([`heap-${t0 + 7 * 3_600_000}.pb.gz`]);
  });

  it('removes the profiles of a target gone for a day, keeps those of live ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-pprof-'));
    const c = new PprofCollector(() => dir, fetchProfile, opts());
    const a = { job: 'api', instance: 'a:1', baseUrl: base };
    const b = { job: 'api', instance: 'b:1', baseUrl: base };
    await c.cycle([a, b], () => false, 10 * 3_600_000);
    expect(readdirSync(dir).sort()).toEqual(['api_a_1', 'api_b_1']);
    await c.cycle([a], () => false, 20 * 3_600_000); // b gone for 10 h: kept
    expect(readdirSync(dir).sort()).toEqual(['api_a_1', 'api_b_1']);
    await c.cycle([a], () => false, 35 * 3_600_000); // b gone for 25 h: removed
    expect(readdirSync(dir)).toEqual(['api_a_1']);
  });

  it('reports 404, 401 and timeouts as such, and never throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-pprof-'));
    const c = new PprofCollector(() => dir, fetchProfile, opts({ timeoutMs: 300 }));
    const ts = [
      { job: 'a', instance: 'a:1', baseUrl: `${base}/nopprof` },
      { job: 'b', instance: 'b:1', baseUrl: `${base}/auth` },
    ];
    await c.cycle(ts, () => true, 1);
    expect(c.report(ts[0]!)!.errors[0]).toMatch(/^heap: 404 Not Found from .*: net\/http\/pprof is not registered/);
    expect(c.report(ts[1]!)!.errors[0]).toMatch(/^heap: 401 from .*requires authorization/);
    const slow = { job: 'c', instance: 'c:1', baseUrl: `${base}/slow` };
    await c.cycle([slow], () => true, 1);
    expect(c.report(slow)!.errors[0]).toMatch(/^heap: timed out after 0.3s/);
  });

  it('profiles only opted-in jobs on loopback, and says why not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-pprof-'));
    const c = new PprofCollector(() => dir, fetchProfile, opts({ jobs: ['api'] }));
    const remote = { job: 'api', instance: '10.0.0.5:6060', baseUrl: 'http://10.0.0.5:6060' };
    expect(c.report(remote)!.errors[0]).toMatch(/not fetched: 10\.0\.0\.5:6060 is not a loopback address/);
    expect(c.report({ job: 'other', instance: 'x', baseUrl: base })).toBeUndefined();
    await c.cycle([remote], () => true, 1);
    expect(readdirSync(dir)).toEqual([]);
    expect(isLoopbackHost('127.0.0.2')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('192.168.1.1')).toBe(false);
    expect(isLoopbackHost('127.example.com')).toBe(false);
  });
});
