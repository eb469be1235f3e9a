/**
 * scheduler: runs periodic jobs (scrapes, rule groups, diagnosis cycles) on a fixed grid with a
 * per-job offset. A job never overlaps itself: a tick that finds the previous run still going is
 * counted as missed and skipped, like Prometheus' iterations_missed. The scheduler is driven by
 * `tick(now)` calls, so tests drive it directly and the daemon drives it from node-cron.
 */

/** ScheduledJob is one periodic task. `run` receives the logical time of the slot it fills. */
export interface ScheduledJob {
  readonly key: string;
  readonly intervalMs: number;
  readonly offsetMs: number;
  run(at: number, signal: AbortSignal): Promise<void>;
}

/** SchedulerHooks report missed slots and failures (metrics, logs). */
export interface SchedulerHooks {
  missed?(key: string, slots: number): void;
  failed?(key: string, err: unknown): void;
}

interface Slot {
  job: ScheduledJob;
  nextDue: number;
  running: Promise<void> | null;
}

/** firstSlot returns the first grid point `k*interval + offset` at or after `now`. */
export function firstSlot(now: number, intervalMs: number, offsetMs: number): number {
  const base = Math.floor((now - offsetMs) / intervalMs) * intervalMs + offsetMs;
  return base >= now ? base : base + intervalMs;
}

/** Scheduler keeps the job set and starts due jobs on each tick. */
export class Scheduler {
  private slots = new Map<string, Slot>();
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(private readonly hooks: SchedulerHooks = {}) {}

  /**
   * setJobs replaces the job set. Jobs whose key and interval are unchanged keep their place on
   * the grid (a reload must not shift or reset them); removed jobs finish their current run.
   */
  setJobs(jobs: readonly ScheduledJob[], now: number): void {
    const next = new Map<string, Slot>();
    for (const job of jobs) {
      const prev = this.slots.get(job.key);
      if (!prev) {
        next.set(job.key, { job, nextDue: firstSlot(now, job.intervalMs, job.offsetMs), running: null });
        continue;
      }
      // The same Slot object stays: an in-flight run clears `running` on the slot it started from,
      // so a copy would stay "running" forever and the job would never run again after a reload.
      if (prev.job.intervalMs !== job.intervalMs || prev.job.offsetMs !== job.offsetMs) {
        prev.nextDue = firstSlot(now, job.intervalMs, job.offsetMs);
      }
      prev.job = job;
      next.set(job.key, prev);
    }
    this.slots = next;
  }

  /** tick starts every job whose slot has come; it returns the runs it started (for tests). */
  tick(now: number): Promise<void>[] {
    if (this.stopped) return [];
    const started: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.nextDue > now) continue;
      const due = slot.nextDue;
      // Slots that passed entirely while the event loop was busy are missed, not replayed.
      const passed = Math.floor((now - due) / slot.job.intervalMs);
      slot.nextDue = due + (passed + 1) * slot.job.intervalMs;
      if (slot.running) {
        this.hooks.missed?.(slot.job.key, passed + 1);
        continue;
      }
      if (passed > 0) this.hooks.missed?.(slot.job.key, passed);
      const at = due + passed * slot.job.intervalMs;
      const run = slot.job
        .run(at, this.abort.signal)
        .catch((err: unknown) => this.hooks.failed?.(slot.job.key, err))
        .finally(() => {
          slot.running = null;
        });
      slot.running = run;
      started.push(run);
    }
    return started;
  }

  /** runningCount tells how many jobs are in flight (for readiness and drain). */
  runningCount(): number {
    let n = 0;
    for (const s of this.slots.values()) if (s.running) n++;
    return n;
  }

  /** stop prevents new runs, aborts in-flight ones and waits for them to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await Promise.allSettled([...this.slots.values()].map((s) => s.running ?? Promise.resolve()));
  }
}
