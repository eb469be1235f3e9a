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
import type { SeriesStore } from '../../src/store/store.js';
import { MemoryStore } from '../../src/store/memory.js';
import { diff, fromOurs, fromProm } from './compare.js';
import { generate, SPAN, T0, toOpenMetrics } from './dataset.js';
import { buildBlocks, promQuery, startPrometheus, toolsAvailable, type RunningPrometheus } from './prometheus.js';
import { corpus } from './queries.js';

const available = await toolsAvailable();
const ci = process.env['CI'] === 'true';

const series = generate();
const sparse = series.find((s) => s.name === 'demo_sparse_total')!;
// Besides ordinary times, hit a sample exactly and the exact edge of its 5m lookback (closed in 2.x).
const INSTANT_TIMES = [T0 + 37 * 60_000, T0 + 65 * 60_000 + 7_000, SPAN + T0 + 150_000, T0 + 10 * 60_000, T0 + SPAN - 1_000,
  T0 + 71 * 60_000, sparse.t[5]!, sparse.t[9]! + 300_000];
const RANGES = [
  { start: T0 + 5 * 60_000, end: T0 + SPAN + 6 * 60_000, step: 61_000 },
  { start: T0 + 30 * 60_000, end: T0 + 50 * 60_000, step: 15_000 },
  { start: T0 + 62 * 60_000 + 3_500, end: T0 + 100 * 60_000, step: 37_000 },
];

describe.runIf(available || ci)('differential test against real Prometheus', () => {
  let prom: RunningPrometheus | undefined;
  let dir = '';
  // Our engine runs over the production MemoryStore and over the simple test ArrayStore.
  const stores: Record<string, SeriesStore> = { memory: new MemoryStore({ rawRetentionMs: 24 * 3600_000 }), array: new ArrayStore() };

  beforeAll(async () => {
    if (!available) throw new Error('CI=true but prometheus/promtool are not on PATH');
    dir = await mkdtemp(join(tmpdir(), 'leaksleuth-promql-diff-'));
    for (const st of Object.values(stores)) for (const s of series) for (let i = 0; i < s.t.length; i++) st.append(s.labels, s.t[i]!, s.v[i]!);
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
    const perQuery: string[] = [];
    let sameWording = 0;
    let bothFailed = 0;
    const kinds = { error: 0, empty: 0, data: 0 };
    const url = prom!.url;
    const batch = 8;
    for (let b = 0; b < queries.length; b += batch) {
      await Promise.all(queries.slice(b, b + batch).map(async ({ q, ordered }, j) => {
        const idx = b + j;
        const time = INSTANT_TIMES[idx % INSTANT_TIMES.length]!;
        const range = RANGES[idx % RANGES.length]!;
        const [pi, pr] = await Promise.all([promQuery(url, q, { time }), promQuery(url, q, range)]);
        for (const o of [fromProm(pi), fromProm(pr)]) {
          if (o.kind === 'error') kinds.error++;
          else if (o.kind === 'series' && o.series.length === 0) kinds.empty++;
          else kinds.data++;
        }
        // Error wording is reported, not enforced: the grammar package words some syntax errors differently.
        const pe = fromProm(pi);
        const oe = fromOurs(() => instantQuery(stores['array']!, q, time));
        if (pe.kind === 'error' && oe.kind === 'error') {
          const strip = (m: string): string => m.replace(/^[a-z_]+: (invalid parameter "query": )?/, '').replace(/^[A-Z_]+: /, '');
          if (strip(pe.message) === strip(oe.message)) sameWording++;
          else if (process.env['PROMQL_DIFF_VERBOSE'] === '1') console.log(`  wording: ${q}\n    prometheus: ${pe.message}\n    ours: ${oe.message}`);
          bothFailed++;
        }
        let ok = true;
        for (const [name, store] of Object.entries(stores)) {
          const di = diff(fromProm(pi), fromOurs(() => instantQuery(store, q, time)), ordered === true);
          const dr = diff(fromProm(pr), fromOurs(() => rangeQuery(store, q, range.start, range.end, range.step)), false);
          checks += 2;
          if (di) failures.push(`[${name}] instant @${(time - T0) / 1000}s ${q}\n    ${di}`);
          if (dr) failures.push(`[${name}] range ${(range.start - T0) / 1000}s..${(range.end - T0) / 1000}s/${range.step / 1000}s ${q}\n    ${dr}`);
          ok &&= !di && !dr;
        }
        if (ok) passed++;
        perQuery[idx] = `${ok ? 'PASS' : 'FAIL'} ${q}`;
      }));
    }
    console.log(`promql differential: ${passed}/${queries.length} queries agree (${checks - failures.length}/${checks} instant+range checks over MemoryStore and ArrayStore)`);
    console.log(`  prometheus answers: ${kinds.data} with data, ${kinds.empty} empty, ${kinds.error} errors`);
    console.log(`  error wording identical (incl. line:col) for ${sameWording}/${bothFailed} instant queries that fail on both sides`);
    // PROMQL_DIFF_VERBOSE=1 lists every query with its verdict; mismatches are always listed.
    if (process.env['PROMQL_DIFF_VERBOSE'] === '1') for (const line of perQuery) console.log('  ' + line);
    for (const f of failures) console.log('  MISMATCH ' + f);
    // Guard against a vacuous pass: most answers must carry data.
    expect(kinds.data).toBeGreaterThan(queries.length);
    expect(failures).toEqual([]);
  }, 120_000);
});
