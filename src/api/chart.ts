/**
 * chart: `GET /api/v1/chart.svg?job=…&instance=…` (a leaksleuth extension) draws the same chart a
 * notification carries for that target (diagnose/chart-data.ts, picked by its current verdict) as
 * SVG, so the status page can show it beside each diagnosis and alert with a plain <img>.
 */
import type { SeriesStore } from '../store/store.js';
import type { Verdict } from '../model/finding.js';
import { chartData } from '../diagnose/chart-data.js';
import { renderSvg } from '../notify/chart/svg.js';
import { fail, type Route } from './types.js';

/** ChartDeps are what the chart reads: the store, the clock, the window and the latest verdicts. */
export interface ChartDeps {
  readonly store: SeriesStore;
  readonly now: () => number;
  readonly windowMs: () => number;
  readonly verdictOf: (job: string, instance: string) => Verdict | undefined;
}

/** chartRoutes serves the chart; 404 when the target has nothing to draw yet. */
export function chartRoutes(d: ChartDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/chart.svg',
      handler: (req) => {
        const job = req.params.get('job') ?? '';
        const instance = req.params.get('instance') ?? '';
        if (!job || !instance) return fail(400, 'bad_data', 'invalid parameter "job"/"instance": both are required');
        const data = chartData(d.store, { job, instance }, d.verdictOf(job, instance), d.now(), Math.min(d.windowMs(), 6 * 3_600_000));
        if (!data) return fail(404, 'not_found', `no chart data for ${job}/${instance}`);
        return { status: 200, headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' }, body: renderSvg(data) };
      },
    },
  ];
}
