/**
 * snapshot: one read of a cgroup's memory files, as plain JSON-safe data. Readers fill it,
 * cgroupSeries turns it into series, and diagnosis fixtures record it as-is.
 */
import type { FlatKeyed } from './parse-flat-keyed.js';
import type { Pressure } from './parse-pressure.js';

/** CgroupMemory is one snapshot; a field is absent when its file was missing (see `missing`). */
export interface CgroupMemory {
  readonly version: 1 | 2;
  /** path is the cgroup path relative to the hierarchy root, e.g. /system.slice/api.service. */
  readonly path: string;
  /** dir is the directory the files were read from. */
  readonly dir: string;
  /** usageBytes: v1 memory.usage_in_bytes, v2 memory.current. */
  readonly usageBytes?: number;
  /** maxUsageBytes: v1 memory.max_usage_in_bytes, v2 memory.peak (kernel 5.19+). */
  readonly maxUsageBytes?: number;
  /** limitBytes is the cgroup's own limit (v1 memory.limit_in_bytes, v2 memory.max); null = unlimited. */
  readonly limitBytes?: number | null;
  /** highBytes is v2 memory.high (the throttling limit); null = unlimited. */
  readonly highBytes?: number | null;
  /** failcnt is v1 memory.failcnt (times usage hit the limit). */
  readonly failcnt?: number;
  /** swapBytes is v2 memory.swap.current; v1 swap comes from memory.stat total_swap. */
  readonly swapBytes?: number;
  /** kernelUsageBytes is v1 memory.kmem.usage_in_bytes; v2 kernel memory comes from memory.stat `kernel`. */
  readonly kernelUsageBytes?: number;
  /** stat is memory.stat, every key exactly as in the file. */
  readonly stat?: FlatKeyed;
  /** events is v2 memory.events (hierarchical counts). */
  readonly events?: FlatKeyed;
  /** oomControl is v1 memory.oom_control (oom_kill_disable, under_oom, oom_kill). */
  readonly oomControl?: FlatKeyed;
  /** pressure is memory.pressure (PSI) when the kernel exposes it for this cgroup. */
  readonly pressure?: Pressure;
  /**
   * effectiveLimitBytes is the smallest limit on the path to the root (v1 hierarchical_memory_limit,
   * v2 the minimum memory.max over the cgroup and its ancestors); null = unlimited.
   */
  readonly effectiveLimitBytes?: number | null;
  /** missing lists the file names that did not exist, so gaps are visible rather than silent. */
  readonly missing: readonly string[];
}
