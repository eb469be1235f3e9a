import { readFileSync } from 'node:fs';
import client from 'prom-client';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { labelsKey } from '../../model/labels.js';
import { parseExposition } from './parse.js';
import type { ParsedSample } from './types.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/exposition/${name}`, import.meta.url), 'utf8');

const byKey = (samples: ParsedSample[]) => new Map(samples.map((s) => [labelsKey(s.labels), s.value]));

describe('real client_golang 1.14 output (recorded by goexporter/record.sh)', () => {
  const text = parseExposition(fixture('client_golang.prom.txt'), 'prometheus');
  const om = parseExposition(fixture('client_golang.om.txt'), 'openmetrics');

  it('reads the awkward label values and special floats exactly', () => {
    const m = byKey(text.samples);
    expect(m.get('demo_requests_total{code="200",path="/a \\"quoted\\" path"}')).toBe(42);
    expect(m.get('demo_requests_total{code="500",path="C:\\\\temp\\\\new"}')).toBe(3);
    expect(m.get('demo_requests_total{code="404",path="line1\\nline2"}')).toBe(1);
    expect(m.get('demo_requests_total{code="200",path="ünïcödé ✓"}')).toBe(7.5);
    expect(m.get('demo_temperature_celsius{sensor="nan"}')).toBeNaN();
    expect(m.get('demo_temperature_celsius{sensor="pinf"}')).toBe(Infinity);
    expect(m.get('demo_temperature_celsius{sensor="ninf"}')).toBe(-Infinity);
    expect(m.get('demo_temperature_celsius{sensor="tiny"}')).toBe(1.5e-300);
    expect(m.get('demo_latency_seconds_bucket{le="+Inf",method="POST"}')).toBe(3);
    expect(m.get('demo_response_size_bytes{handler="say \\"hi\\"",quantile="0.99"}')).toBe(980);
    expect(m.get('go_goroutines{}')).toBeGreaterThan(0);
    expect(text.families.get('demo_requests_total')).toEqual({
      type: 'counter',
      help: 'Requests served, with \\ backslash and\nnewline in help.',
    });
    expect(text.families.get('go_memstats_heap_inuse_bytes')!.type).toBe('gauge');
  });

  it('gets the same series and demo values from the OpenMetrics rendering', () => {
    // OpenMetrics writes le/quantile as canonical floats ("1.0"); compare them as numbers.
    const canon = (samples: ParsedSample[]) =>
      byKey(
        samples.map((s) => {
          const l = { ...s.labels };
          for (const k of ['le', 'quantile']) if (l[k] !== undefined) l[k] = String(goFloat(l[k]));
          return { ...s, labels: l };
        }),
      );
    const a = canon(text.samples);
    const b = canon(om.samples);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) if (k.startsWith('demo_')) expect(b.get(k)).toEqual(v);
    expect(om.families.get('demo_requests')!.type).toBe('counter');
  });

  // Summary quantiles are left out: parse-prometheus-text-format drops their other labels.
  it('agrees with parse-prometheus-text-format on every counter and gauge', () => {
    const ours = byKey(text.samples);
    let compared = 0;
    for (const fam of parsePrometheusTextFormat(fixture('client_golang.prom.txt'))) {
      for (const m of fam.metrics) {
        if (m.value === undefined) continue;
        expect(ours.get(labelsKey({ ...m.labels, __name__: fam.name }))).toEqual(goFloat(m.value));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(35);
  });
});

function goFloat(s: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

describe('prom-client output', () => {
  it('parses a text registry with quotes, newlines and backslashes in labels', async () => {
    const reg = new client.Registry();
    const c = new client.Counter({ name: 'jobs_total', help: 'Jobs \\ done\nall.', labelNames: ['queue'], registers: [reg] });
    c.inc({ queue: 'say "hi"' }, 2);
    c.inc({ queue: 'C:\\q\\n' }, 3);
    c.inc({ queue: 'two\nlines' }, 4);
    const g = new client.Gauge({ name: 'temp', help: 't', labelNames: ['s'], registers: [reg] });
    g.set({ s: 'nan' }, NaN);
    g.set({ s: 'inf' }, -Infinity);
    const h = new client.Histogram({ name: 'lat_seconds', help: 'l', labelNames: ['m'], buckets: [0.1, 1], registers: [reg] });
    h.observe({ m: 'GET' }, 0.5);
    h.observe({ m: 'GET' }, 5);
    const s = new client.Summary({ name: 'size_bytes', help: 's', percentiles: [0.5, 0.9], registers: [reg] });
    for (let i = 1; i <= 10; i++) s.observe(i * 100);

    const r = parseExposition(await reg.metrics(), 'prometheus');
    const m = byKey(r.samples);
    expect(m.get('jobs_total{queue="say \\"hi\\""}')).toBe(2);
    expect(m.get('jobs_total{queue="C:\\\\q\\\\n"}')).toBe(3);
    expect(m.get('jobs_total{queue="two\\nlines"}')).toBe(4);
    expect(m.get('temp{s="nan"}')).toBeNaN();
    expect(m.get('temp{s="inf"}')).toBe(-Infinity);
    expect(m.get('lat_seconds_bucket{le="1",m="GET"}')).toBe(1);
    expect(m.get('lat_seconds_bucket{le="+Inf",m="GET"}')).toBe(2);
    expect(m.get('lat_seconds_sum{m="GET"}')).toBe(5.5);
    expect(m.get('size_bytes{quantile="0.5"}')).toBe(550);
    expect(m.get('size_bytes_count{}')).toBe(10);
    expect(r.families.get('jobs_total')).toEqual({ type: 'counter', help: 'Jobs \\ done\nall.' });
    expect(r.families.get('size_bytes')!.type).toBe('summary');
  });

  it('parses an OpenMetrics registry with exemplars (dropped) and # EOF', async () => {
    const reg = new client.Registry<typeof client.openMetricsContentType>();
    reg.setContentType(client.openMetricsContentType);
    const c = new client.Counter({ name: 'hits', help: 'h "q"', labelNames: ['p', 'traceId'], registers: [reg], enableExemplars: true });
    c.inc({ labels: { p: 'a"b' }, value: 3, exemplarLabels: { traceId: 'abc123' } });
    const h = new client.Histogram({
      name: 'lat_seconds',
      help: 'l',
      labelNames: ['traceId'],
      buckets: [0.1, 1],
      registers: [reg],
      enableExemplars: true,
    });
    h.observe({ labels: {}, value: 0.5, exemplarLabels: { traceId: 't1' } });
    const body = await reg.metrics();
    expect(body).toContain(' # {traceId=');
    const r = parseExposition(body, 'openmetrics');
    const m = byKey(r.samples);
    expect(m.get('hits_total{p="a\\"b"}')).toBe(3);
    expect(m.get('lat_seconds_bucket{le="1"}')).toBe(1);
    expect(r.families.get('hits')).toEqual({ type: 'counter', help: 'h "q"' });
  });
});
