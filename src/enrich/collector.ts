/**
 * collector: the daemon's pprof enrichment. For each opted-in Go target it keeps a few heap profiles
 * and goroutine?debug=1 dumps in the data directory, fetched from the target's own host:port on a slow
 * rolling schedule and again as soon as the target looks suspicious (a leak finding), and keeps the
 * report built from the oldest and newest of them. Everything is bounded: fetches per cycle, time and
 * bytes per fetch, files per target, decoded size per profile, time per analysis; decoding runs in a
 * worker thread. A failure becomes a line in the report, never an exception.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PprofReport } from '../model/finding.js';
import { analyseFiles, type AnalyseJob } from './analyse.js';
import type { ProfileFetcher } from './fetch.js';

/** CollectorOptions are read on every cycle, so a reload takes effect at once. */
export interface CollectorOptions {
  readonly enabled: boolean;
  /** jobs lists the scrape jobs that opted in; undefined means every job. */
  readonly jobs?: readonly string[];
  readonly allowNonLoopback: boolean;
  /** intervalMs: the rolling schedule for a target that looks healthy. */
  readonly intervalMs: number;
  /** suspectIntervalMs: how soon to fetch again once a target looks suspicious. */
  readonly suspectIntervalMs: number;
  /** keep: profiles (and dumps) kept per target; the report compares the oldest and newest. */
  readonly keep: number;
  /** maxAgeMs: a baseline older than this (the diagnosis window) is dropped rather than compared. */
  readonly maxAgeMs: number;
  readonly timeoutMs: number;
  /** maxBytes caps a response as sent; decoding caps it again uncompressed (4×). */
  readonly maxBytes: number;
  /** maxTargetsPerCycle bounds the fetching and decoding one cycle does. */
  readonly maxTargetsPerCycle: number;
}

/** CollectTarget is a scrape target as the daemon configured it: the base URL is its own scheme://host:port. */
export interface CollectTarget {
  readonly job: string;
  readonly instance: string;
  /** baseUrl is built from the scrape target's address, never from a label or a scraped value. */
  readonly baseUrl: string;
}

interface State {
  lastFetch: number;
  report: PprofReport | undefined;
  errors: string[];
}

/** isLoopbackHost tells 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** PprofCollector fetches, stores and analyses profiles for the daemon. */
export class PprofCollector {
  private readonly state = new Map<string, State>();
  private running = false;

  constructor(
    private readonly dir: () => string,
    private readonly fetch: ProfileFetcher,
    private readonly options: () => CollectorOptions,
    private readonly onError: (target: string, err: unknown) => void = () => {},
  ) {}

  /** eligible says why a target is not profiled, or undefined when it is. */
  ineligible(t: CollectTarget): string | undefined {
    const o = this.options();
    if (!o.enabled) return 'diagnosis.pprof.enabled is false';
    if (o.jobs && !o.jobs.includes(t.job)) return `job ${t.job} is not in diagnosis.pprof.jobs`;
    let url: URL;
    try {
      url = new URL(t.baseUrl);
    } catch {
      return `no usable address for ${t.instance}`;
    }
    if (!o.allowNonLoopback && !isLoopbackHost(url.hostname)) return `${url.host} is not a loopback address (set diagnosis.pprof.allow_non_loopback to profile it)`;
    return undefined;
  }

  /**
   * report is the latest analysis for a target; an opted-in target that may not be profiled (not on
   * loopback) gets a report that says why, so the diagnosis shows it instead of silently lacking pprof.
   */
  report(t: CollectTarget): PprofReport | undefined {
    const o = this.options();
    if (!o.enabled || (o.jobs && !o.jobs.includes(t.job))) return undefined;
    const why = this.ineligible(t);
    if (why) return { heapProfiles: 0, goroutineProfiles: 0, where: [], cumulative: [], errors: [`not fetched: ${why}`] };
    return this.state.get(`${t.job}/${t.instance}`)?.report;
  }

  /**
   * cycle fetches for the targets that are due at `at`, suspicious ones first, at most
   * maxTargetsPerCycle of them. A cycle still running when the next one starts makes the next one a no-op.
   */
  async cycle(targets: readonly CollectTarget[], suspicious: (t: CollectTarget) => boolean, at: number): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const o = this.options();
      const due: Array<{ t: CollectTarget; s: boolean; last: number }> = [];
      const seen = new Set<string>();
      for (const t of targets) {
        const key = `${t.job}/${t.instance}`;
        if (seen.has(key) || this.ineligible(t)) continue;
        seen.add(key);
        const st = this.state.get(key) ?? (await this.restore(key));
        const s = suspicious(t);
        const gap = at - st.lastFetch;
        if (st.lastFetch === 0 || gap >= o.intervalMs || (s && gap >= o.suspectIntervalMs)) due.push({ t, s, last: st.lastFetch });
      }
      for (const k of this.state.keys()) if (!seen.has(k)) this.state.delete(k);
      await this.prune(seen, at);
      due.sort((a, b) => Number(b.s) - Number(a.s) || a.last - b.last);
      for (const { t } of due.slice(0, o.maxTargetsPerCycle)) {
        try {
          await this.collect(t, at, o);
        } catch (err) {
          this.onError(`${t.job}/${t.instance}`, err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private lastPrune = 0;

  /**
   * prune removes the profiles of targets that have been gone for a day (pods come and go), at most once
   * an hour, so the data directory stays bounded by the live targets and not by every target ever seen.
   */
  private async prune(live: ReadonlySet<string>, at: number): Promise<void> {
    if (at - this.lastPrune < 3_600_000) return;
    this.lastPrune = at;
    const keep = new Set([...live].map(safe));
    const dirs = await readdir(this.dir()).catch(() => [] as string[]);
    for (const d of dirs) {
      if (keep.has(d)) continue;
      const newest = Math.max(0, ...(await readdir(join(this.dir(), d)).catch(() => [] as string[])).map((n) => Number(/-(\d+)\./.exec(n)?.[1] ?? 0)));
      if (at - newest > PRUNE_AFTER_MS) await rm(join(this.dir(), d), { recursive: true, force: true });
    }
  }

  private targetDir(key: string): string {
    return join(this.dir(), safe(key));
  }

  /** restore picks up the profiles a previous run kept, so a restart does not lose the baseline. */
  private async restore(key: string): Promise<State> {
    const st: State = { lastFetch: 0, report: undefined, errors: [] };
    this.state.set(key, st);
    const files = await this.files(key);
    const newest = files.heap[files.heap.length - 1] ?? files.goroutine[files.goroutine.length - 1];
    if (newest) {
      st.lastFetch = newest.at;
      st.report = await this.analyse(key, files, []);
    }
    return st;
  }

  private async files(key: string): Promise<{ heap: Array<{ path: string; at: number }>; goroutine: Array<{ path: string; at: number }> }> {
    const dir = this.targetDir(key);
    const names = await readdir(dir).catch(() => [] as string[]);
    const pick = (re: RegExp): Array<{ path: string; at: number }> =>
      names
        .map((n) => ({ n, m: re.exec(n) }))
        .filter((x) => x.m)
        .map((x) => ({ path: join(dir, x.n), at: Number(x.m![1]) }))
        .sort((a, b) => a.at - b.at);
    return { heap: pick(/^heap-(\d+)\.pb\.gz$/), goroutine: pick(/^goroutine-(\d+)\.txt$/) };
  }

  private async collect(t: CollectTarget, at: number, o: CollectorOptions): Promise<void> {
    const key = `${t.job}/${t.instance}`;
    const st = this.state.get(key)!;
    st.lastFetch = at;
    const base = t.baseUrl.replace(/\/+$/, '');
    const req = { timeoutMs: o.timeoutMs, maxBytes: o.maxBytes };
    const [heap, gor] = await Promise.all([this.fetch({ url: `${base}/debug/pprof/heap`, ...req }), this.fetch({ url: `${base}/debug/pprof/goroutine?debug=1`, ...req })]);
    const dir = this.targetDir(key);
    await mkdir(dir, { recursive: true });
    const errors: string[] = [];
    if (heap.ok) await writeFile(join(dir, `heap-${at}.pb.gz`), heap.body);
    else errors.push(`heap: ${heap.error}`);
    if (gor.ok) await writeFile(join(dir, `goroutine-${at}.txt`), gor.body);
    else errors.push(`goroutine: ${gor.error}`);
    const files = await this.files(key);
    const heapKept = await thin(files.heap, o.keep, at - o.maxAgeMs);
    const gorKept = await thin(files.goroutine, o.keep, at - o.maxAgeMs);
    st.report = await this.analyse(key, { heap: heapKept, goroutine: gorKept }, errors, o.maxBytes * 4);
  }

  /**
   * analyse decodes the kept files and builds the report. From the built daemon it runs in a worker
   * thread, so even a profile at the size cap never blocks scrapes and rule evaluation; the worker gets
   * ANALYSE_TIMEOUT_MS and is then terminated. From TypeScript sources (tests) it runs inline.
   */
  private analyse(key: string, files: { heap: Array<{ path: string; at: number }>; goroutine: Array<{ path: string; at: number }> }, errors: string[], maxDecoded?: number): Promise<PprofReport> {
    const job: AnalyseJob = { key, heap: files.heap.map((f) => f.path), goroutine: files.goroutine, errors, ...(maxDecoded ? { maxDecoded } : {}) };
    return WORKER ? inWorker(job) : analyseFiles(job);
  }
}

/**
 * thin keeps `keep` files: the oldest one that is not older than `oldest` (the baseline the diff
 * starts from, so a slow leak is compared against the time before it looked suspicious) and the newest
 * ones; the files in between are removed first, then any older than `oldest`.
 */
async function thin<T extends { path: string; at: number }>(files: readonly T[], keep: number, oldest: number): Promise<T[]> {
  const young = files.filter((f) => f.at >= oldest);
  const stale = files.filter((f) => f.at < oldest);
  const kept = young.length <= keep ? young : [young[0]!, ...young.slice(young.length - (keep - 1))];
  const gone = [...stale, ...young.filter((f) => !kept.includes(f))];
  for (const f of gone) await rm(f.path, { force: true });
  return kept;
}

/** PRUNE_AFTER_MS: the profiles of a target that is no longer scraped are removed after a day. */
export const PRUNE_AFTER_MS = 24 * 3_600_000;

/** ANALYSE_TIMEOUT_MS bounds one analysis in the worker. */
export const ANALYSE_TIMEOUT_MS = 60_000;

const WORKER_URL = new URL('./analyse-worker.js', import.meta.url);
const WORKER = import.meta.url.endsWith('.js') && existsSync(fileURLToPath(WORKER_URL));

/** analysesInWorker tells whether this build analyses in a worker thread (the compiled daemon does). */
export function analysesInWorker(): boolean {
  return WORKER;
}

function inWorker(job: AnalyseJob): Promise<PprofReport> {
  return new Promise((resolve) => {
    const w = new Worker(WORKER_URL, { workerData: job });
    let done = false;
    const finish = (r: PprofReport): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void w.terminate();
      resolve(r);
    };
    const failed = (why: string): PprofReport => ({ heapProfiles: 0, goroutineProfiles: 0, where: [], cumulative: [], errors: [...job.errors, `analysis: ${why}`] });
    const timer = setTimeout(() => finish(failed(`took longer than ${ANALYSE_TIMEOUT_MS / 1000}s; stopped`)), ANALYSE_TIMEOUT_MS);
    w.once('message', (r: PprofReport) => finish(r));
    w.once('error', (err) => finish(failed(err.message)));
    w.once('exit', (code) => finish(failed(`worker exited with ${code}`)));
  });
}
