import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { heapDiff, parseHeapProfile } from './heap-profile.js';
import { decodeProfile } from './profile.js';

// test/fixtures/pprof: /debug/pprof/heap of test/e2e/pproftarget in heap mode (2 MiB/s kept by
// main.(*Store).Put), 5 s apart. diagnose/enrich: the heap_leak recording scenario (main.main), 8 s apart.
const fx = (n: string) => readFileSync(new URL(`../../test/fixtures/${n}`, import.meta.url));

describe('heap profiles', () => {
  it('decodes sample types, stacks with file:line and time', () => {
    const p = parseHeapProfile(fx('pprof/heap-1.pb.gz'));
    expect(p.sampleTypes).toEqual(['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes']);
    expect(p.inuseIndex).toBe(3);
    expect(p.timeNanos).toBeGreaterThan(1.7e18);
    const put = p.samples.flatMap((s) => s.frames).find((f) => f.fn === 'main.(*Store).Put');
    expect(put?.file).toMatch(/pproftarget\/main\.go$/);
    expect(put?.line).toBeGreaterThan(0);
  });

  it('ranks the leaking function first, flat and cumulative, with most of the growth', () => {
    const ps = [1, 2, 3].map((i) => parseHeapProfile(fx(`pprof/heap-${i}.pb.gz`)));
    const d = heapDiff(ps);
    expect(d.profiles).toBe(3);
    expect(d.to - d.from).toBeGreaterThan(5000);
    const top = d.flat[0]!;
    expect(top.fn).toBe('main.(*Store).Put');
    expect(top.file).toMatch(/main\.go$/);
    expect(top.line).toBe(30); // b := make([]byte, n)
    expect(top.delta).toBeGreaterThan(8 * 2 ** 20); // 2 MiB/s for ~10 s
    expect(top.share).toBeGreaterThan(0.8);
    expect(top.steady).toBe(true);
    // cumulative: the goroutine that calls Put grows by as much
    expect(d.cumulative.map((g) => g.fn)).toEqual(expect.arrayContaining(['main.(*Store).Put', 'main.main.func1']));
    expect(d.stacks[0]!.frames[0]!.fn).toBe('main.(*Store).Put');
    expect(d.stacks[0]!.frames.map((f) => f.fn)).toContain('main.main.func1');
    // churn() makes only garbage: it must not rank as growth
    expect(d.flat.some((g) => g.fn === 'main.churn')).toBe(false);
  });

  it('finds the leak of the recorded heap_leak scenario too, and a shrinking site is not growth', () => {
    const ps = [1, 2, 3, 4].map((i) => parseHeapProfile(fx(`diagnose/enrich/heap-${i}.pb.gz`)));
    const d = heapDiff(ps);
    expect(d.flat[0]!.fn).toBe('main.main');
    expect(d.flat[0]!.delta).toBeGreaterThan(8 * 2 ** 20);
    const reversed = heapDiff([ps[3]!, ps[0]!]);
    expect(reversed.flat.some((g) => g.fn === 'main.main')).toBe(false);
  });

  it('charges growth that allocates inside the standard library to the program\'s own caller', () => {
    // buffer mode: main.(*Journal).Append writes into a bytes.Buffer that is never reset; the leaf frame
    // is bytes.growSlice, which is pprof's flat answer but not the code to fix
    const d = heapDiff([1, 2].map((i) => parseHeapProfile(fx(`pprof/buffer-heap-${i}.pb.gz`))));
    expect(d.stacks[0]!.frames[0]!.fn).toBe('bytes.growSlice');
    expect(d.flat[0]).toMatchObject({ fn: 'main.(*Journal).Append', line: 140, via: 'bytes.(*Buffer).Write' });
    expect(d.flat.some((g) => g.fn.startsWith('bytes.'))).toBe(false);
  });

  it('reads the legacy ?debug=1 text form, scaled by the sampling rate', () => {
    const [a, b] = [1, 2].map((i) => parseHeapProfile(fx(`pprof/heap-${i}.debug1.txt`)));
    const put = b!.samples.find((s) => s.frames[0]?.fn === 'main.(*Store).Put')!;
    // 11 sampled 64 KiB objects at MemProfileRate 512 KiB stand for 11 / (1 − e^(−1/8)) ≈ 94 objects
    expect(put.values[2]).toBeCloseTo(11 / (1 - Math.exp(-65536 / 524288)), 6);
    expect(put.frames[0]).toMatchObject({ fn: 'main.(*Store).Put', line: 33 });
    const d = heapDiff([a!, b!]);
    expect(d.flat[0]).toMatchObject({ fn: 'main.(*Store).Put', line: 33 });
    expect(d.from).toBe(0);
  });

  it('rejects what is not a heap profile, with a clear message', () => {
    expect(() => parseHeapProfile(gzipSync(Buffer.from([0x0a, 0x05, 0x01])))).toThrow(DaemonError);
    expect(() => parseHeapProfile(Buffer.from([0x1f, 0x8b, 0x00, 0x00]))).toThrow(/bad gzip/);
    expect(() => parseHeapProfile(fx('pprof/goroutine-1.pb.gz'))).toThrow(/no inuse_space/);
    expect(() => parseHeapProfile(Buffer.from('heap profile: garbage\n'))).toThrow(/not a heap profile/);
    expect(() => heapDiff([parseHeapProfile(fx('pprof/heap-1.pb.gz'))])).toThrow(/two or more/);
    expect(() => decodeProfile(gzipSync(Buffer.alloc(2048)), 'x.pb.gz', 1024)).toThrow(/larger than 1024 bytes/);
  });
});
