import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { consistentGrowth, growingSites, parseHeapProfile } from './heap-profile.js';
import { fields, readVarint } from './protobuf.js';

// four /debug/pprof/heap profiles of the real heap_leak scenario program (30 MiB/min), taken 8 s apart
const fx = (n: string) => readFileSync(new URL(`../../test/fixtures/diagnose/enrich/${n}`, import.meta.url));

describe('heap profiles', () => {
  it('decodes sample types, stacks and time', () => {
    const p = parseHeapProfile(fx('heap-1.pb.gz'));
    expect(p.sampleTypes).toEqual(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    expect(p.samples.length).toBeGreaterThan(0);
    expect(p.timeNanos).toBeGreaterThan(1e18);
    expect(p.samples.some((s) => s.stack.some((f) => f.startsWith('main.main ')))).toBe(true);
  });
  it('keeps only the site that grows in every interval: the leak', () => {
    const ps = [1, 2, 3, 4].map((i) => parseHeapProfile(fx(`heap-${i}.pb.gz`)));
    const g = consistentGrowth(ps);
    expect(g[0]!.site).toMatch(/^main\.main .*heap_leak\/main\.go$/);
    expect(g[0]!.delta).toBeGreaterThan(8 * 1024 * 1024); // 30 MiB/min for 24 s ≈ 12 MiB
    expect(g[0]!.bytesPerHour).toBeGreaterThan(500 * 1024 * 1024);
    // the request workload's garbage shrank in the last interval, so it is not reported
    expect(g.some((x) => x.site.includes('recsvc.Requests'))).toBe(false);
    expect(growingSites(ps[0]!, ps[3]!).length).toBeGreaterThanOrEqual(g.length);
  });
  it('varints and bad input', () => {
    expect(readVarint(Uint8Array.from([0xac, 0x02]), 0)).toEqual([300, 2]);
    expect(fields(Uint8Array.from([0x08, 0x96, 0x01]))).toEqual([{ no: 1, num: 150 }]);
    expect(() => parseHeapProfile(gzipSync(Buffer.from([0x0a, 0x05, 0x01])))).toThrow(DaemonError);
  });
});
