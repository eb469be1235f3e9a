import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { growingStacks, parseGoroutineDump } from './goroutines.js';

// dumps taken from the real goroutine_leak scenario program (scripts/record/go/goroutine_leak) 5 s apart
const fx = (n: string) => readFileSync(new URL(`../../test/fixtures/diagnose/enrich/${n}`, import.meta.url), 'utf8');

describe('goroutine dumps', () => {
  it('parses the header, counts and symbolized frames', () => {
    const d = parseGoroutineDump(fx('goroutine-a.txt'));
    expect(d.total).toBeGreaterThan(1000);
    expect(d.stacks.reduce((s, x) => s + x.count, 0)).toBe(d.total);
    const top = d.stacks[0]!;
    expect(top.frames[0]!.fn).toBe('main.main.func1');
    expect(top.frames[0]!.file).toMatch(/goroutine_leak\/main\.go$/);
  });
  it('finds the leaking stack as the one that grows', () => {
    const g = growingStacks(parseGoroutineDump(fx('goroutine-a.txt')), parseGoroutineDump(fx('goroutine-b.txt')));
    expect(g[0]!.where).toMatch(/^main\.main\.func1 /);
    expect(g[0]!.delta).toBeGreaterThanOrEqual(20);
  });
  it('rejects text that is not a dump', () => {
    expect(() => parseGoroutineDump('hello')).toThrow(DaemonError);
  });
});
