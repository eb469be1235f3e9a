/**
 * metadata: the HELP, TYPE and UNIT of each metric family a target exposes, as Prometheus keeps them
 * for /api/v1/metadata and /api/v1/targets/metadata. Read from the comment lines the scrape cache
 * already holds (scrape-cache.ts `leadTexts`), so a scrape does no extra work for it; one entry per
 * family per target bounds the memory by the families of the last payload.
 */
import { unescapeLabelValue } from './exposition/unescape.js';

/** MetricMetadata is one family's metadata in the API's shape. */
export interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/** familyMetadata parses metadata lines; a family with HELP but no TYPE is `unknown`, as in Prometheus. */
export function familyMetadata(leads: readonly string[]): Map<string, MetricMetadata> {
  const out = new Map<string, { type: string; help: string; unit: string }>();
  for (const lead of leads) {
    if (lead === '') continue;
    for (const line of lead.split('\n')) {
      const m = /^# (HELP|TYPE|UNIT) ([^ ]+)(?: (.*))?$/.exec(line.replace(/\r$/, ''));
      if (!m) continue;
      const name = m[2]!;
      let e = out.get(name);
      if (!e) out.set(name, (e = { type: 'unknown', help: '', unit: '' }));
      const text = m[3] ?? '';
      if (m[1] === 'HELP') e.help = unescapeLabelValue(text);
      else if (m[1] === 'UNIT') e.unit = text;
      // The text format's `untyped` is what Prometheus calls `unknown`.
      else e.type = text === 'untyped' ? 'unknown' : text;
    }
  }
  return out;
}
