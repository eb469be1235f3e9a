/**
 * family: which metadata family a flat sample belongs to. OpenMetrics names a counter family
 * `foo` while its sample is `foo_total`; histograms and summaries add `_bucket`, `_sum`, `_count`.
 */
import type { FamilyMeta } from './types.js';

const SUFFIXES = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'] as const;

/** familyOf returns the family name a sample name belongs to, or undefined when no metadata covers it. */
export function familyOf(sampleName: string, families: ReadonlyMap<string, FamilyMeta>): string | undefined {
  if (families.has(sampleName)) return sampleName;
  for (const s of SUFFIXES) {
    if (sampleName.length > s.length && sampleName.endsWith(s)) {
      const base = sampleName.slice(0, sampleName.length - s.length);
      if (families.has(base)) return base;
    }
  }
  return undefined;
}
