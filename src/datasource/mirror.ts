/**
 * mirror: in datasource mode the detectors still run over the local store, so before each
 * diagnosis cycle this copies the series they read (Go runtime, process, cgroup/cAdvisor) for every
 * Go target the datasource knows from the remote API into the store. Only samples newer than the
 * last copy are fetched, through plain instant queries of range selectors, which every
 * Prometheus-compatible API answers with raw samples.
 */
import { errorMessage } from '../core/errors.js';
import { labelsKey, type Labels } from '../model/labels.js';
import type { Appender } from '../store/store.js';
import type { DatasourceClient } from './client.js';
import { CONTAINER_LABELS, pairContainers, sameIdentity, targetKey } from '../diagnose/pairing.js';

/** MirrorTarget is one Go service found on the datasource, with the labels used to pair its container. */
export interface MirrorTarget {
  readonly job: string;
  readonly instance: string;
  readonly match: Labels;
}

/** MirrorStatus is how the last sync went, for /api/v1/targets and the status page. */
export interface MirrorStatus {
  readonly health: 'up' | 'down' | 'unknown';
  /** lastSync is the evaluation time of the last sync (ms), 0 before the first. */
  readonly lastSync: number;
  readonly lastSyncDurationMs: number;
  /** lastError is the first failure of the last sync ('' when none). */
  readonly lastError: string;
  readonly targets: readonly MirrorTarget[];
}

/** MirrorOptions configure what is copied and how far back on the first copy. */
export interface MirrorOptions {
  readonly client: DatasourceClient;
  readonly append: Appender;
  /** windowMs is how far back the first copy of a target reaches (the diagnosis window). */
  readonly windowMs: number;
  /**
   * containerMatch pairs a target with its container's cAdvisor series by these labels; without it,
   * by the container labels both carry (pairing.ts, the same rules as `diagnose` and `replay`).
   */
  readonly containerMatch?: readonly string[];
  readonly onError?: (target: MirrorTarget | undefined, err: unknown) => void;
  /** concurrency is how many targets are copied at once (default 8). */
  readonly concurrency?: number;
  /** now measures how long a sync took (wall clock); defaults to performance.now. */
  readonly now?: () => number;
}

/** The families the detectors read; a Go target is anything exposing go_goroutines or the heap gauge. */
const TARGET_SELECTOR = '{__name__=~"go_goroutines|go_memstats_heap_alloc_bytes"}';
const OWN_FAMILIES = '(go|process|container|cgroup)_.+';
const CONTAINER_FAMILIES = 'container_.+';
/** One series per container: cAdvisor and the cgroup reader both write it. */
const CONTAINER_SELECTOR = '{__name__="container_memory_usage_bytes"}';
/** DEFAULT_CONCURRENCY is how many targets one sync copies at once. */
const DEFAULT_CONCURRENCY = 8;
/** LATE_MARGIN_MS is how far before the previous sync each sync reads again. */
const LATE_MARGIN_MS = 2 * 60_000;

/** promString writes a PromQL string literal that is safe for any label value. */
export function promString(s: string): string {
  return JSON.stringify(s);
}

function selector(name: string, eq: Labels): string {
  const parts = [`__name__=~${promString(name)}`, ...Object.entries(eq).map(([k, v]) => `${k}=${promString(v)}`)];
  return `{${parts.join(',')}}`;
}

/** DatasourceMirror keeps, per target, the time of the newest sample already copied. */
export class DatasourceMirror {
  /** syncedAt is the evaluation time of each target's last successful copy. */
  private syncedAt = new Map<string, number>();
  /** lastSample is, per target, the newest copied timestamp of each series, so overlapping reads append nothing twice. */
  private lastSample = new Map<string, Map<string, number>>();
  private last: MirrorTarget[] = [];
  /** paired is, per target key, the container identity paired with it when it is not the target's own. */
  private paired = new Map<string, Labels>();
  private state: MirrorStatus = { health: 'unknown', lastSync: 0, lastSyncDurationMs: 0, lastError: '', targets: [] };

  private client: DatasourceClient;

  constructor(private readonly opts: MirrorOptions) {
    this.client = opts.client;
  }

  /** useClient swaps the API client (new credentials after a reload) and keeps the copy marks. */
  useClient(client: DatasourceClient): void {
    this.client = client;
  }

  /** windowMs is how far back a first copy reaches. */
  get windowMs(): number {
    return this.opts.windowMs;
  }

  /** targets are the Go services found by the last sync. */
  targets(): readonly MirrorTarget[] {
    return this.last;
  }

  /** status is how the last sync went. */
  status(): MirrorStatus {
    return this.state;
  }

  /** sync finds the targets and copies what is new for each; one target's failure does not stop the others. */
  async sync(at: number): Promise<readonly MirrorTarget[]> {
    const now = this.opts.now ?? (() => performance.now());
    const started = now();
    let firstError = '';
    const report = (t: MirrorTarget | undefined, err: unknown): void => {
      firstError ||= describeMirrorError(t, err);
      this.opts.onError?.(t, err);
    };
    const done = (): readonly MirrorTarget[] => {
      this.state = { health: firstError ? 'down' : 'up', lastSync: at, lastSyncDurationMs: now() - started, lastError: firstError, targets: this.last };
      return this.last;
    };
    const configured = this.opts.containerMatch;
    // without container_match, the labels cAdvisor names containers by (pairing.ts decides)
    const match = configured && configured.length > 0 ? configured : CONTAINER_LABELS;
    const by = ['job', 'instance', ...new Set([...match, ...CONTAINER_LABELS].filter((l) => l !== 'job' && l !== 'instance'))];
    let found: MirrorTarget[];
    try {
      const a = await this.client.query(`group by (${by.join(', ')}) (${TARGET_SELECTOR})`, at);
      if (a.type !== 'vector') throw new Error(`target discovery answered a ${a.type}`);
      found = a.samples
        .filter((s) => s.labels['job'] && s.labels['instance'])
        .map((s) => ({
          job: s.labels['job']!,
          instance: s.labels['instance']!,
          match: Object.fromEntries(match.filter((l) => configured?.length || s.labels[l]).map((l) => [l, s.labels[l] ?? ''])),
        }));
      // every container the datasource knows (one series each), for the same pairing as diagnose and replay
      const c = await this.client.query(`group by (${by.join(', ')}) (${CONTAINER_SELECTOR})`, at);
      if (c.type !== 'vector') throw new Error(`container discovery answered a ${c.type}`);
      const pairs = pairContainers(
        found.map((t) => ({ job: t.job, instance: t.instance, labels: t.match })),
        c.samples.map((s) => s.labels),
        configured,
      );
      this.paired = new Map([...pairs].filter(([k, id]) => k !== targetKey({ job: id['job'] ?? '', instance: id['instance'] ?? '' })));
    } catch (err) {
      report(undefined, err);
      return done();
    }
    this.last = found;
    // Forget targets that are gone, so the marks stay bounded by what the datasource has now.
    const live = new Set(found.map((t) => `${t.job}\u0000${t.instance}`));
    for (const k of this.syncedAt.keys()) if (!live.has(k)) this.syncedAt.delete(k);
    for (const k of this.lastSample.keys()) if (!live.has(k)) this.lastSample.delete(k);
    // A few targets at a time: hundreds of services must not take a sync past the diagnosis
    // interval, nor may one sync flood the API.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < found.length) {
        const t = found[next++]!;
        try {
          await this.copyTarget(t, at);
        } catch (err) {
          report(t, err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? DEFAULT_CONCURRENCY, found.length) }, worker));
    return done();
  }

  private async copyTarget(t: MirrorTarget, at: number): Promise<void> {
    const key = `${t.job}\u0000${t.instance}`;
    const prev = this.syncedAt.get(key);
    // Re-read a margin before the last sync: samples reach a datasource late (remote write, a
    // scrape that was slow), and the per-series marks below drop what was already copied.
    const since = prev === undefined ? at - this.opts.windowMs : Math.max(at - this.opts.windowMs, prev - LATE_MARGIN_MS);
    if (since >= at) return;
    const rangeMs = Math.ceil(at - since);
    const own = await this.rangeQuery(selector(OWN_FAMILIES, { job: t.job, instance: t.instance }), rangeMs, at);
    let marks = this.lastSample.get(key);
    if (!marks) this.lastSample.set(key, (marks = new Map()));
    this.appendNewer(own, {}, marks);
    // cAdvisor's series carry the kubelet's job and instance and the container's labels, not the
    // service's: copy the container paired with the target (pairing.ts) and relabel it to the
    // target, as the detectors expect. A container carrying the target's own labels came above.
    const id = this.paired.get(key);
    if (id) {
      const containers = await this.rangeQuery(selector(CONTAINER_FAMILIES, id), rangeMs, at);
      this.appendNewer(
        containers.filter((s) => sameIdentity(s.labels, id)),
        { job: t.job, instance: t.instance },
        marks,
      );
    }
    this.syncedAt.set(key, at);
  }

  private async rangeQuery(sel: string, rangeMs: number, at: number): Promise<Array<{ labels: Labels; t: number[]; v: number[] }>> {
    const a = await this.client.query(`${sel}[${rangeMs}ms]`, at);
    if (a.type !== 'matrix') throw new Error(`range selector answered a ${a.type}`);
    return a.series;
  }

  private appendNewer(series: ReadonlyArray<{ labels: Labels; t: number[]; v: number[] }>, relabel: Labels, marks: Map<string, number>): void {
    for (const s of series) {
      const labels = { ...s.labels, ...relabel };
      const key = labelsKey(labels);
      let last = marks.get(key) ?? -Infinity;
      for (let i = 0; i < s.t.length; i++) {
        const t = s.t[i]!;
        if (t <= last) continue;
        this.opts.append.append(labels, t, s.v[i]!);
        last = t;
      }
      marks.set(key, last);
    }
  }
}

/** describeMirrorError is the log line for a failed copy. */
export function describeMirrorError(t: MirrorTarget | undefined, err: unknown): string {
  return t ? `copying ${t.job}/${t.instance} from the datasource failed: ${errorMessage(err)}` : `finding targets on the datasource failed: ${errorMessage(err)}`;
}
