/**
 * openmetrics: a reader for timestamped exposition files (OpenMetrics or Prometheus text with
 * timestamps), enough for recordings. It groups samples into series and sorts each by time. Lines it
 * cannot read raise a DaemonError with the line and column.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { labelsKey, type Labels } from '../model/labels.js';

/** TimestampedSeries is one series of a recording: labels (with __name__) and ascending t (ms) / v. */
export interface TimestampedSeries {
  readonly labels: Labels;
  readonly t: number[];
  readonly v: number[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseValue(s: string): number {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  const v = Number(s);
  return s.trim() === '' ? NaN : v;
}

function parseLabels(line: string, at: number, lineNo: number, file: string | undefined): { labels: Record<string, string>; next: number } {
  const labels: Record<string, string> = {};
  let i = at + 1;
  const fail = (msg: string): never => {
    throw new DaemonError(ErrorCode.EXPOSITION_PARSE, msg, { position: { ...(file ? { file } : {}), line: lineNo, col: i + 1 } });
  };
  while (i < line.length && line[i] !== '}') {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === '}') break;
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
    if (!m) fail('expected a label name');
    i += m![0].length;
    if (line[i] !== '=' || line[i + 1] !== '"') fail('expected ="value" after the label name');
    i += 2;
    let val = '';
    while (i < line.length && line[i] !== '"') {
      if (line[i] === '\\') {
        const c = line[i + 1];
        val += c === 'n' ? '\n' : (c ?? '');
        i += 2;
      } else val += line[i++];
    }
    if (line[i] !== '"') fail('unterminated label value');
    i++;
    labels[m![0]] = val;
  }
  if (line[i] !== '}') fail('expected } to close the label set');
  return { labels, next: i + 1 };
}

/** parseTimestamped reads every sample line; samples without a timestamp are rejected (a recording needs times). */
export function parseTimestamped(text: string, file?: string): TimestampedSeries[] {
  const byKey = new Map<string, { labels: Labels; pts: Array<[number, number]> }>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    const m = NAME.exec(line);
    const pos = (col: number) => ({ ...(file ? { file } : {}), line: n + 1, col });
    if (!m) throw new DaemonError(ErrorCode.EXPOSITION_PARSE, 'expected a metric name', { position: pos(1) });
    let i = m[0].length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') {
      const r = parseLabels(line, i, n + 1, file);
      labels = r.labels;
      i = r.next;
    }
    const rest = line.slice(i).trim().split(/\s+/);
    if (rest.length < 2) throw new DaemonError(ErrorCode.EXPOSITION_PARSE, 'sample has no timestamp; recordings need `name{labels} value timestamp`', { position: pos(i + 1) });
    const v = parseValue(rest[0]!);
    const ts = Number(rest[1]);
    if (!Number.isFinite(ts)) throw new DaemonError(ErrorCode.EXPOSITION_PARSE, `bad timestamp "${rest[1]}"`, { position: pos(i + 1) });
    // OpenMetrics timestamps are seconds; Prometheus text uses milliseconds (integers ≥ 1e11)
    const t = Number.isInteger(ts) && ts > 1e11 ? ts : Math.round(ts * 1000);
    const full: Labels = { __name__: m[0], ...labels };
    const key = labelsKey(full);
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { labels: full, pts: [] }));
    s.pts.push([t, v]);
  }
  const out: TimestampedSeries[] = [];
  for (const s of byKey.values()) {
    s.pts.sort((a, b) => a[0] - b[0]);
    out.push({ labels: s.labels, t: s.pts.map((p) => p[0]), v: s.pts.map((p) => p[1]) });
  }
  return out;
}
