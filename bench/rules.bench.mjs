// rules.bench: one group of 1,000 alerting rules over 100k series, evaluated by leaksleuth's rules
// engine and, in the same run on the same samples, by a real Prometheus (read from its own
// prometheus_rule_group_last_duration_seconds). Prints a table.
// Build first (`npx tsc -p tsconfig.build.json`), then: node bench/rules.bench.mjs [series] [rules]
// Data: `bench_mem_bytes{job="job-J", instance="inst-I"}`, 100 jobs × (series/100) instances, one
// sample every 15 s from 1 min before "now" to 2 min after it, so whenever Prometheus evaluates
// (at its own wall-clock slots) its windows hold the same samples ours do at "now".
// Rules cycle through five shapes that real memory alerts use (threshold, rate, sum by, *_over_time,
// max by), each selecting one job (series/100 series), with thresholds that make ~1 % fire.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { MemoryStore } from '../dist/store/memory.js';
import { RuleGroup, engineQueryFn } from '../dist/rules/index.js';

const SERIES = Number(process.argv[2] ?? 100_000);
const RULES = Number(process.argv[3] ?? 1000);
const JOBS = 100;
const PER_JOB = Math.ceil(SERIES / JOBS);
const STEP = 15_000;
const SAMPLES = 13;
const CYCLES = 5;
const now = Math.floor(Date.now() / 1000) * 1000;
const tEnd = now + 120_000;

function value(j, i, k) {
  // Steady growth per series; instance 0 of every job grows 100× faster so rate/threshold rules fire for ~1 %.
  const base = 50e6 + ((j * 7919 + i * 104729) % 1_000_000);
  const slope = i % 100 === 0 ? 100_000 : 1_000;
  return base + slope * k;
}

function ruleExpr(r) {
  const job = `job-${Math.floor(r / 5) % JOBS}`;
  switch (r % 5) {
    case 0: return `bench_mem_bytes{job="${job}"} > 50.9e6 + 300000`;
    case 1: return `rate(bench_mem_bytes{job="${job}"}[1m]) > 1000`;
    case 2: return `sum by (instance) (bench_mem_bytes{job="${job}", instance=~"inst-.*0"}) > 51.2e6`;
    case 3: return `avg_over_time(bench_mem_bytes{job="${job}"}[1m]) > 51e6`;
    default: return `max by (job) (bench_mem_bytes{job="${job}"}) > 51.3e6`;
  }
}

function rulesYaml(intervalS) {
  let y = `groups:\n  - name: bench\n    interval: ${intervalS}s\n    rules:\n`;
  for (let r = 0; r < RULES; r++) {
    y += `      - alert: Bench${r}\n        expr: '${ruleExpr(r)}'\n        for: 5m\n        labels: { severity: warning }\n`;
  }
  return y;
}

async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = srv.address().port;
  srv.close();
  return port;
}

async function writeOpenMetrics(file) {
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? undefined : once(out, 'drain'));
  await write('# TYPE bench_mem_bytes gauge\n');
  for (let j = 0; j < JOBS; j++) {
    let buf = '';
    for (let i = 0; i < PER_JOB; i++) {
      for (let k = 0; k < SAMPLES; k++) {
        const t = tEnd - (SAMPLES - 1 - k) * STEP;
        buf += `bench_mem_bytes{job="job-${j}",instance="inst-${i}"} ${value(j, i, k)} ${(t / 1000).toFixed(3)}\n`;
      }
    }
    await write(buf);
  }
  out.end('# EOF\n');
  await once(out, 'finish');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function benchOurs(promRules) {
  const store = new MemoryStore({ rawRetentionMs: 24 * 3600_000 });
  const t0 = performance.now();
  for (let j = 0; j < JOBS; j++) {
    for (let i = 0; i < PER_JOB; i++) {
      const labels = Object.freeze({ __name__: 'bench_mem_bytes', job: `job-${j}`, instance: `inst-${i}` });
      for (let k = 0; k < SAMPLES; k++) store.append(labels, tEnd - (SAMPLES - 1 - k) * STEP, value(j, i, k));
    }
  }
  const loadMs = performance.now() - t0;
  const rules = [];
  for (let r = 0; r < RULES; r++) {
    rules.push({ kind: 'alerting', name: `Bench${r}`, expr: ruleExpr(r), forMs: 300_000, keepFiringForMs: 0, labels: { severity: 'warning' }, annotations: {} });
  }
  const group = new RuleGroup(
    { name: 'bench', file: 'bench.yaml', intervalMs: 15_000, queryOffsetMs: 0, limit: 0, labels: {}, rules },
    { query: engineQueryFn(store), appender: store },
  );
  const durations = [];
  for (let c = 0; c < CYCLES; c++) {
    await group.evaluate(now + c * 1000);
    durations.push(group.evaluationTimeMs);
  }
  const alerts = group.rules.reduce((n, r) => n + r.active.size, 0);
  const errors = group.rules.filter((r) => r.health === 'err').map((r) => `${r.def.name}: ${r.lastError}`);
  // Cross-check: each rule's expression must return as many series as Prometheus' query API did at `now`.
  let agree = 0;
  const disagree = [];
  if (promRules) {
    const query = engineQueryFn(store);
    for (const pr of promRules) {
      const r = rules.find((x) => x.name === pr.name);
      const n = (await query(r.expr, pr.ts)).length;
      if (n === pr.results) agree++;
      else disagree.push(`${pr.name} @${pr.ts}: ours ${n}, prometheus ${pr.results}`);
    }
  }
  return { loadMs, durations, alerts, errors, agree, disagree, heapMB: process.memoryUsage().heapUsed / 2 ** 20 };
}

async function benchPrometheus(dir) {
  const om = join(dir, 'data.om');
  await writeOpenMetrics(om);
  const data = join(dir, 'data');
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, data], { stdio: 'ignore' });
  writeFileSync(join(dir, 'rules.yaml'), rulesYaml(5));
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  evaluation_interval: 5s\nrule_files: [rules.yaml]\n`);
  const port = await freePort();
  const proc = spawn('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y', '--log.level=error',
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 120_000;
    const durations = [];
    let lastIter = 0;
    while (Date.now() < deadline && durations.length < CYCLES) {
      await new Promise((r) => setTimeout(r, 1000));
      let text;
      try {
        text = await (await fetch(`${base}/metrics`)).text();
      } catch {
        continue;
      }
      const iter = Number(/prometheus_rule_group_iterations_total\{rule_group="[^"]*;bench"\} (\S+)/.exec(text)?.[1] ?? 0);
      const dur = Number(/prometheus_rule_group_last_duration_seconds\{rule_group="[^"]*;bench"\} (\S+)/.exec(text)?.[1] ?? 0);
      if (iter > lastIter && dur > 0) {
        durations.push(dur * 1000);
        lastIter = iter;
      }
    }
    // Cross-check input: each rule's expression through Prometheus' query API at the fixed time `now`
    // (rule evaluation times cannot be matched exactly: its API reports wall-clock rule times).
    const api = await (await fetch(`${base}/api/v1/rules`)).json();
    const perRule = [];
    for (let r = 0; r < RULES; r++) {
      const u = `${base}/api/v1/query?query=${encodeURIComponent(ruleExpr(r))}&time=${now / 1000}`;
      const res = await (await fetch(u)).json();
      perRule.push({ name: `Bench${r}`, ts: now, results: res.data.result.length });
    }
    const alerts = api.data.groups[0].rules.reduce((n, r) => n + r.alerts.length, 0);
    const missed = /prometheus_rule_group_iterations_missed_total\{rule_group="[^"]*;bench"\} (\S+)/.exec(await (await fetch(`${base}/metrics`)).text())?.[1];
    return { durations, alerts, perRule, missed };
  } finally {
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rules-bench-'));
try {
  const hasProm = (() => {
    try {
      execFileSync('prometheus', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const prom = hasProm ? await benchPrometheus(dir) : undefined;
  const ours = await benchOurs(prom?.perRule);
  if (ours.errors.length) console.error('rule errors:', ours.errors.slice(0, 5));
  if (prom) console.log(`result cross-check (each rule's expr at the same instant via Prometheus' query API): ${ours.agree}/${prom.perRule.length} rules agree` + (ours.disagree.length ? `; e.g. ${ours.disagree.slice(0, 3).join('; ')}` : ''));
  const rows = [
    ['engine', 'series', 'rules', 'eval/cycle median (ms)', 'min (ms)', 'cycles', 'active alerts (own eval time)'],
    ['leaksleuth', SERIES, RULES, median(ours.durations.slice(1)).toFixed(1), Math.min(...ours.durations.slice(1)).toFixed(1), ours.durations.length - 1, ours.alerts],
  ];
  if (prom) rows.push(['prometheus 2.42', SERIES, RULES, prom.durations.length ? median(prom.durations).toFixed(1) : 'n/a', prom.durations.length ? Math.min(...prom.durations).toFixed(1) : 'n/a', prom.durations.length, prom.alerts]);
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [n, r] of rows.entries()) {
    console.log('| ' + r.map((x, c) => String(x).padEnd(w[c])).join(' | ') + ' |');
    if (n === 0) console.log('|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|');
  }
  console.log(`leaksleuth: first cycle ${ours.durations[0].toFixed(1)} ms (cold), load ${ours.loadMs.toFixed(0)} ms, heap ${ours.heapMB.toFixed(0)} MiB` + (prom ? `; prometheus missed iterations: ${prom.missed ?? 0}` : '; prometheus not found'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
