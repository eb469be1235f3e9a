/**
 * nflog: the durable outbox and notification log in one append-only JSONL file. An `intent` is
 * written (and fsync'd) before a send starts, `done`/`failed`/`superseded` after it ends, and a
 * `log` entry records what each group+integration last delivered, which the dedupe stage reads so
 * that a restart neither loses a pending notification nor repeats one before repeat_interval.
 * Compaction rewrites the file with only the live state. Writes made in the same event-loop turn
 * share one fsync (group commit): a storm of a thousand groups costs a few disk flushes, not a thousand.
 */
import { join } from 'node:path';
import type { ChartInput } from './chart/types.js';
import { JsonlAppender, readJsonl, writeFileAtomic } from './durable.js';
import type { Notification } from './types.js';

/** LogEntry is what one group+integration last delivered (Alertmanager's nflog entry). */
export interface LogEntry {
  readonly key: string;
  readonly at: number;
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
}

/** Intent is one notification waiting to be delivered (or being retried). */
export interface Intent {
  readonly id: string;
  /** key names the group+receiver+integration; dedupeKey adds the alert state. */
  readonly key: string;
  readonly dedupeKey: string;
  readonly receiver: string;
  readonly integrationIndex: number;
  readonly createdAt: number;
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
  readonly notification: Notification;
  readonly chart?: ChartInput;
}

/** ThreadRef remembers the Slack message a group's later notifications reply to. */
export interface ThreadRef {
  readonly channel: string;
  readonly ts: string;
}

type Rec =
  | { t: 'intent'; intent: Intent }
  | { t: 'done'; id: string; at: number }
  | { t: 'failed'; id: string; at: number; reason: string }
  | { t: 'superseded'; id: string; at: number }
  | { t: 'log'; entry: LogEntry }
  | { t: 'thread'; key: string; ref: ThreadRef | null };

/** LOG_RETENTION_MS bounds how long log entries of quiet groups are kept (Alertmanager: 120h). */
export const LOG_RETENTION_MS = 120 * 3600_000;

/** NotifyLog is the in-memory view of the file plus the appender that keeps it durable. */
export class NotifyLog {
  private readonly path: string;
  private readonly out: JsonlAppender;
  private readonly intents = new Map<string, Intent>();
  private readonly entries = new Map<string, LogEntry>();
  private readonly threads = new Map<string, ThreadRef>();
  private appended = 0;
  private batch: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private syncScheduled = false;
  /** tornRecords counts a half-written last line found at startup (a crash mid-append). */
  readonly tornRecords: number;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'notify', 'log.jsonl');
    const { records, torn } = readJsonl<Rec>(this.path);
    this.tornRecords = torn;
    for (const r of records) this.apply(r);
    // Rewrite at startup so a torn tail never sits in front of new appends.
    this.writeSnapshot();
    this.out = new JsonlAppender(this.path);
  }

  /** entry returns the last delivery for a group+integration key. */
  entry(key: string): LogEntry | undefined {
    return this.entries.get(key);
  }

  /** pending lists intents not yet delivered, oldest first. */
  pending(): Intent[] {
    return [...this.intents.values()];
  }

  /** pendingFor returns the live intents of one group+integration key. */
  pendingFor(key: string): Intent[] {
    return this.pending().filter((i) => i.key === key);
  }

  /** enqueue records an intent; the promise resolves once it is on disk, before any byte is sent. */
  enqueue(intent: Intent): Promise<void> {
    return this.write({ t: 'intent', intent });
  }

  /**
   * complete marks an intent delivered and updates the log entry. Callers need not wait: if a crash
   * loses this record, the intent is simply sent again (at-least-once, never at-most-once).
   */
  complete(intent: Intent, at: number): Promise<void> {
    const entry: LogEntry = { key: intent.key, at, firing: intent.firing, resolved: intent.resolved };
    return this.write({ t: 'done', id: intent.id, at }, { t: 'log', entry });
  }

  /** fail drops an intent after a permanent error; the reason stays in the file until compaction. */
  fail(id: string, at: number, reason: string): Promise<void> {
    return this.write({ t: 'failed', id, at, reason });
  }

  /** supersede drops an older intent because a newer state of the same group replaces it. */
  supersede(id: string, at: number): Promise<void> {
    return this.write({ t: 'superseded', id, at });
  }

  /**
   * adopt carries what an older version logged under `legacyKey` over to `key` (the entry and the
   * Slack thread), so an upgrade that changes how keys are spelled neither re-pages nor starts a new
   * thread. The old records age out with the retention. Returns the entry now under `key`.
   */
  adopt(key: string, legacyKey: string): LogEntry | undefined {
    const old = this.entries.get(legacyKey);
    const ref = this.threads.get(legacyKey);
    const recs: Rec[] = [];
    if (old) recs.push({ t: 'log', entry: { ...old, key } });
    if (ref) recs.push({ t: 'thread', key, ref });
    if (recs.length > 0) void this.write(...recs);
    return this.entries.get(key);
  }

  /** thread returns the Slack thread of a group+integration key. */
  thread(key: string): ThreadRef | undefined {
    return this.threads.get(key);
  }

  /** setThread stores (or clears, with null) the Slack thread of a key. */
  setThread(key: string, ref: ThreadRef | null): void {
    void this.write({ t: 'thread', key, ref });
  }

  /** compact rewrites the file with live state only, dropping log entries older than the retention. */
  compact(at: number): void {
    for (const [k, e] of this.entries) if (e.at + LOG_RETENTION_MS < at) this.entries.delete(k);
    // Batched records are already applied in memory, so the snapshot holds them too.
    this.batch = [];
    this.writeSnapshot();
    this.out.reopen();
    this.appended = 0;
    this.settle();
  }

  /** sync writes the pending batch now (also used before close). */
  sync(): void {
    this.syncScheduled = false;
    if (this.batch.length === 0) return this.settle();
    const lines = this.batch;
    this.batch = [];
    try {
      this.out.appendLines(lines);
    } catch (err) {
      for (const w of this.waiters.splice(0)) w.reject(err);
      return;
    }
    this.settle();
  }

  /** appendedSinceCompaction lets the owner decide when compaction pays off. */
  get appendedSinceCompaction(): number {
    return this.appended;
  }

  /** close flushes the batch and releases the file. */
  close(): void {
    this.sync();
    this.out.close();
  }

  private write(...recs: Rec[]): Promise<void> {
    for (const r of recs) {
      this.apply(r);
      this.batch.push(JSON.stringify(r));
    }
    this.appended += recs.length;
    if (!this.syncScheduled) {
      this.syncScheduled = true;
      setImmediate(() => this.sync());
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private settle(): void {
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private apply(r: Rec): void {
    switch (r.t) {
      case 'intent':
        this.intents.set(r.intent.id, r.intent);
        break;
      case 'done':
      case 'failed':
      case 'superseded':
        this.intents.delete(r.id);
        break;
      case 'log':
        this.entries.set(r.entry.key, r.entry);
        break;
      case 'thread':
        if (r.ref) this.threads.set(r.key, r.ref);
        else this.threads.delete(r.key);
        break;
    }
  }

  private writeSnapshot(): void {
    const recs: Rec[] = [
      ...[...this.entries.values()].map((entry): Rec => ({ t: 'log', entry })),
      ...[...this.threads].map(([key, ref]): Rec => ({ t: 'thread', key, ref })),
      ...[...this.intents.values()].map((intent): Rec => ({ t: 'intent', intent })),
    ];
    writeFileAtomic(this.path, recs.map((r) => JSON.stringify(r) + '\n').join(''));
  }
}
