/**
 * sample: a realistic sample alert, diagnosis and chart (a heap leak creeping towards a 3 GiB
 * container limit) used by `runNotifyTest` and by the docs, so users can see what a real page looks like.
 */
import type { Alert } from '../model/alert.js';
import type { Diagnosis } from '../model/finding.js';
import type { ChartInput } from './chart/types.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** sampleDiagnosis is a confident heap leak with evidence, advice and a projection. */
export function sampleDiagnosis(at: number): Diagnosis {
  return {
    target: 'api-7:6060',
    at,
    verdict: 'heap_leak',
    confidence: 0.92,
    findings: [
      {
        verdict: 'heap_leak',
        confidence: 0.92,
        window: { start: at - 6 * 3600_000, end: at },
        evidence: [
          { name: 'heap floor growth', value: 38 * MiB, unit: 'bytes/h', source: 'min_over_time(go_memstats_heap_alloc_bytes[10m])' },
          { name: 'heap in use', value: 1.9 * GiB, unit: 'bytes', source: 'go_memstats_heap_inuse_bytes' },
          { name: 'trend significance', value: 0.0002, unit: 'p-value', source: 'Mann–Kendall on the heap floor' },
          { name: 'container limit', value: 3 * GiB, unit: 'bytes', source: 'container_spec_memory_limit_bytes' },
          { name: 'time_to_limit', value: 29 * 3600, unit: 'seconds', source: '(limit − working set) over the live-heap slope' },
        ],
        explanation:
          'The Go heap floor after each GC rose from 1.67 GiB to 1.89 GiB over 6h (+38 MiB/h) while the goroutine count stayed flat: live objects are being retained.',
        recommendations: [
          'Take two heap profiles 30 minutes apart (`curl http://api-7:6060/debug/pprof/heap > heap1.pb.gz`, later heap2.pb.gz) and compare them with `go tool pprof -diff_base heap1.pb.gz heap2.pb.gz`.',
          'Look for caches or maps without eviction among the top growing allocation sites.',
          'If the limit is near, restart one replica at a time to buy time; it does not fix the leak.',
        ],
        projection: { limitBytes: 3 * GiB, secondsToLimit: 29 * 3600 },
        where: [
          {
            kind: 'heap',
            function: 'cache.(*Store).Put',
            file: '/src/api/cache/store.go',
            line: 41,
            text: '+58 MiB in `cache.(*Store).Put` (store.go:41) since 14:02 UTC, 91 % of the growth',
            frames: ['cache.(*Store).Put /src/api/cache/store.go:41', 'api.(*Handler).serveItem /src/api/handler.go:120'],
            bytes: 58 * MiB,
            share: 0.91,
          },
        ],
      },
    ],
  };
}

/** sampleAlert is a firing alert carrying the sample diagnosis. */
export function sampleAlert(at: number): Alert {
  return {
    labels: { alertname: 'GoHeapGrowing', severity: 'warning', instance: 'api-7:6060', job: 'api', diagnosis: 'heap_leak' },
    annotations: {
      summary: 'Go heap of api-7 grows 38 MiB/h (sample notification from leaksleuth notify test)',
      runbook_url: 'https://example.invalid/runbooks/go-heap',
    },
    state: 'firing',
    value: 1.9 * GiB,
    activeAt: at - 20 * 60_000,
    firedAt: at - 10 * 60_000,
    resolvedAt: 0,
    lastSentAt: 0,
    keepFiringSince: 0,
    validUntil: 0,
    generatorURL: 'http://127.0.0.1:9099/graph?g0.expr=go_memstats_heap_inuse_bytes',
    diagnosis: sampleDiagnosis(at),
  };
}

/** sampleChart is six hours of heap, RSS and container usage with the fitted trend and the limit. */
export function sampleChart(at: number): ChartInput {
  const start = at - 6 * 3600_000;
  const step = 60_000;
  const heap = [];
  const rss = [];
  const usage = [];
  for (let t = start, i = 0; t <= at; t += step, i++) {
    const floor = 1.67 * GiB + (i / 360) * 0.22 * GiB;
    const saw = ((i % 12) / 12) * 0.12 * GiB;
    heap.push({ t, v: floor + saw });
    rss.push({ t, v: floor + 0.18 * GiB + saw * 0.5 });
    usage.push({ t, v: floor + 0.45 * GiB + saw * 0.5 });
  }
  return {
    title: 'api-7: Go heap vs RSS vs container usage',
    unit: 'bytes',
    series: [
      { name: 'Go heap in use', points: heap },
      { name: 'process RSS', points: rss },
      { name: 'container usage', points: usage },
    ],
    fit: { name: 'heap floor trend (+38 MiB/h)', from: { t: start, v: 1.67 * GiB }, to: { t: at, v: 1.89 * GiB } },
    limit: { name: 'memory limit', value: 3 * GiB },
  };
}
