/**
 * refusals: turns the store's refusal counters into at most one log line a minute per reason, so a
 * cardinality explosion against `max_series` or the memory budget is said loudly once, with how
 * much was refused, instead of once per sample (hundreds of thousands of lines) or never.
 */

/** RefusalCounts are the store's cumulative refusal counters. */
export interface RefusalCounts {
  readonly maxSeries: number;
  readonly memoryBudget: number;
}

/** RefusalReport is one line to log: refusals since the last report, by reason. */
export interface RefusalReport {
  readonly reason: 'max_series' | 'memory_budget';
  readonly refused: number;
}

/** RefusalReporter remembers what it reported last and when. */
export class RefusalReporter {
  private last: RefusalCounts = { maxSeries: 0, memoryBudget: 0 };
  private lastAt = -Infinity;

  constructor(private readonly everyMs = 60_000) {}

  /** poll returns the reports due at `now` for counts that grew since the last report. */
  poll(counts: RefusalCounts, now: number): RefusalReport[] {
    if (now - this.lastAt < this.everyMs) return [];
    const out: RefusalReport[] = [];
    if (counts.maxSeries > this.last.maxSeries) out.push({ reason: 'max_series', refused: counts.maxSeries - this.last.maxSeries });
    if (counts.memoryBudget > this.last.memoryBudget) out.push({ reason: 'memory_budget', refused: counts.memoryBudget - this.last.memoryBudget });
    if (out.length > 0) {
      this.last = counts;
      this.lastAt = now;
    }
    return out;
  }
}
