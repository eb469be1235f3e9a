#!/usr/bin/env node
// diagnose.bench: runs the recorded corpus through the compiled diagnosis (dist/) and through a naive
// baseline of common alert rules computed the way Prometheus computes them, replaying each recording
// prefix by prefix. Prints a confusion matrix, detection delay after onset, false leak alarms on
// look-alikes, and the cost of one diagnosis. Build first: npm run build.
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../dist/diagnose/corpus.js';
import { diagnose } from '../dist/diagnose/diagnose.js';
import { windowFromRecording } from '../dist/diagnose/recording.js';
import { one, sliceWindow, windowFromSeries } from '../dist/diagnose/window.js';
import { LEAK_VERDICTS, VERDICTS } from '../dist/model/finding.js';

// An optional directory argument runs another corpus, e.g. fresh recordings made with
// `scripts/record/record.mjs --args …` that the detectors were never tuned on.
const dir = process.argv[2] ?? fileURLToPath(new URL('../test/fixtures/diagnose', import.meta.url));
const STEP = Number(process.env.STEP_MS ?? 30_000);
const corpus = loadCorpus(dir);
if (corpus.length === 0) {
  console.error('no recordings under test/fixtures/diagnose');
  process.exit(1);
}

// ---- naive baseline, as Prometheus would evaluate it -------------------------------------------
/** samples of series s in (t − range, t] (Prometheus range selectors are left-open). */
function range(s, t, rangeMs) {
  const xs = [];
  const vs = [];
  if (!s) return { xs, vs };
  for (let i = 0; i < s.t.length; i++) if (s.t[i] > t - rangeMs && s.t[i] <= t) { xs.push(s.t[i]); vs.push(s.v[i]); }
  return { xs, vs };
}
/** instant value with the 5-minute lookback. */
function instant(s, t) {
  if (!s) return undefined;
  for (let i = s.t.length - 1; i >= 0; i--) if (s.t[i] <= t) return t - s.t[i] <= 300_000 ? s.v[i] : undefined;
  return undefined;
}
/** least squares slope (per second) and intercept at t, as deriv()/predict_linear() do. */
function lsq(xs, vs, t) {
  const n = xs.length;
  if (n < 2) return undefined;
  let sx = 0, sy = 0, sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { const x = (xs[i] - t) / 1000; sx += x; sy += vs[i]; sxy += x * vs[i]; sxx += x * x; }
  const cov = sxy - (sx * sy) / n;
  const vr = sxx - (sx * sx) / n;
  const slope = cov / vr;
  return { slope, intercept: sy / n - (slope * sx) / n };
}
/** increase() with counter-reset handling and Prometheus's boundary extrapolation. */
function increase(xs, vs, t, rangeMs) {
  if (xs.length < 2) return undefined;
  let inc = 0;
  for (let i = 1; i < vs.length; i++) inc += vs[i] >= vs[i - 1] ? vs[i] - vs[i - 1] : vs[i];
  const sampled = (xs[xs.length - 1] - xs[0]) / 1000;
  const avg = sampled / (xs.length - 1);
  let toStart = (xs[0] - (t - rangeMs)) / 1000;
  let toEnd = (t - xs[xs.length - 1]) / 1000;
  if (toStart >= avg * 1.1) toStart = avg / 2;
  if (toEnd >= avg * 1.1) toEnd = avg / 2;
  return (inc * (sampled + toStart + toEnd)) / sampled;
}
const MiB = 1024 * 1024;
const RULES = [
  { name: 'usage/limit>0.8', forMs: 5 * 60_000, expr: (w, t) => { const u = instant(one(w, 'container_memory_usage_bytes'), t); const l = instant(one(w, 'container_spec_memory_limit_bytes'), t); return u !== undefined && l ? u / l > 0.8 : false; } },
  { name: 'predict_linear(usage[30m],4h)>limit', forMs: 5 * 60_000, expr: (w, t) => { const { xs, vs } = range(one(w, 'container_memory_usage_bytes'), t, 30 * 60_000); const f = lsq(xs, vs, t); const l = instant(one(w, 'container_spec_memory_limit_bytes'), t); return f && l ? f.intercept + f.slope * 4 * 3600 > l : false; } },
  { name: 'deriv(go_goroutines[10m])>0', forMs: 10 * 60_000, expr: (w, t) => { const { xs, vs } = range(one(w, 'go_goroutines'), t, 10 * 60_000); const f = lsq(xs, vs, t); return f ? f.slope > 0 : false; } },
  { name: 'increase(rss[30m])>64MiB', forMs: 5 * 60_000, expr: (w, t) => { const { xs, vs } = range(one(w, 'process_resident_memory_bytes'), t, 30 * 60_000); const inc = increase(xs, vs, t, 30 * 60_000); return inc !== undefined && inc > 64 * MiB; } },
];
/** evaluates every rule every 15 s (a typical evaluation interval) with `for` semantics; first fire times. */
function baseline(w, until) {
  const fired = {};
  const since = {};
  for (let t = w.start; t <= until; t += 15_000) {
    for (const r of RULES) {
      if (r.expr(w, t)) { since[r.name] ??= t; if (t - since[r.name] >= r.forMs) fired[r.name] ??= t; }
      else delete since[r.name];
    }
  }
  return fired;
}

// ---- run ---------------------------------------------------------------------------------------
const matrix = new Map(); // expected -> got -> count
const rows = [];
let calls = 0;
let callMs = 0;
for (const { meta, text } of corpus) {
  const w = windowFromRecording(text);
  const t0 = performance.now();
  const full = diagnose(w);
  callMs += performance.now() - t0;
  calls++;
  const ok = [meta.expected, ...meta.acceptable].includes(full.verdict);
  const m = matrix.get(meta.expected) ?? new Map();
  m.set(full.verdict, (m.get(full.verdict) ?? 0) + 1);
  matrix.set(meta.expected, m);
  let firstLeak;
  let leakPrefixes = 0;
  let prefixes = 0;
  for (let end = w.start + STEP; end <= w.end; end += STEP) {
    const s = performance.now();
    const d = diagnose(sliceWindow(w, w.start, end));
    callMs += performance.now() - s;
    calls++;
    prefixes++;
    if (LEAK_VERDICTS.has(d.verdict)) { leakPrefixes++; firstLeak ??= end; }
  }
  // the baseline sees the same data minus the first 90 s (the warm-up leaksleuth also skips), so
  // its alerts are not just the process starting from zero
  const fired = baseline(sliceWindow(w, w.start + 90_000, w.end), w.end);
  const firstBase = Object.values(fired).length ? Math.min(...Object.values(fired)) : undefined;
  rows.push({ meta, verdict: full.verdict, ok, firstLeak, leakPrefixes, prefixes, fired, firstBase });
}

const isLeak = (v) => LEAK_VERDICTS.has(v);
const fmtDelay = (t, onset) => (t === undefined ? 'never' : `${((t - onset) / 60_000).toFixed(1)} min`);
console.log(`\nleaksleuth diagnosis benchmark — ${corpus.length} recordings, prefixes every ${STEP / 1000}s\n`);
console.log('| scenario | expected | verdict | ok | leak verdicts at prefixes | delay after onset | baseline first alert | baseline rules that fired |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const lookalike = !isLeak(r.meta.expected);
  console.log(`| ${r.meta.scenario} | ${r.meta.expected} | ${r.verdict} | ${r.ok ? 'yes' : 'NO'} | ${r.leakPrefixes}/${r.prefixes} | ${lookalike ? '—' : fmtDelay(r.firstLeak, r.meta.onset)} | ${fmtDelay(r.firstBase, r.meta.onset)} | ${Object.keys(r.fired).join(', ') || '—'} |`);
}
console.log('\nconfusion matrix (rows: expected, columns: verdict on the whole recording)');
const cols = VERDICTS.filter((v) => [...matrix.values()].some((m) => m.has(v)) || matrix.has(v));
console.log(['expected \\ got', ...cols].join(' | '));
for (const [exp, m] of matrix) console.log([exp, ...cols.map((c) => String(m.get(c) ?? 0))].join(' | '));
const looks = rows.filter((r) => !isLeak(r.meta.expected));
const leaks = rows.filter((r) => isLeak(r.meta.expected));
console.log(`\nleaksleuth: ${rows.filter((r) => r.ok).length}/${rows.length} right; look-alikes with any leak verdict at any prefix: ${looks.filter((r) => r.leakPrefixes > 0).length}/${looks.length}; leaks flagged: ${leaks.filter((r) => r.firstLeak !== undefined).length}/${leaks.length}`);
console.log(`baseline:   look-alikes that alerted: ${looks.filter((r) => r.firstBase !== undefined).length}/${looks.length}; leaks alerted: ${leaks.filter((r) => r.firstBase !== undefined).length}/${leaks.length}`);
console.log(`cost: ${calls} diagnoses, ${(callMs / calls).toFixed(2)} ms per diagnosis on average\n`);

// ---- cost on a daemon-sized window: 6 h at a 15 s scrape, a leaking heap with a sawtooth ----------
{
  const STEP_S = 15_000;
  const n = (6 * 3600_000) / STEP_S;
  const T0 = 1_700_000_000_000;
  const target = { job: 'bench', instance: 'x:1' };
  const t = Array.from({ length: n }, (_, i) => T0 + i * STEP_S);
  const live = (i) => (20 + i * 0.01) * MiB;
  const gens = {
    go_memstats_heap_alloc_bytes: (i) => live(i) * (1 + (i % 4) / 4),
    go_memstats_next_gc_bytes: (i) => 2 * live(i),
    go_memstats_heap_inuse_bytes: (i) => live(i) * (1.1 + (i % 4) / 4),
    go_memstats_heap_idle_bytes: () => 8 * MiB,
    go_memstats_heap_released_bytes: () => 6 * MiB,
    go_memstats_sys_bytes: (i) => 3 * live(i) + 20 * MiB,
    go_memstats_stack_inuse_bytes: () => 512 * 1024,
    go_goroutines: (i) => 10 + (i % 3),
    go_gc_duration_seconds_count: (i) => i * 3,
    process_resident_memory_bytes: (i) => 2.2 * live(i),
    container_memory_usage_bytes: (i) => 2.3 * live(i),
    container_memory_working_set_bytes: (i) => 2.25 * live(i),
    container_memory_cache: () => 2 * MiB,
    container_memory_rss: (i) => 2.2 * live(i),
    container_spec_memory_limit_bytes: () => 2048 * MiB,
  };
  const data = Object.entries(gens).map(([name, f]) => ({ labels: { __name__: name, ...target }, t, v: t.map((_, i) => f(i)) }));
  const w = windowFromSeries(data, target, t[0], t[n - 1]);
  diagnose(w);
  const reps = 20;
  const s0 = performance.now();
  let d;
  for (let i = 0; i < reps; i++) d = diagnose(w);
  console.log(`6 h window at 15 s (${n} samples × ${data.length} series): ${((performance.now() - s0) / reps).toFixed(1)} ms per diagnosis → ${d.verdict}\n`);
}
