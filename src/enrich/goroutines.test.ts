import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { growingStacks, parseGoroutineProfile } from './goroutines.js';

// test/fixtures/pprof: /debug/pprof/goroutine of test/e2e/pproftarget in goroutine mode, where
// main.(*Client).awaitReply blocks forever on a channel; each pair was taken seconds apart.
const fx = (n: string) => readFileSync(new URL(`../../test/fixtures/${n}`, import.meta.url));

describe('goroutine profiles', () => {
  it('parses debug=1 text: header, counts and symbolized frames', () => {
    const d = parseGoroutineProfile(fx('pprof/goroutine-2.txt'));
    expect(d.format).toBe('debug=1');
    expect(d.stacks.reduce((s, x) => s + x.count, 0)).toBe(d.total);
    expect(d.stacks[0]!.frames[0]).toMatchObject({ fn: 'main.(*Client).awaitReply', line: 46 });
  });

  it.each([
    ['debug=1', 'pprof/goroutine-1.txt', 'pprof/goroutine-2.txt'],
    ['debug=2', 'pprof/goroutine-1.debug2.txt', 'pprof/goroutine-2.debug2.txt'],
    ['protobuf', 'pprof/goroutine-1.pb.gz', 'pprof/goroutine-2.pb.gz'],
  ])('%s: the growing stack is the leak, blocked in awaitReply (main.go:46)', (format, a, b) => {
    const da = parseGoroutineProfile(fx(a));
    const db = parseGoroutineProfile(fx(b));
    expect(da.format).toBe(format);
    const g = growingStacks(da, db);
    expect(g[0]!.blockedIn).toMatchObject({ fn: 'main.(*Client).awaitReply', line: 46 });
    expect(g[0]!.where).toBe('main.(*Client).awaitReply (main.go:46)');
    expect(g[0]!.frames.map((f) => f.fn)).toEqual(['main.(*Client).awaitReply', 'main.(*Client).call.func1']);
    expect(g[0]!.delta).toBeGreaterThanOrEqual(10);
    expect(g[0]!.after).toBe(db.stacks.find((s) => s.key === g[0]!.key)!.count);
    if (format === 'debug=2') expect(g[0]!.state).toBe('chan receive');
    if (format === 'protobuf') expect(db.timeMs! - da.timeMs!).toBeGreaterThan(5000);
  });

  it('debug=2 from newer runtimes: gp=/m= in the header, elided frames', () => {
    const text = fx('pprof/goroutine-2.debug2.txt')
      .toString('utf8')
      .replace(/^goroutine (\d+) \[/gm, 'goroutine $1 gp=0xc000007340 m=nil [')
      .replace(/^(created by .*)$/m, '...additional frames elided...\n$1');
    const plain = parseGoroutineProfile(fx('pprof/goroutine-2.debug2.txt'));
    const newer = parseGoroutineProfile(text);
    expect(newer.total).toBe(plain.total);
    expect(newer.stacks.map((x) => [x.key, x.count])).toEqual(plain.stacks.map((x) => [x.key, x.count]));
  });

  it('the same stack has the same key in every form', () => {
    const keys = ['pprof/goroutine-2.txt', 'pprof/goroutine-2.debug2.txt', 'pprof/goroutine-2.pb.gz'].map((f) => parseGoroutineProfile(fx(f)).stacks.find((s) => s.frames.some((x) => x.fn.includes('awaitReply')))!.key);
    expect(new Set(keys).size).toBe(1);
  });

  it('the recorded goroutine_leak scenario too', () => {
    const g = growingStacks(parseGoroutineProfile(fx('diagnose/enrich/goroutine-a.txt')), parseGoroutineProfile(fx('diagnose/enrich/goroutine-b.txt')));
    expect(g[0]!.where).toMatch(/^main\.main\.func1 \(main\.go:\d+\)$/);
  });

  it('blames the program\'s frame, not the standard-library call it waits in', () => {
    const g = growingStacks(parseGoroutineProfile(fx('pprof/mutex-goroutine-1.txt')), parseGoroutineProfile(fx('pprof/mutex-goroutine-2.txt')));
    expect(g[0]!.blockedIn).toMatchObject({ fn: 'main.(*Ledger).Record', line: 152 });
    expect(g[0]!.waitsIn).toBe('sync.(*Mutex).Lock');
  });

  it('rejects text that is not a dump', () => {
    expect(() => parseGoroutineProfile('hello')).toThrow(DaemonError);
    expect(() => parseGoroutineProfile(fx('pprof/heap-1.pb.gz'))).toThrow(/without a goroutine sample type/);
  });
});
