// parse.bench.mjs: throughput of leaksleuth's exposition parser against parse-prometheus-text-format
// on the same inputs in the same process. Build first: `npx tsc -p tsconfig.build.json`, then
// `node bench/parse.bench.mjs`. Prints a markdown table.
//
// Two kinds of contender, and the table says which is which: stateless parsers (every call parses
// from nothing: parse-prometheus-text-format, parseExposition, a cold ScrapeCache) and the scrape
// loop's cached steady state (ScrapeCache and the older SeriesInterner, kept across calls as the
// daemon keeps them per target). Every contender cycles through the same few variants of each
// payload whose sample values differ, so a cached parser really parses a new number every line.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import { URL } from 'node:url';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { parseExposition, scanExposition, SeriesInterner } from '../dist/scrape/exposition/parse.js';
import { ScrapeCache } from '../dist/scrape/exposition/scrape-cache.js';

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

// scrapeCache is the daemon's hot path (src/scrape/scrape.ts keeps one per target): known series
// are recognised by their raw text and only the value is parsed. Steady state from the second call on.
function scrapeCache() {
  const cache = new ScrapeCache((view) => ({ labels: view.labels() }));
  return (text) => cache.scan(text, 'prometheus');
}

// coldCache is the same on a target's first scrape: every series is new.
function coldCache(text) {
  return new ScrapeCache((view) => ({ labels: view.labels() })).scan(text, 'prometheus');
}

// variants returns `count` copies of an exposition payload whose sample values differ (integers
// move by a step, other finite values scale), so cached parsers cannot win by seeing one text.
function variants(text, count) {
  const out = [text];
  for (let j = 1; j < count; j++) {
    const lines = text.split('\n').map((l) => {
      if (l === '' || l[0] === '#') return l;
      const sp = l.lastIndexOf(' ');
      const v = Number(l.slice(sp + 1));
      if (!Number.isFinite(v)) return l;
      return l.slice(0, sp + 1) + String(Number.isInteger(v) ? v + j * 7 : v * (1 + j / 1000));
    });
    out.push(lines.join('\n'));
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
const VARIANTS = 4;
const rows = [];
for (const [name, text] of inputs) {
  const texts = variants(text, VARIANTS);
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / VARIANTS;
  const samples = parseExposition(text, 'prometheus').samples.length;
  const theirs = parsePrometheusTextFormat(text);
  const theirSamples = theirs.reduce((a, f) => a + f.metrics.length, 0);
  // Each contender walks the variants in turn: call k parses texts[k % VARIANTS].
  const rotate = (fn) => {
    let k = 0;
    return () => fn(texts[k++ % VARIANTS]);
  };
  const cached = scrapeCache();
  const loop = scrapeLoop();
  for (const t of texts) if (cached(t) !== samples) throw new Error('ScrapeCache sample count differs');
  const [theirMs, parseMs, coldMs, cacheMs, internMs, floor] = measure([
    rotate((t) => parsePrometheusTextFormat(t)),
    rotate((t) => parseExposition(t, 'prometheus')),
    rotate(coldCache),
    rotate(cached),
    rotate(loop),
    rotate(touchEveryChar),
  ]);
  const ns = (ms) => ((ms * 1e6) / samples).toFixed(0);
  const x = (ms) => (theirMs / ms).toFixed(1) + '×';
  rows.push(
    `| ${name} | ${(bytes / 1024).toFixed(0)} KiB, ${samples} samples (theirs: ${theirSamples} metrics) | ${mb(bytes, theirMs)} / ${ns(theirMs)} | ${mb(bytes, parseMs)} / ${ns(parseMs)} / ${x(parseMs)} | ${mb(bytes, coldMs)} / ${ns(coldMs)} / ${x(coldMs)} | ${mb(bytes, cacheMs)} / ${ns(cacheMs)} / ${x(cacheMs)} | ${mb(bytes, internMs)} / ${ns(internMs)} / ${x(internMs)} | ${mb(bytes, floor)} |`,
  );
}

console.log(
  `Node ${process.version}, ${process.arch}; MB = 10^6 bytes (UTF-8); median of 7 interleaved rounds of ~250 ms CPU time each, after warm-up; ${VARIANTS} value variants per input; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.\n`,
);
console.log('Cells: MB/s / ns per sample / speedup over parse-prometheus-text-format. "stateless" parses from nothing on every call; "steady state" keeps its cache across calls, as the scrape loop does per target.\n');
console.log(
  '| input | size | parse-prometheus-text-format (stateless) | parseExposition (stateless) | ScrapeCache, first scrape (stateless) | ScrapeCache, steady state (cached) | scan+SeriesInterner, steady state (cached) | yardstick MB/s |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
