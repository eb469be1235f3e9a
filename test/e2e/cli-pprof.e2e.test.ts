/**
 * `leaksleuth diagnose` with pprof, as a user runs it (the compiled bin in a child process): profiles
 * given as files (real captures of test/e2e/pproftarget in test/fixtures/pprof) with a recording, and
 * live `--target … --pprof` against the real Go program built here, which registers net/http/pprof.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { buildGo } from '../helpers/go.js';
import { freePort } from '../helpers/net.js';


/** freePort asks the kernel for a free loopback port (the Go programs take an address, not port 0 and a report). */

const fx = (n: string): string => `test/fixtures/pprof/${n}`;
const heapArgs = ['--heap-profile', fx('heap-3.pb.gz'), '--heap-profile', fx('heap-1.pb.gz'), '--heap-profile', fx('heap-2.pb.gz')]; // order put right by time

describe('leaksleuth diagnose with profile files', () => {
  it('names the leaking function of a heap leak in text and JSON', async () => {
    const r = await cli(['diagnose', '--openmetrics', 'test/fixtures/diagnose/heap_leak/recording.om.gz', ...heapArgs]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/- \+\d+(\.\d)? MiB in `main\.\(\*Store\)\.Put` \(main\.go:30\) since \d\d:\d\d UTC, \d+ % of the growth/);
    expect(r.stdout).toContain('http://127.0.0.1:19102/debug/pprof/heap');
    expect(r.stdout).not.toContain('HOST');
    const j = await cli(['diagnose', '--json', '--openmetrics', 'test/fixtures/diagnose/heap_leak/recording.om.gz', ...heapArgs]);
    const out = JSON.parse(j.stdout) as { verdict: string; findings: Array<{ verdict: string; where: Array<{ function: string; line: number; share: number }> }>; pprof: { heapProfiles: number } };
    expect(out.pprof.heapProfiles).toBe(3);
    const f = out.findings.find((x) => x.verdict === 'heap_leak')!;
    expect(f.where[0]).toMatchObject({ function: 'main.(*Store).Put', line: 30 });
    expect(f.where[0]!.share).toBeGreaterThan(0.8);
  });

  it('names the blocking function of a goroutine leak from one dump or two, in any form', async () => {
    for (const files of [['goroutine-2.txt'], ['goroutine-1.debug2.txt', 'goroutine-2.debug2.txt'], ['goroutine-1.pb.gz', 'goroutine-2.pb.gz']]) {
      const r = await cli(['diagnose', '--openmetrics', 'test/fixtures/diagnose/goroutine_leak/recording.om.gz', ...files.flatMap((f) => ['--goroutine-profile', fx(f)])]);
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(/\d+ goroutines blocked in `main\.\(\*Client\)\.awaitReply` \(main\.go:46\)/);
    }
    // given newest first: protobuf dumps carry their time, so the order is put right
    const pb = await cli(['diagnose', '--goroutine-profile', fx('goroutine-2.pb.gz'), '--goroutine-profile', fx('goroutine-1.pb.gz')]);
    expect(pb.stdout).toMatch(/goroutines blocked in `main\.\(\*Client\)\.awaitReply` \(main\.go:46\), \+\d+\/s/);
  });

  it('a file that is not a profile is an error naming it', async () => {
    const r = await cli(['diagnose', '--openmetrics', 'test/fixtures/diagnose/heap_leak/recording.om.gz', '--heap-profile', fx('goroutine-1.txt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('goroutine-1.txt');
  });
});

describe('leaksleuth diagnose --target --pprof', () => {
  const procs: ChildProcess[] = [];
  afterAll(() => procs.forEach((p) => p.kill('SIGKILL')));

  async function start(bin: string, ...args: string[]): Promise<string> {
    const port = await freePort();
    const p = spawn(bin, [`127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    procs.push(p);
    await new Promise<void>((r) => p.stdout!.once('data', () => r()));
    return `http://127.0.0.1:${port}/metrics`;
  }

  it('fetches heap and goroutine profiles itself and names both functions', async () => {
    const bin = await buildGo('test/e2e/pproftarget');
    const heapUrl = await start(bin, 'heap', '64');
    const gorUrl = await start(bin, 'goroutine', '50');
    const [h, g] = await Promise.all([
      cli(['diagnose', '--target', heapUrl, '--pprof', '--duration', '6s', '--interval', '1s', '--json']),
      cli(['diagnose', '--target', gorUrl, '--pprof', '--duration', '6s', '--interval', '1s']),
    ]);
    const hj = JSON.parse(h.stdout) as { pprof: { where: Array<{ kind: string; function: string; text: string }>; errors: string[] } };
    expect(hj.pprof.errors).toEqual([]);
    expect(hj.pprof.where.find((w) => w.kind === 'heap')!.function).toBe('main.(*Store).Put');
    expect(g.stdout).toMatch(/goroutines blocked in `main\.\(\*Client\)\.awaitReply` \(main\.go:\d+\), \+\d+\/s/);
  }, 120_000);

  it('a target without net/http/pprof is reported as such, not a crash', async () => {
    const url = await start(await buildGo('test/e2e/gotarget'));
    const r = await cli(['diagnose', '--target', url, '--pprof', '--duration', '2s', '--interval', '1s']);
    expect([0, 2]).toContain(r.code);
    expect(r.stdout).toMatch(/! heap: 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/heap: net\/http\/pprof is not registered/);
  }, 120_000);
});
