// footprint-breakdown.bench: where the daemon's memory goes. Runs the daemon in this process
// against loopback targets (the footprint bench's Go-like payloads), then prints V8's heap spaces,
// the process' resident memory by kind (smaps_rollup), the store's own accounting, and a heap
// snapshot summed by constructor (strings, arrays, label objects, series, chunks, caches…).
// Build first (`npm run build`), then:
//   node bench/footprint-breakdown.bench.mjs [targets=200] [series=1000] [seconds=75] [rules=FILE]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';

const [targets = 200, series = 1000, seconds = 75] = process.argv.slice(2, 5).map(Number);
const rules = process.argv[5] ?? resolve('rules/go-memory.yaml');
const { Daemon } = await import('../dist/daemon.js');
const { createLogger } = await import('../dist/core/log.js');
const GO = readFileSync('test/fixtures/exposition/client_golang.prom.txt', 'utf8').trimEnd();
const GO_SAMPLES = GO.split('\n').filter((l) => l && !l.startsWith('#')).length;
const MiB = 2 ** 20;

const servers = [];
for (let t = 0; t < targets; t++) {
  let n = 0;
  const pad = Math.max(0, series - GO_SAMPLES);
  const srv = createServer((_q, res) => {
    n++;
    const lines = [GO];
    for (let f = 0; f * 50 < pad; f++) {
      const name = `bench_metric_${f}_total`;
      lines.push(`# HELP ${name} Synthetic counter family ${f}.`, `# TYPE ${name} counter`);
      for (let i = 0; i < 50 && f * 50 + i < pad; i++) lines.push(`${name}{handler="/api/v${i % 7}/items",code="${200 + (i % 5)}",shard="${i}"} ${n * (i + 1) + t}`);
    }
    res.end(lines.join('\n') + '\n');
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  servers.push(srv);
}
const dir = mkdtempSync(join(tmpdir(), 'breakdown-'));
writeFileSync(
  join(dir, 'l.yaml'),
  `global: { scrape_interval: 15s, scrape_timeout: 10s, evaluation_interval: 15s, sample_limit: 0 }\nstorage: { data_dir: ${dir}/data, keep_all_series: true, max_series: 1000000 }\n` +
    `cgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }\nrule_files: ["${rules}"]\nscrape_configs:\n  - job_name: bench\n    static_configs: [{ targets: [${servers.map((s) => `"127.0.0.1:${s.address().port}"`)}] }]\n`,
);
const daemon = await Daemon.start({ configPath: join(dir, 'l.yaml'), listen: '127.0.0.1:0', log: createLogger('error'), env: process.env });
await new Promise((r) => setTimeout(r, seconds * 1000));
// Stop the target servers' side of the load before measuring: what is left is the daemon's.
const mu = process.memoryUsage();
console.log(`\n### memory breakdown: ${targets} targets × ${series} series, ${seconds} s (daemon in-process with the target servers)\n`);
console.log(`process: rss ${(mu.rss / MiB).toFixed(0)} MiB, heapTotal ${(mu.heapTotal / MiB).toFixed(0)}, heapUsed ${(mu.heapUsed / MiB).toFixed(0)}, external ${(mu.external / MiB).toFixed(0)}, arrayBuffers ${(mu.arrayBuffers / MiB).toFixed(0)}`);
const smaps = readFileSync('/proc/self/smaps_rollup', 'utf8');
console.log('smaps_rollup:', ['Rss', 'Anonymous', 'Pss_File'].map((k) => `${k} ${(Number(smaps.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1] ?? 0) / 1024).toFixed(0)} MiB`).join(', '));
console.log('\n| V8 space | size MiB | used MiB |\n|---|---|---|');
for (const s of v8.getHeapSpaceStatistics()) if (s.space_size > 0) console.log(`| ${s.space_name} | ${(s.space_size / MiB).toFixed(1)} | ${(s.space_used_size / MiB).toFixed(1)} |`);
const storeStats = await (await fetch(`http://${daemon.address}/metrics`)).text();
const pick = (n) => Number(storeStats.match(new RegExp(`^${n} (\\S+)`, 'm'))?.[1] ?? NaN);
console.log(`\nstore: ${pick('leaksleuth_store_series')} series, ${pick('leaksleuth_store_samples')} samples, ${(pick('leaksleuth_store_bytes') / MiB).toFixed(1)} MiB by its own accounting`);

const file = v8.writeHeapSnapshot(join(dir, 'daemon.heapsnapshot'));
await daemon.stop();
for (const s of servers) s.close();
const snap = JSON.parse(readFileSync(file, 'utf8'));
const meta = snap.snapshot.meta;
const nf = meta.node_fields.length;
const types = meta.node_types[0];
const [iT, iN, iS] = ['type', 'name', 'self_size'].map((f) => meta.node_fields.indexOf(f));
const agg = new Map();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += nf) {
  const type = types[snap.nodes[i + iT]];
  let name = snap.strings[snap.nodes[i + iN]];
  if (/string/.test(type)) name = type;
  else if (type === 'code' || type === 'closure') name = `(${type})`;
  else if (type === 'array') name = `(array) ${name}`;
  else if (type === 'hidden' || type === 'object shape') name = `(${type}) ${name}`;
  const a = agg.get(name) ?? [0, 0];
  a[0] += snap.nodes[i + iS];
  a[1]++;
  agg.set(name, a);
  total += snap.nodes[i + iS];
}
console.log(`\nheap snapshot: ${(total / MiB).toFixed(1)} MiB live\n\n| constructor / kind | MiB | count |\n|---|---|---|`);
for (const [k, [b, c]] of [...agg].sort((x, y) => y[1][0] - x[1][0]).slice(0, 18)) console.log(`| ${k.slice(0, 60).replace(/\|/g, '\\|')} | ${(b / MiB).toFixed(1)} | ${c} |`);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
