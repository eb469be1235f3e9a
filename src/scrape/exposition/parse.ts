/**
 * parse: the convenient front of the exposition parser: a whole payload in, every sample and
 * family out. The scrape loop may prefer `scanExposition` to skip building labels for known series.
 */
import { scanExposition } from './scanner.js';
import type {
  ExpositionFormat,
  ExpositionSink,
  FamilyMeta,
  MetaKind,
  MetricType,
  ParsedSample,
  ParseResult,
  SeriesView,
} from './types.js';

export type { ExpositionFormat, FamilyMeta, MetricType, ParsedSample, ParseResult } from './types.js';
export { scanExposition } from './scanner.js';
export { SeriesInterner } from './interner.js';

/** parseExposition parses a Prometheus text 0.0.4 or OpenMetrics 1.0 payload; it throws EXPOSITION_PARSE with line:col. */
export function parseExposition(text: string, format: ExpositionFormat): ParseResult {
  const sink = new CollectSink(format);
  scanExposition(text, format, sink);
  return { samples: sink.samples, families: sink.families };
}

// CollectSink keeps everything. Families seen only through HELP or UNIT get the format's
// "no type given" type until (unless) a TYPE line names one.
class CollectSink implements ExpositionSink {
  readonly samples: ParsedSample[] = [];
  readonly families = new Map<string, FamilyMeta>();
  private readonly defaultType: MetricType;

  constructor(format: ExpositionFormat) {
    this.defaultType = format === 'openmetrics' ? 'unknown' : 'untyped';
  }

  sample(view: SeriesView, value: number, timestampMs: number | undefined): void {
    const labels = view.labels();
    this.samples.push(timestampMs === undefined ? { labels, value } : { labels, value, timestampMs });
  }

  meta(family: string, kind: MetaKind, text: string): void {
    let f = this.families.get(family);
    if (f === undefined) {
      f = { type: this.defaultType };
      this.families.set(family, f);
    }
    if (kind === 'type') f.type = text as MetricType;
    else if (kind === 'help') f.help = text;
    else f.unit = text;
  }
}
