/**
 * convert: turns a schema-valid RawConfig into the typed Config: applies defaults, parses durations
 * and sizes, resolves paths against the config file's directory, reads `*_file` secrets and expands
 * `${ENV}` in secret fields. Problems that a schema cannot express (timeout above interval, two
 * credentials for one client, a missing secret file) are added to the sink at their YAML position.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseDuration } from '../model/duration.js';
import { compileRelabelConfig, type RawRelabelConfig } from '../model/relabel.js';
import type { IssueSink } from './issues.js';
import type { RawConfig, RawHttpClient, RawScrapeConfig } from './schema.js';
import { expandSecretEnv, Secret } from './secret.js';
import type { ScrapeLimits } from './scrape-limits.js';
import { parseSize } from './size.js';
import { DEFAULT_SCRAPE_LIMITS, resolveScrapeLimits } from './scrape-limits.js';
import type { Authorization, BasicAuth, CgroupSpec, Config, ScrapeConfig, StaticConfig, TlsConfig } from './types.js';
import type { YamlPath } from './yaml.js';

/** ConvertContext carries what conversion needs besides the raw value. */
export interface ConvertContext {
  readonly file: string;
  readonly dir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly sink: IssueSink;
}

/** DEFAULTS are the documented defaults (docs/configuration.md lists the same values). */
export const DEFAULTS = {
  scrapeInterval: '15s',
  scrapeTimeout: '10s',
  evaluationInterval: '1m',
  listenAddress: '127.0.0.1:9817',
  dataDir: 'data',
  rawRetention: '3h',
  historyRetention: '14d',
  snapshotInterval: '5m',
  maxSeries: 200000,
  cgroupRoot: '/sys/fs/cgroup',
  procRoot: '/proc',
  cgroupInterval: '15s',
  fileSdRefresh: '5m',
  datasourceTimeout: '30s',
  goDiscoveryInterval: '15s',
  goDiscoveryMaxPorts: 8,
  goDiscoveryProbeTimeout: '2s',
  diagnosisWindow: '6h',
  // The span the detectors' evidence requirements were validated at (DiagnoseOptions.minSpanMs, `diagnose`).
  diagnosisMinWindow: '5m',
  // Two diagnosis cycles at the default 1m evaluation interval; the reasoning is in docs/configuration.md.
  diagnosisWait: '2m',
  queryTimeout: '2m',
  queryMaxSamples: 50_000_000,
} as const;

function dur(raw: string | undefined, fallback: string): number {
  // The schema's `duration` format already ran parseDuration, so this cannot throw for raw input.
  return parseDuration(raw ?? fallback);
}

function abs(ctx: ConvertContext, p: string): string {
  return isAbsolute(p) ? p : resolve(ctx.dir, p);
}

/** convertConfig builds the typed Config; the caller checks the sink before trusting the result. */
export function convertConfig(raw: RawConfig, ctx: ConvertContext): Config {
  const g = raw.global ?? {};
  const globalInterval = dur(g.scrape_interval, DEFAULTS.scrapeInterval);
  // Like Prometheus: an unset timeout is 10s, or the interval when that is shorter.
  const globalTimeout = g.scrape_timeout !== undefined ? dur(g.scrape_timeout, DEFAULTS.scrapeTimeout) : Math.min(dur(undefined, DEFAULTS.scrapeTimeout), globalInterval);
  if (globalTimeout > globalInterval) {
    ctx.sink.add(['global', 'scrape_timeout'], `scrape timeout ${g.scrape_timeout ?? DEFAULTS.scrapeTimeout} is greater than scrape interval ${g.scrape_interval ?? DEFAULTS.scrapeInterval}`);
  }
  const s = raw.storage ?? {};
  const cd = raw.cgroup_discovery ?? {};
  const d = raw.diagnosis ?? {};
  const gd = raw.go_discovery ?? {};
  const gdInterval = dur(gd.interval, DEFAULTS.goDiscoveryInterval);
  const gdProbeTimeout = dur(gd.probe_timeout, DEFAULTS.goDiscoveryProbeTimeout);
  if (gdInterval === 0) ctx.sink.add(['go_discovery', 'interval'], 'must be greater than 0');
  if (gdProbeTimeout === 0) ctx.sink.add(['go_discovery', 'probe_timeout'], 'must be greater than 0');
  else if (gdProbeTimeout >= gdInterval) ctx.sink.add(['go_discovery', 'probe_timeout'], `probe timeout ${gd.probe_timeout ?? DEFAULTS.goDiscoveryProbeTimeout} must be shorter than go_discovery.interval ${gd.interval ?? DEFAULTS.goDiscoveryInterval}`);
  const windowMs = dur(d.window, DEFAULTS.diagnosisWindow);
  const minWindowMs = dur(d.min_window, DEFAULTS.diagnosisMinWindow);
  if (minWindowMs > windowMs) ctx.sink.add(['diagnosis', 'min_window'], 'must not be longer than diagnosis.window');

  const globalLimits = resolveScrapeLimits(g, DEFAULT_SCRAPE_LIMITS);
  const seenJobs = new Map<string, number>();
  const scrapeConfigs = (raw.scrape_configs ?? []).map((sc, i) => {
    const prev = seenJobs.get(sc.job_name);
    if (prev !== undefined) ctx.sink.add(['scrape_configs', i, 'job_name'], `duplicate job_name "${sc.job_name}" (first used by scrape_configs[${prev}])`);
    else seenJobs.set(sc.job_name, i);
    return convertScrape(sc, ['scrape_configs', i], globalInterval, globalTimeout, globalLimits, ctx);
  });

  const notify: Record<string, unknown> = {};
  for (const key of ['alerting', 'route', 'receivers', 'inhibit_rules', 'silences']) {
    if (raw[key] !== undefined) notify[key] = raw[key];
  }

  const relabels = (raw['alerting'] as { alert_relabel_configs?: RawRelabelConfig[] } | undefined)?.alert_relabel_configs ?? [];
  relabels.forEach((rc, i) => {
    const c = compileRelabelConfig(rc);
    if ('error' in c) ctx.sink.add(['alerting', 'alert_relabel_configs', i, ...(c.error.field ? [c.error.field] : [])], c.error.message);
  });

  return {
    file: ctx.file,
    global: {
      scrapeIntervalMs: globalInterval,
      scrapeTimeoutMs: globalTimeout,
      evaluationIntervalMs: dur(g.evaluation_interval, DEFAULTS.evaluationInterval),
      externalLabels: { ...(g.external_labels ?? {}) },
      ...(g.query_log !== undefined ? { queryLog: abs(ctx, g.query_log) } : {}),
    },
    server: {
      listenAddress: raw.server?.listen_address ?? DEFAULTS.listenAddress,
      externalUrl: checkedUrl(raw.server?.external_url ?? '', ['server', 'external_url'], ctx),
      ...(raw.server?.read_timeout !== undefined ? { readTimeoutMs: dur(raw.server.read_timeout, '0') } : {}),
    },
    query: {
      timeoutMs: dur(raw.query?.timeout, DEFAULTS.queryTimeout),
      maxSamples: raw.query?.max_samples ?? DEFAULTS.queryMaxSamples,
    },
    storage: {
      dataDir: s.data_dir ?? DEFAULTS.dataDir,
      rawRetentionMs: dur(s.raw_retention, DEFAULTS.rawRetention),
      historyRetentionMs: dur(s.history_retention, DEFAULTS.historyRetention),
      keepAllSeries: s.keep_all_series ?? true,
      snapshotIntervalMs: dur(s.snapshot_interval, DEFAULTS.snapshotInterval),
      maxSeries: s.max_series ?? DEFAULTS.maxSeries,
      memoryBudget: s.memory_budget === undefined || s.memory_budget === 'auto' ? 'auto' : (parseSize(s.memory_budget) ?? 0),
    },
    scrapeConfigs,
    cgroupDiscovery: {
      // In datasource mode the remote Prometheus already has the containers (cAdvisor), so local
      // discovery is opt-in there.
      enabled: cd.enabled ?? !raw.datasource,
      cgroupRoot: cd.cgroup_root ?? DEFAULTS.cgroupRoot,
      procRoot: cd.proc_root ?? DEFAULTS.procRoot,
      include: cd.include ?? [],
      exclude: cd.exclude ?? [],
      intervalMs: dur(cd.interval, DEFAULTS.cgroupInterval),
    },
    goDiscovery: {
      // Like cgroup discovery: in datasource mode the remote Prometheus already knows the targets.
      enabled: gd.enabled ?? !raw.datasource,
      intervalMs: gdInterval,
      include: gd.include ?? [],
      exclude: gd.exclude ?? [],
      maxPorts: gd.max_ports ?? DEFAULTS.goDiscoveryMaxPorts,
      probeTimeoutMs: gdProbeTimeout,
    },
    ruleFiles: (raw.rule_files ?? []).map((f) => abs(ctx, f)),
    ...(raw.datasource
      ? {
          datasource: {
            url: raw.datasource.url,
            timeoutMs: dur(raw.datasource.timeout, DEFAULTS.datasourceTimeout),
            ...(raw.datasource.container_match ? { containerMatch: [...raw.datasource.container_match] } : {}),
            ...httpClient(raw.datasource, ['datasource'], ctx),
          },
        }
      : {}),
    diagnosis: {
      enabled: d.enabled ?? true,
      windowMs,
      minWindowMs,
      diagnosisWaitMs: dur(d.diagnosis_wait, DEFAULTS.diagnosisWait),
      pprof: {
        enabled: d.pprof?.enabled ?? false,
        allowNonLoopback: d.pprof?.allow_non_loopback ?? false,
        ...(d.pprof?.jobs ? { jobs: [...d.pprof.jobs] } : {}),
        intervalMs: dur(d.pprof?.interval, '30m'),
        suspectIntervalMs: dur(d.pprof?.suspect_interval, '5m'),
        keep: d.pprof?.keep ?? 4,
        timeoutMs: dur(d.pprof?.timeout, '10s'),
      },
    },
    notify,
  };
}

function checkedUrl(u: string, path: YamlPath, ctx: ConvertContext): string {
  if (u === '') return u;
  try {
    const parsed = new URL(u);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    ctx.sink.add(path, `must be an absolute http:// or https:// URL, got ${JSON.stringify(u)}`);
  }
  return u;
}

function convertScrape(sc: RawScrapeConfig, path: YamlPath, gInterval: number, gTimeout: number, gLimits: ScrapeLimits, ctx: ConvertContext): ScrapeConfig {
  const interval = sc.scrape_interval !== undefined ? dur(sc.scrape_interval, '0') : gInterval;
  // Like Prometheus: a job with a shorter interval than the global timeout inherits its interval as timeout.
  const timeout = sc.scrape_timeout !== undefined ? dur(sc.scrape_timeout, '0') : Math.min(gTimeout, interval);
  if (timeout > interval) ctx.sink.add([...path, 'scrape_timeout'], `scrape timeout ${sc.scrape_timeout ?? ''} is greater than scrape interval ${sc.scrape_interval ?? 'global.scrape_interval'}`);
  if (interval === 0) ctx.sink.add([...path, 'scrape_interval'], 'must be greater than 0');
  const staticConfigs = (sc.static_configs ?? []).map((st, j): StaticConfig => {
    (st.targets ?? []).forEach((t, k) => checkTarget(t, [...path, 'static_configs', j, 'targets', k], ctx));
    return {
      targets: st.targets ?? [],
      labels: { ...(st.labels ?? {}) },
      ...(st.cgroup ? { cgroup: st.cgroup as CgroupSpec } : {}),
    };
  });
  return {
    jobName: sc.job_name,
    scrapeIntervalMs: interval,
    scrapeTimeoutMs: timeout,
    metricsPath: sc.metrics_path ?? '/metrics',
    scheme: sc.scheme ?? 'http',
    honorLabels: sc.honor_labels ?? false,
    honorTimestamps: sc.honor_timestamps ?? true,
    params: sc.params ?? {},
    ...resolveScrapeLimits(sc, gLimits),
    staticConfigs,
    fileSdConfigs: (sc.file_sd_configs ?? []).map((f) => ({
      files: f.files.map((x) => abs(ctx, x)),
      refreshIntervalMs: dur(f.refresh_interval, DEFAULTS.fileSdRefresh),
    })),
    ...httpClient(sc, path, ctx),
  };
}

/** checkTarget rejects what Prometheus rejects in `targets`: schemes, paths and blanks. */
function checkTarget(t: string, path: YamlPath, ctx: ConvertContext): void {
  if (t.includes('://')) ctx.sink.add(path, `target "${t}" must be host:port without a scheme (set scheme: instead)`);
  else if (t.includes('/')) ctx.sink.add(path, `target "${t}" must be host:port without a path (set metrics_path: instead)`);
  else if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/.test(t)) ctx.sink.add(path, `target "${t}" is not a valid host:port`);
}

type ClientParts = { basicAuth?: BasicAuth; authorization?: Authorization; tls?: TlsConfig };

function httpClient(raw: RawHttpClient, path: YamlPath, ctx: ConvertContext): ClientParts {
  const out: ClientParts = {};
  const schemes = [raw.basic_auth && 'basic_auth', raw.authorization && 'authorization', (raw.bearer_token !== undefined || raw.bearer_token_file !== undefined) && 'bearer_token'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (schemes.length > 1) ctx.sink.add([...path, schemes[1]!], `at most one of basic_auth, authorization and bearer_token may be set (found ${schemes.join(', ')})`, { key: true });
  if (raw.basic_auth) {
    const b = raw.basic_auth;
    const p = [...path, 'basic_auth'];
    out.basicAuth = { username: b.username ?? '', password: secret(b.password, b.password_file, p, 'password', ctx) };
  }
  if (raw.authorization) {
    const a = raw.authorization;
    const p = [...path, 'authorization'];
    if (a.type !== undefined && a.type.toLowerCase() === 'basic') ctx.sink.add([...p, 'type'], 'authorization type "Basic" is not allowed; use basic_auth');
    out.authorization = { type: a.type ?? 'Bearer', credentials: secret(a.credentials, a.credentials_file, p, 'credentials', ctx) };
  } else if (raw.bearer_token !== undefined || raw.bearer_token_file !== undefined) {
    out.authorization = { type: 'Bearer', credentials: secret(raw.bearer_token, raw.bearer_token_file, path, 'bearer_token', ctx) };
  }
  if (raw.tls_config) {
    const t = raw.tls_config;
    const p = [...path, 'tls_config'];
    const file = (field: 'ca_file' | 'cert_file' | 'key_file'): string | undefined => {
      const v = t[field];
      if (v === undefined) return undefined;
      const full = abs(ctx, v);
      readable(full, [...p, field], ctx);
      return full;
    };
    const caFile = file('ca_file');
    const certFile = file('cert_file');
    const keyFile = file('key_file');
    if ((certFile === undefined) !== (keyFile === undefined)) ctx.sink.add(p, 'cert_file and key_file must be set together');
    out.tls = {
      insecureSkipVerify: t.insecure_skip_verify ?? false,
      ...(caFile !== undefined ? { caFile } : {}),
      ...(certFile !== undefined ? { certFile } : {}),
      ...(keyFile !== undefined ? { keyFile } : {}),
      ...(t.server_name !== undefined ? { serverName: t.server_name } : {}),
    };
  }
  return out;
}

function readable(full: string, path: YamlPath, ctx: ConvertContext): string | undefined {
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : code;
    ctx.sink.add(path, `cannot read "${full}": ${why}`);
    return undefined;
  }
}

/** secret reads an inline (env-expanded) or file-backed secret; both at once is an error. */
function secret(inline: string | undefined, file: string | undefined, path: YamlPath, field: string, ctx: ConvertContext): Secret {
  const fileField = `${field}_file`;
  if (inline !== undefined && file !== undefined) {
    ctx.sink.add([...path, fileField], `at most one of ${field} and ${fileField} may be set`, { key: true });
  }
  if (file !== undefined) {
    // Prometheus trims the file's surrounding whitespace: editors add a trailing newline.
    const text = readable(abs(ctx, file), [...path, fileField], ctx);
    return new Secret((text ?? '').trim());
  }
  if (inline === undefined) return new Secret('');
  const { value, missing } = expandSecretEnv(inline, ctx.env);
  for (const name of missing) ctx.sink.add([...path, field], `environment variable ${name} is not set`);
  return new Secret(value);
}
