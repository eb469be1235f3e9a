/**
 * DiagnosisService with diagnosis_wait: a first send waits (bounded) for a verdict; later sends carry
 * the current diagnosis in annotations while the `diagnosis` label, part of routing, stays put.
 * Time is passed in; the store holds a synthetic Go target that grows a history as `at` moves.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/alert.js';
import { MemoryStore } from '../store/memory.js';
import { DiagnosisService } from './service.js';

const MiB = 1024 * 1024;
const T0 = 1_700_000_000_000;
const STEP = 10_000;
const MIN = 60_000;
const target = { job: 'svc', instance: '127.0.0.1:1' };

/** healthyTarget appends a flat GC sawtooth for `minutes` of history, from a process started at T0. */
function healthyTarget(minutes: number): MemoryStore {
  const store = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
  const live = 20 * MiB;
  for (let i = 0; i * STEP <= minutes * MIN; i++) {
    const t = T0 + i * STEP;
    const s = (name: string, v: number) => store.append({ __name__: name, ...target }, t, v);
    s('go_memstats_heap_alloc_bytes', live * (1 + (i % 6) / 6));
    s('go_memstats_next_gc_bytes', 2 * live);
    s('go_memstats_heap_inuse_bytes', live * (1.1 + (i % 6) / 6));
    s('go_memstats_heap_idle_bytes', 8 * MiB);
    s('go_memstats_heap_released_bytes', 6 * MiB);
    s('go_memstats_sys_bytes', 3 * live + 20 * MiB);
    s('go_goroutines', 10 + (i % 3));
    s('process_start_time_seconds', T0 / 1000);
    s('go_gc_duration_seconds_count', Math.floor(i / 6));
    s('process_resident_memory_bytes', 2.2 * live + 10 * MiB);
    s('container_memory_usage_bytes', 2.3 * live + 12 * MiB);
    s('container_memory_rss', 2.2 * live + 10 * MiB);
    s('container_spec_memory_limit_bytes', 512 * MiB);
  }
  return store;
}

function userAlert(firedAt: number, over: Partial<Alert> = {}): Alert {
  return {
    labels: { alertname: 'MemoryHigh', severity: 'page', ...target },
    annotations: { summary: 'usage high' },
    state: 'firing',
    value: 0.85,
    activeAt: firedAt - MIN,
    firedAt,
    resolvedAt: 0,
    lastSentAt: firedAt,
    keepFiringSince: 0,
    validUntil: firedAt + 8 * MIN,
    ...over,
  };
}

const want = { diagnose: {} };

describe('DiagnosisService: diagnosis_wait', () => {
  it('holds a first send without a verdict and releases it with the verdict once one exists', () => {
    const store = healthyTarget(30);
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN, waitMs: 5 * MIN }));
    const fired = T0 + 4 * MIN;
    // The windows read only up to `at`: at +4 min the process has 2.5 minutes after warm-up, too little.
    expect(svc.attach([userAlert(fired)], want, fired)).toEqual([]);
    expect(svc.heldCount).toBe(1);
    expect(svc.nextDeadline()).toBe(fired + 5 * MIN);
    expect(svc.release(fired + MIN)).toEqual([]);
    const out = svc.release(fired + 4 * MIN);
    expect(out).toHaveLength(1);
    expect(out[0]!.labels['diagnosis']).toBe('healthy');
    expect(out[0]!.annotations['diagnosis_verdict']).toBe('healthy');
    expect(out[0]!.diagnosis?.verdict).toBe('healthy');
    expect(svc.heldCount).toBe(0);
    expect(svc.nextDeadline()).toBeUndefined();
    // A re-send of the same alert is not held again and keeps its label.
    expect(svc.attach([userAlert(fired, { lastSentAt: fired + 4 * MIN })], want, fired + 4 * MIN)[0]!.labels['diagnosis']).toBe('healthy');
  });

  it('sends with insufficient_data at the deadline, then later sends carry the current verdict in annotations only', () => {
    const store = healthyTarget(30);
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN, waitMs: MIN }));
    const fired = T0 + 3 * MIN;
    expect(svc.attach([userAlert(fired)], want, fired)).toEqual([]);
    expect(svc.release(fired + 30_000)).toEqual([]);
    const first = svc.release(fired + MIN);
    expect(first).toHaveLength(1);
    expect(first[0]!.labels['diagnosis']).toBe('insufficient_data');
    expect(first[0]!.annotations['diagnosis_verdict']).toBe('insufficient_data');
    const later = svc.attach([userAlert(fired, { lastSentAt: fired + 10 * MIN })], want, fired + 10 * MIN)[0]!;
    // Routing identity is stable: the label is the first send's verdict.
    expect(later.labels['diagnosis']).toBe('insufficient_data');
    // What the engineer reads is the current diagnosis.
    expect(later.annotations['diagnosis_verdict']).toBe('healthy');
    expect(later.diagnosis?.verdict).toBe('healthy');
    expect(later.annotations['diagnosis_explanation']).not.toMatch(/Not enough data/);
    // The status page shows what was last sent.
    expect(svc.sentWith(userAlert(fired)).annotations['diagnosis_verdict']).toBe('healthy');
  });

  it('never holds a resolved alert, an alert that has a verdict at once, or when the wait is 0', () => {
    const store = healthyTarget(30);
    const noWait = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN }));
    expect(noWait.attach([userAlert(T0 + 3 * MIN)], want, T0 + 3 * MIN)[0]!.labels['diagnosis']).toBe('insufficient_data');
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN, waitMs: 2 * MIN }));
    expect(svc.attach([userAlert(T0 + 20 * MIN)], want, T0 + 20 * MIN)[0]!.labels['diagnosis']).toBe('healthy');
    const resolved = userAlert(T0 + 3 * MIN, { state: 'inactive', resolvedAt: T0 + 4 * MIN });
    expect(svc.attach([resolved], want, T0 + 4 * MIN)).toHaveLength(1);
    // Alerts that want no diagnosis pass untouched.
    const plain = userAlert(T0 + 3 * MIN);
    expect(svc.attach([plain], {}, T0 + 3 * MIN)).toEqual([plain]);
  });

  it('a held alert whose rule resolves before the deadline goes out resolved, not held', () => {
    const store = healthyTarget(30);
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN, waitMs: 5 * MIN }));
    const fired = T0 + 2 * MIN;
    expect(svc.attach([userAlert(fired)], want, fired)).toEqual([]);
    const out = svc.attach([userAlert(fired, { state: 'inactive', resolvedAt: fired + MIN, lastSentAt: fired + MIN })], want, fired + MIN);
    expect(out).toHaveLength(1);
    expect(out[0]!.state).toBe('inactive');
    expect(svc.heldCount).toBe(0);
  });
});
