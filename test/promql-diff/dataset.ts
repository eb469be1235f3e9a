/**
 * dataset: a deterministic data set for the differential test: counters with resets, gauges with
 * gaps, series that end or start mid-way, NaN samples, sparse series and classic histograms, on
 * jittered 15s scrapes. It is written as OpenMetrics for promtool and loaded into our store as-is.
 */
import type { Labels } from '../../src/model/labels.js';

/** T0 is the first sample time (2023-01-01T00:00:00Z), far from "now" so nothing else writes there. */
export const T0 = 1_672_531_200_000;
/** SPAN is how long the data set runs. */
export const SPAN = 2 * 3600_000;

/** Series is one generated series; `t` are ms timestamps exactly as Prometheus will store them. */
export interface Series {
  readonly name: string;
  readonly labels: Labels;
  readonly t: number[];
  readonly v: number[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** tsText renders a ms timestamp as OpenMetrics seconds. */
function tsText(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * storedTs picks a ms timestamp at or just after `ms` that survives the round trip through text:
 * Prometheus stores int64(seconds*1000), which truncates when the float product lands just below.
 */
function storedTs(ms: number): number {
  let t = ms;
  while (Math.trunc(Number(tsText(t)) * 1000) !== t) t++;
  return t;
}

/** generate builds every series of the data set. */
export function generate(seed = 42): Series[] {
  const rnd = mulberry32(seed);
  const out: Series[] = [];
  const scrapes = (from: number, to: number, every = 15_000): number[] => {
    const ts: number[] = [];
    for (let t = from; t < to; t += every) ts.push(storedTs(t + Math.floor(rnd() * 400)));
    return ts;
  };
  const add = (name: string, labels: Record<string, string>, t: number[], v: number[]): void => {
    out.push({ name, labels: { __name__: name, ...labels }, t, v });
  };

  for (const job of ['api', 'worker']) {
    for (const instance of ['a', 'b', 'c']) {
      for (const method of ['get', 'post']) {
        const t = scrapes(T0, T0 + SPAN);
        let c = Math.floor(rnd() * 1000);
        const v = t.map((_, i) => {
          if (instance === 'b' && (i === 130 || i === 333)) c = Math.floor(rnd() * 5);
          else c += Math.floor(rnd() * (method === 'get' ? 20 : 5));
          return c;
        });
        add('demo_requests_total', { job, instance, method }, t, v);
      }
      const from = instance === 'c' && job === 'worker' ? T0 + 40 * 60_000 : T0;
      const to = instance === 'a' && job === 'worker' ? T0 + 70 * 60_000 : T0 + SPAN;
      const mt = scrapes(from, to).filter((x) => !(instance === 'b' && x > T0 + 50 * 60_000 && x < T0 + 61 * 60_000));
      let mem = 100e6 + rnd() * 50e6;
      add('demo_memory_bytes', { job, instance }, mt, mt.map(() => (mem += (rnd() - 0.45) * 2e6)));
      const ut = scrapes(T0, T0 + SPAN);
      add('demo_up', { job, instance }, ut, ut.map((_, i) => (instance === 'c' && i % 97 < 9 ? 0 : 1)));
    }
    add('demo_info', { job, team: job === 'api' ? 'web' : 'batch' }, scrapes(T0, T0 + SPAN, 60_000), []);
  }
  for (const s of out) if (s.name === 'demo_info') s.v.push(...s.t.map(() => 1));

  for (const sensor of ['north', 'south']) {
    const t = scrapes(T0, T0 + SPAN);
    add('demo_temperature_celsius', { sensor }, t, t.map((_, i) => (i % 53 === 7 ? NaN : Math.round((Math.sin(i / 20) * 15 + (sensor === 'south' ? -5 : 3)) * 100) / 100)));
  }
  const sparse = scrapes(T0, T0 + SPAN, 170_000);
  add('demo_sparse_total', { job: 'api' }, sparse, sparse.map((_, i) => i * 7 + (i > 20 ? -100 : 0) + 200));

  const bounds = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
  for (const job of ['api', 'worker']) {
    for (const instance of ['a', 'b']) {
      const t = scrapes(T0, T0 + SPAN);
      const counts = bounds.map(() => 0);
      const series = bounds.map(() => [] as number[]);
      const sums: number[] = [];
      let sum = 0;
      for (let i = 0; i < t.length; i++) {
        const n = Math.floor(rnd() * 30);
        for (let k = 0; k < n; k++) {
          const x = Math.exp(rnd() * 4 - 3.5) * (job === 'api' ? 1 : 2);
          sum += x;
          bounds.forEach((b, j) => { if (x <= Number(b === '+Inf' ? Infinity : b)) counts[j]!++; });
        }
        bounds.forEach((_, j) => series[j]!.push(counts[j]!));
        sums.push(Math.round(sum * 1000) / 1000);
      }
      bounds.forEach((le, j) => add('demo_latency_seconds_bucket', { job, instance, le }, t, series[j]!));
      add('demo_latency_seconds_sum', { job, instance }, t, sums);
      add('demo_latency_seconds_count', { job, instance }, t, series[bounds.length - 1]!);
    }
  }
  // Label values for the RE2 selector cases (queries-regex.ts); fixed times, so the generator above is untouched.
  const probeT: number[] = [];
  for (let t = T0; t < T0 + SPAN; t += 60_000) probeT.push(storedTs(t));
  for (const value of ['Production', 'PROD-eu', 'prod', 'staging', 'a'.repeat(33) + 'b', 'a'.repeat(34), 'a.b', 'axb', 'äöü', 'λ1', 'web:8080', 'x y', 'a\nb', 'q"\\']) {
    add('demo_regex_probe', { value }, probeT, probeT.map((_, i) => i % 5));
  }
  return out;
}

function valueText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** toOpenMetrics renders the series grouped by metric name, each family contiguous, ending in # EOF. */
export function toOpenMetrics(series: readonly Series[]): string {
  const lines: string[] = [];
  const names = [...new Set(series.map((s) => s.name))];
  for (const name of names) {
    for (const s of series.filter((x) => x.name === name)) {
      const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
      const ls = Object.entries(s.labels).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}="${escape(v)}"`).join(',');
      for (let i = 0; i < s.t.length; i++) lines.push(`${name}{${ls}} ${valueText(s.v[i]!)} ${tsText(s.t[i]!)}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
