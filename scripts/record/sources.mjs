// sources: raw reads of one cgroup v1 memory group and one process, turned into the series names
// of the naming contract (cAdvisor names + cgroup_* extras + process_* from /proc). Until the
// `cgroup` branch's parsers are merged, the recorder does this small mapping itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// limits at or above this are the kernel's "unlimited" (PAGE_COUNTER_MAX rounded to pages)
const UNLIMITED = 2 ** 62;

function read(path) {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}
function num(path) {
  const t = read(path);
  return t === undefined ? undefined : Number(t.trim());
}
function kv(text) {
  const out = new Map();
  for (const line of (text ?? '').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && v !== '') out.set(k, Number(v));
  }
  return out;
}

/** readCgroupV1 returns [name, type, extraLabels, value] tuples for one memory cgroup directory. */
export function readCgroupV1(dir) {
  const out = [];
  const push = (name, type, extra, v) => { if (v !== undefined && Number.isFinite(v)) out.push([name, type, extra, v]); };
  const usage = num(join(dir, 'memory.usage_in_bytes'));
  const stat = kv(read(join(dir, 'memory.stat')));
  const g = (k) => stat.get(k);
  push('container_memory_usage_bytes', 'gauge', {}, usage);
  if (usage !== undefined && g('total_inactive_file') !== undefined) {
    push('container_memory_working_set_bytes', 'gauge', {}, Math.max(0, usage - g('total_inactive_file')));
  }
  push('container_memory_rss', 'gauge', {}, g('total_rss'));
  push('container_memory_cache', 'gauge', {}, g('total_cache'));
  push('container_memory_mapped_file', 'gauge', {}, g('total_mapped_file'));
  push('container_memory_swap', 'gauge', {}, g('total_swap'));
  push('container_memory_max_usage_bytes', 'gauge', {}, num(join(dir, 'memory.max_usage_in_bytes')));
  push('container_memory_failcnt', 'counter', {}, num(join(dir, 'memory.failcnt')));
  push('container_memory_failures_total', 'counter', { failure_type: 'pgfault', scope: 'container' }, g('pgfault'));
  push('container_memory_failures_total', 'counter', { failure_type: 'pgmajfault', scope: 'container' }, g('pgmajfault'));
  push('container_memory_failures_total', 'counter', { failure_type: 'pgfault', scope: 'hierarchy' }, g('total_pgfault'));
  push('container_memory_failures_total', 'counter', { failure_type: 'pgmajfault', scope: 'hierarchy' }, g('total_pgmajfault'));
  push('container_memory_kernel_usage', 'gauge', {}, num(join(dir, 'memory.kmem.usage_in_bytes')));
  push('container_spec_memory_limit_bytes', 'gauge', {}, num(join(dir, 'memory.limit_in_bytes')));
  const oom = kv(read(join(dir, 'memory.oom_control')));
  push('container_oom_events_total', 'counter', {}, oom.get('oom_kill'));
  push('cgroup_memory_events_total', 'counter', { event: 'oom_kill' }, oom.get('oom_kill'));
  for (const [k, v] of stat) push('cgroup_memory_stat', 'gauge', { field: k }, v);
  const eff = g('hierarchical_memory_limit');
  if (eff !== undefined && eff < UNLIMITED) push('cgroup_memory_effective_limit_bytes', 'gauge', {}, eff);
  push('cgroup_info', 'gauge', { version: '1' }, 1);
  return out;
}

/** readProc returns [name, value] pairs from /proc/PID/status and /proc/PID/smaps_rollup. */
export function readProc(pid) {
  const out = [];
  const status = read(`/proc/${pid}/status`) ?? '';
  const kb = (text, key) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const add = (n, v) => { if (v !== undefined) out.push([n, v]); };
  add('process_rss_anon_bytes', kb(status, 'RssAnon'));
  add('process_rss_file_bytes', kb(status, 'RssFile'));
  add('process_rss_shmem_bytes', kb(status, 'RssShmem'));
  const rollup = read(`/proc/${pid}/smaps_rollup`) ?? '';
  add('process_lazyfree_bytes', kb(rollup, 'LazyFree'));
  add('process_anon_huge_bytes', kb(rollup, 'AnonHugePages'));
  return out;
}
