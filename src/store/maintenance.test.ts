import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../core/clock.js';
import type { DaemonError } from '../core/errors.js';
import { MemoryStore, type CompactResult } from './memory.js';
import { startStoreMaintenance } from './maintenance.js';
import { SNAPSHOT_FILE, loadSnapshot, type SnapshotResult } from './snapshot.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leaksleuth-maint-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('startStoreMaintenance', () => {
  it('compacts on the clock, snapshots periodically and once more on stop', async () => {
    const clock = new ManualClock(10 * 3600_000);
    const store = new MemoryStore({ rawRetentionMs: 3600_000, staleAfterMs: 2 * 3600_000 });
    store.append({ __name__: 'old' }, 1000, 1);
    const compactions: [CompactResult, number][] = [];
    const snaps: SnapshotResult[] = [];
    let snapped: () => void = () => {};
    const m = startStoreMaintenance({
      store,
      clock,
      dir,
      compactEveryMs: 60_000,
      snapshotEveryMs: 300_000,
      onCompact: (r, at) => compactions.push([r, at]),
      onSnapshot: (r) => {
        snaps.push(r);
        snapped();
      },
    });
    clock.advance(60_000);
    expect(compactions).toHaveLength(1);
    expect(compactions[0]![1]).toBe(10 * 3600_000 + 60_000);
    expect(compactions[0]![0].droppedSeries).toBe(1);

    store.append({ __name__: 'live' }, clock.now(), 7);
    const first = new Promise<void>((r) => (snapped = r));
    clock.advance(240_000);
    await first;
    expect(compactions).toHaveLength(5);
    expect(snaps).toHaveLength(1);
    expect((await loadSnapshot(dir)).labelValues('__name__')).toEqual(['live']);

    store.append({ __name__: 'late' }, clock.now(), 8);
    const last = await m.stop();
    expect(last?.series).toBe(2);
    expect((await loadSnapshot(dir)).labelValues('__name__')).toEqual(['late', 'live']);
    clock.advance(3600_000);
    expect(compactions).toHaveLength(5);
  });

  it('reports a failing periodic save and keeps running', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryStore();
    store.append({ __name__: 'x' }, 1, 1);
    // A file where the data directory should be makes every save fail.
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'not a directory');
    const errors: DaemonError[] = [];
    let failed: () => void = () => {};
    const m = startStoreMaintenance({
      store,
      clock,
      dir: blocked,
      snapshotEveryMs: 1000,
      onError: (e) => {
        errors.push(e);
        failed();
      },
    });
    const p = new Promise<void>((r) => (failed = r));
    clock.advance(1000);
    await p;
    expect(errors[0]?.code).toBe('STORE_SNAPSHOT');
    await rm(blocked);
    await mkdir(blocked);
    await expect(m.stop()).resolves.toMatchObject({ series: 1, path: join(blocked, SNAPSHOT_FILE) });
  });
});
