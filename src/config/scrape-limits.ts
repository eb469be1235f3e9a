/**
 * scrape-limits: the five per-scrape limits Prometheus has (`body_size_limit`, `sample_limit`,
 * `label_limit`, `label_name_length_limit`, `label_value_length_limit`), settable in `global` and
 * per job. Prometheus leaves all of them unlimited; an agent that sits beside the services it
 * watches cannot afford that (one target serving a 200 MB page or a million series would take the
 * daemon's memory with it), so leaksleuth's defaults are generous bounds that a Go service's own
 * `/metrics` never comes near: a client_golang process exposes a few hundred series in tens of KB.
 * A job's explicit 0 means "no limit", as in Prometheus.
 */
import { parseSize } from './size.js';

/** ScrapeLimits bound what one scrape of one target may bring in; 0 means no limit. */
export interface ScrapeLimits {
  readonly bodySizeLimit: number;
  readonly sampleLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
}

/** DEFAULT_SCRAPE_LIMITS apply when neither the job nor `global` sets a limit (docs/configuration.md). */
export const DEFAULT_SCRAPE_LIMITS: ScrapeLimits = {
  // 32 MiB decompressed: ~100x a large Go service's payload, well under what would hurt the daemon.
  bodySizeLimit: 32 * 1024 * 1024,
  // 50,000 samples: a Go service with client_golang exposes ~100-2,000; more means a label explosion.
  sampleLimit: 50_000,
  // 64 labels per series (including __name__ and the target's own labels).
  labelLimit: 64,
  // Label names are identifiers; 512 bytes is far beyond any real one.
  labelNameLengthLimit: 512,
  // 16 KiB per value: long enough for a URL or a SQL text someone put in a label, bounded nonetheless.
  labelValueLengthLimit: 16 * 1024,
};

/** RawScrapeLimits is how the limits appear in YAML (global or a scrape config). */
export interface RawScrapeLimits {
  body_size_limit?: string | number;
  sample_limit?: number;
  label_limit?: number;
  label_name_length_limit?: number;
  label_value_length_limit?: number;
}

/** scrapeLimitsSchema are the JSON-schema properties of the five keys, shared by global and jobs. */
export const scrapeLimitsSchema = {
  body_size_limit: { type: ['string', 'integer'], format: 'size', minimum: 0 },
  sample_limit: { type: 'integer', minimum: 0 },
  label_limit: { type: 'integer', minimum: 0 },
  label_name_length_limit: { type: 'integer', minimum: 0 },
  label_value_length_limit: { type: 'integer', minimum: 0 },
} as const;

/** resolveScrapeLimits applies a raw block over a base (the job over global, global over the defaults). */
export function resolveScrapeLimits(raw: RawScrapeLimits | undefined, base: ScrapeLimits): ScrapeLimits {
  if (raw === undefined) return base;
  return {
    bodySizeLimit: raw.body_size_limit === undefined ? base.bodySizeLimit : (parseSize(raw.body_size_limit) ?? base.bodySizeLimit),
    sampleLimit: raw.sample_limit ?? base.sampleLimit,
    labelLimit: raw.label_limit ?? base.labelLimit,
    labelNameLengthLimit: raw.label_name_length_limit ?? base.labelNameLengthLimit,
    labelValueLengthLimit: raw.label_value_length_limit ?? base.labelValueLengthLimit,
  };
}
