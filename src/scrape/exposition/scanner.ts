/**
 * scanner: one pass over an exposition payload, character by character, reporting samples and
 * metadata to a sink. No regexes and no per-line strings: the sink decides what to materialise.
 *
 * The Prometheus text rules follow Prometheus' own lexer (promlex.l) where it is the more lenient
 * of the two Go parsers (blanks anywhere between tokens, optional commas, trailing comma, no final
 * newline needed), and `promtool check metrics` (expfmt) where Prometheus silently keeps garbage
 * (unknown escapes are errors). OpenMetrics follows the spec's stricter layout: single spaces, no
 * blank lines or free comments, and a final `# EOF`.
 */
import { CH, NAME_CHAR, NAME_START, sameAt } from './chars.js';
import { parseIntTimestamp, parseSecondsTimestamp, parseValue } from './number.js';
import { parseError, quoteSnippet } from './position.js';
import { labelBuilder, type LabelBuilder } from './label-builder.js';
import { newLabelOffsets, scanLabelSet, type LabelOffsets } from './scan-labels.js';
import { readHelp, readType, readUnit } from './scan-meta.js';
import type { ExpositionFormat, ExpositionSink, SeriesView } from './types.js';

/** scanExposition walks `text` in the given format and feeds `sink`; it throws EXPOSITION_PARSE on bad input. */
export function scanExposition(text: string, format: ExpositionFormat, sink: ExpositionSink): void {
  const s = new Scanner(text, sink);
  if (format === 'openmetrics') s.runOpenMetrics();
  else s.runText();
}

/** Scanner holds the position and the current line's label offsets; it doubles as the SeriesView. */
export class Scanner implements SeriesView, LabelOffsets {
  p = 0;
  lineStart = 0;
  // nameStartAt is where the metric name begins (after any leading blanks of the line).
  nameStartAt = 0;
  nameEnd = 0;
  seriesEnd = 0;
  // Label offsets of the current sample: [nameStart, nameEnd, valueStart, valueEnd] per label.
  offs: number[] = [];
  escaped: boolean[] = [];
  count = 0;
  names: string[] = [];
  bs = -1;
  distinct = 0;
  shape = 0;
  leads: string[] = [];
  leadName: number[] = [];
  private readonly recentValues: Array<string | undefined> = [];
  private builtShape = -1;
  // byCount[n] is the builder for the first n names of the current shape: a histogram's
  // `_bucket{route,le}` and `_sum{route}` lines alternate counts without changing names.
  private byCount: Array<LabelBuilder | undefined> = [];
  // eol is the end of the current line (text.length on the last line without a newline).
  eol = 0;
  // metric is the latest metric name string, reused while consecutive lines repeat it.
  metric = '';
  readonly exemplar: LabelOffsets = newLabelOffsets();

  constructor(
    readonly text: string,
    readonly sink: ExpositionSink,
  ) {}

  seriesText(): string {
    return this.text.slice(this.nameStartAt, this.seriesEnd);
  }

  seriesEquals(s: string): boolean {
    return s.length === this.seriesEnd - this.nameStartAt && sameAt(this.text, this.nameStartAt, s);
  }

  metricName(): string {
    return this.metric;
  }

  labels(): Record<string, string> {
    if (this.builtShape !== this.shape) {
      this.byCount = [];
      this.builtShape = this.shape;
    }
    let b = this.byCount[this.count];
    if (b === undefined) {
      b = labelBuilder(this.names, this.count);
      this.byCount[this.count] = b;
    }
    return b(this.metric, this.text, this.offs, this.escaped, this.recentValues);
  }

  fail(message: string): never {
    throw parseError(this.text, this.lineStart, message);
  }


  runText(): void {
    // The same dispatch as textLine, kept inline: through textLine the 5 MB bench parse ran ~4 % slower.
    const t = this.text;
    const n = t.length;
    while (this.p < n) {
      let p = this.p;
      this.lineStart = p;
      let c = t.charCodeAt(p);
      while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
      if (p >= n) break;
      if (c === CH.LF) {
        this.p = p + 1;
        continue;
      }
      this.p = p;
      if (c === CH.HASH) this.textComment();
      else this.textSample();
    }
  }

  /**
   * textLine handles the line that starts at `p` (sample, comment or blank) exactly as `runText`
   * would and returns where the next line starts. The scrape cache calls it for the lines its fast
   * path does not take; the per-line caches here (names, leads, backslash position) only compare
   * against the text, so skipping lines between calls keeps them valid.
   */
  textLine(p: number): number {
    const t = this.text;
    const n = t.length;
    this.lineStart = p;
    let c = t.charCodeAt(p);
    while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    if (p >= n) {
      this.p = n;
    } else if (c === CH.LF) {
      this.p = p + 1;
    } else if (c === CH.HASH) {
      this.p = p;
      this.textComment();
    } else {
      this.p = p;
      this.textSample();
    }
    return this.p;
  }

  // textComment handles `# HELP`, `# TYPE` and free comments, which are ignored.
  private textComment(): void {
    const t = this.text;
    let p = this.p + 1;
    let c = t.charCodeAt(p);
    if (c === CH.SPACE || c === CH.TAB) {
      while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
      const kind = keywordAt(t, p);
      const after = t.charCodeAt(p + 4);
      if (kind !== undefined && kind !== 'unit' && (after === CH.SPACE || after === CH.TAB)) {
        p += 5;
        while (t.charCodeAt(p) === CH.SPACE || t.charCodeAt(p) === CH.TAB) p++;
        const nameStart = p;
        p = this.expectMetricName(p, kind === 'help' ? 'HELP' : 'TYPE');
        const family = t.slice(nameStart, p);
        c = t.charCodeAt(p);
        if (p < t.length && c !== CH.LF && c !== CH.SPACE && c !== CH.TAB) {
          throw parseError(t, p, `expected a space after the metric name in ${kind.toUpperCase()}`);
        }
        // HELP drops exactly one separator (as Prometheus does) so leading blanks in the text
        // survive a round trip; TYPE tolerates any number, as promtool does.
        if (kind === 'help') {
          if (p < t.length && c !== CH.LF) p++;
        } else {
          while (t.charCodeAt(p) === CH.SPACE || t.charCodeAt(p) === CH.TAB) p++;
        }
        let eol = t.indexOf('\n', p);
        if (eol === -1) eol = t.length;
        const body =
          kind === 'help' ? readHelp(t, p, eol, false) : readType(t, p, eol, 'prometheus');
        this.sink.meta(family, kind, body);
        this.p = eol + 1;
        return;
      }
    }
    const eol = t.indexOf('\n', p);
    this.p = eol === -1 ? t.length : eol + 1;
  }

  private textSample(): void {
    const t = this.text;
    const n = t.length;
    let eol = t.indexOf('\n', this.p);
    if (eol === -1) eol = n;
    this.eol = eol;
    let p = this.scanName(this.p);
    this.seriesEnd = p;
    let c = t.charCodeAt(p);
    while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    this.count = 0;
    if (c === CH.LBRACE) {
      p = scanLabelSet(t, p + 1, eol, false, this);
      this.seriesEnd = p;
      c = t.charCodeAt(p);
      while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    }
    // Value token: up to a blank, newline or brace (promlex `[^{ \t\n]+`). A space is by far the
    // usual end, so find it natively and fall back to a per-character walk only for the rest.
    const vStart = p;
    let vEnd = t.indexOf(' ', p);
    if (vEnd === -1 || vEnd > eol) vEnd = eol;
    let value = vEnd > vStart ? parseValue(t, vStart, vEnd) : undefined;
    if (value === undefined) {
      vEnd = blankEnd(t, vStart, eol);
      if (vEnd === vStart) {
        throw parseError(t, vStart, c === CH.LBRACE ? 'unexpected "{" after the label set' : 'missing value after metric');
      }
      value = parseValue(t, vStart, vEnd);
      if (value === undefined) throw parseError(t, vStart, `invalid value ${quoteSnippet(t.slice(vStart, vEnd))}`);
    }
    p = vEnd;
    let ts: number | undefined;
    if (p < eol) {
      c = t.charCodeAt(p);
      while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
      if (p < eol) {
        if (c === CH.LBRACE) throw parseError(t, p, 'unexpected "{" after the value');
        const tsStart = p;
        p = blankEnd(t, p, eol);
        ts = parseIntTimestamp(t, tsStart, p);
        if (ts === undefined) {
          throw parseError(t, tsStart, `invalid timestamp ${quoteSnippet(t.slice(tsStart, p))} (want integer milliseconds)`);
        }
        c = t.charCodeAt(p);
        while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
        if (p < eol) throw parseError(t, p, 'unexpected text after timestamp');
      }
    }
    this.p = eol + 1;
    this.sink.sample(this, value, ts);
  }

  // scanName reads a metric name at p (which must start one) and remembers where it is.
  private scanName(p: number): number {
    const t = this.text;
    this.nameStartAt = p;
    const prev = this.metric;
    let end = p + prev.length;
    const c = t.charCodeAt(end);
    // Cheap test first: the name must end where the previous one did; then compare the text.
    if (prev === '' || (c < 128 && NAME_CHAR[c] === 1) || !sameAt(t, p, prev)) {
      end = this.expectMetricName(p, '');
      this.metric = t.slice(p, end);
    }
    this.nameEnd = end;
    return end;
  }

  private expectMetricName(p: number, after: string): number {
    const t = this.text;
    const c0 = t.charCodeAt(p);
    if (!(c0 < 128 && NAME_START[c0] === 1)) {
      let e = p;
      while (e < t.length && !isBreak(t.charCodeAt(e))) e++;
      const what = after === '' ? 'metric name' : `metric name after ${after}`;
      throw parseError(
        t,
        p,
        e === p ? `missing ${what}` : `invalid ${what} ${quoteSnippet(t.slice(p, e))}: must match [a-zA-Z_:][a-zA-Z0-9_:]*`,
      );
    }
    let q = p + 1;
    for (let c = t.charCodeAt(q); c < 128 && NAME_CHAR[c] === 1; c = t.charCodeAt(++q));
    return q;
  }

  runOpenMetrics(): void {
    while (this.omLine(this.p) !== -1);
    this.omFinish();
  }

  /**
   * omLine handles the OpenMetrics line that starts at `p` and returns where the next one starts,
   * or -1 after `# EOF` (then `omFinish` checks what follows). Like `textLine`, for the scrape cache.
   */
  omLine(p: number): number {
    const t = this.text;
    this.p = p;
    this.lineStart = p;
    if (p >= t.length) throw parseError(t, t.length, 'OpenMetrics input must end with "# EOF"');
    const c = t.charCodeAt(p);
    if (c === CH.HASH) return this.omComment() ? -1 : this.p;
    if (c === CH.LF) throw parseError(t, p, 'blank lines are not allowed in OpenMetrics');
    this.omSample();
    return this.p;
  }

  /** omFinish checks the end of an OpenMetrics payload: `# EOF` may be followed by one newline and nothing else. */
  omFinish(): void {
    const t = this.text;
    let p = this.p;
    if (t.charCodeAt(p) === CH.LF) p++;
    if (p < t.length) throw parseError(t, p, 'unexpected data after "# EOF"');
  }

  // omComment returns true at `# EOF`.
  private omComment(): boolean {
    const t = this.text;
    let p = this.p;
    if (t.charCodeAt(p + 1) !== CH.SPACE) throw parseError(t, p, 'expected "# HELP", "# TYPE", "# UNIT" or "# EOF"');
    p += 2;
    if (t.startsWith('EOF', p) && (p + 3 === t.length || t.charCodeAt(p + 3) === CH.LF)) {
      this.p = p + 3;
      return true;
    }
    const kind = keywordAt(t, p);
    if (kind === undefined || t.charCodeAt(p + 4) !== CH.SPACE) {
      throw parseError(t, this.p, 'OpenMetrics allows only "# HELP", "# TYPE", "# UNIT" and "# EOF" comments');
    }
    p += 5;
    const nameStart = p;
    p = this.expectMetricName(p, kind.toUpperCase());
    const family = t.slice(nameStart, p);
    let eol = t.indexOf('\n', p);
    if (eol === -1) eol = t.length;
    let body: string;
    if (p < eol) {
      if (t.charCodeAt(p) !== CH.SPACE) throw parseError(t, p, `expected a space after the metric name in ${kind.toUpperCase()}`);
      p++;
    }
    if (kind === 'help') body = readHelp(t, p, eol, true);
    else if (kind === 'type') body = readType(t, p, eol, 'openmetrics');
    else body = readUnit(t, p, eol, family);
    this.sink.meta(family, kind, body);
    this.p = eol + 1;
    return false;
  }

  private omSample(): void {
    const t = this.text;
    let eol = t.indexOf('\n', this.p);
    if (eol === -1) eol = t.length;
    this.eol = eol;
    let p = this.scanName(this.p);
    this.seriesEnd = p;
    this.count = 0;
    if (t.charCodeAt(p) === CH.LBRACE) {
      p = scanLabelSet(t, p + 1, eol, true, this);
      this.seriesEnd = p;
    }
    if (t.charCodeAt(p) !== CH.SPACE) {
      throw parseError(t, p, p >= eol ? 'missing value after metric' : 'expected one space before the value');
    }
    p++;
    const vStart = p;
    p = tokenEnd(t, p, eol);
    if (p === vStart) throw parseError(t, p, 'missing value after metric');
    const value = parseValue(t, vStart, p);
    if (value === undefined) throw parseError(t, vStart, `invalid value ${quoteSnippet(t.slice(vStart, p))}`);
    let ts: number | undefined;
    if (p < eol && t.charCodeAt(p + 1) !== CH.HASH) {
      const tsStart = ++p;
      p = tokenEnd(t, p, eol);
      ts = parseSecondsTimestamp(t, tsStart, p);
      if (ts === undefined) {
        throw parseError(t, tsStart, `invalid timestamp ${quoteSnippet(t.slice(tsStart, p))} (want seconds)`);
      }
    }
    if (p < eol) p = this.omExemplar(p + 1, eol);
    if (p !== eol) throw parseError(t, p, 'unexpected text after sample');
    if (eol === t.length) throw parseError(t, eol, 'OpenMetrics input must end with "# EOF"');
    this.p = eol + 1;
    this.sink.sample(this, value, ts);
  }

  // omExemplar checks `# {labels} value [timestamp]` and drops it: we keep no exemplars.
  private omExemplar(p: number, eol: number): number {
    const t = this.text;
    if (t.charCodeAt(p) !== CH.HASH || t.charCodeAt(p + 1) !== CH.SPACE || t.charCodeAt(p + 2) !== CH.LBRACE) {
      throw parseError(t, p, 'expected an exemplar ("# {...} value") or end of line');
    }
    // Exemplar labels are checked into a scratch set, so the sample's own offsets stay intact.
    this.exemplar.count = 0;
    p = scanLabelSet(t, p + 3, eol, true, this.exemplar);
    if (t.charCodeAt(p) !== CH.SPACE) throw parseError(t, p, 'missing exemplar value');
    const vStart = ++p;
    p = tokenEnd(t, p, eol);
    if (parseValue(t, vStart, p) === undefined) throw parseError(t, vStart, `invalid exemplar value ${quoteSnippet(t.slice(vStart, p))}`);
    if (t.charCodeAt(p) === CH.SPACE) {
      const tsStart = ++p;
      p = tokenEnd(t, p, eol);
      if (parseSecondsTimestamp(t, tsStart, p) === undefined) {
        throw parseError(t, tsStart, `invalid exemplar timestamp ${quoteSnippet(t.slice(tsStart, p))}`);
      }
    }
    return p;
  }
}

// tokenEnd finds the end of an OpenMetrics token (`[^ \n]+`) within the line.
function tokenEnd(t: string, p: number, eol: number): number {
  const sp = t.indexOf(' ', p);
  return sp === -1 || sp > eol ? eol : sp;
}

// blankEnd finds the end of a text-format token: the next blank, brace or the end of the line.
function blankEnd(t: string, p: number, eol: number): number {
  for (let c = t.charCodeAt(p); p < eol && c !== CH.SPACE && c !== CH.TAB && c !== CH.LBRACE; c = t.charCodeAt(++p));
  return p;
}

function isBreak(c: number): boolean {
  return c === CH.SPACE || c === CH.TAB || c === CH.LF || c === CH.LBRACE;
}

function keywordAt(t: string, p: number): 'help' | 'type' | 'unit' | undefined {
  if (t.startsWith('HELP', p)) return 'help';
  if (t.startsWith('TYPE', p)) return 'type';
  if (t.startsWith('UNIT', p)) return 'unit';
  return undefined;
}
