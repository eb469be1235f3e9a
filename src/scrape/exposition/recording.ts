/**
 * recording: reads long OpenMetrics files that hold many timestamped samples per series (the input
 * of `promtool tsdb create-blocks-from openmetrics`, and what `leaksleuth diagnose --openmetrics`
 * replays). Series are interned by their raw text, so labels are built once per series.
 */
import type { Labels } from '../../model/labels.js';
import { scanExposition } from './scanner.js';
import type { ExpositionSink, SeriesView } from './types.js';

/** RecordedSeries is one series of a recording, with parallel time (ms) and value arrays. */
export interface RecordedSeries {
  labels: Labels;
  t: number[];
  v: number[];
}

/**
 * readRecording parses an OpenMetrics recording and groups it by series (first-appearance order),
 * each sorted by time. Every sample must carry a timestamp; a repeated timestamp keeps the last value.
 */
export function readRecording(text: string): RecordedSeries[] {
  const sink = new RecordingSink();
  scanExposition(text, 'openmetrics', sink);
  const out = sink.series;
  for (const s of out) sortSeries(s);
  return out;
}

class RecordingSink implements ExpositionSink {
  readonly series: RecordedSeries[] = [];
  private readonly byText = new Map<string, RecordedSeries>();

  sample(view: SeriesView, value: number, timestampMs: number | undefined): void {
    if (timestampMs === undefined) view.fail('sample without a timestamp in a recording');
    const key = view.seriesText();
    let s = this.byText.get(key);
    if (s === undefined) {
      s = { labels: view.labels(), t: [], v: [] };
      this.byText.set(key, s);
      this.series.push(s);
    }
    s.t.push(timestampMs);
    s.v.push(value);
  }

  meta(): void {
    // Recordings are read for their samples; metadata adds nothing to a replay.
  }
}

// sortSeries orders by time only when needed (recordings are usually already ascending) and
// collapses repeated timestamps to the last value, as a TSDB append would reject the earlier one.
function sortSeries(s: RecordedSeries): void {
  let ordered = true;
  for (let i = 1; i < s.t.length; i++) {
    if (s.t[i]! <= s.t[i - 1]!) {
      ordered = false;
      break;
    }
  }
  if (ordered) return;
  const idx = s.t.map((_, i) => i);
  idx.sort((a, b) => s.t[a]! - s.t[b]! || a - b);
  const t: number[] = [];
  const v: number[] = [];
  for (const i of idx) {
    if (t.length > 0 && t[t.length - 1] === s.t[i]) v[v.length - 1] = s.v[i]!;
    else {
      t.push(s.t[i]!);
      v.push(s.v[i]!);
    }
  }
  s.t = t;
  s.v = v;
}
