/**
 * scrape: one scrape of one target: fetch, parse, label, append, and the staleness bookkeeping that
 * Prometheus does (series that vanish, or a target that goes down, get a staleness marker so rules
 * stop seeing them after one scrape rather than after the 5m lookback).
 */
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import type { Labels } from '../model/labels.js';
import { labelsKey, METRIC_NAME } from '../model/labels.js';
import { labelRecord } from '../model/label-record.js';
import { STALE_NAN } from '../model/sample.js';
import type { Appender } from '../store/store.js';
import { ACCEPT_HEADER, detectFormat } from './exposition/content-type.js';
import { checkLabelLimits } from './limits.js';
import { copyString, ScrapeCache } from './exposition/scrape-cache.js';
import type { SeriesView } from './exposition/types.js';
import type { Fetcher } from './fetch.js';
import type { Target } from './target.js';
import { familyMetadata, type MetricMetadata } from './metadata.js';

/** TargetHealth is Prometheus' target health vocabulary. */
export type TargetHealth = 'up' | 'down' | 'unknown';

/** ScrapedSeries is one series of a target as the scrape loop keeps it from one scrape to the next. */
export interface ScrapedSeries {
  /** labels include the target's labels and are frozen, so the store knows the object again. */
  readonly labels: Labels;
  /** seen is the number of the scrape that last reported this series. */
  seen: number;
  /** inLast tells whether the previous successful scrape wrote this series. */
  inLast: boolean;
}

/** TargetState is what the loop remembers between scrapes of one target. */
export interface TargetState {
  health: TargetHealth;
  lastError: string;
  lastScrape: number;
  lastScrapeDurationMs: number;
  lastSamples: number;
  /**
   * series written by the previous successful scrape, for staleness. A set of the series objects,
   * not a map by label text: a 200-character key per series was the largest single item of the
   * daemon's heap at 200k series, and identity is all staleness needs (see TargetCache.byKey).
   */
  lastSeries: Set<ScrapedSeries>;
  scrapes: number;
  failures: number;
  /** cache maps each raw series text of this target to its ScrapedSeries (see scrape-cache.ts). */
  cache: TargetCache | undefined;
  /** metadata is the family metadata of the last good payload, kept when a failed scrape drops the cache. */
  metadata?: ReadonlyMap<string, MetricMetadata>;
}

/** newTargetState starts a target as unknown, as Prometheus does before the first scrape. */
export function newTargetState(): TargetState {
  return {
    health: 'unknown',
    lastError: '',
    lastScrape: 0,
    lastScrapeDurationMs: 0,
    lastSamples: 0,
    lastSeries: new Set(),
    scrapes: 0,
    failures: 0,
    cache: undefined,
  };
}

/**
 * TargetCache is the parse cache of one target. It is tied to the target's labels: cached series
 * carry them, so other labels need a new cache.
 */
class TargetCache {
  readonly cache: ScrapeCache<ScrapedSeries>;
  /** created counts series objects made during the current scrape. */
  created = 0;
  scrape = 0;
  private readonly pool = new Map<string, string>();
  /**
   * byKey finds the series object for a label set during a scrape that meets new series text, so
   * that two spellings of one series (label order, quoting) share one object. Built from lastSeries
   * on the first new text of a scrape and dropped at its end: the steady state, where every line's
   * text is known, never computes a key.
   */
  private byKey: Map<string, ScrapedSeries> | undefined;

  constructor(
    readonly signature: string,
    private readonly target: Target,
    private readonly state: TargetState,
  ) {
    this.cache = new ScrapeCache((view) => this.intern(view));
  }

  // intern runs once per new raw series text: merge the target's labels, copy the strings out of
  // the payload (a slice would keep the whole body alive for as long as the series lives), freeze.
  // Not assignment or defineProperty on the merged object: those left every frozen label set with
  // a hidden class of its own (≈ 400 B per series in a heap snapshot).
  private intern(view: SeriesView): ScrapedSeries {
    const own = this.target.labels;
    const merged = targetLabelsFor(view.labels(), own, this.target.honorLabels);
    // labelRecord keeps every label in the object itself (label-record.ts): no PropertyArray.
    const names = Object.keys(merged);
    const labels: Labels = labelRecord(
      names,
      names.map((k) => {
        const v = merged[k]!;
        return v === own[k] ? v : this.copy(v);
      }),
    );
    // labelsKey builds its result by concatenation; flat, it takes a third of the memory.
    const broken = checkLabelLimits(labels, this.target);
    if (broken !== undefined) throw new DaemonError(ErrorCode.SCRAPE_LABEL_LIMIT, broken);
    let byKey = this.byKey;
    if (byKey === undefined) {
      byKey = new Map();
      for (const s of this.state.lastSeries) byKey.set(labelsKey(s.labels), s);
      this.byKey = byKey;
    }
    const key = labelsKey(labels);
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const s: ScrapedSeries = { labels, seen: 0, inLast: false };
    byKey.set(key, s);
    this.created++;
    return s;
  }

  // copy gives a payload string a copy of its own, one per distinct value within a scrape
  // (`handler="/api/v1/items"` repeats across many series). V8 copies slices under 13 characters anyway.
  private copy(v: string): string {
    if (v.length < 13) return v;
    let c = this.pool.get(v);
    if (c === undefined) {
      c = copyString(v);
      this.pool.set(c, c);
    }
    return c;
  }

  /** endScrape drops the per-scrape string pool and key index. */
  endScrape(): void {
    if (this.pool.size > 0) this.pool.clear();
    this.byKey = undefined;
    this.created = 0;
  }
}

function cacheFor(target: Target, state: TargetState): TargetCache {
  // Cached series passed the label limits in force when they were made; new limits re-check them all.
  const signature = `${target.key}|${target.honorLabels ? 'honor' : ''}|${target.labelLimit}|${target.labelNameLengthLimit}|${target.labelValueLengthLimit}`;
  let c = state.cache;
  if (c === undefined || c.signature !== signature) {
    c = new TargetCache(signature, target, state);
    state.cache = c;
  }
  return c;
}

/**
 * metadataOf returns a target's family metadata: read from the comment lines its scrape cache holds,
 * or what was kept when the last scrape failed. Built on demand, so scraping pays nothing for it.
 */
export function metadataOf(state: TargetState): ReadonlyMap<string, MetricMetadata> {
  return state.cache ? familyMetadata(state.cache.cache.leadTexts()) : (state.metadata ?? new Map());
}

/** ScrapeResult summarises one scrape for metrics and logs. */
export interface ScrapeResult {
  readonly up: boolean;
  readonly durationMs: number;
  readonly samples: number;
  readonly bytes: number;
  readonly error?: DaemonError;
  /** the daemon shut down mid-scrape; nothing was written and the target's state is unchanged. */
  readonly aborted?: true;
}

/**
 * targetLabelsFor merges target labels into a scraped series. With honor_labels false a clash
 * keeps the target's value and moves the scraped one to `exported_<name>`, as Prometheus does.
 */
export function targetLabelsFor(scraped: Labels, target: Labels, honorLabels: boolean): Labels {
  const out: Record<string, string> = { ...scraped };
  for (const [k, v] of Object.entries(target)) {
    const cur = out[k];
    if (cur === undefined || cur === '') out[k] = v;
    else if (!honorLabels) {
      out['exported_' + k] = cur;
      out[k] = v;
    }
  }
  return out;
}

/** reportSeries builds the synthetic per-scrape series (`up`, `scrape_duration_seconds`, …). */
export function reportSeries(target: Labels, r: ScrapeResult, added: number): Array<{ labels: Labels; value: number }> {
  const mk = (name: string, value: number): { labels: Labels; value: number } => ({ labels: { ...target, [METRIC_NAME]: name }, value });
  return [
    mk('up', r.up ? 1 : 0),
    mk('scrape_duration_seconds', r.durationMs / 1000),
    mk('scrape_samples_scraped', r.samples),
    mk('scrape_samples_post_metric_relabeling', r.samples),
    mk('scrape_series_added', added),
  ];
}

/** ScrapeDeps are the collaborators of scrapeTarget. */
export interface ScrapeDeps {
  readonly fetch: Fetcher;
  readonly append: Appender;
  readonly now: () => number;
  readonly tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  readonly signal?: AbortSignal;
}

/**
 * scrapeTarget scrapes once at logical time `at`. It never throws: a failure marks the target down,
 * writes staleness markers for its previous series and is returned in the result.
 */
export async function scrapeTarget(target: Target, state: TargetState, deps: ScrapeDeps, at: number): Promise<ScrapeResult> {
  const started = deps.now();
  let result: ScrapeResult;
  let added = 0;
  try {
    const res = await deps.fetch({
      url: target.url,
      timeoutMs: target.timeoutMs,
      bodySizeLimit: target.bodySizeLimit,
      accept: ACCEPT_HEADER,
      headers: target.headers,
      ...(target.tls ? { tls: { ...deps.tls, insecureSkipVerify: target.tls.insecureSkipVerify, serverName: target.tls.serverName } } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const tc = cacheFor(target, state);
    // The scan itself stops at sample_limit and checks the label limits of each new series, so a
    // target that explodes costs at most the limit in parsing and cache, never its whole payload.
    const n = tc.cache.scan(res.body, detectFormat(res.contentType), target.sampleLimit);
    const g = ++tc.scrape;
    const { series, values, timestamps } = tc.cache;
    const honorTs = target.honorTimestamps;
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const s = series[i]!;
      const ts = timestamps[i]!;
      if (!s.inLast) added++;
      if (s.seen !== g) {
        s.seen = g;
        distinct++;
      }
      deps.append.append(s.labels, honorTs && ts === ts ? ts : at, values[i]!);
    }
    // The same series as last time (the usual case) leaves lastSeries as it is: every series of
    // this scrape was in the last one and there are as many, so none went missing.
    if (tc.created > 0 || distinct !== state.lastSeries.size) {
      const seen = new Set<ScrapedSeries>();
      for (let i = 0; i < n; i++) seen.add(series[i]!);
      for (const s of state.lastSeries) {
        if (s.seen === g) continue;
        s.inLast = false;
        deps.append.append(s.labels, at, STALE_NAN);
      }
      for (const s of seen) s.inLast = true;
      state.lastSeries = seen;
    }
    tc.endScrape();
    result = { up: true, durationMs: deps.now() - started, samples: n, bytes: res.bytes };
    state.health = 'up';
    state.lastError = '';
  } catch (err) {
    // A scrape cut short by shutdown says nothing about the target. Recording it as up=0 would put
    // a false outage into the snapshot, and `up == 0` rules would fire on it after the restart
    // (Prometheus, too, just stops its scrape loops on shutdown).
    if (deps.signal?.aborted) return { up: false, durationMs: deps.now() - started, samples: 0, bytes: 0, aborted: true };
    const e = DaemonError.is(err) ? err : new DaemonError(ErrorCode.INTERNAL, errorMessage(err), { cause: err });
    for (const s of state.lastSeries) deps.append.append(s.labels, at, STALE_NAN);
    state.lastSeries = new Set();
    // A cache made for this very scrape (the previous one failed too) has no payload to read.
    if (state.cache && state.cache.cache.leadTexts().length > 0) state.metadata = familyMetadata(state.cache.cache.leadTexts());
    // Start the next scrape cold: this one may have left half-made series in the cache.
    state.cache = undefined;
    result = { up: false, durationMs: deps.now() - started, samples: 0, bytes: 0, error: e };
    state.health = 'down';
    state.lastError = e.located();
    state.failures++;
  }
  for (const s of reportSeries(target.labels, result, added)) deps.append.append(s.labels, at, s.value);
  state.lastScrape = at;
  state.lastScrapeDurationMs = result.durationMs;
  state.lastSamples = result.samples;
  state.scrapes++;
  return result;
}
