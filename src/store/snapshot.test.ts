import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { DaemonError } from '../core/errors.js';
import { STALE_NAN, isStaleNaN } from '../model/sample.js';
import type { Matcher } from '../model/matcher.js';
import { MemoryStore } from './memory.js';
import { SNAPSHOT_FILE, loadSnapshot, restoreStore, saveSnapshot } from './snapshot.js';
import { retainMetrics, type StoreOptions } from './options.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const all: Matcher[] = [{ name: '__name__', type: '=~', value: '.+' }];
const opts: StoreOptions = { rawRetentionMs: HOUR, rollupIntervals: [{ intervalMs: MIN, retentionMs: 24 * HOUR }], samplesPerChunk: 16 };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leaksleuth-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fill(s: MemoryStore): void {
  for (let j = 0; j < 20; j++) {
    const l = { __name__: j % 2 ? 'go_memstats_heap_inuse_bytes' : 'go_goroutines', pod: `p-${j}`, job: 'api' };
    for (let i = 0; i < 500; i++) s.append(l, i * 15_000, i === 250 ? STALE_NAN : j * 1e6 + i * 4096 + Math.sin(i) * (j % 3));
  }
  s.compact(500 * 15_000);
}

function dump(s: MemoryStore, rollup?: 'avg' | 'last') {
  return s.select(all, -Infinity, Infinity, rollup ? { rollup } : undefined).map((d) => ({ labels: d.labels, t: Array.from(d.t), v: Array.from(d.v, (x) => (Number.isNaN(x) ? (isStaleNaN(x) ? 'stale' : 'nan') : x)) }));
}

describe('snapshot', () => {
  it('round-trips raw samples, rollups, open buckets and encoder state', async () => {
    const a = new MemoryStore(opts);
    fill(a);
    expect(a.stats().rollupBuckets).toBeGreaterThan(0);
    const res = await saveSnapshot(a, dir);
    expect(res).toMatchObject({ series: 20, path: join(dir, SNAPSHOT_FILE) });
    expect(await readdir(dir)).toEqual([SNAPSHOT_FILE]);

    const b = await loadSnapshot(dir, opts);
    expect(dump(b)).toEqual(dump(a));
    expect(dump(b, 'avg')).toEqual(dump(a, 'avg'));
    expect(b.stats()).toMatchObject({ series: 20, samples: a.stats().samples, rollupBuckets: a.stats().rollupBuckets });
    expect(b.labelValues('pod')).toEqual(a.labelValues('pod'));

    // Both stores keep going identically: same order checks, same chunks, same compaction.
    const l = { __name__: 'go_goroutines', pod: 'p-0', job: 'api' };
    for (const s of [a, b]) {
      expect(s.append(l, 100, 1)).toBe(false);
      for (let i = 500; i < 700; i++) s.append(l, i * 15_000, i);
      s.compact(700 * 15_000);
    }
    expect(dump(b, 'last')).toEqual(dump(a, 'last'));
  });

  it('writes a snapshot larger than its 1 MiB pieces as one file that loads back whole', async () => {
    const a = new MemoryStore(opts);
    for (let j = 0; j < 6000; j++) {
      const l = Object.freeze({ __name__: 'm', series: `s-${j}`, pad: 'x'.repeat(64) });
      for (let i = 0; i < 40; i++) a.append(l, i * 15_000, Math.sin(i * j) * 1e9);
    }
    const res = await saveSnapshot(a, dir);
    expect(res.bytes).toBeGreaterThan(3 * 2 ** 20);
    expect((await readFile(join(dir, SNAPSHOT_FILE))).length).toBe(res.bytes);
    const b = await loadSnapshot(dir, opts);
    expect(dump(b)).toEqual(dump(a));
  });

  it('reports a failed save as STORE_SNAPSHOT and leaves no temp file behind', async () => {
    const a = new MemoryStore(opts);
    fill(a);
    // A non-empty directory where the snapshot goes: the temp file is written, the rename fails.
    await mkdir(join(dir, SNAPSHOT_FILE, 'x'), { recursive: true });
    await expect(saveSnapshot(a, dir)).rejects.toMatchObject({ code: 'STORE_SNAPSHOT', message: expect.stringContaining('cannot write') });
    expect(await readdir(dir)).toEqual([SNAPSHOT_FILE]);
  });

  it('gives an empty store when there is no snapshot yet', async () => {
    const s = await loadSnapshot(join(dir, 'never-written'), opts);
    expect(s.stats().series).toBe(0);
  });

  it('replaces the previous snapshot and leaves no temp files', async () => {
    const a = new MemoryStore(opts);
    a.append({ __name__: 'one' }, 1, 1);
    await saveSnapshot(a, dir);
    a.append({ __name__: 'two' }, 1, 2);
    await saveSnapshot(a, dir);
    expect(await readdir(dir)).toEqual([SNAPSHOT_FILE]);
    expect((await loadSnapshot(dir, opts)).labelValues('__name__')).toEqual(['one', 'two']);
  });

  it('reports a flipped byte as STORE_SNAPSHOT', async () => {
    const a = new MemoryStore(opts);
    fill(a);
    await saveSnapshot(a, dir);
    const path = join(dir, SNAPSHOT_FILE);
    const data = await readFile(path);
    data[Math.floor(data.length / 2)]! ^= 0x10;
    await writeFile(path, data);
    await expect(loadSnapshot(dir, opts)).rejects.toSatisfy((e: unknown) => DaemonError.is(e) && e.code === 'STORE_SNAPSHOT' && /checksum/.test(e.message));
  });

  it('reports every truncation as STORE_SNAPSHOT, never a crash (property)', async () => {
    const a = new MemoryStore(opts);
    fill(a);
    await saveSnapshot(a, dir);
    const data = await readFile(join(dir, SNAPSHOT_FILE));
    const { decodeSnapshot } = await import('./snapshot-codec.js');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: data.length - 1 }), (cut) => {
        expect(() => decodeSnapshot(data.subarray(0, cut), opts)).toThrow(DaemonError);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a file of another kind or version', async () => {
    const path = join(dir, SNAPSHOT_FILE);
    await writeFile(path, 'this is not a snapshot at all, just text');
    await expect(loadSnapshot(dir)).rejects.toThrow(/bad magic/);
  });

  it('loads lists that were never packed and packs their next chunks; refuses versions it does not know', async () => {
    // Lists rebuilt by the snapshot loader from a private ChunkList are unpacked streaming chunks,
    // as every list of a version 1 file was (that file itself is test/fixtures/store/v1.snapshot).
    const a = new MemoryStore(opts);
    fill(a);
    const { decodeSnapshot, encodeSnapshot } = await import('./snapshot-codec.js');
    const { ChunkList } = await import('./chunks.js');
    const unpacked = new MemoryStore(opts);
    for (const s of a.allSeries()) {
      const raw = new ChunkList(1, 16);
      const d = s.raw.read(-Infinity, Infinity);
      for (let i = 0; i < d.t.length; i++) raw.append(d.t[i]!, d.v[0]![i]!);
      unpacked.adopt(s.labels, raw).tiers = s.tiers;
    }
    expect([...unpacked.allSeries()].some((s) => s.raw.chunks().some((c) => c.packed))).toBe(false);
    const stamp = (bytes: Uint8Array, version: number) => {
      const out = bytes.slice();
      const view = new DataView(out.buffer);
      view.setUint32(8, version, true);
      view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
      return out;
    };
    const b = decodeSnapshot(encodeSnapshot(unpacked), opts);
    expect(dump(b)).toEqual(dump(a));
    expect(dump(b, 'avg')).toEqual(dump(a, 'avg'));
    // Appends after the load go on packing as usual.
    const l = { __name__: 'go_goroutines', pod: 'p-0', job: 'api' };
    for (let i = 500; i < 540; i++) b.append(l, i * 15_000, 7);
    expect([...b.allSeries()][0]!.raw.chunks().some((c) => c.packed)).toBe(true);
    expect(() => decodeSnapshot(stamp(encodeSnapshot(a), 4), opts)).toThrow(/unsupported version 4 \(this build reads 1, 2, 3\)/);
  });

  it('loads the version 1 and 2 files earlier builds wrote (test/fixtures/store)', async () => {
    const { decodeSnapshot } = await import('./snapshot-codec.js');
    const fixtures = join(import.meta.dirname, '../../test/fixtures/store');
    const want = JSON.parse(await readFile(join(fixtures, 'expected.json'), 'utf8')) as { raw: unknown; avg: unknown; last: unknown; samples: number; rollupBuckets: number };
    for (const file of ['v1.snapshot', 'v2.snapshot']) {
      const s = decodeSnapshot(await readFile(join(fixtures, file)), opts);
      expect(dump(s), file).toEqual(want.raw);
      expect(dump(s, 'avg'), file).toEqual(want.avg);
      expect(dump(s, 'last'), file).toEqual(want.last);
      expect(s.stats(), file).toMatchObject({ samples: want.samples, rollupBuckets: want.rollupBuckets });
      expect([...s.allSeries()].some((x) => x.raw.chunks().some((c) => c.packed)), file).toBe(file === 'v2.snapshot');
      // The loaded lists keep working: appends after the load land after the restored samples.
      const l = { __name__: 'go_goroutines', pod: 'p-0', job: 'api' };
      for (let i = 497; i < 600; i++) expect(s.append(l, i * 15_000, i)).toBe(true);
      const got = s.select([{ name: 'pod', type: '=', value: 'p-0' }, { name: '__name__', type: '=', value: 'go_goroutines' }], -Infinity, Infinity)[0]!;
      expect(Array.from(got.t).slice(-103)).toEqual(Array.from({ length: 103 }, (_, k) => (497 + k) * 15_000));
    }
  });

  it('restoreStore starts empty on a damaged snapshot, reports it and sets it aside', async () => {
    const a = new MemoryStore(opts);
    fill(a);
    await saveSnapshot(a, dir);
    const path = join(dir, SNAPSHOT_FILE);
    const data = await readFile(path);
    await writeFile(path, data.subarray(0, data.length - 100));
    const r = await restoreStore(dir, opts);
    expect(r.store.stats().series).toBe(0);
    expect(r.error?.code).toBe('STORE_SNAPSHOT');
    expect(r.error?.message).toContain(path);
    expect((await readdir(dir)).sort()).toEqual([`${SNAPSHOT_FILE}.corrupt`]);
    // The next start is clean.
    expect((await restoreStore(dir, opts)).error).toBeUndefined();
  });

  it('applies the current retain filter and drops rollups whose tiers changed', async () => {
    const a = new MemoryStore(opts);
    fill(a);
    await saveSnapshot(a, dir);
    const b = await loadSnapshot(dir, { ...opts, retain: retainMetrics(['go_goroutines']) });
    expect(b.labelValues('__name__')).toEqual(['go_goroutines']);
    const c = await loadSnapshot(dir, { ...opts, rollupIntervals: [{ intervalMs: 5 * MIN, retentionMs: HOUR }] });
    expect(c.stats()).toMatchObject({ series: 20, rollupBuckets: 0, samples: a.stats().samples });
  });

  it('snapshots random stores exactly (property)', async () => {
    const { decodeSnapshot, encodeSnapshot } = await import('./snapshot-codec.js');
    const sample = fc.record({ s: fc.integer({ min: 0, max: 5 }), dt: fc.integer({ min: 1, max: 200_000 }), v: fc.oneof(fc.double(), fc.integer(), fc.constant(STALE_NAN)) });
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 300 }), fc.integer({ min: 0, max: 40 * MIN }), (ops, at) => {
        const a = new MemoryStore({ ...opts, rawRetentionMs: 10 * MIN });
        const t = new Map<number, number>();
        for (const o of ops) {
          const next = (t.get(o.s) ?? 0) + o.dt;
          t.set(o.s, next);
          a.append({ __name__: 'm', s: String(o.s), e: o.s % 2 ? 'odd' : '' }, next, o.v);
        }
        a.compact(at);
        const b = decodeSnapshot(encodeSnapshot(a), { ...opts, rawRetentionMs: 10 * MIN });
        expect(dump(b)).toEqual(dump(a));
        expect(dump(b, 'avg')).toEqual(dump(a, 'avg'));
      }),
      { numRuns: 60 },
    );
  });
});
