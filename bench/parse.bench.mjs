// parse.bench.mjs: throughput of leaksleuth's exposition parser against parse-prometheus-text-format
// on the same inputs in the same process. Build first: `npx tsc -p tsconfig.build.json`, then
// `node bench/parse.bench.mjs`. Prints a markdown table.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { parseExposition, scanExposition, SeriesInterner } from '../dist/scrape/exposition/parse.js';

const fixtures = new URL('../test/fixtures/exposition/', import.meta.url);

// synthetic builds a deterministic payload of about `bytes` characters shaped like a busy Go
// service: many label sets per family, histograms, and a few escaped values.
function synthetic(bytes) {
  let out = '';
  let f = 0;
  while (out.length < bytes) {
    const fam = `app_family_${f}`;
    const kind = f % 3;
    if (kind === 0) {
      out += `# HELP ${fam}_total Requests handled by the \\\\ service, family ${f}.\n# TYPE ${fam}_total counter\n`;
      for (let i = 0; i < 40; i++) {
        out += `${fam}_total{code="${200 + (i % 5)}",handler="/api/v1/item/${i}",method="GET",path="C:\\\\x \\"q\\""} ${i * 1337 + f}\n`;
      }
    } else if (kind === 1) {
      out += `# HELP ${fam}_bytes Memory in bytes.\n# TYPE ${fam}_bytes gauge\n`;
      for (let i = 0; i < 40; i++) out += `${fam}_bytes{pool="p${i}",instance="10.0.0.${i}:9100"} ${(i + 1) * 1.234567e8}\n`;
    } else {
      out += `# HELP ${fam}_seconds Latency.\n# TYPE ${fam}_seconds histogram\n`;
      for (let i = 0; i < 8; i++) {
        for (const le of ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf']) {
          out += `${fam}_seconds_bucket{route="r${i}",le="${le}"} ${i * 17 + le.length}\n`;
        }
        out += `${fam}_seconds_sum{route="r${i}"} ${i * 0.123 + 0.5}\n${fam}_seconds_count{route="r${i}"} ${i * 17 + 10}\n`;
      }
    }
    f++;
  }
  return out;
}

// cpuMs runs fn for about `budgetMs` of process CPU time and returns CPU ms per call. CPU time,
// not wall time, because the benchmark machine is shared: other processes inflate wall time.
function cpuMs(fn, budgetMs) {
  const c0 = process.cpuUsage();
  let n = 0;
  for (;;) {
    fn();
    n++;
    const c = process.cpuUsage(c0);
    if (c.user + c.system >= budgetMs * 1000) return (c.user + c.system) / 1000 / n;
  }
}

// measure interleaves the contenders round by round (so load changes hit all of them alike) and
// returns the median time per call of each.
function measure(fns, rounds = 7, budgetMs = 250) {
  for (const fn of fns) cpuMs(fn, 100); // warm-up: let the JIT settle
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) fns.forEach((fn, i) => times[i].push(cpuMs(fn, budgetMs)));
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

const inputs = [
  ['client_golang text 0.0.4 (real)', readFileSync(new URL('client_golang.prom.txt', fixtures), 'utf8')],
  ['synthetic 5 MB', synthetic(5 * 1024 * 1024)],
];

// scrapeLoop is what the daemon's scrape loop does per scrape: intern each sample's series with
// SeriesInterner (by position, then by raw text) and store the value; Labels only for new series.
function scrapeLoop() {
  const interner = new SeriesInterner((view) => ({ labels: view.labels(), v: 0 }));
  const sink = {
    sample(view, value) {
      interner.get(view).v = value;
    },
    meta() {},
  };
  return (text) => {
    interner.begin();
    scanExposition(text, 'prometheus', sink);
    interner.end();
  };
}

// naiveRegex is the "split lines + one regex per line" baseline from the project's reference notes:
// not spec-complete (no unescaping, no errors), a yardstick for what regexes buy in this runtime.
const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(\S+))?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
function naiveRegex(text) {
  const out = [];
  for (const l of text.split('\n')) {
    if (l === '' || l[0] === '#') continue;
    const m = LINE.exec(l);
    if (!m) continue;
    const labels = { __name__: m[1] };
    if (m[2]) for (const x of m[2].matchAll(LABEL)) labels[x[1]] = x[2];
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

// touchEveryChar is a machine-speed yardstick: the cheapest possible JS pass over the input
// (one charCodeAt per character). No parser written in JS over a string beats it by much.
function touchEveryChar(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h + text.charCodeAt(i)) | 0;
  return h;
}

const mb = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
const rows = [];
for (const [name, text] of inputs) {
  const bytes = Buffer.byteLength(text);
  const samples = parseExposition(text, 'prometheus').samples.length;
  const theirs = parsePrometheusTextFormat(text);
  const theirSamples = theirs.reduce((a, f) => a + f.metrics.length, 0);
  const loop = scrapeLoop();
  const [ours, scan, other, naive, floor] = measure([
    () => parseExposition(text, 'prometheus'),
    () => loop(text),
    () => parsePrometheusTextFormat(text),
    () => naiveRegex(text),
    () => touchEveryChar(text),
  ]);
  const ns = (ms) => ((ms * 1e6) / samples).toFixed(0);
  rows.push(
    `| ${name} | ${(bytes / 1024).toFixed(0)} KiB, ${samples} samples (theirs: ${theirSamples} metrics) | ${mb(bytes, ours)} | ${ns(ours)} | ${mb(bytes, scan)} | ${ns(scan)} | ${mb(bytes, other)} | ${ns(other)} | ${(other / ours).toFixed(1)}× | ${(other / scan).toFixed(1)}× | ${mb(bytes, naive)} | ${mb(bytes, floor)} |`,
  );
}

console.log(`Node ${process.version}, ${process.arch}; MB = 10^6 bytes (UTF-8); median of 7 interleaved rounds of ~250 ms CPU time each, after warm-up.\n`);
console.log(
  '| input | size | parseExposition MB/s | ns/sample | scan+SeriesInterner MB/s | ns/sample | parse-prometheus-text-format MB/s | ns/sample | speedup parse | speedup scan | naive regex MB/s | yardstick MB/s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
