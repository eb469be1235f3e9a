/**
 * series: the input notation of `promtool test rules` — a series description `name{l="v"}` and
 * its values in expanding notation (`1+2x3`, `5-1x2`, `7x4`, `_`, `_x3`, `stale`, `Inf`, `NaN`).
 * `a±bxN` yields N+1 values (a, a±b, …); `_xN` yields N missing samples.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import type { Labels } from '../../model/labels.js';
import { STALE_NAN } from '../../model/sample.js';

/** OMITTED marks a missing sample in an expanded value list. */
export const OMITTED = Symbol('omitted');

/** STALE marks a staleness marker; kept symbolic because V8 may canonicalise NaN payloads in plain arrays. */
export const STALE = Symbol('stale');

/** ExpandedValue is a number, STALE, or OMITTED. */
export type ExpandedValue = number | typeof OMITTED | typeof STALE;

const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;

function bad(msg: string): DaemonError {
  return new DaemonError(ErrorCode.RULE_TEST_FAILED, msg);
}

/**
 * parseSeriesDesc parses `name{a="1", b='2'}` (name optional, trailing comma allowed) into labels.
 * allowEmpty accepts `{}`: promtool reads expected labels with ParseMetric, which takes an empty set
 * (a scalar or a label-less aggregation result), while an input series needs a name or a label.
 */
export function parseSeriesDesc(text: string, allowEmpty = false): Labels {
  const s = text.trim();
  const out: Record<string, string> = {};
  let i = 0;
  const skipWs = (): void => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const ident = (): string => {
    const start = i;
    if (i < s.length && NAME_START.test(s[i]!)) i++;
    while (i < s.length && NAME_CHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const name = ident();
  if (name) out['__name__'] = name;
  skipWs();
  if (i < s.length) {
    if (s[i] !== '{') throw bad(`could not parse series ${JSON.stringify(text)}: unexpected ${JSON.stringify(s[i])}`);
    i++;
    for (;;) {
      skipWs();
      if (s[i] === '}') {
        i++;
        break;
      }
      const ln = ident();
      if (!ln) throw bad(`could not parse series ${JSON.stringify(text)}: expected label name at ${i + 1}`);
      skipWs();
      if (s[i] !== '=') throw bad(`could not parse series ${JSON.stringify(text)}: expected "=" after ${ln}`);
      i++;
      skipWs();
      const q = s[i];
      if (q !== '"' && q !== "'" && q !== '`') throw bad(`could not parse series ${JSON.stringify(text)}: expected quoted value`);
      i++;
      let v = '';
      while (i < s.length && s[i] !== q) {
        if (s[i] === '\\' && q !== '`') {
          const n = s[++i];
          v += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
          i++;
          continue;
        }
        v += s[i++];
      }
      if (i >= s.length) throw bad(`could not parse series ${JSON.stringify(text)}: unterminated quoted string`);
      i++;
      if (v !== '') out[ln] = v;
      skipWs();
      if (s[i] === ',') i++;
      else if (s[i] !== '}') throw bad(`could not parse series ${JSON.stringify(text)}: expected "," or "}"`);
    }
    skipWs();
    if (i < s.length) throw bad(`could not parse series ${JSON.stringify(text)}: trailing text`);
  }
  if (!allowEmpty && !name && Object.keys(out).length === 0) throw bad(`could not parse series ${JSON.stringify(text)}: no metric name or labels`);
  return out;
}

function parseNumber(tok: string): number | null {
  const t = tok.toLowerCase();
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (t === 'nan') return NaN;
  // No hexadecimal here: Prometheus' lexer turns it off in series descriptions, where `0x20`
  // means "0, twenty more times", not 32.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(tok)) return null;
  return Number(tok);
}

/** expandValues expands a values string into one entry per step of the test interval. */
export function expandValues(text: string): ExpandedValue[] {
  const out: ExpandedValue[] = [];
  for (const tok of text.trim().split(/\s+/)) {
    if (tok === '') continue;
    if (tok === '_') {
      out.push(OMITTED);
      continue;
    }
    if (tok === 'stale') {
      out.push(STALE);
      continue;
    }
    const om = /^_x(\d+)$/.exec(tok);
    if (om) {
      for (let k = 0; k < Number(om[1]); k++) out.push(OMITTED);
      continue;
    }
    const plain = parseNumber(tok);
    if (plain !== null) {
      out.push(plain);
      continue;
    }
    // a+bxN / a-bxN / axN: the start may itself carry a sign, so split at the last x first.
    const xm = /^(.+)x(\d+)$/.exec(tok);
    if (!xm) throw bad(`invalid value ${JSON.stringify(tok)} in series values ${JSON.stringify(text)}`);
    const body = xm[1]!;
    const times = Number(xm[2]);
    let start: number | null = parseNumber(body);
    let step = 0;
    if (start === null) {
      const sm = /^([+-]?[^+-]+(?:e[+-]?\d+)?)([+-])(.+)$/i.exec(body);
      if (!sm) throw bad(`invalid value ${JSON.stringify(tok)} in series values ${JSON.stringify(text)}`);
      start = parseNumber(sm[1]!);
      const inc = parseNumber(sm[3]!);
      if (start === null || inc === null) throw bad(`invalid value ${JSON.stringify(tok)} in series values ${JSON.stringify(text)}`);
      step = sm[2] === '-' ? -inc : inc;
    }
    // Cumulative addition, as Prometheus' series grammar does (`$1 += $2` per step): with a step
    // like 0.1 this differs in the last bits from start + k × step.
    let cur = start;
    for (let k = 0; k <= times; k++) {
      out.push(cur);
      cur += step;
    }
  }
  return out;
}

/** LoadedSeries is one input series with its timestamped samples (missing ones skipped). */
export interface LoadedSeries {
  readonly labels: Labels;
  readonly t: number[];
  /** v is a Float64Array so the STALE_NAN payload survives (double arrays canonicalise NaNs). */
  readonly v: Float64Array;
}

/** loadSeries turns `input_series` entries into samples at 0, interval, 2×interval, … (ms). */
export function loadSeries(input: ReadonlyArray<{ series: string; values: string }>, intervalMs: number): LoadedSeries[] {
  return input.map(({ series, values }) => {
    const labels = parseSeriesDesc(series);
    const t: number[] = [];
    const vals = expandValues(values);
    const v = new Float64Array(vals.filter((x) => x !== OMITTED).length);
    vals.forEach((x, i) => {
      if (x === OMITTED) return;
      v[t.length] = x === STALE ? STALE_NAN : x;
      t.push(i * intervalMs);
    });
    return { labels, t, v };
  });
}
