/**
 * scrape-cache: the scrape loop's steady-state parser. A target sends the same series in the same
 * order scrape after scrape and only the numbers change, so, like Prometheus' scrape cache
 * (scrape/scrape.go keeps the raw series bytes of each line mapped to its parsed labels), we map
 * the raw series text of a line to the caller's object for that series and, for a known series,
 * parse nothing but the value. Most characters of a line are then touched only by native string
 * operations: `indexOf('\n')` for the line end and one slice compare (or one Map lookup) for the
 * series text.
 *
 * Why a hit is always right. The cache only ever holds texts that the full, validating scanner
 * (scanner.ts) reported as exactly the series part of a sample line (metric name through `}`) in
 * the same format. A hit means the line is `S + " " + rest` for such an S, with `rest` either one
 * value token or a value and a timestamp token separated by one space, and both parsed by the same
 * number functions the scanner uses. The scanner reads a series part from its own characters alone
 * (the name ends at the first non-name character, the label set at its closing brace), so on this
 * line it reads S again, then one space, then a value token that ends where ours does: a parsed
 * value holds no blank, brace or `#`. Hence it would yield the same series, value and timestamp.
 * A candidate key that runs into the value token can never be such a text, since a series text
 * ends with a name character or `}` and no valid value does; if it ever matched, the token after
 * it would fail to parse and the line would take the full path.
 *
 * Comment lines (`# HELP`, `# TYPE`, `# UNIT`, free comments) repeat as much as series do and, in
 * a Go service's payload, are about as many. What the scanner does with one depends on that
 * line's text alone and the scrape loop keeps no metadata, so a line identical to one the scanner
 * accepted in the same format is skipped. `# EOF` is never cached: it ends the payload. The
 * comment (or blank) lines just before a sample line are kept with that sample's place in the
 * previous scrape as one "lead" text; a lead never spans a sample line. So the usual line costs
 * one compare for lead and series text together and a newline search over the value only.
 *
 * Anything else (a new series or comment, `# EOF`, exemplars, leading blanks, tabs, two spaces,
 * CR, a bad value) goes, one line at a time, through the full scanner, which reports the same
 * errors at the same line:col as `parseExposition`.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { CH, NAME_START, sameAt } from './chars.js';
import { parseIntTimestamp, parseSecondsTimestamp, parseValue } from './number.js';
import { Scanner } from './scanner.js';
import { sharedStrings, type StringPool } from './string-pool.js';
import type { ExpositionFormat, ExpositionSink, MetaKind, SeriesView } from './types.js';

interface Entry<T> {
  /**
   * text is the validated raw series text, a flat string from the pool (string-pool.ts): never a
   * view into a payload, and one string for every target that sends the same text. (Node 20's V8
   * compares a payload slice with a flat string ~13 ns slower than with another slice of a big
   * string, as the first payload's slices were: ~2 µs a scan of a 72-series Go payload, 0.02 % of
   * a core at 200k series every 15 s, for the ~40 MiB those slices and copies cost.)
   */
  readonly text: string;
  readonly value: T;
  /** idx is this series' position in the previous scan, -1 when it was not in it. */
  idx: number;
  /** seen is the scan generation that last reported this series. */
  seen: number;
}

/**
 * scratch holds the arrays that only live through one scan and the read after it: the samples
 * handed to the caller and the next scan's entry, lead and comment lists before they are kept.
 * Scans are synchronous and never nest, so one set serves every cache of the process instead of
 * six arrays of up to one slot per series in each cache (~50 B a series with their growth slack).
 */
const scratch = {
  series: [] as unknown[],
  values: [] as number[],
  timestamps: [] as number[],
  next: [] as Array<Entry<unknown>>,
  nextLeads: [] as string[],
  nextComments: [] as string[],
};

/**
 * ScrapeCache parses successive payloads of one target. After `scan`, the first `count` entries of
 * `series`, `values` and `timestamps` (NaN when the line had none) hold the samples in input order,
 * until the next scan of any ScrapeCache: the arrays are shared by all (read them right away).
 */
export class ScrapeCache<T> implements ExpositionSink {
  /** count is how many samples the last successful scan found. */
  count = 0;
  readonly series = scratch.series as T[];
  readonly values = scratch.values;
  readonly timestamps = scratch.timestamps;
  /** fastLines counts the sample lines of the last scan that skipped the full parser (for tests and benches). */
  fastLines = 0;

  // byText finds series that moved. It is built from the previous scan's entries the first time
  // one is needed and kept up to date from then on; a first scrape and an unchanged steady state
  // never build it (filling a Map of 76 k fresh strings costs more than the rest of a cold scan).
  private byText: Map<string, Entry<T>> | undefined;
  private live = 0;
  // prev holds the previous scan's entries in payload order, exactly as many (a copy of the scratch
  // list, made only when they changed).
  private prev: Array<Entry<T>> = [];
  private readonly next = scratch.next as Array<Entry<T>>;
  // leads[k] is the text of the comment or blank lines just before the k-th sample line of the
  // previous scan ('' when none): the family's HELP and TYPE, compared in one go next time.
  private leads: string[] = [];
  private readonly nextLeads = scratch.nextLeads;
  // Accepted comment lines in payload order, and (built when a comment line is not where it was)
  // where each sat in the previous scan.
  private comments: string[] = [];
  private commentAt: Map<string, number> | undefined;
  private format: ExpositionFormat | undefined;
  private gen = 0;
  // Per-scan bookkeeping, kept in fields because the scanner reports full-path samples to `sample`.
  private n = 0;
  private cur = 0;
  private distinct = 0;
  private created = 0;
  private inPlace = 0;
  private text = '';
  private leadStart = 0;
  private lineAt = 0;
  private v = 0;
  private ts = NaN;
  private limit = 0;

  /**
   * create builds the caller's object for a series seen for the first time; call view.labels() there.
   * The texts the cache keeps come from `strings`.
   */
  constructor(
    private readonly create: (view: SeriesView) => T,
    private readonly strings: StringPool = sharedStrings,
  ) {}

  /**
   * leadTexts are the comment (and blank) lines before each sample line of the last scan, one text
   * per sample: every `# HELP`, `# TYPE` and `# UNIT` of a family that has samples is in them.
   */
  leadTexts(): readonly string[] {
    return this.leads;
  }

  /** size is how many series texts the cache holds. */
  get size(): number {
    return this.byText?.size ?? this.live;
  }

  /** clear forgets every series (the next scan is a cold parse). */
  clear(): void {
    this.byText = undefined;
    this.live = 0;
    this.prev = [];
    this.leads = [];
    this.comments = [];
    this.commentAt = undefined;
  }

  /**
   * scan parses one payload and returns its sample count. It throws EXPOSITION_PARSE exactly where
   * `parseExposition` would. After a successful scan, series that were not in it are forgotten,
   * which bounds the cache by one scrape's series (Prometheus cleans its cache the same way).
   * With `sampleLimit` > 0 the scan stops with SCRAPE_TOO_LARGE at the first sample past it, so
   * neither the sample arrays nor the cache ever hold more than the limit allows; the caller must
   * then drop the cache (its bookkeeping is that of a scan cut short).
   */
  scan(text: string, format: ExpositionFormat, sampleLimit = 0): number {
    if (format !== this.format) {
      // Text and OpenMetrics accept different series spellings; never reuse one's texts for the other.
      this.clear();
      this.format = format;
    }
    const g = ++this.gen;
    this.limit = sampleLimit;
    this.n = 0;
    this.cur = 0;
    this.distinct = 0;
    this.created = 0;
    this.inPlace = 0;
    this.text = text;
    this.leadStart = 0;
    const om = format === 'openmetrics';
    // The full scanner is made on the first line that needs it: in the steady state none does.
    let scanner: Scanner | undefined;
    const t = text;
    const len = t.length;
    const prev = this.prev;
    const leads = this.leads;
    const nextLeads = this.nextLeads;
    let fast = 0;
    const comments = this.comments;
    const nextComments = scratch.nextComments;
    let cc = 0; // cursor into comments
    let nc = 0; // comment lines of this scan
    let commentsMoved = false;
    // nextSpace caches the first space at or after some earlier line start, so finding out
    // whether a line has a space at all stays linear over the payload.
    let nextSpace = -1;
    let p = 0;
    for (;;) {
      if (p >= len && !om) break;
      // 1. What came next last time: the same comment lines (the family's HELP and TYPE), then
      // the same series text and a space. One or two compares, no hashing, no newline search
      // over the series text; only the value is scanned for its end.
      const e0 = prev[this.cur];
      if (e0 !== undefined) {
        const lead = leads[this.cur]!;
        const q = p + lead.length;
        const sl = e0.text.length;
        if (t.charCodeAt(q + sl) === CH.SPACE && (lead.length === 0 || sameAt(t, p, lead)) && sameAt(t, q, e0.text)) {
          const vs = q + sl + 1;
          let eol = t.indexOf('\n', vs);
          if (eol === -1) eol = len;
          // OpenMetrics needs "# EOF" after the last sample: a last line without newline is the full path's error.
          if ((eol < len || !om) && this.rest(t, vs, eol, om)) {
            nextLeads[this.n] = lead;
            this.record(e0, true);
            fast++;
            p = eol + 1;
            this.leadStart = p;
            continue;
          }
        }
      }
      let eol = t.indexOf('\n', p);
      if (eol === -1) eol = len;
      const c = t.charCodeAt(p);
      if (c === CH.HASH) {
        let i = cc;
        const known = comments[i];
        if (known === undefined || known.length !== eol - p || !sameAt(t, p, known)) {
          const at = this.commentIndex().get(t.slice(p, eol));
          i = at === undefined ? -1 : at;
        }
        if (i >= 0) {
          if (i !== nc) commentsMoved = true;
          nextComments[nc++] = comments[i]!;
          cc = i + 1;
          p = eol + 1;
          continue;
        }
        scanner ??= new Scanner(t, this);
        const q = om ? scanner.omLine(p) : scanner.textLine(p);
        if (q === -1) {
          scanner.omFinish();
          break;
        }
        commentsMoved = true;
        nextComments[nc++] = this.strings.intern(t.slice(p, eol));
        p = q;
        continue;
      }
      if (c < 128 && NAME_START[c] === 1 && (eol < len || !om)) {
        let e: Entry<T> | undefined = e0;
        let vs = -1;
        let positional = false;
        // 2. The series where it was last time, after other comment lines than last time.
        if (e !== undefined) {
          const sl = e.text.length;
          if (t.charCodeAt(p + sl) === CH.SPACE && sameAt(t, p, e.text)) {
            vs = p + sl + 1;
            positional = true;
          }
        }
        // 3. A series that moved: look the text before the last (or last but one) space up.
        if (vs < 0 && prev.length > 0) {
          const byText = this.index();
          if (nextSpace < p) {
            nextSpace = t.indexOf(' ', p);
            if (nextSpace === -1) nextSpace = len;
          }
          if (nextSpace < eol) {
            const sp = t.lastIndexOf(' ', eol - 1);
            e = byText.get(t.slice(p, sp));
            if (e !== undefined) vs = sp + 1;
            else if (sp > nextSpace) {
              const sp2 = t.lastIndexOf(' ', sp - 1);
              e = byText.get(t.slice(p, sp2));
              if (e !== undefined) vs = sp2 + 1;
            }
          }
        }
        if (vs >= 0 && this.rest(t, vs, eol, om)) {
          nextLeads[this.n] = this.leadBefore(p);
          this.record(e!, positional);
          fast++;
          p = eol + 1;
          this.leadStart = p;
          continue;
        }
      }
      // 4. Everything else: the full scanner, for this one line. Samples come back through `sample`.
      scanner ??= new Scanner(t, this);
      this.lineAt = p;
      const before = this.n;
      if (om) {
        p = scanner.omLine(p);
        if (p === -1) {
          scanner.omFinish();
          break;
        }
      } else {
        p = scanner.textLine(p);
      }
      if (this.n !== before) this.leadStart = p;
    }
    const n = this.n;
    this.fastLines = fast;
    // Unless every sample sat where it was last time, keep the new entries and their positions.
    if (!(this.inPlace === n && n === prev.length)) {
      const kept = this.next.slice(0, n);
      for (let k = 0; k < n; k++) kept[k]!.idx = k;
      this.prev = kept;
    }
    if (n !== leads.length || !sameList(nextLeads, leads, n)) this.leads = nextLeads.slice(0, n);
    // Comment lines that came inside leads were not looked at one by one; keep the old list then.
    if (nc > 0 && (commentsMoved || nc !== comments.length)) {
      this.comments = nextComments.slice(0, nc);
      this.commentAt = undefined;
    }
    const byText = this.byText;
    if (byText !== undefined && (this.created > 0 || this.distinct !== byText.size)) {
      for (const [k, e] of byText) if (e.seen !== g) byText.delete(k);
    }
    this.live = this.distinct;
    this.text = '';
    this.count = n;
    return n;
  }

  // commentIndex maps each comment line of the previous scan to its place, built when first needed.
  private commentIndex(): Map<string, number> {
    let m = this.commentAt;
    if (m === undefined) {
      m = new Map();
      for (let i = 0; i < this.comments.length; i++) m.set(this.comments[i]!, i);
      this.commentAt = m;
    }
    return m;
  }

  // rest parses what follows the series text and its space, t[vs, eol): a value, or a value, one
  // space and a timestamp. Anything else (a tab, two spaces, CR, an exemplar) fails here and
  // leaves the line to the full parser. The result goes to this.v and this.ts.
  private rest(t: string, vs: number, eol: number, om: boolean): boolean {
    let v = parseValue(t, vs, eol);
    let ts = NaN;
    if (v === undefined) {
      const sp = t.indexOf(' ', vs);
      if (sp === -1 || sp >= eol) return false;
      v = parseValue(t, vs, sp);
      if (v === undefined) return false;
      const x = om ? parseSecondsTimestamp(t, sp + 1, eol) : parseIntTimestamp(t, sp + 1, eol);
      if (x === undefined) return false;
      ts = x;
    }
    this.v = v;
    this.ts = ts;
    return true;
  }

  // record appends the sample in this.v / this.ts for `e`; `positional` says it was found at the cursor.
  private record(e: Entry<T>, positional: boolean): void {
    if (this.limit > 0 && this.n >= this.limit) throw new DaemonError(ErrorCode.SCRAPE_TOO_LARGE, `sample limit exceeded (limit: ${this.limit})`);
    const k = this.n++;
    this.series[k] = e.value;
    this.values[k] = this.v;
    this.timestamps[k] = this.ts;
    this.next[k] = e;
    if (e.seen !== this.gen) {
      e.seen = this.gen;
      this.distinct++;
    }
    if (positional) {
      if (k === this.cur) this.inPlace++;
      this.cur++;
    } else if (e.idx >= 0) this.cur = e.idx + 1;
  }

  // leadBefore is the text of the (comment or blank) lines between the previous sample line and
  // the sample line at p: all of them were accepted and say nothing about samples.
  private leadBefore(p: number): string {
    if (p === this.leadStart) return '';
    return this.strings.intern(this.text.slice(this.leadStart, p));
  }

  /** sample receives the lines the fast path left to the scanner; it is the scanner's sink. */
  sample(view: SeriesView, value: number, timestampMs: number | undefined): void {
    // Refuse before creating an entry: past the limit, nothing new may enter the cache.
    if (this.limit > 0 && this.n >= this.limit) throw new DaemonError(ErrorCode.SCRAPE_TOO_LARGE, `sample limit exceeded (limit: ${this.limit})`);
    const raw = view.seriesText();
    // With nothing cached yet there is nothing to find (a payload repeating a series then makes
    // two entries, each valid); otherwise look the text up, building the index if need be.
    const byText = this.prev.length > 0 || this.byText !== undefined ? this.index() : undefined;
    let e = byText?.get(raw);
    if (e === undefined) {
      // A pooled copy, not a slice: a slice keeps the payload alive, and targets that send the same
      // text (a fleet of the same service) share the pool's one copy.
      // `create` first: a series it refuses (label limits) leaves no text in the pool.
      const value = this.create(view);
      e = { text: this.strings.intern(raw), value, idx: -1, seen: 0 };
      byText?.set(e.text, e);
      this.created++;
    }
    this.v = value;
    this.ts = timestampMs ?? NaN;
    this.nextLeads[this.n] = this.leadBefore(this.lineAt);
    this.record(e, false);
  }

  // index returns byText, building it from the previous scan's entries when it does not exist yet.
  private index(): Map<string, Entry<T>> {
    let m = this.byText;
    if (m === undefined) {
      m = new Map();
      for (const e of this.prev) m.set(e.text, e);
      this.byText = m;
    }
    return m;
  }

  /** meta ignores metadata: the scrape loop stores samples only (the scanner still validates it). */
  meta(_family: string, _kind: MetaKind, _text: string): void {}
}

// sameList tells whether the first n strings of a and b are the same (mostly the very same strings).
function sameList(a: readonly string[], b: readonly string[], n: number): boolean {
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}
