/**
 * Grafana and promtool treat leaksleuth as a Prometheus: the real daemon and a real Prometheus
 * scrape the same real Go service, then the endpoints Grafana's Prometheus data source calls
 * (metadata, targets/metadata, query_exemplars, format_query, series with several match[], and the
 * error bodies of a bad query) are asked of both and must answer alike. The daemon's own /metrics
 * goes through the real `promtool check metrics`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';
import { buildGo } from '../helpers/go.js';
import { freePort } from '../helpers/net.js';


interface Answer {
  status: number;
  body: { status: string; data?: unknown; errorType?: string; error?: string };
}

async function ask(base: string, path: string, params: Array<[string, string]> = []): Promise<Answer> {
  const qs = new URLSearchParams(params).toString();
  const r = await fetch(`${base}${path}${qs ? '?' + qs : ''}`);
  const text = await r.text();
  return { status: r.status, body: (text === '' ? { status: '(empty body)' } : JSON.parse(text)) as Answer['body'] };
}

/** sortedMetadata puts each metric's entries in one order (Prometheus' come from a Go map). */
function sortedMetadata(data: unknown): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown[]>)) out[k] = [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out;
}

describe('Grafana-facing endpoints against real Prometheus', () => {
  let go: ChildProcess;
  let prom: ChildProcess;
  let daemon: RunningDaemon | undefined;
  let promUrl = '';
  let goAddr = '';
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-grafana-'));

  beforeAll(async () => {
    const bin = await buildGo('test/e2e/gotarget');
    goAddr = `127.0.0.1:${await freePort()}`;
    go = spawn(bin, [goAddr], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`http://${goAddr}/metrics`)).ok, 'go service');
    const scrape = `scrape_configs:\n  - job_name: go\n    static_configs:\n      - targets: ["${goAddr}"]\n`;
    writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n${scrape}`);
    writeFileSync(
      join(dir, 'leaksleuth.yaml'),
      `global:\n  scrape_interval: 1s\nstorage:\n  data_dir: ${join(dir, 'data')}\ncgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }\nrule_files: []\n${scrape}`,
    );
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prom')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'], { stdio: 'ignore' });
    daemon = await startDaemon(['--config', join(dir, 'leaksleuth.yaml')]);
    // Both have scraped the service at least twice.
    for (const base of [promUrl, daemon.url]) {
      await waitFor(async () => {
        const r = await ask(base, '/api/v1/query', [['query', `count_over_time(up{job="go"}[1m])`]]);
        const v = (r.body.data as { result?: Array<{ value: [number, string] }> } | undefined)?.result?.[0]?.value[1];
        return v !== undefined && Number(v) >= 2;
      }, `two scrapes by ${base}`, 30_000, 250);
    }
  });

  afterAll(async () => {
    daemon?.kill('SIGKILL');
    prom?.kill('SIGKILL');
    go?.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
  });

  const both = async (path: string, params: Array<[string, string]> = []): Promise<[Answer, Answer]> => [await ask(promUrl, path, params), await ask(daemon!.url, path, params)];

  it('/api/v1/metadata: the same HELP/TYPE/UNIT per metric, for one metric and for all', async () => {
    const [p1, o1] = await both('/api/v1/metadata', [['metric', 'go_goroutines']]);
    expect(o1).toEqual(p1);
    expect((o1.body.data as Record<string, unknown[]>)['go_goroutines']).toEqual([{ type: 'gauge', help: 'Number of goroutines that currently exist.', unit: '' }]);
    const [p2, o2] = await both('/api/v1/metadata');
    expect(sortedMetadata(o2.body.data)).toEqual(sortedMetadata(p2.body.data));
    const [p3, o3] = await both('/api/v1/metadata', [['metric', 'no_such_metric']]);
    expect(o3).toEqual(p3);
    const [p4, o4] = await both('/api/v1/metadata', [['limit', 'x']]);
    expect(o4).toEqual(p4);
    const [, o5] = await both('/api/v1/metadata', [['limit', '2']]);
    expect(Object.keys(o5.body.data as object)).toHaveLength(2);
  });

  it('/api/v1/targets/metadata: per target, with match_target and metric', async () => {
    const [p1, o1] = await both('/api/v1/targets/metadata', [['match_target', '{job="go"}'], ['metric', 'go_goroutines']]);
    expect(o1).toEqual(p1);
    const [p2, o2] = await both('/api/v1/targets/metadata', [['match_target', '{job="go"}']]);
    const order = (a: unknown, b: unknown): number => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect((o2.body.data as unknown[]).sort(order)).toEqual((p2.body.data as unknown[]).sort(order));
    const [p3, o3] = await both('/api/v1/targets/metadata', [['match_target', '{job="nope"}']]);
    expect(o3).toEqual(p3);
    const [p4, o4] = await both('/api/v1/targets/metadata', [['match_target', '{job=']]);
    expect(o4.status).toBe(p4.status);
    expect(o4.body.errorType).toBe(p4.body.errorType);
  });

  it('/api/v1/query_exemplars: the right shape with nothing stored, and Prometheus errors', async () => {
    const now = Date.now() / 1000;
    for (const query of ['go_goroutines', 'rate(go_gc_duration_seconds_count[1m])', '1 + 1']) {
      const [p, o] = await both('/api/v1/query_exemplars', [['query', query], ['start', String(now - 60)], ['end', String(now)]]);
      expect(o, query).toEqual(p);
    }
    for (const params of [[['query', 'up +']], [['query', 'up'], ['start', '10'], ['end', '5']], [['query', 'up'], ['start', 'x']]] as Array<Array<[string, string]>>) {
      const [p, o] = await both('/api/v1/query_exemplars', params);
      expect(o, JSON.stringify(params)).toEqual(p);
    }
  });

  it('/api/v1/format_query formats as Prometheus does and words errors alike', async () => {
    for (const query of ['sum   by(job)(rate(go_gc_duration_seconds_count{job="go"}[5m]))', 'up==1', 'foo offset 5m', '-(1+2)*3', 'topk(3, go_goroutines) unless on(instance) up',
      // Longer than 100 characters: Prometheus breaks these up, one argument or operand per line.
      'sum by (job, instance) (rate(go_gc_duration_seconds_count{job="go"}[5m])) / on (job, instance) group_left () sum by (job, instance) (rate(go_gc_duration_seconds_sum{job="go"}[5m]))',
      'histogram_quantile(0.99, sum by (le, job) (rate(go_gc_duration_seconds_bucket{job="go", instance=~".+"}[5m]))) > 0.5 and on (job) count by (job) (up{job="go"} == 1)',
      'max_over_time((sum without (cpu, mode, instance, job) (rate(go_gc_duration_seconds_count{job="go"}[1m])) * 1000000)[30m:1m]) - -min(go_goroutines{job="go", instance!="nothing-here-at-all"})']) {
      const [p, o] = await both('/api/v1/format_query', [['query', query]]);
      expect(o, query).toEqual(p);
    }
    const [p, o] = await both('/api/v1/format_query', [['query', 'sum(']]);
    expect(o.status).toBe(p.status);
    expect(o.body.errorType).toBe(p.body.errorType);
    expect(o.body.error).toMatch(/^invalid parameter "query": /);
  });

  it('query errors are worded as Prometheus words them', async () => {
    for (const [path, params] of [
      ['/api/v1/query', [['query', 'up +']]],
      ['/api/v1/query', [['query', '']]],
      ['/api/v1/query', [['query', 'up'], ['time', 'yesterday']]],
      ['/api/v1/query_range', [['query', 'up +'], ['start', '1'], ['end', '2'], ['step', '1']]],
      ['/api/v1/query_range', [['query', 'up'], ['start', '2'], ['end', '1'], ['step', '1']]],
    ] as Array<[string, Array<[string, string]>]>) {
      const [p, o] = await both(path, params);
      expect(o, `${path} ${JSON.stringify(params)}`).toEqual(p);
    }
  });

  it('/api/v1/series with several match[] is sorted by labels, as Prometheus merges', async () => {
    const now = Date.now() / 1000;
    const params: Array<[string, string]> = [['match[]', 'up'], ['match[]', 'go_threads'], ['match[]', 'go_goroutines{job="go"}'], ['start', String(now - 30)], ['end', String(now)]];
    const [p, o] = await both('/api/v1/series', params);
    expect(o).toEqual(p);
    expect((o.body.data as unknown[]).length).toBe(3);
  });

  it("the daemon's own /metrics passes promtool check metrics", async () => {
    const text = await (await fetch(`${daemon!.url}/metrics`)).text();
    const out = await new Promise<{ code: number; output: string }>((resolve) => {
      const p = execFile('promtool', ['check', 'metrics'], (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr }));
      p.stdin!.end(text);
    });
    expect(out.output).toBe('');
    expect(out.code).toBe(0);
  });
});
