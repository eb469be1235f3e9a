/**
 * manager: owns the rule groups of the daemon — loads rule files, starts the group loops, and on
 * reload swaps in the new groups while carrying over the state of unchanged rules (same group
 * `file;name` and same rule name, expression and labels), so a reload never resets `for` timers
 * (prometheus#820, #3376). It also saves and restores alert state in the data dir.
 */
import type { Registry } from 'prom-client';
import { errorMessage } from '../core/errors.js';
import type { TimerHandle } from '../core/clock.js';
import { nopLogger } from '../core/log.js';
import { loadCheckedRuleFiles } from './check.js';
import type { RuleFileOptions } from './file.js';
import { RuleGroup, type GroupOptions } from './group.js';
import { createRuleMetrics, type RuleMetrics } from './metrics.js';
import { loadState, restoreState, saveState, snapshotState, type RestoreOptions } from './persist.js';
import type { GroupDef } from './types.js';
import { alertTemplateFn } from './templates.js';

/** ManagerOptions are the group collaborators plus manager-level settings. */
export interface ManagerOptions extends Omit<GroupOptions, 'metrics'> {
  /** registry receives the `leaksleuth_rule_*` metrics. */
  readonly registry?: Registry;
  /** dataDir is where alert state is saved on stop and restored on start. */
  readonly dataDir?: string;
  readonly fileOptions?: RuleFileOptions;
  readonly restoreOptions?: RestoreOptions;
  /** saveIntervalMs saves alert state periodically while running, so a crash loses little (default 1m; 0 = only on stop). */
  readonly saveIntervalMs?: number;
}

/** RuleManager runs every group and keeps state across reloads and restarts. */
export class RuleManager {
  private current: RuleGroup[] = [];
  private running = false;
  private restored = false;
  private opts: ManagerOptions;
  private readonly metrics: RuleMetrics | undefined;
  private saveTimer: TimerHandle | undefined;

  constructor(opts: ManagerOptions) {
    this.opts = opts;
    this.metrics = opts.registry ? createRuleMetrics(opts.registry) : undefined;
  }

  /** setResendDelay changes `alerting.resend_delay` for the groups the next `update` builds (a reload). */
  setResendDelay(ms: number): void {
    this.opts = { ...this.opts, resendDelayMs: ms };
  }

  /** groups lists the live groups in file order (read-only view for the API). */
  groups(): readonly RuleGroup[] {
    return this.current;
  }

  /** loadFiles validates files with the PromQL parser as expression checker; throws RULE_INVALID listing all errors. */
  loadFiles(files: readonly string[]): GroupDef[] {
    return loadCheckedRuleFiles(files, this.opts.fileOptions);
  }

  /** reload loads files and swaps groups in; on any error the running groups stay untouched. */
  async reload(files: readonly string[]): Promise<void> {
    await this.update(this.loadFiles(files));
  }

  /** update replaces the groups with `defs`, adopting state from groups and rules that still exist. */
  async update(defs: readonly GroupDef[]): Promise<void> {
    // Stop first: adopting state from a group that is mid-evaluation would lose that evaluation.
    await Promise.all(this.current.map((g) => g.stop()));
    const old = new Map(this.current.map((g) => [g.key, g]));
    const next = defs.map((d) => {
      const g = new RuleGroup(d, { expand: alertTemplateFn(), ...this.opts, ...(this.metrics ? { metrics: this.metrics } : {}), onStateChange: () => this.saveAfterChange() });
      const prev = old.get(g.key);
      if (prev) g.adoptState(prev);
      return g;
    });
    this.current = next;
    if (this.running) for (const g of next) g.start();
  }

  /**
   * saveAfterChange saves at once when an evaluation changed alerts, so the file never lags a page
   * that went out; the periodic save stays as a backstop. Failures are logged, never thrown into
   * an evaluation.
   */
  private saveAfterChange(): void {
    if (!this.running) return;
    try {
      this.saveState();
    } catch (err) {
      (this.opts.logger ?? nopLogger).error('alert state not saved', { err: errorMessage(err) });
    }
  }

  /** start restores saved alert state once (if a data dir is set) and starts every group loop. */
  start(): void {
    this.restore();
    this.running = true;
    for (const g of this.current) g.start();
    this.scheduleSave();
  }

  /**
   * restore puts the saved alert state back once (if a data dir is set) without starting the loops,
   * so the API shows restored alerts while the daemon waits for fresh data before evaluating.
   */
  restore(): void {
    if (!this.restored && this.opts.dataDir) {
      this.restored = true;
      const at = (this.opts.clock ?? { now: Date.now }).now();
      try {
        const saved = loadState(this.opts.dataDir);
        if (saved) {
          const n = restoreState(this.current, saved, at, this.opts.restoreOptions);
          (this.opts.logger ?? nopLogger).info('restored alert state', { alerts: n, savedAt: saved.savedAt });
        }
      } catch (err) {
        // A corrupt state file must not keep the daemon from alerting; it is reported and ignored.
        (this.opts.logger ?? nopLogger).error('alert state not restored', { err: errorMessage(err) });
      }
    }
  }

  private scheduleSave(): void {
    const every = this.opts.saveIntervalMs ?? 60_000;
    const clock = this.opts.clock;
    if (!this.opts.dataDir || !clock || every <= 0) return;
    this.saveTimer = clock.setTimeout(() => {
      if (!this.running) return;
      try {
        this.saveState();
      } catch (err) {
        (this.opts.logger ?? nopLogger).error('alert state not saved', { err: errorMessage(err) });
      }
      this.scheduleSave();
    }, every);
  }

  /** stop halts every loop, waits for running evaluations and saves alert state. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.saveTimer !== undefined) this.opts.clock?.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await Promise.all(this.current.map((g) => g.stop()));
    this.saveState();
  }

  /** saveState writes the current alerts to the data dir (no-op without one). */
  saveState(): void {
    if (!this.opts.dataDir) return;
    const at = (this.opts.clock ?? { now: Date.now }).now();
    saveState(this.opts.dataDir, snapshotState(this.current, at));
  }

  /** evaluateAll evaluates every group once at `ts`, in order (tests, replay, promtool-style runs). */
  async evaluateAll(ts: number): Promise<void> {
    for (const g of this.current) await g.evaluate(ts);
  }
}
