/**
 * file-sd-set: the daemon's set of file_sd watchers, one per job and `file_sd_configs` entry. A
 * reload keeps watchers whose files and interval did not change, so their targets never blink out
 * (which would write staleness markers and reset the targets' state).
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { FileSdConfig } from '../config/types.js';
import { cgroupFromLabels, type TargetGroupInput } from './target.js';
import { FileSdWatcher, type TargetGroup } from './discovery/file-sd.js';

interface Entry {
  readonly job: string;
  readonly watcher: FileSdWatcher;
  groups: readonly TargetGroup[];
}

/** FileSdSet owns the watchers and hands their groups to target building. */
export class FileSdSet {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onChange: () => void,
  ) {}

  /** set installs the watchers for the current config, reusing unchanged ones. */
  set(configs: ReadonlyArray<{ readonly job: string; readonly config: FileSdConfig }>): void {
    const next = new Map<string, Entry>();
    for (const { job, config } of configs) {
      const key = JSON.stringify([job, config.files, config.refreshIntervalMs]);
      const prev = this.entries.get(key);
      if (prev) {
        next.set(key, prev);
        continue;
      }
      const entry: Entry = {
        job,
        groups: [],
        watcher: new FileSdWatcher({
          files: config.files,
          refreshIntervalMs: config.refreshIntervalMs,
          clock: this.clock,
          onUpdate: (groups) => {
            entry.groups = groups;
            this.onChange();
          },
          onError: (err) => this.log.warn('file_sd: keeping the last good targets', { job, err: err.located() }),
        }),
      };
      next.set(key, entry);
      void entry.watcher.start();
    }
    for (const [key, e] of this.entries) if (!next.has(key)) e.watcher.stop();
    this.entries = next;
  }

  /** groups returns the discovered groups of one job, with any `__cgroup_*__` labels turned into a cgroup. */
  groups(job: string): TargetGroupInput[] {
    const out: TargetGroupInput[] = [];
    for (const e of this.entries.values()) {
      if (e.job !== job) continue;
      for (const g of e.groups) {
        const cgroup = cgroupFromLabels(g.labels);
        out.push({ targets: g.targets, labels: g.labels, source: g.source, ...(cgroup ? { cgroup } : {}) });
      }
    }
    return out;
  }

  /** stop closes every watcher. */
  stop(): void {
    for (const e of this.entries.values()) e.watcher.stop();
    this.entries.clear();
  }
}
