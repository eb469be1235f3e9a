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
import { CH, NAME_CHAR, NAME_START } from './chars.js';
import { parseIntTimestamp, parseSecondsTimestamp, parseValue } from './number.js';
import { parseError, quoteSnippet } from './position.js';
import { scanLabelSet, type LabelOffsets } from './scan-labels.js';
import { readHelp, readType, readUnit } from './scan-meta.js';
import type { ExpositionFormat, ExpositionSink, SeriesView } from './types.js';

/** scanExposition walks `text` in the given format and feeds `sink`; it throws EXPOSITION_PARSE on bad input. */
export function scanExposition(text: string, format: ExpositionFormat, sink: ExpositionSink): void {
  const s = new Scanner(text, sink);
  if (format === 'openmetrics') s.runOpenMetrics();
  else s.runText();
}

/** Scanner holds the position and the current line's label offsets; it doubles as the SeriesView. */
class Scanner implements SeriesView, LabelOffsets {
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
  readonly exemplar: LabelOffsets = { offs: [], escaped: [], count: 0 };

  constructor(
    readonly text: string,
    readonly sink: ExpositionSink,
  ) {}

  seriesText(): string {
    return this.text.slice(this.nameStartAt, this.seriesEnd);
  }

  metricName(): string {
    return this.text.slice(this.nameStartAt, this.nameEnd);
  }

  labels(): Record<string, string> {
    const t = this.text;
    const out: Record<string, string> = { __name__: this.metricName() };
    const o = this.offs;
    for (let k = 0; k < this.count; k++) {
      const b = k * 4;
      const v = t.slice(o[b + 2]!, o[b + 3]!);
      out[t.slice(o[b]!, o[b + 1]!)] = this.escaped[k] ? unescapeLabelValue(v) : v;
    }
    return out;
  }

  fail(message: string): never {
    throw parseError(this.text, this.lineStart, message);
  }


  runText(): void {
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
      if (c === CH.HASH) {
        this.p = p;
        this.textComment();
        continue;
      }
      this.p = p;
      this.textSample();
    }
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
    let p = this.scanName(this.p);
    this.seriesEnd = p;
    let c = t.charCodeAt(p);
    while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    this.count = 0;
    if (c === CH.LBRACE) {
      p = scanLabelSet(t, p + 1, false, this);
      this.seriesEnd = p;
      c = t.charCodeAt(p);
      while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    }
    // Value token: everything up to a blank, newline or brace (promlex `[^{ \t\n]+`).
    const vStart = p;
    while (p < t.length && c !== CH.SPACE && c !== CH.TAB && c !== CH.LF && c !== CH.LBRACE) {
      c = t.charCodeAt(++p);
    }
    if (p === vStart) {
      throw parseError(t, p, c === CH.LBRACE ? 'unexpected "{" after the label set' : 'missing value after metric');
    }
    const value = parseValue(t, vStart, p);
    if (value === undefined) throw parseError(t, vStart, `invalid value ${quoteSnippet(t.slice(vStart, p))}`);
    while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
    let ts: number | undefined;
    if (p < t.length && c !== CH.LF) {
      const tsStart = p;
      while (p < t.length && c !== CH.SPACE && c !== CH.TAB && c !== CH.LF) c = t.charCodeAt(++p);
      ts = parseIntTimestamp(t, tsStart, p);
      if (ts === undefined) {
        throw parseError(t, tsStart, `invalid timestamp ${quoteSnippet(t.slice(tsStart, p))} (want integer milliseconds)`);
      }
      while (c === CH.SPACE || c === CH.TAB) c = t.charCodeAt(++p);
      if (p < t.length && c !== CH.LF) throw parseError(t, p, 'unexpected text after timestamp');
    }
    this.p = p + 1;
    this.sink.sample(this, value, ts);
  }

  // scanName reads a metric name at p (which must start one) and remembers where it is.
  private scanName(p: number): number {
    this.nameStartAt = p;
    const end = this.expectMetricName(p, '');
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
    const t = this.text;
    const n = t.length;
    for (;;) {
      const p = this.p;
      this.lineStart = p;
      if (p >= n) throw parseError(t, n, 'OpenMetrics input must end with "# EOF"');
      const c = t.charCodeAt(p);
      if (c === CH.HASH) {
        if (this.omComment()) break;
        continue;
      }
      if (c === CH.LF) throw parseError(t, p, 'blank lines are not allowed in OpenMetrics');
      this.omSample();
    }
    // `# EOF` may be followed by one newline and nothing else.
    let p = this.p;
    if (t.charCodeAt(p) === CH.LF) p++;
    if (p < n) throw parseError(t, p, 'unexpected data after "# EOF"');
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
    let body = '';
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
    let p = this.scanName(this.p);
    this.seriesEnd = p;
    this.count = 0;
    if (t.charCodeAt(p) === CH.LBRACE) {
      p = scanLabelSet(t, p + 1, true, this);
      this.seriesEnd = p;
    }
    if (t.charCodeAt(p) !== CH.SPACE) {
      throw parseError(t, p, p >= t.length || t.charCodeAt(p) === CH.LF ? 'missing value after metric' : 'expected one space before the value');
    }
    p++;
    const vStart = p;
    p = tokenEnd(t, p);
    if (p === vStart) throw parseError(t, p, 'missing value after metric');
    const value = parseValue(t, vStart, p);
    if (value === undefined) throw parseError(t, vStart, `invalid value ${quoteSnippet(t.slice(vStart, p))}`);
    let ts: number | undefined;
    if (t.charCodeAt(p) === CH.SPACE && t.charCodeAt(p + 1) !== CH.HASH) {
      const tsStart = ++p;
      p = tokenEnd(t, p);
      ts = parseSecondsTimestamp(t, tsStart, p);
      if (ts === undefined) {
        throw parseError(t, tsStart, `invalid timestamp ${quoteSnippet(t.slice(tsStart, p))} (want seconds)`);
      }
    }
    if (t.charCodeAt(p) === CH.SPACE) p = this.omExemplar(p + 1);
    if (t.charCodeAt(p) !== CH.LF) {
      throw parseError(t, p, p >= t.length ? 'OpenMetrics input must end with "# EOF"' : 'unexpected text after sample');
    }
    this.p = p + 1;
    this.sink.sample(this, value, ts);
  }

  // omExemplar checks `# {labels} value [timestamp]` and drops it: we keep no exemplars.
  private omExemplar(p: number): number {
    const t = this.text;
    if (t.charCodeAt(p) !== CH.HASH || t.charCodeAt(p + 1) !== CH.SPACE || t.charCodeAt(p + 2) !== CH.LBRACE) {
      throw parseError(t, p, 'expected an exemplar ("# {...} value") or end of line');
    }
    // Exemplar labels are checked into a scratch set, so the sample's own offsets stay intact.
    this.exemplar.count = 0;
    p = scanLabelSet(t, p + 3, true, this.exemplar);
    if (t.charCodeAt(p) !== CH.SPACE) throw parseError(t, p, 'missing exemplar value');
    const vStart = ++p;
    p = tokenEnd(t, p);
    if (parseValue(t, vStart, p) === undefined) throw parseError(t, vStart, `invalid exemplar value ${quoteSnippet(t.slice(vStart, p))}`);
    if (t.charCodeAt(p) === CH.SPACE) {
      const tsStart = ++p;
      p = tokenEnd(t, p);
      if (parseSecondsTimestamp(t, tsStart, p) === undefined) {
        throw parseError(t, tsStart, `invalid exemplar timestamp ${quoteSnippet(t.slice(tsStart, p))}`);
      }
    }
    return p;
  }
}

// tokenEnd finds the end of an OpenMetrics token (`[^ \n]+`).
function tokenEnd(t: string, p: number): number {
  const n = t.length;
  for (let c = t.charCodeAt(p); p < n && c !== CH.SPACE && c !== CH.LF; c = t.charCodeAt(++p));
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

/** unescapeLabelValue resolves `\\`, `\"` and `\n`; the scanner has already rejected any other escape. */
export function unescapeLabelValue(v: string): string {
  let out = '';
  let from = 0;
  for (let i = v.indexOf('\\'); i !== -1; i = v.indexOf('\\', from)) {
    const e = v.charCodeAt(i + 1);
    out += v.slice(from, i) + (e === 110 ? '\n' : e === CH.QUOTE ? '"' : '\\');
    from = i + 2;
  }
  return out + v.slice(from);
}
