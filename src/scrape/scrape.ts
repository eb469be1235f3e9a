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
import { ScrapeCache } from './exposition/scrape-cache.js';
import { sharedStrings } from './exposition/string-pool.js';
import type { SeriesView } from './exposition/types.js';
import type { Fetcher } from './fetch.js';
import type { Target } from './target.js';
import { familyMetadata, type MetricMetadata } from './metadata.js';

/** TargetHealth is Prometheus' target health vocabulary. */
export type TargetHealth = 'up' | 'down' | 'unknown';

/** TargetState is what the loop remembers between scrapes of one target. */
export interface TargetState {
  health: TargetHealth;
  lastError: string;
  lastScrape: number;
  lastScrapeDurationMs: number;
  lastSamples: number;
  /**
   * series written by the previous successful scrape, for staleness: their frozen label objects,
   * each once, not a map by label text (a 200-character key per series was the largest single
   * item of the daemon's heap at 200k series). Identity is all staleness needs: two spellings of
   * one series share one label object (see TargetCache.byKey). An array, not a Set: only a scrape
   * that meets new or missing series asks whether one is in it, and a Set costs 3× the memory.
   */
  lastSeries: readonly Labels[];
  scrapes: number;
  failures: number;
  /** cache maps each raw series text of this target to its frozen labels (see scrape-cache.ts). */
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
    lastSeries: [],
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
  /**
   * cache maps each raw series text straight to the series' frozen labels: the cache's entry is the
   * only per-series object of the scrape path besides the labels (a record of the loop's own, with
   * a generation and an "in the last scrape" flag, was 48 B a series; staleness now works on the
   * label objects, see scrapeTarget).
   */
  readonly cache: ScrapeCache<Labels>;
  /** created counts cache entries made during the current scrape. */
  created = 0;
  /**
   * aliased is set when an entry was given labels that another entry may hold too (a second
   * spelling of a series). While it is set, the count of distinct entries of a scrape says nothing
   * about the count of distinct series, so the loop recomputes staleness; the loop clears it once a
   * scrape's entries map one to one to its series again.
   */
  aliased = false;
  /**
   * byKey finds the series object for a label set during a scrape that meets new series text, so
   * that two spellings of one series (label order, quoting) share one object. Built from lastSeries
   * on the first new text of a scrape and dropped at its end: the steady state, where every line's
   * text is known, never computes a key.
   */
  private byKey: Map<string, Labels> | undefined;

  constructor(
    readonly signature: string,
    private readonly target: Target,
    private readonly state: TargetState,
  ) {
    this.cache = new ScrapeCache((view) => this.intern(view));
  }

  // intern runs once per new raw series text: merge the target's labels, take the values from the
  // shared pool (a slice of the payload would keep the whole body alive for as long as the series
  // lives; the pool's copy is one for every target that sends the value, short ones included:
  // `code="200"` was a string of its own in every series), freeze.
  // Not assignment or defineProperty on the merged object: those left every frozen label set with
  // a hidden class of its own (≈ 400 B per series in a heap snapshot).
  private intern(view: SeriesView): Labels {
    const own = this.target.labels;
    const merged = targetLabelsFor(view.labels(), own, this.target.honorLabels);
    // Limits first: a series they refuse leaves nothing behind, in the string pool neither.
    const broken = checkLabelLimits(merged, this.target);
    if (broken !== undefined) throw new DaemonError(ErrorCode.SCRAPE_LABEL_LIMIT, broken);
    // labelRecord keeps every label in the object itself (label-record.ts): no PropertyArray.
    const names = Object.keys(merged);
    const labels: Labels = labelRecord(
      names,
      names.map((k) => {
        const v = merged[k]!;
        return v === own[k] ? v : sharedStrings.intern(v);
      }),
    );
    let byKey = this.byKey;
    if (byKey === undefined) {
      byKey = new Map();
      for (const l of this.state.lastSeries) byKey.set(labelsKey(l), l);
      this.byKey = byKey;
    }
    this.created++;
    const key = labelsKey(labels);
    const known = byKey.get(key);
    if (known !== undefined) {
      this.aliased = true;
      return known;
    }
    byKey.set(key, labels);
    return labels;
  }

  /** endScrape drops the per-scrape key index. */
  endScrape(): void {
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
    const { series, values, timestamps } = tc.cache;
    const honorTs = target.honorTimestamps;
    for (let i = 0; i < n; i++) {
      const ts = timestamps[i]!;
      deps.append.append(series[i]!, honorTs && ts === ts ? ts : at, values[i]!);
    }
    // The same series as last time (the usual case) leaves lastSeries as it is: no entry is new, so
    // every series of this scrape was in the last one (the cache forgets entries a scrape did not
    // report), none was added, and there are as many distinct entries as series last time, one
    // series each (unless aliased), so none went missing.
    const last = state.lastSeries;
    if (tc.created > 0 || tc.aliased || tc.cache.size !== last.length) {
      const before = new Set(last);
      const seen = new Set<Labels>();
      for (let i = 0; i < n; i++) {
        const l = series[i]!;
        if (!before.has(l)) added++;
        seen.add(l);
      }
      for (const l of last) if (!seen.has(l)) deps.append.append(l, at, STALE_NAN);
      tc.aliased = seen.size !== tc.cache.size;
      state.lastSeries = [...seen];
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
    for (const l of state.lastSeries) deps.append.append(l, at, STALE_NAN);
    state.lastSeries = [];
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
