// footprint.bench: the daemon's own footprint beside a real Prometheus 2.42, same loopback targets,
// same rules, one after the other in one run. Prints, per scale: resident memory at the end and its
// peak, heap in use, CPU, the rule groups' evaluation time, and the ratios leaksleuth / Prometheus.
//
// Scales (pick any, default all four):
//   small5   5 Go-like targets × 200 series (1,000 in all), the shipped rule pack
//   small20  20 Go-like targets × 200 series (4,000), the shipped rule pack
//   big      200 targets × 1,000 series (200,000), one group of 1,000 alerting rules
//   bigpack  200 targets × 1,000 series (200,000), the shipped rule pack
//   history  in-process: the store with 24 h of raw + downsampled history for 20k series (manual
//            clock), bytes per series and per sample after each retention step and after a
//            snapshot restore (run with --expose-gc for the heap figures)
//
// A target serves a real client_golang payload (test/fixtures/exposition/client_golang.prom.txt)
// padded with counters to its series count; values change on every scrape. Both processes scrape
// every 15 s (rules every 15 s for the 1,000-rule group, the pack at its own 1 m).
// Build first (`npm run build`), then:  node bench/footprint.bench.mjs [seconds=150] [scales…]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 150);
const picked = args.filter((a) => !/^\d+$/.test(a));
const SCALES = {
  small5: { targets: 5, series: 200, rules: 'pack' },
  small20: { targets: 20, series: 200, rules: 'pack' },
  big: { targets: 200, series: 1000, rules: 'thousand' },
  bigpack: { targets: 200, series: 1000, rules: 'pack' },
};
const run = picked.length ? picked : [...Object.keys(SCALES), 'history'];
const GO_PAYLOAD = readFileSync('test/fixtures/exposition/client_golang.prom.txt', 'utf8');
const GO_SAMPLES = GO_PAYLOAD.split('\n').filter((l) => l && !l.startsWith('#')).length;
const MiB = 2 ** 20;

// ---- targets -------------------------------------------------------------------------------
async function startTargets(count, series) {
  const servers = [];
  const pad = Math.max(0, series - GO_SAMPLES);
  for (let t = 0; t < count; t++) {
    let n = 0;
    const srv = createServer((_req, res) => {
      n++;
      const lines = [GO_PAYLOAD.trimEnd()];
      for (let f = 0; f * 50 < pad; f++) {
        const name = `bench_metric_${f}_total`;
        lines.push(`# HELP ${name} Synthetic counter family ${f}.`, `# TYPE ${name} counter`);
        for (let i = 0; i < 50 && f * 50 + i < pad; i++) lines.push(`${name}{handler="/api/v${i % 7}/items",code="${200 + (i % 5)}",shard="${i}"} ${n * (i + 1) + t}`);
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(lines.join('\n') + '\n');
    });
    await new Promise((r) => srv.listen(0, '127.0.0.1', r));
    servers.push(srv);
  }
  return { addrs: servers.map((s) => `127.0.0.1:${s.address().port}`), close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))) };
}

// ---- rules ---------------------------------------------------------------------------------
// The 1,000-rule group of bench/rules.bench.mjs, over the scraped series: targets are spread over
// 100 jobs (two each at 200 targets), and each rule selects one job's series in one of five shapes
// that real memory alerts use, as that bench does.
const JOBS = 100;
function thousandRules() {
  let y = 'groups:\n  - name: bench\n    interval: 15s\n    rules:\n';
  for (let r = 0; r < 1000; r++) {
    const job = `job-${Math.floor(r / 5) % JOBS}`;
    const fam = `bench_metric_${r % 18}_total`;
    const expr = [
      `${fam}{job="${job}"} > 1e6`,
      `rate(${fam}{job="${job}"}[1m]) > 5`,
      `sum by (instance) (${fam}{job="${job}", code=~"20.*"}) > 1e5`,
      `avg_over_time(${fam}{job="${job}"}[1m]) > 1e6`,
      `max by (job) (${fam}{job="${job}"}) > 1e6`,
    ][r % 5];
    y += `      - alert: Bench${r}\n        expr: '${expr}'\n        for: 5m\n        labels: { severity: warning }\n`;
  }
  return y;
}

// scrapeConfigs spreads the targets over up to 100 jobs, round robin.
function scrapeConfigs(addrs) {
  const jobs = Math.min(JOBS, addrs.length);
  let y = 'scrape_configs:\n';
  for (let j = 0; j < jobs; j++) {
    const mine = addrs.filter((_, i) => i % jobs === j);
    y += `  - job_name: job-${j}\n    static_configs:\n      - targets: [${mine.map((a) => `"${a}"`).join(', ')}]\n`;
  }
  return y;
}

// ---- processes -----------------------------------------------------------------------------
function procStat(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((status.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')) ?? [])[1] ?? NaN) * 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), cpuS: (Number(f[11]) + Number(f[12])) / 100 };
}

async function metricsOf(url) {
  return (await fetch(url + '/metrics')).text();
}
function sumMetric(text, name) {
  let s = 0;
  let found = false;
  for (const l of text.split('\n')) {
    if (!l.startsWith(name + ' ') && !l.startsWith(name + '{')) continue;
    s += Number(l.slice(l.lastIndexOf(' ') + 1));
    found = true;
  }
  return found ? s : NaN;
}

async function waitReady(url, proc) {
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error('process exited');
    try {
      if ((await fetch(url + '/-/ready')).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('not ready');
}

async function measure(kind, scale, addrs, rulesFile) {
  const dir = mkdtempSync(join(tmpdir(), `footprint-${kind}-`));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const scrape = scrapeConfigs(addrs);
  let proc;
  let url;
  let logFile;
  if (kind === 'prometheus') {
    writeFileSync(join(dir, 'p.yml'), `global: { scrape_interval: 15s, scrape_timeout: 10s, evaluation_interval: 15s }\nrule_files: ["${rulesFile}"]\n${scrape}`);
    proc = spawn('prometheus', [`--config.file=${join(dir, 'p.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'], { stdio: 'ignore' });
    url = `http://127.0.0.1:${port}`;
  } else {
    // sample_limit 0: the bench measures holding 1,000 series per target, not refusing them.
    writeFileSync(
      join(dir, 'l.yaml'),
      `global: { scrape_interval: 15s, scrape_timeout: 10s, evaluation_interval: 15s, sample_limit: 0 }\nstorage: { data_dir: ${join(dir, 'data')}, keep_all_series: true, max_series: 1000000 }\n` +
        `cgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }\nrule_files: ["${rulesFile}"]\n${scrape}`,
    );
    // The daemon's log goes to a file, printed if the daemon dies during the measurement.
    logFile = join(tmpdir(), `footprint-leaksleuth-${port}.log`);
    proc = spawn(process.execPath, ['bin/leaksleuth.js', 'run', '--config', join(dir, 'l.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', openSync(logFile, 'w')] });
    url = `http://127.0.0.1:${port}`;
  }
  await waitReady(url, proc);
  const t0 = Date.now();
  const cpu0 = procStat(proc.pid).cpuS;
  const ruleTimes = [];
  while (Date.now() - t0 < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 5000));
    if (Date.now() - t0 > seconds * 500) {
      const m = await metricsOf(url);
      ruleTimes.push(sumMetric(m, kind === 'prometheus' ? 'prometheus_rule_group_last_duration_seconds' : 'leaksleuth_rule_group_last_duration_seconds'));
    }
  }
  if (proc.exitCode !== null || proc.signalCode !== null) {
    throw new Error(`${kind} exited during the run (${proc.exitCode ?? proc.signalCode})${logFile ? ':\n' + readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : ''}`);
  }
  const m = await metricsOf(url);
  const st = procStat(proc.pid);
  const heap = kind === 'prometheus' ? sumMetric(m, 'go_memstats_heap_inuse_bytes') : sumMetric(m, 'nodejs_heap_size_used_bytes');
  const up = kind === 'prometheus' ? undefined : sumMetric(m, 'leaksleuth_store_series');
  const cpu = (st.cpuS - cpu0) / ((Date.now() - t0) / 1000);
  proc.kill('SIGKILL');
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  rmSync(dir, { recursive: true, force: true });
  const rt = ruleTimes.filter((x) => x === x).sort((a, b) => a - b);
  return { rss: st.rss, hwm: st.hwm, heap, cpu, rule: rt.length ? rt[Math.floor(rt.length / 2)] : NaN, series: up };
}

const fmt = (b) => `${(b / MiB).toFixed(0)} MiB`;
const ratio = (a, b) => (a === a && b === b && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

console.log(`\n### footprint: leaksleuth vs Prometheus ${execFileSync('prometheus', ['--version']).toString().match(/version (\S+)/)?.[1] ?? '?'}, ${seconds} s per process, Node ${process.version}\n`);
console.log('| scale | measure | Prometheus | leaksleuth | ratio |');
console.log('|---|---|---|---|---|');
for (const name of run.filter((n) => n in SCALES)) {
  const sc = SCALES[name];
  const tg = await startTargets(sc.targets, sc.series);
  const rulesDir = mkdtempSync(join(tmpdir(), 'footprint-rules-'));
  const rulesFile = sc.rules === 'pack' ? resolve('rules/go-memory.yaml') : join(rulesDir, 'thousand.yaml');
  if (sc.rules !== 'pack') writeFileSync(rulesFile, thousandRules());
  const loadBefore = load();
  const p = await measure('prometheus', sc, tg.addrs, rulesFile);
  const l = await measure('leaksleuth', sc, tg.addrs, rulesFile);
  await tg.close();
  rmSync(rulesDir, { recursive: true, force: true });
  const label = `${name} (${sc.targets}×${sc.series}, ${sc.rules === 'pack' ? 'shipped pack' : '1,000 rules'}; load ${loadBefore})`;
  console.log(`| ${label} | RSS at end | ${fmt(p.rss)} | ${fmt(l.rss)} | ${ratio(l.rss, p.rss)} |`);
  console.log(`| | RSS peak | ${fmt(p.hwm)} | ${fmt(l.hwm)} | ${ratio(l.hwm, p.hwm)} |`);
  console.log(`| | heap in use | ${fmt(p.heap)} | ${fmt(l.heap)} | ${ratio(l.heap, p.heap)} |`);
  console.log(`| | CPU | ${p.cpu.toFixed(3)} cores | ${l.cpu.toFixed(3)} cores | ${ratio(l.cpu, p.cpu)} |`);
  console.log(`| | rule evaluation (median, all groups) | ${(p.rule * 1000).toFixed(1)} ms | ${(l.rule * 1000).toFixed(1)} ms | ${ratio(l.rule, p.rule)} |`);
}

if (run.includes('history')) {
  const { MemoryStore } = await import('../dist/store/memory.js');
  const { saveSnapshot, loadSnapshot } = await import('../dist/store/snapshot.js');
  const gc = globalThis.gc ?? (() => {});
  // The store's chunks live in ArrayBuffers, outside V8's heapUsed: count both.
  const heapUsed = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const SERIES = 20_000;
  const STEP = 15_000;
  const H = 3_600_000;
  const base = heapUsed();
  let store = new MemoryStore({});
  const labels = Array.from({ length: SERIES }, (_, i) => Object.freeze({ __name__: `hist_metric_${i % 40}`, job: 'bench', instance: `host-${Math.floor(i / 40)}:9100`, code: String(200 + (i % 5)) }));
  console.log(`\n### store with 24 h of history, ${SERIES} series at 15 s (raw 3 h, then the default tiers: 5 m buckets for a day, 1 h after)\n`);
  console.log('| after | series | raw samples held | store bytes (its accounting) | heap + buffers Δ | B/series | B/raw sample held |');
  console.log('|---|---|---|---|---|---|---|');
  let t = 0;
  let rng = 42;
  const last = new Float64Array(SERIES).fill(50e6);
  const row = (what) => {
    const s = store.stats();
    const h = heapUsed() - base;
    console.log(`| ${what} | ${s.series} | ${s.samples} | ${fmt(s.bytes)} | ${fmt(h)} | ${(h / s.series).toFixed(0)} | ${(h / s.samples).toFixed(2)} |`);
  };
  for (let hour = 1; hour <= 24; hour++) {
    for (; t < hour * H; t += STEP) {
      for (let i = 0; i < SERIES; i++) {
        // Realistic value kinds, as a Go service exposes them: a third counters with jittered
        // increments, a third byte gauges in a random walk, a third small integer gauges.
        rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
        const r = rng / 2 ** 32;
        const kind = i % 3;
        last[i] = kind === 0 ? last[i] + Math.floor(r * 100) : kind === 1 ? Math.max(0, last[i] + Math.round((r - 0.5) * 65536)) : Math.floor(r * 50);
        store.append(labels[i], t, last[i]);
      }
    }
    store.compact(t);
    if (hour === 2 || hour === 3 || hour === 6 || hour === 12 || hour === 24) row(`${hour} h, compacted`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'footprint-snap-'));
  await saveSnapshot(store, dir);
  const restored = await loadSnapshot(dir, {});
  const s = restored.stats();
  const h = heapUsed() - base;
  console.log(`| after a snapshot save + restore (both stores live) | ${s.series} | ${s.samples} | ${fmt(s.bytes)} | ${fmt(h)} | — | — |`);
  store = undefined; // drop the original: what remains is the restored store alone
  const alone = heapUsed() - base;
  console.log(`| the restored store alone | ${s.series} | ${s.samples} | ${fmt(s.bytes)} | ${fmt(alone)} | ${(alone / s.series).toFixed(0)} | ${(alone / s.samples).toFixed(2)} |`);
  rmSync(dir, { recursive: true, force: true });
}
