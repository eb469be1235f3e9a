/**
 * manager: owns the scrape targets and their state, turns them into scheduler jobs, and reads each
 * target's cgroup alongside its /metrics so both land with the same timestamp and labels.
 */
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { ScheduledJob } from '../core/scheduler.js';
import type { Labels } from '../model/labels.js';
import { labelsKey } from '../model/labels.js';
import { STALE_NAN } from '../model/sample.js';
import type { Appender } from '../store/store.js';
import type { CgroupStatus, TargetsSource, TargetView } from '../api/targets.js';
import type { Fetcher } from './fetch.js';
import type { ScrapeMetrics } from './metrics.js';
import { newTargetState, scrapeTarget, type TargetState } from './scrape.js';
import { scrapeOffsetMs, type CgroupSpec, type Target } from './target.js';

/** CgroupCollection is one read of a cgroup (and its process, when known) as series. */
export interface CgroupCollection {
  readonly series: ReadonlyArray<{ readonly labels: Labels; readonly value: number }>;
  readonly status: CgroupStatus;
}

/** CgroupSource reads cgroups for targets and discovers unowned ones; implemented over cgroupfs. */
export interface CgroupSource {
  collect(spec: CgroupSpec, baseLabels: Labels): Promise<CgroupCollection>;
  discover(): Promise<ReadonlyArray<{ readonly labels: Labels; readonly spec: CgroupSpec; readonly path: string }>>;
}

interface Entry {
  target: Target;
  state: TargetState;
  cgroup?: CgroupStatus;
  cgroupSeries: Map<string, Labels>;
}

interface Discovered {
  labels: Labels;
  spec: CgroupSpec;
  path: string;
  status: CgroupStatus;
  series: Map<string, Labels>;
}

/** ScrapeManagerDeps are the manager's collaborators. */
export interface ScrapeManagerDeps {
  readonly append: Appender;
  readonly fetch: Fetcher;
  readonly now: () => number;
  readonly log: Logger;
  readonly metrics: ScrapeMetrics;
  readonly cgroups?: CgroupSource;
  readonly tlsFiles?: (t: Target) => { ca?: Buffer; cert?: Buffer; key?: Buffer } | undefined;
}

/** ScrapeManager keeps targets across reloads and exposes them to the API. */
export class ScrapeManager implements TargetsSource {
  private entries = new Map<string, Entry>();
  private discovered = new Map<string, Discovered>();
  /** processes are Go processes without /metrics: only their cgroup and /proc memory are read. */
  private processes = new Map<string, Discovered>();

  constructor(private readonly deps: ScrapeManagerDeps) {}

  /** setTargets replaces the target set, keeping the state of targets whose key is unchanged. */
  setTargets(targets: readonly Target[], at: number): void {
    const next = new Map<string, Entry>();
    for (const t of targets) {
      const prev = this.entries.get(t.key);
      next.set(t.key, prev ? { ...prev, target: t } : { target: t, state: newTargetState(), cgroupSeries: new Map() });
    }
    // Targets that went away end their series now instead of lingering for the lookback window.
    for (const [key, e] of this.entries) {
      if (next.has(key)) continue;
      for (const l of e.state.lastSeries) this.deps.append.append(l, at, STALE_NAN);
      for (const l of e.cgroupSeries.values()) this.deps.append.append(l, at, STALE_NAN);
    }
    this.entries = next;
  }

  /**
   * allScrapedOnce says whether every current target has finished a scrape (up or down) since it
   * was added; the daemon holds the first rule evaluation after start until then.
   */
  allScrapedOnce(): boolean {
    for (const e of this.entries.values()) if (e.state.scrapes === 0) return false;
    return true;
  }

  /** longestIntervalMs is the largest scrape interval plus timeout over the targets (0 without targets). */
  longestIntervalMs(): number {
    let max = 0;
    for (const e of this.entries.values()) max = Math.max(max, e.target.intervalMs + e.target.timeoutMs);
    return max;
  }

  /** scrapeJobs returns one scheduler job per target. */
  scrapeJobs(): ScheduledJob[] {
    return [...this.entries.values()].map((e) => ({
      key: 'scrape:' + e.target.key,
      intervalMs: e.target.intervalMs,
      offsetMs: scrapeOffsetMs(e.target.key, e.target.intervalMs),
      run: (at, signal) => this.scrapeOne(e.target.key, at, signal),
    }));
  }

  /** discoveryJob periodically refreshes discovered cgroups and reads them. */
  discoveryJob(intervalMs: number): ScheduledJob | null {
    const src = this.deps.cgroups;
    if (!src) return null;
    return {
      key: 'cgroup-discovery',
      intervalMs,
      offsetMs: 0,
      run: async (at) => {
        await this.refreshDiscovered(src, at);
        await Promise.all([...this.discovered.values()].map((d) => this.readDiscovered(src, d, at)));
      },
    };
  }

  /** scrapeOne scrapes a target and reads its cgroup; it never throws. */
  async scrapeOne(key: string, at: number, signal?: AbortSignal): Promise<void> {
    const e = this.entries.get(key);
    if (!e) return;
    const { metrics } = this.deps;
    const job = e.target.job;
    const tls = this.deps.tlsFiles?.(e.target);
    const r = await scrapeTarget(e.target, e.state, { fetch: this.deps.fetch, append: this.deps.append, now: this.deps.now, ...(tls ? { tls } : {}), ...(signal ? { signal } : {}) }, at);
    if (r.aborted) return;
    metrics.scrapes.inc({ job });
    metrics.duration.observe({ job }, r.durationMs / 1000);
    metrics.samples.inc({ job }, r.samples);
    if (r.error) {
      metrics.failures.inc({ job, code: r.error.code });
      this.deps.log.warn('scrape failed', { job, target: e.target.url, code: r.error.code, err: r.error.located() });
    }
    if (e.target.cgroup && this.deps.cgroups) {
      const base = { ...e.target.labels };
      e.cgroup = await this.collectInto(this.deps.cgroups, e.target.cgroup, base, e.cgroupSeries, at, (m) => {
        e.cgroupSeries = m;
      });
    }
    this.updateTargetGauge();
  }

  private async collectInto(
    src: CgroupSource,
    spec: CgroupSpec,
    base: Labels,
    prev: Map<string, Labels>,
    at: number,
    save: (m: Map<string, Labels>) => void,
  ): Promise<CgroupStatus> {
    try {
      const c = await src.collect(spec, base);
      const seen = new Map<string, Labels>();
      for (const s of c.series) {
        seen.set(labelsKey(s.labels), s.labels);
        this.deps.append.append(s.labels, at, s.value);
      }
      for (const [k, l] of prev) if (!seen.has(k)) this.deps.append.append(l, at, STALE_NAN);
      save(seen);
      this.deps.metrics.cgroupReads.inc({ result: c.status.health === 'up' ? 'ok' : 'missing' });
      return c.status;
    } catch (err) {
      this.deps.metrics.cgroupReads.inc({ result: 'error' });
      for (const l of prev.values()) this.deps.append.append(l, at, STALE_NAN);
      save(new Map());
      const msg = errorMessage(err);
      this.deps.log.warn('cgroup read failed', { labels: base, err: msg });
      return { path: 'path' in spec ? spec.path : '', version: null, health: 'down', lastError: msg };
    }
  }

  private async refreshDiscovered(src: CgroupSource, at: number): Promise<void> {
    let found: Awaited<ReturnType<CgroupSource['discover']>>;
    try {
      found = await src.discover();
    } catch (err) {
      this.deps.log.warn('cgroup discovery failed', { err: errorMessage(err) });
      return;
    }
    // Cgroups that belong to a scrape target are read with the target; skip them here.
    const owned = new Set<string>();
    for (const e of this.entries.values()) if (e.cgroup?.path) owned.add(e.cgroup.path);
    const next = new Map<string, Discovered>();
    for (const f of found) {
      if (owned.has(f.path)) continue;
      next.set(f.path, this.discovered.get(f.path) ?? { labels: f.labels, spec: f.spec, path: f.path, status: { path: f.path, version: null, health: 'unknown', lastError: '' }, series: new Map() });
    }
    for (const [p, d] of this.discovered) if (!next.has(p)) for (const l of d.series.values()) this.deps.append.append(l, at, STALE_NAN);
    this.discovered = next;
  }

  private async readDiscovered(src: CgroupSource, d: Discovered, at: number): Promise<void> {
    d.status = await this.collectInto(src, d.spec, d.labels, d.series, at, (m) => {
      d.series = m;
    });
  }

  /** setProcesses replaces the watched processes; those that went away end their series now. */
  setProcesses(list: ReadonlyArray<{ readonly key: string; readonly labels: Labels; readonly spec: CgroupSpec }>, at: number): void {
    const next = new Map<string, Discovered>();
    for (const w of list) {
      const prev = this.processes.get(w.key);
      next.set(w.key, prev && labelsKey(prev.labels) === labelsKey(w.labels) ? prev : { labels: w.labels, spec: w.spec, path: '', status: { path: '', version: null, health: 'unknown', lastError: '' }, series: new Map() });
    }
    for (const [k, d] of this.processes) if (next.get(k) !== d) for (const l of d.series.values()) this.deps.append.append(l, at, STALE_NAN);
    this.processes = next;
  }

  /** readProcesses reads every watched process' cgroup and /proc memory. */
  async readProcesses(at: number): Promise<void> {
    const src = this.deps.cgroups;
    if (!src) return;
    await Promise.all([...this.processes.values()].map((d) => this.readDiscovered(src, d, at)));
  }

  /** watchedProcesses lists the processes read without a scrape, for the API and the diagnosis. */
  watchedProcesses(): ReadonlyArray<{ labels: Labels; cgroup: CgroupStatus }> {
    return [...this.processes.values()].map((d) => ({ labels: d.labels, cgroup: d.status }));
  }

  private updateTargetGauge(): void {
    const counts = new Map<string, number>();
    for (const e of this.entries.values()) {
      const k = e.target.job + '\u0000' + e.state.health;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    this.deps.metrics.targets.reset();
    for (const [k, n] of counts) {
      const [job, health] = k.split('\u0000') as [string, string];
      this.deps.metrics.targets.set({ job, health }, n);
    }
  }

  /** active lists targets for /api/v1/targets. */
  active(): readonly TargetView[] {
    return [...this.entries.values()].map((e) => ({ target: e.target, state: e.state, ...(e.cgroup ? { cgroup: e.cgroup } : {}) }));
  }

  /** discoveredCgroups lists discovered cgroups not owned by a target. */
  discoveredCgroups(): ReadonlyArray<{ labels: Labels; cgroup: CgroupStatus }> {
    return [...this.discovered.values()].map((d) => ({ labels: d.labels, cgroup: d.status }));
  }

  /** targets returns the current targets (for diagnosis pairing). */
  targets(): readonly Target[] {
    return [...this.entries.values()].map((e) => e.target);
  }
}
