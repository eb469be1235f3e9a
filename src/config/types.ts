/**
 * types: the typed, validated, deep-frozen daemon configuration that every other stage receives.
 * Field names are camelCase; durations are milliseconds (`…Ms`); sizes are bytes. Paths that the
 * config names (rule files, file_sd globs, TLS and secret files) are already absolute, resolved
 * against the config file's directory as Prometheus does. Nothing past config/ re-validates these.
 */
import type { Labels } from '../model/labels.js';
import type { CgroupSpec } from '../model/cgroup.js';
import type { Secret } from './secret.js';

export type { CgroupSpec } from '../model/cgroup.js';

/** BasicAuth is HTTP basic authentication; the password came from the config, a file or the environment. */
export interface BasicAuth {
  readonly username: string;
  readonly password: Secret;
}

/** Authorization is an `Authorization: <type> <credentials>` header (legacy bearer_token maps here too). */
export interface Authorization {
  readonly type: string;
  readonly credentials: Secret;
}

/** TlsConfig names the files and options for HTTPS scrapes and queries. */
export interface TlsConfig {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly insecureSkipVerify: boolean;
  readonly serverName?: string;
}

/** StaticConfig is one `static_configs` entry: addresses, extra labels and an optional cgroup. */
export interface StaticConfig {
  readonly targets: readonly string[];
  readonly labels: Labels;
  readonly cgroup?: CgroupSpec;
}

/** FileSdConfig is one `file_sd_configs` entry; `files` are absolute globs. */
export interface FileSdConfig {
  readonly files: readonly string[];
  readonly refreshIntervalMs: number;
}

/** ScrapeConfig is one `scrape_configs` job with every default applied. */
export interface ScrapeConfig {
  readonly jobName: string;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly metricsPath: string;
  readonly scheme: 'http' | 'https';
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly params: Readonly<Record<string, readonly string[]>>;
  /** sampleLimit is the most samples one scrape may return; 0 means no limit. */
  readonly sampleLimit: number;
  /** bodySizeLimit is the most bytes one scrape may read; 0 means no limit. */
  readonly bodySizeLimit: number;
  /** labelLimit, labelNameLengthLimit, labelValueLengthLimit bound every series of a scrape; 0 means no limit. */
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  readonly basicAuth?: BasicAuth;
  readonly authorization?: Authorization;
  readonly tls?: TlsConfig;
  readonly staticConfigs: readonly StaticConfig[];
  readonly fileSdConfigs: readonly FileSdConfig[];
}

/** GlobalConfig holds the defaults every job and rule group inherits. */
export interface GlobalConfig {
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly evaluationIntervalMs: number;
  readonly externalLabels: Labels;
  readonly queryLog?: string;
}

/** ServerConfig is the daemon's own HTTP listener. */
export interface ServerConfig {
  readonly listenAddress: string;
  readonly externalUrl: string;
  readonly readTimeoutMs?: number;
}

/** QueryConfig limits one PromQL evaluation, like Prometheus' --query.timeout and --query.max-samples. */
export interface QueryConfig {
  readonly timeoutMs: number;
  readonly maxSamples: number;
}

/** StorageConfig sizes the in-memory series store and its snapshots. */
export interface StorageConfig {
  readonly dataDir: string;
  readonly rawRetentionMs: number;
  readonly historyRetentionMs: number;
  readonly keepAllSeries: boolean;
  readonly snapshotIntervalMs: number;
  readonly maxSeries: number;
  /** memoryBudget is the RSS past which new series are refused: bytes, 0 for none, or `auto` (see memory-limit.ts). */
  readonly memoryBudget: number | 'auto';
}

/** CgroupDiscoveryConfig controls finding cgroups that no scrape target names. */
export interface CgroupDiscoveryConfig {
  readonly enabled: boolean;
  readonly cgroupRoot: string;
  readonly procRoot: string;
  /** include/exclude are glob patterns over cgroup paths or names (`*` within a segment, `**` across `/`, `?` one character); a pattern must match the whole path or the whole name. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly intervalMs: number;
}

/** GoDiscoveryConfig controls finding the Go processes on this host (docs/configuration.md). */
export interface GoDiscoveryConfig {
  readonly enabled: boolean;
  readonly intervalMs: number;
  /** include/exclude are cgroup_discovery's glob patterns, matched against the process name, its systemd unit and its container id. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** maxPorts bounds the loopback ports probed per process. */
  readonly maxPorts: number;
  readonly probeTimeoutMs: number;
}

/** DatasourceConfig points the daemon at a Prometheus-compatible query API instead of scraping. */
export interface DatasourceConfig {
  readonly url: string;
  readonly basicAuth?: BasicAuth;
  readonly authorization?: Authorization;
  readonly tls?: TlsConfig;
  readonly timeoutMs: number;
  /**
   * containerMatch names the labels shared by a Go target's series and its container's cAdvisor
   * series (e.g. namespace, pod, container), so the diagnosis can pair them; absent, container
   * series are read only when they carry the target's own job and instance.
   */
  readonly containerMatch?: readonly string[];
}

/** DiagnosisConfig controls the memory-growth diagnosis pipeline. */
export interface DiagnosisConfig {
  readonly enabled: boolean;
  readonly windowMs: number;
  readonly minWindowMs: number;
  /** diagnosisWaitMs bounds how long an alert's first notification waits for a verdict (0: no wait). */
  readonly diagnosisWaitMs: number;
  readonly pprof: PprofConfig;
}

/** PprofConfig: which targets' /debug/pprof the diagnosis may fetch, how often, and how many profiles it keeps. */
export interface PprofConfig {
  readonly enabled: boolean;
  readonly allowNonLoopback: boolean;
  /** jobs opted in; undefined means every scrape job. */
  readonly jobs?: readonly string[];
  readonly intervalMs: number;
  readonly suspectIntervalMs: number;
  readonly keep: number;
  readonly timeoutMs: number;
}

/** NotifySections are the Alertmanager-style sections, validated by schema-notify.ts and passed through as written. */
export interface NotifySections {
  readonly alerting?: unknown;
  readonly route?: unknown;
  readonly receivers?: unknown;
  readonly inhibit_rules?: unknown;
  readonly [section: string]: unknown;
}

/** Config is the whole validated configuration. */
export interface Config {
  /** file is the absolute path of the config file (or the name given to loadConfigText). */
  readonly file: string;
  readonly global: GlobalConfig;
  readonly server: ServerConfig;
  readonly query: QueryConfig;
  readonly storage: StorageConfig;
  readonly scrapeConfigs: readonly ScrapeConfig[];
  readonly cgroupDiscovery: CgroupDiscoveryConfig;
  readonly goDiscovery: GoDiscoveryConfig;
  readonly ruleFiles: readonly string[];
  readonly datasource?: DatasourceConfig;
  readonly diagnosis: DiagnosisConfig;
  readonly notify: NotifySections;
}

/** ConfigIssue is one problem found in a config file, already placed at its line and column. */
export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}
