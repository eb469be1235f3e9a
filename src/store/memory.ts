/**
 * memory: MemoryStore, the embedded SeriesStore. Raw samples sit in compressed chunks for the raw
 * window; compaction folds older chunks into rollup tiers and forgets series that went quiet.
 * No clock is read here: `compact(at)` receives the time from the daemon's loop.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { labelsKey, type Labels } from '../model/labels.js';
import { labelRecord } from '../model/label-record.js';
import { compileMatcher, matchesAll, type Matcher } from '../model/matcher.js';
import { ByteArena } from './arena.js';
import { registersFor, type ChunkList, type ChunkListState } from './chunks.js';
import { resolveStoreOptions, type ResolvedStoreOptions, type StoreOptions } from './options.js';
import { LabelSetTable } from './identity.js';
import { Postings } from './postings.js';
import { MemSeries } from './series.js';
import { readSeries } from './select.js';
import { SelectionCache } from './selection-cache.js';
import type { SelectHints, SeriesData, SeriesStore, StoreStats } from './store.js';

/** MemoryStoreStats adds the store's counters to the shared StoreStats (for self-metrics). */
export interface MemoryStoreStats extends StoreStats {
  /** rollupBuckets counts finished buckets held across all tiers. */
  readonly rollupBuckets: number;
  readonly rejectedOutOfOrder: number;
  readonly rejectedDuplicate: number;
  /** rejectedInvalid counts samples whose timestamp was not an integer number of ms. */
  readonly rejectedInvalid: number;
  /** rejectedLimit counts appends refused because maxSeries was reached. */
  readonly rejectedLimit: number;
  /** rejectedBudget counts appends of new series refused while the memory budget was exceeded. */
  readonly rejectedBudget: number;
  /** filtered counts appends for series the retain filter declined. */
  readonly filtered: number;
  /** droppedSeries counts series removed as stale since the store was made. */
  readonly droppedSeries: number;
}

/** CompactResult says what one compaction did. */
export interface CompactResult {
  readonly rolledUpSamples: number;
  readonly expiredBuckets: number;
  readonly droppedSeries: number;
}

/** MemoryStore keeps series in memory with compressed raw chunks and rollups. */
export class MemoryStore implements SeriesStore {
  readonly options: ResolvedStoreOptions;
  /** series resolves a series' id (its index in `ordered`) for the id-keyed tables. */
  private readonly series = { indexOf: (s: MemSeries): number => s.id, at: (id: number): MemSeries => this.ordered[id]! };
  private readonly byLabels = new LabelSetTable<MemSeries>(this.series);
  /**
   * ordered lists series in creation order (for scans and the snapshot); a series' id is its index
   * here, renumbered when compaction drops series (see renumber()).
   */
  private ordered: MemSeries[] = [];
  /**
   * successor remembers, per series (at id + 1; slot 0 is "nothing appended yet"), the id of the
   * series appended right after it last time. Sources append in a stable order (a scrape walks its
   * target's lines, a rule group its results), so the predicted series, confirmed by identity of
   * the frozen labels object, skips hashing the labels: what a WeakMap from labels object to series
   * did for ~26 B a series, here 4 B. A wrong guess costs one comparison and then the hash lookup.
   */
  private successor = new Int32Array(64);
  /** prev is the successor slot of the series appended last (its id + 1), 0 before any. */
  private prev = 0;
  private readonly postings = new Postings<MemSeries>(
    (s) => s.labels,
    (id) => this.ordered[id]!,
  );
  /**
   * arena holds every raw series' chunk bytes and encoder registers (one column's three, plus
   * prevT), so a series costs no typed array or register array of its own. Slabs stop at
   * 256 KB: the current slab's unfilled tail is resident too, half a slab on average, and a 1 MB
   * slab left ~0.5 MB of it (0.05 B/sample at 20k series).
   */
  private readonly arena = new ByteArena(256 * 1024, registersFor(1));
  /** rollupArena holds every series' rollup buckets (five columns), as `arena` holds raw chunks. */
  private readonly rollupArena = new ByteArena(256 * 1024, registersFor(5));
  /** selections remembers what each selector matched while its series stay the same. */
  private readonly selections = new SelectionCache<MemSeries>();
  private samples = 0;
  private readonly counts = {
    rejectedOutOfOrder: 0,
    rejectedDuplicate: 0,
    rejectedInvalid: 0,
    rejectedLimit: 0,
    rejectedBudget: 0,
    filtered: 0,
    droppedSeries: 0,
  };

  /**
   * admit, when set, is asked before a new series is created; false refuses it (the daemon's memory
   * guard says no while the process is over its memory budget). Series that exist keep appending:
   * refusing their samples would open gaps in exactly the series rules are watching.
   */
  private admit: (() => boolean) | undefined;

  constructor(opts: StoreOptions = {}) {
    this.options = resolveStoreOptions(opts);
  }

  /** setAdmission installs (or, with undefined, removes) the gate for new series. */
  setAdmission(admit: (() => boolean) | undefined): void {
    this.admit = admit;
  }

  /**
   * append stores one sample and says whether it was kept. Out-of-order and duplicate timestamps
   * are refused and counted, as Prometheus does. A new series past maxSeries, or while the
   * admission gate says no, is refused and counted too: never thrown, because the caller is a
   * scrape or a rule in the middle of its work, and one refused series must not fail the rest.
   */
  append(labels: Labels, t: number, v: number): boolean {
    if (!Number.isSafeInteger(t)) {
      this.counts.rejectedInvalid++;
      return false;
    }
    // `ordered` never holds a dropped series (compaction drops and filters in one go), and a stored
    // labels object is always frozen, so identity means the same series.
    const ordered = this.ordered;
    const guess = this.successor[this.prev]!;
    let s = guess < ordered.length ? ordered[guess] : undefined;
    if (s === undefined || s.labels !== labels) {
      s = this.lookup(labels);
      if (s === undefined) return false;
      this.successor[this.prev] = s.id;
    }
    this.prev = s.id + 1;
    const last = s.raw.lastT;
    if (t <= last) {
      if (t === last) this.counts.rejectedDuplicate++;
      else this.counts.rejectedOutOfOrder++;
      return false;
    }
    s.raw.append(t, v);
    this.samples++;
    return true;
  }

  private lookup(labels: Labels): MemSeries | undefined {
    const retain = this.options.retain;
    if (retain && !retain(labels)) {
      this.counts.filtered++;
      return undefined;
    }
    let s = this.byLabels.get(labels);
    if (s === undefined) {
      if (this.byLabels.size >= this.options.maxSeries) {
        this.counts.rejectedLimit++;
        return undefined;
      }
      if (this.admit !== undefined && !this.admit()) {
        this.counts.rejectedBudget++;
        return undefined;
      }
      s = this.create(normalize(labels));
    } else if (s.labels !== labels && Object.isFrozen(labels) && normalize(labels) === labels) {
      // An equal frozen record (a source's own, after the series came from a snapshot or another
      // source) replaces the stored one, so the identity check in append() holds from now on. Only
      // a frozen object can be trusted to name the same series next time: a parser that reuses one
      // mutable object for every line would otherwise land all lines in the first series.
      s.relabel(labels);
    }
    return s;
  }

  private create(labels: Labels, state?: ChunkListState): MemSeries {
    const id = this.ordered.length;
    const s = new MemSeries(id, labels, this.options.samplesPerChunk, this.arena, state);
    this.byLabels.add(s);
    this.ordered.push(s);
    this.postings.add(s, labels);
    this.selections.changed(labels);
    if (id + 2 > this.successor.length) {
      // An eighth more, not double: doubled slack would be 2 B a series on average.
      const next = new Int32Array(Math.max(id + 2, this.successor.length + (this.successor.length >>> 3)));
      next.set(this.successor);
      this.successor = next;
    }
    this.successor[id + 1] = 0;
    return s;
  }

  /**
   * renumber drops released series from `ordered` and gives the rest their new positions as ids.
   * Order is kept, so id-sorted postings stay sorted; the id-keyed tables and learned successors
   * follow their series. The dropped series must already be out of the tables.
   */
  private renumber(): void {
    const old = this.ordered;
    const oldNext = this.successor;
    const kept: MemSeries[] = [];
    const newId = new Int32Array(old.length);
    for (let i = 0; i < old.length; i++) {
      const s = old[i]!;
      newId[i] = s.dropped ? -1 : kept.length;
      if (!s.dropped) kept.push(s);
    }
    const moved = (slot: number): number => {
      const to = oldNext[slot]!;
      return to < old.length && newId[to]! >= 0 ? newId[to]! : 0;
    };
    const next = new Int32Array(Math.max(64, kept.length + 1 + (kept.length >>> 3)));
    next[0] = moved(0);
    for (let i = 0; i < old.length; i++) if (newId[i]! >= 0) next[newId[i]! + 1] = moved(i + 1);
    for (let i = 0; i < kept.length; i++) kept[i]!.id = i;
    this.prev = this.prev > 0 && newId[this.prev - 1]! >= 0 ? newId[this.prev - 1]! + 1 : 0;
    this.ordered = kept;
    this.successor = next;
    this.byLabels.renumber(newId);
    this.postings.renumber(newId);
  }

  /** sortsSelections: select honours `hints.labelOrder`. */
  readonly sortsSelections = true;

  /**
   * select returns matching series with their samples in [mint, maxt], in series creation order, or
   * in label order when the hints ask for it.
   */
  select(matchers: readonly Matcher[], mint: number, maxt: number, hints?: SelectHints): SeriesData[] {
    const out: SeriesData[] = [];
    const matched = this.selections.get(matchers, hints?.labelOrder === true, () => this.matching(matchers));
    if (hints?.latest === true && hints.rollup === undefined) return this.selectLatest(matched, mint, maxt);
    if (hints?.rollup !== undefined) {
      for (const s of matched) {
        const d = readSeries(s, mint, maxt, hints.rollup);
        if (d.t.length > 0) out.push({ labels: s.labels, t: d.t, v: d.v });
      }
      return out;
    }
    // Raw reads decode every series into one shared buffer: a typed array per series is a backing
    // store allocation each, which cost more than decoding the samples (rules select 1k series per
    // rule, 1k rules per cycle).
    const caps = new Array<number>(matched.length);
    let total = 0;
    for (let i = 0; i < matched.length; i++) {
      const c = matched[i]!.countIn(mint, maxt);
      caps[i] = c;
      total += c;
    }
    if (total > 0) {
      const tBuf = new Float64Array(total);
      const vBuf = new Float64Array(total);
      const vCol = [vBuf];
      let at = 0;
      for (let i = 0; i < matched.length; i++) {
        if (caps[i] === 0) continue;
        const s = matched[i]!;
        const n = s.readInto(mint, maxt, tBuf, vCol, at);
        if (n > at) out.push({ labels: s.labels, t: tBuf.subarray(at, n), v: vBuf.subarray(at, n) });
        at += caps[i]!;
      }
    }
    return out;
  }

  /**
   * selectLatest returns each series' newest sample in [mint, maxt]: from the value register when
   * that is the series' newest sample, else (newer samples past maxt, a NaN) decoded with the others
   * that need it into one shared buffer, as a full select does.
   */
  private selectLatest(matched: readonly MemSeries[], mint: number, maxt: number): SeriesData[] {
    const out: (SeriesData | undefined)[] = new Array(matched.length);
    let decode: number[] | undefined;
    for (let i = 0; i < matched.length; i++) {
      const s = matched[i]!;
      const v = s.raw.newest(mint, maxt);
      if (v !== undefined) out[i] = { labels: s.labels, t: [s.raw.lastT], v: [v] };
      else (decode ??= []).push(i);
    }
    if (decode !== undefined) {
      let total = 0;
      const caps = decode.map((i) => {
        const c = matched[i]!.raw.countIn(mint, maxt);
        total += c;
        return c;
      });
      const tBuf = new Float64Array(total);
      const vCol = [new Float64Array(total)];
      let at = 0;
      decode.forEach((i, k) => {
        if (caps[k] === 0) return;
        const s = matched[i]!;
        const n = s.raw.readInto(mint, maxt, tBuf, vCol, at);
        if (n > at) out[i] = { labels: s.labels, t: tBuf.subarray(n - 1, n), v: vCol[0]!.subarray(n - 1, n) };
        at += caps[k]!;
      });
    }
    return out.filter((d): d is SeriesData => d !== undefined);
  }

  /** labelSets lists matching series that hold data overlapping [mint, maxt], sorted by identity. */
  labelSets(matchers: readonly Matcher[], mint: number, maxt: number): Labels[] {
    const hits: MemSeries[] = [];
    for (const s of this.selections.get(matchers, false, () => this.matching(matchers))) {
      if (s.seriesMint() <= maxt && s.raw.lastT >= mint) hits.push(s);
    }
    // Keys are built here, for the few series an API call lists, rather than kept for every series.
    const keyed = hits.map((s) => ({ key: labelsKey(s.labels), labels: s.labels }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.labels);
  }

  /** refusals are the cumulative counts of new series refused, by reason (cheap, unlike stats()). */
  refusals(): { maxSeries: number; memoryBudget: number } {
    return { maxSeries: this.counts.rejectedLimit, memoryBudget: this.counts.rejectedBudget };
  }

  /** seriesCount is the number of series held (cheaper than stats()). */
  get seriesCount(): number {
    return this.byLabels.size;
  }

  /** labelNames lists every label name of stored series, sorted. */
  labelNames(): string[] {
    return this.postings.names();
  }

  /** labelValues lists every value of one label name, sorted. */
  labelValues(name: string): string[] {
    return this.postings.values(name);
  }

  /**
   * stats reports series, raw samples and the estimated bytes held: chunks, arena slack, encoder
   * registers, the label-set table, the postings, and each series' object and labels record.
   */
  stats(): MemoryStoreStats {
    let bytes = this.postings.bytesEstimate() + this.arena.wasteBytes + this.arena.regs.byteLength + this.byLabels.slotBytes;
    bytes += this.rollupArena.wasteBytes + this.rollupArena.regs.byteLength;
    let rollupBuckets = 0;
    bytes += this.ordered.length * 8 + this.successor.byteLength;
    for (const s of this.allSeries()) {
      bytes += s.seriesBytes();
      for (const tier of s.tiers) rollupBuckets += tier.buckets.count;
    }
    return { series: this.byLabels.size, samples: this.samples, bytes, rollupBuckets, ...this.counts };
  }

  /**
   * compact runs the store's housekeeping for time `at`: raw chunks older than the raw window move
   * into rollups, expired buckets go, and series silent for staleAfterMs are dropped.
   */
  compact(at: number): CompactResult {
    const o = this.options;
    const rawCutoff = at - o.rawRetentionMs;
    const staleCutoff = at - o.staleAfterMs;
    let rolledUpSamples = 0;
    let expiredBuckets = 0;
    const stale: MemSeries[] = [];
    for (const s of this.allSeries()) {
      if (s.raw.lastT < staleCutoff) {
        stale.push(s);
        continue;
      }
      const n = s.raw.dropBefore(rawCutoff, (t, v) => s.feed(t, v[0]!, o.rollupIntervals, o.samplesPerChunk, this.rollupArena));
      rolledUpSamples += n;
      this.samples -= n;
      const next = s.raw.count > 0 ? s.raw.mint : s.raw.lastT + 1;
      s.tiers.forEach((tier, i) => {
        if (n > 0) tier.closeBefore(next);
        expiredBuckets += tier.expire(at - o.rollupIntervals[i]!.retentionMs);
      });
    }
    for (const s of stale) this.drop(s);
    // One pass per compaction rather than a search per dropped series.
    if (stale.length > 0) this.renumber();
    return { rolledUpSamples, expiredBuckets, droppedSeries: stale.length };
  }

  private drop(s: MemSeries): void {
    this.byLabels.delete(s);
    this.postings.remove(s, s.labels);
    this.selections.changed(s.labels);
    this.samples -= s.raw.count;
    s.releaseAll();
    this.counts.droppedSeries++;
  }

  /** matching lists the series satisfying every matcher, in creation order (an array: a generator cost more than the loop it drove). */
  private matching(matchers: readonly Matcher[]): MemSeries[] {
    const ms = matchers.map(compileMatcher);
    const hits = this.postings.candidates(ms) ?? this.ordered;
    const out: MemSeries[] = [];
    for (let i = 0; i < hits.length; i++) {
      const s = hits[i]!;
      if (matchesAll(s.labels, ms)) out.push(s);
    }
    return out;
  }


  /** adoptTiers moves a restored series' tiers into the shared rollup arena. */
  adoptTiers(s: MemSeries): void {
    s.rehomeTiers(this.rollupArena);
  }

  /** allSeries iterates stored series in creation order (for the snapshot writer). */
  allSeries(): IterableIterator<MemSeries> {
    return this.ordered.values();
  }

  /** adopt inserts a series rebuilt by the snapshot loader; its raw list must already hold its samples. */
  adopt(labels: Labels, raw: ChunkList): MemSeries {
    const norm = normalize(labels);
    if (this.byLabels.get(norm) !== undefined) {
      throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `store snapshot: series ${labelsKey(norm)} appears twice`);
    }
    // The loader builds lists in private buffers; moving them into the arena sheds a typed array each.
    const s = this.create(norm, raw.state());
    this.samples += raw.count;
    return s;
  }
}

/**
 * normalize returns labels without empty values (Prometheus treats them as absent), frozen. A frozen
 * input with nothing to drop is kept as it is: it cannot change under us, and a copy costs heap.
 */
function normalize(labels: Labels): Labels {
  if (Object.isFrozen(labels) && !Object.values(labels).includes('')) return labels;
  const names: string[] = [];
  const values: string[] = [];
  for (const k of Object.keys(labels).sort()) {
    const v = labels[k]!;
    if (v === '') continue;
    names.push(k);
    values.push(v);
  }
  return labelRecord(names, values);
}
