/**
 * gate: lets API queries share the event loop with scrapes, rules and notifications. At most one
 * query evaluates at a time; it holds the gate for one slice (a few ms), then hands it on through
 * setImmediate. An immediate queued while the loop is in its check phase runs on the *next* loop
 * iteration, so between two slices the loop always passes its timers and I/O poll: however many
 * queries are waiting, a scrape timer or a socket waits at most one slice for them.
 */

/** QueryGate is a FIFO turn-taking lock for long evaluations. */
export class QueryGate {
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  /** enter waits for the gate; the caller must call leave (or pause) when done. */
  async enter(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** leave hands the gate to the next waiter on the next loop iteration, or frees it. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) setImmediate(next);
    else this.busy = false;
  }

  /** pause gives the loop (and every other waiting query) a turn, then takes the gate back. */
  async pause(): Promise<void> {
    this.leave();
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.enter();
  }

  /** queued is how many evaluations wait for their turn (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }
}

/** sharedGate is the daemon-wide gate used by the query API unless a caller passes its own. */
export const sharedGate = new QueryGate();
