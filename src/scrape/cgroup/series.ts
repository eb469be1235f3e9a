/**
 * series: turns a CgroupMemory snapshot into the series fixed by the naming contract
 * (docs/series.md): cAdvisor's container_* names and formulas plus leaksleuth's cgroup_* extras.
 * Formulas follow cAdvisor's setMemoryStats (lib/container/libcontainer/handler.go) and
 * specMemoryValue (metrics/prometheus.go); v2 file semantics follow opencontainers/cgroups fs2/memory.go.
 */
import { METRIC_NAME, type Labels } from '../../model/labels.js';
import type { CgroupMemory } from './snapshot.js';

/** LabeledValue is one series value produced from a snapshot. */
export interface LabeledValue {
  readonly labels: Labels;
  readonly value: number;
}

/** CGROUP_METRIC_NAMES lists every metric name cgroupSeries can emit, for documentation and tests. */
export const CGROUP_METRIC_NAMES = [
  'container_memory_usage_bytes',
  'container_memory_working_set_bytes',
  'container_memory_rss',
  'container_memory_cache',
  'container_memory_mapped_file',
  'container_memory_swap',
  'container_memory_max_usage_bytes',
  'container_memory_failcnt',
  'container_memory_failures_total',
  'container_memory_kernel_usage',
  'container_spec_memory_limit_bytes',
  'container_oom_events_total',
  'container_pressure_memory_waiting_seconds_total',
  'container_pressure_memory_stalled_seconds_total',
  'cgroup_memory_stat',
  'cgroup_memory_events_total',
  'cgroup_memory_effective_limit_bytes',
  'cgroup_info',
] as const;

/** statKeys names the memory.stat keys behind cAdvisor's fields; v1 uses the hierarchical total_* keys. */
function statKeys(version: 1 | 2) {
  return version === 1
    ? { rss: 'total_rss', cache: 'total_cache', mapped: 'total_mapped_file', swap: 'total_swap', inactiveFile: 'total_inactive_file' }
    : { rss: 'anon', cache: 'file', mapped: 'file_mapped', swap: undefined, inactiveFile: 'inactive_file' };
}

/**
 * cgroupSeries returns every series docs/series.md lists for one snapshot. `id` is set from the
 * snapshot's path unless baseLabels already carry one. Series whose source file or key is missing
 * are left out rather than reported as zero, so "absent" stays distinguishable from "0 bytes".
 */
export function cgroupSeries(snapshot: CgroupMemory, baseLabels: Labels): LabeledValue[] {
  const out: LabeledValue[] = [];
  const base: Labels = { ...baseLabels, id: baseLabels['id'] ?? snapshot.path };
  const add = (name: string, value: number | undefined, extra: Labels = {}): void => {
    if (value === undefined || !Number.isFinite(value)) return;
    out.push({ labels: { ...base, ...extra, [METRIC_NAME]: name }, value });
  };
  const stat = snapshot.stat ?? {};
  const keys = statKeys(snapshot.version);

  add('container_memory_usage_bytes', snapshot.usageBytes);
  if (snapshot.usageBytes !== undefined) {
    // cAdvisor: working set = usage - inactive file, floored at 0; without the key it is usage.
    const inactive = stat[keys.inactiveFile];
    add('container_memory_working_set_bytes', inactive === undefined ? snapshot.usageBytes : Math.max(0, snapshot.usageBytes - inactive));
  }
  add('container_memory_rss', stat[keys.rss]);
  add('container_memory_cache', stat[keys.cache]);
  add('container_memory_mapped_file', stat[keys.mapped]);
  add('container_memory_swap', keys.swap === undefined ? snapshot.swapBytes : stat[keys.swap]);
  add('container_memory_max_usage_bytes', snapshot.maxUsageBytes);
  add('container_memory_failcnt', snapshot.failcnt);
  // cAdvisor copies the cgroup's own pgfault/pgmajfault into both scopes (setMemoryStats); we match it
  // so rules behave the same on cAdvisor data.
  for (const type of ['pgfault', 'pgmajfault'] as const) {
    for (const scope of ['container', 'hierarchy'] as const) {
      add('container_memory_failures_total', stat[type], { failure_type: type, scope });
    }
  }
  add('container_memory_kernel_usage', snapshot.version === 1 ? snapshot.kernelUsageBytes : stat['kernel']);
  // cAdvisor's specMemoryValue reports "unlimited" (max, or > 2^62) as 0.
  if (snapshot.limitBytes !== undefined) add('container_spec_memory_limit_bytes', snapshot.limitBytes ?? 0);
  add('container_oom_events_total', snapshot.version === 2 ? snapshot.events?.['oom_kill'] : snapshot.oomControl?.['oom_kill']);
  const psi = snapshot.pressure;
  if (psi?.some) add('container_pressure_memory_waiting_seconds_total', psi.some.totalMicros / 1e6);
  if (psi?.full) add('container_pressure_memory_stalled_seconds_total', psi.full.totalMicros / 1e6);

  for (const [field, value] of Object.entries(stat)) add('cgroup_memory_stat', value, { field });
  for (const [event, value] of Object.entries(snapshot.events ?? {})) add('cgroup_memory_events_total', value, { event });
  if (snapshot.effectiveLimitBytes !== undefined && snapshot.effectiveLimitBytes !== null) {
    add('cgroup_memory_effective_limit_bytes', snapshot.effectiveLimitBytes);
  }
  add('cgroup_info', 1, { version: String(snapshot.version) });
  return out;
}
