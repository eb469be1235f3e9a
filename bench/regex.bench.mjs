// regex.bench: the RE2 engine (dist/core/re2.js, re2js) against JavaScript's RegExp on label values.
// Build first (`npm run build`), then: node bench/regex.bench.mjs [iterations]
// 1. A nested quantifier `(a+)+` against 33 `a`s and a `b` (the case) next to a plain `a+b`:
//    RE2 must stay within a small factor of the plain pattern; RegExp is shown for shorter values
//    only, since it doubles per character (about 44 s at 34 characters).
// 2. Throughput of typical matcher patterns over 10,000 label values, RE2 vs RegExp.
import { compileAnchored } from '../dist/core/re2.js';

const N = Number(process.argv[2] ?? 20_000);

// Best of five rounds after a warm-up, so JIT tiering and other load on the machine skew less.
function perCall(fn, n) {
  for (let i = 0; i < Math.min(n, 1000); i++) fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, ((performance.now() - t0) / n) * 1e3); // µs
  }
  return best;
}

const value = 'a'.repeat(33) + 'b';
const nested = compileAnchored('(a+)+');
const plain = compileAnchored('a+b');
const nestedUs = perCall(() => nested.test(value), N);
const plainUs = perCall(() => plain.test(value), N);
console.log('| pattern on 33 a + b | RE2 µs/match | ratio to a+b |');
console.log('|---|---|---|');
console.log(`| a+b | ${plainUs.toFixed(2)} | 1.00× |`);
console.log(`| (a+)+ | ${nestedUs.toFixed(2)} | ${(nestedUs / plainUs).toFixed(2)}× |`);
for (const p of ['(a|aa)+', '(a*)*b', '(?i)(A+)+']) {
  const re = compileAnchored(p);
  const us = perCall(() => re.test(value), N);
  console.log(`| ${p} | ${us.toFixed(2)} | ${(us / plainUs).toFixed(2)}× |`);
}
console.log('\n| RegExp ^(?:(a+)+)$, n a + b | ms |');
console.log('|---|---|');
for (const n of [18, 20, 22, 24, 26]) {
  const re = /^(?:(a+)+)$/;
  const s = 'a'.repeat(n) + 'b';
  const t0 = performance.now();
  re.test(s);
  console.log(`| ${n} | ${(performance.now() - t0).toFixed(1)} |`);
}

const values = Array.from({ length: 10_000 }, (_, i) => [`inst-${i}`, `job-${i % 100}`, i % 3 ? 'production' : 'staging-eu'][i % 3]);
console.log('\n| pattern over 10k values | RE2 ns/value | RegExp ns/value | RE2/RegExp |');
console.log('|---|---|---|---|');
for (const [p, js] of [['inst-.*0', /^(?:inst-.*0)$/u], ['job-1|job-2|job-3', /^(?:job-1|job-2|job-3)$/u], ['(?i)prod.*', /^(?:prod.*)$/iu], ['.*-eu', /^(?:.*-eu)$/u], ['job-[0-9]+', /^(?:job-[0-9]+)$/u]]) {
  const re = compileAnchored(p);
  const rounds = Math.max(1, Math.floor(N / 1000));
  const a = perCall(() => { for (const v of values) re.test(v); }, rounds) * 1e3 / values.length;
  const b = perCall(() => { for (const v of values) js.test(v); }, rounds) * 1e3 / values.length;
  console.log(`| ${p} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(1)}× |`);
}
