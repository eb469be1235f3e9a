// fuzz-harness: the fuzzer shared by bench/fuzz.bench.mjs (1M+ inputs over dist/) and
// test/fuzz/parsers.test.ts (a few thousand over src/). It takes the parsers as arguments so both
// can run it. Inputs come from fast-check: half are token soups drawn from each language's
// vocabulary, half are mutations of valid seeds (insert, delete, replace, duplicate, splice),
// so most inputs are nearly valid and reach deep into the parsers; one in 25 repeats a token or a
// seed's start hundreds to thousands of times, to probe nesting depth and input size. Each input
// must either parse or be rejected with the project's error type, a known code, and a position
// inside the input; any other exception, or an input that takes longer than `slowMs`, is a finding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

// DaemonError's cross-copy brand (src/core/errors.ts), so dist and src errors are both recognised.
const BRAND = Symbol.for('leaksleuth.DaemonError');

const PROMQL_TOKENS = [
  'sum', 'rate', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless',
  'topk', 'count_values', 'label_replace', 'histogram_quantile', 'max_over_time', 'absent', 'time', 'vector', 'scalar',
  '@', 'start()', 'end()', 'foo', 'bar_total', 'job', '__name__', 'Inf', 'NaN', '1', '0.5', '2.', '.5', '1e3', '0x1f', '-', '+',
  '*', '/', '%', '^', '==', '!=', '>=', '<', '=~', '!~', '=', '(', ')', '{', '}', '[', ']', ',', ':', '5m', '1h30m', '-1m',
  '"x"', '"(a+)+"', "'y'", '`z`', '"\\u00e9"', '"\\xff"', '"(?i)PRO.*"', '"["', ' ', '\n', '#', 'atan2', 'step()',
];
const MATCHER_TOKENS = ['job', 'a', '"x"', '"(a+)+"', '"(?i)x"', '=', '!=', '=~', '!~', ',', '{', '}', ' ', '"', '\\', '\\"', '"["', 'é', '\n'];
const EXPO_TOKENS = [
  'm', 'm_total', 'm_bucket', '{', '}', 'le="+Inf"', 'a="1"', ',', '=', '"', '\\', '\\n', ' ', '\n', '1', '-1.5e3', 'NaN', '+Inf',
  '1700000000000', '1.5', '# HELP m text\n', '# TYPE m counter\n', '# TYPE m histogram\n', '# UNIT m_seconds seconds\n',
  '# EOF\n', '# EOF', ' # {a="1"} 1 1\n', '\t', 'é', '\r',
];
const CHARS = ['(', ')', '{', '}', '[', ']', '"', "'", '`', '\\', ',', '=', '~', '!', ' ', '\n', '\t', '#', ':', '.', '-', '+', 'e', '0', '9', 'a', 'é', '\u0000', '\uffff', '\ud800'];

/** mutate applies edit operations (drawn by fast-check) to a seed. */
function mutate(seeds, { seed, ops }) {
  let s = seeds[seed % seeds.length];
  for (const op of ops) {
    const at = s.length === 0 ? 0 : op.pos % (s.length + 1);
    switch (op.kind) {
      case 0: s = s.slice(0, at) + op.text + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + (op.len % 8)); break;
      case 2: s = s.slice(0, at) + op.text + s.slice(at + op.text.length); break;
      case 3: s = s.slice(0, at) + s.slice(at, at + 1 + (op.len % 16)) + s.slice(at); break;
      default: {
        const other = seeds[op.len % seeds.length];
        const from = op.pos % (other.length + 1);
        s = s.slice(0, at) + other.slice(from, from + 1 + (op.len % 24)) + s.slice(at);
      }
    }
  }
  return s;
}

/** inputArbitrary mixes token soups and seed mutations for one language. */
function inputArbitrary(seeds, tokens) {
  const text = fc.oneof(fc.constantFrom(...CHARS), fc.constantFrom(...tokens), fc.string({ maxLength: 4 }));
  const op = fc.record({ kind: fc.nat(4), pos: fc.nat(), len: fc.nat(), text });
  const mutation = fc.record({ seed: fc.nat(), ops: fc.array(op, { minLength: 1, maxLength: 6 }) }).map((m) => mutate(seeds, m));
  const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 24 }).map((xs) => xs.join(''));
  // Long repeats (a token or a seed's opening, hundreds to thousands of times) probe nesting and size limits.
  const deep = fc.tuple(fc.oneof(fc.constantFrom(...tokens), fc.constantFrom(...seeds).map((x) => x.slice(0, 8))), fc.integer({ min: 50, max: 3000 }), fc.constantFrom(...seeds))
    .map(([t, n, tail]) => t.repeat(n) + tail);
  return fc.oneof({ arbitrary: mutation, weight: 12 }, { arbitrary: soup, weight: 8 }, { arbitrary: fc.string({ maxLength: 40 }), weight: 4 }, { arbitrary: deep, weight: 1 });
}

/**
 * checkRejection says what is wrong with an error thrown for `input`, or undefined if it is a proper
 * rejection: a DaemonError (by its brand) with an expected code and a 1-based position inside the input.
 */
function checkRejection(err, input, codes) {
  if (!(typeof err === 'object' && err !== null && err[BRAND] === true)) return `threw ${err?.constructor?.name ?? typeof err}: ${err?.message ?? String(err)}`;
  if (!codes.includes(err.code)) return `unexpected code ${err.code}: ${err.message}`;
  const p = err.position;
  if (!p || !(p.line >= 1) || !(p.col >= 1)) return `no position: ${err.message}`;
  const lines = input.split('\n');
  if (p.line > lines.length || p.col > lines[p.line - 1].length + 1) return `position ${p.line}:${p.col} outside the input: ${err.message}`;
  // A message may quote parts of the input, but must not balloon beyond it.
  if (!err.message || err.message.length > 3 * input.length + 500) return `unclear message: ${JSON.stringify(err.message).slice(0, 200)}`;
  return undefined;
}

/**
 * targets builds the three fuzz targets from the parsers under test.
 * deps: { parseExpr, formatExpr, parseMatchers, parseExposition, seeds: { promql, matchers, exposition } }
 */
export function targets(deps) {
  return [
    {
      name: 'promql',
      arbitrary: inputArbitrary(deps.seeds.promql, PROMQL_TOKENS),
      codes: ['PROMQL_PARSE', 'PROMQL_UNSUPPORTED'],
      run: (s) => {
        const e = deps.parseExpr(s);
        // What parses must print to text that parses to the same print again.
        const printed = deps.formatExpr(e);
        let again;
        try {
          again = deps.formatExpr(deps.parseExpr(printed));
        } catch (err) {
          throw new Error(`printed form does not parse: ${printed}: ${err.message}`, { cause: err });
        }
        if (again !== printed) throw new Error(`print is not stable: ${printed} -> ${again}`);
      },
    },
    {
      name: 'matchers',
      arbitrary: inputArbitrary(deps.seeds.matchers, MATCHER_TOKENS),
      codes: ['CONFIG_INVALID'],
      run: (s) => void deps.parseMatchers(s),
    },
    {
      name: 'exposition',
      arbitrary: fc.tuple(inputArbitrary(deps.seeds.exposition, EXPO_TOKENS), fc.constantFrom('prometheus', 'openmetrics')),
      codes: ['EXPOSITION_PARSE'],
      input: ([s]) => s,
      run: ([s, format]) => void deps.parseExposition(s, format),
    },
  ];
}

/**
 * fuzz runs `n` inputs against one target and returns the counts and the first finding, shrunk by
 * fast-check to a small input. It never throws for a finding; the caller decides.
 */
export function fuzz(target, n, { seed = 42, slowMs = 1000 } = {}) {
  const stats = { inputs: 0, accepted: 0, rejected: 0, slowestMs: 0, slowest: '' };
  const judge = (x) => {
    const input = target.input ? target.input(x) : x;
    const t0 = performance.now();
    let problem;
    let accepted = false;
    try {
      target.run(x);
      accepted = true;
    } catch (err) {
      problem = checkRejection(err, input, target.codes);
    }
    let ms = performance.now() - t0;
    // A slow run may be a GC pause or a busy machine: only an input slow on three tries is a finding.
    for (let again = 0; again < 2 && !problem && ms > slowMs; again++) {
      const t1 = performance.now();
      try {
        target.run(x);
      } catch {
        // judged above
      }
      ms = Math.min(ms, performance.now() - t1);
    }
    if (!problem && ms > slowMs) problem = `took ${ms.toFixed(0)} ms`;
    return { input, problem, accepted, ms };
  };
  let counting = true;
  const property = fc.property(target.arbitrary, (x) => {
    const r = judge(x);
    if (counting) {
      stats.inputs++;
      if (r.accepted) stats.accepted++;
      else stats.rejected++;
      if (r.ms > stats.slowestMs) [stats.slowestMs, stats.slowest] = [r.ms, r.input];
      if (r.problem) counting = false; // shrinking re-runs the property; those runs are not inputs
    }
    return r.problem === undefined;
  });
  const t0 = performance.now();
  const out = fc.check(property, { numRuns: n, seed });
  const ms = performance.now() - t0;
  // fast-check shrank the failing input; judge the small one again for its message.
  const finding = out.failed && out.counterexample ? judge(out.counterexample[0]) : undefined;
  return { ...stats, ms, failed: out.failed, finding: finding && { input: finding.input, problem: finding.problem ?? String(out.errorInstance) } };
}

/** loadSeeds reads the valid seed inputs from test/fixtures/fuzz (one PromQL or matcher per line; exposition documents end at "# EOF"). */
export function loadSeeds(dir) {
  const lines = (f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== '');
  const docs = readFileSync(join(dir, 'exposition.txt'), 'utf8').split(/(?<=\n# EOF\n)/).filter((d) => d !== '');
  return { promql: lines('promql.txt'), matchers: lines('matchers.txt'), exposition: [...docs, ...docs.map((d) => d.replace(/# EOF\n$/, ''))] };
}
