/**
 * maintenance: the store's background duties on the daemon's clock: compaction every minute, a
 * snapshot every few minutes, and a last snapshot on shutdown. The store itself never reads time;
 * this loop reads the injected Clock and passes `at` down.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { DaemonError, ErrorCode } from '../core/errors.js';
import type { CompactResult, MemoryStore } from './memory.js';
import { saveSnapshot, type SnapshotResult } from './snapshot.js';

/** StoreMaintenanceOptions wires the loop; only store and clock are required. */
export interface StoreMaintenanceOptions {
  readonly store: MemoryStore;
  readonly clock: Clock;
  /** dir is the data directory; without it no snapshots are written. */
  readonly dir?: string;
  readonly compactEveryMs?: number;
  readonly snapshotEveryMs?: number;
  readonly onCompact?: (result: CompactResult, at: number) => void;
  readonly onSnapshot?: (result: SnapshotResult) => void;
  /** onError hears failures of periodic work, which must not stop the loop. */
  readonly onError?: (err: DaemonError) => void;
}

/** StoreMaintenance controls a running loop. */
export interface StoreMaintenance {
  /** snapshotNow saves at once (waiting for a save already running); undefined without a dir. */
  snapshotNow(): Promise<SnapshotResult | undefined>;
  /** stop cancels the timers and writes the final snapshot; it rejects if that save fails. */
  stop(): Promise<SnapshotResult | undefined>;
}

/** startStoreMaintenance starts compaction and snapshot timers on `clock`. */
export function startStoreMaintenance(o: StoreMaintenanceOptions): StoreMaintenance {
  const compactEvery = o.compactEveryMs ?? 60_000;
  const snapshotEvery = o.snapshotEveryMs ?? 300_000;
  let stopped = false;
  let compactTimer: TimerHandle | undefined;
  let snapshotTimer: TimerHandle | undefined;
  let saving: Promise<SnapshotResult | undefined> = Promise.resolve(undefined);

  const report = (err: unknown) => {
    const e = DaemonError.is(err) ? err : new DaemonError(ErrorCode.INTERNAL, `store maintenance: ${String(err)}`, { cause: err });
    o.onError?.(e);
  };

  const compact = () => {
    if (stopped) return;
    try {
      const at = o.clock.now();
      o.onCompact?.(o.store.compact(at), at);
    } catch (err) {
      report(err);
    }
    compactTimer = o.clock.setTimeout(compact, compactEvery);
  };

  const save = (): Promise<SnapshotResult | undefined> => {
    const dir = o.dir;
    if (dir === undefined) return Promise.resolve(undefined);
    // Saves are chained, never concurrent: two writers would race on the temp file.
    saving = saving.catch(() => undefined).then(async () => {
      const r = await saveSnapshot(o.store, dir);
      o.onSnapshot?.(r);
      return r;
    });
    return saving;
  };

  const periodic = () => {
    if (stopped) return;
    save()
      .catch(report)
      .finally(() => {
        if (!stopped) snapshotTimer = o.clock.setTimeout(periodic, snapshotEvery);
      });
  };

  compactTimer = o.clock.setTimeout(compact, compactEvery);
  if (o.dir !== undefined) snapshotTimer = o.clock.setTimeout(periodic, snapshotEvery);

  return {
    snapshotNow: save,
    async stop() {
      stopped = true;
      if (compactTimer !== undefined) o.clock.clearTimeout(compactTimer);
      if (snapshotTimer !== undefined) o.clock.clearTimeout(snapshotTimer);
      return save();
    },
  };
}
