// fuzz.bench: the parser fuzzer (bench/fuzz-harness.mjs) at scale over the built parsers.
// Build first (`npm run build`), then: node bench/fuzz.bench.mjs [inputs per parser, default 1000000] [seed]
// Prints, per parser, inputs run, accepted/rejected, throughput and the slowest input; exits 1 on a
// finding (a crash outside DaemonError, a rejection without a position, a print that does not
// re-parse, or an input slower than 1 s), printing fast-check's shrunk input.
// FUZZ_VERBOSE=1 also prints each parser's slowest input on stderr.
import { join } from 'node:path';
import { fuzz, loadSeeds, targets } from './fuzz-harness.mjs';
import { parseMatchers } from '../dist/notify/matchers.js';
import { formatExpr, parseExpr } from '../dist/promql/index.js';
import { parseExposition } from '../dist/scrape/exposition/parse.js';

const N = Number(process.argv[2] ?? 1_000_000);
const SEED = Number(process.argv[3] ?? 42);
const seeds = loadSeeds(join(import.meta.dirname, '../test/fixtures/fuzz'));
let failed = false;
console.log(`| parser | inputs | accepted | rejected (positioned) | time | inputs/s | slowest input |`);
console.log(`|---|---|---|---|---|---|---|`);
for (const t of targets({ parseExpr, formatExpr, parseMatchers, parseExposition, seeds })) {
  const r = fuzz(t, N, { seed: SEED, slowMs: 1000 });
  if (process.env.FUZZ_VERBOSE === "1") console.error(`slowest ${t.name} input: ${JSON.stringify(r.slowest)}`);
  console.log(`| ${t.name} | ${r.inputs.toLocaleString('en')} | ${r.accepted.toLocaleString('en')} | ${r.rejected.toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} s | ${Math.round(r.inputs / (r.ms / 1000)).toLocaleString('en')} | ${r.slowestMs.toFixed(1)} ms |`);
  if (r.finding) {
    failed = true;
    console.log(`  FINDING (${t.name}): ${r.finding.problem}\n    input: ${JSON.stringify(r.finding.input)}`);
  }
}
process.exit(failed ? 1 : 0);
