/**
 * file-sd: Prometheus file-based service discovery. Files (JSON or YAML) hold a list of
 * `{targets: [host:port], labels: {…}}` groups; the watcher re-reads them on change (fs.watch) and
 * on every refresh interval (fs.watch misses events on some filesystems), keeps a file's last good
 * groups when it turns invalid, and emits the merged groups whenever they change.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { segmentRegExp } from '../../core/glob.js';
import type { Re2 } from '../../core/re2.js';
import { DaemonError, ErrorCode, errorMessage } from '../../core/errors.js';
import { parseYamlDocument, type YamlDocument } from '../../config/yaml.js';

/** TargetGroup is one discovered group; `source` is `file:index`, like Prometheus' group source. */
export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly source: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function invalid(file: string, doc: YamlDocument, path: ReadonlyArray<string | number>, msg: string, key = false): DaemonError {
  const pos = key ? doc.keyPositionOf(path) : doc.positionOf(path);
  return new DaemonError(ErrorCode.CONFIG_INVALID, msg, { position: { file, ...pos } });
}

/** parseFileSd parses a file_sd file (JSON is YAML, so one parser serves both) and throws CONFIG_INVALID at the first problem's position. */
export function parseFileSd(text: string, file: string): TargetGroup[] {
  const doc = parseYamlDocument(text, file);
  const v = doc.value ?? [];
  if (!Array.isArray(v)) throw invalid(file, doc, [], 'file_sd file must be a list of target groups');
  return v.map((g: unknown, i): TargetGroup => {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw invalid(file, doc, [i], 'target group must be a mapping with targets and labels');
    const rec = g as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      if (k !== 'targets' && k !== 'labels') throw invalid(file, doc, [i, k], `unknown field "${k}"`, true);
    }
    const targets = rec['targets'] ?? [];
    if (!Array.isArray(targets)) throw invalid(file, doc, [i, 'targets'], 'targets must be a list of host:port strings');
    targets.forEach((t: unknown, j) => {
      if (typeof t !== 'string' || t === '' || t.includes('/')) throw invalid(file, doc, [i, 'targets', j], `invalid target ${JSON.stringify(t)}: want host:port`);
    });
    const labels = rec['labels'] ?? {};
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) throw invalid(file, doc, [i, 'labels'], 'labels must be a mapping');
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(labels)) {
      if (!LABEL_NAME.test(k)) throw invalid(file, doc, [i, 'labels', k], `invalid label name "${k}"`, true);
      if (typeof x !== 'string') throw invalid(file, doc, [i, 'labels', k], `label "${k}" must be a string`);
      out[k] = x;
    }
    return { targets: targets as string[], labels: out, source: `${file}:${i}` };
  });
}

/** globToRegExp turns a file-name pattern (`*`, `?`, `[…]`) into an anchored RE2 pattern, like filepath.Match. */
export function globToRegExp(pattern: string): Re2 {
  try {
    return segmentRegExp(pattern);
  } catch (err) {
    throw new DaemonError(ErrorCode.CONFIG_INVALID, `file_sd: ${(err as Error).message}`);
  }
}

/** expandGlob lists the files matching a pattern whose wildcards are in the last path element (as Prometheus documents). */
async function expandGlob(pattern: string): Promise<string[]> {
  const dir = dirname(pattern);
  const re = globToRegExp(basename(pattern));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter((n) => re.test(n)).map((n) => join(dir, n));
}

/** FileSdOptions configures a watcher; `onError` receives problems, `onUpdate` the merged groups. */
export interface FileSdOptions {
  readonly files: readonly string[];
  readonly refreshIntervalMs: number;
  readonly clock: Clock;
  readonly onUpdate: (groups: readonly TargetGroup[]) => void;
  readonly onError: (err: DaemonError) => void;
}

/** FileSdWatcher watches the files matching some globs and emits their merged target groups. */
export class FileSdWatcher {
  private readonly last = new Map<string, TargetGroup[]>();
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: TimerHandle | undefined;
  private debounce: TimerHandle | undefined;
  private lastEmitted = '';
  private running = false;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: FileSdOptions) {}

  /** start reads every file once (resolving when done), then keeps watching until stop(). */
  async start(): Promise<void> {
    this.running = true;
    await this.refresh();
    this.schedule();
  }

  /** stop closes watchers and timers; no callback runs afterwards. */
  stop(): void {
    this.running = false;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    if (this.timer !== undefined) this.opts.clock.clearTimeout(this.timer);
    if (this.debounce !== undefined) this.opts.clock.clearTimeout(this.debounce);
  }

  /** refresh re-reads all matching files now; concurrent calls are serialised. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.readAll())
      .catch((err: unknown) => this.opts.onError(new DaemonError(ErrorCode.CONFIG_READ, `file_sd: ${errorMessage(err)}`, { cause: err })));
    return this.refreshing;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.opts.clock.setTimeout(() => {
      void this.refresh().then(() => this.schedule());
    }, this.opts.refreshIntervalMs);
  }

  private async readAll(): Promise<void> {
    if (!this.running) return;
    const files = new Set<string>();
    for (const pattern of this.opts.files) {
      for (const f of await expandGlob(pattern)) files.add(f);
      this.watchDir(dirname(pattern));
    }
    // A file that no longer matches takes its targets with it.
    for (const f of [...this.last.keys()]) if (!files.has(f)) this.last.delete(f);
    for (const f of [...files].sort()) {
      try {
        this.last.set(f, parseFileSd(await readFile(f, 'utf8'), f));
      } catch (err) {
        // Keep the last good groups: a half-written file must not drop every target.
        this.opts.onError(DaemonError.is(err) ? err : new DaemonError(ErrorCode.CONFIG_READ, `file_sd: cannot read ${f}: ${errorMessage(err)}`, { cause: err }));
      }
    }
    if (!this.running) return;
    const merged = [...this.last.keys()].sort().flatMap((f) => this.last.get(f)!);
    const key = JSON.stringify(merged);
    if (key !== this.lastEmitted) {
      this.lastEmitted = key;
      this.opts.onUpdate(merged);
    }
  }

  private watchDir(dir: string): void {
    if (this.watchers.has(dir)) return;
    try {
      const w = watch(dir, () => this.onFsEvent());
      w.on('error', (err) => this.opts.onError(new DaemonError(ErrorCode.CONFIG_READ, `file_sd: watching ${dir}: ${errorMessage(err)}`, { cause: err })));
      this.watchers.set(dir, w);
    } catch (err) {
      // The directory may not exist yet; the refresh poll picks files up once it does.
      this.opts.onError(new DaemonError(ErrorCode.CONFIG_READ, `file_sd: cannot watch ${dir}: ${errorMessage(err)}`, { cause: err }));
    }
  }

  private onFsEvent(): void {
    if (!this.running) return;
    // Editors write in several steps; coalesce a burst of events into one re-read.
    if (this.debounce !== undefined) this.opts.clock.clearTimeout(this.debounce);
    this.debounce = this.opts.clock.setTimeout(() => {
      this.debounce = undefined;
      void this.refresh();
    }, 50);
  }
}
