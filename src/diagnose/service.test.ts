/**
 * DiagnosisService with diagnosis_wait: a first send waits (bounded) for a verdict; later sends carry
 * the current diagnosis in annotations while the `diagnosis` label, part of routing, stays put.
 * Time is passed in; the store holds a synthetic Go target that grows a history as `at` moves.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/alert.js';
import { isStaleNaN } from '../model/sample.js';
import { instantQuery } from '../promql/engine/query.js';
import { MemoryStore } from '../store/memory.js';
import { DiagnosisService } from './service.js';

const MiB = 1024 * 1024;
const T0 = 1_700_000_000_000;
const STEP = 10_000;
const MIN = 60_000;
const target = { job: 'svc', instance: '127.0.0.1:1' };

/**
 * goTarget appends `minutes` of a GC sawtooth over the live heap `liveAt(minute)`, from a process
 * started at T0; healthyTarget keeps the live heap flat, leakingTarget grows it 2 MiB a minute.
 */
function goTarget(minutes: number, liveAt: (m: number) => number): MemoryStore {
  const store = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
  for (let i = 0; i * STEP <= minutes * MIN; i++) {
    const t = T0 + i * STEP;
    const live = liveAt((i * STEP) / MIN);
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
const healthyTarget = (minutes: number) => goTarget(minutes, () => 20 * MiB);
const leakingTarget = (minutes: number) => goTarget(minutes, (m) => 20 * MiB + m * 2 * MiB);

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

function vector(store: MemoryStore, expr: string, at: number): Array<{ labels: Record<string, string> }> {
  const r = instantQuery(store, expr, at);
  if (r.type !== 'vector') throw new Error(`${expr}: ${r.type}`);
  return r.samples;
}

describe('DiagnosisService: diagnosis_wait', () => {
  it('holds a first send without a verdict and releases it with the verdict once one exists', () => {
    const store = leakingTarget(30);
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN, waitMs: 5 * MIN }));
    const fired = T0 + 4 * MIN;
    // The windows read only up to `at`: at +4 min the process has 2.5 minutes after warm-up, too little.
    expect(svc.attach([userAlert(fired)], want, fired)).toEqual([]);
    expect(svc.heldCount).toBe(1);
    expect(svc.nextDeadline()).toBe(fired + 5 * MIN);
    expect(svc.release(fired + MIN)).toEqual([]);
    // Before the deadline (fired + 5 min), as soon as the diagnosis has its verdict.
    const out = svc.release(fired + 4 * MIN);
    expect(out).toHaveLength(1);
    expect(out[0]!.labels['diagnosis']).toBe('heap_leak');
    expect(out[0]!.annotations['diagnosis_verdict']).toBe('heap_leak');
    expect(out[0]!.diagnosis?.verdict).toBe('heap_leak');
    expect(svc.heldCount).toBe(0);
    expect(svc.nextDeadline()).toBeUndefined();
    // A re-send of the same alert is not held again and keeps its label.
    expect(svc.attach([userAlert(fired, { lastSentAt: fired + 4 * MIN })], want, fired + 4 * MIN)[0]!.labels['diagnosis']).toBe('heap_leak');
  });

  it('a healthy diagnosis holds until the deadline: the growth the alert saw is not significant (yet)', () => {
    const store = healthyTarget(30);
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN, waitMs: 2 * MIN }));
    const fired = T0 + 20 * MIN;
    expect(svc.attach([userAlert(fired)], want, fired)).toEqual([]);
    expect(svc.release(fired + MIN)).toEqual([]);
    const out = svc.release(fired + 2 * MIN);
    expect(out.map((a) => a.labels['diagnosis'])).toEqual(['healthy']);
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
    const svc = new DiagnosisService(leakingTarget(30), () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN, waitMs: 2 * MIN }));
    expect(svc.attach([userAlert(T0 + 20 * MIN)], want, T0 + 20 * MIN)[0]!.labels['diagnosis']).toBe('heap_leak');
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

describe('DiagnosisService: verdict series end when the verdict changes', () => {
  it('the old primary series gets a staleness marker, so {primary="true"} matches only the new verdict at once', () => {
    const store = healthyTarget(30);
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN }));
    const primaries = (at: number) =>
      vector(store, 'leaksleuth_diagnosis_verdict{primary="true"}', at).map((s) => s.labels['verdict'])
        .sort();
    let changedAt = 0;
    for (let at = T0 + MIN; at <= T0 + 12 * MIN; at += MIN) {
      svc.runCycle([target], at);
      const now = svc.latest()[0]!.verdict;
      expect(primaries(at)).toEqual([now]);
      if (now === 'healthy' && !changedAt) changedAt = at;
    }
    expect(changedAt).toBeGreaterThan(0);
    // At the change, the old primary series holds a staleness marker, not just a gap.
    const old = store.select([{ name: '__name__', type: '=', value: 'leaksleuth_diagnosis_verdict' }, { name: 'verdict', type: '=', value: 'insufficient_data' }, { name: 'primary', type: '=', value: 'true' }], T0, changedAt);
    expect(old).toHaveLength(1);
    expect(old[0]!.t[old[0]!.t.length - 1]).toBe(changedAt);
    expect(isStaleNaN(old[0]!.v[old[0]!.v.length - 1]!)).toBe(true);
  });

  it('a target that leaves the cycle has all its series ended', () => {
    const store = healthyTarget(30);
    const svc = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 6 * MIN }));
    svc.runCycle([target], T0 + 10 * MIN);
    expect(vector(store, 'leaksleuth_diagnosis_leak', T0 + 10 * MIN)).toHaveLength(1);
    svc.runCycle([], T0 + 11 * MIN);
    expect(vector(store, 'leaksleuth_diagnosis_leak', T0 + 11 * MIN)).toHaveLength(0);
    expect(vector(store, 'leaksleuth_diagnosis_verdict', T0 + 11 * MIN)).toHaveLength(0);
  });
});
