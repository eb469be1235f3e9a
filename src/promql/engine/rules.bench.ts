/**
 * Benchmark: one evaluation round of 1,000 alert-style rules over 100,000 series (100 metrics ×
 * 1,000 job/instance pairs, 15s scrapes over 15 minutes) in the production MemoryStore.
 * Run with `npx vitest bench --run src/promql`; BENCH_SCALE=0.1 runs a tenth (10k series, 100 rules).
 */
import { bench, describe } from 'vitest';
import { MemoryStore } from '../../store/memory.js';
import type { SeriesData, SeriesStore } from '../../store/store.js';
import type { Matcher } from '../../model/matcher.js';
import { parseExpr } from '../parser.js';
import { instantQuery } from './query.js';

const SCALE = Number(process.env['BENCH_SCALE'] ?? '1');
const METRICS = Math.max(2, Math.round(100 * SCALE));
const PER_METRIC = 1000;
const SAMPLES = 60;
const T_END = 1_700_000_000_000;

const store = new MemoryStore({ rawRetentionMs: 24 * 3600_000 });
for (let m = 0; m < METRICS; m++) {
  for (let s = 0; s < PER_METRIC; s++) {
    const labels = { __name__: `app_metric_${m}_total`, job: `job${s % 20}`, instance: `host${s}:9100` };
    let v = s * 10;
    for (let i = 0; i < SAMPLES; i++) {
      v += (i * 7 + s) % 13;
      store.append(labels, T_END - (SAMPLES - 1 - i) * 15_000, v);
    }
  }
}

const shapes = [
  (m: number) => `rate(app_metric_${m}_total[5m]) > 0.5`,
  (m: number) => `sum by (job) (rate(app_metric_${m}_total[5m])) > 10`,
  (m: number) => `avg_over_time(app_metric_${m}_total[10m]) > 5000`,
  (m: number) => `predict_linear(app_metric_${m}_total[10m], 3600) > 1e5`,
  (m: number) => `app_metric_${m}_total / on(job, instance) app_metric_${(m + 1) % METRICS}_total > 2`,
  (m: number) => `max by (job) (app_metric_${m}_total{instance=~"host1.*"}) > 100`,
  (m: number) => `increase(app_metric_${m}_total[15m]) > 200 and on(job, instance) app_metric_${m}_total > 0`,
  (m: number) => `topk(5, deriv(app_metric_${m}_total[10m]))`,
  (m: number) => `absent(app_metric_${m}_total{job="job3"})`,
  (m: number) => `count by (job) (app_metric_${m}_total > 1000) > 3`,
];
const RULES = Math.round(1000 * SCALE);
const rules = Array.from({ length: RULES }, (_, i) => parseExpr(shapes[i % shapes.length]!(Math.floor(i / 10) % METRICS)));

/** cached answers selects from a memo, so the second case measures the engine without store decoding. */
const memo = new Map<string, SeriesData[]>();
const cached: SeriesStore = Object.assign(Object.create(store) as SeriesStore, {
  select(matchers: readonly Matcher[], mint: number, maxt: number): SeriesData[] {
    const k = JSON.stringify([matchers, mint, maxt]);
    let r = memo.get(k);
    if (!r) {
      r = store.select(matchers, mint, maxt);
      memo.set(k, r);
    }
    return r;
  },
});

describe('rule evaluation', () => {
  bench(`${RULES} rules over ${METRICS * PER_METRIC} series (one evaluation round)`, () => {
    for (const r of rules) instantQuery(store, r, T_END);
  }, { iterations: 3, warmupIterations: 1 });

  bench(`${RULES} rules over ${METRICS * PER_METRIC} series, selections memoised (engine only)`, () => {
    for (const r of rules) instantQuery(cached, r, T_END);
  }, { iterations: 5, warmupIterations: 1 });
});
