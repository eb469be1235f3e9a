/**
 * daemon: the composition root. The only file that builds concrete parts (store, fetcher, cgroup
 * reader, scheduler, HTTP server, …) and wires them along the data flow. Everything else receives
 * its collaborators as arguments.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cron from 'node-cron';
import { Registry } from 'prom-client';
import { Router, startHttpServer, type HttpServer } from './api/server.js';
import { healthRoutes } from './api/health.js';
import { metricsRoutes } from './api/metrics.js';
import { targetsRoutes } from './api/targets.js';
import { queryRoutes } from './api/query.js';
import { metadataRoutes } from './api/metadata.js';
import { effectiveExternalUrl } from './api/external-url.js';
import { ALERTMANAGER_ROUTES, CHART_ROUTES, DOCS_ROUTES, GRAPH_ROUTES, lazyRoutes, UI_ROUTES } from './api/lazy.js';
import { hostname } from 'node:os';
import { DEFAULT_RESOLVE_TIMEOUT } from './notify/group.js';
import { VERSION } from './version.js';
import type { Route } from './api/types.js';
import { systemClock, type Clock, type TimerHandle } from './core/clock.js';
import { DaemonError, ErrorCode, errorMessage } from './core/errors.js';
import type { Logger } from './core/log.js';
import { Scheduler, type ScheduledJob } from './core/scheduler.js';
import { createDaemonMetrics, createMemoryLimitMetrics, type DaemonMetrics } from './core/self-metrics.js';
import { startMemoryGuard, type MemoryGuard } from './core/memory-guard.js';
import { autoMemoryBudget, memoryLimitOf } from './core/memory-limit.js';
import { RefusalReporter } from './store/refusals.js';
import { loadConfigFile, type Env } from './config/load.js';
import type { Config, ScrapeConfig } from './config/types.js';
import { createCgroupSource } from './scrape/cgroup-source.js';
import { httpFetch } from './scrape/fetch.js';
import { ScrapeManager, type CgroupSource } from './scrape/manager.js';
import { createScrapeMetrics } from './scrape/metrics.js';
import { buildTargets, type JobInput, type Target, type TargetGroupInput } from './scrape/target.js';
import { MemoryStore } from './store/memory.js';
import { restoreStore } from './store/snapshot.js';
import { startStoreMaintenance, type StoreMaintenance } from './store/maintenance.js';
import { historyTiers, type StoreOptions } from './store/options.js';
import { readTlsFiles, scrapeHeaders } from './scrape/auth.js';
import { retainFor } from './store/retain-policy.js';
import { FileSdSet } from './scrape/file-sd-set.js';
import { dirname } from 'node:path';
import { alertTemplateFn, engineQueryFn, RuleManager, storeTemplateQuery } from './rules/index.js';
import type { AlertingRuleDef } from './rules/types.js';
import { globFiles } from './core/glob.js';
import { collectMetricNames } from './rules/metric-names.js';
import { createNotifier, normalizeNotifyConfig, notifyResendDelay, type Notifier, type RawNotifyConfig } from './notify/index.js';
import type { Alert } from './model/alert.js';
import type { Diagnosis } from './model/finding.js';
import { parseDuration } from './model/duration.js';
import { DiagnosisService } from './diagnose/service.js';
import { applyPprof, withInstanceUrl } from './enrich/apply.js';
import { PprofCollector, type CollectTarget } from './enrich/collector.js';
import { fetchProfile } from './enrich/fetch.js';
import { LEAK_VERDICTS } from './model/finding.js';
import type { TargetLabels } from './diagnose/window.js';
import { chartData } from './diagnose/chart-data.js';
import { alertsRoutes } from './api/alerts.js';
import { httpDatasource } from './datasource/client.js';
import { describeMirrorError, DatasourceMirror } from './datasource/mirror.js';
import { datasourceRuleIssues, leaksleuthLocalNames, remoteQueryFn, routedQueryFn } from './datasource/query.js';
import { createDatasourceMetrics, instrumented, type DatasourceMetrics } from './datasource/metrics.js';
import type { GroupDef, QueryFn } from './rules/types.js';
import { GoDiscovery, processWatches, serviceJSON, targetGroups } from './scrape/go-discovery.js';
import { GoExeCache } from './scrape/discovery/go-exe.js';
import { httpProber } from './scrape/discovery/go-probe.js';
import { scanGoProcesses } from './scrape/discovery/go-process.js';

/**
 * DETECTOR_PREFIXES are the metric families the diagnosis reads (Go runtime, process, cgroup), so
 * they are kept even when no rule names them.
 */
const DETECTOR_PREFIXES = ['go_', 'process_', 'container_', 'cgroup_', 'leaksleuth_'];

/** DaemonOptions come from the CLI. */
export interface DaemonOptions {
  /** configPath is the config file; undefined means the embedded default. */
  readonly configPath?: string;
  readonly listen?: string;
  readonly dataDir?: string;
  readonly log: Logger;
  readonly env: Env;
  readonly clock?: Clock;
}

/** defaultConfigPath finds config/leaksleuth.yaml in the working directory, else the packaged one. */
export function defaultConfigPath(): string {
  const local = resolve('config/leaksleuth.yaml');
  if (existsSync(local)) return local;
  return fileURLToPath(new URL('../config/leaksleuth.yaml', import.meta.url));
}

/** ruleFilesOf expands the config's rule_files globs into existing files. */
function ruleFilesOf(config: Config): string[] {
  return [...new Set(config.ruleFiles.flatMap((p) => globFiles(p)))];
}

/** rejectDatasourceMixes refuses rules that cannot run in datasource mode, all listed at once. */
function rejectDatasourceMixes(defs: readonly GroupDef[]): void {
  const issues = datasourceRuleIssues(defs);
  if (issues.length) throw new DaemonError(ErrorCode.RULE_INVALID, issues.join('\n'));
}

/** jobInput turns a validated scrape config into what target building needs. */
function jobInput(sc: ScrapeConfig): JobInput {
  return {
    jobName: sc.jobName,
    scheme: sc.scheme,
    metricsPath: sc.metricsPath,
    params: sc.params,
    intervalMs: sc.scrapeIntervalMs,
    timeoutMs: sc.scrapeTimeoutMs,
    bodySizeLimit: sc.bodySizeLimit,
    sampleLimit: sc.sampleLimit,
    labelLimit: sc.labelLimit,
    labelNameLengthLimit: sc.labelNameLengthLimit,
    labelValueLengthLimit: sc.labelValueLengthLimit,
    honorLabels: sc.honorLabels,
    honorTimestamps: sc.honorTimestamps,
    headers: scrapeHeaders(sc),
    ...(sc.tls ? { tls: sc.tls } : {}),
  };
}

/** Daemon is a running leaksleuth. */
export class Daemon {
  private config!: Config;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly registry = new Registry();
  private readonly metrics: DaemonMetrics;
  private readonly store: MemoryStore;
  private readonly scheduler: Scheduler;
  private readonly router = new Router();
  private scrape!: ScrapeManager;
  private cgroups: CgroupSource | undefined;
  private fileSd: FileSdSet;
  private server: HttpServer | undefined;
  private ticker: { stop(): void } | undefined;
  private ready = false;
  private stopping: Promise<void> | undefined;
  private rules!: RuleManager;
  private notifier: Notifier | undefined;
  private ruleNames = new Set<string>();
  private readonly diagnosis: DiagnosisService;
  private readonly pprof: PprofCollector;
  /** queryFn is what rules evaluate with: the local engine, or the datasource in datasource mode. */
  private queryFn: QueryFn = () => Promise.reject(new DaemonError(ErrorCode.INTERNAL, 'rules evaluated before the query side was set up'));
  /** mirror copies the detectors' series from the datasource; undefined unless in datasource mode. */
  private mirror: DatasourceMirror | undefined;
  private readonly datasourceMetrics: DatasourceMetrics;
  /** goDiscovery finds the Go processes on this host (go_discovery); goPass is its pass in flight. */
  private readonly goDiscovery = new GoDiscovery({ scan: scanGoProcesses, prober: httpProber, cache: new GoExeCache(), skipPids: new Set([process.pid]) });
  private goPass: Promise<void> | undefined;

  private constructor(
    private readonly opts: DaemonOptions,
    config: Config,
    store: MemoryStore,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.log = opts.log;
    this.config = config;
    this.store = store;
    this.diagnosis = new DiagnosisService(store, () => ({
      windowMs: this.config.diagnosis.windowMs,
      minSpanMs: this.config.diagnosis.minWindowMs,
      waitMs: this.config.diagnosis.diagnosisWaitMs,
    }), (d, t) => this.enrichDiagnosis(d, t));
    this.pprof = new PprofCollector(
      () => resolve(this.dataDir, 'pprof'),
      fetchProfile,
      // 16 MiB as sent (4× that decoded), two targets a cycle: what one cycle may decode is bounded
      () => ({ ...this.config.diagnosis.pprof, maxAgeMs: this.config.diagnosis.windowMs, maxBytes: 16 * 2 ** 20, maxTargetsPerCycle: 2 }),
      (target, err) => this.log.warn('pprof collection failed', { target, err: errorMessage(err) }),
    );
    this.metrics = createDaemonMetrics(this.registry, () => this.store.stats());
    this.datasourceMetrics = createDatasourceMetrics(this.registry);
    const scrapeMetrics = createScrapeMetrics(this.registry);
    this.scheduler = new Scheduler({
      missed: (key, n) => {
        if (key.startsWith('scrape:')) scrapeMetrics.missed.inc({ job: key.split('|')[0]!.slice(7) }, n);
      },
      failed: (key, err) => this.log.error('scheduled job failed', { job: key, err: errorMessage(err) }),
    });
    this.scrapeMetrics = scrapeMetrics;
    this.guard = startMemoryGuard({
      budget: this.memoryBudget(config),
      everyMs: 5_000,
      rss: () => process.memoryUsage.rss(),
      onChange: (st, budget) => {
        const mib = (b: number): number => Math.round(b / 2 ** 20);
        if (st.exceeded) this.log.warn('memory budget exceeded: refusing new series until memory is back under 90% of the budget', { rss_mib: mib(st.rss), budget_mib: mib(budget) });
        else this.log.info('memory back under budget: new series are stored again', { rss_mib: mib(st.rss), budget_mib: mib(budget) });
      },
    });
    this.guard.check();
    store.setAdmission(() => !this.guard.exceeded);
    createMemoryLimitMetrics(this.registry, { refusals: () => this.store.refusals(), budget: () => this.guard.budget, exceeded: () => this.guard.exceeded });
    this.refusalTimer = setInterval(() => this.reportRefusals(), 5_000);
    this.refusalTimer.unref();
    this.fileSd = new FileSdSet(this.clock, this.log.child({ component: 'file_sd' }), () => {
      if (this.scrape) this.applyTargets();
    });
  }

  private readonly scrapeMetrics;
  private readonly guard: MemoryGuard;
  private readonly refusals = new RefusalReporter();
  private readonly refusalTimer: ReturnType<typeof setInterval>;

  // memoryBudget resolves storage.memory_budget: `auto` is 80 % of the daemon's own cgroup limit
  // (a container's or a unit's MemoryMax=), or a quarter of the host's memory without one.
  private memoryBudget(config: Config): number {
    const b = config.storage.memoryBudget;
    return b === 'auto' ? autoMemoryBudget(memoryLimitOf(config.cgroupDiscovery.cgroupRoot, config.cgroupDiscovery.procRoot)) : b;
  }

  // reportRefusals says, at most once a minute per reason, how many new series the store refused.
  private reportRefusals(): void {
    for (const r of this.refusals.poll(this.store.refusals(), this.clock.now())) {
      const why = r.reason === 'max_series' ? `storage.max_series (${this.config.storage.maxSeries}) is reached` : 'the memory budget is exceeded';
      this.log.warn(`store refused samples of new series: ${why}`, { reason: r.reason, refused: r.refused });
    }
  }
  /** startedAt is Alertmanager's `uptime` in /api/v2/status. */
  private readonly startedAt: number;

  /** dataDir is where snapshots and state live (CLI override first). */
  private get dataDir(): string {
    return this.opts.dataDir ?? this.config.storage.dataDir;
  }

  /** start loads the config, restores state, starts the loops and the HTTP server. */
  static async start(opts: DaemonOptions): Promise<Daemon> {
    const path = opts.configPath ?? defaultConfigPath();
    const config = await loadConfigFile(path, opts.env);
    // The retain predicate reads the live config and name set, so it is built before the store.
    // While the snapshot loads, `restoring` keeps every saved series: the name set is still empty
    // then, and filtering on it would drop the history of exactly the series rules read (`up`,
    // ALERTS) on every restart.
    const holder: { config: Config; names: Set<string>; restoring: boolean } = { config, names: new Set(), restoring: true };
    const storeOpts: StoreOptions = {
      rawRetentionMs: config.storage.rawRetentionMs,
      rollupIntervals: historyTiers(config.storage.historyRetentionMs),
      maxSeries: config.storage.maxSeries,
      retain: retainFor(() => holder.restoring || holder.config.storage.keepAllSeries, holder.names, DETECTOR_PREFIXES),
    };
    const restored = await restoreStore(opts.dataDir ?? config.storage.dataDir, storeOpts);
    holder.restoring = false;
    if (restored.error) opts.log.warn('starting with an empty store: snapshot could not be restored', { err: restored.error.message });
    else if (restored.store.stats().series > 0) opts.log.info('store restored from snapshot', { series: restored.store.stats().series, samples: restored.store.stats().samples });
    const d = new Daemon(opts, config, restored.store);
    d.holder = holder;
    if (restored.error) d.metrics.errors.inc({ code: restored.error.code });
    await d.boot();
    return d;
  }

  private holder!: { config: Config; names: Set<string>; restoring: boolean };
  private rulesGate: { stop(): void } | undefined;
  private maintenance: StoreMaintenance | undefined;

  private async boot(): Promise<void> {
    const cg = this.config.cgroupDiscovery;
    this.cgroups = await createCgroupSource({
      cgroupRoot: cg.cgroupRoot,
      procRoot: cg.procRoot,
      ...(cg.enabled ? { discovery: { include: cg.include, exclude: cg.exclude } } : {}),
    }).catch((err: unknown) => {
      this.log.warn('cgroup reading disabled: no cgroup hierarchy found', { err: errorMessage(err) });
      return undefined;
    });
    this.scrape = new ScrapeManager({
      append: this.store,
      fetch: httpFetch,
      now: () => this.clock.now(),
      log: this.log.child({ component: 'scrape' }),
      metrics: this.scrapeMetrics,
      tlsFiles: (t: Target) => readTlsFiles(t),
      ...(this.cgroups ? { cgroups: this.cgroups } : {}),
    });
    this.notifier = this.makeNotifier(this.config);
    this.rules = new RuleManager({
      query: (expr, at) => this.queryFn(expr, at),
      appender: this.store,
      notify: (_expr, alerts, rule) => this.onAlerts(alerts, rule),
      // Limits are read per query, so a reload's new query.timeout/max_samples apply at once.
      expand: alertTemplateFn((expr, at) => storeTemplateQuery(this.store, this.engineOptions())(expr, at)),
      externalLabels: this.config.global.externalLabels,
      externalURL: this.externalUrl(this.config),
      resendDelayMs: notifyResendDelay(this.config.notify as RawNotifyConfig),
      clock: this.clock,
      logger: this.log.child({ component: 'rules' }),
      registry: this.registry,
      dataDir: this.dataDir,
    });
    const defs = this.rules.loadFiles(ruleFilesOf(this.config));
    if (this.config.datasource) rejectDatasourceMixes(defs);
    await this.rules.update(defs);
    this.useQuerySide(this.config, defs);
    this.ruleNames = collectMetricNames(defs);
    this.apply(this.config);
    this.startMaintenance();
    if (this.mirror && this.config.diagnosis.enabled) {
      // Copy the detectors' history before the first rule evaluation: otherwise an alert that
      // fires at once would be sent with insufficient_data although the datasource has the data.
      const at = this.clock.now();
      const found = await this.mirror.sync(at);
      this.diagnoseAll(at);
      this.log.info('datasource history copied', { targets: found.length });
    }
    this.rules.restore();
    // The first discovery pass starts now rather than on the job's next slot, so a Go service on
    // this host shows up seconds after start.
    if (this.config.goDiscovery.enabled) void this.discoverGo(this.clock.now());
    this.metrics.reloadSuccessful.set(1);
    this.metrics.reloadSuccessTime.set(this.clock.now() / 1000);
    this.router.set(this.routes());
    const listen = this.opts.listen ?? this.config.server.listenAddress;
    this.server = await startHttpServer(this.router, listen, this.log.child({ component: 'api' }));
    this.log.info('listening', { address: this.server.address });
    // node-cron drives the scheduler once a second; slots themselves sit on each job's own grid.
    // (A plain timer would save the ~5 MiB of ICU time-zone data node-cron's per-tick formatting
    // maps, measured at 5 targets; node-cron stays as the project's chosen scheduler.)
    const task = cron.schedule('* * * * * *', () => {
      this.scheduler.tick(this.clock.now());
    });
    this.ticker = { stop: () => void task.stop() };
    this.scheduler.tick(this.clock.now());
    this.startRulesAfterFirstScrape();
    this.ready = true;
  }

  /**
   * startRulesAfterFirstScrape starts rule evaluation once every target has been scraped since
   * start (or after the longest scrape interval plus timeout). Until then the store holds only
   * what the last snapshot had, which after a kill -9 may be minutes old: an evaluation on it would
   * see `up` and friends as absent and resolve alerts that are still firing.
   */
  private startRulesAfterFirstScrape(): void {
    const startedAt = this.clock.now();
    const deadline = startedAt + this.scrape.longestIntervalMs();
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const check = (): void => {
      timer = undefined;
      if (this.stopping) return;
      if (this.config.datasource || this.scrape.allScrapedOnce() || this.clock.now() >= deadline) {
        this.rulesGate = undefined;
        this.rules.start();
        return;
      }
      timer = this.clock.setTimeout(check, 100);
    };
    this.rulesGate = { stop: () => timer !== undefined && this.clock.clearTimeout(timer) };
    check();
  }

  /** address is the HTTP listen address actually bound. */
  get address(): string {
    return this.server?.address ?? '';
  }

  /**
   * useQuerySide points rule evaluation at the local engine, or in datasource mode at the remote
   * API (leaksleuth's own series stay local), and builds the mirror the diagnosis reads through.
   */
  private useQuerySide(config: Config, defs: readonly GroupDef[]): void {
    const local = engineQueryFn(this.store, this.engineOptions());
    const ds = config.datasource;
    if (!ds) {
      this.queryFn = local;
      this.mirror = undefined;
      return;
    }
    if (config.scrapeConfigs.length > 0) {
      this.log.warn('datasource mode: rules read the datasource; locally scraped series feed only the diagnosis and the local query API');
    }
    const client = instrumented(httpDatasource(ds), this.datasourceMetrics);
    const recorded = new Set(defs.flatMap((g) => g.rules.filter((r) => r.kind === 'recording').map((r) => r.name)));
    this.queryFn = routedQueryFn(local, remoteQueryFn(client), leaksleuthLocalNames(recorded));
    // Keep the copy marks across a reload that leaves the datasource as it was, but always take the
    // new client: a rotated password prints as <secret> either way and would go unnoticed.
    if (this.mirror && this.mirror.windowMs === config.diagnosis.windowMs && ds.url === this.config.datasource?.url && JSON.stringify(ds.containerMatch) === JSON.stringify(this.config.datasource?.containerMatch)) {
      this.mirror.useClient(client);
    } else {
      this.mirror = new DatasourceMirror({
        client,
        append: this.store,
        windowMs: config.diagnosis.windowMs,
        ...(ds.containerMatch ? { containerMatch: ds.containerMatch } : {}),
        onError: (t, err) => {
          this.metrics.errors.inc({ code: DaemonError.is(err) ? err.code : 'INTERNAL' });
          this.log.warn(describeMirrorError(t, err));
        },
      });
    }
  }

  private apply(config: Config): void {
    const wasDiscovering = this.config?.goDiscovery.enabled;
    this.config = config;
    if (wasDiscovering && !config.goDiscovery.enabled) this.goDiscovery.clear();
    this.holder.config = config;
    this.holder.names.clear();
    for (const n of this.neededMetricNames()) this.holder.names.add(n);
    for (const n of this.ruleNames) this.holder.names.add(n);
    this.fileSd.set(config.scrapeConfigs.flatMap((sc) => sc.fileSdConfigs.map((f) => ({ job: sc.jobName, config: f }))));
    this.applyTargets();
  }

  private applyTargets(): void {
    const targets: Target[] = [];
    for (const sc of this.config.scrapeConfigs) {
      const groups: TargetGroupInput[] = sc.staticConfigs.map((s, i) => ({
        targets: s.targets,
        labels: s.labels,
        source: `static:${sc.jobName}:${i}`,
        ...(s.cgroup ? { cgroup: s.cgroup } : {}),
      }));
      groups.push(...this.fileSd.groups(sc.jobName));
      targets.push(...buildTargets(jobInput(sc), groups));
    }
    const now = this.clock.now();
    // Discovered Go services join as one job each; an address a config already scrapes is left to it.
    const configured = new Set(targets.map((t) => t.discoveredLabels['__address__']));
    const go = this.config.goDiscovery.enabled ? this.goDiscovery.services() : [];
    for (const g of targetGroups(go)) {
      if (g.targets.some((a) => configured.has(a))) continue;
      targets.push(...buildTargets(this.discoveredJob(g.labels['job']!), [g]));
    }
    this.scrape.setProcesses(processWatches(go), now);
    this.scrape.setTargets(targets, now);
    this.scheduler.setJobs(this.jobs(), now);
  }

  /** discoveredJob is the scrape settings of a discovered Go service: the global interval and timeout. */
  private discoveredJob(name: string): JobInput {
    const g = this.config.global;
    return { jobName: name, scheme: 'http', metricsPath: '/metrics', params: {}, intervalMs: g.scrapeIntervalMs, timeoutMs: g.scrapeTimeoutMs, bodySizeLimit: 0, sampleLimit: 0, labelLimit: 0, labelNameLengthLimit: 0, labelValueLengthLimit: 0, honorLabels: false, honorTimestamps: true, headers: {} };
  }

  /**
   * discoverGo runs one Go discovery pass (never two at once), applies a changed target set and
   * reads the cgroup and /proc memory of the Go processes that have no /metrics.
   */
  private discoverGo(at: number): Promise<void> {
    this.goPass ??= (async () => {
      try {
        const gd = this.config.goDiscovery;
        const changed = await this.goDiscovery.refresh({ procRoot: this.config.cgroupDiscovery.procRoot, include: gd.include, exclude: gd.exclude, maxPorts: gd.maxPorts, probeTimeoutMs: gd.probeTimeoutMs }, at);
        if (changed && !this.stopping) {
          this.log.info('go discovery: services changed', { services: this.goDiscovery.services().map((s) => `${s.process.name}[${s.process.pid}]${s.metrics ? ' ' + s.metrics : ''}`).join(', ') });
          this.applyTargets();
        }
        await this.scrape.readProcesses(at);
      } catch (err) {
        this.log.warn('go discovery failed', { err: errorMessage(err) });
      } finally {
        this.goPass = undefined;
      }
    })();
    return this.goPass;
  }

  private jobs(): ScheduledJob[] {
    const jobs = this.scrape.scrapeJobs();
    if (this.config.goDiscovery.enabled) {
      jobs.push({ key: 'go-discovery', intervalMs: this.config.goDiscovery.intervalMs, offsetMs: 0, run: (at) => this.discoverGo(at) });
    }
    const disc = this.config.cgroupDiscovery.enabled ? this.scrape.discoveryJob(this.config.cgroupDiscovery.intervalMs) : null;
    if (disc) jobs.push(disc);
    if (this.config.diagnosis.enabled) {
      jobs.push({
        key: 'diagnosis',
        intervalMs: this.config.global.evaluationIntervalMs,
        offsetMs: 0,
        run: async (at) => {
          await this.mirror?.sync(at);
          this.diagnoseAll(at);
          // A fresh cycle may have the verdict a held first notification waits for.
          await this.releaseHeld(at);
        },
      });
    }
    return jobs;
  }

  /** neededMetricNames lists what rules and detectors read, so the store keeps only those by default. */
  private neededMetricNames(): string[] {
    return ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'];
  }

  private startMaintenance(): void {
    this.maintenance = startStoreMaintenance({
      store: this.store,
      clock: this.clock,
      dir: this.dataDir,
      snapshotEveryMs: this.config.storage.snapshotIntervalMs,
      onSnapshot: (r) => {
        this.metrics.snapshots.inc({ result: 'success' });
        this.metrics.snapshotBytes.set(r.bytes);
      },
      onError: (err) => {
        if (err.code === 'STORE_SNAPSHOT') this.metrics.snapshots.inc({ result: 'failure' });
        this.metrics.errors.inc({ code: err.code });
        this.log.error('store maintenance failed', { err: err.message });
      },
    });
  }

  /**
   * reload re-reads the config file. A config that does not load leaves the running one in place
   * and returns every problem; leaksleuth_config_last_reload_successful tells monitoring.
   */
  async reload(): Promise<string | null> {
    const path = this.opts.configPath ?? defaultConfigPath();
    try {
      const next = await loadConfigFile(path, this.opts.env);
      if (next.server.listenAddress !== this.config.server.listenAddress && !this.opts.listen) {
        this.log.warn('server.listen_address changed; it takes effect after a restart');
      }
      // Validate everything before touching the running parts, so a bad reload changes nothing.
      const defs = this.rules.loadFiles(ruleFilesOf(next));
      if (next.datasource) rejectDatasourceMixes(defs);
      normalizeNotifyConfig(next.notify as RawNotifyConfig, dirname(next.file));
      if (JSON.stringify([next.notify, next.global.externalLabels]) !== JSON.stringify([this.config.notify, this.config.global.externalLabels])) {
        await this.notifier?.stop();
        this.notifier = this.makeNotifier(next);
      }
      this.rules.setResendDelay(notifyResendDelay(next.notify as RawNotifyConfig));
      await this.rules.update(defs);
      this.useQuerySide(next, defs);
      this.ruleNames = collectMetricNames(defs);
      this.apply(next);
      this.guard.setBudget(this.memoryBudget(next));
      this.guard.check();
      this.router.set(this.routes());
      this.metrics.reloadSuccessful.set(1);
      this.metrics.reloadSuccessTime.set(this.clock.now() / 1000);
      this.metrics.reloads.inc({ result: 'success' });
      this.log.info('config reloaded', { file: path });
      return null;
    } catch (err) {
      const msg = errorMessage(err);
      this.metrics.reloadSuccessful.set(0);
      this.metrics.reloads.inc({ result: 'failure' });
      this.metrics.errors.inc({ code: DaemonError.is(err) ? err.code : 'INTERNAL' });
      for (const line of msg.split('\n')) this.log.error('config reload failed; keeping the running config', { err: line });
      return msg;
    }
  }

  private routes(): Route[] {
    this.router.setPathPrefix(this.config.server.externalUrl ? new URL(this.config.server.externalUrl).pathname : '');
    return [
      ...healthRoutes({ ready: () => this.ready, reload: () => this.reload() }),
      ...metricsRoutes(this.registry),
      ...targetsRoutes(this.scrape, () => {
        const ds = this.config.datasource;
        return ds && this.mirror ? { url: ds.url, ...this.mirror.status() } : undefined;
      }, () => (this.config.goDiscovery.enabled ? this.goDiscovery.services().map(serviceJSON) : undefined)),
      ...metadataRoutes(this.scrape),
      // The docs, the graph page and the UI are imported on their first request (api/lazy.ts).
      ...lazyRoutes(DOCS_ROUTES, async () => (await import('./api/docs.js')).docsRoutes()),
      ...this.extraRoutes(),
      ...lazyRoutes(GRAPH_ROUTES, async () => (await import('./api/graph.js')).graphRoutes({ store: this.store, now: () => this.clock.now(), engine: () => this.engineOptions() })),
      ...lazyRoutes(UI_ROUTES, async () => (await import('./api/ui.js')).uiRoutes(VERSION)),
    ];
  }

  /** extraRoutes is where the query, rules, alerts and silences APIs join. */
  private extraRoutes(): Route[] {
    return [
      ...queryRoutes({
        store: this.store,
        now: () => this.clock.now(),
        engine: () => this.engineOptions(),
        version: VERSION,
      }),
      ...alertsRoutes({
        groups: () => this.rules.groups(),
        diagnoses: () => this.diagnosis.latest(),
        sentWith: (a) => this.diagnosis.sentWith(a),
        silences: () => this.notifier?.silences,
        now: () => this.clock.now(),
        suppressed: (labels) => this.notifier?.suppressed(labels, this.clock.now()),
      }),
      ...lazyRoutes(CHART_ROUTES, async () =>
        (await import('./api/chart.js')).chartRoutes({
          store: this.store,
          now: () => this.clock.now(),
          windowMs: () => this.config.diagnosis.windowMs,
          verdictOf: (job, instance) => this.diagnosis.latest().find((x) => x.target === `${job}/${instance}`)?.verdict,
        }),
      ),
      ...lazyRoutes(ALERTMANAGER_ROUTES, async () =>
        (await import('./api/alertmanager.js')).alertmanagerRoutes({
          notifier: () => this.notifier,
          notifyConfig: () => this.config.notify,
          now: () => this.clock.now(),
          startedAt: this.startedAt,
          version: VERSION,
          resolveTimeoutMs: DEFAULT_RESOLVE_TIMEOUT,
        }),
      ),
    ];
  }

  /** externalUrl is where links in alerts point: server.external_url, else one from the listen address. */
  private externalUrl(config: Config): string {
    return effectiveExternalUrl(config.server.externalUrl, this.opts.listen ?? config.server.listenAddress, hostname());
  }

  private engineOptions(): { lookbackDeltaMs: number; subqueryStepMs: number; timeoutMs: number; maxSamples: number } {
    // Rules and the query API share the limits, as Prometheus' one engine does.
    const q = this.config.query;
    return { lookbackDeltaMs: 5 * 60_000, subqueryStepMs: this.config.global.evaluationIntervalMs, timeoutMs: q.timeoutMs, maxSamples: q.maxSamples };
  }

  private makeNotifier(config: Config): Notifier {
    const ext = this.externalUrl(config);
    const raw = {
      ...(config.notify as RawNotifyConfig),
      ...(ext ? { external_url: ext } : {}),
      external_labels: config.global.externalLabels,
    } as RawNotifyConfig;
    return createNotifier(raw, {
      dataDir: this.dataDir,
      clock: this.clock,
      log: this.log,
      registry: this.registry,
      baseDir: dirname(config.file),
      chartSource: (n) => {
        const a = n.alerts.find((x) => x.labels['job'] && x.labels['instance']);
        if (!a) return undefined;
        const verdict = a.labels['diagnosis'] as Diagnosis['verdict'] | undefined;
        return chartData(this.store, { job: a.labels['job']!, instance: a.labels['instance']! }, verdict, this.clock.now(), Math.min(this.config.diagnosis.windowMs, 6 * 3_600_000));
      },
    });
  }

  /** origins maps `job/instance` to the scrape target's own scheme://host:port, rebuilt each diagnosis cycle. */
  private origins = new Map<string, string>();

  /** diagnoseAll diagnoses every scrape target and appends the verdict series rules fire on. */
  private diagnoseAll(at: number): void {
    const own = this.pprofTargets();
    this.origins = new Map(own.map((t) => [`${t.job}/${t.instance}`, t.baseUrl]));
    // Datasource targets and local scrape targets alike; runCycle skips a target listed twice.
    const targets = [
      ...(this.mirror?.targets() ?? []),
      ...this.scrape
        .targets()
        .filter((t) => t.labels['job'] && t.labels['instance'])
        .map((t) => ({ job: t.labels['job']!, instance: t.labels['instance']! })),
      ...this.scrape.watchedProcesses().map((p) => ({ job: p.labels['job']!, instance: p.labels['instance']! })),
    ];
    this.diagnosis.runCycle(targets, at, (target, err) => {
      this.metrics.errors.inc({ code: DaemonError.is(err) ? err.code : 'INTERNAL' });
      this.log.error('diagnosis failed', { target, err: errorMessage(err) });
    });
    if (this.config.diagnosis.pprof.enabled) {
      // Profiles are fetched after the verdicts so a target that just turned suspicious is fetched at once;
      // not awaited: a slow target must not hold up the diagnosis job (the collector skips overlapping cycles).
      const leaky = new Set(this.diagnosis.latest().filter((d) => d.findings.some((f) => LEAK_VERDICTS.has(f.verdict))).map((d) => d.target));
      void this.pprof.cycle(own, (t) => leaky.has(`${t.job}/${t.instance}`), at);
    }
  }

  /** pprofTargets are the scrape targets with their own scheme://host:port (not a label's idea of it). */
  private pprofTargets(): CollectTarget[] {
    return this.scrape
      .targets()
      .filter((t) => t.labels['job'] && t.labels['instance'])
      .map((t) => ({ job: t.labels['job']!, instance: t.labels['instance']!, baseUrl: new URL(t.url).origin }));
  }

  /** enrichDiagnosis adds pprof's "where" and puts the instance's real URL into the advice. */
  private enrichDiagnosis(d: Diagnosis, t: TargetLabels): Diagnosis {
    const own = this.origins.get(`${t.job}/${t.instance}`);
    const baseUrl = own ?? (/^[\w.-]+:\d+$/.test(t.instance) ? `http://${t.instance}` : undefined);
    const r = own ? this.pprof.report({ job: t.job, instance: t.instance, baseUrl: own }) : undefined;
    return r ? applyPprof(d, r, baseUrl) : withInstanceUrl(d, baseUrl);
  }

  /**
   * onAlerts joins diagnoses to the alerts that want one, then hands them to the notifier. A send
   * failure is logged; the notifier's outbox keeps whatever it accepted.
   */
  private async onAlerts(alerts: readonly Alert[], rule: AlertingRuleDef): Promise<void> {
    const now = this.clock.now();
    let out: readonly Alert[] = alerts;
    try {
      const windowMs = typeof rule.diagnose?.['window'] === 'string' ? parseDuration(rule.diagnose['window']) : undefined;
      out = this.diagnosis.attach(alerts, rule.diagnose ? { diagnose: windowMs ? { windowMs } : {} } : {}, now);
    } catch (err) {
      // A diagnosis that cannot be made must not hold back the alert itself.
      this.log.error('attaching the diagnosis failed; sending the alert without it', { rule: rule.name, err: errorMessage(err) });
    }
    this.armDiagnosisWait();
    await this.sendAlerts(out, now, rule.name);
  }

  private async sendAlerts(alerts: readonly Alert[], at: number, rule: string): Promise<void> {
    if (alerts.length === 0) return;
    try {
      await this.notifier?.send(alerts, at);
    } catch (err) {
      this.metrics.errors.inc({ code: DaemonError.is(err) ? err.code : 'INTERNAL' });
      this.log.error('handing alerts to the notifier failed', { rule, err: errorMessage(err) });
    }
  }

  private diagnosisWaitTimer: TimerHandle | undefined;

  /** armDiagnosisWait sets one timer at the earliest diagnosis_wait deadline of a held first send. */
  private armDiagnosisWait(): void {
    if (this.diagnosisWaitTimer !== undefined) this.clock.clearTimeout(this.diagnosisWaitTimer);
    this.diagnosisWaitTimer = undefined;
    const next = this.diagnosis.nextDeadline();
    if (next === undefined || this.stopping) return;
    this.diagnosisWaitTimer = this.clock.setTimeout(() => {
      this.diagnosisWaitTimer = undefined;
      void this.releaseHeld(this.clock.now());
    }, Math.max(0, next - this.clock.now()));
  }

  /** releaseHeld sends the held first notifications that now have a verdict or waited long enough. */
  private async releaseHeld(at: number): Promise<void> {
    let out: Alert[] = [];
    try {
      out = this.diagnosis.release(at);
    } catch (err) {
      this.log.error('re-diagnosing held alerts failed', { err: errorMessage(err) });
    }
    this.armDiagnosisWait();
    await this.sendAlerts(out, at, 'diagnosis_wait');
  }

  /** stop drains in-flight work, saves state and closes the server. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.ready = false;
      this.ticker?.stop();
      this.guard.stop();
      clearInterval(this.refusalTimer);
      if (this.diagnosisWaitTimer !== undefined) this.clock.clearTimeout(this.diagnosisWaitTimer);
      this.rulesGate?.stop();
      this.fileSd.stop();
      await this.scheduler.stop();
      await this.rules?.stop().catch((err: unknown) => this.log.error('saving alert state failed', { err: errorMessage(err) }));
      await this.notifier?.stop().catch((err: unknown) => this.log.error('stopping the notifier failed', { err: errorMessage(err) }));
      await this.maintenance?.stop().catch((err: unknown) => this.log.error('final snapshot failed', { err: errorMessage(err) }));
      await this.server?.close();
      this.log.info('stopped');
    })();
    return this.stopping;
  }
}
