import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnosis, Finding } from '../model/finding.js';
import { applyPprof, withInstanceUrl } from './apply.js';
import { parseGoroutineProfile } from './goroutines.js';
import { parseHeapProfile } from './heap-profile.js';
import { goroutineWhere, heapWhere, pprofReport } from './where.js';

const fx = (n: string) => readFileSync(new URL(`../../test/fixtures/pprof/${n}`, import.meta.url));
const heap = [1, 2, 3].map((i) => parseHeapProfile(fx(`heap-${i}.pb.gz`)));

const finding = (verdict: Finding['verdict'], recommendations: string[] = []): Finding => ({ verdict, confidence: 0.9, window: { start: 0, end: 1 }, evidence: [], explanation: 'Grows.', recommendations });
const diag = (...findings: Finding[]): Diagnosis => ({ target: 'api/127.0.0.1:6060', at: 1, verdict: findings[0]!.verdict, confidence: 0.9, findings });

describe('where lines', () => {
  it('heap: growth, function, file:line, time and share', () => {
    const { where, cumulative } = heapWhere(heap);
    expect(where[0]!.text).toMatch(/^\+\d+\.\d MiB in `main\.\(\*Store\)\.Put` \(main\.go:30\) since \d\d:\d\d UTC, \d+ % of the growth$/);
    expect(where[0]!.since).toBe(Math.round(heap[0]!.timeNanos / 1e6));
    expect(where[0]!.frames[0]).toMatch(/^main\.\(\*Store\)\.Put \/.*main\.go:30$/);
    expect(cumulative.map((c) => c.function)).toContain('main.main.func1');
  });

  it('heap: one profile names what is held', () => {
    const { where } = heapWhere([heap[2]!]);
    expect(where[0]!.text).toMatch(/in use from `main\.\(\*Store\)\.Put` \(main\.go:30\), \d+ % of the profiled heap$/);
  });

  it('goroutines: count with thousands separators, rate from the dump times', () => {
    const a = parseGoroutineProfile(fx('goroutine-1.txt'));
    const b = parseGoroutineProfile(fx('goroutine-2.txt'));
    const w = goroutineWhere([a, b], [0, 10_000]);
    expect(w[0]!.text).toBe(`${b.stacks[0]!.count} goroutines blocked in \`main.(*Client).awaitReply\` (main.go:46), +${Math.round(w[0]!.delta! / 10)}/s`);
    expect(goroutineWhere([a, b])[0]!.text).toMatch(/, \+\d+ since the first dump$/);
    const big = { ...b, total: 1300, stacks: b.stacks.map((s, i) => (i === 0 ? { ...s, count: 1200 } : s)) };
    expect(goroutineWhere([big])[0]!.text).toMatch(/^1,200 goroutines blocked in .*, 92 % of 1,300$/);
  });
});

describe('applyPprof', () => {
  it('puts heap lines on heap_leak and goroutine lines on goroutine_leak, advice first, HOST replaced', () => {
    const r = pprofReport({ heap, goroutines: [parseGoroutineProfile(fx('goroutine-1.pb.gz')), parseGoroutineProfile(fx('goroutine-2.pb.gz'))], errors: [] });
    const d = applyPprof(diag(finding('heap_leak', ['curl -s http://HOST/debug/pprof/heap > a.pb.gz']), finding('goroutine_leak'), finding('page_cache')), r, 'http://127.0.0.1:6060');
    const [h, g, p] = d.findings;
    expect(h!.where!.map((w) => w.kind)).toEqual(['heap']);
    expect(h!.explanation).toBe('Grows.');
    expect(h!.recommendations[0]).toMatch(/^Start at main\.\(\*Store\)\.Put \(.*main\.go:30\)/);
    expect(h!.recommendations[1]).toBe('curl -s http://127.0.0.1:6060/debug/pprof/heap > a.pb.gz');
    expect(g!.where![0]!.function).toBe('main.(*Client).awaitReply');
    expect(g!.where![0]!.text).toMatch(/\+\d+\/s$/);
    expect(p!.where).toBeUndefined();
    expect(d.pprof).toBe(r);
  });

  it('off-heap: says pprof cannot see it; failures land in missing', () => {
    const r = pprofReport({ heap: [], goroutines: [], errors: ['heap: 404 Not Found from http://x/debug/pprof/heap: net/http/pprof is not registered'] });
    const d = applyPprof(diag(finding('offheap_leak'), finding('heap_leak')), r);
    expect(d.findings[0]!.explanation).toContain('pprof cannot see cgo or mmap memory');
    expect(d.findings[1]!.missing).toEqual(['pprof heap: 404 Not Found from http://x/debug/pprof/heap: net/http/pprof is not registered']);
  });

  it('withInstanceUrl leaves a diagnosis without HOST alone', () => {
    const d = diag(finding('healthy', ['nothing']));
    expect(withInstanceUrl(d, 'http://h:1')).toEqual(d);
  });
});
