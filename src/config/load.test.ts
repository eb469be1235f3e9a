import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { checkConfigFile, formatIssues, loadConfigFile, loadConfigText, type LoadResult } from './load.js';
import type { Config } from './types.js';

const fixtures = join(import.meta.dirname, '../../test/fixtures/config');
const examples = join(import.meta.dirname, '../../config');

function ok(r: LoadResult): Config {
  if ('errors' in r) throw new Error(formatIssues(r.errors));
  return r.config;
}

function errs(r: LoadResult): string {
  if (!('errors' in r)) throw new Error('expected errors, got a config');
  return formatIssues(r.errors);
}

describe('shipped example configs', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.yaml'));
  it('ships the four documented examples', () => {
    expect(files.sort()).toEqual(['container.yaml', 'datasource.yaml', 'leaksleuth.yaml', 'systemd-host.yaml']);
  });
  it.each(files)('%s is valid', (f) => {
    const path = join(examples, f);
    const c = ok(loadConfigText(readFileSync(path, 'utf8'), path, { PROMETHEUS_TOKEN: 'tok' }));
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('the default listens on loopback, keeps data in ./data and reads the repository rules/*.yaml', () => {
    const path = join(examples, 'leaksleuth.yaml');
    const c = ok(loadConfigText(readFileSync(path, 'utf8'), path, {}));
    expect(c.server.listenAddress).toBe('127.0.0.1:9817');
    expect(c.storage.dataDir).toBe('data');
    expect(c.cgroupDiscovery.enabled).toBe(true);
    expect(c.ruleFiles).toEqual([join(examples, '../rules/*.yaml')]);
    // No receivers (alerts go to the log), only the inhibit rules that make one leak one page.
    expect(Object.keys(c.notify)).toEqual(['inhibit_rules']);
  });
  it('datasource.yaml reads its token from the environment and fails without it', () => {
    const path = join(examples, 'datasource.yaml');
    const text = readFileSync(path, 'utf8');
    const c = ok(loadConfigText(text, path, { PROMETHEUS_TOKEN: 's3cr3t' }));
    expect(c.datasource?.authorization?.credentials.reveal()).toBe('s3cr3t');
    expect(errs(loadConfigText(text, 'datasource.yaml', {}))).toBe(
      'datasource.yaml:17:18: datasource.authorization.credentials: environment variable PROMETHEUS_TOKEN is not set',
    );
  });
});

describe('bad configs report every problem at its position', () => {
  const bad = readdirSync(fixtures).filter((f) => f.endsWith('-bad.yaml'));
  it.each(bad)('%s', (f) => {
    const text = readFileSync(join(fixtures, f), 'utf8');
    const expected = readFileSync(join(fixtures, f.replace(/\.yaml$/, '.expected')), 'utf8').trim();
    expect(errs(loadConfigText(text, f, {}))).toBe(expected);
  });
});

describe('defaults and conversion', () => {
  it('an empty file is the all-defaults config', () => {
    const c = ok(loadConfigText('', '/etc/ls/empty.yaml', {}));
    expect(c.global).toEqual({ scrapeIntervalMs: 15_000, scrapeTimeoutMs: 10_000, evaluationIntervalMs: 60_000, externalLabels: {} });
    expect(c.storage).toEqual({
      dataDir: 'data',
      rawRetentionMs: 3 * 3600_000,
      historyRetentionMs: 14 * 86400_000,
      keepAllSeries: true,
      snapshotIntervalMs: 300_000,
      maxSeries: 200_000,
      memoryBudget: 'auto',
    });
    expect(c.diagnosis).toEqual({ enabled: true, windowMs: 6 * 3600_000, minWindowMs: 300_000, diagnosisWaitMs: 120_000, pprof: { enabled: false, allowNonLoopback: false, intervalMs: 1_800_000, suspectIntervalMs: 300_000, keep: 4, timeoutMs: 10_000 } });
    expect(c.datasource).toBeUndefined();
  });

  it('checks alert_relabel_configs as Prometheus does, at the offending field', () => {
    const text = 'alerting:\n  alert_relabel_configs:\n    - action: labeldrop\n      regex: replica\n    - action: hashmod\n      target_label: shard\n    - regex: "("\n      target_label: x\n';
    const r = loadConfigText(text, '/etc/ls/c.yaml', {});
    expect('errors' in r ? formatIssues(r.errors) : '').toBe(
      [
        '/etc/ls/c.yaml:5:7: alerting.alert_relabel_configs[1].modulus: relabel configuration for hashmod requires non-zero modulus',
        '/etc/ls/c.yaml:7:14: alerting.alert_relabel_configs[2].regex: invalid regular expression "(": error parsing regexp: missing closing ): `(`',
      ].join('\n'),
    );
  });

  it('jobs inherit global interval and a timeout no longer than their interval', () => {
    const c = ok(
      loadConfigText(
        [
          'global: { scrape_interval: 1m, scrape_timeout: 30s }',
          'scrape_configs:',
          '  - job_name: a',
          '  - job_name: b',
          '    scrape_interval: 10s',
          '    body_size_limit: 10MB',
          '    params: { format: [text] }',
          '    static_configs: [{ targets: ["h:1"], cgroup: { systemd_unit: b.service } }]',
          '    file_sd_configs: [{ files: [sd/*.json] }]',
          '    honor_labels:', // empty value means unset, like Go's YAML
        ].join('\n'),
        '/etc/ls/c.yaml',
        {},
      ),
    );
    const [a, b] = c.scrapeConfigs;
    expect(a).toMatchObject({ jobName: 'a', scrapeIntervalMs: 60_000, scrapeTimeoutMs: 30_000, metricsPath: '/metrics', scheme: 'http', honorTimestamps: true });
    expect(b).toMatchObject({
      scrapeIntervalMs: 10_000,
      scrapeTimeoutMs: 10_000,
      bodySizeLimit: 10 * 1024 * 1024,
      honorLabels: false,
      params: { format: ['text'] },
      staticConfigs: [{ targets: ['h:1'], labels: {}, cgroup: { systemd_unit: 'b.service' } }],
      fileSdConfigs: [{ files: ['/etc/ls/sd/*.json'], refreshIntervalMs: 300_000 }],
    });
  });

  it('scrape limits: agent defaults, global over defaults, job over global, 0 = no limit', () => {
    const c = ok(
      loadConfigText(
        [
          'global: { sample_limit: 1000, label_value_length_limit: 256 }',
          'scrape_configs:',
          '  - job_name: a',
          '  - job_name: b',
          '    sample_limit: 0',
          '    body_size_limit: 1KB',
          '    label_limit: 10',
          '    label_name_length_limit: 0',
        ].join('\n'),
        '/etc/ls/c.yaml',
        {},
      ),
    );
    const [a, b] = c.scrapeConfigs;
    expect(a).toMatchObject({ sampleLimit: 1000, bodySizeLimit: 32 * 1024 * 1024, labelLimit: 64, labelNameLengthLimit: 512, labelValueLengthLimit: 256 });
    expect(b).toMatchObject({ sampleLimit: 0, bodySizeLimit: 1024, labelLimit: 10, labelNameLengthLimit: 0, labelValueLengthLimit: 256 });
    expect(errs(loadConfigText('scrape_configs:\n  - job_name: a\n    label_limit: -1\n', '/etc/ls/c.yaml', {}))).toMatch(/^\/etc\/ls\/c\.yaml:3:18: .*label_limit/);
  });

  it('datasource mode: container_match, and local cgroup discovery off unless asked for', () => {
    const c = ok(loadConfigText('datasource: { url: "http://127.0.0.1:9090", container_match: [namespace, pod, container] }', 'c.yaml', {}));
    expect(c.datasource).toEqual({ url: 'http://127.0.0.1:9090', timeoutMs: 30_000, containerMatch: ['namespace', 'pod', 'container'] });
    expect(c.cgroupDiscovery.enabled).toBe(false);
    expect(ok(loadConfigText('', 'c.yaml', {})).cgroupDiscovery.enabled).toBe(true);
    expect(ok(loadConfigText('datasource: { url: "http://h:9090" }\ncgroup_discovery: { enabled: true }', 'c.yaml', {})).cgroupDiscovery.enabled).toBe(true);
    expect(errs(loadConfigText('datasource:\n  url: "http://h:9090"\n  container_match: [pod, "bad-label"]', 'c.yaml', {}))).toMatch(/^c\.yaml:3:\d+: datasource\.container_match\[1\]: /);
  });

  it('query limits: Prometheus defaults (2m, 50,000,000 samples), settable, checked', () => {
    expect(ok(loadConfigText('', 'c.yaml', {})).query).toEqual({ timeoutMs: 120_000, maxSamples: 50_000_000 });
    expect(ok(loadConfigText('query: { timeout: 30s, max_samples: 1000 }', 'c.yaml', {})).query).toEqual({ timeoutMs: 30_000, maxSamples: 1000 });
    expect(errs(loadConfigText('query:\n  timeout: soon', 'c.yaml', {}))).toMatch(/^c\.yaml:2:\d+: query\.timeout: /);
    expect(errs(loadConfigText('query:\n  max_samples: 0', 'c.yaml', {}))).toMatch(/^c\.yaml:2:\d+: query\.max_samples: /);
  });

  it('the result is deeply frozen', () => {
    const c = ok(loadConfigText('scrape_configs: [{ job_name: a, static_configs: [{ targets: ["h:1"] }] }]', 'c.yaml', {}));
    expect(Object.isFrozen(c.scrapeConfigs[0]!.staticConfigs[0]!.targets)).toBe(true);
    expect(() => {
      (c.global as { scrapeIntervalMs: number }).scrapeIntervalMs = 1;
    }).toThrow(TypeError);
  });
});

describe('secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-config-'));
  writeFileSync(join(dir, 'pw'), 'hunter2\n');
  writeFileSync(join(dir, 'token'), '  tok-from-file  \n');
  const text = [
    'scrape_configs:',
    '  - job_name: a',
    '    basic_auth: { username: u, password_file: pw }',
    '  - job_name: b',
    '    authorization: { credentials: "pre-${TOKEN}-post" }',
    '  - job_name: c',
    '    bearer_token_file: token',
    'datasource:',
    '  url: http://127.0.0.1:9090',
    '  basic_auth: { username: u, password: "${NOPE_NOT_SET}x" }',
  ].join('\n');

  it('reads *_file relative to the config file, expands ${ENV} and never prints the value', () => {
    const r = loadConfigText(text.replace('${NOPE_NOT_SET}', ''), join(dir, 'c.yaml'), { TOKEN: 'T' });
    const c = ok(r);
    const [a, b, cc] = c.scrapeConfigs;
    expect(a!.basicAuth!.password.reveal()).toBe('hunter2');
    expect(b!.authorization).toMatchObject({ type: 'Bearer' });
    expect(b!.authorization!.credentials.reveal()).toBe('pre-T-post');
    expect(cc!.authorization!.credentials.reveal()).toBe('tok-from-file');
    const printed = JSON.stringify(c) + inspect(c, { depth: 20 }) + String(a!.basicAuth!.password) + `${b!.authorization!.credentials}`;
    expect(printed).not.toMatch(/hunter2|pre-T-post|tok-from-file/);
    expect(printed).toContain('<secret>');
  });

  it('reports unset variables and unreadable files at the field', () => {
    expect(errs(loadConfigText(text, join(dir, 'c.yaml'), { TOKEN: 'T' }))).toBe(
      `${join(dir, 'c.yaml')}:10:40: datasource.basic_auth.password: environment variable NOPE_NOT_SET is not set`,
    );
    const missing = text.replace('password_file: pw', 'password_file: gone');
    expect(errs(loadConfigText(missing, join(dir, 'c.yaml'), { TOKEN: 'T', NOPE_NOT_SET: '' }))).toBe(
      `${join(dir, 'c.yaml')}:3:47: scrape_configs[0].basic_auth.password_file: cannot read "${join(dir, 'gone')}": no such file`,
    );
  });

  it('${ENV} outside secret fields stays literal', () => {
    const c = ok(loadConfigText('storage: { data_dir: "${HOME}/x" }', 'c.yaml', { HOME: '/root' }));
    expect(c.storage.dataDir).toBe('${HOME}/x');
  });
});

describe('files', () => {
  it('loadConfigFile throws CONFIG_INVALID listing every issue; checkConfigFile returns them', async () => {
    const path = join(fixtures, 'typo-bad.yaml');
    const err = await loadConfigFile(path, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(DaemonError.is(err) && err.code).toBe(ErrorCode.CONFIG_INVALID);
    const lines = (err as DaemonError).message.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe(`${path}:2:3: global: unknown field "scrape_intervall"`);
    const issues = await checkConfigFile(path, {});
    expect(issues.map((i) => `${i.line}:${i.col}`)).toEqual(['2:3', '6:15', '9:13', '10:19', '13:19', '13:41', '14:1']);
    expect(await checkConfigFile(join(examples, 'leaksleuth.yaml'), {})).toEqual([]);
  });

  it('a missing file is CONFIG_READ', async () => {
    await expect(loadConfigFile('/nonexistent/leaksleuth.yaml', {})).rejects.toMatchObject({ code: ErrorCode.CONFIG_READ });
    expect((await checkConfigFile('/nonexistent/leaksleuth.yaml', {}))[0]?.message).toMatch(/ENOENT/);
  });
});

describe('go_discovery', () => {
  it('is on by default (off in datasource mode), with documented defaults', () => {
    const c = ok(loadConfigText('', 'x.yaml', {}));
    expect(c.goDiscovery).toEqual({ enabled: true, intervalMs: 15_000, include: [], exclude: [], maxPorts: 8, probeTimeoutMs: 2000 });
    expect(ok(loadConfigText('datasource: { url: "http://p:9090" }\n', 'x.yaml', {})).goDiscovery.enabled).toBe(false);
    expect(ok(loadConfigText('go_discovery: { enabled: false }\n', 'x.yaml', {})).goDiscovery.enabled).toBe(false);
  });
  it('rejects a probe timeout not shorter than the interval, and max_ports out of range, at their positions', () => {
    expect(errs(loadConfigText('go_discovery:\n  interval: 2s\n  probe_timeout: 2s\n', 'x.yaml', {}))).toBe('x.yaml:3:18: go_discovery.probe_timeout: probe timeout 2s must be shorter than go_discovery.interval 2s');
    expect(errs(loadConfigText('go_discovery:\n  max_ports: 0\n', 'x.yaml', {}))).toBe('x.yaml:2:14: go_discovery.max_ports: must be >= 1');
  });
});

describe('scrape_timeout default', () => {
  it('is capped at a shorter global scrape_interval, as Prometheus does', () => {
    const c = ok(loadConfigText('global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n', 'x.yaml', {}));
    expect(c.global.scrapeTimeoutMs).toBe(5000);
    expect(c.scrapeConfigs[0]!.scrapeTimeoutMs).toBe(5000);
    expect(ok(loadConfigText('', 'x.yaml', {})).global.scrapeTimeoutMs).toBe(10_000);
    expect(errs(loadConfigText('global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n', 'x.yaml', {}))).toContain('scrape timeout 6s is greater than scrape interval 5s');
  });
});
