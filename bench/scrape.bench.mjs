// Scrape-cycle benchmark: the real daemon process scrapes 200 loopback targets × 1,000 series.
// Reports the time one full cycle takes (all targets scraped once), per-scrape latency, and the
// daemon's resident memory once the store holds a few cycles. Run `npm run build` first.
// Usage: node bench/scrape.bench.mjs [targets=200] [series=1000] [cycles=6]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const targets = Number(process.argv[2] ?? 200);
const series = Number(process.argv[3] ?? 1000);
const cycles = Number(process.argv[4] ?? 6);
const intervalS = 5;

const srv = spawn(process.execPath, ['bench/targets-server.mjs', String(targets), String(series)], { stdio: ['ignore', 'pipe', 'inherit'] });
const ports = JSON.parse(await new Promise((r) => createInterface({ input: srv.stdout }).once('line', r)));

const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-bench-'));
const cfg = join(dir, 'bench.yaml');
writeFileSync(
  cfg,
  `global: { scrape_interval: ${intervalS}s, scrape_timeout: 4s }
storage: { data_dir: ${join(dir, 'data')}, keep_all_series: true, snapshot_interval: 1h, max_series: 1000000 }
cgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }
rule_files: []
scrape_configs:
  - job_name: bench
    static_configs:
      - targets: [${ports.map((p) => `"127.0.0.1:${p}"`).join(', ')}]
`,
);
const daemon = spawn(process.execPath, ['bin/leaksleuth.js', 'run', '--config', cfg, '--listen', '127.0.0.1:0'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let url;
await new Promise((resolve, reject) => {
  const rl = createInterface({ input: daemon.stderr });
  rl.on('line', (l) => {
    try {
      const rec = JSON.parse(l);
      if (rec.msg === 'listening') {
        url = 'http://' + rec.address;
        resolve();
      }
    } catch {
      // not a JSON log line
    }
  });
  daemon.on('exit', (c) => reject(new Error('daemon exited ' + c)));
});
const metric = (text, re) => Number((text.match(re) ?? [])[1] ?? NaN);

async function snapshot() {
  const t = await (await fetch(url + '/api/v1/targets')).json();
  const m = await (await fetch(url + '/metrics')).text();
  return { targets: t.data.activeTargets, metrics: m };
}

const cycleTimes = [];
const cpuAt = async () => metric(await (await fetch(url + '/metrics')).text(), /^process_cpu_seconds_total ([\d.e+]+)/m);
const cpu0 = await cpuAt();
const wall0 = Date.now();
let lastRound = 0;
const started = Date.now();
for (let c = 0; c < cycles + 1; c++) {
  await new Promise((r) => setTimeout(r, intervalS * 1000));
  const { targets: ts } = await snapshot();
  const times = ts.map((t) => Date.parse(t.lastScrape)).filter((x) => x > 0);
  if (times.length === targets) {
    const ends = ts.map((t) => Date.parse(t.lastScrape) + t.lastScrapeDuration * 1000);
    const round = Math.min(...times);
    if (round !== lastRound) {
      cycleTimes.push({ first: round, last: Math.max(...ends), up: ts.filter((t) => t.health === 'up').length });
      lastRound = round;
    }
  }
}
const { metrics, targets: ts } = await snapshot();
const cpu = (metric(metrics, /^process_cpu_seconds_total ([\d.e+]+)/m) - cpu0) / ((Date.now() - wall0) / 1000);
const rss = metric(metrics, /^process_resident_memory_bytes ([\d.e+]+)/m);
const heap = metric(metrics, /^nodejs_heap_size_used_bytes ([\d.e+]+)/m);
const storeBytes = metric(metrics, /^leaksleuth_store_bytes ([\d.e+]+)/m);
const storeSeries = metric(metrics, /^leaksleuth_store_series ([\d.e+]+)/m);
const storeSamples = metric(metrics, /^leaksleuth_store_samples ([\d.e+]+)/m);
const sum = metric(metrics, /^leaksleuth_scrape_duration_seconds_sum\{job="bench"\} ([\d.e+]+)/m);
const count = metric(metrics, /^leaksleuth_scrape_duration_seconds_count\{job="bench"\} ([\d.e+]+)/m);
const missed = metric(metrics, /^leaksleuth_scrape_iterations_missed_total\{job="bench"\} ([\d.e+]+)/m);
const durations = ts.map((t) => t.lastScrapeDuration * 1000).sort((a, b) => a - b);
const p = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];

console.log(`\n### Scrape cycle: ${targets} loopback targets × ${series} series, interval ${intervalS}s (Node ${process.version})\n`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| targets up | ${ts.filter((t) => t.health === 'up').length}/${targets} |`);
console.log(`| mean scrape latency (fetch+parse+append, incl. queueing) | ${((sum / count) * 1000).toFixed(1)} ms over ${count} scrapes |`);
console.log(`| scrape p50 / p99 (last cycle) | ${p(0.5).toFixed(1)} / ${p(0.99).toFixed(1)} ms |`);
console.log(`| samples ingested per cycle | ${targets * (series + 5)} |`);
const spans = cycleTimes.map((c) => (c.last - c.first) / 1000).sort((a, b) => a - b);
console.log(`| full cycle (first scrape start → last scrape end), median / max | ${spans.length ? spans[Math.floor(spans.length / 2)].toFixed(2) : '?'} / ${spans.length ? spans.at(-1).toFixed(2) : '?'} s of ${intervalS} s |`);
console.log(`| daemon CPU | ${(cpu * 100).toFixed(0)} % of one core (${(cpu * intervalS).toFixed(2)} s per ${intervalS} s cycle) |`);
console.log(`| missed scrape slots | ${missed || 0} |`);
console.log(`| daemon RSS | ${(rss / 2 ** 20).toFixed(0)} MiB (heap used ${(heap / 2 ** 20).toFixed(0)} MiB) |`);
console.log(`| store | ${storeSeries} series, ${storeSamples} samples, ${(storeBytes / 2 ** 20).toFixed(1)} MiB, ${(storeBytes / storeSamples).toFixed(2)} B/sample |`);
console.log(`| wall time | ${((Date.now() - started) / 1000).toFixed(0)} s, ${cycleTimes.length} full cycles observed |`);
daemon.kill('SIGTERM');
srv.kill('SIGTERM');
await new Promise((r) => daemon.on('exit', r));
