import { describe, expect, it } from 'vitest';
import { labelsKey, type Labels } from '../../model/labels.js';
import { CGROUP_METRIC_NAMES, cgroupSeries, type LabeledValue } from './series.js';
import type { CgroupMemory } from './snapshot.js';

function find(series: LabeledValue[], name: string, extra: Labels = {}): number | undefined {
  const hits = series.filter((s) => s.labels['__name__'] === name && Object.entries(extra).every(([k, v]) => s.labels[k] === v));
  if (hits.length > 1) throw new Error(`${name} matched ${hits.length} series`);
  return hits[0]?.value;
}

const v1: CgroupMemory = {
  version: 1,
  path: '/docker/abc',
  dir: '/sys/fs/cgroup/memory/docker/abc',
  usageBytes: 1000,
  maxUsageBytes: 1500,
  limitBytes: 4096,
  failcnt: 2,
  kernelUsageBytes: 70,
  stat: { rss: 1, cache: 2, inactive_file: 3, total_rss: 600, total_cache: 300, total_mapped_file: 40, total_swap: 5, total_inactive_file: 250, pgfault: 77, pgmajfault: 7, total_pgfault: 99, hierarchical_memory_limit: 4096 },
  oomControl: { oom_kill_disable: 0, under_oom: 0, oom_kill: 4 },
  effectiveLimitBytes: 4096,
  missing: ['memory.pressure'],
};

const v2: CgroupMemory = {
  version: 2,
  path: '/system.slice/api.service',
  dir: '/sys/fs/cgroup/system.slice/api.service',
  usageBytes: 1000,
  maxUsageBytes: 1200,
  limitBytes: null,
  highBytes: null,
  swapBytes: 9,
  stat: { anon: 500, file: 400, kernel: 60, file_mapped: 30, inactive_file: 1200, pgfault: 11, pgmajfault: 1, pglazyfree: 3 },
  events: { low: 0, high: 0, max: 2, oom: 1, oom_kill: 1, oom_group_kill: 0 },
  pressure: { some: { avg10: 0, avg60: 0, avg300: 0, totalMicros: 2_500_000 }, full: { avg10: 0, avg60: 0, avg300: 0, totalMicros: 500_000 } },
  effectiveLimitBytes: null,
  missing: [],
};

describe('cgroupSeries', () => {
  it('maps v1 with the hierarchical total_* keys, as cAdvisor does', () => {
    const s = cgroupSeries(v1, { job: 'api', instance: 'h:1' });
    expect(find(s, 'container_memory_usage_bytes')).toBe(1000);
    expect(find(s, 'container_memory_working_set_bytes')).toBe(750);
    expect(find(s, 'container_memory_rss')).toBe(600);
    expect(find(s, 'container_memory_cache')).toBe(300);
    expect(find(s, 'container_memory_mapped_file')).toBe(40);
    expect(find(s, 'container_memory_swap')).toBe(5);
    expect(find(s, 'container_memory_max_usage_bytes')).toBe(1500);
    expect(find(s, 'container_memory_failcnt')).toBe(2);
    expect(find(s, 'container_memory_kernel_usage')).toBe(70);
    expect(find(s, 'container_spec_memory_limit_bytes')).toBe(4096);
    expect(find(s, 'container_oom_events_total')).toBe(4);
    expect(find(s, 'container_memory_failures_total', { failure_type: 'pgfault', scope: 'container' })).toBe(77);
    expect(find(s, 'container_memory_failures_total', { failure_type: 'pgfault', scope: 'hierarchy' })).toBe(77);
    expect(find(s, 'container_memory_failures_total', { failure_type: 'pgmajfault', scope: 'hierarchy' })).toBe(7);
    expect(find(s, 'cgroup_memory_stat', { field: 'inactive_file' })).toBe(3);
    expect(find(s, 'cgroup_memory_stat', { field: 'total_inactive_file' })).toBe(250);
    expect(find(s, 'cgroup_memory_effective_limit_bytes')).toBe(4096);
    expect(find(s, 'cgroup_info', { version: '1' })).toBe(1);
    expect(find(s, 'container_pressure_memory_waiting_seconds_total')).toBeUndefined();
    expect(find(s, 'cgroup_memory_events_total')).toBeUndefined();
    for (const x of s) expect(x.labels).toMatchObject({ job: 'api', instance: 'h:1', id: '/docker/abc' });
  });

  it('maps v2 with anon/file/file_mapped, floors working set at 0 and reports unlimited as 0', () => {
    const s = cgroupSeries(v2, { job: 'cgroup', name: 'api.service' });
    expect(find(s, 'container_memory_working_set_bytes')).toBe(0);
    expect(find(s, 'container_memory_rss')).toBe(500);
    expect(find(s, 'container_memory_cache')).toBe(400);
    expect(find(s, 'container_memory_mapped_file')).toBe(30);
    expect(find(s, 'container_memory_swap')).toBe(9);
    expect(find(s, 'container_memory_kernel_usage')).toBe(60);
    expect(find(s, 'container_memory_max_usage_bytes')).toBe(1200);
    expect(find(s, 'container_memory_failcnt')).toBeUndefined();
    expect(find(s, 'container_spec_memory_limit_bytes')).toBe(0);
    expect(find(s, 'cgroup_memory_effective_limit_bytes')).toBeUndefined();
    expect(find(s, 'container_oom_events_total')).toBe(1);
    expect(find(s, 'container_pressure_memory_waiting_seconds_total')).toBe(2.5);
    expect(find(s, 'container_pressure_memory_stalled_seconds_total')).toBe(0.5);
    expect(find(s, 'cgroup_memory_events_total', { event: 'max' })).toBe(2);
    expect(find(s, 'cgroup_memory_stat', { field: 'pglazyfree' })).toBe(3);
    expect(find(s, 'cgroup_info', { version: '2' })).toBe(1);
    expect(find(s, 'container_memory_usage_bytes')).toBe(1000);
  });

  it('uses usage as working set when inactive_file is unknown, and omits series whose source is missing', () => {
    const s = cgroupSeries({ version: 2, path: '/x', dir: '/d', usageBytes: 10, missing: ['memory.stat'] }, {});
    expect(find(s, 'container_memory_working_set_bytes')).toBe(10);
    expect(find(s, 'container_memory_rss')).toBeUndefined();
    expect(find(s, 'container_spec_memory_limit_bytes')).toBeUndefined();
    expect(s.map((x) => x.labels['__name__']).sort()).toEqual(['cgroup_info', 'container_memory_usage_bytes', 'container_memory_working_set_bytes']);
  });

  it('keeps an id given in the base labels and yields unique, known series', () => {
    const s = cgroupSeries(v2, { id: '/custom' });
    expect(new Set(s.map((x) => x.labels['id']))).toEqual(new Set(['/custom']));
    const keys = s.map((x) => labelsKey(x.labels));
    expect(new Set(keys).size).toBe(keys.length);
    for (const x of [...s, ...cgroupSeries(v1, {})]) expect(CGROUP_METRIC_NAMES).toContain(x.labels['__name__']);
  });
});
