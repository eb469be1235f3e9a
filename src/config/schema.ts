/**
 * schema: the JSON Schema (draft-07, for ajv) of the daemon config file as written in YAML, and the
 * raw shape it guarantees. Every object sets `additionalProperties: false` so a typo is an error,
 * never a silently ignored setting. Durations stay strings here (format `duration`), sizes may be
 * `10MB`-style strings; load.ts turns them into numbers once the shape is known to be right.
 */
import { notifySectionSchemas } from './schema-notify.js';
import type { RawScrapeLimits } from './scrape-limits.js';
import { scrapeLimitsSchema } from './scrape-limits.js';

/** RawSecretRefs are the raw fields a secret may come from. */
export interface RawBasicAuth {
  username?: string;
  password?: string;
  password_file?: string;
}

/** RawAuthorization is the raw `authorization` block. */
export interface RawAuthorization {
  type?: string;
  credentials?: string;
  credentials_file?: string;
}

/** RawTls is the raw `tls_config` block. */
export interface RawTls {
  ca_file?: string;
  cert_file?: string;
  key_file?: string;
  insecure_skip_verify?: boolean;
  server_name?: string;
}

/** RawHttpClient is what scrape configs and the datasource share. */
export interface RawHttpClient {
  basic_auth?: RawBasicAuth;
  authorization?: RawAuthorization;
  bearer_token?: string;
  bearer_token_file?: string;
  tls_config?: RawTls;
}

/** RawScrapeConfig is one raw `scrape_configs` entry. */
export interface RawScrapeConfig extends RawHttpClient {
  job_name: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  metrics_path?: string;
  scheme?: 'http' | 'https';
  honor_labels?: boolean;
  honor_timestamps?: boolean;
  params?: Record<string, string[]>;
  sample_limit?: number;
  body_size_limit?: string | number;
  label_limit?: number;
  label_name_length_limit?: number;
  label_value_length_limit?: number;
  static_configs?: Array<{
    targets?: string[];
    labels?: Record<string, string>;
    cgroup?: { path?: string; pid?: number; pidfile?: string; systemd_unit?: string };
  }>;
  file_sd_configs?: Array<{ files: string[]; refresh_interval?: string }>;
}

/** RawConfig is the config file's shape once the schema accepted it. */
export interface RawConfig {
  global?: {
    scrape_interval?: string;
    scrape_timeout?: string;
    evaluation_interval?: string;
    external_labels?: Record<string, string>;
    query_log?: string;
  } & RawScrapeLimits;
  server?: { listen_address?: string; external_url?: string; read_timeout?: string };
  query?: { timeout?: string; max_samples?: number };
  storage?: {
    data_dir?: string;
    raw_retention?: string;
    history_retention?: string;
    keep_all_series?: boolean;
    snapshot_interval?: string;
    max_series?: number;
    memory_budget?: string | number;
  };
  scrape_configs?: RawScrapeConfig[];
  cgroup_discovery?: {
    enabled?: boolean;
    cgroup_root?: string;
    proc_root?: string;
    include?: string[];
    exclude?: string[];
    interval?: string;
  };
  go_discovery?: {
    enabled?: boolean;
    interval?: string;
    include?: string[];
    exclude?: string[];
    max_ports?: number;
    probe_timeout?: string;
  };
  rule_files?: string[];
  datasource?: RawHttpClient & { url: string; timeout?: string; container_match?: string[] };
  diagnosis?: {
    enabled?: boolean;
    window?: string;
    min_window?: string;
    diagnosis_wait?: string;
    pprof?: { enabled?: boolean; allow_non_loopback?: boolean; jobs?: string[]; interval?: string; suspect_interval?: string; keep?: number; timeout?: string };
  };
  [notifySection: string]: unknown;
}

const duration = { type: 'string', format: 'duration' } as const;
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const labelName = { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' } as const;
const labelMap = { type: 'object', propertyNames: labelName, additionalProperties: str } as const;
const strList = { type: 'array', items: str } as const;

function obj(properties: Record<string, object>, required: string[] = []): object {
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

const basicAuth = obj({ username: str, password: str, password_file: str });
const authorization = obj({ type: str, credentials: str, credentials_file: str });
const tlsConfig = obj({ ca_file: str, cert_file: str, key_file: str, insecure_skip_verify: bool, server_name: str });
const httpClient = { basic_auth: basicAuth, authorization, bearer_token: str, bearer_token_file: str, tls_config: tlsConfig };

const cgroupRef = {
  ...obj({ path: str, pid: { type: 'integer', minimum: 1 }, pidfile: str, systemd_unit: str }),
  minProperties: 1,
  maxProperties: 1,
};

/**
 * PROMETHEUS_ONLY_FIELDS are valid Prometheus fields that leaksleuth does not implement, per section;
 * they get a "not supported" message instead of "unknown field" so a pasted prometheus.yml fails clearly.
 */
export const PROMETHEUS_ONLY_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  root: new Set(['remote_write', 'remote_read', 'tracing', 'otlp', 'runtime', 'scrape_config_files', 'storage_config']),
  global: new Set(['rule_query_offset', 'scrape_protocols', 'target_limit', 'keep_dropped_targets', 'metric_name_validation_scheme', 'scrape_failure_log_file', 'always_scrape_classic_histograms', 'convert_classic_histograms_to_nhcb']),
  scrape_config: new Set([
    'relabel_configs', 'metric_relabel_configs', 'kubernetes_sd_configs', 'consul_sd_configs', 'dns_sd_configs',
    'ec2_sd_configs', 'http_sd_configs', 'docker_sd_configs', 'dockerswarm_sd_configs', 'azure_sd_configs',
    'gce_sd_configs', 'openstack_sd_configs', 'nomad_sd_configs', 'eureka_sd_configs', 'serverset_sd_configs',
    'marathon_sd_configs', 'digitalocean_sd_configs', 'hetzner_sd_configs', 'linode_sd_configs', 'scaleway_sd_configs',
    'uyuni_sd_configs', 'vultr_sd_configs', 'puppetdb_sd_configs', 'triton_sd_configs', 'lightsail_sd_configs',
    'ionos_sd_configs', 'kuma_sd_configs', 'nerve_sd_configs', 'ovhcloud_sd_configs',
    'proxy_url', 'no_proxy', 'proxy_from_environment', 'proxy_connect_header', 'oauth2', 'follow_redirects', 'enable_http2',
    'http_headers', 'target_limit', 'keep_dropped_targets',
    'scrape_protocols', 'scrape_classic_histograms', 'always_scrape_classic_histograms', 'native_histogram_bucket_limit',
    'native_histogram_min_bucket_factor', 'track_timestamps_staleness', 'enable_compression', 'scrape_failure_log_file',
    'metric_name_validation_scheme', 'metric_name_escaping_scheme', 'fallback_scrape_protocol', 'convert_classic_histograms_to_nhcb',
  ]),
};

const scrapeConfig = obj(
  {
    job_name: { type: 'string', minLength: 1 },
    scrape_interval: duration,
    scrape_timeout: duration,
    metrics_path: { type: 'string', pattern: '^/' },
    scheme: { type: 'string', enum: ['http', 'https'] },
    honor_labels: bool,
    honor_timestamps: bool,
    params: { type: 'object', additionalProperties: strList },
    ...scrapeLimitsSchema,
    ...httpClient,
    static_configs: {
      type: 'array',
      items: obj({ targets: strList, labels: labelMap, cgroup: cgroupRef }),
    },
    file_sd_configs: {
      type: 'array',
      items: obj({ files: { type: 'array', items: str, minItems: 1 }, refresh_interval: duration }, ['files']),
    },
  },
  ['job_name'],
);

/** configSchema is the whole config file's JSON Schema; the notify sections come from schema-notify.ts. */
export const configSchema: object = obj({
  global: obj({
    scrape_interval: duration,
    scrape_timeout: duration,
    evaluation_interval: duration,
    external_labels: labelMap,
    query_log: str,
    ...scrapeLimitsSchema,
  }),
  server: obj({
    listen_address: { type: 'string', pattern: '^(\\[[0-9a-fA-F:.]+\\]|[^\\s:/\\[\\]]*):[0-9]{1,5}$' },
    external_url: str,
    read_timeout: duration,
  }),
  query: obj({
    timeout: duration,
    max_samples: { type: 'integer', minimum: 1 },
  }),
  storage: obj({
    data_dir: { type: 'string', minLength: 1 },
    raw_retention: duration,
    history_retention: duration,
    keep_all_series: bool,
    snapshot_interval: duration,
    max_series: { type: 'integer', minimum: 1 },
    memory_budget: { type: ['string', 'integer'], format: 'size-or-auto', minimum: 0 },
  }),
  scrape_configs: { type: 'array', items: scrapeConfig },
  cgroup_discovery: obj({
    enabled: bool,
    cgroup_root: { type: 'string', minLength: 1 },
    proc_root: { type: 'string', minLength: 1 },
    include: { type: 'array', items: { type: 'string', minLength: 1 } },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    interval: duration,
  }),
  go_discovery: obj({
    enabled: bool,
    interval: duration,
    include: { type: 'array', items: { type: 'string', minLength: 1 } },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    max_ports: { type: 'integer', minimum: 1, maximum: 64 },
    probe_timeout: duration,
  }),
  rule_files: { type: 'array', items: { type: 'string', minLength: 1 } },
  datasource: obj({ url: { type: 'string', pattern: '^https?://' }, timeout: duration, container_match: { type: 'array', items: labelName, minItems: 1 }, ...httpClient }, ['url']),
  diagnosis: obj({
    enabled: bool,
    window: duration,
    min_window: duration,
    diagnosis_wait: duration,
    pprof: obj({ enabled: bool, allow_non_loopback: bool, jobs: { type: 'array', items: { type: 'string', minLength: 1 } }, interval: duration, suspect_interval: duration, keep: { type: 'integer', minimum: 2, maximum: 20 }, timeout: duration }),
  }),
  ...notifySectionSchemas,
});
