// store.bench: append throughput, memory per sample and select latency of MemoryStore.
// Build first (`npx tsc -p tsconfig.build.json`), then: node --expose-gc bench/store.bench.mjs [series...]
// Data: 2 h of 15 s scrapes per series (480 samples), timestamps on the scrape grid as Prometheus
// stamps them. Value mix per series index i (i % 20), chosen to look like a Go service's /metrics:
//   45 % constant (info metrics, limits, idle histogram buckets)
//   25 % counters with integer increments 0..4095 per scrape (requests, bytes, GC cycles)
//   25 % integer gauges: random walk of ±16 KiB around 64 MiB (heap bytes, RSS)
//    5 % float gauges with full-precision jitter (CPU seconds, ratios): the worst case for XOR
// The proportions were checked against the recorded Go services in test/fixtures/diagnose/*/recording
// (client_golang 1.14 plus cgroup series, 110-176 series each): 39-55 % of series never change,
// 39-56 % are integer-valued, 5-6 % carry fractional values. The mix used to have 40 % constant and
// 10 % float; the float share was twice what the recordings show, so one float slot in 20 became
// constant. Step sizes are unchanged and still harsh: the recordings' integer steps spread from 1 to
// 25 bits, and many of their integer series (counters of rare events) change on few scrapes, which
// this mix does not model (every counter and gauge here changes on every scrape).
import console from 'node:console';
import process from 'node:process';
import { MemoryStore } from '../dist/store/memory.js';

const gc = globalThis.gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

const STEP = 15_000;
// 2 h is 480 samples, exactly four closed chunks of 120 and an empty head chunk. Closed chunks of
// integers are packed (src/store/chunk-pack.ts) while the head is not, so STORE_BENCH_SAMPLES=450 or
// 540 measures a store caught with its head chunks part full.
const SAMPLES = Number(process.env.STORE_BENCH_SAMPLES ?? (2 * 3600_000) / STEP);
const T0 = 1_700_000_040_000;
const METRICS = 1000; // distinct __name__ values for the series beyond the first 1k

function kindOf(i) {
  const k = i % 20;
  if (k < 9) return 'constant';
  if (k < 14) return 'counter';
  if (k < 19) return 'gauge';
  return 'float';
}

// 1k series share the name `bench_shared` so the "__name__ matching 1k series" select has a target;
// the rest spread over METRICS names.
function labelsFor(i) {
  return Object.freeze({
    __name__: i < 1000 ? 'bench_shared' : `bench_metric_${i % METRICS}`,
    instance: `10.0.${(i >> 8) & 255}.${i & 255}:8080`,
    job: 'go-service',
    kind: kindOf(i),
    series: String(i),
  });
}

function makeGen(i) {
  let seed = (i * 2654435761) >>> 0 || 1;
  const rnd = () => {
    seed ^= seed << 13;
    seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    return seed / 4294967296;
  };
  const kind = kindOf(i);
  let v = kind === 'counter' ? Math.floor(rnd() * 1e9) : kind === 'gauge' ? 64 * 2 ** 20 : kind === 'float' ? 100 * rnd() : 1 + (i % 7);
  return () => {
    if (kind === 'counter') v += Math.floor(rnd() * 4096);
    else if (kind === 'gauge') v += Math.floor((rnd() - 0.5) * 32768);
    else if (kind === 'float') v = 100 + rnd() * 5;
    return v;
  };
}

const holder = [];

function heap() {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function run(n) {
  const labels = Array.from({ length: n }, (_, i) => labelsFor(i));
  const gens = labels.map((_, i) => makeGen(i));
  // Values are generated up front so the timing covers the store only.
  const values = new Float64Array(n * SAMPLES);
  for (let s = 0; s < SAMPLES; s++) for (let i = 0; i < n; i++) values[s * n + i] = gens[i]();
  const base = heap();
  const store = new MemoryStore();
  const t0 = process.hrtime.bigint();
  for (let s = 0; s < SAMPLES; s++) {
    const t = T0 + s * STEP;
    for (let i = 0; i < n; i++) store.append(labels[i], t, values[s * n + i]);
  }
  const appendNs = Number(process.hrtime.bigint() - t0);
  const st = store.stats();
  const used = heap() - base;
  // Keep the inputs reachable until after the measurement, or GC frees them and the delta goes negative.
  holder.push(values, labels);

  const mint = T0;
  const maxt = T0 + SAMPLES * STEP;
  const one = [{ name: '__name__', type: '=', value: 'bench_shared' }, { name: 'series', type: '=', value: '7' }];
  const many = [{ name: '__name__', type: '=', value: 'bench_shared' }];
  // Median of the repetitions, not the mean: the bench machine's cores are shared, and a mean is
  // dominated by whichever repetitions lost the CPU to another process.
  const time = (ms, reps) => {
    store.select(ms, mint, maxt);
    const each = [];
    let got = 0;
    for (let r = 0; r < reps; r++) {
      const a = process.hrtime.bigint();
      got = store.select(ms, mint, maxt).length;
      each.push(Number(process.hrtime.bigint() - a) / 1e6);
    }
    each.sort((x, y) => x - y);
    return { ms: each[each.length >> 1], got };
  };
  const sel1 = time(one, 200);
  const selMany = time(many, 20);
  // Bytes per sample by kind, from the chunk buffers alone.
  const perKind = {};
  let chunkBytes = 0;
  for (const s of store.allSeries()) {
    chunkBytes += s.raw.byteSize;
    const k = s.labels.kind;
    const e = (perKind[k] ??= { bytes: 0, samples: 0 });
    e.bytes += s.raw.byteSize;
    e.samples += s.raw.count;
  }
  return {
    n,
    samples: st.samples,
    rate: st.samples / (appendNs / 1e9),
    statsBps: st.bytes / st.samples,
    chunkBps: chunkBytes / st.samples,
    heapBps: used / st.samples,
    sel1: sel1.ms,
    selMany: selMany.ms,
    selManyGot: selMany.got,
    perKind,
    keep: store,
  };
}

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
const rows = [];
for (const n of sizes.length ? sizes : [1000, 10_000, 20_000]) {
  const r = run(n);
  r.keep = null;
  holder.length = 0;
  rows.push(r);
}
console.log(`MemoryStore, 2 h at 15 s (${SAMPLES} samples/series), node ${process.version}\n`);
console.log('| series | samples | append (samples/s) | bytes/sample (chunks only) | bytes/sample (stats) | bytes/sample (heap Δ after GC) | select 1 series (ms) | select __name__ → 1k series (ms) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.n.toLocaleString('en')} | ${r.samples.toLocaleString('en')} | ${Math.round(r.rate).toLocaleString('en')} | ${r.chunkBps.toFixed(2)} | ${r.statsBps.toFixed(2)} | ${r.heapBps.toFixed(2)} | ${r.sel1.toFixed(3)} | ${r.selMany.toFixed(1)} (${r.selManyGot} series) |`,
  );
}
const last = rows[rows.length - 1];
console.log('\nChunk bytes/sample by value kind (largest run): ' + Object.entries(last.perKind).map(([k, e]) => `${k} ${(e.bytes / e.samples).toFixed(2)}`).join(', '));
