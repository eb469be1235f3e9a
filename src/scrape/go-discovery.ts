/**
 * go-discovery: turns the Go processes on this host into things to watch. A process whose loopback
 * port answers /metrics becomes a scrape target (job = its executable's name, instance = the
 * address) that carries its pid, so its cgroup and /proc memory are read with each scrape. A Go
 * process without /metrics still gets its cgroup and /proc memory read under job = its name and
 * instance = `pid:<pid>`, so the diagnosis has the kernel's side of it. Probe answers are kept per
 * (pid, socket inode): a port is probed once, not on every pass.
 */
import type { Labels } from '../model/labels.js';
import type { CgroupSpec } from '../model/cgroup.js';
import type { GoExeCache } from './discovery/go-exe.js';
import type { ProbeResult, Prober } from './discovery/go-probe.js';
import type { GoProcess, ScanOptions } from './discovery/go-process.js';
import { probeHost, type Listener } from './discovery/proc-net.js';
import { globMatchAny, globToRegExp } from './cgroup/glob.js';
import type { Re2 } from '../core/re2.js';
import type { TargetGroupInput } from './target.js';
import type { GoDiscoveryConfig } from '../config/types.js';

/** GoDiscoverySettings are the `go_discovery` settings, read on every pass so a reload applies. */
export type GoDiscoverySettings = Pick<GoDiscoveryConfig, 'include' | 'exclude' | 'maxPorts' | 'probeTimeoutMs'> & { readonly procRoot: string };

/** PortProbe is one probed port of a service. */
export interface PortProbe {
  readonly address: string;
  readonly result: ProbeResult;
}

/** GoService is one discovered Go process with what was found about it. */
export interface GoService {
  readonly process: GoProcess;
  /** probes are the loopback ports asked, at most maxPorts, lowest port first. */
  readonly probes: readonly PortProbe[];
  /** skippedPorts are listening ports not probed: not on loopback, or past maxPorts. */
  readonly skippedPorts: readonly string[];
  /** metrics is the address whose /metrics answered (the first one), if any. */
  readonly metrics?: string;
  readonly pprof: boolean;
}

/** ProcessWatch is a Go process without /metrics: its cgroup and /proc memory are still read. */
export interface ProcessWatch {
  readonly key: string;
  readonly labels: Labels;
  readonly spec: CgroupSpec;
}

/** candidatesOf are the strings include/exclude patterns are matched against. */
export function candidatesOf(p: GoProcess): string[] {
  return [p.name, p.unit, p.container, p.containerId].filter((x): x is string => !!x);
}

/** wanted applies include (all when empty) and exclude to a process. */
export function wanted(p: GoProcess, include: readonly Re2[], exclude: readonly Re2[]): boolean {
  const c = candidatesOf(p);
  return (include.length === 0 || globMatchAny(include, c)) && !globMatchAny(exclude, c);
}

/** probePlan picks the ports to probe: loopback-reachable ones, one per port number, at most maxPorts. */
export function probePlan(listeners: readonly Listener[], maxPorts: number): { probe: Array<{ address: string; inode: number }>; skipped: string[] } {
  const probe: Array<{ address: string; inode: number }> = [];
  const skipped: string[] = [];
  const ports = new Set<number>();
  for (const l of listeners) {
    if (ports.has(l.port)) continue;
    const host = probeHost(l);
    const shown = l.family === 6 ? `[${l.ip}]:${l.port}` : `${l.ip}:${l.port}`;
    if (host === undefined) {
      skipped.push(`${shown} (not loopback)`);
      continue;
    }
    ports.add(l.port);
    if (probe.length >= maxPorts) skipped.push(`${shown} (over max_ports)`);
    else probe.push({ address: `${host}:${l.port}`, inode: l.inode });
  }
  return { probe, skipped };
}

/** metaLabels are the `__meta_go_*` labels a discovered target keeps in discoveredLabels. */
export function metaLabels(s: GoService): Labels {
  const p = s.process;
  return {
    __meta_go_pid: String(p.pid),
    __meta_go_exe: p.exe,
    __meta_go_version: p.build.goVersion,
    __meta_go_path: p.build.path,
    __meta_go_module: p.build.module,
    __meta_go_cgroup: p.cgroup,
    __meta_go_unit: p.unit ?? '',
    __meta_go_container: p.container ?? '',
    __meta_go_pprof: String(s.pprof),
  };
}

/** targetGroups returns one target group per service that serves /metrics. */
export function targetGroups(services: readonly GoService[]): TargetGroupInput[] {
  return services
    .filter((s) => s.metrics)
    .map((s) => ({ targets: [s.metrics!], labels: { job: s.process.name, ...metaLabels(s) }, source: `go:${s.process.pid}`, cgroup: { pid: s.process.pid } }));
}

/** processWatches returns the services without /metrics, read through /proc and their cgroup only. */
export function processWatches(services: readonly GoService[]): ProcessWatch[] {
  return services
    .filter((s) => !s.metrics)
    .map((s) => ({ key: `go:${s.process.pid}`, labels: { job: s.process.name, instance: `pid:${s.process.pid}` }, spec: { pid: s.process.pid } }));
}

/** GoDiscoveryDeps are the discovery's collaborators. */
export interface GoDiscoveryDeps {
  readonly scan: (opts: ScanOptions) => Promise<GoProcess[]>;
  readonly prober: Prober;
  readonly cache: GoExeCache;
  readonly skipPids?: ReadonlySet<number>;
}

/** GoDiscovery keeps the current services between passes. */
export class GoDiscovery {
  private current: GoService[] = [];
  private probeCache = new Map<string, ProbeResult>();
  /** lastPassMs is the duration of the last pass; lastError its failure, if any. */
  lastPassMs = 0;
  lastPass = 0;

  constructor(private readonly deps: GoDiscoveryDeps) {}

  /** refresh scans procfs, probes new ports and returns whether the set of targets/watches changed. */
  async refresh(settings: GoDiscoverySettings, now: number): Promise<boolean> {
    const started = Date.now();
    const include = settings.include.map(globToRegExp);
    const exclude = settings.exclude.map(globToRegExp);
    const procs = await this.deps.scan({ procRoot: settings.procRoot, cache: this.deps.cache, ...(this.deps.skipPids ? { skipPids: this.deps.skipPids } : {}) });
    const nextCache = new Map<string, ProbeResult>();
    const services: GoService[] = [];
    for (const p of procs) {
      if (!wanted(p, include, exclude)) continue;
      const plan = probePlan(p.listeners, settings.maxPorts);
      const probes = await Promise.all(
        plan.probe.map(async ({ address, inode }) => {
          const key = `${p.pid}|${inode}|${address}`;
          const result = this.probeCache.get(key) ?? (await this.deps.prober(address, settings.probeTimeoutMs));
          // A refused or timed-out probe may be passing (the service is starting); any other answer is kept.
          if (result.detail !== 'timeout' && result.detail !== 'ECONNREFUSED') nextCache.set(key, result);
          return { address, result };
        }),
      );
      const metrics = probes.find((x) => x.result.metrics)?.address;
      services.push({ process: p, probes, skippedPorts: plan.skipped, ...(metrics ? { metrics } : {}), pprof: probes.some((x) => x.result.pprof) });
    }
    this.probeCache = nextCache;
    const before = JSON.stringify([targetGroups(this.current), processWatches(this.current)]);
    this.current = services;
    this.lastPass = now;
    this.lastPassMs = Date.now() - started;
    return JSON.stringify([targetGroups(services), processWatches(services)]) !== before;
  }

  /** services lists what the last pass found. */
  services(): readonly GoService[] {
    return this.current;
  }

  /** clear forgets everything (discovery switched off). */
  clear(): void {
    this.current = [];
    this.probeCache.clear();
  }
}

/** foundBy says in one line how a service was found, for the status page. */
export function foundBy(s: GoService): string {
  const p = s.process;
  const parts = [`Go build info in ${p.exe || p.name}${p.build.goVersion ? ` (${p.build.goVersion})` : ''}`];
  parts.push(s.probes.length + s.skippedPorts.length === 0 ? 'no listening TCP port' : `listening on ${[...s.probes.map((x) => x.address), ...s.skippedPorts].join(', ')}`);
  if (s.metrics) parts.push(`/metrics answered on ${s.metrics}`);
  else if (s.probes.length > 0) parts.push(`no /metrics (${s.probes.map((x) => `${x.address}: ${x.result.detail}`).join(', ')}), cgroup and /proc only`);
  else parts.push('cgroup and /proc only');
  parts.push(s.pprof ? '/debug/pprof/ found' : 'no /debug/pprof/');
  if (p.cgroup) parts.push(`cgroup ${p.cgroup}`);
  return parts.join('; ');
}

/** serviceJSON renders a service for /api/v1/targets (the `goServices` extension). */
export function serviceJSON(s: GoService): Record<string, unknown> {
  const p = s.process;
  return {
    pid: p.pid,
    name: p.name,
    exe: p.exe,
    goVersion: p.build.goVersion,
    path: p.build.path,
    module: p.build.module,
    cgroup: p.cgroup,
    unit: p.unit ?? '',
    container: p.container ?? '',
    probes: s.probes.map((x) => ({ address: x.address, metrics: x.result.metrics, pprof: x.result.pprof, detail: x.result.detail })),
    skippedPorts: s.skippedPorts,
    labels: s.metrics ? { job: p.name, instance: s.metrics } : { job: p.name, instance: `pid:${p.pid}` },
    scraped: !!s.metrics,
    pprof: s.pprof,
    foundBy: foundBy(s),
  };
}
