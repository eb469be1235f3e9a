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
 * it would fail to parse and the line would take the full path. Anything else (comments, HELP/TYPE
 * /UNIT, `# EOF`, exemplars, blank lines, leading blanks, tabs, two spaces, CR, a bad value) takes
 * the full path, which reports the same errors at the same line:col as `parseExposition`.
 */
import { CH, NAME_START, sameAt } from './chars.js';
import { parseIntTimestamp, parseSecondsTimestamp, parseValue } from './number.js';
import { Scanner } from './scanner.js';
import type { ExpositionFormat, ExpositionSink, MetaKind, SeriesView } from './types.js';

interface Entry<T> {
  /** text is the validated raw series text (a private copy, so the cache holds no payload alive). */
  readonly text: string;
  readonly value: T;
  /** idx is this series' position in the previous scan, -1 when it was not in it. */
  idx: number;
  /** seen is the scan generation that last reported this series. */
  seen: number;
}

/**
 * ScrapeCache parses successive payloads of one target. After `scan`, the first `count` entries of
 * `series`, `values` and `timestamps` (NaN when the line had none) hold the samples in input order.
 */
export class ScrapeCache<T> implements ExpositionSink {
  /** count is how many samples the last successful scan found. */
  count = 0;
  readonly series: T[] = [];
  readonly values: number[] = [];
  readonly timestamps: number[] = [];
  /** fastLines counts the sample lines of the last scan that skipped the full parser (for tests and benches). */
  fastLines = 0;

  private byText = new Map<string, Entry<T>>();
  private prev: Array<Entry<T>> = [];
  private next: Array<Entry<T>> = [];
  // Accepted comment lines in payload order, and where each sat in the previous scan.
  private comments: string[] = [];
  private nextComments: string[] = [];
  private commentAt = new Map<string, number>();
  private format: ExpositionFormat | undefined;
  private gen = 0;
  // Per-scan bookkeeping, kept in fields because the scanner reports full-path samples to `sample`.
  private n = 0;
  private cur = 0;
  private distinct = 0;
  private created = 0;

  /** create builds the caller's object for a series seen for the first time; call view.labels() there. */
  constructor(private readonly create: (view: SeriesView) => T) {}

  /** size is how many series texts the cache holds. */
  get size(): number {
    return this.byText.size;
  }

  /** clear forgets every series (the next scan is a cold parse). */
  clear(): void {
    this.byText = new Map();
    this.prev = [];
    this.next = [];
    this.comments = [];
    this.nextComments = [];
    this.commentAt = new Map();
  }

  /**
   * scan parses one payload and returns its sample count. It throws EXPOSITION_PARSE exactly where
   * `parseExposition` would. After a successful scan, series that were not in it are forgotten,
   * which bounds the cache by one scrape's series (Prometheus cleans its cache the same way).
   */
  scan(text: string, format: ExpositionFormat): number {
    if (format !== this.format) {
      // Text and OpenMetrics accept different series spellings; never reuse one's texts for the other.
      this.clear();
      this.format = format;
    }
    const g = ++this.gen;
    this.n = 0;
    this.cur = 0;
    this.distinct = 0;
    this.created = 0;
    const om = format === 'openmetrics';
    // The full scanner is made on the first line that needs it: in the steady state none does.
    let scanner: Scanner | undefined;
    const t = text;
    const len = t.length;
    const prev = this.prev;
    const next = this.next;
    const series = this.series;
    const values = this.values;
    const timestamps = this.timestamps;
    const byText = this.byText;
    let fast = 0;
    let inPlace = 0;
    const comments = this.comments;
    const nextComments = this.nextComments;
    let cc = 0; // cursor into comments
    let nc = 0; // comment lines of this scan
    let commentsMoved = false;
    // nextSpace caches the first space at or after some earlier line start, so finding out
    // whether a line has a space at all stays linear over the payload.
    let nextSpace = -1;
    let p = 0;
    for (;;) {
      if (p >= len && !om) break;
      let eol = t.indexOf('\n', p);
      if (eol === -1) eol = len;
      const c = t.charCodeAt(p);
      if (c === CH.HASH) {
        let i = cc;
        const known = comments[i];
        if (known === undefined || known.length !== eol - p || !sameAt(t, p, known)) {
          const at = this.commentAt.get(t.slice(p, eol));
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
        nextComments[nc++] = copyString(t.slice(p, eol));
        p = q;
        continue;
      }
      // OpenMetrics needs "# EOF" after the last sample, so a last line without a newline is the full path's error.
      if (c < 128 && NAME_START[c] === 1 && (eol < len || !om)) {
        let e: Entry<T> | undefined = prev[this.cur];
        let vs = -1;
        let positional = false;
        // 1. The series at the same place as in the previous scrape: one compare, no hashing.
        if (e !== undefined) {
          const sl = e.text.length;
          if (t.charCodeAt(p + sl) === CH.SPACE && sameAt(t, p, e.text)) {
            vs = p + sl + 1;
            positional = true;
          }
        }
        // 2. A series that moved: look the text before the last (or last but one) space up.
        if (vs < 0 && byText.size > 0) {
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
        if (vs >= 0) {
          // Value, or value SP timestamp; anything else (a tab, two spaces, CR, an exemplar) fails here.
          let v = parseValue(t, vs, eol);
          let ts = NaN;
          if (v === undefined) {
            const sp = t.indexOf(' ', vs);
            if (sp !== -1 && sp < eol) {
              v = parseValue(t, vs, sp);
              if (v !== undefined) {
                const x = om ? parseSecondsTimestamp(t, sp + 1, eol) : parseIntTimestamp(t, sp + 1, eol);
                if (x === undefined) v = undefined;
                else ts = x;
              }
            }
          }
          if (v !== undefined) {
            const k = this.n++;
            const entry = e!;
            series[k] = entry.value;
            values[k] = v;
            timestamps[k] = ts;
            next[k] = entry;
            if (entry.seen !== g) {
              entry.seen = g;
              this.distinct++;
            }
            if (positional) {
              this.cur++;
              if (k === this.cur - 1) inPlace++;
            } else if (entry.idx >= 0) this.cur = entry.idx + 1;
            fast++;
            p = eol + 1;
            continue;
          }
        }
      }
      // 3. Everything else: the full scanner, for this one line. Samples come back through `sample`.
      scanner ??= new Scanner(t, this);
      if (om) {
        p = scanner.omLine(p);
        if (p === -1) {
          scanner.omFinish();
          break;
        }
      } else {
        p = scanner.textLine(p);
      }
    }
    const n = this.n;
    this.fastLines = fast;
    next.length = n;
    // Unless every sample sat where it was last time, record the new positions.
    if (!(inPlace === n && n === prev.length)) for (let k = 0; k < n; k++) next[k]!.idx = k;
    this.prev = next;
    this.next = prev;
    nextComments.length = nc;
    this.comments = nextComments;
    this.nextComments = comments;
    if (commentsMoved || nc !== comments.length) {
      this.commentAt = new Map();
      for (let i = 0; i < nc; i++) this.commentAt.set(nextComments[i]!, i);
    }
    if (this.created > 0 || this.distinct !== byText.size) {
      for (const [k, e] of byText) if (e.seen !== g) byText.delete(k);
    }
    this.count = n;
    series.length = n;
    values.length = n;
    timestamps.length = n;
    return n;
  }

  /** sample receives the lines the fast path left to the scanner; it is the scanner's sink. */
  sample(view: SeriesView, value: number, timestampMs: number | undefined): void {
    const raw = view.seriesText();
    let e = this.byText.get(raw);
    if (e === undefined) {
      e = { text: copyString(raw), value: this.create(view), idx: -1, seen: 0 };
      this.byText.set(e.text, e);
      this.created++;
    }
    const k = this.n++;
    this.series[k] = e.value;
    this.values[k] = value;
    this.timestamps[k] = timestampMs ?? NaN;
    this.next[k] = e;
    if (e.seen !== this.gen) {
      e.seen = this.gen;
      this.distinct++;
    }
    if (e.idx >= 0) this.cur = e.idx + 1;
  }

  /** meta ignores metadata: the scrape loop stores samples only (the scanner still validates it). */
  meta(_family: string, _kind: MetaKind, _text: string): void {}
}

/**
 * copyString returns `s` in a string of its own. A slice of the payload is a view that keeps the
 * whole payload alive, which a long-lived cache key must not do; flattening a concatenation copies.
 */
export function copyString(s: string): string {
  return (' ' + s).slice(1);
}
