/**
 * Datasource mode against a real Prometheus (Debian's 2.42): a recording of a real Go heap leak is
 * turned into TSDB blocks with promtool, shifted so it ends now, and served by Prometheus on
 * loopback. Rules are evaluated by Prometheus itself, the mirror copies the detectors' series into
 * the local store, and the daemon, run as a process with only a `datasource:` section, raises the
 * diagnosed alert.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonError } from '../../src/core/errors.js';
import { httpDatasource } from '../../src/datasource/client.js';
import { DatasourceMirror } from '../../src/datasource/mirror.js';
import { remoteQueryFn } from '../../src/datasource/query.js';
import { diagnoseTarget } from '../../src/diagnose/diagnose.js';
import { readRecordingText } from '../../src/diagnose/recording-file.js';
import { engineQueryFn } from '../../src/rules/index.js';
import { readRecording, type RecordedSeries } from '../../src/scrape/exposition/recording.js';
import { MemoryStore } from '../../src/store/memory.js';
import { replay } from '../../src/replay/backtest.js';
import { loadCheckedRuleFiles } from '../../src/rules/index.js';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';
import { buildBlocks, startPrometheus, type RunningPrometheus } from '../promql-diff/prometheus.js';
import { close } from '../promql-diff/compare.js';

const fixture = 'test/fixtures/diagnose/heap_leak';
const meta = JSON.parse(readFileSync(join(fixture, 'meta.json'), 'utf8')) as { job: string; instance: string; start: number; end: number; expected: string };

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** toOpenMetrics writes the series as OpenMetrics text with timestamps moved by `shiftMs`. */
function toOpenMetrics(series: readonly RecordedSeries[], shiftMs: number): string {
  const lines: string[] = [];
  for (const s of series) {
    const { __name__: name, ...rest } = s.labels;
    const ls = Object.entries(rest)
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    for (let i = 0; i < s.t.length; i++) {
      if (Number.isNaN(s.v[i]!)) continue; // staleness markers are not OpenMetrics samples
      lines.push(`${name}${ls ? `{${ls}}` : ''} ${formatValue(s.v[i]!)} ${((s.t[i]! + shiftMs) / 1000).toFixed(3)}`);
    }
  }
  return lines.join('\n') + '\n# EOF\n';
}

describe('datasource mode on a real Prometheus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-datasource-'));
  const recorded = readRecording(readRecordingText(join(fixture, 'recording.om.gz')));
  // The same service as Kubernetes shows it: the Go series carry namespace/pod/container, and the
  // container's series come from cAdvisor (job kubelet) with those labels but not the service's.
  const pod = { namespace: 'prod', pod: 'api-7f9c-0', container: 'api' };
  const k8s = { job: 'k8s-api', instance: '10.1.2.3:8080' };
  const podSeries: RecordedSeries[] = recorded.map((s) => {
    const { job: _j, instance: _i, ...rest } = s.labels;
    const cadvisor = (s.labels['__name__'] ?? '').startsWith('container_');
    return { ...s, labels: cadvisor ? { ...rest, ...pod, job: 'kubelet', instance: 'node-1' } : { ...rest, ...pod, ...k8s } };
  });
  const series = [...recorded, ...podSeries];
  // The recording ends a few seconds before now, so the daemon, which evaluates at the wall
  // clock, sees it as live data.
  const shift = Date.now() - 5_000 - meta.end;
  const end = meta.end + shift;
  const target = { job: meta.job, instance: meta.instance };
  const local = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
  let prom: RunningPrometheus;
  let daemon: RunningDaemon | undefined;
  type Hooked = { labels: Record<string, string>; annotations: Record<string, string>; status: string };
  const hooked: Hooked[] = [];
  const hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooked.push(...(JSON.parse(body) as { alerts: Hooked[] }).alerts);
      res.writeHead(200).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    for (const s of series) for (let i = 0; i < s.t.length; i++) local.append(s.labels, s.t[i]! + shift, s.v[i]!);
    const data = await buildBlocks(dir, toOpenMetrics(series, shift));
    prom = await startPrometheus(dir, data);
  });

  afterAll(async () => {
    daemon?.kill('SIGKILL');
    await prom?.stop();
    await new Promise<void>((r) => hook.close(() => r()));
  });

  it('evaluates rule expressions on the datasource with its own results', async () => {
    const remote = remoteQueryFn(httpDatasource({ url: prom.url, timeoutMs: 10_000 }));
    const ours = engineQueryFn(local, {});
    const at = end - 60_000;
    const exprs = [
      'go_memstats_heap_inuse_bytes',
      'rate(go_memstats_alloc_bytes_total[2m])',
      'container_memory_working_set_bytes / container_spec_memory_limit_bytes',
      'deriv(go_memstats_heap_alloc_bytes[5m]) > 0',
      'max_over_time(go_goroutines[10m])',
      'scalar(sum(go_goroutines))',
    ];
    for (const e of exprs) {
      const a = (await remote(e, at)).map((s) => ({ ...s, key: JSON.stringify(Object.entries(s.labels).sort()) })).sort((x, y) => x.key.localeCompare(y.key));
      const b = (await ours(e, at)).map((s) => ({ ...s, key: JSON.stringify(Object.entries(s.labels).sort()) })).sort((x, y) => x.key.localeCompare(y.key));
      expect(a.length, e).toBeGreaterThan(0);
      expect(a.map((s) => s.key), e).toEqual(b.map((s) => s.key));
      a.forEach((s, i) => expect(close(s.v, b[i]!.v), `${e}: ${s.v} vs ${b[i]!.v}`).toBe(true));
    }
  });

  it('reports a refused query with the server\'s words and an unreachable one as retryable', async () => {
    const remote = remoteQueryFn(httpDatasource({ url: prom.url + '/', timeoutMs: 10_000 }));
    const err = await remote('sum(go_goroutines', end).catch((e: unknown) => e);
    expect(DaemonError.is(err) && err.code).toBe('DATASOURCE_QUERY');
    expect(String((err as Error).message)).toMatch(/^datasource query failed \(bad_data\): .*parse error/);
    const matrix = await remote('go_goroutines[1m]', end).catch((e: unknown) => e);
    expect(DaemonError.is(matrix) && matrix.code).toBe('PROMQL_EVAL');
    const gone = httpDatasource({ url: 'http://127.0.0.1:9/', timeoutMs: 2_000 });
    const down = await gone.query('up', end).catch((e: unknown) => e);
    expect(DaemonError.is(down) && down.code).toBe('DATASOURCE_UNAVAILABLE');
    expect(DaemonError.is(down) && down.retryable).toBe(true);
  });

  it('copies what the detectors read, once, and the diagnosis agrees with the local one', async () => {
    const store = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
    const errors: unknown[] = [];
    const mirror = new DatasourceMirror({ client: httpDatasource({ url: prom.url, timeoutMs: 10_000 }), append: store, windowMs: 6 * 3_600_000, onError: (_t, e) => errors.push(e) });
    const found = await mirror.sync(end);
    expect(errors).toEqual([]);
    // without container_match the pairing uses the container labels both carry (pairing.ts)
    expect(found).toEqual([
      { job: k8s.job, instance: k8s.instance, match: pod },
      { job: meta.job, instance: meta.instance, match: {} },
    ]);
    const copied = store.stats().samples;
    expect(copied).toBeGreaterThan(10_000);
    // A second sync over the same data appends nothing.
    await mirror.sync(end);
    expect(store.stats().samples).toBe(copied);

    const viaMirror = diagnoseTarget(store, target, end);
    const direct = diagnoseTarget(local, target, end);
    expect(viaMirror.verdict).toBe(meta.expected);
    expect(direct.verdict).toBe(meta.expected);
    expect(viaMirror.findings.map((f) => f.verdict)).toEqual(direct.findings.map((f) => f.verdict));
    // Without container_match the pod's cAdvisor series (the kubelet's job and instance) are still
    // paired on namespace/pod/container, as `diagnose` and `replay` pair them, and copied once.
    const ws = store.labelSets([{ name: 'job', type: '=', value: k8s.job }, { name: '__name__', type: '=', value: 'container_memory_working_set_bytes' }], 0, end);
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ ...pod, ...k8s });
    expect(diagnoseTarget(store, k8s, end).verdict).toBe(meta.expected);
  });

  it('pairs cAdvisor series with the Go target through container_match', async () => {
    const store = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
    const mirror = new DatasourceMirror({
      client: httpDatasource({ url: prom.url, timeoutMs: 10_000 }),
      append: store,
      windowMs: 6 * 3_600_000,
      containerMatch: ['namespace', 'pod', 'container'],
    });
    const found = await mirror.sync(end);
    expect(found.find((t) => t.job === k8s.job)).toEqual({ ...k8s, match: pod });
    const ws = store.labelSets([{ name: '__name__', type: '=', value: 'container_memory_working_set_bytes' }, { name: 'job', type: '=', value: k8s.job }], 0, end);
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ ...pod, ...k8s });
    const d = diagnoseTarget(store, k8s, end);
    expect(d.verdict).toBe(meta.expected);
    // The same evidence as the service scraped with its cgroup: the pairing lost nothing.
    expect(d.findings.map((f) => f.verdict)).toEqual(diagnoseTarget(local, target, end).findings.map((f) => f.verdict));
  });

  it('replays the shipped pack over the datasource with the same alerts as over the recording', async () => {
    // `for:` shortened to 1m (as in the incident replays) so the leak pages well inside the recording.
    const pack = join(dir, 'go-memory.yaml');
    writeFileSync(pack, readFileSync('rules/go-memory.yaml', 'utf8').replace(/^(\s+)for: \S+$/gm, '$1for: 1m'));
    const groups = loadCheckedRuleFiles([pack]);
    const opts = { groups, start: meta.start + shift, end, stepMs: 30_000, diagnosisWindowMs: 6 * 3_600_000, minSpanMs: 5 * 60_000 };
    const viaProm = await replay({ ...opts, source: { kind: 'datasource', client: httpDatasource({ url: prom.url, timeoutMs: 10_000 }) } });
    const viaFile = await replay({ ...opts, source: { kind: 'recording', series: recorded.map((s) => ({ ...s, t: Array.from(s.t, (t) => t + shift) })) } });
    const mine = (r: typeof viaProm): unknown[] => r.alerts.filter((a) => a.labels['job'] === meta.job).map((a) => ({ rule: a.rule, labels: a.labels, firedAt: a.firedAt, resolvedAt: a.resolvedAt }));
    expect(viaProm.ruleErrors).toEqual([]);
    expect(mine(viaProm).length).toBeGreaterThan(0);
    expect(mine(viaProm)).toEqual(mine(viaFile));
    expect(viaProm.alerts.find((a) => a.rule === 'GoMemoryLeak' && a.labels['job'] === meta.job)?.diagnosis?.verdict).toBe(meta.expected);
  });

  it('runs as a daemon with only a datasource: the rule fires on Prometheus data with the diagnosis', async () => {
    const rules = join(dir, 'rules.yaml');
    writeFileSync(
      rules,
      [
        'groups:',
        '  - name: ds',
        '    interval: 2s',
        '    rules:',
        '      - alert: HeapInUse',
        '        expr: go_memstats_heap_inuse_bytes > 0',
        '        diagnose: true',
        '      - alert: LeakVerdict',
        '        expr: leaksleuth_diagnosis_verdict{leak="true", primary="true"} > 0.5',
      ].join('\n') + '\n',
    );
    const mixed = join(dir, 'mixed.yaml');
    writeFileSync(mixed, readFileSync(rules, 'utf8') + '      - alert: Mixed\n        expr: leaksleuth_diagnosis_leak and on (job, instance) go_goroutines\n');
    const config = join(dir, 'leaksleuth.yaml');
    writeFileSync(
      config,
      [
        'global:',
        '  evaluation_interval: 2s',
        'storage:',
        `  data_dir: ${join(dir, 'state')}`,
        'datasource:',
        `  url: ${prom.url}`,
        '  timeout: 10s',
        'rule_files:',
        `  - ${join(dir, 'rules.yaml')}`,
        'route:',
        '  receiver: hook',
        '  group_by: [alertname, instance]',
        '  group_wait: 0s',
        'receivers:',
        '  - name: hook',
        '    webhook_configs:',
        `      - url: http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`,
      ].join('\n') + '\n',
    );
    // A rule that mixes leaksleuth's own series with the datasource's is refused by `check`, at its line.
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(config, 'utf8').replace(join(dir, 'rules.yaml'), mixed));
    const checked = spawnSync(process.execPath, ['bin/leaksleuth.js', 'check', '--config', bad], { encoding: 'utf8' });
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain(`${mixed}:11:15: group "ds", rule 3, "Mixed": in datasource mode an expression cannot mix leaksleuth's own series (leaksleuth_diagnosis_leak) with the datasource's (go_goroutines); split it into two rules`);
    daemon = await startDaemon(['--config', config]);
    // The notification, not just the API, must carry the verdict: that is what reaches the on-call.
    const heap = await waitFor(
      // The first one already: the history is copied before the first evaluation.
      async () => hooked.find((a) => a.labels['alertname'] === 'HeapInUse' && a.labels['job'] === meta.job && a.status === 'firing'),
      'a diagnosed HeapInUse notification',
      45_000,
    );
    expect(heap.labels).toMatchObject({ job: meta.job, instance: meta.instance, diagnosis: meta.expected });
    expect(heap.annotations['diagnosis_explanation']).toMatch(/heap/i);
    const leak = await waitFor(async () => hooked.find((a) => a.labels['alertname'] === 'LeakVerdict' && a.labels['job'] === meta.job && a.status === 'firing'), 'the verdict rule, evaluated locally', 45_000);
    expect(leak.labels).toMatchObject({ job: meta.job, instance: meta.instance, verdict: meta.expected });
    // Reloading into the mixed rule is refused and the running rules go on.
    writeFileSync(config, readFileSync(bad, 'utf8'));
    const reload = await fetch(`${daemon.url}/-/reload`, { method: 'POST' });
    expect(reload.status).toBe(500);
    expect(await reload.text()).toContain('split it into two rules');
    type RulesJSON = { data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> } };
    const r = (await (await fetch(`${daemon.url}/api/v1/rules`)).json()) as RulesJSON;
    expect(r.data.groups.flatMap((g) => g.rules).map((x) => `${x.name}:${x.health}`)).toEqual(['HeapInUse:ok', 'LeakVerdict:ok']);
    // The alerts API (and so the status page) shows the diagnosis the alert was sent with.
    type AlertsJSON = { data: { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> } };
    const api = (await (await fetch(`${daemon.url}/api/v1/alerts`)).json()) as AlertsJSON;
    const shown = api.data.alerts.find((a) => a.labels['alertname'] === 'HeapInUse' && a.labels['job'] === meta.job)!;
    expect(shown.labels['diagnosis']).toBe(heap.labels['diagnosis']);
    expect(shown.annotations['diagnosis_explanation']).toBe(heap.annotations['diagnosis_explanation']);
    // The targets API says where the Go targets come from.
    type TargetsJSON = { data: { activeTargets: unknown[]; datasource: { url: string; health: string; lastError: string; targets: Array<{ labels: Record<string, string> }> } } };
    const t = (await (await fetch(`${daemon.url}/api/v1/targets`)).json()) as TargetsJSON;
    expect(t.data.activeTargets).toEqual([]);
    expect(t.data.datasource).toMatchObject({ url: prom.url, health: 'up', lastError: '' });
    expect(t.data.datasource.targets.map((x) => x.labels['job']).sort()).toEqual([k8s.job, meta.job].sort());
    // An operator sees the datasource's share on /metrics.
    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toMatch(/^leaksleuth_datasource_queries_total\{result="success"\} [1-9]/m);
    expect(metrics).toMatch(/^leaksleuth_datasource_query_duration_seconds_count [1-9]/m);
    daemon.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    daemon = undefined;
  });
});
