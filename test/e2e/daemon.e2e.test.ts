/**
 * End to end: the real daemon process against a real Go service (client_golang) in a real cgroup
 * v1 memory group. Covers targets, self-metrics, a rejected reload, and SIGTERM snapshot + restore.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCgroup, type TestCgroup } from '../helpers/cgroup.js';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';
import { buildGo } from '../helpers/go.js';
import { freePort } from '../helpers/net.js';

interface TargetJSON {
  labels: Record<string, string>;
  health: string;
  lastError: string;
  scrapeUrl: string;
  cgroup?: { path: string; health: string; version: number | null; lastError: string };
}

async function getJSON<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return (await r.json()) as T;
}


describe('daemon end to end', () => {
  let go: ChildProcess;
  let cg: TestCgroup;
  let goAddr: string;
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-e2e-'));
  const configPath = join(dir, 'leaksleuth.yaml');
  const dataDir = join(dir, 'data');
  let daemon: RunningDaemon | undefined;

  const goodConfig = (): string => `
global:
  scrape_interval: 1s
  scrape_timeout: 900ms
storage:
  data_dir: ${dataDir}
  snapshot_interval: 1m
  keep_all_series: true
cgroup_discovery:
  enabled: false
go_discovery:
  enabled: false
rule_files: []
scrape_configs:
  - job_name: gotarget
    static_configs:
      - targets: ["${goAddr}"]
        labels: { team: sre }
        cgroup: { pid: ${go.pid} }
`;

  beforeAll(async () => {
    const bin = await buildGo('test/e2e/gotarget');
    goAddr = `127.0.0.1:${await freePort()}`;
    cg = createTestCgroup(`leaksleuth-e2e-${process.pid}`, 512 << 20);
    go = spawn(bin, [goAddr], { stdio: 'ignore' });
    cg.add(go.pid!);
    await waitFor(async () => (await fetch(`http://${goAddr}/metrics`)).ok, 'go target');
    writeFileSync(configPath, goodConfig());
  });

  afterAll(async () => {
    daemon?.kill('SIGKILL');
    go?.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    cg?.remove();
  });

  it('scrapes the Go target and reads its cgroup', async () => {
    daemon = await startDaemon(['--config', configPath]);
    const t = await waitFor(async () => {
      const r = await getJSON<{ data: { activeTargets: TargetJSON[] } }>(`${daemon!.url}/api/v1/targets`);
      const t0 = r.data.activeTargets[0];
      return t0 && t0.health === 'up' && t0.cgroup?.health === 'up' ? t0 : undefined;
    }, 'target up with cgroup');
    expect(t.labels).toMatchObject({ job: 'gotarget', instance: goAddr, team: 'sre' });
    expect(t.scrapeUrl).toBe(`http://${goAddr}/metrics`);
    expect(t.cgroup!.path).toBe(cg.path);
    expect(t.cgroup!.version).toBe(1);

    const series = await waitFor(async () => {
      const r = await getJSON<{ data: Array<Record<string, string>> }>(
        `${daemon!.url}/api/v1/series?match[]=${encodeURIComponent('{__name__=~"container_memory_usage_bytes|go_goroutines|up"}')}`,
      );
      return r.data.length >= 3 ? r.data : undefined;
    }, 'series in the store');
    const names = new Set(series.map((s) => s['__name__']));
    expect(names).toEqual(new Set(['container_memory_usage_bytes', 'go_goroutines', 'up']));
    const usage = series.find((s) => s['__name__'] === 'container_memory_usage_bytes')!;
    expect(usage).toMatchObject({ job: 'gotarget', instance: goAddr, id: cg.path });
  });

  it('serves its own metrics with leaksleuth_* names', async () => {
    const text = await (await fetch(`${daemon!.url}/metrics`)).text();
    expect(text).toMatch(/^leaksleuth_scrapes_total\{job="gotarget"\} [1-9]/m);
    expect(text).toMatch(/^leaksleuth_store_series [1-9]/m);
    expect(text).toMatch(/^leaksleuth_store_bytes [1-9]/m);
    expect(text).toMatch(/^leaksleuth_config_last_reload_successful 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(await (await fetch(`${daemon!.url}/-/healthy`)).text()).toContain('Healthy');
    expect((await fetch(`${daemon!.url}/-/ready`)).status).toBe(200);
  });

  it('keeps the old config running when a reload is bad', async () => {
    writeFileSync(configPath, goodConfig().replace('scrape_interval: 1s', 'scrape_interval: 1x').replace('job_name: gotarget', 'job_nam: gotarget'));
    daemon!.kill('SIGHUP');
    const text = await waitFor(async () => {
      const t = await (await fetch(`${daemon!.url}/metrics`)).text();
      return /^leaksleuth_config_last_reload_successful 0$/m.test(t) ? t : undefined;
    }, 'failed reload reported');
    expect(text).toMatch(/^leaksleuth_config_reloads_total\{result="failure"\} 1$/m);
    // The log names the file, line and column of every problem.
    expect(daemon!.logs.join('\n')).toMatch(/leaksleuth\.yaml:3:\d+: .*1x/);
    expect(daemon!.logs.join('\n')).toMatch(/leaksleuth\.yaml:\d+:\d+: .*job_nam/);
    const r = await getJSON<{ data: { activeTargets: TargetJSON[] } }>(`${daemon!.url}/api/v1/targets`);
    expect(r.data.activeTargets).toHaveLength(1);
    expect(r.data.activeTargets[0]!.health).toBe('up');
    // POST /-/reload reports the same failure.
    const res = await fetch(`${daemon!.url}/-/reload`, { method: 'POST' });
    expect(res.status).toBe(500);
    writeFileSync(configPath, goodConfig());
    expect((await fetch(`${daemon!.url}/-/reload`, { method: 'POST' })).status).toBe(200);
  });

  it('saves a snapshot on SIGTERM and restores the series on restart', async () => {
    type Vec = { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    const countAt = async (url: string, t: number): Promise<number> => {
      const r = await getJSON<Vec>(`${url}/api/v1/query?query=${encodeURIComponent('count_over_time(up[10m])')}&time=${t}`);
      return Number(r.data.result[0]?.value[1] ?? 0);
    };
    // Fix a time with at least five scrapes behind it; the restored store must answer the same there.
    const t = await waitFor(async () => {
      const now = Date.now() / 1000;
      return (await countAt(daemon!.url, now)) >= 5 ? now : undefined;
    }, 'five scrapes of up');
    const before = await countAt(daemon!.url, t);
    type Matrix = { data: { result: Array<{ metric: Record<string, string>; values: [number, string][] }> } };
    const upRange = `/api/v1/query_range?query=up&start=${t - 60}&end=${t}&step=1`;
    const live = await getJSON<Matrix>(`${daemon!.url}${upRange}`);
    expect(live.data.result).toHaveLength(1);
    expect(live.data.result[0]!.values.some(([, v]) => v === '1')).toBe(true);
    daemon!.kill('SIGTERM');
    expect(await daemon!.exited).toBe(0);
    expect(readdirSync(dataDir)).toContain('store.snapshot');

    // Restart without the target: the old samples must come back from the snapshot alone.
    writeFileSync(configPath, goodConfig().replace(/scrape_configs:[\s\S]*$/, 'scrape_configs: []\n'));
    daemon = await startDaemon(['--config', configPath]);
    expect(await countAt(daemon.url, t)).toBe(before);
    // The restored series answers exactly as the live one did, sample for sample. (Whether every
    // scrape succeeded depends on the machine's load, not on the snapshot, so it is not asserted.)
    const q = await getJSON<Matrix>(`${daemon.url}${upRange}`);
    expect(q.data.result).toHaveLength(1);
    expect(q.data.result[0]!.metric).toMatchObject({ job: 'gotarget', instance: goAddr });
    expect(q.data.result[0]!.values).toEqual(live.data.result[0]!.values);
    const usage = await getJSON<Vec>(`${daemon.url}/api/v1/query?query=container_memory_usage_bytes&time=${t}`);
    expect(Number(usage.data.result[0]?.value[1])).toBeGreaterThan(1 << 20);
    daemon.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    daemon = undefined;
  });
});
