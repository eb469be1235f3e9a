/**
 * parsers: a short run of the fuzzer (bench/fuzz-harness.mjs) over the PromQL parser (with a
 * print/re-parse check), the Alertmanager matcher parser and the exposition parser. Every input must
 * parse or be rejected with a DaemonError that has a known code and a position inside the input,
 * quickly. `node bench/fuzz.bench.mjs` runs the same fuzzer over a million inputs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzz, loadSeeds, targets } from '../../bench/fuzz-harness.mjs';
import { parseMatchers } from '../../src/notify/matchers.js';
import { formatExpr, parseExpr } from '../../src/promql/index.js';
import { parseExposition } from '../../src/scrape/exposition/parse.js';

const seeds = loadSeeds(join(import.meta.dirname, '../fixtures/fuzz'));
const all = targets({ parseExpr, formatExpr: formatExpr as (e: never) => string, parseMatchers, parseExposition, seeds });
const N = Number(process.env['FUZZ_RUNS'] ?? 3000);

describe('parser fuzzing (short run)', () => {
  for (const t of all) {
    it(`${t.name}: ${N} inputs, no crash, no hang, every rejection positioned`, () => {
      const r = fuzz(t, N, { seed: Number(process.env['FUZZ_SEED'] ?? 1), slowMs: 500 });
      expect(r.finding, r.finding && `${r.finding.problem}\n  input: ${JSON.stringify(r.finding.input)}`).toBeUndefined();
      expect(r.inputs).toBe(N);
      // Both outcomes occur, so the generator reaches past the first token.
      expect(r.accepted).toBeGreaterThan(N / 50);
      expect(r.rejected).toBeGreaterThan(N / 50);
    });
  }
});
