/**
 * metrics: the scrape stage's self-metrics, registered on an injected prom-client Registry (no
 * global registry, so tests and several daemons in one process do not collide).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** ScrapeMetrics are the counters the scrape loop updates. */
export interface ScrapeMetrics {
  readonly scrapes: Counter<'job'>;
  readonly failures: Counter<'job' | 'code'>;
  readonly duration: Histogram<'job'>;
  readonly samples: Counter<'job'>;
  readonly missed: Counter<'job'>;
  readonly targets: Gauge<'job' | 'health'>;
  readonly cgroupReads: Counter<'result'>;
}

/** createScrapeMetrics registers the scrape metrics on `registry`. */
export function createScrapeMetrics(registry: Registry): ScrapeMetrics {
  const registers = [registry];
  return {
    scrapes: new Counter({ name: 'leaksleuth_scrapes_total', help: 'Scrapes attempted, by job.', labelNames: ['job'], registers }),
    failures: new Counter({
      name: 'leaksleuth_scrape_failures_total',
      help: 'Scrapes that failed, by job and error code.',
      labelNames: ['job', 'code'],
      registers,
    }),
    duration: new Histogram({
      name: 'leaksleuth_scrape_duration_seconds',
      help: 'Time to fetch, parse and store one scrape.',
      labelNames: ['job'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    samples: new Counter({ name: 'leaksleuth_scrape_samples_total', help: 'Samples ingested from scrapes.', labelNames: ['job'], registers }),
    missed: new Counter({
      name: 'leaksleuth_scrape_iterations_missed_total',
      help: 'Scrape slots skipped because the previous scrape of the target was still running or the loop was blocked.',
      labelNames: ['job'],
      registers,
    }),
    targets: new Gauge({ name: 'leaksleuth_targets', help: 'Targets by job and health.', labelNames: ['job', 'health'], registers }),
    cgroupReads: new Counter({
      name: 'leaksleuth_cgroup_reads_total',
      help: 'cgroup and /proc memory reads, by result (ok, missing, error).',
      labelNames: ['result'],
      registers,
    }),
  };
}
