/**
 * Differential proof: the same data set goes into real Prometheus (TSDB blocks built by promtool)
 * and into our engine; every corpus query runs as an instant and a range query on both, and the
 * results must agree. With CI=true a missing prometheus/promtool binary fails the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantQuery, rangeQuery } from '../../src/promql/index.js';
import { ArrayStore } from '../../src/promql/testing/array-store.js';
import { diff, fromOurs, fromProm } from './compare.js';
import { generate, SPAN, T0, toOpenMetrics } from './dataset.js';
import { buildBlocks, promQuery, startPrometheus, toolsAvailable, type RunningPrometheus } from './prometheus.js';
import { corpus } from './queries.js';

const available = await toolsAvailable();
const ci = process.env['CI'] === 'true';

const INSTANT_TIMES = [T0 + 37 * 60_000, T0 + 65 * 60_000 + 7_000, SPAN + T0 + 150_000, T0 + 10 * 60_000, T0 + SPAN - 1_000, T0 + 71 * 60_000];
const RANGE = { start: T0 + 5 * 60_000, end: T0 + SPAN + 6 * 60_000, step: 61_000 };

describe.runIf(available || ci)('differential test against real Prometheus', () => {
  let prom: RunningPrometheus | undefined;
  let dir = '';
  const store = new ArrayStore();

  beforeAll(async () => {
    if (!available) throw new Error('CI=true but prometheus/promtool are not on PATH');
    dir = await mkdtemp(join(tmpdir(), 'leaksleuth-promql-diff-'));
    const series = generate();
    for (const s of series) for (let i = 0; i < s.t.length; i++) store.append(s.labels, s.t[i]!, s.v[i]!);
    const data = await buildBlocks(dir, toOpenMetrics(series));
    prom = await startPrometheus(dir, data);
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('agrees with Prometheus on every corpus query (instant and range)', async () => {
    const queries = corpus();
    expect(queries.length).toBeGreaterThanOrEqual(300);
    const failures: string[] = [];
    let passed = 0;
    let checks = 0;
    const url = prom!.url;
    const batch = 8;
    for (let b = 0; b < queries.length; b += batch) {
      await Promise.all(queries.slice(b, b + batch).map(async ({ q, ordered }, j) => {
        const idx = b + j;
        const time = INSTANT_TIMES[idx % INSTANT_TIMES.length]!;
        const [pi, pr] = await Promise.all([promQuery(url, q, { time }), promQuery(url, q, RANGE)]);
        const di = diff(fromProm(pi), fromOurs(() => instantQuery(store, q, time)), ordered === true);
        const dr = diff(fromProm(pr), fromOurs(() => rangeQuery(store, q, RANGE.start, RANGE.end, RANGE.step)), false);
        checks += 2;
        if (di) failures.push(`instant @${(time - T0) / 1000}s ${q}\n    ${di}`);
        if (dr) failures.push(`range ${q}\n    ${dr}`);
        if (!di && !dr) passed++;
      }));
    }
    console.log(`promql differential: ${passed}/${queries.length} queries agree (${checks - failures.length}/${checks} instant+range checks)`);
    for (const f of failures) console.log('  MISMATCH ' + f);
    expect(failures).toEqual([]);
  }, 120_000);
});
