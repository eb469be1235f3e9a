/**
 * target: what the scrape loop needs to know about one endpoint, built from a scrape config and a
 * discovered target group. Pure: no I/O here.
 */
import type { CgroupSpec } from '../model/cgroup.js';
import type { Labels } from '../model/labels.js';

export type { CgroupSpec } from '../model/cgroup.js';

/** ScrapeSettings are the per-job scrape settings every target of the job carries. */
export interface ScrapeSettings {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly bodySizeLimit: number;
  readonly sampleLimit: number;
  /** labelLimit, labelNameLengthLimit and labelValueLengthLimit bound each new series; 0 means no limit. */
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly tls?: {
    readonly caFile?: string;
    readonly certFile?: string;
    readonly keyFile?: string;
    readonly insecureSkipVerify?: boolean;
    readonly serverName?: string;
  };
}

/** Target is one scrape endpoint with its resolved settings. */
export interface Target extends ScrapeSettings {
  /** key identifies the target across reloads: job + URL + label set. */
  readonly key: string;
  readonly job: string;
  readonly url: string;
  /** labels are attached to every scraped series (job, instance, static labels). */
  readonly labels: Labels;
  /** discoveredLabels keeps the pre-relabel view for /api/v1/targets. */
  readonly discoveredLabels: Labels;
  readonly cgroup?: CgroupSpec;
}

/** TargetGroupInput is a static_config or file_sd group: addresses plus labels. */
export interface TargetGroupInput {
  readonly targets: readonly string[];
  readonly labels: Labels;
  readonly source: string;
  readonly cgroup?: CgroupSpec;
}

/** JobInput is the part of a scrape config that targets depend on. */
export interface JobInput extends ScrapeSettings {
  readonly jobName: string;
  readonly scheme: 'http' | 'https';
  readonly metricsPath: string;
  readonly params: Readonly<Record<string, readonly string[]>>;
}

/** cgroupFromLabels reads the `__cgroup_*__` meta labels that file_sd targets use to name a cgroup. */
export function cgroupFromLabels(l: Labels): CgroupSpec | undefined {
  if (l['__cgroup_path__']) return { path: l['__cgroup_path__'] };
  if (l['__cgroup_pid__'] && /^\d+$/.test(l['__cgroup_pid__'])) return { pid: Number(l['__cgroup_pid__']) };
  if (l['__cgroup_pidfile__']) return { pidfile: l['__cgroup_pidfile__'] };
  if (l['__cgroup_systemd_unit__']) return { systemd_unit: l['__cgroup_systemd_unit__'] };
  return undefined;
}

/**
 * buildTargets expands target groups into targets the way Prometheus does without relabelling:
 * `instance` defaults to the address, `job` to the job name, and `__`-prefixed labels are dropped
 * from the series (but kept in discoveredLabels).
 */
export function buildTargets(job: JobInput, groups: readonly TargetGroupInput[]): Target[] {
  const out: Target[] = [];
  const seen = new Set<string>();
  for (const g of groups) {
    for (const addr of g.targets) {
      const discovered: Record<string, string> = { __address__: addr, __scheme__: job.scheme, __metrics_path__: job.metricsPath, job: job.jobName, ...g.labels };
      const scheme = discovered['__scheme__'] ?? job.scheme;
      const path = discovered['__metrics_path__'] ?? job.metricsPath;
      const address = discovered['__address__'] ?? addr;
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(discovered)) if (!k.startsWith('__') && v !== '') labels[k] = v;
      if (!labels['instance']) labels['instance'] = address;
      const qs = new URLSearchParams();
      for (const [k, vs] of Object.entries(job.params)) for (const v of vs) qs.append(k, v);
      const query = qs.toString();
      const url = `${scheme}://${address}${path}${query ? '?' + query : ''}`;
      const key = `${job.jobName}|${url}|${Object.entries(labels).sort().map(([k, v]) => k + '=' + v).join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const cgroup = g.cgroup ?? cgroupFromLabels(discovered);
      out.push({
        key,
        job: job.jobName,
        url,
        labels,
        discoveredLabels: discovered,
        intervalMs: job.intervalMs,
        timeoutMs: job.timeoutMs,
        bodySizeLimit: job.bodySizeLimit,
        sampleLimit: job.sampleLimit,
        labelLimit: job.labelLimit,
        labelNameLengthLimit: job.labelNameLengthLimit,
        labelValueLengthLimit: job.labelValueLengthLimit,
        honorLabels: job.honorLabels,
        honorTimestamps: job.honorTimestamps,
        headers: job.headers,
        ...(job.tls ? { tls: job.tls } : {}),
        ...(cgroup ? { cgroup } : {}),
      });
    }
  }
  return out;
}

/**
 * scrapeOffsetMs spreads targets over their interval by a stable hash of the key, so 200 targets
 * on one interval do not all fire in the same second (Prometheus does the same with its offset).
 */
export function scrapeOffsetMs(key: string, intervalMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h % Math.max(1, intervalMs);
}
